import { createAuthorizer } from '../../../nodes/shared/auth';
import { noAuth } from '../../../nodes/shared/auth/authorizer';
import { deliverWith, loopbackTransport } from '../../support/auth-delivery';
import { reply, startHttpsServer, type TestHttpsServer } from '../../support/https-server';

const USER = 'Jürgen';
const PASSWORD = 'pä:ss wörd€';
const KEY = 'key-7f3a9c';

/** Accepts Basic (decoded as UTF-8, RFC 7617) or an API key in header or query, as configured per path. */
function check(url: string, headers: Record<string, string | string[] | undefined>): boolean {
	const parsed = new URL(url, 'https://x');
	if (parsed.pathname === '/basic') {
		const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(String(headers.authorization ?? ''));
		if (!match) return false;
		const decoded = Buffer.from(match[1], 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		return decoded.slice(0, colon) === USER && decoded.slice(colon + 1) === PASSWORD;
	}
	if (parsed.pathname === '/key-header') return headers['x-api-key'] === KEY;
	if (parsed.pathname === '/key-query') return parsed.searchParams.get('api_key') === KEY && parsed.searchParams.get('keep') === '1';
	return true;
}

describe('Basic and API key against a loopback receiver', () => {
	let server: TestHttpsServer;
	beforeAll(async () => {
		server = await startHttpsServer((req, res) => reply(res, check(req.url, req.headers) ? 200 : 401));
	});
	afterAll(async () => server.close());

	const deliver = async (authorizer: Parameters<typeof deliverWith>[0], path: string) => {
		const transport = loopbackTransport(server.cert);
		const [result] = await deliverWith(authorizer, transport, `${server.origin}${path}`, ['{}']);
		await transport.close();
		return result;
	};

	it('none: nothing added, the plain endpoint accepts', async () => {
		expect((await deliver(noAuth, '/open')).status).toBe('delivered');
		expect(server.requests.at(-1)?.headers.authorization).toBeUndefined();
		expect((await deliver(createAuthorizer({ scheme: 'none' }), '/basic')).statusCode).toBe(401);
	});

	it.each([
		['no credentials', noAuth, 401],
		['wrong password', createAuthorizer({ scheme: 'basicAuth', user: USER, password: 'pä:ss wörd' }), 401],
		['right non-ASCII credentials', createAuthorizer({ scheme: 'basicAuth', user: USER, password: PASSWORD }), 200],
	])('Basic, %s', async (_name, authorizer, status) => {
		expect((await deliver(authorizer, '/basic')).statusCode).toBe(status);
	});

	it.each([
		['no key', noAuth, 401],
		['wrong key', createAuthorizer({ scheme: 'apiKey', name: 'X-API-Key', value: 'nope', sendIn: 'header' }), 401],
		['right key', createAuthorizer({ scheme: 'apiKey', name: 'X-API-Key', value: KEY, sendIn: 'header' }), 200],
	])('API key in a header, %s', async (_name, authorizer, status) => {
		expect((await deliver(authorizer, '/key-header')).statusCode).toBe(status);
	});

	it.each([
		['no key', noAuth, 401],
		['wrong key', createAuthorizer({ scheme: 'apiKey', name: 'api_key', value: 'nope', sendIn: 'query' }), 401],
		['right key', createAuthorizer({ scheme: 'apiKey', name: 'api_key', value: KEY, sendIn: 'query' }), 200],
	])('API key in the query, %s', async (_name, authorizer, status) => {
		expect((await deliver(authorizer, '/key-query?keep=1')).statusCode).toBe(status);
	});
});
