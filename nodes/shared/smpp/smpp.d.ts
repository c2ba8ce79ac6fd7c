/**
 * The part of the `smpp` package (node-smpp 0.5) this package uses; it ships no types. A PDU's
 * fields are plain properties named as in SMPP 3.4 (`system_id`, `short_message`, ...).
 */
declare module 'smpp' {
	import type { EventEmitter } from 'node:events';
	import type { Socket } from 'node:net';

	export interface PduFields {
		[field: string]: unknown;
	}

	export class PDU {
		constructor(command: string, fields?: PduFields);
		command: string;
		command_id: number;
		command_status: number;
		sequence_number: number;
		[field: string]: unknown;
		isResponse(): boolean;
		response(fields?: PduFields): PDU;
	}

	export class Session extends EventEmitter {
		socket: Socket;
		server?: Server;
		send(pdu: PDU, onResponse?: (response: PDU) => void, onSent?: (pdu: PDU) => void): boolean;
		close(callback?: () => void): void;
		destroy(callback?: () => void): void;
		pause(): void;
		resume(): void;
	}

	export interface ConnectOptions {
		host: string;
		port: number;
		tls?: boolean;
		[option: string]: unknown;
	}

	export function connect(options: ConnectOptions): Session;

	export class Server extends EventEmitter {
		sessions: Session[];
		listen(port: number, host: string, callback?: () => void): this;
		close(callback?: (error?: Error) => void): this;
		address(): import('node:net').AddressInfo | string | null;
	}

	export function createServer(options: Record<string, unknown>, listener?: (session: Session) => void): Server;
}
