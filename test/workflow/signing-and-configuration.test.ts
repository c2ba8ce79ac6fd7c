import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import { Webhook } from 'standardwebhooks';

import { createTransport } from '../../nodes/shared/http/transport';
import { noAuth } from '../../nodes/shared/auth/authorizer';
import { deliverAll } from '../../nodes/shared/delivery/deliver';
import { runDelivery } from '../../nodes/shared/delivery/run';
import { parseSecret } from '../../nodes/shared/standard-webhooks';
import { runWorkflow } from '../harness/workflow';
import { reply, startHttpsServer, type TestHttpsServer } from '../support/https-server';

/**
 * Issue 14, the Outbound Webhook side: the legacy SHA1 refusal, Standard Webhooks signing with the
 * `standardwebhooks` package verifying what arrives at a loopback HTTPS receiver, and configuration
 * errors under continue on fail. n8n-core's WorkflowExecute runs the node.
 */
const NODE = 'n8n-nodes-outbound-webhooks.outboundWebhook';
const fast = { retryInterval: 0.01, timeout: 3000, maxRetries: 1 };
const SW_SECRET = 'whsec_' + Buffer.from('outbound standard webhooks key!!').toString('base64');
const SW_OLD = 'whsec_' + Buffer.from('the key being rotated out, 24+').toString('base64');

let server: TestHttpsServer;
afterEach(async () => server?.close());

async function run(
	parameters: IDataObject,
	credentials: Record<string, ICredentialDataDecryptedObject>,
	{ items = [{ n: 1 }, { n: 2 }], onError }: { items?: unknown[]; onError?: 'continueRegularOutput' } = {},
) {
	return await runWorkflow(
		{
			nodes: [
				{ name: 'Source', type: 'test.source', parameters: { items: JSON.stringify(items) } },
				{
					name: 'Webhook',
					type: NODE,
					parameters: {
						url: `${server.origin}/hook`,
						entityType: 'service',
						authentication: 'none',
						...parameters,
						options: { caCertificate: server.cert, ...fast, ...(parameters.options as IDataObject) },
					},
					...(onError ? { onError } : {}),
					credentials: Object.fromEntries(Object.keys(credentials).map((type) => [type, { id: `${type}-1`, name: type }])),
				},
			],
			connections: { Source: { main: [[{ node: 'Webhook', type: 'main', index: 0 }]] } },
		},
		{ credentials },
	);
}

const ok = () => startHttpsServer((_req, res) => reply(res, 200, 'ok'));

describe('legacy SHA1 on the sending side', () => {
	test('the node refuses to sign with SHA1 before sending anything (no test call either), naming SHA256 or SHA512', async () => {
		server = await ok();
		const result = await run({ enableHubSignature: true }, { hubSignatureApi: { secret: 's', algorithm: 'sha1' } });
		const error = result.nodeError('Webhook');
		expect(error?.message).toMatch(/SHA1, which is only for verifying existing platform configurations/);
		expect(error?.description).toBe('Open the Hub Signature credential and choose SHA256 or SHA512 as Algorithm.');
		expect(server.requests).toHaveLength(0);
	});

	test('with continue on fail: every item on Failed with INVALID_CONFIG and the hint, still nothing sent', async () => {
		server = await ok();
		const result = await run({ enableHubSignature: true }, { hubSignatureApi: { secret: 's', algorithm: 'sha1' } }, { onError: 'continueRegularOutput' });
		const [delivered, failed] = result.outputs('Webhook');
		expect(delivered).toHaveLength(0);
		expect(failed.map((item) => [item.json.status, (item.json.error as IDataObject).code, (item.json.error as IDataObject).hint])).toEqual([
			['failed', 'INVALID_CONFIG', expect.stringMatching(/SHA256 or SHA512/)],
			['failed', 'INVALID_CONFIG', expect.stringMatching(/SHA256 or SHA512/)],
		]);
		expect(server.requests).toHaveLength(0);
	});
});

