import { WebhookError } from '../errors';
import type { Authorizer } from './authorizer';
import type { OutgoingRequest } from '../http/types';

export interface ApiKeyConfig {
	scheme: 'apiKey';
	/** Header or query parameter name. */
	name: string;
	value: string;
	sendIn: 'header' | 'query';
}

/** An HTTP field name is a token (RFC 9110 section 5.1). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Field values may not carry line breaks or other control characters besides tab (RFC 9110 5.5). */
const INVALID_HEADER_VALUE = /[\u0000-\u0008\u000a-\u001f\u007f]/;
/** Headers the transport and the other schemes own; an API key must not replace them. */
const RESERVED_HEADERS = new Set(['host', 'content-length', 'content-type', 'transfer-encoding', 'connection', 'x-hub-signature']);

function invalid(message: string, hint: string): WebhookError {
	return new WebhookError('INVALID_CONFIG', message, { hint, data: { scheme: 'apiKey' } });
}

/** API key: a header (default) or a query parameter with the key value, on every attempt. */
export function createApiKeyAuthorizer(config: ApiKeyConfig): Authorizer {
	const name = config.name.trim();
	if (!name) throw invalid('The API key has no name', 'Fill "Name" in the API Key credential, e.g. x-api-key');
	if (!config.value) throw invalid('The API key value is empty', 'Fill "Key Value" in the API Key credential');

	if (config.sendIn === 'query') {
		return {
			scheme: 'apiKey',
			authorize: async (request: OutgoingRequest) => {
				const url = new URL(request.url);
				url.searchParams.set(name, config.value);
				return { ...request, url: url.toString() };
			},
		};
	}

	const headerName = name.toLowerCase();
	if (!HEADER_NAME.test(headerName)) {
		throw invalid(`The API key name "${name}" is not a valid header name`, 'Use letters, digits and - only, e.g. x-api-key');
	}
	if (RESERVED_HEADERS.has(headerName)) {
		throw invalid(`The API key name "${name}" is a header the delivery sets itself`, 'Choose another header name, e.g. x-api-key');
	}
	if (INVALID_HEADER_VALUE.test(config.value)) {
		throw invalid('The API key value contains a line break or control character', 'Remove line breaks from "Key Value"');
	}
	return {
		scheme: 'apiKey',
		authorize: async (request: OutgoingRequest) => ({ ...request, headers: { ...request.headers, [headerName]: config.value } }),
	};
}
