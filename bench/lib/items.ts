/** The JSON body every delivery scenario sends: one channel event, padded to about 1 KB. */
export const BODY_BYTES = 1024;

export interface BenchEvent {
	[key: string]: string | number;
	eventId: string;
	eventType: string;
	channel: string;
	from: string;
	to: string;
	sequence: number;
	timestamp: string;
	text: string;
}

const FIXED_TIME = Date.UTC(2026, 10, 28, 12, 0, 0);

/** Item `n` of a run: the same bytes for every side of a comparison. */
export function benchEvent(n: number): BenchEvent {
	const event: BenchEvent = {
		eventId: `evt-${String(n).padStart(8, '0')}`,
		eventType: 'incomingMessage',
		channel: 'sms',
		from: '+4915112345678',
		to: '+4930123456',
		sequence: n,
		timestamp: new Date(FIXED_TIME + n).toISOString(),
		text: '',
	};
	const base = Buffer.byteLength(JSON.stringify(event));
	event.text = 'x'.repeat(Math.max(0, BODY_BYTES - base));
	return event;
}

export function benchEvents(count: number): BenchEvent[] {
	return Array.from({ length: count }, (_, n) => benchEvent(n));
}
