import { createHmac } from 'node:crypto';

import { NodeHelpers, type IDataObject } from 'n8n-workflow';

import { OutboundWebhook } from '../../nodes/OutboundWebhook/OutboundWebhook.node';
import { smppOutputDrawn } from '../../nodes/OutboundWebhook/description';

import { reply, startHttpsServer, type TestHttpsServer } from '../support/https-server';
import { runWorkflow, type RunOptions } from '../harness/workflow';

const NODE = 'n8n-nodes-outbound-webhooks.outboundWebhook';
const SECRET = 'hub-secret-canary-4f1d';

function workflow(items: unknown[], parameters: IDataObject, extra: IDataObject = {}) {
	return {
		nodes: [
			{ name: 'Source', type: 'test.source', parameters: { items: JSON.stringify(items) } },
			{ name: 'Webhook', type: NODE, parameters, ...extra },
		],
		connections: { Source: { main: [[{ node: 'Webhook', type: 'main' as const, index: 0 }]] } },
	};
}

/** Answers HEAD with 200 and each POST by the script (called with the POST's 1-based number). */
function scripted(script: (postNumber: number, path: string) => number | { status: number; headers?: Record<string, string> }) {
	let posts = 0;
	return startHttpsServer((req, res) => {
		if (req.method === 'HEAD') return reply(res, 200);
		const answer = script(++posts, req.url);
		const { status, headers } = typeof answer === 'number' ? { status: answer, headers: {} } : answer;
		reply(res, status, `answer ${status}`, headers);
	});
}

const fast = { retryInterval: 0.01, timeout: 2000 };

