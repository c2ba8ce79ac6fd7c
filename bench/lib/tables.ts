import type { Measurement } from './report';

interface CellSummary {
	label: string;
	receiverAtStop?: { posts: number; handshakes: number };
	loadBefore: number;
	loadAfter: number;
	timedOut: boolean;
	exitCode: number | null;
}

function table(headers: string[], rows: Array<Array<string | number>>): string {
	const text = rows.map((row) => row.map(String));
	const widths = headers.map((h, i) => Math.max(h.length, ...text.map((r) => (r[i] ?? '').length)));
	const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
	return [line(headers), `|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...text.map(line)].join('\n');
}

const mb = (kb: number) => (kb / 1024).toFixed(0);
const ms = (value: number) => value.toFixed(0);
const rate = (value: number) => value.toFixed(0);
export const ratio = (a: number | undefined, b: number | undefined) => (a && b ? `${(a / b).toFixed(2)}×` : '–');

export function printTables(measurements: Measurement[], cells: CellSummary[]): void {
	const delivery = measurements.filter((m) => m.scenario === 'delivery');
	if (delivery.length) {
		const groups = new Map<string, Measurement[]>();
		for (const m of delivery) {
			const variant = m.variant.startsWith('fast') ? 'fast' : m.variant;
			const key = `${variant}|${m.items}`;
			groups.set(key, [...(groups.get(key) ?? []), m]);
		}
		const rows: Array<Array<string | number>> = [];
		const ratios: Array<Array<string | number>> = [];
		for (const [key, group] of groups) {
			const [variant, items] = key.split('|');
			const undici = group.find((m) => m.side === 'undici');
			const node = group.find((m) => m.side === 'node' && !m.variant.includes(', '));
			const httpDefault = group.find((m) => m.side === 'httpRequest' && !m.variant.includes(', '));
			for (const m of group) {
				const extra = m.variant.split(', ')[1];
				const base = m.side === 'httpRequest' ? 'HTTP Request' : m.side === 'node' ? 'Outbound Webhook node' : 'raw undici';
				const side = extra ? `${base} (${extra})` : m.side === 'httpRequest' ? `${base} (defaults)` : base;
				rows.push([
					variant,
					items,
					side,
					ms(m.wallMs),
					m.ok ? rate(m.perSecond) : `${rate(m.perSecond)} (${String(m.details.error ?? 'incomplete').slice(0, 40)})`,
					m.peakRssKb ? mb(m.peakRssKb) : '–',
					typeof m.details.cpuMs === 'number' ? ((m.details.cpuMs * 1000) / m.items).toFixed(0) : '–',
					typeof m.details.firstRequestAfterMs === 'number' ? String(m.details.firstRequestAfterMs) : '–',
					String((m.details.receiver as { handshakes?: number } | undefined)?.handshakes ?? '–'),
					ratio(m.perSecond, undici?.perSecond),
				]);
			}
			ratios.push([variant, items, ratio(node?.perSecond, undici?.perSecond), ratio(node?.perSecond, httpDefault?.perSecond)]);
		}
		console.log('\nDelivery: 1 KB JSON bodies, x-hub-signature HMAC SHA256, no auth, concurrency 20, loopback HTTPS');
		console.log(table(['receiver', 'items', 'sender', 'wall ms', 'deliveries/s', 'peak RSS MB', 'sender CPU µs/item', 'first request after ms', 'TLS handshakes', 'vs undici'], rows));
		console.log('\nRatios (deliveries/s): node / raw undici, node / HTTP Request (defaults)');
		console.log(table(['receiver', 'items', 'node/undici', 'node/HTTP Request'], ratios));
	}

	const retry = measurements.filter((m) => m.scenario === 'retry');
	if (retry.length) {
		const idealUndici = retry.find((m) => m.side === 'undici');
		const idealNode = retry.find((m) => m.side === 'node' && m.items === 2000);
		const actual = retry.find((m) => m.side === 'node' && m.items === 1000);
		console.log('\nRetry scheduling: 1,000 items, first attempt 503, second 200, retry interval 1 s');
		const rows: Array<Array<string | number>> = [];
		if (actual) rows.push([`measured: node, 1,000 items (${(actual.details.receiver as { posts?: number } | undefined)?.posts ?? '?'} POSTs + 1 HEAD)`, ms(actual.wallMs), '', mb(actual.peakRssKb)]);
		if (idealNode) rows.push(['ideal = 1 s + node time for 2,000 deliveries', ms(1000 + idealNode.wallMs), ratio(actual?.wallMs, 1000 + idealNode.wallMs), mb(idealNode.peakRssKb)]);
		if (idealUndici) rows.push(['ideal = 1 s + raw undici time for 2,000 requests', ms(1000 + idealUndici.wallMs), ratio(actual?.wallMs, 1000 + idealUndici.wallMs), mb(idealUndici.peakRssKb)]);
		console.log(table(['', 'wall ms', 'measured / ideal', 'peak RSS MB'], rows));
		const timing = (actual?.details.receiver as { firstAt?: number; retry?: { firstAttempts: number[]; retries: number[]; gapMs: Record<string, number> } } | undefined);
		if (timing?.retry && timing.firstAt) {
			const t = (at: number) => at - timing.firstAt!;
			const { firstAttempts, retries, gapMs } = timing.retry;
			console.log(
				`At the receiver (ms after the HEAD): first attempts ${t(firstAttempts[0])}-${t(firstAttempts[1])}, retries ${t(retries[0])}-${t(retries[1])}; ` +
					`wait between an item's 503 and its retry: p50 ${gapMs.p50}, p95 ${gapMs.p95}, max ${gapMs.max} (interval 1000)`,
			);
		}
	}

	const trigger = measurements.filter((m) => m.scenario === 'trigger');
	if (trigger.length) {
		console.log('\nTrigger: events accepted per second (1 KB JSON events, x-hub-signature SHA256 verified)');
		console.log(
			table(
				['receiver', 'where', 'events', 'wall ms', 'events/s', 'peak RSS MB', 'vs Webhook node'],
				trigger.map((m) => {
					const webhook = trigger.find((w) => w.variant === m.variant && w.side === 'n8nWebhook');
					return [m.side, m.variant, m.items, ms(m.wallMs), m.ok ? rate(m.perSecond) : `${rate(m.perSecond)} (not ok)`, mb(m.peakRssKb), ratio(m.perSecond, webhook?.perSecond)];
				}),
			),
		);
	}

	const micro = measurements.filter((m) => m.scenario === 'micro');
	if (micro.length) {
		console.log('\nSignature and auth overheads, per operation (one process, warmed up)');
		console.log(
			table(
				['operation', 'ops', 'µs/op', 'ops/s'],
				micro.map((m) => [m.side, m.items, ((m.wallMs * 1000) / m.items).toFixed(2), rate(m.perSecond)]),
			),
		);
	}

	const troubled = cells.filter((c) => c.timedOut || c.exitCode !== 0);
	if (troubled.length) {
		console.log('\nMeasurements that did not finish cleanly:');
		for (const c of troubled) {
		const got = c.receiverAtStop ? ` (the receiver had ${c.receiverAtStop.posts} POSTs over ${c.receiverAtStop.handshakes} TLS handshakes by then)` : '';
		console.log(`  ${c.label}: ${c.timedOut ? `stopped by the time limit${got}` : `exit code ${c.exitCode}`}`);
	}
	}
	const loads = cells.map((c) => c.loadBefore);
	if (loads.length) console.log(`\n1-minute load average during the run: ${Math.min(...loads).toFixed(1)} to ${Math.max(...loads).toFixed(1)} (2 cores = 2.0 when both are busy)`);
}
