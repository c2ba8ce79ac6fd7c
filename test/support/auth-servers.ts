import { createHash, createHmac, randomBytes } from 'node:crypto';

import { reply, startHttpsServer, type RecordedRequest, type TestHttpsServer } from './https-server';

/**
 * Loopback HTTPS receivers that check authorization the way real servers do, written from the RFCs
 * independently of the package's authorizers (no shared code), so a wrong client fails here.
 */

/** Reads `name=value` / `name="value"` pairs of an Authorization header. */
export function authParams(header: string): Record<string, string> {
	const params: Record<string, string> = {};
	const pattern = /([a-zA-Z*]+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g;
	for (const match of header.replace(/^\S+\s+/, '').matchAll(pattern)) {
		params[match[1].toLowerCase()] = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : match[3];
	}
	return params;
}

// ---------------------------------------------------------------- Digest (RFC 7616)

const HASHES: Record<string, string> = { MD5: 'md5', 'SHA-256': 'sha256', 'SHA-512-256': 'sha512-256' };

export interface DigestServerOptions {
	user: string;
	password: string;
	realm?: string;
	/** Challenges offered on each 401, e.g. [{ algorithm: 'SHA-256', qop: 'auth' }]. */
	offers?: Array<{ algorithm: string; qop?: string }>;
	/** A nonce is answered `stale=true` after this many accepted uses. */
	nonceUses?: number;
}

export interface DigestServer extends TestHttpsServer {
	/** Every nonce issued, in order. */
	nonces: string[];
	accepted: number;
	/** Accepted requests' (nonce, nc) pairs. */
	seen: Array<{ nonce: string; nc: string; qop?: string; algorithm: string }>;
	/** Why requests were refused. */
	refusals: string[];
	/** Expires every nonce issued so far (the next use gets stale=true). */
	expireNonces(): void;
}

export async function startDigestServer(options: DigestServerOptions): Promise<DigestServer> {
	const realm = options.realm ?? 'webhooks@127.0.0.1';
	const offers = options.offers ?? [{ algorithm: 'SHA-256', qop: 'auth' }];
	const nonces: string[] = [];
	const uses = new Map<string, { count: number; expired: boolean; ncSeen: Set<string> }>();
	const seen: DigestServer['seen'] = [];
	const refusals: string[] = [];
	let accepted = 0;

	const challenge = (stale: boolean) =>
		offers.map(({ algorithm, qop }) => {
			const nonce = randomBytes(16).toString('base64');
			nonces.push(nonce);
			uses.set(nonce, { count: 0, expired: false, ncSeen: new Set() });
			return `Digest realm="${realm}", nonce="${nonce}", algorithm=${algorithm}${qop ? `, qop="${qop}"` : ''}, opaque="opq-1"${stale ? ', stale=true' : ''}`;
		});

	const check = (req: RecordedRequest): 'ok' | 'stale' | string => {
		const header = req.headers.authorization;
		if (!header || !header.startsWith('Digest ')) return 'no digest authorization';
		const p = authParams(header);
		const state = uses.get(p.nonce);
		if (!state) return 'unknown nonce';
		if (p.realm !== realm || p.uri !== req.url || p.opaque !== 'opq-1') return 'realm, uri or opaque mismatch';
		const algorithm = p.algorithm ?? 'MD5';
		const family = algorithm.replace(/-sess$/i, '');
		const hashName = HASHES[family];
		if (!hashName) return 'unsupported algorithm';
		const h = (data: string | Buffer) => createHash(hashName).update(data).digest('hex');
		let ha1 = h(`${options.user}:${realm}:${options.password}`);
		if (/-sess$/i.test(algorithm)) ha1 = h(`${ha1}:${p.nonce}:${p.cnonce}`);
		const ha2 = p.qop === 'auth-int' ? h(`${req.method}:${p.uri}:${h(req.body)}`) : h(`${req.method}:${p.uri}`);
		const expected = p.qop ? h(`${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:${p.qop}:${ha2}`) : h(`${ha1}:${p.nonce}:${ha2}`);
		if (p.username !== options.user || p.response !== expected) return 'wrong response';
		if (p.qop) {
			if (!/^[0-9a-f]{8}$/.test(p.nc ?? '') || !p.cnonce) return 'bad nc or cnonce';
			// RFC 7616 3.3: a repeated nc is a replay. Concurrent requests may arrive out of order, which is fine.
			if (state.ncSeen.has(p.nc)) return 'replayed nc';
			state.ncSeen.add(p.nc);
		}
		if (state.expired || (options.nonceUses !== undefined && state.count >= options.nonceUses)) return 'stale';
		state.count++;
		seen.push({ nonce: p.nonce, nc: p.nc, qop: p.qop, algorithm });
		return 'ok';
	};

	const server = await startHttpsServer((req, res) => {
		const verdict = check(req);
		if (verdict === 'ok') {
			accepted++;
			reply(res, 200, 'ok');
			return;
		}
		if (verdict !== 'stale' && verdict !== 'no digest authorization') refusals.push(verdict);
		res.writeHead(401, { 'www-authenticate': challenge(verdict === 'stale'), 'content-type': 'text/plain' });
		res.end('unauthorized');
	});
	return Object.assign(server, {
		nonces,
		seen,
		refusals,
		get accepted() {
			return accepted;
		},
		expireNonces: () => {
			for (const state of uses.values()) state.expired = true;
		},
	});
}

// ---------------------------------------------------------------- OAuth 2.0 (RFC 6749, RFC 6750)

export interface OAuthServerOptions {
	clientId: string;
	clientSecret: string;
	/** Token lifetime in seconds; omitted from the answer when undefined. */
	expiresIn?: number;
	/** Where the client must authenticate. */
	clientAuth?: 'header' | 'body';
	/** Refresh tokens accepted at start (authorization code grant). */
	refreshTokens?: string[];
	/** Issue a new refresh token on each refresh (rotation) and retire the used one. */
	rotateRefreshTokens?: boolean;
	/** Milliseconds the token endpoint waits before answering (to make callers overlap). */
	tokenDelayMs?: number;
	/** Refresh tokens are exchanged only at `/refresh` (a provider with a separate Refresh Token URL). */
	refreshOnlyAtRefreshPath?: boolean;
}

export interface OAuthServer extends TestHttpsServer {
	tokenUrl: string;
	/** The separate refresh endpoint (`/refresh`); it answers like `/token`. */
	refreshUrl: string;
	resourceUrl: string;
	tokenRequests: RecordedRequest[];
	/** Access tokens currently accepted by the resource. */
	validTokens: Set<string>;
	refreshTokens: Set<string>;
	/** Resource requests with a valid token. */
	delivered: RecordedRequest[];
	/** Makes every access token issued so far invalid (as if revoked or expired early). */
	revokeAll(): void;
}

/** Decodes a form-encoded component (space as +), as RFC 6749 Appendix B defines. */
const formDecode = (value: string) => decodeURIComponent(value.replace(/\+/g, ' '));

export async function startOAuthServer(options: OAuthServerOptions): Promise<OAuthServer> {
	const tokenRequests: RecordedRequest[] = [];
	const validTokens = new Set<string>();
	const refreshTokens = new Set(options.refreshTokens ?? []);
	const delivered: RecordedRequest[] = [];
	let issued = 0;

	const json = (res: Parameters<typeof reply>[0], status: number, body: unknown) => {
		res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
		res.end(JSON.stringify(body));
	};

	const server = await startHttpsServer(async (req, res) => {
		const url = new URL(req.url, 'https://127.0.0.1');
		if (url.pathname === '/token' || url.pathname === '/refresh') {
			tokenRequests.push(req);
			if (options.tokenDelayMs) await new Promise((resolve) => setTimeout(resolve, options.tokenDelayMs));
			const params = new URLSearchParams(req.method === 'GET' ? url.search : req.body.toString('utf8'));
			for (const [name, value] of url.searchParams) if (!params.has(name)) params.set(name, value);
			let id: string | undefined;
			let secret: string | undefined;
			const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
			if (basic) {
				const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
				const colon = decoded.indexOf(':');
				id = formDecode(decoded.slice(0, colon));
				secret = formDecode(decoded.slice(colon + 1));
			} else {
				id = params.get('client_id') ?? undefined;
				secret = params.get('client_secret') ?? undefined;
			}
			const method = basic ? 'header' : 'body';
			if (id !== options.clientId || secret !== options.clientSecret || (options.clientAuth && options.clientAuth !== method)) {
				json(res, 401, { error: 'invalid_client', error_description: 'Client authentication failed' });
				return;
			}
			const grant = params.get('grant_type');
			let refreshToken: string | undefined;
			if (grant === 'refresh_token') {
				if (options.refreshOnlyAtRefreshPath && url.pathname !== '/refresh') {
					json(res, 400, { error: 'invalid_grant', error_description: 'Refresh tokens are exchanged at /refresh' });
					return;
				}
				const presented = params.get('refresh_token') ?? '';
				if (!refreshTokens.has(presented)) {
					json(res, 400, { error: 'invalid_grant' });
					return;
				}
				if (options.rotateRefreshTokens) {
					refreshTokens.delete(presented);
					refreshToken = `refresh-${++issued}-${randomBytes(4).toString('hex')}`;
					refreshTokens.add(refreshToken);
				}
			} else if (grant !== 'client_credentials') {
				json(res, 400, { error: 'unsupported_grant_type' });
				return;
			}
			const accessToken = `access-${++issued}-${randomBytes(8).toString('hex')}`;
			validTokens.add(accessToken);
			json(res, 200, {
				access_token: accessToken,
				token_type: 'Bearer',
				...(options.expiresIn !== undefined ? { expires_in: options.expiresIn } : {}),
				...(refreshToken ? { refresh_token: refreshToken } : {}),
				...(params.get('scope') ? { scope: params.get('scope') } : {}),
			});
			return;
		}
		const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
		// `/deny` refuses every token, to show that a refreshed token is tried once, not forever.
		if (!token || !validTokens.has(token) || url.pathname === '/deny') {
			res.writeHead(401, { 'www-authenticate': 'Bearer realm="webhooks", error="invalid_token"' });
			res.end();
			return;
		}
		delivered.push(req);
		reply(res, 200, 'ok');
	});
	return Object.assign(server, {
		tokenUrl: `${server.origin}/token`,
		refreshUrl: `${server.origin}/refresh`,
		resourceUrl: `${server.origin}/hook`,
		tokenRequests,
		validTokens,
		refreshTokens,
		delivered,
		revokeAll: () => validTokens.clear(),
	});
}

// ---------------------------------------------------------------- AWS SigV4

export interface SigV4ReceiverOptions {
	accessKeyId: string;
	secretAccessKey: string;
	region: string;
	service: string;
	sessionToken?: string;
	/** Signatures older than this are refused, as AWS does (5 minutes). */
	maxSkewMs?: number;
	now?: () => number;
}

export interface SigV4Receiver extends TestHttpsServer {
	accepted: RecordedRequest[];
	refusals: string[];
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();
/** RFC 3986 unreserved characters stay, everything else is %XX (SigV4 URI encoding). */
const uriEncode = (value: string) => encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Recomputes the SigV4 signature of each request from what arrived on the wire. */
export async function startSigV4Receiver(options: SigV4ReceiverOptions): Promise<SigV4Receiver> {
	const accepted: RecordedRequest[] = [];
	const refusals: string[] = [];
	const verify = (req: RecordedRequest): string | undefined => {
		const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
			req.headers.authorization ?? '',
		);
		if (!match) return 'no SigV4 authorization';
		const [, keyId, day, region, service, signedHeaders, signature] = match;
		if (keyId !== options.accessKeyId) return 'unknown access key';
		if (region !== options.region || service !== options.service) return 'wrong scope';
		const amzDate = String(req.headers['x-amz-date'] ?? '');
		if (!amzDate.startsWith(day)) return 'date mismatch';
		const signedAt = Date.parse(amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
		if (Math.abs((options.now ?? Date.now)() - signedAt) > (options.maxSkewMs ?? 300_000)) return 'signature expired';
		const names = signedHeaders.split(';');
		if (!names.includes('host') || !names.includes('x-amz-date')) return 'host or date not signed';
		if (options.sessionToken && (req.headers['x-amz-security-token'] !== options.sessionToken || !names.includes('x-amz-security-token'))) {
			return 'session token missing';
		}
		const url = new URL(req.url, 'https://x');
		const query = [...url.searchParams]
			.map(([k, v]) => [uriEncode(k), uriEncode(v)])
			.sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1))
			.map(([k, v]) => `${k}=${v}`)
			.join('&');
		const headerLines = names.map((name) => `${name}:${String(req.headers[name] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
		// Non-S3 services sign each path segment encoded once more than it travels (AWS SigV4 docs).
		const path = url.pathname.split('/').map((segment) => uriEncode(segment)).join('/');
		const canonical = [req.method, path, query, headerLines, signedHeaders, sha256(req.body)].join('\n');
		const stringToSign = ['AWS4-HMAC-SHA256', amzDate, `${day}/${region}/${service}/aws4_request`, sha256(canonical)].join('\n');
		const key = hmac(hmac(hmac(hmac(`AWS4${options.secretAccessKey}`, day), region), service), 'aws4_request');
		const expected = createHmac('sha256', key).update(stringToSign).digest('hex');
		return expected === signature ? undefined : 'signature mismatch';
	};
	const server = await startHttpsServer((req, res) => {
		const problem = verify(req);
		if (problem) {
			refusals.push(problem);
			reply(res, 403, JSON.stringify({ message: problem }), { 'content-type': 'application/json' });
			return;
		}
		accepted.push(req);
		reply(res, 200, 'ok');
	});
	return Object.assign(server, { accepted, refusals });
}
