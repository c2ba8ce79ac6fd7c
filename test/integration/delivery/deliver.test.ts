import type { Socket } from 'node:net';

import { deliverAll, type DeliveryJob } from '../../../nodes/shared/delivery/deliver';
import { classifyStatus } from '../../../nodes/shared/delivery/policy';
import { createTransport, type ClosableTransport } from '../../../nodes/shared/http/transport';
import { noAuth } from '../../../nodes/shared/auth/authorizer';
import { reply, startHttpsServer, type TestHttpsServer } from '../../support/https-server';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function jobs(server: TestHttpsServer, count: number, path = (i: number) => `/item/${i}`): DeliveryJob[] {
	return Array.from({ length: count }, (_, i) => ({
		url: `${server.origin}${path(i)}`,
		displayUrl: `${server.origin}${path(i)}`,
		body: Buffer.from(JSON.stringify({ i })),
		headers: { 'content-type': 'application/json' },
		deliveryId: `id-${i}`,
	}));
}

describe('deliverAll over real undici against a loopback HTTPS server', () => {
	let server: TestHttpsServer;
	let transport: ClosableTransport;
	const open = (handler: Parameters<typeof startHttpsServer>[0], timeoutMs = 2000, concurrency = 20) =>
		startHttpsServer(handler).then((s) => {
			server = s;
			transport = createTransport({ rejectUnauthorized: true, ca: s.cert, connections: concurrency, timeoutMs });
		});
	afterEach(async () => {
		await transport?.close();
		await server?.close();
	});
	const deps = () => ({ transport, authorizer: noAuth, now: Date.now, sleep });

	test('every status from 200 to 599 gets the number of attempts the spec table gives it', async () => {
		await open((req, res) => reply(res, Number(req.url.split('/')[2])), 10_000);
		const statuses = Array.from({ length: 400 }, (_, i) => 200 + i);
		const results = await deliverAll(
			jobs(server, statuses.length, (i) => `/status/${statuses[i]}`),
			{ schedule: { maxRetries: 3, retryIntervalMs: 1, maxRetryAfterMs: 1 }, timeoutMs: 10_000, concurrency: 20 },
			deps(),
		);
		const attemptsByStatus = new Map<number, number>();
		for (const request of server.requests) {
			const status = Number(request.url.split('/')[2]);
			attemptsByStatus.set(status, (attemptsByStatus.get(status) ?? 0) + 1);
		}
		const noRetry = [202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 306, 307, 308, 400, 402, 404, 405, 406, 407, 408, 409, 410, 411, 414, 415, 416, 418, 505];
		for (const [i, status] of statuses.entries()) {
			const expected = (status >= 200 && status <= 299) || noRetry.includes(status) ? 1 : 4;
			expect([status, attemptsByStatus.get(status)]).toEqual([status, expected]);
			expect([status, results[i].status]).toEqual([status, status < 300 ? 'delivered' : 'failed']);
			expect(results[i].attempts).toHaveLength(expected);
		}
		// The spec's own list, read the other way round: each of those statuses is never retried.
		for (const status of noRetry) expect(classifyStatus(status)).not.toBe('retry');
		expect(classifyStatus(201)).toBe('delivered');
		for (const status of [401, 403, 412, 413, 429, 500, 502, 503, 504]) expect(classifyStatus(status)).toBe('retry');
	});

	// Retry timing (side by side, Retry-After and its cap) is asserted with a recorded sleep in
	// test/unit/delivery/run.test.ts, not with wall-clock bounds.

	test('at most `concurrency` requests are in flight at once', async () => {
		let inFlight = 0;
		let peak = 0;
		await open(async (_req, res) => {
			inFlight++;
			peak = Math.max(peak, inFlight);
			await sleep(20);
			inFlight--;
			reply(res, 200);
		}, 2000, 5);
		await deliverAll(jobs(server, 40), { schedule: { maxRetries: 0, retryIntervalMs: 0, maxRetryAfterMs: 0 }, timeoutMs: 2000, concurrency: 5 }, deps());
		expect(server.requests).toHaveLength(40);
		expect(peak).toBeLessThanOrEqual(5);
		expect(peak).toBeGreaterThan(1);
	});

	test('a server that never answers costs one deadline per attempt, reported as TIMEOUT', async () => {
		await open(() => undefined, 300);
		const started = Date.now();
		const [result] = await deliverAll(jobs(server, 1), { schedule: { maxRetries: 1, retryIntervalMs: 10, maxRetryAfterMs: 0 }, timeoutMs: 300, concurrency: 1 }, deps());
		const elapsed = Date.now() - started;
		expect(result.status).toBe('failed');
		expect(result.attempts.map((a) => a.errorCode)).toEqual(['TIMEOUT', 'TIMEOUT']);
		expect(result.error?.code).toBe('RETRIES_EXHAUSTED');
		expect(elapsed).toBeGreaterThanOrEqual(600);
		expect(elapsed).toBeLessThan(600 + 1000);
	});

	test('a server that trickles its body cannot hold an attempt past the deadline', async () => {
		await open((_req, res) => {
			res.writeHead(200, { 'content-type': 'text/plain' });
			const timer = setInterval(() => res.write('.'), 50);
			res.on('close', () => clearInterval(timer));
		}, 400);
		const started = Date.now();
		const [result] = await deliverAll(jobs(server, 1), { schedule: { maxRetries: 0, retryIntervalMs: 0, maxRetryAfterMs: 0 }, timeoutMs: 400, concurrency: 1 }, deps());
		expect(result.attempts[0].errorCode).toBe('TIMEOUT');
		expect(Date.now() - started).toBeLessThan(400 + 800);
	});

	test('a connection reset is retried and reported as CONNECTION_RESET', async () => {
		await open((_req, res) => {
			if (server.requests.length === 1) (res.socket as Socket).destroy();
			else reply(res, 200);
		});
		const [result] = await deliverAll(jobs(server, 1), { schedule: { maxRetries: 2, retryIntervalMs: 5, maxRetryAfterMs: 0 }, timeoutMs: 2000, concurrency: 1 }, deps());
		expect(result.status).toBe('delivered');
		expect(result.attempts.map((a) => a.errorCode ?? a.statusCode)).toEqual(['CONNECTION_RESET', 200]);
	});

	test('a response body over the cap is cut, not read whole', async () => {
		await open((_req, res) => {
			res.writeHead(200, { 'content-type': 'text/plain' });
			res.end(Buffer.alloc(5 * 1024 * 1024, 'x'));
		});
		const capped = createTransport({ rejectUnauthorized: true, ca: server.cert, connections: 1, timeoutMs: 2000, responseBodyCap: 1024 });
		try {
			const response = await capped.send({ method: 'POST', url: `${server.origin}/big`, headers: {}, body: Buffer.from('{}') });
			expect(response.body.length).toBe(1024);
			expect(response.truncated).toBe(true);
		} finally {
			await capped.close();
		}
	});

	test('connections are reused (keep-alive): 50 sequential deliveries use few sockets', async () => {
		const sockets = new Set<unknown>();
		await open((_req, res, raw) => {
			sockets.add(raw.socket);
			reply(res, 200);
		}, 2000, 2);
		await deliverAll(jobs(server, 50), { schedule: { maxRetries: 0, retryIntervalMs: 0, maxRetryAfterMs: 0 }, timeoutMs: 2000, concurrency: 2 }, deps());
		expect(server.requests).toHaveLength(50);
		expect(sockets.size).toBeLessThanOrEqual(2);
	});

	test('refused connections are retried and say what to check', async () => {
		await open((_req, res) => reply(res, 200));
		const port = server.port;
		await server.close();
		const [result] = await deliverAll(
			[{ url: `https://127.0.0.1:${port}/x`, displayUrl: `https://127.0.0.1:${port}/x`, body: Buffer.from('{}'), headers: {}, deliveryId: 'a' }],
			{ schedule: { maxRetries: 1, retryIntervalMs: 5, maxRetryAfterMs: 0 }, timeoutMs: 1000, concurrency: 1 },
			deps(),
		);
		expect(result.attempts.map((a) => a.errorCode)).toEqual(['CONNECTION_REFUSED', 'CONNECTION_REFUSED']);
		expect(result.error?.hint).toMatch(/Check the URL/);
	});
});
