/**
 * How a scenario process hands its figures to the runner: one line on stdout starting with
 * `BENCH_RESULT ` followed by JSON. Everything else a scenario prints is passed through as log.
 */
export const RESULT_PREFIX = 'BENCH_RESULT ';

export interface Measurement {
	scenario: string;
	/** Which side of a comparison: node, undici, httpRequest, ... */
	side: string;
	/** Free-form variant label: receiver latency, batching, ... */
	variant: string;
	items: number;
	wallMs: number;
	/** Items (deliveries, events, operations) per second of wall time. */
	perSecond: number;
	/** Peak resident set size of the scenario process (kB, from getrusage). */
	peakRssKb: number;
	/** Resident set size after modules were loaded, before the measured work (kB). */
	baselineRssKb: number;
	ok: boolean;
	/** Anything else worth keeping: counts, receiver statistics, node execution time. */
	details: Record<string, unknown>;
}

export function emit(measurement: Measurement): void {
	process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(measurement)}\n`);
}

export function peakRssKb(): number {
	return process.resourceUsage().maxRSS;
}

export function rssKb(): number {
	return Math.round(process.memoryUsage().rss / 1024);
}

/** Reads the scenario's arguments, which the runner passes as JSON in BENCH_ARGS. */
export function benchArgs<T>(defaults: T): T {
	const raw = process.env.BENCH_ARGS;
	return { ...defaults, ...(raw ? (JSON.parse(raw) as Partial<T>) : {}) };
}

/** Runs a scenario's main function; a crash still produces a (failed) result line and exit code 1. */
export function main(fn: () => Promise<void>): void {
	fn().then(
		() => process.exit(0),
		(error: unknown) => {
			console.error(error);
			process.exit(1);
		},
	);
}