describe('continue on fail covers configuration errors', () => {
	const cases: Array<[string, IDataObject, Record<string, ICredentialDataDecryptedObject>, RegExp, RegExp]> = [
		['a missing credential', { authentication: 'basicAuth' }, {}, /credential/i, /Select a credential/],
		['a Hub Signature credential without a secret', { enableHubSignature: true }, { hubSignatureApi: { secret: '', algorithm: 'sha256' } }, /has no secret/, /enter a secret/],
		[
			'an invalid authorization setup (OAuth2 headers that are not JSON)',
			{ authentication: 'oAuth2' },
			{
				webhookOAuth2Api: {
					grantType: 'clientCredentials',
					accessTokenUrl: 'https://127.0.0.1:9/token',
					clientId: 'c',
					clientSecret: 'config-canary-secret',
					advancedSettings: true,
					accessTokenHeaders: '{not json',
				},
			},
			/Access Token URL Headers/,
			/\{"Header-Name": "value"\}/,
		],
		['a Standard Webhooks secret that is not whsec_', { enableHubSignature: true, signatureScheme: 'standardWebhooks' }, { standardWebhooksApi: { secret: 'plain words!' } }, /not a whsec_ secret/, /whsec_ followed by base64/],
	];

	test.each(cases)('%s: without continue on fail the node stops with what to change', async (_name, parameters, credentials, message, hint) => {
		server = await ok();
		const result = await run(parameters, credentials);
		expect(result.nodeError('Webhook')?.message).toMatch(message);
		expect(String(result.nodeError('Webhook')?.description)).toMatch(hint);
		expect(server.requests).toHaveLength(0);
	});

	test.each(cases)('%s: with continue on fail every item is on Failed with the error and hint', async (_name, parameters, credentials, message, hint) => {
		server = await ok();
		const result = await run(parameters, credentials, { onError: 'continueRegularOutput' });
		expect(result.nodeError('Webhook')).toBeUndefined();
		const [delivered, failed, smpp = []] = result.outputs('Webhook');
		expect([delivered.length, failed.length, smpp.length]).toEqual([0, 2, 0]);
		for (const [index, item] of failed.entries()) {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json).toMatchObject({ status: 'failed', attempts: [], payload: { n: index + 1 }, deliveryId: expect.any(String) });
			expect((item.json.error as IDataObject).message).toMatch(message);
			expect((item.json.error as IDataObject).hint).toMatch(hint);
		}
		expect(JSON.stringify(result.run.data)).not.toContain('config-canary-secret');
		expect(server.requests).toHaveLength(0);
	});
});

