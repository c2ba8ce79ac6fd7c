import { createAuthorizer, TokenCache, type AccessToken } from '../../../nodes/shared/auth';
import { noAuth } from '../../../nodes/shared/auth/authorizer';
import { deliverWith, loopbackTransport } from '../../support/auth-delivery';
import { startOAuthServer, type OAuthServer } from '../../support/auth-servers';

const CLIENT_ID = 'client one:ü';
const CLIENT_SECRET = 'sécret+/=:&value';

describe('OAuth2 against a loopback token endpoint and resource', () => {
	const servers: OAuthServer[] = [];
	const start = async (options: Partial<Parameters<typeof startOAuthServer>[0]> = {}) => {
		const server = await startOAuthServer({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, expiresIn: 3600, ...options });
		servers.push(server);
		return server;
	};
	afterAll(async () => Promise.all(servers.map((s) => s.close())));

	const clientCredentials = (server: OAuthServer, extra: Record<string, unknown> = {}) =>
		({
			scheme: 'oAuth2',
			grantType: 'clientCredentials',
			tokenUrl: server.tokenUrl,
			clientId: CLIENT_ID,
			clientSecret: CLIENT_SECRET,
			clientAuth: 'body',
			scope: 'webhooks.write',
			...extra,
		}) as const;

	it('no credentials: the resource answers 401', async () => {
		const server = await start();
		const transport = loopbackTransport(server.cert);
		const [result] = await deliverWith(noAuth, transport, server.resourceUrl, ['{}']);
		await transport.close();
		expect(result).toMatchObject({ status: 'failed', statusCode: 401 });
		expect(server.tokenRequests).toHaveLength(0);
	});

	it('wrong client secret: the token request fails with a hint and no secret in the error', async () => {
		const server = await start();
		const transport = loopbackTransport(server.cert);
		const authorizer = createAuthorizer(
			{ ...clientCredentials(server), clientSecret: 'wrong-secret-value' },
			{ transport, tokenCache: new TokenCache() },
		);
		const [result] = await deliverWith(authorizer, transport, server.resourceUrl, ['{}']);
		await transport.close();
		expect(result.status).toBe('failed');
		expect(result.attempts[0]).toMatchObject({ errorCode: 'AUTH_FAILED' });
		expect(result.attempts[0].message).toContain('invalid_client');
		expect(JSON.stringify(result)).not.toContain('wrong-secret-value');
		expect(server.delivered).toHaveLength(0);
	});

	it('right credentials: concurrent items share one token request', async () => {
		const server = await start({ tokenDelayMs: 100 });
		const transport = loopbackTransport(server.cert);
		const authorizer = createAuthorizer(clientCredentials(server), { transport, tokenCache: new TokenCache() });
		const results = await deliverWith(authorizer, transport, server.resourceUrl, Array.from({ length: 10 }, (_, i) => `{"i":${i}}`));
		await transport.close();
		expect(results.every((r) => r.status === 'delivered')).toBe(true);
		expect(server.tokenRequests).toHaveLength(1);
		expect(server.delivered).toHaveLength(10);
		const params = new URLSearchParams(server.tokenRequests[0].body.toString());
		expect(Object.fromEntries(params)).toEqual({
			grant_type: 'client_credentials',
			scope: 'webhooks.write',
			client_id: CLIENT_ID,
			client_secret: CLIENT_SECRET,
		});
	});

	it('client authentication as a Basic header, with form-encoded id and secret', async () => {
		const server = await start({ clientAuth: 'header' });
		const transport = loopbackTransport(server.cert);
		const authorizer = createAuthorizer(clientCredentials(server, { clientAuth: 'header' }), { transport, tokenCache: new TokenCache() });
		const [result] = await deliverWith(authorizer, transport, server.resourceUrl, ['{}']);
		await transport.close();
		expect(result.status).toBe('delivered');
		expect(server.tokenRequests[0].body.toString()).not.toContain('client_secret');
	});

	it('advanced settings: GET with parameters in the URL and extra headers', async () => {
		const server = await start();
		const transport = loopbackTransport(server.cert);
		const authorizer = createAuthorizer(clientCredentials(server, { method: 'GET', paramsIn: 'url', headers: { 'X-Tenant': 't-1' } }), {
			transport,
			tokenCache: new TokenCache(),
		});
		const [result] = await deliverWith(authorizer, transport, server.resourceUrl, ['{}']);
		await transport.close();
		expect(result.status).toBe('delivered');
		expect(server.tokenRequests[0]).toMatchObject({ method: 'GET', headers: expect.objectContaining({ 'x-tenant': 't-1' }) });
		expect(new URL(server.tokenRequests[0].url, 'https://x').searchParams.get('grant_type')).toBe('client_credentials');
	});

	it('a 401 forces one refresh shared by concurrent items, then the resend succeeds', async () => {
		const server = await start({ tokenDelayMs: 50 });
		const transport = loopbackTransport(server.cert);
		const authorizer = createAuthorizer(clientCredentials(server), { transport, tokenCache: new TokenCache() });
		await deliverWith(authorizer, transport, server.resourceUrl, ['{}']);
		server.revokeAll();
		const results = await deliverWith(authorizer, transport, server.resourceUrl, ['{"a":1}', '{"a":2}', '{"a":3}', '{"a":4}']);
		await transport.close();
		expect(results.every((r) => r.status === 'delivered' && r.attempts.length === 1)).toBe(true);
		expect(server.tokenRequests).toHaveLength(2);
	});

	it('a token refused even after the refresh: one refresh only, the 401 stands', async () => {
		const server = await start();
		const transport = loopbackTransport(server.cert);
		const authorizer = createAuthorizer(clientCredentials(server), { transport, tokenCache: new TokenCache() });
		const [result] = await deliverWith(authorizer, transport, `${server.origin}/deny`, ['{}']);
		await transport.close();
		expect(result).toMatchObject({ status: 'failed', statusCode: 401 });
		expect(server.tokenRequests).toHaveLength(2);
		expect(server.requests.filter((r) => r.url === '/deny')).toHaveLength(2);
	});

	it('renews before expiry (skew) without a 401 round trip', async () => {
		const server = await start({ expiresIn: 600 });
		const transport = loopbackTransport(server.cert);
		let now = Date.now();
		const tokenCache = new TokenCache({ now: () => now, skewMs: 60_000 });
		const authorizer = createAuthorizer(clientCredentials(server), { transport, tokenCache, now: () => now });
		await deliverWith(authorizer, transport, server.resourceUrl, ['{}']);
		now += 500_000; // 100 s before expiry: still fresh
		await deliverWith(authorizer, transport, server.resourceUrl, ['{}']);
		expect(server.tokenRequests).toHaveLength(1);
		now += 50_000; // 50 s before expiry: inside the skew
		await deliverWith(authorizer, transport, server.resourceUrl, ['{}']);
		await transport.close();
		expect(server.tokenRequests).toHaveLength(2);
		// Every resource request was accepted at once: no 401 round trip was needed.
		expect(server.requests.filter((r) => r.url === '/hook')).toHaveLength(3);
		expect(server.delivered).toHaveLength(3);
	});

	it('the shared cache serves a second authorizer (next execution) with the same credential, not one with another secret', async () => {
		const server = await start();
		const transport = loopbackTransport(server.cert);
		const tokenCache = new TokenCache();
		await deliverWith(createAuthorizer(clientCredentials(server), { transport, tokenCache }), transport, server.resourceUrl, ['{}']);
		await deliverWith(createAuthorizer(clientCredentials(server), { transport, tokenCache }), transport, server.resourceUrl, ['{}']);
		expect(server.tokenRequests).toHaveLength(1);
		const other = createAuthorizer({ ...clientCredentials(server), clientSecret: 'other' }, { transport, tokenCache });
		const [result] = await deliverWith(other, transport, server.resourceUrl, ['{}']);
		await transport.close();
		expect(result.status).toBe('failed');
		expect(server.tokenRequests).toHaveLength(2);
	});

	it('refuses a plain http token URL before sending the secret', async () => {
		const transport = loopbackTransport('');
		const authorizer = createAuthorizer(
			{ scheme: 'oAuth2', grantType: 'clientCredentials', tokenUrl: 'http://127.0.0.1:9/token', clientId: 'a', clientSecret: 'b', clientAuth: 'body' },
			{ transport, tokenCache: new TokenCache() },
		);
		await expect(authorizer.authorize({ method: 'POST', url: 'https://127.0.0.1/hook', headers: {} })).rejects.toMatchObject({ code: 'INSECURE_URL' });
		await transport.close();
	});

	describe('authorization code', () => {
		it('refreshes an expired stored token with the refresh token and hands over the rotated one', async () => {
			const server = await start({ refreshTokens: ['refresh-0'], rotateRefreshTokens: true });
			const transport = loopbackTransport(server.cert);
			const stored: AccessToken[] = [];
			const config = {
				scheme: 'oAuth2' as const,
				grantType: 'authorizationCode' as const,
				tokenUrl: server.tokenUrl,
				clientId: CLIENT_ID,
				clientSecret: CLIENT_SECRET,
				clientAuth: 'header' as const,
				token: { accessToken: 'expired-access', refreshToken: 'refresh-0', expiresAt: Date.now() - 1000, obtainedAt: Date.now() - 3_601_000 },
			};
			const authorizer = createAuthorizer(config, { transport, onTokenRefreshed: (token) => void stored.push(token) });
			const results = await deliverWith(authorizer, transport, server.resourceUrl, ['{"a":1}', '{"a":2}']);
			expect(results.map((r) => r.status)).toEqual(['delivered', 'delivered']);
			expect(server.tokenRequests).toHaveLength(1);
			expect(new URLSearchParams(server.tokenRequests[0].body.toString()).get('grant_type')).toBe('refresh_token');
			expect(stored).toHaveLength(1);
			expect(stored[0].refreshToken).toMatch(/^refresh-/);
			expect(stored[0].refreshToken).not.toBe('refresh-0');
			expect(server.refreshTokens.has('refresh-0')).toBe(false);

			// The next execution starts from what was stored and still works after another expiry.
			server.revokeAll();
			const next = createAuthorizer({ ...config, token: { ...stored[0], accessToken: stored[0].accessToken } }, { transport });
			const [again] = await deliverWith(next, transport, server.resourceUrl, ['{}']);
			await transport.close();
			expect(again.status).toBe('delivered');
			expect(server.tokenRequests).toHaveLength(2);
		});

		it('uses the injected refresh (n8n) instead of its own token request', async () => {
			const server = await start();
			const transport = loopbackTransport(server.cert);
			server.validTokens.add('n8n-renewed');
			let calls = 0;
			const authorizer = createAuthorizer(
				{
					scheme: 'oAuth2',
					grantType: 'authorizationCode',
					tokenUrl: server.tokenUrl,
					clientId: CLIENT_ID,
					clientSecret: CLIENT_SECRET,
					clientAuth: 'header',
					token: { accessToken: 'stale-one' },
				},
				{
					transport,
					refresh: async () => {
						calls++;
						return { accessToken: 'n8n-renewed', obtainedAt: Date.now() };
					},
				},
			);
			const results = await deliverWith(authorizer, transport, server.resourceUrl, ['{}', '{}', '{}']);
			await transport.close();
			expect(results.every((r) => r.status === 'delivered')).toBe(true);
			expect(calls).toBe(1);
			expect(server.tokenRequests).toHaveLength(0);
		});

		it('a credential that was never connected fails with a hint', () => {
			expect(() =>
				createAuthorizer({
					scheme: 'oAuth2',
					grantType: 'authorizationCode',
					tokenUrl: 'https://127.0.0.1/token',
					clientId: 'a',
					clientSecret: 'b',
					clientAuth: 'header',
					token: { accessToken: '' },
				}),
			).toThrow(/not connected/);
		});
	});
});

describe('OAuth2 token validity when the provider states none', () => {
	it('uses the configured validity to renew in time', async () => {
		const server = await startOAuthServer({ clientId: 'v', clientSecret: 's', expiresIn: undefined });
		const transport = loopbackTransport(server.cert);
		let now = Date.now();
		const tokenCache = new TokenCache({ now: () => now, skewMs: 60_000 });
		const config = {
			scheme: 'oAuth2' as const,
			grantType: 'clientCredentials' as const,
			tokenUrl: server.tokenUrl,
			clientId: 'v',
			clientSecret: 's',
			clientAuth: 'body' as const,
			defaultExpiresInSeconds: 300,
		};
		const authorizer = createAuthorizer(config, { transport, tokenCache, now: () => now });
		await deliverWith(authorizer, transport, server.resourceUrl, ['{}']);
		now += 250_000; // inside the 60 s skew of the assumed 300 s lifetime
		await deliverWith(authorizer, transport, server.resourceUrl, ['{}']);
		await transport.close();
		await server.close();
		expect(server.tokenRequests).toHaveLength(2);
		expect(server.delivered).toHaveLength(2);
	});
});
