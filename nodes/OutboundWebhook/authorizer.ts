import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { createAuthorizer, type AccessToken, type AuthConfig, type AuthDeps } from '../shared/auth';
import { WebhookError } from '../shared/errors';
import { noAuth, type Authorizer } from '../shared/auth/authorizer';
import { type Transport } from '../shared/http/types';
import { AUTH_CREDENTIAL_TYPES } from './credential-types';

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

/** The advanced settings' "Access Token URL Headers": a JSON object of header names to values. */
function tokenHeaders(raw: unknown): Record<string, string> {
	if (raw === undefined || raw === null || raw === '') return {};
	let parsed: unknown = raw;
	if (typeof raw === 'string') {
		try {
			parsed = JSON.parse(raw);
		} catch {
			parsed = undefined;
		}
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== 'string')) {
		throw new WebhookError('INVALID_CONFIG', 'The OAuth2 credential\'s "Access Token URL Headers" is not a JSON object of strings', {
			hint: 'Write the headers as {"Header-Name": "value"}, or turn Advanced Settings off',
			data: { scheme: 'oAuth2' },
		});
	}
	return parsed as Record<string, string>;
}

/**
 * The user's scopes live in `scopes`; `scope` is a hidden expression over it (see the credential),
 * which n8n resolves when it hands out the credential. Older saved data may hold `scope` only.
 */
function oauthScope(credential: ICredentialDataDecryptedObject): string {
	const scopes = text(credential.scopes).trim();
	if (scopes) return scopes;
	const scope = text(credential.scope).trim();
	return scope.startsWith('=') ? '' : scope;
}

/** A token as n8n stores it in `oauthTokenData` (the provider's answer plus n8n's expiry stamp). */
function storedToken(data: IDataObject | undefined, now: number): AccessToken | undefined {
	if (!data || typeof data.access_token !== 'string') return undefined;
	const expiresAt = Number(data.n8n_expires_at);
	const expiresIn = Number(data.expires_in);
	const known = Number.isFinite(expiresAt) && expiresAt > 0;
	return {
		accessToken: data.access_token,
		refreshToken: typeof data.refresh_token === 'string' ? data.refresh_token : undefined,
		expiresAt: known ? expiresAt : undefined,
		obtainedAt: known && Number.isFinite(expiresIn) ? expiresAt - expiresIn * 1000 : now,
	};
}

/** Maps a credential's fields to the core's configuration for one scheme. */
function toConfig(scheme: string, credential: ICredentialDataDecryptedObject, now: number): AuthConfig {
	switch (scheme) {
		case 'basicAuth':
			return { scheme, user: text(credential.user), password: text(credential.password) };
		case 'digestAuth':
			return {
				scheme,
				user: text(credential.user),
				password: text(credential.password),
				preferredQop: credential.qop === 'auth-int' ? 'auth-int' : 'auth',
				preemptive: {
					realm: text(credential.realm),
					nonce: text(credential.nonce),
					algorithm: text(credential.algorithm) || undefined,
					qop: text(credential.qop) || undefined,
					nonceCount: Number(credential.nonceCount) || 1,
					cnonce: text(credential.cnonce) || undefined,
					opaque: text(credential.opaque) || undefined,
				},
			};
		case 'awsSignature':
			return {
				scheme,
				accessKeyId: text(credential.accessKeyId),
				secretAccessKey: text(credential.secretAccessKey),
				region: text(credential.region),
				service: text(credential.service),
				sessionToken: text(credential.sessionToken) || undefined,
			};
		case 'apiKey':
			return { scheme, name: text(credential.name), value: text(credential.value), sendIn: credential.sendIn === 'query' ? 'query' : 'header' };
		case 'oAuth2': {
			const advanced = credential.advancedSettings === true;
			const endpoint = {
				tokenUrl: text(credential.accessTokenUrl).trim(),
				clientId: text(credential.clientId),
				clientSecret: text(credential.clientSecret),
				scope: oauthScope(credential),
				clientAuth: credential.authentication === 'header' ? ('header' as const) : ('body' as const),
				method: advanced && credential.accessTokenMethod === 'GET' ? ('GET' as const) : ('POST' as const),
				paramsIn: advanced && credential.accessTokenParameterType === 'url' ? ('url' as const) : ('body' as const),
				headers: advanced ? tokenHeaders(credential.accessTokenHeaders) : {},
				// Saved before the field existed: no value, and tokens were always taken as limited.
				limitedValidity: credential.limitedValidity !== false,
				defaultExpiresInSeconds:
					credential.limitedValidity !== false && Number(credential.tokenValidity) > 0 ? Number(credential.tokenValidity) : undefined,
				refreshUrl: text(credential.refreshTokenUrl).trim() || undefined,
			};
			if (credential.grantType === 'authorizationCode') {
				const token = storedToken(credential.oauthTokenData as IDataObject | undefined, now);
				if (token && !endpoint.limitedValidity) token.expiresAt = undefined;
				return { scheme, grantType: 'authorizationCode', ...endpoint, token: token ?? { accessToken: '' } };
			}
			return { scheme, grantType: 'clientCredentials', ...endpoint };
		}
		default:
			throw new WebhookError('INVALID_CONFIG', `Unknown authentication "${scheme}"`, {
				hint: 'Choose one of None, Basic Auth, Digest Auth, AWS Signature, API Key or OAuth2',
			});
	}
}

