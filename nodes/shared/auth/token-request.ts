import { isWebhookError, WebhookError } from '../errors';
import { redactSecrets } from '../http/redact';
import type { CancelSignal, OutgoingRequest, Transport, TransportResponse } from '../http/types';
import type { AccessToken } from './token-cache';

/**
 * One request to an OAuth 2.0 token endpoint (RFC 6749 sections 4.4 and 6) through the injected
 * transport, shaped by the spec's advanced settings: method, parameters in the body or the URL,
 * extra headers, and client authentication in the body or as a Basic header.
 */
export interface TokenEndpointConfig {
	tokenUrl: string;
	clientId: string;
	clientSecret: string;
	/** Space-separated scopes; omitted from the request when empty. */
	scope?: string;
	/** RFC 6749 2.3.1: `header` (HTTP Basic, the RFC's recommendation) or `body` (client_id/client_secret). */
	clientAuth: 'header' | 'body';
	method?: 'POST' | 'GET';
	/** Where the grant parameters go; GET always puts them in the URL. */
	paramsIn?: 'body' | 'url';
	/** Extra headers the provider wants on the token request. */
	headers?: Record<string, string>;
	/**
	 * The spec's "Access token has a limited validity" (default true). False: the token is treated as
	 * not expiring (any `expires_in` is ignored) and renewed only when the receiver answers 401.
	 */
	limitedValidity?: boolean;
	/**
	 * The spec's "Validity": lifetime to assume when the token answer has no `expires_in`; without
	 * either, a token is used until the receiver answers 401.
	 */
	defaultExpiresInSeconds?: number;
	/**
	 * The spec's "Refresh Token URL": where refresh_token grants go when the provider renews tokens
	 * elsewhere than the Access Token URL. Empty: the Access Token URL.
	 */
	refreshUrl?: string;
}

/** application/x-www-form-urlencoded encoding of one value (space as +), as RFC 6749 Appendix B asks. */
export function formEncode(value: string): string {
	return new URLSearchParams([['', value]]).toString().slice(1);
}

/**
 * RFC 6749 section 2.3.1: the client id and secret are form-encoded first, then joined with a
 * colon and base64-encoded, so an id or secret with `:` or non-ASCII characters survives.
 */
export function clientBasicAuthorization(clientId: string, clientSecret: string): string {
	return `Basic ${Buffer.from(`${formEncode(clientId)}:${formEncode(clientSecret)}`, 'utf8').toString('base64')}`;
}

/** The URL without query or credentials, safe for messages. */
function safeUrl(url: URL): string {
	return `${url.origin}${url.pathname}`;
}

function tokenError(message: string, url: URL, hint: string, data: Record<string, string | number | undefined> = {}, cause?: unknown) {
	return new WebhookError('AUTH_FAILED', message, { hint, data: { scheme: 'oAuth2', tokenUrl: safeUrl(url), ...data }, cause });
}

/**
 * Error fields from the token endpoint's error answer (RFC 6749 5.2), never the raw body. An endpoint
 * may echo the posted form (or a decoded Basic header) in them: every secret of the request is hidden,
 * in every form (http/redact.ts), before the text is cut to length.
 */
function describeError(response: TransportResponse, secrets: readonly string[]): { error?: string; description?: string } {
	try {
		const parsed = JSON.parse(response.body.toString('utf8')) as Record<string, unknown>;
		const error = typeof parsed.error === 'string' ? redactSecrets(parsed.error, secrets).slice(0, 100) : undefined;
		const description = typeof parsed.error_description === 'string' ? redactSecrets(parsed.error_description, secrets).slice(0, 300) : undefined;
		return { error, description };
	} catch {
		return {};
	}
}

