import type { LookupFunction } from 'node:net';
import { createSecureContext, rootCertificates } from 'node:tls';
import type { IncomingHttpHeaders } from 'node:http';
import { Agent, type Dispatcher } from 'undici';

import { cancellableSleep } from '../sleep';
import { assertSendableHeaders } from './header-rules';
import { toTransportError } from './transport-error';
import type { CancelSignal, OutgoingRequest, Transport, TransportResponse } from './types';
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
 * One request through undici's dispatcher, its answer collected straight from the parser's
 * callbacks; it buys what undici's `request` costs per attempt (a body stream, its async iterator,
 * a request object). One object per request (methods on its prototype).
 *
 * The attempt's deadline holds even while the connection is still being set up: undici does not
 * settle a request aborted during a TLS handshake that never completes until its own connect timer
 * fires (test/hardening/request-integrity.test.ts). So the promise
 * settles when the signal fires, and the request is aborted as soon as undici hands over its
 * controller. A body longer than `cap` is not read further: the request is aborted, its socket dropped.
 */
class Collector implements Dispatcher.DispatchHandler {
	private controller?: Dispatcher.DispatchController;
	private settled = false;
	private status = 0;
	private headers: IncomingHttpHeaders = {};
	private readonly chunks: Buffer[] = [];
	private size = 0;
	private truncated = false;

	constructor(
		private readonly cap: number,
		private readonly signal: CancelSignal | undefined,
		private readonly resolve: (response: TransportResponse) => void,
		private readonly reject: (error: unknown) => void,
		private readonly failure: (error: unknown) => unknown,
	) {
		signal?.addEventListener('abort', this.onAbort, { once: true });
	}

	/** Settles with `error` (a refusal thrown by `dispatch` before any callback). */
	fail(error: unknown): void {
		this.end(error);
	}

	private end(error: unknown): void {
		if (this.settled) return;
		this.settled = true;
		this.signal?.removeEventListener('abort', this.onAbort);
		if (error !== undefined) return this.reject(this.failure(error));
		const { chunks } = this;
		this.resolve({ status: this.status, headers: this.headers, body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, this.size), truncated: this.truncated });
	}

	readonly onAbort = (): void => {
		const reason = this.signal!.reason;
		this.end(reason);
		this.controller?.abort(reason as Error);
	};

	onRequestStart(controller: Dispatcher.DispatchController): void {
		this.controller = controller;
		if (this.settled) controller.abort((this.signal?.reason as Error) ?? new Error('aborted'));
	}

	onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
		this.status = statusCode;
		this.headers = headers;
	}

	onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
		if (this.size + chunk.length <= this.cap) {
			this.chunks.push(chunk);
			this.size += chunk.length;
			return;
		}
		this.chunks.push(chunk.subarray(0, this.cap - this.size));
		this.size = this.cap;
		this.truncated = true;
		this.end(undefined);
		controller.abort(new Error('response body over the cap: not read further'));
	}

	onResponseEnd(): void {
		this.end(undefined);
	}

	onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
		this.end(error);
	}
}

function dispatch(
	agent: Agent,
	options: Dispatcher.DispatchOptions,
	cap: number,
	signal: CancelSignal | undefined,
	failure: (error: unknown) => unknown,
	inFlight: InFlight,
): Promise<TransportResponse> {
	return new Promise<TransportResponse>((resolve, reject) => {
		if (signal?.aborted) return reject(failure(signal.reason));
		// Counted until settled, once, whichever way (the collector, or a refusal thrown by dispatch).
		let open = true;
		const done = () => open && !(open = false) && inFlight.ended();
		inFlight.started();
		const collector = new Collector(cap, signal, (response) => (done(), resolve(response)), (error) => (done(), reject(error)), failure);
		try {
			agent.dispatch(options, collector);
		} catch (error) {
			// undici refuses some requests before sending (e.g. a method it cannot send).
			collector.fail(error);
		}
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

	// The last URL sent to, parsed and passed by `checkHost`: the items of an execution mostly share
	// one endpoint, and parsing it again for every attempt is work per attempt for nothing.
	let last: { href: string; url: URL; origin: string; path: string } | undefined;

	async function send(request: OutgoingRequest, signal?: CancelSignal): Promise<TransportResponse> {
		const known = last?.href === request.url ? last : undefined;
		const url = known?.url ?? new URL(request.url);
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
		let target = known;
		if (!target) {
			try {
				options.checkHost?.(url);
			} catch (error) {
				throw failure(error);
			}
			target = last = { href: request.url, url, origin: url.origin, path: `${url.pathname}${url.search}` };
		}
		const via = request.method === 'HEAD' ? (headAgent ??= newAgent(1)) : agent;
		// One promise per request: the collector settles it with the answer or the failure's words.
		return dispatch(
			via,
			{ origin: target.origin, path: target.path, method: request.method, headers: request.headers, body: request.body },
			request.method === 'HEAD' ? 0 : cap,
			signal,
			failure,
			inFlight,
		);
	}

	return {
		send,
		close: () => closeWithin([agent, headAgent], inFlight, options.closeGraceMs ?? CLOSE_GRACE_MS),
	};
}
