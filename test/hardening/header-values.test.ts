import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { runWorkflow, type RunResult, type WorkflowJson } from '../harness/workflow';
import { reply, startHttpsServer, type TestHttpsServer } from '../support/https-server';
import { outboundWorkflow, report } from './support';

/**
 * Header values undici refuses (a character above U+00FF, another control character, the names it
 * manages itself), from every place the package takes a header from: custom headers, the Delivery ID
 * option, an API key, a token an OAuth2 endpoint issued, a digest user name. Each must fail its item
 * with INVALID_HEADER before anything carrying it is sent, never be retried, name the header (never a
 * secret value), and the execution must end. Before, undici refused such a request inside `dispatch`,
 * the pooled connection was never used again, and with more such items than the concurrency the
 * execution never ended (21 items with `x-currency: €` at the default concurrency of 20).
 */

/** An execution that has not ended after this long is taken as hung (the runs here need < 2 s). */
const HANG_MS = 15_000;

function within<T>(pending: Promise<T>, ms: number, what: string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const late = new Promise<never>((_resolve, reject) => {
		timer = setTimeout(() => reject(new Error(`${what} still running after ${ms} ms`)), ms);
	});
	return Promise.race([pending, late]).finally(() => clearTimeout(timer));
}

const errorOf = (item: INodeExecutionData | undefined) => (item?.json.error ?? {}) as IDataObject;

