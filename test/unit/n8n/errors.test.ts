import { NodeApiError, NodeOperationError, type INode } from 'n8n-workflow';

import { toNodeError } from '../../../nodes/n8n/errors';
import { WebhookError } from '../../../nodes/shared/errors';

const node: INode = { id: '1', name: 'Outbound Webhook', type: 'n8n-nodes-outbound-webhooks.outboundWebhook', typeVersion: 1, position: [0, 0], parameters: {} };

describe('toNodeError', () => {
	test('keeps our message as the headline even when it names a system error code n8n would rewrite', () => {
		const message = 'The test call (HEAD) to https://127.0.0.1:9/ok failed: the connection was refused (ECONNREFUSED)';
		const error = toNodeError(node, new WebhookError('VERIFICATION_FAILED', message, { hint: 'Check the URL.' }));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect([error.message, error.description]).toEqual([message, 'Check the URL.']);
	});

	test('an answer of the endpoint becomes a NodeApiError with our message, not n8n\'s text for the status', () => {
		const message = 'The test call (HEAD) to https://example.com/hook answered 404 Not Found; only 200 passes';
		const error = toNodeError(node, new WebhookError('VERIFICATION_FAILED', message, { hint: 'Make it answer 200.', statusCode: 404 }));
		expect(error).toBeInstanceOf(NodeApiError);
		expect([error.message, error.description, (error as NodeApiError).httpCode]).toEqual([message, 'Make it answer 200.', '404']);
	});
});
