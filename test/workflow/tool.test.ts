import type { IDataObject } from 'n8n-workflow';

import { OutboundWebhook } from '../../nodes/OutboundWebhook/OutboundWebhook.node';
import { reply, startHttpsServer, type TestHttpsServer } from '../support/https-server';
import { runWorkflow } from '../harness/workflow';

// n8n offers a node with usableAsTool a second time as `<type>Tool` and gives an AI agent only the
// items of that node's first output (n8n-core's tool invocation maps `result[0]`).
const TOOL = 'n8n-nodes-outbound-webhooks.outboundWebhookTool';

describe('Outbound Webhook as an AI agent tool (n8n-core WorkflowExecute, loopback HTTPS)', () => {
	let server: TestHttpsServer;
	afterEach(async () => server?.close());

	test('is offered as a tool', () => {
		expect(new OutboundWebhook().description.usableAsTool).toBe(true);
	});

	test('as a tool, every outcome is on the first output, in input order, its status saying which', async () => {
		server = await startHttpsServer((req, res) => {
			if (req.method === 'HEAD') return reply(res, 200);
			return reply(res, req.url === '/ok' ? 204 : 400);
		});
		const result = await runWorkflow(
			{
				nodes: [
					{ name: 'Source', type: 'test.source', parameters: { items: JSON.stringify([{ to: 'bad' }, { to: 'ok' }]) } },
					{
						name: 'Tool',
						type: TOOL,
						parameters: { url: `={{ "${server.origin}/" + $json.to }}`, options: { caCertificate: server.cert, retryInterval: 0.01, timeout: 2000 } },
					},
				],
				connections: { Source: { main: [[{ node: 'Tool', type: 'main', index: 0 }]] } },
			},
			{ extraNodeTypes: { [TOOL]: new OutboundWebhook() } },
		);
		const [first, failed] = result.outputs('Tool');
		expect(failed).toEqual([]);
		expect(first.map((item) => [item.json.status, (item.json.payload as IDataObject).to, item.pairedItem])).toEqual([
			['failed', 'bad', { item: 0 }],
			['delivered', 'ok', { item: 1 }],
		]);
		expect((first[0].json.error as IDataObject).message).toContain('400');
	});
});