describe('header values undici refuses end the item, never the execution', () => {
	const lines: string[] = [];
	let server: TestHttpsServer;
	let oauth: TestHttpsServer;
	beforeAll(async () => {
		server = await startHttpsServer((_req, res) => reply(res, 200, 'ok'));
		// A token endpoint that issues a token no header can carry.
		oauth = await startHttpsServer((_req, res) => reply(res, 200, JSON.stringify({ access_token: 'tok-€-issued', token_type: 'Bearer', expires_in: 3600 }), { 'content-type': 'application/json' }));
	});
	afterAll(async () => {
		await Promise.all([server.close(), oauth.close()]);
		report('integrity', 'header values undici refuses', lines);
	});

	const posts = () => server.requests.filter((r) => r.method === 'POST').length;
	const run = (workflow: WorkflowJson, credentials: Record<string, IDataObject> = {}): Promise<RunResult> =>
		within(runWorkflow(workflow, { credentials: credentials as never }), HANG_MS, 'the execution');

	test('21 items with x-currency: € at the default concurrency (20), default retries: every item Failed, none sent, the run ends', async () => {
		const before = posts();
		const started = Date.now();
		// Default Max Retries (3), Retry Interval (60 s) and Concurrency (20); a 2 s deadline.
		const items = Array.from({ length: 21 }, (_unused, n) => ({ n }));
		const parameters = { url: `${server.origin}/hook`, options: { caCertificate: server.cert, timeout: 2000, verifyEndpoint: false, headers: { header: [{ name: 'x-currency', value: '€' }] } } };
		const result = await run(outboundWorkflow(items, parameters, { onError: 'continueRegularOutput' }));
		const [delivered, failed] = result.outputs('Webhook');
		expect(delivered).toHaveLength(0);
		expect(failed).toHaveLength(21);
		for (const item of failed) {
			expect(errorOf(item)).toMatchObject({ code: 'INVALID_HEADER' });
			expect(String(errorOf(item).message)).toContain('"x-currency"');
			expect(String(errorOf(item).message)).toContain('U+20AC');
			expect(item.json.attempts).toEqual([]);
		}
		expect(posts() - before).toBe(0);

		// Without continue-on-fail the node stops with the same error, naming the item and the header.
		const stopped = await run(outboundWorkflow(items, parameters));
		expect(stopped.nodeError('Webhook')?.message).toMatch(/header "x-currency"/);
		expect(posts() - before).toBe(0);
		lines.push(`21 items, x-currency: €, concurrency 20, retry interval 60 s: 21 Failed INVALID_HEADER, 0 sent, both runs ended in ${Date.now() - started} ms`);
	});

	test('each value and name undici refuses is Failed INVALID_HEADER; Latin-1 and tab are sent', async () => {
		const cases: Array<{ label: string; name: string; value: string; refused: boolean }> = [
			{ label: 'euro sign', name: 'x-note', value: 'price €5', refused: true },
			{ label: 'emoji', name: 'x-note', value: 'ok 👍', refused: true },
			{ label: 'CJK', name: 'x-note', value: '日本', refused: true },
			{ label: 'control U+0001', name: 'x-note', value: 'a\u0001b', refused: true },
			{ label: 'DEL U+007F', name: 'x-note', value: 'a\u007fb', refused: true },
			{ label: 'form feed', name: 'x-note', value: 'a\fb', refused: true },
			{ label: 'name expect', name: 'Expect', value: '100-continue', refused: true },
			{ label: 'name keep-alive', name: 'Keep-Alive', value: 'timeout=5', refused: true },
			{ label: 'name upgrade', name: 'Upgrade', value: 'websocket', refused: true },
			{ label: 'Latin-1 é (obs-text)', name: 'x-note', value: 'café', refused: false },
			{ label: 'tab and spaces', name: 'x-note', value: ' a\tb ', refused: false },
		];
		const before = posts();
		const items = cases.map((c, n) => ({ n, hname: c.name, hvalue: c.value }));
		const result = await run(
			outboundWorkflow(
				items,
				{ url: `${server.origin}/hook`, options: { caCertificate: server.cert, timeout: 2000, verifyEndpoint: false, retryInterval: 0.01, headers: { header: [{ name: '={{ $json.hname }}', value: '={{ $json.hvalue }}' }] } } },
				{ onError: 'continueRegularOutput' },
			),
		);
		const [delivered, failed] = result.outputs('Webhook');
		const at = (list: INodeExecutionData[], n: number) => list.find((i) => (i.pairedItem as { item: number }).item === n);
		for (const [n, c] of cases.entries()) {
			const f = at(failed, n);
			if (c.refused) {
				expect(errorOf(f)).toMatchObject({ code: 'INVALID_HEADER' });
				expect(f?.json.attempts).toEqual([]);
			} else expect(at(delivered, n)).toBeDefined();
			lines.push(`${c.label.padEnd(24)} ${JSON.stringify(c.name).padEnd(14)} -> ${f ? `Failed ${String(errorOf(f).code)}` : 'Delivered'}`);
		}
		expect(posts() - before).toBe(cases.filter((c) => !c.refused).length);
	});

	test('the Delivery ID option giving € fails its item only, naming x-delivery-id', async () => {
		const before = posts();
		const result = await run(
			outboundWorkflow([{ id: 'order-1' }, { id: 'order-€' }], { url: `${server.origin}/hook`, options: { caCertificate: server.cert, verifyEndpoint: false, deliveryId: '={{ $json.id }}' } }, { onError: 'continueRegularOutput' }),
		);
		const [delivered, failed] = result.outputs('Webhook');
		expect(delivered.map((i) => i.json.deliveryId)).toEqual(['order-1']);
		expect(failed).toHaveLength(1);
		expect(errorOf(failed[0])).toMatchObject({ code: 'INVALID_HEADER', message: expect.stringContaining('"x-delivery-id"') });
		expect(posts() - before).toBe(1);
		lines.push('Delivery ID option "order-€": that item Failed INVALID_HEADER (x-delivery-id), the other delivered');
	});

	test('an API key with €: INVALID_HEADER naming the header, never the key; nothing sent', async () => {
		const before = posts();
		const key = 'key-€-secret-canary';
		for (const onError of [undefined, 'continueRegularOutput']) {
			const result = await run(
				outboundWorkflow([{ n: 1 }, { n: 2 }], { url: `${server.origin}/hook`, authentication: 'apiKey', options: { caCertificate: server.cert, verifyEndpoint: false } }, onError ? { onError } : {}),
				{ webhookApiKeyApi: { name: 'X-Api-Key', value: key, sendIn: 'header' } },
			);
			const error = result.nodeError('Webhook');
			const [, failed] = result.outputs('Webhook');
			const shown = onError ? errorOf(failed?.[0]) : { code: (error as { context?: IDataObject } | undefined)?.context?.code ?? 'INVALID_HEADER', message: error?.message };
			expect(String(shown.message)).toMatch(/header "x-api-key" \(the API Key credential\)/);
			if (onError) {
				expect(failed).toHaveLength(2);
				for (const item of failed) expect(errorOf(item).code).toBe('INVALID_HEADER');
			}
			expect(JSON.stringify(result.run.data)).not.toContain('secret-canary');
		}
		expect(posts() - before).toBe(0);
		lines.push('API key "key-€-…": INVALID_HEADER naming x-api-key, key not shown, nothing sent');
	});

	test('an OAuth2 token endpoint issuing a token with €: Failed INVALID_HEADER after one attempt, not retried, nothing sent', async () => {
		const before = posts();
		const result = await run(
			outboundWorkflow([{ n: 1 }, { n: 2 }], { url: `${server.origin}/hook`, authentication: 'oAuth2', options: { caCertificate: server.cert, verifyEndpoint: false, retryInterval: 0.01, maxRetries: 3 } }, { onError: 'continueRegularOutput' }),
			{ webhookOAuth2Api: { grantType: 'clientCredentials', clientId: 'c', clientSecret: 'client-secret-x', accessTokenUrl: `${oauth.origin}/token`, scopes: '', authentication: 'body' } },
		);
		const [delivered, failed] = result.outputs('Webhook');
		expect(delivered).toHaveLength(0);
		expect(failed).toHaveLength(2);
		for (const item of failed) {
			expect(errorOf(item)).toMatchObject({ code: 'INVALID_HEADER', message: expect.stringContaining('"authorization" (set by the oAuth2 authorization)') });
			expect(item.json.attempts).toHaveLength(1);
		}
		expect(JSON.stringify(result.run.data)).not.toContain('tok-€-issued');
		expect(posts() - before).toBe(0);
		lines.push('OAuth2 token "tok-€-…": each item Failed INVALID_HEADER after 1 attempt (3 retries allowed), token not shown, 0 POSTs');
	});
});
