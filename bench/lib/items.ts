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

/**
 * Item `n` of a run: the same bytes for every side of a comparison. With `url`, the item also carries
 * the endpoint in a `url` field (for the URL-by-expression scenarios, `{{ $json.url }}`); the padding
 * shrinks so the body stays about 1 KB.
 */
export function benchEvent(n: number, url?: string): BenchEvent {
	const event: BenchEvent = {
		eventId: `evt-${String(n).padStart(8, '0')}`,
		eventType: 'incomingMessage',
		channel: 'sms',
		from: '+4915112345678',
		to: '+4930123456',
		sequence: n,
		timestamp: new Date(FIXED_TIME + n).toISOString(),
		...(url ? { url } : {}),
		text: '',
	};
	const base = Buffer.byteLength(JSON.stringify(event));
	event.text = 'x'.repeat(Math.max(0, BODY_BYTES - base));
	return event;
}

export function benchEvents(count: number, url?: string): BenchEvent[] {
	return Array.from({ length: count }, (_, n) => benchEvent(n, url));
}
