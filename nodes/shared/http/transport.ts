import type { LookupFunction } from 'node:net';
import { createSecureContext, rootCertificates } from 'node:tls';
import { Agent, type Dispatcher } from 'undici';

import { cancellableSleep } from '../sleep';
import { assertSendableHeaders } from './header-rules';
import { toTransportError } from './transport-error';
import type { OutgoingRequest, Transport, TransportResponse } from './types';
import { redactUrl } from './url';

/**
 * How long `close()` lets requests still in undici's pools finish before it destroys the agents. A
 * request undici refused inside `dispatch` leaves its pooled connection waiting for a drain that never
 * comes, and `Agent.close()` waits for every queued request: without a bound, the execution never ends.
 */
export const CLOSE_GRACE_MS = 2_000;

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
	/** How long `close()` waits for requests still in flight before it destroys the connections. */
	closeGraceMs?: number;
}

/** The requests of a transport still waiting for their end, and who waits for the last one. */
class InFlight {
	count = 0;
	private idle?: () => void;

	started(): void {
		this.count++;
	}

	ended(): void {
		if (--this.count === 0) this.idle?.();
	}

	/** Resolves true once nothing is in flight, or false after `ms`. */
	async drained(ms: number): Promise<boolean> {
		if (this.count === 0) return true;
		const stop = new AbortController();
		const idle = new Promise<true>((resolve) => (this.idle = () => resolve(true)));
		const late = cancellableSleep(stop.signal)(ms).then(
			() => false as const,
			() => false as const,
		);
		const result = await Promise.race([idle, late]);
		stop.abort();
		return result;
	}
}

/**
 * Closes the agents once the requests in flight have ended, or destroys them (ending those requests
 * as failures) after `graceMs`. undici's `close()` waits for every queued request however long it
 * takes, and a `destroy()` after a `close()` no longer ends the requests still running (undici 7), so
 * the wait is done here, on the package's own count.
 */
async function closeWithin(agents: Array<Agent | undefined>, inFlight: InFlight, graceMs: number): Promise<void> {
	const open = agents.filter((agent): agent is Agent => agent !== undefined);
	if (await inFlight.drained(graceMs)) await Promise.all(open.map((agent) => agent.close()));
	else await Promise.all(open.map((agent) => agent.destroy(new Error('transport closed while requests were still waiting for an answer')).catch(() => undefined)));
}

/**
 * Settles with `pending`, or rejects with the signal's reason as soon as `signal` aborts, whichever
 * comes first. undici does not settle a request aborted during a TLS handshake that never completes
 * until its own connect timer fires (test/hardening/request-integrity.test.ts): the deadline must
 * hold even then.
 */
export function untilAborted<T>(pending: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
	if (!signal) return pending;
	if (signal.aborted) {
		pending.catch(() => undefined);
		return Promise.reject(signal.reason);
	}
	return new Promise<T>((resolve, reject) => {
		const onAbort = () => reject(signal.reason);
		signal.addEventListener('abort', onAbort, { once: true });
		pending.then(
			(value) => {
				signal.removeEventListener('abort', onAbort);
				resolve(value);
			},
			(error: unknown) => {
				signal.removeEventListener('abort', onAbort);
				reject(error);
			},
		);
	});
}

/**
 * Reads a response body up to `cap` bytes. A longer body is not read further: leaving the loop
 * destroys the body stream, which aborts the request and drops its socket.
 */
async function readCapped(answer: Dispatcher.ResponseData, cap: number): Promise<TransportResponse> {
	const chunks: Buffer[] = [];
	let size = 0;
	let truncated = false;
	for await (const chunk of answer.body as AsyncIterable<Buffer>) {
		if (size + chunk.length > cap) {
			chunks.push(chunk.subarray(0, cap - size));
			size = cap;
			truncated = true;
			break;
		}
		chunks.push(chunk);
		size += chunk.length;
	}
	return { status: answer.statusCode, headers: answer.headers, body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size), truncated };
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
	const bodyCap = options.responseBodyCap ?? DEFAULT_RESPONSE_BODY_CAP;
	// One secure context for all connections: a `ca` list given per connection is parsed again for
	// every TLS handshake, blocking the event loop long enough for parallel connections to miss their
	// deadlines (test/hardening/chaos.test.ts).
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
	// delivery pool, followed at once by the burst of POSTs, would make the pool reconnect over and
	// over; a HEAD gets an agent of its own.
	let headAgent: Agent | undefined;
	const inFlight = new InFlight();

	async function send(request: OutgoingRequest, signal?: AbortSignal): Promise<TransportResponse> {
		const url = new URL(request.url);
		// Why a request failed, in the package's words (the deadline, the network, TLS, DNS...).
		const failure = (error: unknown) => {
			const timedOut = signal?.aborted === true && (signal.reason as Error | undefined)?.name === 'TimeoutError';
			return toTransportError(error, redactUrl(url), timedOut, options.timeoutMs);
		};
		// The last line before undici: a header it would refuse fails this request alone (INVALID_HEADER,
		// never retried) instead of going to `dispatch`, where the refusal takes a pooled connection down.
		try {
			assertSendableHeaders(request.headers, 'request header', undefined, true);
		} catch (error) {
			throw failure(error);
		}
		try {
			options.checkHost?.(url);
		} catch (error) {
			throw failure(error);
		}
		const via = request.method === 'HEAD' ? (headAgent ??= newAgent(1)) : agent;
		const cap = request.method === 'HEAD' ? 0 : bodyCap;
		// Counted until settled, whichever way: close() waits for this count, not for undici's queues.
		inFlight.started();
		try {
			const answer = via.request({ origin: url.origin, path: `${url.pathname}${url.search}`, method: request.method, headers: request.headers, body: request.body, signal });
			return await untilAborted(
				answer.then((response) => readCapped(response, cap)),
				signal,
			);
		} catch (error) {
			throw failure(error);
		} finally {
			inFlight.ended();
		}
	}

	return {
		send,
		close: () => closeWithin([agent, headAgent], inFlight, options.closeGraceMs ?? CLOSE_GRACE_MS),
	};
}
