import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { runWorkflow, type RunResult } from '../harness/workflow';
import { startDigestServer, startOAuthServer, startSigV4Receiver } from '../support/auth-servers';
import { reply, startHttpsServer, type TestHttpsServer } from '../support/https-server';

const NODE = 'n8n-nodes-outbound-webhooks.outboundWebhook';
const fast = { retryInterval: 0.01, timeout: 3000, maxRetries: 0 };

function workflow(url: string, cert: string, authentication: string, credentialType?: string) {
	return {
		nodes: [
			{ name: 'Source', type: 'test.source', parameters: { items: JSON.stringify([{ n: 1 }, { n: 2 }]) } },
			{
				name: 'Webhook',
				type: NODE,
				parameters: { url, authentication, options: { caCertificate: cert, ...fast } },
				...(credentialType ? { credentials: { [credentialType]: { id: 'cred-1', name: 'Test credential' } } } : {}),
			},
		],
		connections: { Source: { main: [[{ node: 'Webhook', type: 'main' as const, index: 0 }]] } },
	};
}

async function run(
	url: string,
	cert: string,
	authentication: string,
	credentialType: string,
	credential: ICredentialDataDecryptedObject | undefined,
): Promise<RunResult> {
	return await runWorkflow(workflow(url, cert, authentication, credentialType), {
		credentials: credential ? { [credentialType]: credential } : {},
	});
}

/** Both items delivered, none failed. */
function expectDelivered(result: RunResult) {
	expect(result.nodeError('Webhook')).toBeUndefined();
	const [delivered, failed] = result.outputs('Webhook');
	expect(failed).toHaveLength(0);
	expect(delivered.map((item) => (item.json.payload as IDataObject).n)).toEqual([1, 2]);
}

/** The test call was refused, so the node stopped before delivering anything. */
function expectStopped(result: RunResult, server: TestHttpsServer) {
	expect(result.nodeError('Webhook')).toBeDefined();
	expect(server.requests.filter((r) => r.method === 'POST' && !r.url.startsWith('/token'))).toHaveLength(0);
}

function expectNoSecret(result: RunResult, ...secrets: string[]) {
	const everything = JSON.stringify(result.run.data) + String(result.nodeError('Webhook')?.description ?? '');
	for (const secret of secrets) expect(everything).not.toContain(secret);
}

