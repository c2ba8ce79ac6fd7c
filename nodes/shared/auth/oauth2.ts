import { createHash } from 'node:crypto';

import { WebhookError } from '../errors';
import type { Authorizer } from './authorizer';
import type { CancelSignal, OutgoingRequest, ResponseHead, Transport } from '../http/types';
import { TokenCache, sharedTokenCache, type AccessToken } from './token-cache';
import { requestToken, type TokenEndpointConfig } from './token-request';

/**
 * OAuth 2.0 bearer authorization (RFC 6749, RFC 6750) for both grants of the spec.
 * - Client credentials: the node fetches tokens itself from the token endpoint.
 * - Authorization code: the user connected the account through n8n's OAuth2 flow; the stored
 *   token is used and renewed with the refresh token (by n8n, through `refresh`, when the adapter
 *   can, so n8n stores a rotated refresh token).
 * Either way: one token serves every item while fresh, it is renewed before expiry, concurrent
 * renewals share one request, and a 401 triggers one forced renewal and one resend.
 */
export interface OAuth2ClientCredentialsConfig extends TokenEndpointConfig {
	scheme: 'oAuth2';
	grantType: 'clientCredentials';
}

export interface OAuth2AuthorizationCodeConfig extends TokenEndpointConfig {
	scheme: 'oAuth2';
	grantType: 'authorizationCode';
	/** The token n8n stored when the user connected the account. */
	token: Omit<AccessToken, 'obtainedAt'> & { obtainedAt?: number };
	/** A stable name for this credential (its id), to key the token within the authorizer. */
	credentialKey?: string;
}

export type OAuth2Config = OAuth2ClientCredentialsConfig | OAuth2AuthorizationCodeConfig;

export interface OAuth2Deps {
	transport?: Transport;
	now?: () => number;
	/** Client-credentials tokens; the process-wide shared cache by default. */
	tokenCache?: TokenCache;
	/**
	 * Authorization code: renews the token. By default a refresh_token grant goes to the token
	 * endpoint through the transport and `onTokenRefreshed` is told the result (to store a rotated
	 * refresh token).
	 */
	refresh?: (current: AccessToken, signal?: CancelSignal) => Promise<AccessToken>;
	onTokenRefreshed?: (token: AccessToken) => Promise<void> | void;
}

/**
 * Client-credentials tokens are cached per (token URL, client id, scope) as the spec's advanced
 * settings define them; the secret's hash is part of the key too, so a credential with the right
 * client id but a wrong secret never receives a token another credential obtained.
 */
export function clientCredentialsCacheKey(config: TokenEndpointConfig): string {
	const secret = createHash('sha256').update(config.clientSecret).digest('hex');
	return JSON.stringify([
		config.tokenUrl,
		config.clientId,
		(config.scope ?? '').trim().split(/\s+/).sort().join(' '),
		secret,
		config.clientAuth,
		config.method ?? 'POST',
		config.paramsIn ?? 'body',
		config.headers ?? {},
		config.refreshUrl ?? '',
		config.limitedValidity ?? true,
		config.defaultExpiresInSeconds ?? 0,
	]);
}

function requireField(value: string | undefined, field: string): void {
	if (!value?.trim()) {
		throw new WebhookError('INVALID_CONFIG', `The OAuth2 credential has no ${field}`, {
			hint: `Fill "${field}" in the OAuth2 credential`,
			data: { scheme: 'oAuth2' },
		});
	}
}

function bearer(request: OutgoingRequest, token: AccessToken): OutgoingRequest {
	return { ...request, headers: { ...request.headers, authorization: `Bearer ${token.accessToken}` } };
}

export function createOAuth2Authorizer(config: OAuth2Config, deps: OAuth2Deps = {}): Authorizer {
	const now = deps.now ?? Date.now;
	requireField(config.tokenUrl, 'Access Token URL');
	requireField(config.clientId, 'Client ID');

	let cache: TokenCache;
	let key: string;
	let fetch: (signal?: CancelSignal) => Promise<AccessToken>;

	if (config.grantType === 'clientCredentials') {
		requireField(config.clientSecret, 'Client Secret');
		const transport = deps.transport;
		if (!transport) throw new TypeError('[oauth2] a transport is required for the client credentials grant');
		cache = deps.tokenCache ?? sharedTokenCache;
		key = clientCredentialsCacheKey(config);
		fetch = async (signal) => {
			// RFC 6749 4.4.3 lets a server issue a refresh token here; if it did, renew with it (at the
			// Refresh Token URL when one is set) and fall back to a new grant if it is refused.
			const current = cache.peek(key);
			if (current?.refreshToken) {
				try {
					const renewed = await requestToken(config, { grant_type: 'refresh_token', refresh_token: current.refreshToken }, transport, now, signal);
					return { ...renewed, refreshToken: renewed.refreshToken ?? current.refreshToken };
				} catch (error) {
					if (signal?.aborted) throw error;
				}
			}
			return await requestToken(config, { grant_type: 'client_credentials' }, transport, now, signal);
		};
	} else {
		if (!config.token?.accessToken) {
			throw new WebhookError('AUTH_FAILED', 'The OAuth2 credential is not connected: it holds no access token', {
				hint: 'Open the OAuth2 credential and click "Connect my account" (Authorization Code grant)',
				data: { scheme: 'oAuth2' },
			});
		}
		// The stored token belongs to this credential alone; a private cache keeps it apart.
		cache = new TokenCache({ now });
		key = config.credentialKey ?? 'authorizationCode';
		cache.seed(key, { ...config.token, obtainedAt: config.token.obtainedAt ?? now() });
		const refresh =
			deps.refresh ??
			(async (current: AccessToken, signal?: CancelSignal) => {
				if (!current.refreshToken) {
					throw new WebhookError('AUTH_FAILED', 'The OAuth2 access token expired and the credential holds no refresh token', {
						hint: 'Reconnect the OAuth2 credential; ask the provider for offline access (a refresh token) if it offers it',
						data: { scheme: 'oAuth2' },
					});
				}
				if (!deps.transport) throw new TypeError('[oauth2] a transport is required to refresh tokens');
				const renewed = await requestToken(config, { grant_type: 'refresh_token', refresh_token: current.refreshToken }, deps.transport, now, signal);
				// RFC 6749 section 6: the server may issue a new refresh token; if not, the old one stays valid.
				const token = { ...renewed, refreshToken: renewed.refreshToken ?? current.refreshToken };
				await deps.onTokenRefreshed?.(token);
				return token;
			});
		fetch = async (signal) => {
			const current = cache.peek(key);
			if (!current) throw new TypeError('[oauth2] no stored token to refresh');
			return await refresh(current, signal);
		};
	}

	/** Requests this authorizer produced after a forced renewal: a second 401 on them stands. */
	const resent = new WeakSet<OutgoingRequest>();

	return {
		scheme: 'oAuth2',
		// The refresh token of the authorization code grant changes on renewal: the token request hides it itself.
		secrets: [config.clientSecret ?? ''],

		async authorize(request, signal) {
			return bearer(request, await cache.get(key, () => fetch(signal)));
		},

		async challenge(request: OutgoingRequest, _response: ResponseHead, signal?: CancelSignal) {
			if (resent.has(request)) return undefined;
			const sent = /^bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
			if (!sent) return undefined;
			const renewed = await cache.renew(key, sent, () => fetch(signal));
			const next = bearer(request, renewed);
			resent.add(next);
			return next;
		},
	};
}
