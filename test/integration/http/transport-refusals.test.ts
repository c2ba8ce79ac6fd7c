import { createTransport } from '../../../nodes/shared/http/transport';
import type { CancelSignal } from '../../../nodes/shared/http/types';
import { reply, startHttpsServer, type TestHttpsServer } from '../../support/https-server';

/**
 * What undici refuses inside `dispatch` (a request it cannot build) against a real loopback HTTPS
 * server: the refusal is not a network failure (INVALID_REQUEST / INVALID_HEADER, which the delivery
 * never retries), and closing the transport ends in bounded time even when undici still holds
 * requests it will never send.
 */

const deadline = (ms: number): CancelSignal => AbortSignal.timeout(ms);

describe('the transport and undici refusals', () => {
	let server: TestHttpsServer;
	beforeAll(async () => (server = await startHttpsServer((_req, res) => reply(res, 200, 'ok'))));
	afterAll(async () => server.close());

	test('a request undici refuses to build is INVALID_REQUEST, not a network failure', async () => {
		const transport = createTransport({ rejectUnauthorized: true, ca: server.cert, connections: 1, timeoutMs: 1000 });
		try {
			await expect(transport.send({ method: 'NOT A METHOD' as 'GET', url: `${server.origin}/x`, headers: {} }, deadline(1000))).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
		} finally {
			await transport.close();
		}
	});

	test('a header value undici would refuse is INVALID_HEADER before undici sees it; the connection stays usable', async () => {
		const transport = createTransport({ rejectUnauthorized: true, ca: server.cert, connections: 1, timeoutMs: 1000 });
		try {
			const before = server.requests.length;
			await expect(transport.send({ method: 'POST', url: `${server.origin}/x`, headers: { 'x-currency': '€' }, body: Buffer.from('{}') }, deadline(1000))).rejects.toMatchObject({
				code: 'INVALID_HEADER',
				message: expect.stringContaining('"x-currency"'),
			});
			// The one pooled connection was not taken down: the next request is answered.
			const answer = await transport.send({ method: 'POST', url: `${server.origin}/x`, headers: {}, body: Buffer.from('{}') }, deadline(1000));
			expect(answer.status).toBe(200);
			expect(server.requests.length - before).toBe(1);
		} finally {
			await transport.close();
		}
	});

	test('close() ends within its grace period while a request is still waiting for an answer that never comes', async () => {
		const silent = await startHttpsServer(() => new Promise<void>(() => undefined));
		// undici's own header timeout is the attempt timeout (60 s here): close() alone would wait for it.
		const transport = createTransport({ rejectUnauthorized: true, ca: silent.cert, connections: 1, timeoutMs: 60_000, closeGraceMs: 300 });
		const pending = transport.send({ method: 'POST', url: `${silent.origin}/x`, headers: {}, body: Buffer.from('{}') }).then(
			() => 'answered',
			(error: { code?: string }) => String(error.code),
		);
		while (silent.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
		const started = Date.now();
		await transport.close();
		const took = Date.now() - started;
		expect(took).toBeGreaterThanOrEqual(250);
		expect(took).toBeLessThan(2000);
		// The request still held is ended by the close, as a failure (never an answer).
		expect(await pending).not.toBe('answered');
		await silent.close();
	});
});
