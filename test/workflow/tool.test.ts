import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { OutboundWebhook } from '../../nodes/OutboundWebhook/OutboundWebhook.node';
import { reply, startHttpsServer, type TestHttpsServer } from '../support/https-server';
import { runWorkflow } from '../harness/workflow';

// n8n offers a node with usableAsTool a second time as `<type>Tool` and gives an AI agent only the
// items of that node's first output (n8n-core's tool invocation maps `result[0]`).
const TOOL = 'n8n-nodes-outbound-webhooks.outboundWebhookTool';
const AGENT = 'test.agent';

/** The tool variant as n8n's loader derives it (convertNodeToAiTool): no main input, one ai_tool output. */
function toolVariant(): INodeType {
	const node = new OutboundWebhook();
	const { usableAsTool: _dropped, ...description } = node.description;
	node.description = { ...description, name: 'outboundWebhookTool', displayName: 'Outbound Webhook Tool', inputs: [], outputs: [NodeConnectionTypes.AiTool] };
	return node;
}

/**
 * A test-only agent without a model: it takes the tools connected to it through n8n-core's
 * getInputConnectionData (which wraps a tool node with createNodeAsTool and its tool invocation),
 * calls the first one with each argument object of its `calls` parameter, and outputs what the tool
 * answered, as an agent's model would read it.
 */
class TestAgent implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Test Agent',
		name: 'testAgent',
		group: ['transform'],
		version: 1,
		description: 'Calls its tool with fixed arguments',
		defaults: { name: 'Test Agent' },
		inputs: [NodeConnectionTypes.Main, { type: NodeConnectionTypes.AiTool, displayName: 'Tool' }],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Calls', name: 'calls', type: 'json', default: '[]' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const [tool] = (await this.getInputConnectionData(NodeConnectionTypes.AiTool, 0)) as Array<{ invoke: (args: unknown) => Promise<string> }>;
		const calls = JSON.parse(this.getNodeParameter('calls', 0) as string) as unknown[];
		const answers: INodeExecutionData[] = [];
		for (const args of calls) answers.push({ json: { answer: await tool.invoke(args) } });
		return [answers];
	}
}

describe('Outbound Webhook as an AI agent tool (n8n-core WorkflowExecute and tool invocation, loopback HTTPS)', () => {
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

	test('an agent calling the tool reads the delivery and the refusal, with the body the model filled in', async () => {
		server = await startHttpsServer((req, res) => {
			if (req.method === 'HEAD') return reply(res, 200);
			return reply(res, JSON.parse(req.body.toString()).refuse ? 400 : 204);
		});
		const result = await runWorkflow(
			{
				nodes: [
					{ name: 'Source', type: 'test.source', parameters: { items: '[{}]' } },
					{ name: 'Agent', type: AGENT, parameters: { calls: JSON.stringify([{ notification: { text: 'hello' } }, { notification: { refuse: true } }]) } },
					{
						name: 'Tool',
						type: TOOL,
						parameters: {
							url: `${server.origin}/hook`,
							bodyContent: 'custom',
							customBody: "={{ $fromAI('notification', 'The JSON object to send to the webhook endpoint', 'json') }}",
							options: { caCertificate: server.cert, retryInterval: 0.01, timeout: 2000 },
						},
					},
				],
				connections: {
					Source: { main: [[{ node: 'Agent', type: 'main', index: 0 }]] },
					Tool: { ai_tool: [[{ node: 'Agent', type: 'ai_tool', index: 0 }]] },
				},
			},
			{ extraNodeTypes: { [TOOL]: toolVariant(), [AGENT]: new TestAgent() } },
		);
		expect(result.nodeError('Agent')).toBeUndefined();
		const answers = result.outputs('Agent')[0].map((item) => JSON.parse(item.json.answer as string) as IDataObject[]);
		expect(answers.map((answer) => answer.map((item) => [item.status, item.payload]))).toEqual([
			[['delivered', { text: 'hello' }]],
			[['failed', { refuse: true }]],
		]);
		expect((answers[1][0].error as IDataObject).message).toContain('400');
		const posts = server.requests.filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body.toString()));
		expect(posts).toEqual([{ text: 'hello' }, { refuse: true }]);
	});
});
