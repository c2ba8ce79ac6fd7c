import { createAuthorizer } from '../../../nodes/shared/auth';
import { noAuth } from '../../../nodes/shared/auth/authorizer';
import { deliverWith, loopbackTransport } from '../../support/auth-delivery';
import { startDigestServer, type DigestServer } from '../../support/auth-servers';

const USER = 'webhook-user';
const PASSWORD = 'digest-pässword-42';

describe('Digest authorization against a challenging loopback server', () => {
	const servers: DigestServer[] = [];
	const start = async (options: Partial<Parameters<typeof startDigestServer>[0]> = {}) => {
		const server = await startDigestServer({ user: USER, password: PASSWORD, ...options });
		servers.push(server);
		return server;
	};
	afterAll(async () => Promise.all(servers.map((s) => s.close())));

	it('no credentials: the 401 stands', async () => {
		const server = await start();
		const transport = loopbackTransport(server.cert);
		const [result] = await deliverWith(noAuth, transport, `${server.origin}/hook`, ['{}']);
		await transport.close();
		expect(result).toMatchObject({ status: 'failed', statusCode: 401 });
		expect(server.requests).toHaveLength(1);
	});

	it('wrong password: one answer, refused, the 401 stands', async () => {
		const server = await start();
		const transport = loopbackTransport(server.cert);
		const authorizer = createAuthorizer({ scheme: 'digestAuth', user: USER, password: 'wrong' });
		const [result] = await deliverWith(authorizer, transport, `${server.origin}/hook`, ['{}']);
		await transport.close();
		expect(result).toMatchObject({ status: 'failed', statusCode: 401 });
		expect(server.requests).toHaveLength(2);
		expect(server.refusals).toEqual(['wrong response']);
	});

	it('right password: one handshake, then the nonce is reused with nc counting up', async () => {
		const server = await start();
		const transport = loopbackTransport(server.cert);
		const authorizer = createAuthorizer({ scheme: 'digestAuth', user: USER, password: PASSWORD });
		const first = await deliverWith(authorizer, transport, `${server.origin}/hook?x=1`, ['{"n":0}']);
		const rest = await deliverWith(authorizer, transport, `${server.origin}/hook?x=1`, ['{"n":1}', '{"n":2}', '{"n":3}']);
		await transport.close();
		expect([...first, ...rest].map((r) => r.status)).toEqual(['delivered', 'delivered', 'delivered', 'delivered']);
		// 1 bare + 1 answered + 3 pre-emptive on the same nonce.
		expect(server.requests).toHaveLength(5);
		expect(new Set(server.seen.map((s) => s.nonce)).size).toBe(1);
		expect(server.seen.map((s) => s.nc).sort()).toEqual(['00000001', '00000002', '00000003', '00000004']);
	});

	it.each([
		['MD5', 'auth'],
		['MD5-sess', 'auth'],
		['SHA-256', 'auth'],
		['SHA-256-sess', 'auth-int'],
		['SHA-512-256', 'auth-int'],
		['SHA-512-256-sess', 'auth'],
		['SHA-256', undefined],
	])('algorithm %s with qop %s is accepted', async (algorithm, qop) => {
		const server = await start({ offers: [{ algorithm, qop }] });
		const transport = loopbackTransport(server.cert);
		const authorizer = createAuthorizer({ scheme: 'digestAuth', user: USER, password: PASSWORD });
		const [result] = await deliverWith(authorizer, transport, `${server.origin}/hook`, ['{"event":"mo"}']);
		await transport.close();
		expect(result.status).toBe('delivered');
		expect(server.seen[0]).toMatchObject({ algorithm, qop });
	});

	it('auth-int covers the body: the server checks the hash of the exact bytes', async () => {
		const server = await start({ offers: [{ algorithm: 'SHA-256', qop: 'auth-int' }] });
		const transport = loopbackTransport(server.cert);
		const authorizer = createAuthorizer({ scheme: 'digestAuth', user: USER, password: PASSWORD });
		const results = await deliverWith(authorizer, transport, `${server.origin}/hook`, ['{"a":"ü"}', '{"a":"b"}']);
		await transport.close();
		expect(results.map((r) => r.status)).toEqual(['delivered', 'delivered']);
		expect(server.seen.every((s) => s.qop === 'auth-int')).toBe(true);
		expect(server.refusals).toEqual([]);
	});

	it('several challenges: the strongest one is answered', async () => {
		const server = await start({
			offers: [
				{ algorithm: 'MD5', qop: 'auth' },
				{ algorithm: 'SHA-512-256', qop: 'auth' },
				{ algorithm: 'SHA-256', qop: 'auth' },
			],
		});
		const transport = loopbackTransport(server.cert);
		const authorizer = createAuthorizer({ scheme: 'digestAuth', user: USER, password: PASSWORD });
		const [result] = await deliverWith(authorizer, transport, `${server.origin}/hook`, ['{}']);
		await transport.close();
		expect(result.status).toBe('delivered');
		expect(server.seen[0].algorithm).toBe('SHA-512-256');
		expect(server.seen[0].nonce).toBe(server.nonces[1]);
	});

	it('stale=true: one more answer on the new nonce inside the same attempt', async () => {
		const server = await start();
		const transport = loopbackTransport(server.cert);
		const authorizer = createAuthorizer({ scheme: 'digestAuth', user: USER, password: PASSWORD });
		await deliverWith(authorizer, transport, `${server.origin}/hook`, ['{}']);
		server.expireNonces();
		const [result] = await deliverWith(authorizer, transport, `${server.origin}/hook`, ['{"again":true}']);
		await transport.close();
		expect(result).toMatchObject({ status: 'delivered', attempts: [expect.objectContaining({ attempt: 1, statusCode: 200 })] });
		// 2 for the first item, then: stale nonce → 401 stale=true → answer on the new nonce.
		expect(server.requests).toHaveLength(4);
		expect(server.requests[2].headers.authorization).toContain(server.nonces[0]);
		expect(server.requests[3].headers.authorization).toContain(server.nonces[1]);
		expect(server.seen[1]).toMatchObject({ nonce: server.nonces[1], nc: '00000001' });
	});

	it('a pre-emptive first request with configured fields, answered again when the nonce is unknown', async () => {
		const server = await start();
		const transport = loopbackTransport(server.cert);
		const authorizer = createAuthorizer({
			scheme: 'digestAuth',
			user: USER,
			password: PASSWORD,
			preemptive: { realm: 'webhooks@127.0.0.1', nonce: 'configured-nonce', algorithm: 'SHA-256', qop: 'auth', opaque: 'opq-1' },
		});
		const [result] = await deliverWith(authorizer, transport, `${server.origin}/hook`, ['{}']);
		await transport.close();
		expect(result.status).toBe('delivered');
		expect(server.requests[0].headers.authorization).toContain('nonce="configured-nonce"');
		expect(server.requests).toHaveLength(2);
	});
});
