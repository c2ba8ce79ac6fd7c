import { Workflow, type INodeTypes } from 'n8n-workflow';
import { Agent, request as undiciRequest } from 'undici';

import { WebhookOAuth2Api } from '../../../credentials/WebhookOAuth2Api.credentials';
import { createOAuth2Authorizer, type OAuth2Config } from '../../../nodes/shared/auth/oauth2';
import { TokenCache } from '../../../nodes/shared/auth/token-cache';
import { deliverAll } from '../../../nodes/shared/delivery/deliver';
import { createTransport, type ClosableTransport } from '../../../nodes/shared/http/transport';
import { startOAuthServer, type OAuthServer } from '../../support/auth-servers';

/**
 * Issue 14, point 4: the OAuth 2.0 fields of the platform text, each against a real loopback token
 * endpoint (test/support/auth-servers.ts) with no, wrong and right credentials.
 */
const ID = 'spec-client';
const SECRET = 'spec-oauth-canary-secret';

let server: OAuthServer;
let transport: ClosableTransport;
afterEach(async () => {
	await transport?.close();
	await server?.close();
});

async function start(options: Partial<Parameters<typeof startOAuthServer>[0]> = {}) {
	server = await startOAuthServer({ clientId: ID, clientSecret: SECRET, ...options });
	transport = createTransport({ rejectUnauthorized: true, ca: server.cert, connections: 4, timeoutMs: 5000 });
	return server;
}

const post = (authorizer: ReturnType<typeof createOAuth2Authorizer>, url = server.resourceUrl, timeoutMs = 5000) =>
	deliverAll(
		[{ url, displayUrl: url, body: Buffer.from('{}'), headers: {}, deliveryId: 'd-1' }],
		{ schedule: { maxRetries: 0, retryIntervalMs: 0, maxRetryAfterMs: 0 }, timeoutMs, concurrency: 1 },
		{ transport, authorizer, now: Date.now, sleep: async () => undefined },
	);

const codeConfig = (overrides: Partial<OAuth2Config> = {}): OAuth2Config =>
	({
		scheme: 'oAuth2',
		grantType: 'authorizationCode',
		tokenUrl: server.tokenUrl,
		clientId: ID,
		clientSecret: SECRET,
		clientAuth: 'body',
		// Stored by n8n when the account was connected; expired, so the first use renews it.
		token: { accessToken: 'stored-expired', refreshToken: 'refresh-start', expiresAt: Date.now() - 1000, obtainedAt: Date.now() - 3_600_000 },
		...overrides,
	}) as OAuth2Config;

describe('Refresh Token URL', () => {
	test('authorization code: the renewal goes to the Refresh Token URL; right credentials deliver', async () => {
		await start({ refreshTokens: ['refresh-start'], refreshOnlyAtRefreshPath: true, expiresIn: 3600 });
		const [result] = await post(createOAuth2Authorizer(codeConfig({ refreshUrl: server.refreshUrl }), { transport }));
		expect(result.status).toBe('delivered');
		expect(server.tokenRequests.map((r) => r.url)).toEqual(['/refresh']);
	});

	test('without it, a provider that refreshes elsewhere refuses the renewal at the Access Token URL', async () => {
		await start({ refreshTokens: ['refresh-start'], refreshOnlyAtRefreshPath: true });
		const [result] = await post(createOAuth2Authorizer(codeConfig(), { transport }));
		expect([result.status, result.error?.code, result.error?.message]).toEqual(['failed', expect.any(String), expect.stringMatching(/invalid_grant/)]);
		expect(server.tokenRequests.map((r) => r.url)).toEqual(['/token']);
	});

	test('wrong client secret at the Refresh Token URL: invalid_client, nothing delivered, no secret in the outcome', async () => {
		await start({ refreshTokens: ['refresh-start'], refreshOnlyAtRefreshPath: true });
		const [result] = await post(createOAuth2Authorizer(codeConfig({ refreshUrl: server.refreshUrl, clientSecret: 'wrong-canary' }), { transport }));
		expect(result.status).toBe('failed');
		expect(server.delivered).toHaveLength(0);
		expect(JSON.stringify(result)).not.toMatch(/wrong-canary|spec-oauth-canary-secret/);
	});

	test('no credentials (no refresh token stored): a clear error that says to reconnect', async () => {
		await start({ refreshTokens: ['refresh-start'] });
		const config = codeConfig({ refreshUrl: server.refreshUrl });
		(config as { token: { refreshToken?: string } }).token.refreshToken = undefined;
		const [result] = await post(createOAuth2Authorizer(config, { transport }));
		expect(result.error?.message).toMatch(/no refresh token/);
		expect(server.tokenRequests).toHaveLength(0);
	});

	test('a Refresh Token URL over http:// is refused (the client secret would travel in clear)', async () => {
		await start({ refreshTokens: ['refresh-start'] });
		const [result] = await post(createOAuth2Authorizer(codeConfig({ refreshUrl: 'http://127.0.0.1:9/refresh' }), { transport }));
		expect(result.error?.message).toMatch(/refresh token url must use https/i);
	});
});

