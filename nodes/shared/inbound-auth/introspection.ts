import { createHash } from 'node:crypto';

import { clientBasicAuthorization, formEncode } from '../auth/token-request';
import { WebhookError } from '../errors';
import type { Transport } from '../http/types';

/**
 * OAuth 2.0 Token Introspection (RFC 7662): an opaque bearer token is sent to the authorization
 * server's introspection endpoint, the trigger authenticating as a client with HTTP Basic
 * (section 2.1), through the guarded transport. An active answer is cached per token (its SHA-256,
 * never the token) until the token's `exp`, or INTROSPECTION_CACHE_MS when the answer has none;
 * inactive answers are not cached, so a token that becomes active later is accepted then.
 */
export interface IntrospectionEndpoint {
	url: string;
	clientId: string;
	clientSecret: string;
}

export const INTROSPECTION_CACHE_MS = 60 * 1000;
const MAX_TOKENS = 1000;

export type Introspected = Record<string, unknown> & { active: boolean };

export class IntrospectionCache {
	private readonly answers = new Map<string, { claims: Introspected; until: number }>();

	async introspect(token: string, endpoint: IntrospectionEndpoint, transport: Transport, nowMs: number): Promise<Introspected> {
		const key = createHash('sha256').update(`${endpoint.url}\0${token}`).digest('base64url');
		const cached = this.answers.get(key);
		if (cached && cached.until > nowMs) return cached.claims;
		this.answers.delete(key);
		const claims = await introspect(token, endpoint, transport);
		if (claims.active) {
			const until = typeof claims.exp === 'number' ? claims.exp * 1000 : nowMs + INTROSPECTION_CACHE_MS;
			if (until > nowMs) this.answers.set(key, { claims, until });
			if (this.answers.size > MAX_TOKENS) this.answers.delete(this.answers.keys().next().value!);
		}
		return claims;
	}
}

export const processIntrospectionCache = new IntrospectionCache();

async function introspect(token: string, endpoint: IntrospectionEndpoint, transport: Transport): Promise<Introspected> {
	const response = await transport.send(
		{
			method: 'POST',
			url: endpoint.url,
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				accept: 'application/json',
				authorization: clientBasicAuthorization(endpoint.clientId, endpoint.clientSecret),
			},
			body: Buffer.from(`token=${formEncode(token)}&token_type_hint=access_token`, 'utf8'),
		},
		AbortSignal.timeout(10_000),
	);
	if (response.status !== 200) throw new WebhookError('AUTH_FAILED', `the introspection endpoint answered ${response.status}`);
	let parsed: unknown;
	try {
		parsed = JSON.parse(response.body.toString('utf8'));
	} catch {
		throw new WebhookError('AUTH_FAILED', 'the introspection endpoint did not answer JSON');
	}
	if (!parsed || typeof parsed !== 'object' || typeof (parsed as { active?: unknown }).active !== 'boolean') {
		throw new WebhookError('AUTH_FAILED', 'the introspection answer has no boolean active member');
	}
	return parsed as Introspected;
}