describe('Outbound Webhook node in a workflow (n8n-core WorkflowExecute, loopback HTTPS)', () => {
	let server: TestHttpsServer;
	afterEach(async () => server?.close());

	const run = (items: unknown[], parameters: IDataObject, options: RunOptions = {}, extra: IDataObject = {}) =>
		runWorkflow(workflow(items, { ...parameters, options: { caCertificate: server.cert, ...fast, ...(parameters.options as IDataObject) }, url: parameters.url ?? `${server.origin}/hook` } as IDataObject, extra), {
			credentials: { hubSignatureApi: { secret: SECRET, algorithm: 'sha256' } },
			...options,
		});

	test('delivers every item signed, with a delivery id, after one HEAD test call', async () => {
		server = await scripted(() => 204);
		const items = [{ n: 1, text: 'héllo' }, { n: 2 }, { n: 3 }];
		const result = await run(items, { enableHubSignature: true });
		const [delivered, failed, smpp] = result.outputs('Webhook');
		expect(failed).toHaveLength(0);
		expect(smpp).toBeUndefined(); // a service cannot forward: no SMPP output
		expect(delivered.map((i) => (i.json.payload as IDataObject).n)).toEqual([1, 2, 3]);
		expect(delivered.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);

		expect(server.requests[0].method).toBe('HEAD');
		const posts = server.requests.filter((r) => r.method === 'POST');
		expect(posts).toHaveLength(3);
		for (const post of posts) {
			const expected = createHmac('sha256', SECRET).update(post.body).digest('hex');
			expect(post.headers['x-hub-signature']).toBe(expected);
			expect(post.headers['content-type']).toBe('application/json; charset=utf-8');
			expect(post.headers['x-delivery-id']).toMatch(/^[0-9a-f-]{36}$/);
			expect(post.headers['x-delivery-attempt']).toBe('1');
		}
		expect(posts.map((p) => JSON.parse(p.body.toString()))).toEqual(expect.arrayContaining(items));
		const first = delivered[0].json;
		expect(first).toMatchObject({ status: 'delivered', statusCode: 204, url: `${server.origin}/hook` });
		expect((first.attempts as IDataObject[])[0]).toMatchObject({ attempt: 1, statusCode: 204 });
		expect(JSON.stringify(result.run.data)).not.toContain(SECRET);
	});

	test('signs with SHA512 and the sha512= prefix when asked', async () => {
		server = await scripted(() => 200);
		await run([{ a: 1 }], { enableHubSignature: true, options: { signaturePrefix: true } }, {
			credentials: { hubSignatureApi: { secret: SECRET, algorithm: 'sha512' } },
		});
		const post = server.requests.find((r) => r.method === 'POST')!;
		expect(post.headers['x-hub-signature']).toBe(`sha512=${createHmac('sha512', SECRET).update(post.body).digest('hex')}`);
	});

	test('refuses an http: URL before sending anything, saying to use https', async () => {
		server = await scripted(() => 200);
		const result = await run([{ a: 1 }], { url: `http://127.0.0.1:${server.port}/hook` });
		const error = result.nodeError('Webhook');
		expect(error?.message).toMatch(/Only HTTPS URLs are supported/);
		expect(error?.description).toMatch(/https:\/\//);
		expect(server.requests).toHaveLength(0);
	});

	test('a failed test call stops the node with the URL and status, and delivers nothing', async () => {
		server = await startHttpsServer((req, res) => reply(res, req.method === 'HEAD' ? 404 : 200));
		const result = await run([{ a: 1 }, { a: 2 }], {});
		const error = result.nodeError('Webhook');
		expect(error?.message).toBe(`The test call (HEAD) to ${server.origin}/hook answered 404 Not Found; only 200 passes`);
		expect(server.requests.map((r) => r.method)).toEqual(['HEAD']);
	});

	test('with continue-on-fail, a failed test call sends every item to Failed with the reason', async () => {
		server = await startHttpsServer((req, res) => reply(res, req.method === 'HEAD' ? 503 : 200));
		const result = await run([{ a: 1 }, { a: 2 }], {}, {}, { onError: 'continueRegularOutput' });
		const [delivered, failed] = result.outputs('Webhook');
		expect(delivered).toHaveLength(0);
		expect(failed.map((i) => (i.json.error as IDataObject).code)).toEqual(['VERIFICATION_FAILED', 'VERIFICATION_FAILED']);
		expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
	});

	test('POST verification sends a signed test notification', async () => {
		server = await scripted(() => 200);
		await run([{ a: 1 }], { enableHubSignature: true, options: { verificationMethod: 'POST' } });
		const test = server.requests[0];
		expect(JSON.parse(test.body.toString())).toMatchObject({ type: 'test' });
		expect(test.headers['x-hub-signature']).toBe(createHmac('sha256', SECRET).update(test.body).digest('hex'));
	});

	test('a passed verification is remembered in static data; a changed configuration is verified again', async () => {
		server = await scripted(() => 200);
		const first = await run([{ a: 1 }], {});
		expect(server.requests.filter((r) => r.method === 'HEAD')).toHaveLength(1);
		const second = await run([{ a: 2 }], {}, { staticData: first.staticData });
		expect(server.requests.filter((r) => r.method === 'HEAD')).toHaveLength(1);
		await run([{ a: 3 }], { enableHubSignature: true }, { staticData: second.staticData });
		expect(server.requests.filter((r) => r.method === 'HEAD')).toHaveLength(2);
		await run([{ a: 4 }], { url: `${server.origin}/other` }, { staticData: second.staticData });
		expect(server.requests.filter((r) => r.method === 'HEAD')).toHaveLength(3);
	});

	test('retries a 503 with the same delivery id and delivers on the second attempt', async () => {
		server = await scripted((n) => (n === 1 ? 503 : 200));
		const result = await run([{ a: 1 }], {});
		const [delivered] = result.outputs('Webhook');
		expect(delivered).toHaveLength(1);
		expect((delivered[0].json.attempts as IDataObject[]).map((a) => a.statusCode)).toEqual([503, 200]);
		const posts = server.requests.filter((r) => r.method === 'POST');
		expect(posts.map((p) => p.headers['x-delivery-attempt'])).toEqual(['1', '2']);
		expect(new Set(posts.map((p) => p.headers['x-delivery-id'])).size).toBe(1);
		expect(posts[0].headers['x-delivery-id']).toBe(delivered[0].json.deliveryId);
	});

	test('a 404 answer fails at once, with a reason that says to check the URL', async () => {
		server = await scripted(() => 404);
		const result = await run([{ a: 1 }], {});
		const [delivered, failed] = result.outputs('Webhook');
		expect(delivered).toHaveLength(0);
		expect(failed[0].json).toMatchObject({
			status: 'failed',
			statusCode: 404,
			error: { code: 'REJECTED', message: 'The endpoint answered 404 Not Found, which is not retried' },
		});
		expect((failed[0].json.error as IDataObject).hint).toMatch(/URL path/);
		expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
	});

	test('after maxRetries the item fails with the last status and every attempt listed', async () => {
		server = await scripted(() => 500);
		const result = await run([{ a: 1 }], { options: { maxRetries: 2 } });
		const failed = result.outputs('Webhook')[1];
		expect(failed[0].json.error).toMatchObject({ code: 'RETRIES_EXHAUSTED' });
		expect((failed[0].json.error as IDataObject).message).toBe('Not delivered after 3 attempts; the last one ended with 500 Internal Server Error');
		expect((failed[0].json.attempts as IDataObject[]).map((a) => a.attempt)).toEqual([1, 2, 3]);
	});

	test('a redirect is not followed: the other host receives nothing, and no signature leaks', async () => {
		const other = await startHttpsServer((_req, res) => reply(res, 200));
		try {
			server = await scripted(() => ({ status: 307, headers: { location: `${other.origin}/stolen` } }));
			const result = await run([{ a: 1 }], { enableHubSignature: true });
			const failed = result.outputs('Webhook')[1];
			expect(failed[0].json).toMatchObject({ statusCode: 307, error: { code: 'REJECTED' } });
			expect((failed[0].json.error as IDataObject).hint).toContain(`${other.origin}/stolen`);
			expect(other.requests).toHaveLength(0);
		} finally {
			await other.close();
		}
	});

	test('an item with a bad URL fails alone under continue-on-fail; the others are delivered', async () => {
		server = await scripted(() => 200);
		const items = [{ u: `${server.origin}/ok` }, { u: 'ftp://example.com/x' }, { u: 'not a url' }, { u: `http://127.0.0.1:${server.port}/` }];
		const result = await run(items, { url: '={{ $json.u }}' }, {}, { onError: 'continueRegularOutput' });
		const [delivered, failed] = result.outputs('Webhook');
		expect(delivered.map((i) => i.pairedItem)).toEqual([{ item: 0 }]);
		expect(failed.map((i) => [i.pairedItem, (i.json.error as IDataObject).code])).toEqual([
			[{ item: 1 }, 'INVALID_URL'],
			[{ item: 2 }, 'INVALID_URL'],
			[{ item: 3 }, 'INSECURE_URL'],
		]);
		expect(server.requests.map((r) => r.url)).toEqual(['/ok', '/ok']);
	});

	test('a URL expression that fails to evaluate: the item fails alone with continue-on-fail, else the node stops with n8n\'s expression error, nothing sent', async () => {
		server = await scripted(() => 200);
		const items = [{ u: `${server.origin}/ok` }, { u: `${server.origin}/ok`, bad: true }];
		const url = '={{ $json.bad ? $("No Such Node").item.json.u : $json.u }}';
		const tolerant = await run(items, { url }, {}, { onError: 'continueRegularOutput' });
		const [delivered, failed] = tolerant.outputs('Webhook');
		expect(delivered.map((i) => i.pairedItem)).toEqual([{ item: 0 }]);
		expect(failed.map((i) => i.pairedItem)).toEqual([{ item: 1 }]);
		expect((failed[0].json.error as IDataObject).message).toMatch(/Referenced node/);
		expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(1);

		const before = server.requests.length;
		const strict = await run(items, { url });
		const error = strict.nodeError('Webhook');
		expect(error?.message).toMatch(/Referenced node/);
		expect(server.requests.slice(before).filter((r) => r.method === 'POST')).toHaveLength(0);
	});

	test('certificates are verified: a self-signed endpoint fails without its CA and works with it', async () => {
		server = await scripted(() => 200);
		const refused = await run([{ a: 1 }], { options: { caCertificate: '', verifyEndpoint: false, maxRetries: 0 } });
		const failed = refused.outputs('Webhook')[1];
		expect((failed[0].json.attempts as IDataObject[])[0].errorCode).toBe('TLS');
		expect((failed[0].json.error as IDataObject).hint).toMatch(/Custom CA Certificate/);
		expect(server.requests).toHaveLength(0);

		const insecure = await run([{ a: 1 }], { options: { caCertificate: '', allowUnauthorizedCerts: true } });
		expect(insecure.outputs('Webhook')[0]).toHaveLength(1);
	});
});

describe('Outbound Webhook description, as n8n decides what to show', () => {
	const { OutboundWebhook } = require('../../nodes/OutboundWebhook/OutboundWebhook.node') as typeof import('../../nodes/OutboundWebhook/OutboundWebhook.node');
	const { NodeHelpers } = require('n8n-workflow') as typeof import('n8n-workflow');
	const description = new OutboundWebhook().description;
	const defaults = { entityType: 'service', authentication: 'none', enableHubSignature: false, signatureScheme: 'hub', forwardToSmpp: false };
	const shownCredentials = (parameters: Record<string, unknown>) =>
		description.credentials!.filter((c) => NodeHelpers.displayParameter({ ...defaults, ...parameters } as never, c, { typeVersion: 1 }, description)).map((c) => c.name);
	const shownParameter = (name: string, parameters: Record<string, unknown>) =>
		NodeHelpers.displayParameter({ ...defaults, ...parameters } as never, description.properties.find((p) => p.name === name)!, { typeVersion: 1 }, description);

	test('each authentication shows its own credential, and only it', () => {
		expect(shownCredentials({})).toEqual([]);
		expect(shownCredentials({ authentication: 'basicAuth' })).toEqual(['webhookBasicAuthApi']);
		expect(shownCredentials({ authentication: 'digestAuth' })).toEqual(['webhookDigestAuthApi']);
		expect(shownCredentials({ authentication: 'awsSignature' })).toEqual(['webhookAwsSignatureApi']);
		expect(shownCredentials({ authentication: 'apiKey' })).toEqual(['webhookApiKeyApi']);
		expect(shownCredentials({ authentication: 'oAuth2' })).toEqual(['webhookOAuth2Api']);
		expect(shownCredentials({ enableHubSignature: true })).toEqual(['hubSignatureApi']);
		expect(shownCredentials({ enableHubSignature: true, signatureScheme: 'standardWebhooks' })).toEqual(['standardWebhooksApi']);
		expect(shownCredentials({ enableHubSignature: false, signatureScheme: 'standardWebhooks' })).toEqual([]);
	});

	test('Forward to SMPP shows only for a phone number with hub signature off, and then needs the ESME bind', () => {
		expect(shownParameter('forwardToSmpp', {})).toBe(false);
		expect(shownParameter('forwardToSmpp', { entityType: 'phoneNumber' })).toBe(true);
		expect(shownParameter('forwardToSmpp', { entityType: 'phoneNumber', enableHubSignature: true })).toBe(false);
		expect(shownCredentials({ entityType: 'phoneNumber' })).toEqual([]);
		expect(shownCredentials({ entityType: 'phoneNumber', forwardToSmpp: true })).toEqual(['smppBindApi']);
		expect(shownCredentials({ entityType: 'service', forwardToSmpp: true })).toEqual([]);
		expect(shownCredentials({ entityType: 'phoneNumber', forwardToSmpp: true, enableHubSignature: true })).toEqual(['hubSignatureApi']);
	});

	test('no boolean is named in a credential `show` (n8n 1.x would hide it as the main auth field)', () => {
		const booleans = new Set(description.properties.filter((p) => p.type === 'boolean').map((p) => p.name));
		for (const credential of description.credentials!) {
			for (const name of Object.keys(credential.displayOptions?.show ?? {})) expect([credential.name, name, booleans.has(name)]).toEqual([credential.name, name, false]);
		}
	});
});

describe("Outbound Webhook honours a credential's Allowed HTTP Request Domains", () => {
	let server: TestHttpsServer;
	afterEach(async () => server?.close());

	test('a Basic Auth credential restricted to other domains is never sent; one that lists the host is', async () => {
		server = await scripted(() => 200);
		const run = (allowedDomains: string) =>
			runWorkflow(workflow([{ a: 1 }], { url: `${server.origin}/hook`, authentication: 'basicAuth', options: { caCertificate: server.cert } }), {
				credentials: { webhookBasicAuthApi: { user: 'u', password: 'canary-password', allowedHttpRequestDomains: 'domains', allowedDomains } },
			});
		const refused = await run('example.com');
		expect(refused.nodeError('Webhook')?.message).toBe('The credential may not be sent to 127.0.0.1');
		expect(server.requests).toHaveLength(0);
		const allowed = await run('example.com, 127.0.0.1');
		expect(allowed.outputs('Webhook')[0]).toHaveLength(1);
		expect(server.requests.find((r) => r.method === 'POST')?.headers.authorization).toBe(`Basic ${Buffer.from('u:canary-password').toString('base64')}`);
	});
});

describe('Outbound Webhook outputs: SMPP only when forwarding can apply (n8n expression outputs, in the engine)', () => {
	let server: TestHttpsServer;
	afterEach(async () => server?.close());

	const outputsOf = async (parameters: IDataObject) => {
		server = await scripted(() => 200);
		const result = await runWorkflow(workflow([{ n: 1 }], { url: `${server.origin}/hook`, options: { caCertificate: server.cert, ...fast }, ...parameters }), {
			credentials: { hubSignatureApi: { secret: SECRET, algorithm: 'sha256' }, smppBindApi: { host: '127.0.0.1', port: 1, systemId: 'x', password: 'y' } },
		});
		const node = result.workflow.getNode('Webhook')!;
		const description = new OutboundWebhook().description;
		const drawn = NodeHelpers.getNodeOutputs(result.workflow, node, description).map((o) => (typeof o === 'string' ? o : o.displayName));
		return { drawn, outputs: result.outputs('Webhook'), predicate: smppOutputDrawn(node.parameters as IDataObject) };
	};

	test.each([
		['a service', { entityType: 'service' }, ['Delivered', 'Failed']],
		['an app', { entityType: 'app' }, ['Delivered', 'Failed']],
		['a phone number, forwarding off', { entityType: 'phoneNumber', forwardToSmpp: false }, ['Delivered', 'Failed']],
		['a phone number, forwarding on', { entityType: 'phoneNumber', forwardToSmpp: true }, ['Delivered', 'Failed', 'SMPP']],
		['a phone number, forwarding on, hub signature on', { entityType: 'phoneNumber', forwardToSmpp: true, enableHubSignature: true }, ['Delivered', 'Failed']],
		['an entity given by an expression, forwarding on', { entityType: '={{ "phoneNumber" }}', forwardToSmpp: true }, ['Delivered', 'Failed', 'SMPP']],
	])('%s: outputs %j, and the node returns that many', async (_name, parameters, expected) => {
		const { drawn, outputs, predicate } = await outputsOf(parameters as IDataObject);
		expect(drawn).toEqual(expected);
		expect(predicate).toBe(expected.length === 3);
		expect(outputs).toHaveLength(expected.length);
		// Delivered stays output 0 whatever is drawn: connections of saved workflows keep their place.
		expect(outputs[0].length + outputs[1].length).toBe(1);
	});
});

describe('Option Fail Execution on Failed Deliveries', () => {
	let server: TestHttpsServer;
	afterEach(async () => server?.close());

	const run = (failOnFailedDeliveries?: boolean) =>
		runWorkflow(
			workflow([{ n: 1 }, { n: 2 }, { n: 3 }], {
				url: `${server.origin}/hook`,
				options: { caCertificate: server.cert, ...fast, maxRetries: 0, ...(failOnFailedDeliveries === undefined ? {} : { failOnFailedDeliveries }) },
			}),
		);

	test('off (the default): items 1 and 3 leave on Failed and the run succeeds', async () => {
		server = await scripted((n) => (n === 2 ? 200 : 404));
		const result = await run();
		expect(result.run.data.resultData.error).toBeUndefined();
		const [delivered, failed] = result.outputs('Webhook');
		expect([delivered.length, failed.length]).toEqual([1, 2]);
		expect(Object.keys(failed[0].json)[0]).toBe('error');
	});

	test('on: every item is attempted, then the run ends with an error naming the failed deliveries', async () => {
		server = await scripted((n) => (n === 2 ? 200 : 404));
		const result = await run(true);
		expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(3);
		const error = result.nodeError('Webhook')!;
		expect(error.message).toMatch(/^2 of 3 deliveries failed: item \d \(delivery [0-9a-f-]+\): REJECTED, The endpoint answered 404 Not Found, which is not retried; item \d/);
		expect(error.description).toMatch(/Fail Execution on Failed Deliveries/);
		expect(result.run.data.resultData.error?.message).toBe(error.message);
	});

	test('on, with nothing failed: the run succeeds', async () => {
		server = await scripted(() => 200);
		const result = await run(true);
		expect(result.nodeError('Webhook')).toBeUndefined();
		expect(result.outputs('Webhook')[0]).toHaveLength(3);
	});
});

describe('Outbound Webhook: workflows saved by earlier versions', () => {
	let server: TestHttpsServer;
	afterEach(async () => server?.close());

	test('a workflow JSON of version 0.1.0 (outputs Delivered, Failed, SMPP connected by index) still runs and routes', async () => {
		server = await scripted((n) => (n === 1 ? 200 : 400));
		// As n8n 1.123 exported it before the outputs became an expression: Failed connected on index 1.
		const saved = {
			nodes: [
				{ name: 'Source', type: 'test.source', parameters: { items: JSON.stringify([{ n: 1 }, { n: 2 }]) } },
				{
					name: 'Webhook',
					type: NODE,
					typeVersion: 1,
					parameters: { url: `${server.origin}/hook`, entityType: 'service', entityId: '', authentication: 'none', enableHubSignature: false, options: { caCertificate: server.cert, ...fast } },
				},
				{ name: 'On Delivered', type: 'test.source', parameters: { items: '[]' } },
				{ name: 'On Failed', type: 'test.source', parameters: { items: '[]' } },
			],
			connections: {
				Source: { main: [[{ node: 'Webhook', type: 'main' as const, index: 0 }]] },
				Webhook: { main: [[{ node: 'On Delivered', type: 'main' as const, index: 0 }], [{ node: 'On Failed', type: 'main' as const, index: 0 }], []] },
			},
		};
		const result = await runWorkflow(saved);
		const [delivered, failed] = result.outputs('Webhook');
		expect([delivered.length, failed.length]).toEqual([1, 1]);
		expect(result.run.data.resultData.runData['On Delivered']).toHaveLength(1);
		expect(result.run.data.resultData.runData['On Failed']).toHaveLength(1);
	});
});
