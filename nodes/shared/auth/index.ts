import { noAuth, type Authorizer } from './authorizer';
import { type Transport } from '../http/types';
import { createApiKeyAuthorizer, type ApiKeyConfig } from './api-key';
import { createAwsAuthorizer, type AwsSignatureConfig } from './aws';
import { createBasicAuthorizer, type BasicAuthConfig } from './basic';
import { createDigestAuthorizer, type DigestAuthConfig } from './digest';
import { createOAuth2Authorizer, type OAuth2Config, type OAuth2Deps } from './oauth2';

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

/** One authorizer for one endpoint configuration; it serves every item and attempt of an execution. */
export function createAuthorizer(config: AuthConfig, deps: AuthDeps = {}): Authorizer {
	switch (config.scheme) {
		case 'none':
			return noAuth;
		case 'basicAuth':
			return createBasicAuthorizer(config);
		case 'digestAuth':
			return createDigestAuthorizer(config, { randomBytes: deps.randomBytes });
		case 'awsSignature':
			return createAwsAuthorizer(config, { now: deps.now });
		case 'apiKey':
			return createApiKeyAuthorizer(config);
		case 'oAuth2':
			return createOAuth2Authorizer(config, deps);
	}
}
