import { createHmac, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

import { reply, startHttpsServer, type TestHttpsServer } from './https-server';
import { openGuardedTransport } from '../../nodes/shared/http/guarded-transport';

/**
 * A loopback OAuth 2.0 authorization server that issues real tokens, written from the RFCs apart
 * from the package's code: client-credentials tokens (RFC 6749 4.4) as JWTs signed RS256 or ES256
 * (RFC 7515 / 7518) with keys it generates and publishes as a JWKS (RFC 7517), or as opaque tokens
 * it answers for at its introspection endpoint (RFC 7662, the resource server authenticating with
 * Basic). Everything it did is recorded.
 */
export interface AuthorizationServer extends TestHttpsServer {
	issuer: string;
	jwksUrl: string;
	introspectionUrl: string;
	/** The resource server's (the trigger's) client for introspection. */
	introspectionClient: { id: string; secret: string };
	/** A token for `client`: a JWT signed with `alg`, or an opaque one. */
	issue(options: { format: 'RS256' | 'ES256' | 'opaque'; audience?: string; expiresIn?: number; nbfIn?: number; nowMs?: number }): string;
	/** Replaces the published keys (rotation): tokens signed before no longer verify. */
	rotateKeys(): void;
	revoke(token: string): void;
	jwksRequests: () => number;
	introspectionRequests: () => number;
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

interface Keys {
	rsa: { privateKey: KeyObject; publicKey: KeyObject; kid: string };
	ec: { privateKey: KeyObject; publicKey: KeyObject; kid: string };
}

const newKeys = (): Keys => ({
	rsa: { ...generateKeyPairSync('rsa', { modulusLength: 2048 }), kid: `rsa-${randomBytes(4).toString('hex')}` },
	ec: { ...generateKeyPairSync('ec', { namedCurve: 'P-256' }), kid: `ec-${randomBytes(4).toString('hex')}` },
});

/** A compact JWS (RFC 7515 section 7.1); ES256 signatures as r ‖ s (RFC 7518 section 3.4). */
export function signJwt(alg: 'RS256' | 'ES256' | 'HS256', key: KeyObject | string, claims: Record<string, unknown>, kid?: string): string {
	const input = `${b64url({ alg, typ: 'JWT', ...(kid ? { kid } : {}) })}.${b64url(claims)}`;
	const signature =
		alg === 'HS256'
			? createHmac('sha256', key as string).update(input).digest()
			: sign('sha256', Buffer.from(input), alg === 'ES256' ? { key: key as KeyObject, dsaEncoding: 'ieee-p1363' } : (key as KeyObject));
	return `${input}.${signature.toString('base64url')}`;
}

export async function startAuthorizationServer(): Promise<AuthorizationServer> {
	let keys = newKeys();
	let jwksCount = 0;
	let introspectionCount = 0;
	const opaque = new Map<string, Record<string, unknown>>();
	const introspectionClient = { id: 'channel-event-trigger', secret: randomBytes(12).toString('hex') };
	let origin = '';

	const server = await startHttpsServer((req, res) => {
		if (req.method === 'GET' && req.url === '/jwks') {
			jwksCount++;
			const jwk = (entry: Keys['rsa'], alg: string) => ({ ...entry.publicKey.export({ format: 'jwk' }), kid: entry.kid, use: 'sig', alg });
			return reply(res, 200, JSON.stringify({ keys: [jwk(keys.rsa, 'RS256'), jwk(keys.ec, 'ES256')] }), { 'content-type': 'application/json' });
		}
		if (req.method === 'POST' && req.url === '/introspect') {
			introspectionCount++;
			const expected = `Basic ${Buffer.from(`${introspectionClient.id}:${introspectionClient.secret}`).toString('base64')}`;
			if (req.headers.authorization !== expected) return reply(res, 401, '{"error":"invalid_client"}', { 'content-type': 'application/json' });
			const token = new URLSearchParams(req.body.toString('utf8')).get('token') ?? '';
			const claims = opaque.get(token);
			const active = claims !== undefined && (claims.exp as number) * 1000 > Date.now();
			return reply(res, 200, JSON.stringify(active ? { active: true, ...claims } : { active: false }), { 'content-type': 'application/json' });
		}
		return reply(res, 404);
	});
	origin = server.origin;

	return {
		...server,
		issuer: origin,
		jwksUrl: `${origin}/jwks`,
		introspectionUrl: `${origin}/introspect`,
		introspectionClient,
		issue({ format, audience = 'channel-event-trigger', expiresIn = 300, nbfIn, nowMs = Date.now() }) {
			const now = Math.floor(nowMs / 1000);
			const claims = { iss: origin, sub: 'platform-client', aud: audience, iat: now, exp: now + expiresIn, ...(nbfIn !== undefined ? { nbf: now + nbfIn } : {}) };
			if (format === 'opaque') {
				const token = randomBytes(24).toString('base64url');
				opaque.set(token, claims);
				return token;
			}
			const entry = format === 'RS256' ? keys.rsa : keys.ec;
			return signJwt(format, entry.privateKey, claims, entry.kid);
		},
		rotateKeys() {
			keys = newKeys();
		},
		revoke(token) {
			opaque.delete(token);
		},
		jwksRequests: () => jwksCount,
		introspectionRequests: () => introspectionCount,
	};
}

/**
 * The transport the JWKS and introspection fetches use, as in n8n with its SSRF protection on: the
 * test server's loopback address allowed explicitly, its self-signed certificate trusted.
 */
export function guardedTransportTo(server: AuthorizationServer): ReturnType<typeof openGuardedTransport> {
	return openGuardedTransport({
		env: { N8N_SSRF_PROTECTION_ENABLED: 'true', N8N_SSRF_ALLOWED_IP_RANGES: '127.0.0.1/32' },
		blockPrivateNetworks: false,
		rejectUnauthorized: true,
		ca: server.cert,
		connections: 2,
		timeoutMs: 5000,
	});
}
