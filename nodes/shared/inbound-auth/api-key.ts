import { accepted, first, refused, safeEqual, type AuthVerdict, type InboundRequestAuthData } from './types';

/** An API key in a header (or, when the key is configured so, in the query string). */
export interface ApiKeyInboundAuth {
	type: 'apiKey';
	name: string;
	value: string;
	in?: 'header' | 'query';
}

export function receivedApiKey(auth: ApiKeyInboundAuth, request: InboundRequestAuthData): string | undefined {
	const name = auth.name.trim();
	return auth.in === 'query' ? first(request.query?.[name]) : first(request.headers[name.toLowerCase()]);
}

export function verifyApiKey(auth: ApiKeyInboundAuth, request: InboundRequestAuthData): AuthVerdict {
	const where = auth.in === 'query' ? `query parameter ${auth.name.trim()}` : `header ${auth.name.trim()}`;
	const received = receivedApiKey(auth, request);
	if (received === undefined) return refused(`API key: the ${where} is missing`);
	if (auth.value === '') return refused('API key: the credential\'s Key Value is empty');
	if (!safeEqual(received, auth.value)) return refused(`API key: the ${where} does not match the credential`);
	return accepted;
}
