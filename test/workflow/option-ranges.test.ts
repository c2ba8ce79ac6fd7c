import type { IDataObject } from 'n8n-workflow';

import { runWorkflow } from '../harness/workflow';
import { reply, startHttpsServer, type TestHttpsServer } from '../support/https-server';

/**
 * Number options from expressions (n8n-core's WorkflowExecute, a loopback HTTPS receiver that
 * answers 503): Max Retries, Retry Interval, Timeout and Concurrency that evaluate to something that
 * is not a finite number in range stop the node with an error naming the option and its range, and
 * nothing is sent. Before, NaN Max Retries retried forever, and the others fell back or overflowed.
 */

const NODE = 'n8n-nodes-outbound-webhooks.outboundWebhook';
/** An execution still running after this long is taken as one that never ends. */
const HANG_MS = 10_000;

function within<T>(pending: Promise<T>, ms: number): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const late = new Promise<never>((_resolve, reject) => (timer = setTimeout(() => reject(new Error(`still running after ${ms} ms`)), ms)));
	return Promise.race([pending, late]).finally(() => clearTimeout(timer));
}

describe('number options from expressions', () => {
	let server: TestHttpsServer;
	beforeAll(async () => (server = await startHttpsServer((req, res) => reply(res, req.method === 'HEAD' ? 200 : 503))));
	afterAll(async () => server.close());

	const run = (options: IDataObject, extra: IDataObject = {}) =>
		within(
			runWorkflow({
				nodes: [
					{ name: 'Source', type: 'test.source', parameters: { items: JSON.stringify([{ n: 1 }]) } },
					{ name: 'Webhook', type: NODE, parameters: { url: `${server.origin}/hook`, options: { caCertificate: server.cert, retryInterval: 0.01, timeout: 1000, ...options } }, ...extra },
				],
				connections: { Source: { main: [[{ node: 'Webhook', type: 'main', index: 0 }]] } },
			}),
			HANG_MS,
		);

	const CASES: Array<[string, string, string, RegExp]> = [
		['maxRetries', '={{ NaN }}', 'Max Retries', /whole number from 0 to 10/],
		['maxRetries', '={{ "abc" }}', 'Max Retries', /whole number from 0 to 10/],
		['maxRetries', '={{ -1 }}', 'Max Retries', /whole number from 0 to 10/],
		['maxRetries', '={{ 1e12 }}', 'Max Retries', /whole number from 0 to 10/],
		['retryInterval', '={{ NaN }}', 'Retry Interval \\(Seconds\\)', /number from 0 to 86400 seconds/],
		['retryInterval', '={{ "abc" }}', 'Retry Interval \\(Seconds\\)', /number from 0 to 86400 seconds/],
		['retryInterval', '={{ -1 }}', 'Retry Interval \\(Seconds\\)', /number from 0 to 86400 seconds/],
		['retryInterval', '={{ 1e12 }}', 'Retry Interval \\(Seconds\\)', /number from 0 to 86400 seconds/],
		['timeout', '={{ NaN }}', 'Timeout \\(Ms\\)', /number from 1 to 3600000 ms/],
		['timeout', '={{ "abc" }}', 'Timeout \\(Ms\\)', /number from 1 to 3600000 ms/],
		['timeout', '={{ -1 }}', 'Timeout \\(Ms\\)', /number from 1 to 3600000 ms/],
		['timeout', '={{ 1e12 }}', 'Timeout \\(Ms\\)', /number from 1 to 3600000 ms/],
		['concurrency', '={{ NaN }}', 'Concurrency', /whole number from 1 to 256/],
		['concurrency', '={{ "abc" }}', 'Concurrency', /whole number from 1 to 256/],
		['concurrency', '={{ -1 }}', 'Concurrency', /whole number from 1 to 256/],
		['concurrency', '={{ 1e12 }}', 'Concurrency', /whole number from 1 to 256/],
	];

	test.each(CASES)('%s = %s stops the node naming the option and its range; nothing is sent', async (option, expression, label, range) => {
		const before = server.requests.length;
		const result = await run({ [option]: expression });
		const error = result.nodeError('Webhook');
		expect(error?.message).toMatch(new RegExp(`Options → ${label} is `));
		expect(error?.message).toMatch(range);
		expect(server.requests.length - before).toBe(0);
	});

	test('with continue on fail the item goes to Failed with the same error', async () => {
		const result = await run({ maxRetries: '={{ NaN }}' }, { onError: 'continueRegularOutput' });
		const [, failed] = result.outputs('Webhook');
		expect(failed).toHaveLength(1);
		expect(failed[0].json.error).toMatchObject({ code: 'INVALID_CONFIG', message: expect.stringMatching(/Max Retries is NaN; it must be a whole number from 0 to 10/) });
	});

	test('a Custom CA Certificate with no certificate in it stops the node naming the option; nothing is sent', async () => {
		const before = server.requests.length;
		const result = await run({ caCertificate: '={{ "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA" }}' });
		expect(result.nodeError('Webhook')?.message).toMatch(/^Options → Custom CA Certificate holds no PEM certificate/);
		expect(server.requests.length - before).toBe(0);
		const failing = await run({ caCertificate: 'our CA' }, { onError: 'continueRegularOutput' });
		const [delivered, failed] = failing.outputs('Webhook');
		expect(delivered).toHaveLength(0);
		expect(failed[0].json.error).toMatchObject({ code: 'INVALID_CONFIG', message: expect.stringMatching(/^Options → Custom CA Certificate holds no PEM certificate/) });
	});

	test('values in range from expressions are used', async () => {
		const before = server.requests.length;
		const result = await run({ maxRetries: '={{ 2 }}', concurrency: '={{ "4" }}', timeout: '={{ 1500 }}', retryInterval: '={{ 0.01 }}' });
		const [, failed] = result.outputs('Webhook');
		expect(failed[0].json.attempts).toHaveLength(3);
		expect(server.requests.filter((r) => r.method === 'POST').length).toBe(3);
		expect(server.requests.length - before).toBe(4);
	});
});
