import type { AccessToken, AuthConfig, AuthDeps } from './auth';
import { createApiKeyAuthorizer, type ApiKeyConfig } from './auth/api-key';
import type { Authorizer } from './auth/authorizer';
import { createAwsAuthorizer, type AwsSignatureConfig } from './auth/aws';
import { createBasicAuthorizer, type BasicAuthConfig } from './auth/basic';
import { createDigestAuthorizer, type DigestAuthConfig } from './auth/digest';
import { createOAuth2Authorizer, type OAuth2Config } from './auth/oauth2';
import { WebhookError } from './errors';
import { caCertificatePem } from './http/ca-certificate';
import { parseEndpointUrl } from './http/url';
import type { BearerInboundAuth, InboundAuth } from './inbound-auth';
import { DEFAULT_AWS_CLOCK_SKEW_SECONDS } from './inbound-auth/aws-sigv4';
import { DEFAULT_JWT_LEEWAY_SECONDS } from './inbound-auth/jwt';

/**
 * The authorization schemes of the spec ("Adding Authorization for Outbound Webhook Notifications"),
 * one row each, for both nodes: the credential type each node reads, how that credential's fields
 * become the core's configuration (outbound: an AuthConfig for an authorizer; inbound: an InboundAuth
 * for the trigger's check), and the authorizer. The node files fetch the credential (that needs
 * n8n's context) and look everything else up here.
 */

/** A credential's decrypted fields, as n8n hands them out. */
export type CredentialData = Record<string, unknown>;

/** The trigger's options a scheme's inbound check reads. */
export interface InboundAuthOptions {
	awsClockSkew?: unknown;
}

export interface AuthSchemeRow {
	/** The credential type the Outbound Webhook reads for this scheme. */
	outboundCredential: string;
	/** The credential type the Channel Event Trigger reads for this scheme. */
	inboundCredential: string;
	/** The credential as the Outbound Webhook's configuration (`now`: when a stored token was read). */
	outbound(credential: CredentialData, now: number): AuthConfig;
	/** The credential as the trigger's inbound check. */
	inbound(credential: CredentialData, options: InboundAuthOptions): InboundAuth;
	/** The Outbound Webhook's authorizer for this scheme's configuration (what `outbound` returns). */
	authorizer(config: AuthConfig, deps: AuthDeps): Authorizer;
}

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));
const positive = (value: unknown, fallback: number): number => {
	const number = Number(value ?? fallback);
	return Number.isFinite(number) && number >= 0 ? number : fallback;
};

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
function oauthScope(credential: CredentialData): string {
	const scopes = text(credential.scopes).trim();
	if (scopes) return scopes;
	const scope = text(credential.scope).trim();
	return scope.startsWith('=') ? '' : scope;
}

/** A token as n8n stores it in `oauthTokenData` (the provider's answer plus n8n's expiry stamp). */
export function storedToken(data: CredentialData | undefined, now: number): AccessToken | undefined {
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

/** The Outbound Webhook's OAuth2 credential: client credentials, or n8n's stored authorization code token. */
function oauth2Config(credential: CredentialData, now: number): AuthConfig {
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
		defaultExpiresInSeconds: credential.limitedValidity !== false && Number(credential.tokenValidity) > 0 ? Number(credential.tokenValidity) : undefined,
		refreshUrl: text(credential.refreshTokenUrl).trim() || undefined,
	};
	if (credential.grantType === 'authorizationCode') {
		const token = storedToken(credential.oauthTokenData as CredentialData | undefined, now);
		if (token && !endpoint.limitedValidity) token.expiresAt = undefined;
		return { scheme: 'oAuth2', grantType: 'authorizationCode', ...endpoint, token: token ?? { accessToken: '' } };
	}
	return { scheme: 'oAuth2', grantType: 'clientCredentials', ...endpoint };
}

/** A Webhook Bearer Token (Verify) credential as the core's bearer check: for requests and for its Test. */
export function bearerAuthFromCredential(credential: CredentialData): BearerInboundAuth {
	const introspection = credential.verifyBy === 'introspection';
	const keySource = text(credential.keySource) || 'jwksUrl';
	return {
		type: 'oAuth2',
		mode: introspection ? 'introspection' : 'jwt',
		secret: !introspection && keySource === 'secret' ? text(credential.secret) : undefined,
		publicKey: !introspection && keySource === 'publicKey' ? text(credential.publicKey) : undefined,
		jwksUrl: !introspection && keySource === 'jwksUrl' ? parseEndpointUrl(credential.jwksUrl).href : undefined,
		introspection: introspection
			? { url: parseEndpointUrl(credential.introspectionUrl).href, clientId: text(credential.clientId), clientSecret: text(credential.clientSecret) }
			: undefined,
		issuer: text(credential.issuer).trim(),
		audience: text(credential.audience).trim(),
		leewaySeconds: positive(credential.leeway, DEFAULT_JWT_LEEWAY_SECONDS),
		caCertificate: caCertificatePem(credential.caCertificate, 'The credential\'s Custom CA Certificate') || undefined,
	};
}

