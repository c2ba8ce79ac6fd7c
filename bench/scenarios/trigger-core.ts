/**
 * Scenario 5, in-process fallback: the Channel Event Trigger's receive path without n8n around it.
 *  - `receive()` alone: signature check (HMAC SHA256), JSON parse, normalisation, subscription filter,
 *    per 1 KB incoming-message event.
 *  - the same behind a node:https server in this process (raw body read + receive() + JSON answer),
 *    loaded by an undici client with 20 connections for a fixed time, against the same server
 *    answering 200 without looking at the body (the cost of HTTPS itself on this machine).
 * Client and server share one process and the machine's 2 cores, so the HTTPS figures are a floor.
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';

import { Agent } from 'undici';

import { receive, type ReceiveConfig, type ReceiveRequest } from '../../nodes/shared/receive';
import { testCertificate } from '../../test/support/certs';
import { benchEvent } from '../lib/items';
import { benchArgs, emit, main, peakRssKb, rssKb } from '../lib/report';

const args = benchArgs({ seconds: 5, concurrency: 20 });
const SECRET = 'bench-hub-secret';

const config: ReceiveConfig = {
	maxBodyBytes: 1024 * 1024,
	hubSignature: { secrets: [SECRET], algorithm: 'sha256' },
	auth: { type: 'none' },
	subscription: { entityType: 'service', entityId: '', events: ['incomingMessage'], receipts: {} },
};

function eventBody(n: number): Buffer {
	const e = benchEvent(n);
	return Buffer.from(JSON.stringify({ event: 'incomingMessage', channel: 'sms', from: e.from, to: e.to, messageId: e.eventId, text: e.text, timestamp: e.timestamp }));
}

async function startServer(verify: boolean): Promise<{ server: Server; origin: string; accepted: () => number }> {
	const { key, cert } = await testCertificate();
	let accepted = 0;
	const server = createServer({ key, cert, keepAliveTimeout: 65_000 }, (req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			if (!verify) {
				accepted++;
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end('{"status":"received"}');
				return;
			}
			const result = receive({ method: req.method ?? 'POST', headers: req.headers, rawBody: Buffer.concat(chunks) }, config);
			if (result.status === 200 && result.events.length > 0) accepted += result.events.length;
			res.writeHead(result.status, { 'content-type': 'application/json', ...result.headers });
			res.end(JSON.stringify(result.body));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { server, origin: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, accepted: () => accepted };
}

async function load(origin: string, cert: string, bodies: Buffer[], signatures: string[], ms: number): Promise<{ sent: number; ok: number; wallMs: number }> {
	const agent = new Agent({ connections: args.concurrency, pipelining: 1, connect: { ca: cert } });
	const url = new URL(`${origin}/webhook/channel-events`);
	let sent = 0;
	let ok = 0;
	const started = performance.now();
	const deadline = started + ms;
	const worker = async () => {
		while (performance.now() < deadline) {
			const i = sent++ % bodies.length;
			const response = await agent.request({
				origin: url.origin,
				path: url.pathname,
				method: 'POST',
				headers: { 'content-type': 'application/json', 'x-hub-signature': signatures[i] },
				body: bodies[i],
			});
			await response.body.text();
			if (response.statusCode === 200) ok++;
		}
	};
	await Promise.all(Array.from({ length: args.concurrency }, worker));
	const wallMs = performance.now() - started;
	await agent.close();
	return { sent, ok, wallMs };
}

main(async () => {
	const bodies = Array.from({ length: 1000 }, (_, n) => eventBody(n));
	const signatures = bodies.map((b) => createHmac('sha256', SECRET).update(b).digest('hex'));
	const baselineRssKb = rssKb();

	// receive() alone.
	const request = (i: number): ReceiveRequest => ({ method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature': signatures[i] }, rawBody: bodies[i] });
	for (let i = 0; i < 2000; i++) receive(request(i % bodies.length), config);
	let count = 0;
	let accepted = 0;
	const started = performance.now();
	while (performance.now() - started < args.seconds * 1000) {
		for (let i = 0; i < 500; i++, count++) accepted += receive(request(count % bodies.length), config).events.length;
	}
	const coreMs = performance.now() - started;
	emit({
		scenario: 'trigger',
		side: 'receive() core',
		variant: 'in-process, no HTTP',
		items: accepted,
		wallMs: coreMs,
		perSecond: (accepted / coreMs) * 1000,
		peakRssKb: peakRssKb(),
		baselineRssKb,
		ok: accepted === count,
		details: { calls: count, microsecondsPerEvent: (coreMs * 1000) / count },
	});

	const { cert } = await testCertificate();
	for (const verify of [false, true]) {
		const server = await startServer(verify);
		await load(server.origin, cert, bodies, signatures, 500);
		const before = server.accepted();
		const result = await load(server.origin, cert, bodies, signatures, args.seconds * 1000);
		const events = server.accepted() - before;
		server.server.closeAllConnections();
		await new Promise<void>((resolve) => server.server.close(() => resolve()));
		emit({
			scenario: 'trigger',
			side: verify ? 'HTTPS + receive() core' : 'HTTPS, answer 200 only',
			variant: 'in-process server and client',
			items: events,
			wallMs: result.wallMs,
			perSecond: (events / result.wallMs) * 1000,
			peakRssKb: peakRssKb(),
			baselineRssKb,
			ok: result.ok === result.sent,
			details: { sent: result.sent, answered200: result.ok, concurrency: args.concurrency },
		});
	}
});
