import { WebhookError } from '../errors';
import { headerProblem, invalidHeaderError } from '../http/header-rules';
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
			secrets: [config.value],
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
	// The rule undici applies (http/header-rules.ts): a key it would refuse is found before anything is sent.
	const problem = headerProblem(headerName, config.value, true);
	if (problem) throw invalidHeaderError(headerName, problem, 'the API Key credential', `Check "Key Value" in the API Key credential: a key holds letters, digits and punctuation only (no line break, control character or character above U+00FF).`);
	return {
		scheme: 'apiKey',
		secrets: [config.value],
		authorize: async (request: OutgoingRequest) => ({ ...request, headers: { ...request.headers, [headerName]: config.value } }),
	};
}