describe('Standard Webhooks on the sending side (the standardwebhooks package verifies)', () => {
	const verifiedBy = (secret: string, req: { body: Buffer; headers: Record<string, unknown> }) =>
		new Webhook(secret).verify(req.body.toString('utf8'), req.headers as Record<string, string>);

	test('every POST carries webhook-id (the delivery id), webhook-timestamp and a v1 signature the package verifies; HEAD carries none', async () => {
		server = await ok();
		const result = await run({ enableHubSignature: true, signatureScheme: 'standardWebhooks' }, { standardWebhooksApi: { secret: SW_SECRET } });
		const [delivered] = result.outputs('Webhook');
		expect(delivered).toHaveLength(2);
		const posts = server.requests.filter((r) => r.method === 'POST');
		expect(posts).toHaveLength(2);
		for (const post of posts) {
			expect(verifiedBy(SW_SECRET, post)).toMatchObject({ n: expect.any(Number) });
			expect(post.headers['webhook-id']).toBe(post.headers['x-delivery-id']);
			expect(post.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
			expect(post.headers['x-hub-signature']).toBeUndefined();
		}
		expect(delivered.map((item) => item.json.deliveryId).sort()).toEqual(posts.map((p) => p.headers['webhook-id']).sort());
		expect(server.requests.filter((r) => r.method === 'HEAD').every((r) => r.headers['webhook-signature'] === undefined)).toBe(true);
	});

	test('rotation: with Previous Secrets both keys sign (two signatures); each key alone verifies; a third does not', async () => {
		server = await ok();
		await run({ enableHubSignature: true, signatureScheme: 'standardWebhooks' }, { standardWebhooksApi: { secret: SW_SECRET, previousSecrets: SW_OLD } });
		const post = server.requests.find((r) => r.method === 'POST')!;
		expect(String(post.headers['webhook-signature']).split(' ')).toHaveLength(2);
		expect(verifiedBy(SW_SECRET, post)).toEqual({ n: 1 });
		expect(verifiedBy(SW_OLD, post)).toEqual({ n: 1 });
		expect(() => verifiedBy('whsec_' + Buffer.alloc(32, 3).toString('base64'), post)).toThrow();
	});

	test('the POST test call (verificationMethod POST) is signed the same way', async () => {
		server = await ok();
		await run({ enableHubSignature: true, signatureScheme: 'standardWebhooks', options: { verificationMethod: 'POST' } }, { standardWebhooksApi: { secret: SW_SECRET } });
		const test = server.requests[0];
		expect(JSON.parse(test.body.toString())).toMatchObject({ type: 'test' });
		expect(verifiedBy(SW_SECRET, test)).toMatchObject({ type: 'test' });
	});

	test('a Delivery ID with a "." is refused for that item only (the spec keeps "." out of webhook-id)', async () => {
		server = await ok();
		const result = await run(
			{ enableHubSignature: true, signatureScheme: 'standardWebhooks', options: { deliveryId: '={{ $json.id }}' } },
			{ standardWebhooksApi: { secret: SW_SECRET } },
			{ items: [{ id: 'ok-1' }, { id: 'has.dot' }], onError: 'continueRegularOutput' },
		);
		const [delivered, failed] = result.outputs('Webhook');
		expect(delivered.map((item) => item.json.deliveryId)).toEqual(['ok-1']);
		expect((failed[0].json.error as IDataObject).message).toMatch(/cannot be used as a Standard Webhooks webhook-id/);
	});

	test('a retry is signed afresh: same webhook-id, the attempt\'s own timestamp, each attempt verifies (injected clock)', async () => {
		let posts = 0;
		server = await startHttpsServer((req, res) => reply(res, req.method === 'POST' && ++posts < 3 ? 503 : 200));
		const transport = createTransport({ rejectUnauthorized: true, ca: server.cert, connections: 2, timeoutMs: 3000 });
		// The clock starts now and moves 60 s per wait, as the platform's schedule does, without waiting.
		let clock = Date.now() - 120_000;
		const waits: number[] = [];
		try {
			const outcomes = await runDelivery(
				[{ index: 0, json: { n: 1 }, url: `${server.origin}/hook`, body: { n: 1 }, headers: [], deliveryId: 'msg_retry_1' }],
				{
					standardWebhooks: { keys: [parseSecret(SW_SECRET)] },
					delivery: { schedule: { maxRetries: 3, retryIntervalMs: 60_000, maxRetryAfterMs: 300_000 }, timeoutMs: 3000, concurrency: 1 },
					stopOnError: true,
					entity: { type: 'service', id: '' },
				},
				{ transport, authorizer: noAuth, now: () => clock, sleep: async (ms) => {
						waits.push(ms);
						clock += ms;
					} },
			);
			expect(outcomes[0].output).toBe('delivered');
		} finally {
			await transport.close();
		}
		const attempts = server.requests.filter((r) => r.method === 'POST');
		expect(waits).toEqual([60_000, 60_000]);
		expect(attempts.map((r) => r.headers['webhook-id'])).toEqual(['msg_retry_1', 'msg_retry_1', 'msg_retry_1']);
		const stamps = attempts.map((r) => Number(r.headers['webhook-timestamp']));
		expect([stamps[1] - stamps[0], stamps[2] - stamps[1]]).toEqual([60, 60]);
		for (const attempt of attempts) expect(verifiedBy(SW_SECRET, attempt)).toEqual({ n: 1 });
		expect(new Set(attempts.map((r) => r.headers['webhook-signature'])).size).toBe(3);
	});

	test('deliverAll without Standard Webhooks sends no webhook-* header (hub scheme unchanged)', async () => {
		server = await ok();
		const transport = createTransport({ rejectUnauthorized: true, ca: server.cert, connections: 1, timeoutMs: 3000 });
		try {
			await deliverAll(
				[{ url: `${server.origin}/h`, displayUrl: server.origin, body: Buffer.from('{}'), headers: {}, deliveryId: 'd-1' }],
				{ schedule: { maxRetries: 0, retryIntervalMs: 0, maxRetryAfterMs: 0 }, timeoutMs: 3000, concurrency: 1 },
				{ transport, authorizer: noAuth, now: Date.now, sleep: async () => undefined },
			);
		} finally {
			await transport.close();
		}
		expect(Object.keys(server.requests[0].headers).filter((name) => name.startsWith('webhook-'))).toEqual([]);
	});
});
