/// <reference path="./smpp.d.ts" />
import { isIP, type LookupFunction } from 'node:net';

import { connect, PDU, type Session } from 'smpp';

import { isBlockedAddressError } from '../net/ssrf';
import { WebhookError } from '../errors';
import { bindHint, describeStatus, ESME_ROK } from './status';

/** The ESME bind: where to connect and who to bind as. The password never leaves this object. */
export interface SmppBindConfig {
	host: string;
	port: number;
	/** system_id, shown as the ESME Bind ID. */
	systemId: string;
	password: string;
	systemType?: string;
	bindMode: 'transmitter' | 'transceiver';
	tls: boolean;
	/** Extra TLS options (a private CA, or accepting a self-signed certificate). */
	tlsOptions?: { ca?: string; rejectUnauthorized?: boolean };
	/** Defaults for source_addr_ton / source_addr_npi; guessed from the address when absent. */
	sourceTon?: number;
	sourceNpi?: number;
	/** The SSRF policy of the execution: resolves (and refuses) the host, and checks IP literals. */
	guard?: { lookup: LookupFunction; checkHost: (url: string) => void };
}

export interface SessionTimeouts {
	/** TCP (and TLS) connect. */
	connectTimeoutMs: number;
	/** Longest wait for any response PDU; past it the connection counts as lost. */
	responseTimeoutMs: number;
	/** enquire_link keep-alive period while bound (SMPP 3.4 §4.11). */
	enquireLinkIntervalMs: number;
}

export const DEFAULT_TIMEOUTS: SessionTimeouts = {
	connectTimeoutMs: 10_000,
	responseTimeoutMs: 10_000,
	enquireLinkIntervalMs: 30_000,
};

/** SMPP 3.4 §5.2.4: interface_version 0x34. */
const INTERFACE_VERSION = 0x34;
/** SMPP 3.4 §5.1.3: the status a generic_nack gives an unknown command. */
const ESME_RINVCMDID = 0x03;
const ESME_RINVBNDSTS = 0x04;
/** How long to wait for the socket to close after unbind_resp before destroying it. */
const CLOSE_GRACE_MS = 1_000;

/** Why an SMPP session ended or a request got no answer: `kind` drives retry decisions. */
export type SmppFailureKind = 'connection' | 'timeout' | 'bind-refused';

export class SmppSessionError extends WebhookError {
	readonly kind: SmppFailureKind;
	readonly commandStatus?: number;

	constructor(kind: SmppFailureKind, message: string, options: { hint?: string; commandStatus?: number; cause?: unknown } = {}) {
		super('SMPP_ERROR', message, {
			hint: options.hint,
			cause: options.cause,
			data: { kind, commandStatus: options.commandStatus },
		});
		this.kind = kind;
		this.commandStatus = options.commandStatus;
	}
}

export const isSmppSessionError = (error: unknown): error is SmppSessionError => error instanceof SmppSessionError;

interface Pending {
	resolve: (pdu: PDU) => void;
	reject: (error: SmppSessionError) => void;
	timer: NodeJS.Timeout;
}

/** Requests an SMSC may send to an ESME, and the answer each gets. */
function answerFor(request: PDU): PDU | undefined {
	switch (request.command) {
		case 'enquire_link':
		case 'deliver_sm':
		case 'data_sm':
		case 'unbind':
			return request.response();
		case 'alert_notification':
			return undefined;
		case 'unknown':
			return request.response({ command_status: ESME_RINVCMDID });
		default:
			return request.response({ command_status: ESME_RINVBNDSTS });
	}
}

/**
 * One bound SMPP session as an ESME (SMPP 3.4): connect, bind, send requests and await their
 * responses, keep the link alive with enquire_link, answer what the SMSC sends, unbind at the end.
 * A lost link rejects every outstanding request with a `connection` error; the session is then
 * dead and a new one must be opened.
 */
export class SmppSession {
	private readonly pending = new Map<number, Pending>();
	private open = true;
	private closing = false;
	private keepAlive?: NodeJS.Timeout;

	private constructor(
		private readonly lib: Session,
		private readonly where: string,
		private readonly timeouts: SessionTimeouts,
	) {
		lib.on('pdu', (pdu: PDU) => {
			if (pdu.isResponse()) return;
			const answer = answerFor(pdu);
			if (answer) lib.send(answer);
			if (pdu.command === 'unbind') {
				this.lost(new SmppSessionError('connection', `The SMSC at ${where} unbound the session`));
				lib.close();
			}
		});
		lib.on('close', () => this.lost(new SmppSessionError('connection', `The SMPP connection to ${where} was lost`)));
		lib.on('error', (error: Error) => {
			this.lost(new SmppSessionError('connection', `The SMPP connection to ${where} failed: ${error.message}`, { cause: error }));
			lib.destroy();
		});
	}

