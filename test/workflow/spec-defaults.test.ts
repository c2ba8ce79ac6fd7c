import type { IDataObject } from 'n8n-workflow';

import * as sleep from '../../nodes/shared/sleep';
import { Deadlines } from '../../nodes/shared/delivery/deadlines';
import { runWorkflow } from '../harness/workflow';
import { reply, startHttpsServer, type TestHttpsServer } from '../support/https-server';

/**
 * Issue 14, point 7: the platform text's defaults ("we make a test call ... and expect a standard
 * 200"; "retry ... three times each, after 60 seconds"; "the maximum request timeout for each
 * notification is 10 seconds") hold in an execution whose options are all left at their defaults.
 * The waits go through an injected sleep that records them and returns at once; no real 60 s wait.
 * (test/unit/delivery/defaults.test.ts pins the same values in the node's description.)
 */
const NODE = 'n8n-nodes-outbound-webhooks.outboundWebhook';

let server: TestHttpsServer;
afterEach(async () => {
	jest.restoreAllMocks();
	await server?.close();
});

async function runWithDefaults() {
	return await runWorkflow({
		nodes: [
			{ name: 'Source', type: 'test.source', parameters: { items: JSON.stringify([{ n: 1 }]) } },
			// Only the test CA is set: every delivery option keeps its default.
			{ name: 'Webhook', type: NODE, parameters: { url: `${server.origin}/hook`, authentication: 'none', options: { caCertificate: server.cert } } },
		],
		connections: { Source: { main: [[{ node: 'Webhook', type: 'main', index: 0 }]] } },
	});
}

describe('the spec\'s defaults, in an execution with default options', () => {
	test('a HEAD test call, then 1 attempt + 3 retries, each retry 60 s after the previous attempt, 10 s deadline per request', async () => {
		server = await startHttpsServer((req, res) => reply(res, req.method === 'HEAD' ? 200 : 503));
		const waits: number[] = [];
		jest.spyOn(sleep, 'cancellableSleep').mockReturnValue(async (ms: number) => void waits.push(ms));
		const deadlines: number[] = [];
		const timeout = AbortSignal.timeout.bind(AbortSignal);
		// The test call has a signal of its own; the attempts share one deadline timer (deadlines.ts).
		jest.spyOn(AbortSignal, 'timeout').mockImplementation((ms: number) => (deadlines.push(ms), timeout(ms)));
		const start = Deadlines.prototype.start;
		jest.spyOn(Deadlines.prototype, 'start').mockImplementation(function (this: Deadlines) {
			deadlines.push((this as unknown as { timeoutMs: number }).timeoutMs);
			return start.call(this);
		});

		const result = await runWithDefaults();
		const [, failed] = result.outputs('Webhook');
		expect(server.requests.map((r) => r.method)).toEqual(['HEAD', 'POST', 'POST', 'POST', 'POST']);
		expect(waits).toEqual([60_000, 60_000, 60_000]);
		// One deadline per request made: the test call and the four attempts, 10 s each.
		expect(deadlines).toEqual([10_000, 10_000, 10_000, 10_000, 10_000]);
		expect(failed[0].json).toMatchObject({ status: 'failed', error: { code: 'RETRIES_EXHAUSTED' } });
		expect((failed[0].json.attempts as IDataObject[]).length).toBe(4);
	});

	test.each([[204], [201], [301], [404], [500]])('the HEAD test call passes on 200 only: %i stops the node, nothing is posted', async (status) => {
		server = await startHttpsServer((req, res) => reply(res, req.method === 'HEAD' ? status : 200));
		const result = await runWithDefaults();
		expect(result.nodeError('Webhook')?.message).toMatch(new RegExp(`The test call \\(HEAD\\) to .* answered ${status}.*only 200 passes`));
		expect(server.requests.map((r) => r.method)).toEqual(['HEAD']);
	});

	test('the HEAD test call answered 200 passes and the item is delivered', async () => {
		server = await startHttpsServer((_req, res) => reply(res, 200));
		const result = await runWithDefaults();
		expect(result.outputs('Webhook')[0]).toHaveLength(1);
		expect(server.requests.map((r) => r.method)).toEqual(['HEAD', 'POST']);
	});
});
