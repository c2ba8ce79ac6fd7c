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
	const converted =
		error.statusCode !== undefined
			? new NodeApiError(node, { code: error.code, message: error.message } as JsonObject, {
					message: error.message,
					description: error.hint,
					httpCode: String(error.statusCode),
					itemIndex: index,
				})
			: new NodeOperationError(node, error.message, { description: error.hint, itemIndex: index });
	// n8n (1.123 and 2.41) swaps a message that names a system error code (ECONNREFUSED, ENOTFOUND,
	// ...) or an HTTP status for a generic one ("The service refused the connection - perhaps it is
	// offline"); a messageMapping onto itself does not stop it. Ours says what happened and where:
	// it stays the headline.
	converted.message = error.message;
	return converted;
}

/** A credential test's answer for an error: the message and what to change, in one line. */
export function credentialTestFailure(error: unknown): INodeCredentialTestResult {
	if (isWebhookError(error)) return { status: 'Error', message: `${error.message}. ${error.hint ?? ''}`.trim() };
	return { status: 'Error', message: (error as Error)?.message ?? String(error) };
}