	/** Connects and binds; rejects with `bind-refused` (not worth retrying) or `connection`/`timeout`. */
	static async open(config: SmppBindConfig, timeouts: SessionTimeouts = DEFAULT_TIMEOUTS): Promise<SmppSession> {
		const where = `${config.host}:${config.port}`;
		// A target refused by the SSRF policy fails every item at once, like a refused bind.
		const refused = (error: WebhookError) => new SmppSessionError('bind-refused', error.message, { hint: error.hint, cause: error });
		try {
			config.guard?.checkHost(`smpp://${where}`);
		} catch (error) {
			if (isBlockedAddressError(error)) throw refused(error);
			throw error;
		}
		const lib = connect({
			host: config.host,
			port: config.port,
			tls: config.tls,
			...(config.guard ? { lookup: config.guard.lookup } : {}),
			// RFC 6066 SNI carries host names only, never IP addresses.
			...(config.tls && !isIP(config.host) ? { servername: config.host } : {}),
			...config.tlsOptions,
		});
		// A window of small PDUs must not wait for Nagle's algorithm (it holds each write until the
		// previous one is acknowledged, which an SMSC may delay until it answers).
		lib.socket.setNoDelay(true);
		await new Promise<void>((resolve, reject) => {
			const fail = (error: SmppSessionError) => {
				clearTimeout(timer);
				lib.removeAllListeners();
				lib.on('error', () => undefined);
				lib.destroy();
				reject(error);
			};
			const timer = setTimeout(
				() => fail(new SmppSessionError('timeout', `Could not connect to the SMSC at ${where} within ${timeouts.connectTimeoutMs} ms`)),
				timeouts.connectTimeoutMs,
			);
			lib.once(config.tls ? 'secureConnect' : 'connect', () => {
				clearTimeout(timer);
				lib.removeAllListeners();
				resolve();
			});
			lib.once('error', (error: Error) =>
				fail(
					isBlockedAddressError(error)
						? refused(error)
						: new SmppSessionError('connection', `Could not connect to the SMSC at ${where}: ${error.message}`, {
								cause: error,
								hint: 'Check Host, Port and TLS of the ESME Bind credential, and that the SMSC is reachable from n8n.',
							}),
				),
			);
			lib.once('close', () => fail(new SmppSessionError('connection', `The SMSC at ${where} closed the connection`)));
		});

		const session = new SmppSession(lib, where, timeouts);
		const command = config.bindMode === 'transceiver' ? 'bind_transceiver' : 'bind_transmitter';
		const response = await session.request(command, {
			system_id: config.systemId,
			password: config.password,
			system_type: config.systemType ?? '',
			interface_version: INTERFACE_VERSION,
		});
		if (response.command_status !== ESME_ROK) {
			session.destroy();
			throw new SmppSessionError(
				'bind-refused',
				`The SMSC at ${where} refused the ${command} of ESME "${config.systemId}": ${describeStatus(response.command_status)}`,
				{ commandStatus: response.command_status, hint: bindHint(response.command_status) },
			);
		}
		session.keepAlive = setInterval(() => {
			session.request('enquire_link').catch(() => undefined);
		}, timeouts.enquireLinkIntervalMs);
		return session;
	}

	/** True while bound and usable. */
	get isOpen(): boolean {
		return this.open && !this.closing;
	}

	/**
	 * Sends one request PDU and resolves with its response (whatever its command_status). Rejects
	 * when the link is lost or the response does not come in time (the link is then dropped, since an
	 * unanswered request leaves the window in an unknown state).
	 */
	async request(command: string, fields: Record<string, unknown> = {}): Promise<PDU> {
		if (!this.open) throw new SmppSessionError('connection', `The SMPP session to ${this.where} is closed`);
		const pdu = new PDU(command, fields);
		return await new Promise<PDU>((resolve, reject) => {
			const sent = this.lib.send(pdu, (response) => {
				const entry = this.pending.get(pdu.sequence_number);
				if (!entry) return;
				clearTimeout(entry.timer);
				this.pending.delete(pdu.sequence_number);
				resolve(response);
			});
			if (!sent) {
				reject(new SmppSessionError('connection', `The SMPP connection to ${this.where} is not writable`));
				return;
			}
			const timer = setTimeout(() => {
				this.lost(new SmppSessionError('timeout', `The SMSC at ${this.where} did not answer ${command} within ${this.timeouts.responseTimeoutMs} ms`));
				this.lib.destroy();
			}, this.timeouts.responseTimeoutMs);
			this.pending.set(pdu.sequence_number, { resolve, reject, timer });
		});
	}

	/** Unbinds (SMPP 3.4 §4.2) and closes the connection; never throws. */
	async close(): Promise<void> {
		if (!this.open || this.closing) return;
		this.stopKeepAlive();
		try {
			await this.request('unbind');
		} catch {
			// The link is gone already; nothing more to say to the SMSC.
		}
		this.closing = true;
		await new Promise<void>((resolve) => {
			if (this.lib.socket.destroyed) return resolve();
			const timer = setTimeout(() => {
				this.lib.destroy();
				resolve();
			}, CLOSE_GRACE_MS);
			this.lib.socket.once('close', () => {
				clearTimeout(timer);
				resolve();
			});
			this.lib.close();
		});
		this.open = false;
	}

	/** Drops the connection at once, without unbind. */
	destroy(): void {
		this.closing = true;
		this.stopKeepAlive();
		this.lib.destroy();
		this.open = false;
	}

	private stopKeepAlive() {
		if (this.keepAlive) clearInterval(this.keepAlive);
		this.keepAlive = undefined;
	}

	private lost(error: SmppSessionError) {
		this.open = false;
		this.stopKeepAlive();
		for (const [sequence, entry] of this.pending) {
			clearTimeout(entry.timer);
			this.pending.delete(sequence);
			entry.reject(error);
		}
	}
}
