/**
 * The receiver of the durable and queue tiers: a loopback HTTPS endpoint on a fixed port that can be
 * up (200), failing (503) or down (not listening: connection refused), and keeps a table of what it
 * accepted by delivery id, the way a receiver that deduplicates on `x-delivery-id` would.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { Socket } from 'node:net';

import { testCertificate } from '../../test/support/certs';
import { freePort } from './n8n';

export type ReceiverMode = 'up' | 'failing' | 'down';

export interface Accepted {
	deliveryId: string;
	attempt: number;
	/** The event marker found in the body (see `markerOf`). */
	marker?: string;
	signatureOk: boolean;
	at: number;
}

export interface ReceiverTable {
	/** How often each delivery id was accepted (answered 200). */
	acceptedById: Map<string, Accepted[]>;
	/** Delivery ids seen per event marker (any answer). */
	idsByMarker: Map<string, Set<string>>;
	/** POSTs answered 503. */
	refused503: number;
}

export class SwitchableReceiver {
	readonly table: ReceiverTable = { acceptedById: new Map(), idsByMarker: new Map(), refused503: 0 };
	private server?: Server;
	private readonly sockets = new Set<Socket>();
	private mode: ReceiverMode = 'down';
	/** Delay before each POST is answered (a slow receiver keeps a batch in flight longer). */
	latencyMs = 0;
	/** POSTs received and not answered yet (while `latencyMs` runs): deliveries in flight right now. */
	unanswered = 0;

	private constructor(
		readonly port: number,
		readonly cert: string,
		private readonly key: string,
		private readonly verify: { secret: string; algorithm: 'sha256' | 'sha512' },
		private readonly markerOf: (body: Buffer) => string | undefined,
	) {}

	static async create(verify: SwitchableReceiver['verify'], markerOf: (body: Buffer) => string | undefined): Promise<SwitchableReceiver> {
		const { key, cert } = await testCertificate();
		return new SwitchableReceiver(await freePort(), cert, key, verify, markerOf);
	}

	get origin(): string {
		return `https://127.0.0.1:${this.port}`;
	}

	get current(): ReceiverMode {
		return this.mode;
	}

	/** Switches mode; `down` closes the listener and every connection (new connections are refused). */
	async set(mode: ReceiverMode): Promise<void> {
		this.mode = mode;
		if (mode === 'down') return this.close();
		if (!this.server) await this.listen();
	}

	async close(): Promise<void> {
		const server = this.server;
		this.server = undefined;
		if (!server) return;
		for (const socket of this.sockets) socket.destroy();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}

	/** Accepted deliveries of one marker. */
	acceptedOf(marker: string): Accepted[] {
		return this.acceptedByMarker().get(marker) ?? [];
	}

	/** Accepted deliveries grouped by event marker. */
	acceptedByMarker(): Map<string, Accepted[]> {
		const byMarker = new Map<string, Accepted[]>();
		for (const list of this.table.acceptedById.values()) {
			for (const a of list) byMarker.set(a.marker ?? '?', [...(byMarker.get(a.marker ?? '?') ?? []), a]);
		}
		return byMarker;
	}

	private listen(): Promise<void> {
		const server = createServer({ key: this.key, cert: this.cert }, (req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				if (req.method !== 'POST') {
					res.statusCode = this.mode === 'up' ? 200 : 503;
					res.end();
					return;
				}
				const body = Buffer.concat(chunks);
				const deliveryId = String(req.headers['x-delivery-id'] ?? '');
				const marker = this.markerOf(body);
				if (marker) {
					const ids = this.table.idsByMarker.get(marker) ?? new Set<string>();
					ids.add(deliveryId);
					this.table.idsByMarker.set(marker, ids);
				}
				if (this.mode !== 'up') {
					this.table.refused503++;
					res.statusCode = 503;
					res.end('{"status":"unavailable"}');
					return;
				}
				const accepted: Accepted = {
					deliveryId,
					attempt: Number(req.headers['x-delivery-attempt'] ?? 0),
					marker,
					signatureOk: this.signatureOk(String(req.headers['x-hub-signature'] ?? ''), body),
					at: Date.now(),
				};
				const answer = () => {
					this.unanswered--;
					this.table.acceptedById.set(deliveryId, [...(this.table.acceptedById.get(deliveryId) ?? []), accepted]);
					res.statusCode = 200;
					res.setHeader('content-type', 'application/json');
					res.end('{"received":true}');
				};
				this.unanswered++;
				if (this.latencyMs > 0) setTimeout(answer, this.latencyMs);
				else answer();
			});
		});
		server.on('connection', (socket: Socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		server.on('tlsClientError', () => undefined);
		this.server = server;
		return new Promise((resolve, reject) => {
			server.once('error', reject);
			server.listen(this.port, '127.0.0.1', () => resolve());
		});
	}

	private signatureOk(header: string, body: Buffer): boolean {
		const expected = Buffer.from(createHmac(this.verify.algorithm, this.verify.secret).update(body).digest('hex'));
		const got = Buffer.from(header.replace(/^sha(256|512)=/, ''));
		return got.length === expected.length && timingSafeEqual(got, expected);
	}
}
