import { NodeApiError, NodeOperationError, type INode, type INodeCredentialTestResult, type JsonObject } from 'n8n-workflow';

import { isWebhookError } from '../shared/errors';

/**
 * The one place where the core's errors become n8n's, for both nodes, the SMPP branch and the
 * credential tests. A WebhookError about an answer of a remote endpoint (it has a statusCode)
 * becomes a NodeApiError, everything else a NodeOperationError; the message is the core's headline,
 * the hint becomes the description (what to change), and the item index is kept.
 */
export function toNodeError(node: INode, error: unknown, itemIndex?: number): NodeOperationError | NodeApiError {
	if (error instanceof NodeOperationError || error instanceof NodeApiError) return error;
	if (!isWebhookError(error)) return new NodeOperationError(node, error instanceof Error ? error : String(error), { itemIndex });
	const index = itemIndex ?? error.itemIndex;
	if (error.statusCode !== undefined) {
		return new NodeApiError(node, { code: error.code, message: error.message } as JsonObject, {
			message: error.message,
			description: error.hint,
			httpCode: String(error.statusCode),
			itemIndex: index,
			// n8n swaps a message for its own when it mentions a status or a system error code; ours
			// already says what happened, so it maps to itself.
			messageMapping: { [error.message]: error.message },
		});
	}
	return new NodeOperationError(node, error.message, { description: error.hint, itemIndex: index });
}

/** A credential test's answer for an error: the message and what to change, in one line. */
export function credentialTestFailure(error: unknown): INodeCredentialTestResult {
	if (isWebhookError(error)) return { status: 'Error', message: `${error.message}. ${error.hint ?? ''}`.trim() };
	return { status: 'Error', message: (error as Error)?.message ?? String(error) };
}
