import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { createAuthorizer, type AuthDeps } from '../shared/auth';
import { authSchemeRow, storedToken } from '../shared/auth-schemes';
import { WebhookError } from '../shared/errors';
import { noAuth, type Authorizer } from '../shared/auth/authorizer';
import { type Transport } from '../shared/http/types';

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

/** The credential of the node's `authentication` scheme (none for `none`), by the table of schemes. */
export async function readAuthCredential(ctx: IExecuteFunctions, scheme: string): Promise<ICredentialDataDecryptedObject | undefined> {
	const row = authSchemeRow(scheme);
	return row && (await ctx.getCredentials<ICredentialDataDecryptedObject>(row.outboundCredential));
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
	const row = authSchemeRow(scheme);
	if (!row || !credential) return noAuth;
	const credentialType = row.outboundCredential;
	const config = row.outbound(credential, Date.now());
	const deps: AuthDeps = { transport };
	if (config.scheme === 'oAuth2' && config.grantType === 'authorizationCode') {
		Object.assign(deps, authorizationCodeDeps(ctx, credentialType, { ...config, advanced: credential.advancedSettings === true }));
		config.credentialKey = ctx.getNode().credentials?.[credentialType]?.id ?? undefined;
	}
	return createAuthorizer(config, deps);
}
