import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

import { testCertificate } from './certs';

export interface RecordedRequest {
	method: string;
	/** Path and query. */
	url: string;
	headers: IncomingMessage['headers'];
	body: Buffer;
	/** 1-based position among all requests this server received. */
	seq: number;
	receivedAt: number;
}

/**
 * Scripts the answer to one request. Return nothing after answering through `res` yourself (or
 * after destroying the socket to simulate a reset).
 */
export type Handler = (req: RecordedRequest, res: ServerResponse, raw: IncomingMessage) => void | Promise<void>;

export interface TestHttpsServer {
	/** https://127.0.0.1:PORT */
	origin: string;
	port: number;
	/** The PEM certificate, to trust as a custom CA. */
	cert: string;
	requests: RecordedRequest[];
	close(): Promise<void>;
}

/** A loopback HTTPS server with a self-signed certificate that records every request it receives. */
export async function startHttpsServer(handler: Handler): Promise<TestHttpsServer> {
	const { key, cert } = await testCertificate();
	const requests: RecordedRequest[] = [];
	const sockets = new Set<Socket>();
	const server: Server = createServer({ key, cert }, (raw, res) => {
		const chunks: Buffer[] = [];
		raw.on('data', (chunk: Buffer) => chunks.push(chunk));
		raw.on('end', () => {
			const recorded: RecordedRequest = {
				method: raw.method ?? '',
				url: raw.url ?? '',
				headers: raw.headers,
				body: Buffer.concat(chunks),
				seq: requests.length + 1,
				receivedAt: Date.now(),
			};
			requests.push(recorded);
			Promise.resolve(handler(recorded, res, raw)).catch((error: unknown) => {
				res.statusCode = 500;
				res.end(String(error));
			});
		});
	});
	server.on('secureConnection', (socket: Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	// A plain TCP connection counts as well (e.g. one that fails the handshake).
	server.on('connection', (socket: Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	server.on('tlsClientError', () => undefined);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		origin: `https://127.0.0.1:${port}`,
		port,
		cert,
		requests,
		close: () =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	};
}

/** Answers with a status (and optional headers and body). */
export function reply(res: ServerResponse, status: number, body = '', headers: Record<string, string> = {}) {
	res.writeHead(status, { 'content-type': 'text/plain', ...headers });
	res.end(body);
}