/**
 * Authorization code tokens are n8n's to keep: the user connected the account through n8n's OAuth2
 * flow, and n8n stores the token in the credential. A renewal must store the new access token and,
 * above all, a rotated refresh token, or the next execution would present a retired one. Only n8n
 * can write a credential, so the renewal goes through `helpers.refreshOAuth2Token` (present in
 * n8n-core 1.122 of n8n 1.123 and in 2.x): n8n refreshes with its own OAuth2 client (2.x also takes
 * a cross-process lock for queue mode) and saves the result with
 * `credentialsHelper.updateCredentialsOauthTokenData`; we then use the token it returns. Older n8n
 * versions without that helper give a node no way to save credentials; there the core renews with
 * the refresh token itself, for this execution only, and a warning says the rotated refresh token
 * could not be kept (a provider that rotates will then ask for a reconnect).
 */
function authorizationCodeDeps(
	ctx: IExecuteFunctions,
	credentialType: string,
	config: { refreshUrl?: string; advanced: boolean; limitedValidity?: boolean; defaultExpiresInSeconds?: number },
): Pick<AuthDeps, 'refresh' | 'onTokenRefreshed'> {
	const helpers = ctx.helpers as Partial<Pick<IExecuteFunctions['helpers'], 'refreshOAuth2Token'>>;
	// n8n's renewal knows only the Access Token URL and its own request shape: a Refresh Token URL or
	// Advanced Settings make the core renew instead (see the README: the renewed token is kept by this
	// process, not stored in the credential).
	const n8nCanRenew = !config.refreshUrl && !config.advanced;
	if (n8nCanRenew && typeof helpers.refreshOAuth2Token === 'function') {
		const refreshOAuth2Token = helpers.refreshOAuth2Token;
		return {
			refresh: async () => {
				let data: IDataObject;
				try {
					data = (await refreshOAuth2Token.call(ctx, credentialType)) as IDataObject;
				} catch (error) {
					throw new WebhookError('AUTH_FAILED', 'n8n could not renew the OAuth2 access token', {
						hint: 'Open the OAuth2 credential and reconnect the account ("Connect my account")',
						data: { scheme: 'oAuth2' },
						cause: error,
					});
				}
				const token = storedToken(data, Date.now());
				if (!token) {
					throw new WebhookError('AUTH_FAILED', 'The renewed OAuth2 token has no access token', {
						hint: 'Reconnect the OAuth2 credential',
						data: { scheme: 'oAuth2' },
					});
				}
				if (config.limitedValidity === false) token.expiresAt = undefined;
				else if (!token.expiresAt) {
					const expiresIn = Number(data.expires_in) > 0 ? Number(data.expires_in) : (config.defaultExpiresInSeconds ?? 0);
					if (Number.isFinite(expiresIn) && expiresIn > 0) token.expiresAt = token.obtainedAt + expiresIn * 1000;
				}
				return token;
			},
		};
	}
	return {
		onTokenRefreshed: (token) => {
			if (token.refreshToken) {
				ctx.logger?.warn(
					'Outbound Webhook: the OAuth2 access token was renewed for this execution by the node itself (Refresh Token URL or Advanced Settings set, or an n8n version without refreshOAuth2Token), so a rotated refresh token cannot be stored in the credential; reconnect the credential if later executions fail',
				);
			}
		},
	};
}

/** The credential of the node's `authentication` scheme (none for `none`). */
export async function readAuthCredential(ctx: IExecuteFunctions, scheme: string): Promise<ICredentialDataDecryptedObject | undefined> {
	if (scheme === 'none') return undefined;
	const credentialType = AUTH_CREDENTIAL_TYPES[scheme];
	if (!credentialType) {
		throw new WebhookError('INVALID_CONFIG', `Unknown authentication "${scheme}"`, {
			hint: 'Choose one of None, Basic Auth, Digest Auth, AWS Signature, API Key or OAuth2 under Authentication.',
		});
	}
	return await ctx.getCredentials<ICredentialDataDecryptedObject>(credentialType);
}

/**
 * Builds the authorizer for the node's `authentication` parameter from its credential; throws a
 * WebhookError that says what to change. `transport` carries the OAuth2 token requests (same TLS
 * and SSRF settings as the deliveries).
 */
export function buildAuthorizer(
	ctx: IExecuteFunctions,
	scheme: string,
	credential: ICredentialDataDecryptedObject | undefined,
	transport: Transport,
): Authorizer {
	if (scheme === 'none' || !credential) return noAuth;
	const credentialType = AUTH_CREDENTIAL_TYPES[scheme];
	const config = toConfig(scheme, credential, Date.now());
	const deps: AuthDeps = { transport };
	if (config.scheme === 'oAuth2' && config.grantType === 'authorizationCode') {
		Object.assign(deps, authorizationCodeDeps(ctx, credentialType, { ...config, advanced: credential.advancedSettings === true }));
		config.credentialKey = ctx.getNode().credentials?.[credentialType]?.id ?? undefined;
	}
	return createAuthorizer(config, deps);
}
