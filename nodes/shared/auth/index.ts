import { AUTH_SCHEMES } from '../auth-schemes';
import { noAuth, type Authorizer } from './authorizer';
import { type Transport } from '../http/types';
import type { ApiKeyConfig } from './api-key';
import type { AwsSignatureConfig } from './aws';
import type { BasicAuthConfig } from './basic';
import type { DigestAuthConfig } from './digest';
import type { OAuth2Config, OAuth2Deps } from './oauth2';

export type { ApiKeyConfig } from './api-key';
export type { AwsSignatureConfig } from './aws';
export type { BasicAuthConfig } from './basic';
export type { DigestAuthConfig } from './digest';
export type { OAuth2AuthorizationCodeConfig, OAuth2ClientCredentialsConfig, OAuth2Config } from './oauth2';
export type { AccessToken } from './token-cache';
export { TokenCache, sharedTokenCache } from './token-cache';

/** The six schemes of the spec, by the Outbound Webhook node's `authentication` values. */
export type AuthScheme = 'none' | 'basicAuth' | 'digestAuth' | 'awsSignature' | 'apiKey' | 'oAuth2';

export type AuthConfig =
	| { scheme: 'none' }
	| BasicAuthConfig
	| DigestAuthConfig
	| AwsSignatureConfig
	| ApiKeyConfig
	| OAuth2Config;

/** What varies between production and tests: the HTTP client, the clock, randomness, token storage. */
export interface AuthDeps extends Pick<OAuth2Deps, 'tokenCache' | 'refresh' | 'onTokenRefreshed'> {
	/** HTTP client for the OAuth2 token endpoint. */
	transport?: Transport;
	now?: () => number;
	/** Random bytes (digest client nonces). */
	randomBytes?: (size: number) => Buffer;
}

/**
 * One authorizer for one endpoint configuration; it serves every item and attempt of an execution.
 * Each scheme's authorizer is a column of the one table of schemes (../auth-schemes.ts).
 */
export function createAuthorizer(config: AuthConfig, deps: AuthDeps = {}): Authorizer {
	return config.scheme === 'none' ? noAuth : AUTH_SCHEMES[config.scheme].authorizer(config, deps);
}
