import { openGuardedTransport } from '../../../nodes/shared/http/guarded-transport';
import { IntrospectionCache } from '../../../nodes/shared/inbound-auth/introspection';
import { JwksCache } from '../../../nodes/shared/inbound-auth/jwks';
import { resolveInboundAuth, verifyInboundAuth, type BearerInboundAuth, type InboundAuth } from '../../../nodes/shared/inbound-auth';
import { signJwt, guardedTransportTo, startAuthorizationServer, type AuthorizationServer } from '../../support/authorization-server';

let as: AuthorizationServer;
let guarded: ReturnType<typeof openGuardedTransport>;

beforeAll(async () => {
	as = await startAuthorizationServer();
	guarded = guardedTransportTo(as);
});
afterAll(async () => {
	await guarded.transport.close();
	await as.close();
});

const request = (token?: string) => ({ method: 'POST', url: '/webhook/x/channel-events', headers: token ? { authorization: `Bearer ${token}` } : {} });

async function check(auth: InboundAuth, token: string | undefined, deps: { jwks?: JwksCache; introspection?: IntrospectionCache } = {}, nowMs = Date.now()) {
	const resolved = await resolveInboundAuth(auth, request(token), { transport: guarded.transport, ...deps }, nowMs);
	return verifyInboundAuth(resolved, request(token), nowMs);
}