/** The table, by the nodes' `authentication` values ('none' has no row: no credential, no check). */
export const AUTH_SCHEMES = {
	basicAuth: {
		outboundCredential: 'webhookBasicAuthApi',
		inboundCredential: 'webhookBasicAuthApi',
		outbound: (credential) => ({ scheme: 'basicAuth', user: text(credential.user), password: text(credential.password) }),
		inbound: (credential) => ({ type: 'basicAuth', user: String(credential.user ?? ''), password: String(credential.password ?? '') }),
		authorizer: (config) => createBasicAuthorizer(config as BasicAuthConfig),
	},
	digestAuth: {
		outboundCredential: 'webhookDigestAuthApi',
		inboundCredential: 'webhookDigestAuthApi',
		outbound: (credential) => ({
			scheme: 'digestAuth',
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
		}),
		inbound: (credential) => ({
			type: 'digestAuth',
			user: text(credential.user),
			password: text(credential.password),
			realm: text(credential.realm),
			algorithm: text(credential.algorithm),
			nonce: text(credential.nonce),
			opaque: text(credential.opaque),
		}),
		authorizer: (config, deps) => createDigestAuthorizer(config as DigestAuthConfig, { randomBytes: deps.randomBytes }),
	},
	awsSignature: {
		outboundCredential: 'webhookAwsSignatureApi',
		inboundCredential: 'webhookAwsSignatureApi',
		outbound: (credential) => ({
			scheme: 'awsSignature',
			accessKeyId: text(credential.accessKeyId),
			secretAccessKey: text(credential.secretAccessKey),
			region: text(credential.region),
			service: text(credential.service),
			sessionToken: text(credential.sessionToken) || undefined,
		}),
		inbound: (credential, options) => ({
			type: 'awsSignature',
			accessKeyId: text(credential.accessKeyId).trim(),
			secretAccessKey: text(credential.secretAccessKey),
			region: text(credential.region).trim(),
			service: text(credential.service).trim(),
			sessionToken: text(credential.sessionToken),
			clockSkewSeconds: positive(options.awsClockSkew, DEFAULT_AWS_CLOCK_SKEW_SECONDS),
		}),
		authorizer: (config, deps) => createAwsAuthorizer(config as AwsSignatureConfig, { now: deps.now }),
	},
	apiKey: {
		outboundCredential: 'webhookApiKeyApi',
		inboundCredential: 'webhookApiKeyApi',
		outbound: (credential) => ({ scheme: 'apiKey', name: text(credential.name), value: text(credential.value), sendIn: credential.sendIn === 'query' ? 'query' : 'header' }),
		inbound: (credential) => ({
			type: 'apiKey',
			name: String(credential.name ?? 'x-api-key'),
			value: String(credential.value ?? ''),
			in: credential.sendIn === 'query' ? 'query' : 'header',
		}),
		authorizer: (config) => createApiKeyAuthorizer(config as ApiKeyConfig),
	},
	oAuth2: {
		// The sender obtains a token (client credentials or n8n's authorization code); the receiver verifies one.
		outboundCredential: 'webhookOAuth2Api',
		inboundCredential: 'webhookBearerTokenApi',
		outbound: oauth2Config,
		inbound: bearerAuthFromCredential,
		authorizer: (config, deps) => createOAuth2Authorizer(config as OAuth2Config, deps),
	},
} satisfies Record<Exclude<AuthConfig['scheme'], 'none'>, AuthSchemeRow>;

export type AuthSchemeName = keyof typeof AUTH_SCHEMES;

/** The row of a scheme; undefined for 'none'. An unknown value says what to choose instead. */
export function authSchemeRow(scheme: string): AuthSchemeRow | undefined {
	if (scheme === 'none') return undefined;
	const row = (AUTH_SCHEMES as Record<string, AuthSchemeRow>)[scheme];
	if (!row) {
		throw new WebhookError('INVALID_CONFIG', `Unknown authentication "${scheme}"`, {
			hint: 'Choose one of None, Basic Auth, Digest Auth, AWS Signature, API Key or OAuth2 under Authentication.',
		});
	}
	return row;
}
