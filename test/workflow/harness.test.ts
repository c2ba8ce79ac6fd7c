import { runWorkflow } from '../harness/workflow';

describe('test harness: runWorkflow through n8n-core WorkflowExecute', () => {
	test('runs the start node and passes its items to the next node', async () => {
		const result = await runWorkflow({
			nodes: [
				{ name: 'Source', type: 'test.source', parameters: { items: '[{"a":1},{"a":2}]' } },
				{ name: 'Webhook', type: 'n8n-nodes-outbound-webhooks.outboundWebhook', parameters: { url: 'https://127.0.0.1/' } },
			],
			connections: { Source: { main: [[{ node: 'Webhook', type: 'main', index: 0 }]] } },
		});
		expect(result.run.status).toBe('success');
		expect(result.outputs('Source')[0].map((i) => i.json)).toEqual([{ a: 1 }, { a: 2 }]);
		expect(result.outputs('Webhook')).toHaveLength(3);
	});
});