describe('OAuth 2.0 bearer on receipt: JWT', () => {
	const jwks = (): BearerInboundAuth => ({ type: 'oAuth2', mode: 'jwt', jwksUrl: as.jwksUrl, issuer: as.issuer, audience: 'channel-event-trigger' });

	test.each(['RS256', 'ES256'] as const)('%s token from the authorization server verifies with its JWKS, fetched once and cached', async (format) => {
		const cache = new JwksCache();
		const before = as.jwksRequests();
		expect(await check(jwks(), as.issue({ format }), { jwks: cache })).toEqual({ ok: true });
		expect(await check(jwks(), as.issue({ format }), { jwks: cache })).toEqual({ ok: true });
		expect(as.jwksRequests() - before).toBe(1);
	});

	test('expired, not yet valid, wrong audience and wrong issuer are refused with RFC 6750 invalid_token', async () => {
		const cases: Array<[string, string, Partial<BearerInboundAuth>]> = [
			[as.issue({ format: 'RS256', expiresIn: -120 }), 'expired', {}],
			[as.issue({ format: 'RS256', nbfIn: 300 }), 'not valid yet', {}],
			[as.issue({ format: 'RS256', audience: 'someone-else' }), 'aud', {}],
			[as.issue({ format: 'ES256' }), 'iss', { issuer: 'https://other.example' }],
		];
		for (const [token, reason, change] of cases) {
			const verdict = await check({ ...jwks(), ...change }, token, { jwks: new JwksCache() });
			expect(verdict).toMatchObject({ ok: false, reason: expect.stringContaining(reason), challenge: 'Bearer realm="Channel Event Trigger", error="invalid_token"' });
		}
	});

	test('exp within the leeway still passes', async () => {
		expect(await check(jwks(), as.issue({ format: 'RS256', expiresIn: -30 }), { jwks: new JwksCache() })).toEqual({ ok: true });
	});

	test('after a key rotation a token with an unknown kid refetches the JWKS', async () => {
		const cache = new JwksCache();
		expect((await check(jwks(), as.issue({ format: 'RS256' }), { jwks: cache }, 1_000_000)).ok).toBe(true);
		as.rotateKeys();
		const before = as.jwksRequests();
		// Past the refetch pause: the new kid is fetched.
		expect(await check(jwks(), as.issue({ format: 'RS256' }), { jwks: cache }, 1_000_000 + 61_000)).toEqual({ ok: true });
		expect(as.jwksRequests() - before).toBe(1);
	});

	test('a token signed by another key with the same kid is refused', async () => {
		const { generateKeyPairSync } = await import('node:crypto');
		const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
		const good = as.issue({ format: 'RS256' });
		const kid = JSON.parse(Buffer.from(good.split('.')[0], 'base64url').toString()).kid as string;
		const claims = JSON.parse(Buffer.from(good.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
		const forged = signJwt('RS256', other.privateKey, claims, kid);
		expect(await check(jwks(), forged, { jwks: new JwksCache() })).toMatchObject({ ok: false, reason: expect.stringContaining('signature') });
	});

	test('HS256 with the credential\'s secret; alg none and HS256 against a public key are refused', async () => {
		const now = Math.floor(Date.now() / 1000);
		const claims = { iss: 'platform', aud: 'n8n', exp: now + 60 };
		const auth: BearerInboundAuth = { type: 'oAuth2', mode: 'jwt', secret: 'a shared secret of 32 bytes or more!', issuer: 'platform', audience: 'n8n' };
		expect(await check(auth, signJwt('HS256', 'a shared secret of 32 bytes or more!', claims))).toEqual({ ok: true });
		expect((await check(auth, signJwt('HS256', 'another secret', claims))).ok).toBe(false);
		const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
		expect(await check(auth, none)).toMatchObject({ ok: false, reason: expect.stringContaining('match no configured key') });
		// The classic confusion: the public key's PEM used as an HMAC secret.
		const { generateKeyPairSync } = await import('node:crypto');
		const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
		const pem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
		const pemAuth: BearerInboundAuth = { type: 'oAuth2', mode: 'jwt', publicKey: pem };
		expect(await check(pemAuth, signJwt('RS256', pair.privateKey, claims))).toEqual({ ok: true });
		expect((await check(pemAuth, signJwt('HS256', pem, claims))).ok).toBe(false);
	});

	test('no token: 401 with a bare Bearer challenge', async () => {
		expect(await check(jwks(), undefined)).toMatchObject({ ok: false, challenge: 'Bearer realm="Channel Event Trigger"' });
	});

	test('the JWKS is fetched through the SSRF guard: with loopback blocked the token is refused and nothing is fetched', async () => {
		const blocked = openGuardedTransport({ env: { N8N_SSRF_PROTECTION_ENABLED: 'true' }, blockPrivateNetworks: false, rejectUnauthorized: true, ca: as.cert, connections: 1, timeoutMs: 5000 });
		const before = as.jwksRequests();
		const resolved = await resolveInboundAuth(jwks(), request(as.issue({ format: 'RS256' })), { transport: blocked.transport, jwks: new JwksCache() });
		const verdict = verifyInboundAuth(resolved, request(as.issue({ format: 'RS256' })));
		await blocked.transport.close();
		expect(verdict).toMatchObject({ ok: false, reason: expect.stringMatching(/could not be checked.*(blocked|127\.0\.0\.1)/i) });
		expect(as.jwksRequests()).toBe(before);
	});
});

describe('OAuth 2.0 bearer on receipt: opaque token, RFC 7662 introspection', () => {
	const introspection = (): BearerInboundAuth => ({
		type: 'oAuth2',
		mode: 'introspection',
		introspection: { url: as.introspectionUrl, clientId: as.introspectionClient.id, clientSecret: as.introspectionClient.secret },
		audience: 'channel-event-trigger',
	});

	test('an active token passes and is introspected once while cached', async () => {
		const cache = new IntrospectionCache();
		const token = as.issue({ format: 'opaque' });
		const before = as.introspectionRequests();
		expect(await check(introspection(), token, { introspection: cache })).toEqual({ ok: true });
		expect(await check(introspection(), token, { introspection: cache })).toEqual({ ok: true });
		expect(as.introspectionRequests() - before).toBe(1);
	});

	test('the cache ends at the token\'s exp: a revoked token is refused once it is asked again', async () => {
		const cache = new IntrospectionCache();
		const token = as.issue({ format: 'opaque', expiresIn: 60 });
		expect((await check(introspection(), token, { introspection: cache })).ok).toBe(true);
		as.revoke(token);
		expect(await check(introspection(), token, { introspection: cache }, Date.now() + 61_000)).toMatchObject({ ok: false, reason: expect.stringContaining('not active') });
	});

	test('an unknown token, a wrong audience and wrong client credentials are refused', async () => {
		expect(await check(introspection(), 'not-a-token', { introspection: new IntrospectionCache() })).toMatchObject({ ok: false, reason: expect.stringContaining('not active') });
		const other = as.issue({ format: 'opaque', audience: 'another-api' });
		expect(await check(introspection(), other, { introspection: new IntrospectionCache() })).toMatchObject({ ok: false, reason: expect.stringContaining('aud') });
		const wrongClient = { ...introspection(), introspection: { ...introspection().introspection!, clientSecret: 'wrong' } };
		expect(await check(wrongClient, as.issue({ format: 'opaque' }), { introspection: new IntrospectionCache() })).toMatchObject({ ok: false, reason: expect.stringContaining('401') });
	});
});