describe('Access token has a limited validity + Validity, for both grants', () => {
	const clientConfig = (overrides: Partial<OAuth2Config> = {}): OAuth2Config =>
		({ scheme: 'oAuth2', grantType: 'clientCredentials', tokenUrl: server.tokenUrl, clientId: ID, clientSecret: SECRET, clientAuth: 'header', ...overrides }) as OAuth2Config;

	test('client credentials, Validity 60 s and no expires_in: renewed once the clock passes it', async () => {
		await start();
		let now = Date.now();
		const authorizer = createOAuth2Authorizer(clientConfig({ defaultExpiresInSeconds: 60 }), { transport, now: () => now, tokenCache: new TokenCache({ now: () => now }) });
		await post(authorizer);
		await post(authorizer);
		expect(server.tokenRequests).toHaveLength(1);
		now += 61_000;
		await post(authorizer);
		expect(server.tokenRequests).toHaveLength(2);
	});

	test('client credentials, limited validity off: the provider\'s expires_in is ignored, the token kept until a 401', async () => {
		await start({ expiresIn: 1 });
		let now = Date.now();
		const authorizer = createOAuth2Authorizer(clientConfig({ limitedValidity: false }), { transport, now: () => now, tokenCache: new TokenCache({ now: () => now }) });
		await post(authorizer);
		now += 3_600_000;
		const [result] = await post(authorizer);
		expect([result.status, server.tokenRequests.length]).toEqual(['delivered', 1]);
		server.revokeAll();
		expect((await post(authorizer))[0].status).toBe('delivered');
		expect(server.tokenRequests).toHaveLength(2);
	});

	test('authorization code, Validity 60 s: a renewed token without expires_in is renewed again after 60 s', async () => {
		await start({ refreshTokens: ['refresh-start'] });
		let now = Date.now();
		const authorizer = createOAuth2Authorizer(codeConfig({ defaultExpiresInSeconds: 60 }), { transport, now: () => now });
		await post(authorizer);
		await post(authorizer);
		expect(server.tokenRequests).toHaveLength(1);
		now += 61_000;
		await post(authorizer);
		expect(server.tokenRequests).toHaveLength(2);
	});
});

describe('Advanced Settings for the authorization code grant', () => {
	test('the refresh request uses GET, parameters in the URL and the extra headers; wrong client auth is refused', async () => {
		await start({ refreshTokens: ['refresh-start'], clientAuth: 'header' });
		const advanced = { method: 'GET' as const, paramsIn: 'url' as const, headers: { 'x-tenant': 'acme' }, clientAuth: 'header' as const };
		const [result] = await post(createOAuth2Authorizer(codeConfig(advanced), { transport }));
		expect(result.status).toBe('delivered');
		const refresh = server.tokenRequests[0];
		expect([refresh.method, refresh.headers['x-tenant'], new URL(refresh.url, 'https://x').searchParams.get('grant_type')]).toEqual(['GET', 'acme', 'refresh_token']);
		await transport.close();
		await server.close();

		await start({ refreshTokens: ['refresh-start'], clientAuth: 'header' });
		const [refused] = await post(createOAuth2Authorizer(codeConfig({ ...advanced, clientAuth: 'body' }), { transport }));
		expect([refused.status, refused.error?.message]).toEqual(['failed', expect.stringMatching(/invalid_client/)]);
	});
});

