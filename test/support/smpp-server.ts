/// <reference path="../../nodes/shared/smpp/smpp.d.ts" />
import type { AddressInfo } from 'node:net';
import { createServer, PDU, type Session } from 'smpp';

/** One PDU the server received, in arrival order over all connections. */
export interface RecordedPdu {
	/** 1-based number of the connection it came on. */
	connection: number;
	command: string;
	pdu: PDU;
	receivedAt: number;
}

/** How to answer one submit_sm. */
export interface SubmitReply {
	status?: number;
	messageId?: string;
	/** Answer after this many ms. */
	delayMs?: number;
	/** Destroy the connection instead of answering. */
	drop?: boolean;
	/** Send the ESME an unbind instead of answering. */
	unbind?: boolean;
}

export interface SmppServerScript {
	/** The bind's command_status (default ESME_ROK). `n` counts binds, 1-based. */
	bind?: (pdu: PDU, n: number) => number;
	/** The answer to the n-th submit_sm (1-based over all connections). */
	submit?: (pdu: PDU, n: number) => SubmitReply;
}

export interface TestSmppServer {
	port: number;
	/** Every PDU received, requests and responses alike. */
	pdus: RecordedPdu[];
	/** The PDUs of one command, e.g. 'submit_sm'. */
	received(command: string): RecordedPdu[];
	/** The submit_sm the server answered with ESME_ROK (the answer was written), with the message_id given. */
	accepted: Array<{ pdu: PDU; messageId: string }>;
	/** The most submit_sm received and not yet answered at once on one connection. */
	peakOutstanding: number;
	/** Connections accepted so far. */
	connections: number;
	/** Sends an enquire_link to every connected ESME. */
	enquireLinks(): void;
	/** Sends any request PDU to every connected ESME (e.g. a deliver_sm carrying a receipt). */
	sendToEsmes(command: string, fields?: Record<string, unknown>): void;
	close(): Promise<void>;
}

/**
 * A loopback SMSC built on the `smpp` package's server side. Records every PDU it receives and
 * answers binds, submits, enquire_links and unbinds as scripted. Speaks TLS when given a key and
 * certificate.
 */
export async function startSmppServer(script: SmppServerScript = {}, tls?: { key: string; cert: string }): Promise<TestSmppServer> {
	const pdus: RecordedPdu[] = [];
	const sessions = new Set<Session>();
	let binds = 0;
	let submits = 0;
	let connections = 0;
	let messageIds = 0;
	const state = { peakOutstanding: 0 };
	const accepted: TestSmppServer['accepted'] = [];
	const timers = new Set<NodeJS.Timeout>();

	const server = createServer(tls ? { ...tls } : {}, (session) => {
		const connection = ++connections;
		sessions.add(session);
		let outstanding = 0;
		session.on('close', () => sessions.delete(session));
		session.on('error', () => undefined);
		session.on('pdu', (pdu: PDU) => {
			pdus.push({ connection, command: pdu.command, pdu, receivedAt: Date.now() });
			switch (pdu.command) {
				case 'bind_transmitter':
				case 'bind_transceiver':
				case 'bind_receiver': {
					const status = script.bind?.(pdu, ++binds) ?? 0;
					session.send(pdu.response({ command_status: status, system_id: 'TESTSMSC' }));
					return;
				}
				case 'submit_sm': {
					const reply = script.submit?.(pdu, ++submits) ?? {};
					outstanding++;
					state.peakOutstanding = Math.max(state.peakOutstanding, outstanding);
					const answer = () => {
						outstanding--;
						if (reply.drop) {
							session.socket.destroy();
							return;
						}
						if (reply.unbind) {
							session.send(new PDU('unbind'));
							return;
						}
						const status = reply.status ?? 0;
						if (status) {
							session.send(pdu.response({ command_status: status }));
							return;
						}
						const messageId = reply.messageId ?? `msg-${++messageIds}`;
						if (session.send(pdu.response({ message_id: messageId }))) accepted.push({ pdu, messageId });
					};
					if (reply.delayMs) {
						const timer = setTimeout(() => {
							timers.delete(timer);
							answer();
						}, reply.delayMs);
						timers.add(timer);
					}
					else answer();
					return;
				}
				case 'enquire_link':
					session.send(pdu.response());
					return;
				case 'unbind':
					session.send(pdu.response());
					session.close();
					return;
				default:
					if (!pdu.isResponse()) session.send(pdu.response({ command_status: 0x03 }));
			}
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		port,
		pdus,
		accepted,
		received: (command) => pdus.filter((p) => p.command === command),
		get peakOutstanding() {
			return state.peakOutstanding;
		},
		get connections() {
			return connections;
		},
		enquireLinks: () => {
			for (const session of sessions) session.send(new PDU('enquire_link'));
		},
		sendToEsmes: (command, fields = {}) => {
			for (const session of sessions) session.send(new PDU(command, fields));
		},
		close: () =>
			new Promise<void>((resolve) => {
				for (const timer of timers) clearTimeout(timer);
				for (const session of sessions) session.destroy();
				server.close(() => resolve());
			}),
	};
}
