import { createHmac } from 'node:crypto';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { runWorkflow } from '../harness/workflow';
import { testCertificate } from '../support/certs';
import { reply, startHttpsServer, type TestHttpsServer } from '../support/https-server';
import { mb, onRequestHead, outboundWorkflow, report, startTcpServer, startTlsServer, type RawServer } from './support';

/**
 * Suite (a), request integrity: what the Outbound Webhook node puts on the wire when expressions,
 * payloads and endpoints are hostile. Every case runs the real node in n8n-core's WorkflowExecute
 * against loopback servers and prints what it tried.
 */

const SECRET = 'integrity-hub-secret-5b1e';
const TIMEOUT_MS = 500;
/** Scheduling slack on a busy 2-core machine (jest runs two files side by side). */
const SLACK_MS = 400;

const credentials = { hubSignatureApi: { secret: SECRET, algorithm: 'sha256' } };

function outputsOf(result: Awaited<ReturnType<typeof runWorkflow>>) {
	const [delivered, failed, smpp] = result.outputs('Webhook');
	return { delivered: delivered ?? [], failed: failed ?? [], smpp: smpp ?? [] };
}

const itemIndex = (item: INodeExecutionData) => (item.pairedItem as { item: number }).item;

describe('(a) request integrity', () => {
	let server: TestHttpsServer;
	afterEach(async () => server?.close());

	test('CR/LF/NUL in header names and values built by expressions are refused per item; nothing injected reaches the wire', async () => {
		server = await startHttpsServer((_req, res) => reply(res, 200));
		const cases: Array<{ label: string; name: string; value: string; refused: boolean }> = [
			{ label: 'value CRLF + header', name: 'x-note', value: 'a\r\nX-Injected: 1', refused: true },
			{ label: 'value LF + header', name: 'x-note', value: 'a\nX-Injected: 1', refused: true },
			{ label: 'value CR + header', name: 'x-note', value: 'a\rX-Injected: 1', refused: true },
			{ label: 'value CRLFCRLF + request', name: 'x-note', value: 'a\r\n\r\nPOST /smuggled HTTP/1.1\r\nHost: x', refused: true },
			{ label: 'value NUL', name: 'x-note', value: 'a\u0000b', refused: true },
			{ label: 'value URL-encoded CRLF (harmless text)', name: 'x-note', value: 'a%0d%0aX-Injected: 1', refused: false },
			{ label: 'value with tab', name: 'x-note', value: 'a\tb', refused: false },
			{ label: 'name CRLF + header', name: 'X-Evil\r\nX-Injected', value: '1', refused: true },
			{ label: 'name LF', name: 'X-Evil\nX-Injected', value: '1', refused: true },
			{ label: 'name with space', name: 'X Evil', value: '1', refused: true },
			{ label: 'name with colon', name: 'X-Evil:', value: '1', refused: true },
			{ label: 'name non-ASCII', name: 'x-日本', value: '1', refused: true },
			{ label: 'name reserved x-hub-signature', name: 'X-Hub-Signature', value: 'forged', refused: true },
			{ label: 'name reserved content-length', name: 'Content-Length', value: '0', refused: true },
			{ label: 'name reserved transfer-encoding', name: 'Transfer-Encoding', value: 'chunked', refused: true },
			{ label: 'name reserved host', name: 'Host', value: 'internal.example', refused: true },
		];
		const items = cases.map((c, n) => ({ n, hname: c.name, hvalue: c.value }));
		const result = await runWorkflow(
			outboundWorkflow(
				items,
				{
					url: `${server.origin}/hook`,
					enableHubSignature: true,
					options: {
						caCertificate: server.cert,
						verifyEndpoint: false,
						maxRetries: 0,
						timeout: 2000,
						headers: { header: [{ name: '={{ $json.hname }}', value: '={{ $json.hvalue }}' }] },
					},
				},
				{ onError: 'continueRegularOutput' },
			),
			{ credentials },
		);
		const { delivered, failed } = outputsOf(result);
		const lines: string[] = [];
		for (const [n, c] of cases.entries()) {
			const f = failed.find((i) => itemIndex(i) === n);
			const d = delivered.find((i) => itemIndex(i) === n);
			const outcome = f ? `Failed ${(f.json.error as IDataObject).code}` : d ? 'Delivered' : 'MISSING';
			lines.push(`${c.label.padEnd(40)} ${JSON.stringify(c.name).padEnd(26)} ${JSON.stringify(c.value).slice(0, 40).padEnd(42)} -> ${outcome}`);
			if (c.refused) expect(f?.json.error).toMatchObject({ code: 'INVALID_HEADER' });
			else expect(d).toBeDefined();
		}
		for (const request of server.requests) {
			expect(request.headers['x-injected']).toBeUndefined();
			expect(request.url).toBe('/hook');
			expect(request.headers['x-hub-signature']).toBe(createHmac('sha256', SECRET).update(request.body).digest('hex'));
		}
		const accepted = cases.filter((c) => !c.refused).length;
		expect(server.requests).toHaveLength(accepted);
		lines.push(`server received ${server.requests.length} requests (= the ${accepted} accepted items); none carried x-injected or a second request line`);
		report('integrity', `header injection: ${cases.length} cases`, lines);
	});

	test('the body is sent byte-exactly as signed, for hostile and large payloads', async () => {
		const seen: Array<{ ok: boolean; bytes: number }> = [];
		server = await startHttpsServer((req, res) => {
			const expected = createHmac('sha256', SECRET).update(req.body).digest('hex');
			seen.push({ ok: req.headers['x-hub-signature'] === expected, bytes: req.body.length });
			reply(res, req.headers['x-hub-signature'] === expected ? 200 : 400);
		});
		const deep: IDataObject = {};
		let cursor = deep;
		for (let depth = 0; depth < 60; depth++) cursor = cursor.next = { depth } as IDataObject;
		const payloads: Array<[string, unknown]> = [
			['unicode + emoji + RTL', { text: 'héllo wörld — 日本語 🚀👩‍👩‍👧 ‮RTL‬' }],
			['line/paragraph separators', { text: 'a\u2028b\u2029c' }],
			['control characters', { text: '\u0000\u0001\u001f\u007f\t\r\n' }],
			['quotes and backslashes', { text: '"\\"\\\\\'</script>' }],
			['lone surrogate', { text: 'x\ud800y' }],
			['numbers', { big: 1e21, small: 5e-324, neg: -0, frac: 0.1 + 0.2, max: Number.MAX_SAFE_INTEGER }],
			['60-deep nesting', deep],
			['1 MiB string', { blob: 'x'.repeat(1024 * 1024) }],
			['empty object', {}],
			['top-level array-like keys', { '0': 'a', '1': 'b', __proto__x: 1 }],
		];
		const items = payloads.map(([label, payload]) => ({ label, payload }));
		const result = await runWorkflow(
			outboundWorkflow(items, {
				url: `${server.origin}/hook`,
				enableHubSignature: true,
				bodyContent: 'field',
				bodyField: 'payload',
				options: { caCertificate: server.cert, verifyEndpoint: false, maxRetries: 0, timeout: 5000, concurrency: 1 },
			}),
			{ credentials },
		);
		const { delivered, failed } = outputsOf(result);
		expect(failed).toHaveLength(0);
		expect(delivered).toHaveLength(payloads.length);
		const lines: string[] = [];
		for (const item of delivered) {
			const n = itemIndex(item);
			const received = server.requests[n].body;
			// What the node says it sent, serialised the same way, is byte-identical to what arrived.
			const expectedBytes = Buffer.from(JSON.stringify(item.json.payload), 'utf8');
			expect(received.equals(expectedBytes)).toBe(true);
			lines.push(`${payloads[n][0].padEnd(28)} ${String(received.length).padStart(8)} bytes, signature over received bytes: ${seen[n].ok ? 'valid' : 'INVALID'}`);
		}
		expect(seen.every((s) => s.ok)).toBe(true);
		report('integrity', `body = signed bytes: ${payloads.length} payloads`, lines);
	});

	test('redirects 301/302/303/307/308 are never followed; the other port receives nothing, no credential leaves', async () => {
		const other = await startHttpsServer((_req, res) => reply(res, 200));
		const statuses = [301, 302, 303, 307, 308];
		try {
			server = await startHttpsServer((req, res) => {
				const status = Number(req.url.split('/')[2]);
				reply(res, status, '', { location: `${other.origin}/stolen?from=${status}` });
			});
			const items = statuses.map((status) => ({ status }));
			const result = await runWorkflow(
				outboundWorkflow(items, {
					url: `={{ "${server.origin}/r/" + $json.status }}`,
					enableHubSignature: true,
					options: {
						caCertificate: server.cert,
						verifyEndpoint: false,
						timeout: 2000,
						retryInterval: 0.01,
						headers: { header: [{ name: 'authorization', value: 'Bearer redirect-canary-token' }] },
					},
				}),
				{ credentials },
			);
			const { delivered, failed } = outputsOf(result);
			expect(delivered).toHaveLength(0);
			const lines = failed.map((item) => {
				const status = statuses[itemIndex(item)];
				expect(item.json).toMatchObject({ statusCode: status, error: { code: 'REJECTED' } });
				expect(item.json.attempts).toHaveLength(1);
				return `${status} -> Failed REJECTED after 1 attempt; hint names the target: ${String((item.json.error as IDataObject).hint).includes(other.origin)}`;
			});
			expect(other.requests).toHaveLength(0);
			expect(server.requests).toHaveLength(statuses.length);
			lines.push(`redirect target on port ${other.port} received ${other.requests.length} requests (no signature, no Authorization)`);
			report('integrity', 'redirects', lines);
		} finally {
			await other.close();
		}
	});

	test('a response body far larger than the cap is cut without reading it all', async () => {
		let written = 0;
		let closedAt = 0;
		const LIMIT = 256 * 1024 * 1024; // the server stops on its own at 256 MiB
		server = await startHttpsServer((_req, res) => {
			res.writeHead(200, { 'content-type': 'application/octet-stream' });
			const chunk = Buffer.alloc(64 * 1024, 0x61);
			res.on('close', () => (closedAt = Date.now()));
			const pump = () => {
				while (written < LIMIT && !res.destroyed) {
					written += chunk.length;
					if (!res.write(chunk)) return void res.once('drain', pump);
				}
				res.end();
			};
			pump();
		});
		const started = Date.now();
		const result = await runWorkflow(
			outboundWorkflow([{ a: 1 }], {
				url: `${server.origin}/big`,
				options: { caCertificate: server.cert, verifyEndpoint: false, maxRetries: 0, timeout: 10_000 },
			}),
		);
		const elapsed = Date.now() - started;
		const { delivered } = outputsOf(result);
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(delivered).toHaveLength(1);
		expect(delivered[0].json.response).toMatchObject({ statusCode: 200, truncated: true });
		expect(written).toBeLessThan(32 * 1024 * 1024);
		expect(closedAt).toBeGreaterThan(0);
		report('integrity', 'oversized response body', [
			`server offered up to ${mb(LIMIT)}; it had written ${mb(written)} when the client dropped the connection (kernel and TLS buffers included)`,
			`item Delivered with response.truncated = true in ${elapsed} ms`,
		]);
	});

	describe('hostile endpoints cost at most the per-attempt deadline', () => {
		type Fault = { label: string; start: () => Promise<RawServer | TestHttpsServer> };
		const trickleBody = (res: import('node:http').ServerResponse) => {
			res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '100000' });
			let sent = 0;
			const timer = setInterval(() => {
				if (res.destroyed || sent >= 200) return void clearInterval(timer);
				sent += 1;
				res.write('x');
			}, 50);
			res.on('close', () => clearInterval(timer));
		};
		const faults: Fault[] = [
			{ label: 'never answers (request read, no response)', start: () => startHttpsServer(() => undefined) },
			{ label: 'trickles the body, 1 byte / 50 ms', start: () => startHttpsServer((_req, res) => trickleBody(res)) },
			{
				label: 'trickles the status line and headers, 1 byte / 50 ms',
				start: () =>
					startTlsServer((socket) =>
						onRequestHead(socket, () => {
							const head = Buffer.from('HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\nx-slow: ' + 'y'.repeat(200) + '\r\n\r\n');
							let index = 0;
							const timer = setInterval(() => {
								if (socket.destroyed || index >= head.length) return void clearInterval(timer);
								socket.write(head.subarray(index, ++index));
							}, 50);
							socket.on('close', () => clearInterval(timer));
						}),
					),
			},
			{ label: 'resets after reading the request', start: () => startHttpsServer((_req, _res, raw) => void raw.socket.destroy()) },
			{
				label: 'resets mid-body',
				start: () =>
					startHttpsServer((_req, res, raw) => {
						res.writeHead(200, { 'content-length': '1000' });
						res.write('partial');
						setTimeout(() => raw.socket.destroy(), 20);
					}),
			},
			{
				label: 'half-closes (FIN) without answering',
				start: () => startTlsServer((socket) => onRequestHead(socket, () => socket.end())),
			},
			{
				label: 'half-closes mid-body (short content-length)',
				start: () =>
					startTlsServer((socket) =>
						onRequestHead(socket, () => socket.end('HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\nonly-this')),
					),
			},
			{ label: 'TLS: TCP accepted, handshake never answered', start: () => startTcpServer(() => undefined) },
			{ label: 'TLS: plain-text answer to ClientHello', start: () => startTcpServer((s) => s.end('HTTP/1.1 400 Bad Request\r\n\r\n')) },
			{ label: 'TLS: connection closed at once', start: () => startTcpServer((s) => s.destroy()) },
			{
				label: 'TLS: handshake trickled, 1 byte / 100 ms',
				start: () =>
					startTcpServer((socket) => {
						const timer = setInterval(() => (socket.destroyed ? clearInterval(timer) : socket.write(Buffer.from([0x16]))), 100);
						socket.on('close', () => clearInterval(timer));
					}),
			},
		];

		const lines: string[] = [];
		afterAll(() => report('integrity', `deadline: ${faults.length} hostile endpoints, timeout ${TIMEOUT_MS} ms, 2 attempts each`, lines));

		test.each(faults.map((f) => [f.label, f] as const))('%s', async (_label, fault) => {
			const endpoint = await fault.start();
			try {
				const { cert } = await testCertificate();
				const started = Date.now();
				const result = await runWorkflow(
					outboundWorkflow([{ a: 1 }], {
						url: `${endpoint.origin}/hook`,
						options: { caCertificate: cert, verifyEndpoint: false, maxRetries: 1, retryInterval: 0.01, timeout: TIMEOUT_MS },
					}),
				);
				const elapsed = Date.now() - started;
				const { delivered, failed } = outputsOf(result);
				expect(delivered).toHaveLength(0);
				expect(failed).toHaveLength(1);
				const attempts = failed[0].json.attempts as Array<{ durationMs: number; errorCode?: string; statusCode?: number }>;
				expect(attempts).toHaveLength(2);
				for (const attempt of attempts) expect(attempt.durationMs).toBeLessThanOrEqual(TIMEOUT_MS + SLACK_MS);
				expect(elapsed).toBeLessThanOrEqual(2 * (TIMEOUT_MS + SLACK_MS) + 1000);
				lines.push(
					`${fault.label.padEnd(55)} attempts ${attempts.map((a) => `${a.errorCode ?? a.statusCode} ${a.durationMs} ms`).join(', ')}; run ${elapsed} ms`,
				);
			} finally {
				await endpoint.close();
			}
		});
	});
});