describe('the token request runs inside the attempt\'s deadline', () => {
	test('a token endpoint slower than the Timeout ends the attempt at the deadline, before the endpoint answers', async () => {
		await start({ tokenDelayMs: 3000 });
		let answered = false;
		const authorizer = createOAuth2Authorizer(
			{ scheme: 'oAuth2', grantType: 'clientCredentials', tokenUrl: server.tokenUrl, clientId: ID, clientSecret: SECRET, clientAuth: 'body' },
			{ transport, tokenCache: new TokenCache() },
		);
		const [result] = await post(authorizer, server.resourceUrl, 200);
		answered = server.delivered.length > 0;
		expect(result.status).toBe('failed');
		expect(result.attempts[0].message).toMatch(/timeout|within 200 ms/);
		expect(answered).toBe(false);
		// The token endpoint is still holding its answer (3 s) when the attempt is already over.
		expect(server.tokenRequests).toHaveLength(1);
		expect(result.attempts[0].durationMs).toBeLessThan(3000);
	});
});

describe('the credential Test: the node\'s token request, as n8n resolves and sends it', () => {
	const test_ = new WebhookOAuth2Api().test!;
	const nodeTypes = { getByName: () => ({}), getByNameAndVersion: () => ({ description: { properties: [] } }), getKnownTypes: () => ({}) } as unknown as INodeTypes;
	const workflow = new Workflow({ nodes: [{ id: '1', name: 'Test', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} }], connections: {}, active: false, nodeTypes });

	/** What n8n's RoutingNode does with the test request: resolve each field against `$credentials`, then send it. */
	async function runTest(credentials: Record<string, unknown>): Promise<number> {
		const resolve = (value: unknown) => workflow.expression.getParameterValue(value as string, null, 0, 0, 'Test', [], 'internal', { $credentials: credentials } as never);
		const method = String(resolve(test_.request.method));
		const url = String(resolve(test_.request.url));
		const headers = resolve(test_.request.headers) as Record<string, string>;
		const body = String(resolve(test_.request.body) ?? '');
		const dispatcher = new Agent({ connect: { ca: server.cert } });
		try {
			const answer = await undiciRequest(url, { method: method as 'POST', headers, body: method === 'GET' ? undefined : body, dispatcher });
			await answer.body.text();
			return answer.statusCode;
		} finally {
			await dispatcher.close();
		}
	}

	const base = () => ({ accessTokenUrl: server.tokenUrl, clientId: ID, clientSecret: SECRET, scopes: 'a b', authentication: 'body', advancedSettings: false });

	test.each([['body'], ['header']] as const)('Client Authentication %s: no, wrong, right credentials', async (clientAuth) => {
		await start({ clientAuth, expiresIn: 60 });
		expect(await runTest({ ...base(), authentication: clientAuth, clientId: '', clientSecret: '' })).toBe(401);
		expect(await runTest({ ...base(), authentication: clientAuth, clientSecret: 'wrong' })).toBe(401);
		expect(await runTest({ ...base(), authentication: clientAuth })).toBe(200);
		const sent = server.tokenRequests.at(-1)!;
		const params = new URLSearchParams(sent.body.toString());
		expect([params.get('grant_type'), params.get('scope')]).toEqual(['client_credentials', 'a b']);
		expect(clientAuth === 'header' ? sent.headers.authorization : params.get('client_id')).toBe(clientAuth === 'header' ? `Basic ${Buffer.from(`${ID}:${SECRET}`).toString('base64')}` : ID);
	});

	test('the other Client Authentication than the provider\'s is refused, as in deliveries', async () => {
		await start({ clientAuth: 'header' });
		expect(await runTest({ ...base(), authentication: 'body' })).toBe(401);
	});

	test('Advanced Settings: GET with parameters in the URL and the extra headers', async () => {
		await start({});
		const status = await runTest({ ...base(), advancedSettings: true, accessTokenMethod: 'GET', accessTokenParameterType: 'url', accessTokenHeaders: '{"X-Tenant": "acme"}' });
		expect(status).toBe(200);
		const sent = server.tokenRequests.at(-1)!;
		expect([sent.method, sent.headers['x-tenant'], new URL(sent.url, 'https://x').searchParams.get('client_id')]).toEqual(['GET', 'acme', ID]);
		expect(await runTest({ ...base(), advancedSettings: true, accessTokenMethod: 'POST', accessTokenParameterType: 'url', clientSecret: 'wrong' })).toBe(401);
	});
});
