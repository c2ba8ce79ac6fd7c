import { appendFileSync } from 'node:fs';
import * as net from 'node:net';
import * as tls from 'node:tls';

import type { IDataObject } from 'n8n-workflow';

import { testCertificate } from '../support/certs';

/**
 * Shared pieces of the hardening suites: printing what a suite tried (and, when
 * HARDENING_REPORT is set to a file path, appending it there as JSON lines for docs/RELIABILITY.md),
 * raw loopback servers for faults that an HTTP handler cannot produce, and workflow builders.
 */

export function report(suite: string, title: string, lines: string[], figures: Record<string, unknown> = {}): void {
	// eslint-disable-next-line no-console
	console.log(`[hardening:${suite}] ${title}\n${lines.map((line) => `  ${line}`).join('\n')}`);
	const file = process.env.HARDENING_REPORT;
	if (file) appendFileSync(file, `${JSON.stringify({ suite, title, lines, figures, at: new Date().toISOString() })}\n`);
}

export interface RawServer {
	port: number;
	origin: string;
	/** Connections accepted (TCP level). */
	connections: number;
	close(): Promise<void>;
}

async function listen(server: net.Server, sockets: Set<net.Socket>, counter: { connections: number }): Promise<RawServer> {
	server.on('connection', (socket: net.Socket) => {
		counter.connections += 1;
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => undefined);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as net.AddressInfo;
	return {
		port,
		origin: `https://127.0.0.1:${port}`,
		get connections() {
			return counter.connections;
		},
		close: () =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	};
}

/** A plain TCP server (for TLS handshake faults): `onSocket` decides what the client gets. */
export async function startTcpServer(onSocket: (socket: net.Socket) => void): Promise<RawServer> {
	const sockets = new Set<net.Socket>();
	const counter = { connections: 0 };
	const server = net.createServer(onSocket);
	return await listen(server, sockets, counter);
}

/** A TLS server with the test certificate that hands the decrypted socket to `onSocket`. */
export async function startTlsServer(onSocket: (socket: tls.TLSSocket) => void): Promise<RawServer> {
	const { key, cert } = await testCertificate();
	const sockets = new Set<net.Socket>();
	const counter = { connections: 0 };
	const server = tls.createServer({ key, cert }, (socket) => {
		socket.on('error', () => undefined);
		onSocket(socket);
	});
	server.on('tlsClientError', () => undefined);
	return await listen(server, sockets, counter);
}

/** Resolves once `socket` has received a full request head (up to the blank line). */
export function onRequestHead(socket: net.Socket, callback: () => void): void {
	let seen = '';
	const onData = (chunk: Buffer) => {
		seen += chunk.toString('latin1');
		if (seen.includes('\r\n\r\n')) {
			socket.off('data', onData);
			callback();
		}
	};
	socket.on('data', onData);
}

export const NODE_TYPE = 'n8n-nodes-outbound-webhooks.outboundWebhook';

/** Source → Outbound Webhook, the node named `Webhook`. */
export function outboundWorkflow(items: unknown[], parameters: IDataObject, extra: IDataObject = {}) {
	return {
		nodes: [
			{ name: 'Source', type: 'test.source', parameters: { items: JSON.stringify(items) } },
			{ name: 'Webhook', type: NODE_TYPE, parameters, ...extra },
		],
		connections: { Source: { main: [[{ node: 'Webhook', type: 'main' as const, index: 0 }]] } },
	};
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
