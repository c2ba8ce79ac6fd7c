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
				const base = m.side === 'httpRequest' ? 'HTTP Request' : m.side === 'node' ? 'Outbound Webhook node' : m.side === 'floor' ? 'raw undici inside a node' : 'raw undici';
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
			const floor = group.find((m) => m.side === 'floor');
			ratios.push([variant, items, ratio(node?.perSecond, undici?.perSecond), ratio(floor?.perSecond, undici?.perSecond), ratio(node?.perSecond, floor?.perSecond), ratio(node?.perSecond, httpDefault?.perSecond)]);
		}
		console.log(`\nDelivery in the test harness (n8n-core's WorkflowExecute): 1 KB JSON bodies, x-hub-signature HMAC SHA256, no auth, concurrency ${String(delivery[0].details.concurrency ?? 16)}, loopback HTTPS`);
		console.log(table(['receiver', 'items', 'sender', 'wall ms', 'deliveries/s', 'peak RSS MB', 'sender CPU µs/item', 'first request after ms', 'TLS handshakes', 'vs undici'], rows));
		console.log('\nRatios (deliveries/s): node / raw undici; raw undici inside a node / raw undici (what the engine costs any sender); node / raw undici inside a node; node / HTTP Request (defaults)');
		console.log(table(['receiver', 'items', 'node/undici', 'in-node undici/undici', 'node/in-node undici', 'node/HTTP Request'], ratios));
	}

	printN8nDelivery(measurements.filter((m) => m.scenario === 'n8nDelivery'));
	printN8nRetry(measurements.filter((m) => m.scenario === 'n8nRetry'));

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
		console.log('\nTrigger: events accepted per second (1 KB JSON events, x-hub-signature SHA256 verified; in real n8n each accepted POST starts one saved execution; the sides named AfterRun answer once it has run, and are compared with the Webhook node doing the same; "until n8n is idle" counts the time n8n stays busy with what it accepted after the last answer)');
		const single = (m: Measurement) => m.variant.replace(/, \d+ per POST$/, ', 1 per POST');
		// A side that answers after the run is compared with the Webhook node answering after its run.
		const webhookSide = (m: Measurement) => (m.side.endsWith('AfterRun') ? 'n8nWebhookAfterRun' : 'n8nWebhook');
		const sustained = (m: Measurement) => (typeof m.details.sustainedPerSecond === 'number' ? m.details.sustainedPerSecond : undefined);
		console.log(
			table(
				['receiver', 'where', 'events/POST', 'events', 'wall ms', 'requests/s', 'events/s', 'events/s until n8n is idle', 'peak RSS MB', 'vs Webhook node, same bodies', 'vs Webhook node, 1 event/POST', 'sustained vs Webhook node'],
				trigger.map((m) => {
					const webhook = trigger.find((w) => w.variant === m.variant && w.side === webhookSide(m));
					const webhookSingle = trigger.find((w) => w.variant === single(m) && w.side === webhookSide(m));
					const perPost = typeof m.details.eventsPerPost === 'number' ? m.details.eventsPerPost : undefined;
					return [
						m.side,
						m.variant.replace(/, \d+ per POST$/, ''),
						perPost ?? '–',
						m.items,
						ms(m.wallMs),
						typeof m.details.requestsPerSecond === 'number' ? rate(m.details.requestsPerSecond) : '–',
						m.ok ? rate(m.perSecond) : `${rate(m.perSecond)} (not ok)`,
						sustained(m) === undefined ? '–' : rate(sustained(m)!),
						mb(m.peakRssKb),
						ratio(m.perSecond, webhook?.perSecond),
						perPost ? ratio(m.perSecond, webhookSingle?.perSecond) : '–',
						webhook && sustained(m) !== undefined ? ratio(sustained(m)!, sustained(webhook)) : '–',
					];
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

const perItemUs = (m: Measurement | undefined) => (m && typeof m.details.cpuMs === 'number' ? ((m.details.cpuMs * 1000) / m.items).toFixed(0) : '–');

/** The node in a real n8n beside raw undici on the same Node; n8n's Set node doing the URL expression alone. */
function printN8nDelivery(rows: Measurement[]): void {
	if (rows.length === 0) return;
	const groups = new Map<string, Measurement[]>();
	for (const m of rows) {
		const key = `${m.variant.split(' ')[0]}|${m.items}`;
		groups.set(key, [...(groups.get(key) ?? []), m]);
	}
	const lines: Array<Array<string | number>> = [];
	const goals: Array<Array<string | number>> = [];
	for (const [key, group] of groups) {
		const items = Number(key.split('|')[1]);
		const undici = group.find((m) => m.side === 'undici');
		const node = group.find((m) => m.side === 'node' && m.variant.endsWith('static'));
		const expression = group.find((m) => m.side === 'node' && m.variant.endsWith('expression'));
		const set = group.find((m) => m.side === 'setExpression');
		const floor = group.find((m) => m.side === 'floor');
		const engine = String(node?.details.engine ?? expression?.details.engine ?? key.split('|')[0]);
		const repeats = (m: Measurement) => (Array.isArray(m.details.repeats) ? (m.details.repeats as number[]).join('/') : '');
		const row = (label: string, m: Measurement | undefined, vs?: string) =>
			m &&
			lines.push([
				engine,
				items,
				label,
				ms(m.wallMs),
				repeats(m),
				m.side === 'setExpression' ? '–' : m.ok ? rate(m.perSecond) : `${rate(m.perSecond)} (NOT OK: ${String(m.details.error ?? m.details.outputs ?? '').slice(0, 40)})`,
				perItemUs(m),
				m.side === 'undici' ? mb(m.peakRssKb) : mb(Number(m.details.nodePeakRssKb ?? 0)),
				m.side === 'undici' ? `+${mb(m.peakRssKb - m.baselineRssKb)}` : `+${mb(Number(m.details.nodePeakRssKb ?? 0) - Number(m.details.nodeRssAtStartKb ?? 0))}`,
				typeof m.details.firstRequestAfterMs === 'number' ? String(m.details.firstRequestAfterMs) : '–',
				vs ?? ratio(m.perSecond, undici?.perSecond),
			]);
		row(String(undici?.details.engine ?? 'raw undici'), undici);
		row('raw undici inside an n8n node (the engine\'s limit for any node)', floor);
		row('node, URL fixed text', node);
		row('node, URL {{ $json.url }}', expression);
		row('Set node: url = {{ $json.url }} (n8n expression work alone)', set, '–');
		if (set && typeof set.details.setAsTextMs === 'number') {
			lines.push([engine, items, 'Set node: url = fixed text', ms(set.details.setAsTextMs), '', '–', typeof set.details.setAsTextCpuMs === 'number' ? ((set.details.setAsTextCpuMs * 1000) / items).toFixed(0) : '–', '', '', '–', '–']);
		}
		const budget = undici && set ? undici.wallMs + set.wallMs : undefined;
		goals.push([
			engine,
			items,
			ratio(node?.perSecond, undici?.perSecond),
			ratio(floor?.perSecond, undici?.perSecond),
			ratio(node?.perSecond, floor?.perSecond),
			expression ? ms(expression.wallMs) : '–',
			budget ? `${ms(undici!.wallMs)} + ${ms(set!.wallMs)} = ${ms(budget)}` : '–',
			ratio(expression?.wallMs, budget),
		]);
	}
	console.log(`\nDelivery in a real n8n (package installed from its tarball): 1 KB JSON bodies, x-hub-signature HMAC SHA256, no auth, concurrency ${String(rows[0].details.concurrency ?? 16)}, loopback HTTPS`);
	console.log('Node times are the node\'s executionTime in n8n\'s run data; CPU and RSS are the n8n process\'s within that node\'s window; raw undici runs in its own process on the same Node.');
	console.log(table(['engine', 'items', 'sender', 'ms (median)', 'ms of each run', 'deliveries/s', 'sender CPU µs/item', 'peak RSS MB', 'RSS growth MB', 'first request after ms', 'vs undici'], lines));
	console.log('\nGoals in a real n8n: URL fixed text ≥ 0.85× raw undici; URL by expression no slower than raw undici + the Set node\'s work for the same expression (≤ 1.00×)');
	console.log(table(['engine', 'items', 'URL fixed: node/undici', 'undici in a node/undici', 'node/undici in a node', 'URL by expression: node ms', 'raw undici ms + Set node ms', 'node / (undici + Set)'], goals));
}

function printN8nRetry(rows: Measurement[]): void {
	if (rows.length === 0) return;
	const engines = [...new Set(rows.map((m) => m.variant.split(' ')[0]))];
	const lines: Array<Array<string | number>> = [];
	for (const name of engines) {
		const mine = rows.filter((m) => m.variant.startsWith(`${name} `));
		const actual = mine.find((m) => m.side === 'node' && m.items === 1000);
		const idealNode = mine.find((m) => m.side === 'node' && m.items === 2000);
		const idealUndici = mine.find((m) => m.side === 'undici');
		const engine = String(actual?.details.engine ?? name);
		if (actual) lines.push([engine, `measured: node, 1,000 items (${(actual.details.receiver as { posts?: number } | undefined)?.posts ?? '?'} POSTs)`, ms(actual.wallMs), '']);
		if (idealNode) lines.push([engine, 'ideal = 1 s + the node\'s time for 2,000 deliveries', ms(1000 + idealNode.wallMs), ratio(actual?.wallMs, 1000 + idealNode.wallMs)]);
		if (idealUndici) lines.push([engine, 'ideal = 1 s + raw undici\'s time for 2,000 requests', ms(1000 + idealUndici.wallMs), ratio(actual?.wallMs, 1000 + idealUndici.wallMs)]);
	}
	console.log('\nRetry scheduling in a real n8n: 1,000 items, first attempt 503, second 200, retry interval 1 s (node executionTime)');
	console.log(table(['engine', '', 'ms', 'measured / ideal'], lines));
}