function parseTokenBody(response: TransportResponse): Record<string, unknown> | undefined {
	const text = response.body.toString('utf8');
	const contentType = String(response.headers['content-type'] ?? '');
	try {
		if (contentType.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
		const parsed: unknown = JSON.parse(text);
		return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

/** The token (or refresh) endpoint, checked: a valid https:// URL, since the client secret travels to it. */
export function tokenEndpointUrl(value: string, field = 'Access Token URL'): URL {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw new WebhookError('INVALID_CONFIG', `The OAuth2 ${field.toLowerCase()} is not a valid URL`, {
			hint: `Fill "${field}" with the provider's https:// token endpoint`,
			data: { scheme: 'oAuth2' },
		});
	}
	if (url.protocol !== 'https:') {
		throw new WebhookError('INSECURE_URL', `The OAuth2 ${field.toLowerCase()} must use https://, since the client secret travels to it`, {
			hint: `Use the https:// address of the token endpoint in "${field}"`,
			data: { scheme: 'oAuth2', tokenUrl: safeUrl(url) },
		});
	}
	return url;
}

/** What a token request carries that must never be shown: the client secret, the grant's codes and tokens, the Basic header. */
function requestSecrets(config: TokenEndpointConfig, grant: Record<string, string>, headers: Record<string, string>): string[] {
	const { grant_type: _type, scope: _scope, redirect_uri: _redirect, ...grantSecrets } = grant;
	const basic = headers.authorization;
	return [config.clientSecret, ...Object.values(grantSecrets), ...(basic ? [basic, basic.replace(/^Basic\s+/i, '')] : [])].filter((value): value is string => typeof value === 'string' && value !== '');
}

/** Sends a token request with the given grant parameters and returns the parsed token. */
export async function requestToken(
	config: TokenEndpointConfig,
	grant: Record<string, string>,
	transport: Transport,
	now: () => number,
	signal?: CancelSignal,
): Promise<AccessToken> {
	const refreshing = grant.grant_type === 'refresh_token' && Boolean(config.refreshUrl?.trim());
	const field = refreshing ? 'Refresh Token URL' : 'Access Token URL';
	const url = tokenEndpointUrl(refreshing ? config.refreshUrl!.trim() : config.tokenUrl, field);

	const params: Record<string, string> = { ...grant };
	if (config.scope?.trim()) params.scope = config.scope.trim().split(/\s+/).join(' ');
	const headers: Record<string, string> = { accept: 'application/json' };
	for (const [name, value] of Object.entries(config.headers ?? {})) headers[name.toLowerCase()] = value;
	if (config.clientAuth === 'header') {
		headers.authorization = clientBasicAuthorization(config.clientId, config.clientSecret);
	} else {
		params.client_id = config.clientId;
		params.client_secret = config.clientSecret;
	}

	const method = config.method ?? 'POST';
	const encoded = new URLSearchParams(params).toString();
	const request: OutgoingRequest = { method, url: url.toString(), headers };
	if (method === 'GET' || config.paramsIn === 'url') {
		for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
		request.url = url.toString();
	} else {
		headers['content-type'] = 'application/x-www-form-urlencoded';
		request.body = Buffer.from(encoded, 'utf8');
	}

	const requestedAt = now();
	let response: TransportResponse;
	try {
		response = await transport.send(request, signal);
	} catch (error) {
		throw tokenError(
			// A transport error names the URL with query values redacted (the client secret may be one);
			// anything else is reduced to its code.
			isWebhookError(error)
				? `The OAuth2 token endpoint could not be reached. ${error.message}`
				: `The OAuth2 token endpoint could not be reached (${String((error as { code?: unknown }).code ?? 'network error')})`,
			url,
			`Check "${field}" and that the token endpoint is reachable from n8n`,
			{},
			error,
		);
	}
	if (response.status < 200 || response.status > 299) {
		const { error, description } = describeError(response, requestSecrets(config, grant, headers));
		const detail = error ? ` (${error}${description ? `: ${description}` : ''})` : '';
		throw tokenError(
			`The OAuth2 token endpoint refused the token request with status ${response.status}${detail}`,
			url,
			error === 'invalid_client' || response.status === 401
				? 'Check Client ID, Client Secret and "Client Authentication" (body or Basic header) in the OAuth2 credential'
				: error === 'invalid_grant'
					? 'The refresh token or grant is no longer valid: reconnect the OAuth2 credential'
					: 'Check the OAuth2 credential: access token URL, scope and the advanced token request settings',
			{ statusCode: response.status, oauthError: error },
		);
	}
	const body = parseTokenBody(response);
	const accessToken = body?.access_token;
	if (typeof accessToken !== 'string' || accessToken === '') {
		throw tokenError('The OAuth2 token endpoint answered without an access_token', url, `Check that "${field}" is the token endpoint`, {
			statusCode: response.status,
		});
	}
	const stated = Number(body?.expires_in);
	const expiresIn =
		config.limitedValidity === false ? 0 : Number.isFinite(stated) && stated > 0 ? stated : (config.defaultExpiresInSeconds ?? 0);
	return {
		accessToken,
		obtainedAt: requestedAt,
		expiresAt: Number.isFinite(expiresIn) && expiresIn > 0 ? requestedAt + expiresIn * 1000 : undefined,
		refreshToken: typeof body?.refresh_token === 'string' ? body.refresh_token : undefined,
		scope: typeof body?.scope === 'string' ? body.scope : undefined,
	};
}
