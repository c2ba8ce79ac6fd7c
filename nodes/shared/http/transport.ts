import type { LookupFunction } from 'node:net';
import { createSecureContext, rootCertificates } from 'node:tls';
import { Agent } from 'undici';

import { toTransportError } from './transport-error';
import type { OutgoingRequest, Transport, TransportResponse } from './types';
import { redactUrl } from './url';

/** Response bodies are kept up to this size for the output; the rest is discarded unread. */
export const DEFAULT_RESPONSE_BODY_CAP = 64 * 1024;

export interface TransportOptions {
	/** Verify the endpoint's certificate (default). False only when the user opts out. */
	rejectUnauthorized: boolean;
	/** Extra trusted CA certificates (PEM). */
	ca?: string;
	/** Sockets kept per origin; also the most requests in flight to one origin. */
	connections: number;
	/** Per-attempt deadline, also bounding connect + TLS. */
	timeoutMs: number;
	responseBodyCap?: number;
	/** Resolves host names; the SSRF guard plugs in here so the checked address is the one connected to. */
	lookup?: LookupFunction;
	/** Called before a request is sent (e.g. refuses IP-literal hosts the SSRF policy blocks). */
	checkHost?: (url: URL) => void;
}

/**
 * undici does not settle a request aborted while its connection is still being set up (a TLS
 * handshake that never completes) until its own connect timer fires, up to ~500 ms late
 * (issue 9, test/hardening/request-integrity.test.ts). The attempt's deadline must hold, so the
 * wait ends when the signal fires; a late response is drained so its socket is freed.
 */
function untilAborted<T extends { body: { destroy(): unknown; on(event: 'error', listener: () => void): unknown } }>(
	pending: Promise<T>,
	signal: AbortSignal | undefined,
): Promise<T> {
	if (!signal) return pending;
	return new Promise<T>((resolve, reject) => {
		let settled = false;
		const onAbort = () => {
			if (settled) return;
			settled = true;
			reject(signal.reason);
		};
		if (signal.aborted) onAbort();
		else signal.addEventListener('abort', onAbort, { once: true });
		pending.then(
			(response) => {
				signal.removeEventListener('abort', onAbort);
				if (!settled) {
					settled = true;
					resolve(response);
					return;
				}
				response.body.on('error', () => undefined);
				response.body.destroy();
			},
			(error: unknown) => {
				signal.removeEventListener('abort', onAbort);
				if (!settled) {
					settled = true;
					reject(error);
				}
			},
		);
	});
}

export interface ClosableTransport extends Transport {
	close(): Promise<void>;
}

/**
 * The only HTTP client of the package: undici with keep-alive connection reuse. Redirects are never
 * followed (undici's `request` does not follow them unless told to), so credentials and signatures
 * never reach a second host.
 */
export function createTransport(options: TransportOptions): ClosableTransport {
	const cap = options.responseBodyCap ?? DEFAULT_RESPONSE_BODY_CAP;
	// One secure context for all connections: a `ca` list given per connection is parsed again
	// for every TLS handshake (~50 ms of blocked event loop with the public roots), which made
	// 64 parallel connections blow every deadline (issue 9, test/hardening/chaos.test.ts).
	const secureContext = options.ca ? createSecureContext({ ca: [...rootCertificates, options.ca] }) : undefined;
	const newAgent = (connections: number) =>
		new Agent({
			connections,
			pipelining: 1,
			keepAliveTimeout: 30_000,
			headersTimeout: options.timeoutMs,
			bodyTimeout: options.timeoutMs,
			connect: {
				rejectUnauthorized: options.rejectUnauthorized,
				secureContext,
				timeout: options.timeoutMs,
				...(options.lookup ? { lookup: options.lookup } : {}),
			},
		});
	const agent = newAgent(Math.max(1, options.connections));
	// undici closes a connection after every HEAD (nodejs/undici#258). The HEAD test call on the
	// delivery pool, followed at once by the burst of POSTs, made the pool reconnect dozens of times
	// (60-130 TLS handshakes instead of 21 for 1,000 items, issue 8); a HEAD gets an agent of its own.
	let headAgent: Agent | undefined;

	async function send(request: OutgoingRequest, signal?: AbortSignal): Promise<TransportResponse> {
		const url = new URL(request.url);
		try {
			options.checkHost?.(url);
			const response = await untilAborted(
				(request.method === 'HEAD' ? (headAgent ??= newAgent(1)) : agent).request({
					origin: url.origin,
					path: `${url.pathname}${url.search}`,
					method: request.method,
					headers: request.headers,
					body: request.body,
					signal,
				}),
				signal,
			);
			const chunks: Buffer[] = [];
			let size = 0;
			let truncated = false;
			if (request.method === 'HEAD') {
				await response.body.dump();
			} else {
				for await (const chunk of response.body) {
					const buffer = chunk as Buffer;
					if (size + buffer.length > cap) {
						chunks.push(buffer.subarray(0, cap - size));
						size = cap;
						truncated = true;
						break;
					}
					chunks.push(buffer);
					size += buffer.length;
				}
			}
			// A body longer than the cap is not read further: the stream (and its socket) is dropped.
			if (truncated && !response.body.destroyed) {
				response.body.on('error', () => undefined);
				response.body.destroy();
			}
			return {
				status: response.statusCode,
				headers: response.headers,
				body: Buffer.concat(chunks, size),
				truncated,
			};
		} catch (error) {
			const timedOut = signal?.aborted === true && (signal.reason as Error | undefined)?.name === 'TimeoutError';
			throw toTransportError(error, redactUrl(url), timedOut, options.timeoutMs);
		}
	}

	return {
		send,
		close: async () => {
			await Promise.all([agent.close(), headAgent?.close()]);
		},
	};
}
