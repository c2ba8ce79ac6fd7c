/**
 * The loopback HTTPS receiver every delivery scenario sends to, in a process of its own (so the
 * sender's event loop is measured alone). Keep-alive, self-signed certificate (the tests' one).
 *
 *   /fast/...   200 as soon as the body is read
 *   /slow/...   200 after RECEIVER_LATENCY_MS (20 ms)
 *   /retry/...  POST: 503 the first time a delivery id is seen, 200 after; HEAD: 200
 *   GET /_stats, POST /_reset   counters for the scenario that is running
 *
 * Prints one JSON line `{"origin","certFile"}` on stdout when listening; stops on SIGTERM, on stdin
 * closing (with BENCH_RECEIVER_WATCH_STDIN=1, as the runner starts it: the runner died), or after
 * BENCH_RECEIVER_MAX_S seconds (default 3600) at the latest.
 */
import { writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { testCertificate } from '../test/support/certs';

const RECEIVER_LATENCY_MS = 20;
const KEEP_ALIVE_MS = 65_000;
const MAX_LIFETIME_S = Number(process.env.BENCH_RECEIVER_MAX_S ?? 3600);

export interface Stats {
	requests: number;
	posts: number;
	heads: number;
	bodyBytes: number;
	/** TLS handshakes completed: a keep-alive client makes about as many as its connection limit. */
	handshakes: number;
	/** Most connections open at one time. */
	peakConnections: number;
	byStatus: Record<string, number>;
	signed: number;
	firstAt?: number;
	lastAt?: number;
	/** /retry/: when the first attempts (answered 503) and the retries arrived, and the wait between. */
	retry?: { firstAttempts: [number, number]; retries: [number, number]; gapMs: { min: number; p50: number; p95: number; max: number } };
}

const fresh = (): Stats => ({ requests: 0, posts: 0, heads: 0, bodyBytes: 0, handshakes: 0, peakConnections: 0, byStatus: {}, signed: 0 });
let stats = fresh();
/** Delivery id → arrival of its first attempt (/retry/ only). */
const seen = new Map<string, number>();
const retryArrivals: Array<{ first: number; retry: number }> = [];

function retrySummary(): Stats['retry'] {
	if (retryArrivals.length === 0) return undefined;
	const firsts = [...seen.values()];
	const retries = retryArrivals.map((r) => r.retry);
	const gaps = retryArrivals.map((r) => r.retry - r.first).sort((a, b) => a - b);
	const at = (q: number) => gaps[Math.min(gaps.length - 1, Math.floor(q * gaps.length))];
	return {
		firstAttempts: [Math.min(...firsts), Math.max(...firsts)],
		retries: [Math.min(...retries), Math.max(...retries)],
		gapMs: { min: gaps[0], p50: at(0.5), p95: at(0.95), max: gaps[gaps.length - 1] },
	};
}
let open = 0;

function answer(res: ServerResponse, status: number): void {
	stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
	res.writeHead(status, { 'content-type': 'text/plain', 'content-length': '2' });
	res.end('ok');
}

function handle(req: IncomingMessage, res: ServerResponse, size: number): void {
	const url = req.url ?? '/';
	if (url === '/_stats') {
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end(JSON.stringify({ ...stats, retry: retrySummary() }));
		return;
	}
	if (url === '/_reset') {
		stats = fresh();
		seen.clear();
		retryArrivals.length = 0;
		res.writeHead(204);
		res.end();
		return;
	}
	const now = Date.now();
	stats.requests++;
	stats.firstAt ??= now;
	stats.lastAt = now;
	stats.bodyBytes += size;
	if (req.method === 'POST') stats.posts++;
	if (req.method === 'HEAD') stats.heads++;
	if (req.headers['x-hub-signature']) stats.signed++;

	if (url.startsWith('/slow/')) {
		setTimeout(() => answer(res, 200), RECEIVER_LATENCY_MS);
		return;
	}
	if (url.startsWith('/retry/') && req.method === 'POST') {
		const id = String(req.headers['x-delivery-id'] ?? '');
		const first = seen.get(id);
		if (first === undefined) {
			seen.set(id, now);
			answer(res, 503);
			return;
		}
		retryArrivals.push({ first, retry: now });
	}
	answer(res, 200);
}

async function start(): Promise<void> {
	const { key, cert } = await testCertificate();
	const certFile = join(tmpdir(), `bench-receiver-${process.pid}.pem`);
	writeFileSync(certFile, cert);
	const sockets = new Set<Socket>();
	const server = createServer({ key, cert, keepAliveTimeout: KEEP_ALIVE_MS }, (req, res) => {
		let size = 0;
		req.on('data', (chunk: Buffer) => (size += chunk.length));
		req.on('end', () => handle(req, res, size));
	});
	server.keepAliveTimeout = KEEP_ALIVE_MS;
	server.headersTimeout = KEEP_ALIVE_MS + 1000;
	server.on('secureConnection', (socket: Socket) => {
		stats.handshakes++;
		open++;
		stats.peakConnections = Math.max(stats.peakConnections, open);
		sockets.add(socket);
		socket.on('close', () => {
			open--;
			sockets.delete(socket);
		});
	});
	server.on('tlsClientError', () => undefined);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', 4096, resolve));
	const { port } = server.address() as AddressInfo;
	process.stdout.write(`${JSON.stringify({ origin: `https://127.0.0.1:${port}`, certFile })}\n`);

	const stop = () => {
		for (const socket of sockets) socket.destroy();
		server.close(() => process.exit(0));
		setTimeout(() => process.exit(0), 2000).unref();
	};
	process.on('SIGTERM', stop);
	process.on('SIGINT', stop);
	if (process.env.BENCH_RECEIVER_WATCH_STDIN === '1') {
		process.stdin.on('end', stop);
		process.stdin.resume();
	}
	setTimeout(stop, MAX_LIFETIME_S * 1000).unref();
}

start().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
