import { createTransport } from '../../../nodes/shared/http/transport';
import { noAuth } from '../../../nodes/shared/auth/authorizer';
import { verifyEndpointsOnce, type VerificationMemory } from '../../../nodes/shared/delivery/verification';
import { reply, startHttpsServer, type TestHttpsServer } from '../../support/https-server';

describe('verifyEndpointsOnce: one test call per endpoint configuration', () => {
	let server: TestHttpsServer;
	afterEach(async () => server?.close());
	const freshMemory = (): VerificationMemory => ({ passed: new Map(), inFlight: new Map() });
	const settings = { method: 'HEAD' as const, timeoutMs: 5000, identity: { scheme: 'none' } };

	async function verify(store: Record<string, string>, memory: VerificationMemory, path = '/hook') {
		const transport = createTransport({ rejectUnauthorized: true, ca: server.cert, connections: 4, timeoutMs: 5000 });
		try {
			const endpoint = { url: `${server.origin}${path}`, displayUrl: `${server.origin}${path}`, headers: {} };
			return await verifyEndpointsOnce([endpoint, endpoint], store, settings, { transport, authorizer: noAuth, memory });
		} finally {
			await transport.close();
		}
	}

	test('a pass is written to the store; the same store skips the call (an active workflow)', async () => {
		server = await startHttpsServer((_req, res) => reply(res, 200));
		const store: Record<string, string> = {};
		expect((await verify(store, freshMemory())).size).toBe(0);
		expect(Object.keys(store)).toHaveLength(1);
		await verify(store, freshMemory());
		expect(server.requests.map((r) => r.method)).toEqual(['HEAD']);
	});

	test('a pass remembered by the process covers an execution whose static data is empty (n8n 2.x queue workers)', async () => {
		server = await startHttpsServer((_req, res) => reply(res, 200));
		const memory = freshMemory();
		await verify({}, memory);
		const store: Record<string, string> = {};
		await verify(store, memory);
		expect(server.requests).toHaveLength(1);
		expect(Object.keys(store)).toHaveLength(1);
	});

	test('executions starting together share one test call', async () => {
		server = await startHttpsServer(async (_req, res) => {
			await new Promise((resolve) => setTimeout(resolve, 100));
			reply(res, 200);
		});
		const memory = freshMemory();
		const results = await Promise.all(Array.from({ length: 10 }, () => verify({}, memory)));
		expect(results.every((refused) => refused.size === 0)).toBe(true);
		expect(server.requests).toHaveLength(1);
	});

	test('a failure is not remembered: the next execution tries again, and a changed URL is verified on its own', async () => {
		let answer = 503;
		server = await startHttpsServer((_req, res) => reply(res, answer));
		const memory = freshMemory();
		const first = await verify({}, memory);
		expect([...first.values()].map((e) => e.code)).toEqual(['VERIFICATION_FAILED']);
		answer = 200;
		expect((await verify({}, memory)).size).toBe(0);
		await verify({}, memory, '/other');
		expect(server.requests.map((r) => r.url)).toEqual(['/hook', '/hook', '/other']);
	});
});

describe('a refused test call', () => {
	test('says once what failed, in words, and keeps the system error for the hint', async () => {
		const { freePort } = await import('../../../scripts/n8n/n8n');
		const port = await freePort(); // nothing listens there
		const transport = createTransport({ rejectUnauthorized: true, connections: 1, timeoutMs: 5000 });
		const url = `https://127.0.0.1:${port}/hook`;
		try {
			const refused = await verifyEndpointsOnce([{ url, displayUrl: url, headers: {} }], {}, { method: 'HEAD', timeoutMs: 5000, identity: {} }, { transport, authorizer: noAuth, memory: { passed: new Map(), inFlight: new Map() } });
			const error = refused.get(url)!;
			expect(error.message).toBe(`The test call (HEAD) to ${url} failed: the connection was refused`);
			expect(error.message).not.toMatch(/ECONNREFUSED|Request to/);
			expect(error.hint).toMatch(/Nothing accepts connections.*\(connect ECONNREFUSED 127\.0\.0\.1:\d+\)/);
		} finally {
			await transport.close();
		}
	});
});