describe('Outbound Webhook node: the six authorization schemes in a workflow run', () => {
	const servers: TestHttpsServer[] = [];
	afterAll(async () => Promise.all(servers.map((s) => s.close())));
	const track = <T extends TestHttpsServer>(server: T) => {
		servers.push(server);
		return server;
	};

	test('None: no Authorization header, delivered', async () => {
		const server = track(await startHttpsServer((_req, res) => reply(res, 200)));
		const result = await runWorkflow(workflow(`${server.origin}/hook`, server.cert, 'none'));
		expectDelivered(result);
		expect(server.requests.every((r) => r.headers.authorization === undefined)).toBe(true);
	});

	describe('Basic Auth', () => {
		const PASSWORD = 'bäsic-canary-pw-81';
		let server: TestHttpsServer;
		beforeAll(async () => {
			const expected = `Basic ${Buffer.from(`Jürgen:${PASSWORD}`, 'utf8').toString('base64')}`;
			server = track(await startHttpsServer((req, res) => reply(res, req.headers.authorization === expected ? 200 : 401)));
		});

		test('no credentials: the node stops with an error', async () => {
			const result = await run(`${server.origin}/hook`, server.cert, 'basicAuth', 'webhookBasicAuthApi', undefined);
			expect(result.nodeError('Webhook')).toBeDefined();
		});

		test('wrong password: the test call is refused, nothing delivered, no secret shown', async () => {
			const requestsBefore = server.requests.length;
			const result = await run(`${server.origin}/hook`, server.cert, 'basicAuth', 'webhookBasicAuthApi', { user: 'Jürgen', password: 'wrong-canary-pw' });
			expect(result.nodeError('Webhook')).toBeDefined();
			expect(server.requests.slice(requestsBefore).filter((r) => r.method === 'POST')).toHaveLength(0);
			expectNoSecret(result, 'wrong-canary-pw');
		});

		test('right credentials: delivered, no secret in the outputs', async () => {
			const result = await run(`${server.origin}/hook`, server.cert, 'basicAuth', 'webhookBasicAuthApi', { user: 'Jürgen', password: PASSWORD });
			expectDelivered(result);
			expectNoSecret(result, PASSWORD, Buffer.from(`Jürgen:${PASSWORD}`).toString('base64'));
		});
	});

	describe('Digest Auth', () => {
		const PASSWORD = 'digest-canary-pw-27';
		test('no credentials / wrong / right', async () => {
			const server = track(await startDigestServer({ user: 'alice', password: PASSWORD, offers: [{ algorithm: 'SHA-256', qop: 'auth-int' }] }));
			const url = `${server.origin}/hook`;
			expect((await run(url, server.cert, 'digestAuth', 'webhookDigestAuthApi', undefined)).nodeError('Webhook')).toBeDefined();
			const wrong = await run(url, server.cert, 'digestAuth', 'webhookDigestAuthApi', { user: 'alice', password: 'nope-canary' });
			expectStopped(wrong, server);
			expectNoSecret(wrong, 'nope-canary');
			const right = await run(url, server.cert, 'digestAuth', 'webhookDigestAuthApi', { user: 'alice', password: PASSWORD });
			expectDelivered(right);
			expectNoSecret(right, PASSWORD);
			// HEAD test call (challenge + answer), then both POSTs pre-emptively on the same nonce with auth-int.
			expect(server.seen.map((s) => s.qop)).toEqual(['auth-int', 'auth-int', 'auth-int']);
		});
	});

	test('Digest Auth with the optional fields filled: the first request already carries an answer', async () => {
		const server = track(await startDigestServer({ user: 'bob', password: 'pre-canary-pw' }));
		const result = await run(`${server.origin}/hook`, server.cert, 'digestAuth', 'webhookDigestAuthApi', {
			user: 'bob',
			password: 'pre-canary-pw',
			realm: 'webhooks@127.0.0.1',
			nonce: 'configured-nonce',
			algorithm: 'SHA-256',
			qop: 'auth',
			nonceCount: 5,
			cnonce: 'fixed-cnonce',
			opaque: 'opq-1',
		});
		expectDelivered(result);
		expect(server.requests[0].headers.authorization).toMatch(/nonce="configured-nonce".*nc=00000005, cnonce="fixed-cnonce"/);
		expectNoSecret(result, 'pre-canary-pw');
	});

	describe('AWS Signature', () => {
		const KEYS = { accessKeyId: 'AKIDWORKFLOW', secretAccessKey: 'aws-canary-secret/99', region: 'eu-central-1', service: 'execute-api' };
		test('no credentials / wrong / right', async () => {
			const server = track(await startSigV4Receiver(KEYS));
			const url = `${server.origin}/prod/hook`;
			expect((await run(url, server.cert, 'awsSignature', 'webhookAwsSignatureApi', undefined)).nodeError('Webhook')).toBeDefined();
			const wrong = await run(url, server.cert, 'awsSignature', 'webhookAwsSignatureApi', { ...KEYS, secretAccessKey: 'bad-canary-secret' });
			expectStopped(wrong, server);
			expectNoSecret(wrong, 'bad-canary-secret');
			const right = await run(url, server.cert, 'awsSignature', 'webhookAwsSignatureApi', KEYS);
			expectDelivered(right);
			expectNoSecret(right, KEYS.secretAccessKey);
			expect(server.accepted.filter((r) => r.method === 'POST')).toHaveLength(2);
		});
	});

	describe('API Key', () => {
		const KEY = 'api-key-canary-55';
		test('header and query: no credentials / wrong / right', async () => {
			const server = track(
				await startHttpsServer((req, res) => {
					const query = new URL(req.url, 'https://x').searchParams.get('token');
					reply(res, req.headers['x-api-key'] === KEY || query === KEY ? 200 : 401);
				}),
			);
			const url = `${server.origin}/hook`;
			expect((await run(url, server.cert, 'apiKey', 'webhookApiKeyApi', undefined)).nodeError('Webhook')).toBeDefined();
			const wrong = await run(url, server.cert, 'apiKey', 'webhookApiKeyApi', { name: 'x-api-key', value: 'wrong-key-canary', sendIn: 'header' });
			expectStopped(wrong, server);
			expectNoSecret(wrong, 'wrong-key-canary');
			const header = await run(url, server.cert, 'apiKey', 'webhookApiKeyApi', { name: 'X-API-Key', value: KEY, sendIn: 'header' });
			expectDelivered(header);
			expectNoSecret(header, KEY);
			const query = await run(url, server.cert, 'apiKey', 'webhookApiKeyApi', { name: 'token', value: KEY, sendIn: 'query' });
			expectDelivered(query);
			expectNoSecret(query, KEY);
		});
	});

	describe('OAuth2', () => {
		const SECRET = 'oauth-canary-secret-13';
		test('client credentials: no credentials / wrong / right, one token for the whole run', async () => {
			const server = track(await startOAuthServer({ clientId: 'wf-client', clientSecret: SECRET, expiresIn: 3600 }));
			const credential = {
				grantType: 'clientCredentials',
				accessTokenUrl: server.tokenUrl,
				clientId: 'wf-client',
				clientSecret: SECRET,
				scopes: 'hooks',
				authentication: 'header',
			};
			expect((await run(server.resourceUrl, server.cert, 'oAuth2', 'webhookOAuth2Api', undefined)).nodeError('Webhook')).toBeDefined();
			const wrong = await run(server.resourceUrl, server.cert, 'oAuth2', 'webhookOAuth2Api', { ...credential, clientSecret: 'bad-oauth-canary' });
			expectStopped(wrong, server);
			expectNoSecret(wrong, 'bad-oauth-canary');
			const tokensBefore = server.tokenRequests.length;
			const right = await run(server.resourceUrl, server.cert, 'oAuth2', 'webhookOAuth2Api', credential);
			expectDelivered(right);
			expect(server.tokenRequests.length - tokensBefore).toBe(1);
			expect(new URLSearchParams(server.tokenRequests.at(-1)!.body.toString()).get('scope')).toBe('hooks');
			expectNoSecret(right, SECRET, ...server.validTokens);
		});

		test('client credentials with advanced settings: GET, parameters in the URL, extra headers', async () => {
			const server = track(await startOAuthServer({ clientId: 'adv-client', clientSecret: SECRET, expiresIn: 3600 }));
			const credential = {
				grantType: 'clientCredentials',
				accessTokenUrl: server.tokenUrl,
				clientId: 'adv-client',
				clientSecret: SECRET,
				authentication: 'body',
				advancedSettings: true,
				accessTokenMethod: 'GET',
				accessTokenParameterType: 'url',
				accessTokenHeaders: '{"X-Tenant": "acme"}',
			};
			const result = await run(server.resourceUrl, server.cert, 'oAuth2', 'webhookOAuth2Api', credential);
			expectDelivered(result);
			expect(server.tokenRequests).toHaveLength(1);
			expect(server.tokenRequests[0]).toMatchObject({ method: 'GET', headers: expect.objectContaining({ 'x-tenant': 'acme' }) });
			expectNoSecret(result, SECRET);

			const broken = await run(server.resourceUrl, server.cert, 'oAuth2', 'webhookOAuth2Api', { ...credential, accessTokenHeaders: '{not json' });
			expect(broken.nodeError('Webhook')?.message).toContain('Access Token URL Headers');
			expect(broken.nodeError('Webhook')?.description).toContain('{"Header-Name": "value"}');
		});

		test('authorization code: an expired token is renewed through n8n, which stores the rotated refresh token', async () => {
			const server = track(
				await startOAuthServer({ clientId: 'wf-code-client', clientSecret: SECRET, refreshTokens: ['refresh-start'], rotateRefreshTokens: true, expiresIn: 3600 }),
			);
			const credential = {
				grantType: 'authorizationCode',
				authUrl: `${server.origin}/authorize`,
				accessTokenUrl: server.tokenUrl,
				clientId: 'wf-code-client',
				clientSecret: SECRET,
				authentication: 'header',
				// n8n's own OAuth2 client reaches the loopback token endpoint only with this (test certificate).
				ignoreSSLIssues: true,
				oauthTokenData: { access_token: 'expired-access-token', refresh_token: 'refresh-start', token_type: 'Bearer' },
			};
			const result = await runWorkflow(workflow(server.resourceUrl, server.cert, 'oAuth2', 'webhookOAuth2Api'), {
				credentials: { webhookOAuth2Api: credential },
			});
			expectDelivered(result);
			expect(server.tokenRequests).toHaveLength(1);
			expect(new URLSearchParams(server.tokenRequests[0].body.toString()).get('grant_type')).toBe('refresh_token');
			const update = result.credentialsHelper.updates.at(-1);
			const stored = (update?.data.oauthTokenData ?? {}) as IDataObject;
			expect(update?.type).toBe('webhookOAuth2Api');
			expect(stored.refresh_token).toMatch(/^refresh-/);
			expect(stored.refresh_token).not.toBe('refresh-start');
			expect(server.refreshTokens.has(String(stored.refresh_token))).toBe(true);
			expectNoSecret(result, SECRET, String(stored.access_token), String(stored.refresh_token));
		});
	});
});
