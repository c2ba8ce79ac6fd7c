import { createApiKeyAuthorizer } from '../../../nodes/shared/auth/api-key';

const request = { method: 'POST' as const, url: 'https://example.com/hook?a=1', headers: { 'content-type': 'application/json' } };

describe('API key authorization', () => {
	it('sends the key as a header by default, lower-cased name', async () => {
		const authorizer = createApiKeyAuthorizer({ scheme: 'apiKey', name: 'X-Api-Key', value: 'k-123', sendIn: 'header' });
		const out = await authorizer.authorize(request);
		expect(out.headers['x-api-key']).toBe('k-123');
		expect(out.url).toBe(request.url);
	});

	it('sends the key as a query parameter, encoded, keeping the existing query', async () => {
		const authorizer = createApiKeyAuthorizer({ scheme: 'apiKey', name: 'api key', value: 'a&b=c', sendIn: 'query' });
		const out = await authorizer.authorize(request);
		const url = new URL(out.url);
		expect(url.searchParams.get('a')).toBe('1');
		expect(url.searchParams.get('api key')).toBe('a&b=c');
		expect(out.headers).toEqual(request.headers);
	});

	it('refuses an invalid header name', () => {
		expect(() => createApiKeyAuthorizer({ scheme: 'apiKey', name: 'x api key', value: 'v', sendIn: 'header' })).toThrow(/not a valid header name/);
	});

	it('refuses a header the delivery owns', () => {
		expect(() => createApiKeyAuthorizer({ scheme: 'apiKey', name: 'Content-Type', value: 'v', sendIn: 'header' })).toThrow(/delivery sets itself/);
	});

	it('refuses an empty value', () => {
		expect(() => createApiKeyAuthorizer({ scheme: 'apiKey', name: 'x-api-key', value: '', sendIn: 'header' })).toThrow(/empty/);
	});
});
