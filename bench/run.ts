/**
 * `npm run bench`: runs every benchmark scenario, one process per measurement, against one loopback
 * HTTPS receiver process (bench/receiver.ts), prints tables with ratios and writes the figures as
 * JSON to bench-results/. Benchmarks print figures; they are not tests.
 *
 *   npm run bench                       everything, median of 3 (about 45 minutes on 2 cores)
 *   npm run bench -- --quick            a quick subset (about 6 minutes): harness 1k and 10k, real
 *                                       n8n 1.123 at 10k, short trigger and micro runs, no repeats
 *   npm run bench -- --only delivery,retry,n8n,trigger,micro
 *   npm run bench -- --fast-only        harness: only the fast-receiver cells (no latency, CA, batching)
 *   npm run bench -- --sizes 1000,10000          harness sizes
 *   npm run bench -- --n8n-sizes 10000           real-n8n sizes (default 10000,50000)
 *   npm run bench -- --n8n n8n1                  real n8n versions for the n8n and trigger scenarios
 *   npm run bench -- --repeat 1         each raw undici / node cell once (default 3, median reported)
 *   BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=bench-results/prof" npm run bench -- --only delivery
 *   BENCH_N8N_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" npm run bench -- --only n8n   profiles the n8n server
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { receiverStats, type ReceiverStats } from './lib/receiver-client';
import { RESULT_PREFIX, type Measurement } from './lib/report';
import { printTables } from './lib/tables';

const ROOT = join(__dirname, '..');
const RESULTS_DIR = join(ROOT, 'bench-results');
/** Each measurement process is stopped after this long at most. */
const CELL_TIMEOUT_MS = Number(process.env.BENCH_CELL_TIMEOUT_S ?? 300) * 1000;

interface Cell {
	file: string;
	args: Record<string, unknown>;
	label: string;
	env?: Record<string, string>;
	timeoutMs?: number;
	/** Cells compared with each other: with --repeat they run interleaved (A B A B ...). */
	group?: string;
}

interface CellRecord {
	label: string;
	measurements: Measurement[];
	exitCode: number | null;
	timedOut: boolean;
	durationMs: number;
	/** 1-minute load average before and after the cell: other work on the machine skews figures. */
	loadBefore: number;
	loadAfter: number;
	stderrTail: string;
	/** For a cell stopped by the time limit: what the receiver had got by then. */
	receiverAtStop?: ReceiverStats;
}

const SIDE_OF_FILE: Record<string, string> = { 'undici-raw.ts': 'undici', 'node-delivery.ts': 'node', 'http-request-node.ts': 'httpRequest' };

function flag(name: string): string | undefined {
	const index = process.argv.indexOf(`--${name}`);
	return index >= 0 ? process.argv[index + 1] : undefined;
}

const quick = process.argv.includes('--quick');
const repeat = Math.max(1, Number(flag('repeat') ?? (quick ? 1 : 3)));
const only = new Set((flag('only') ?? 'delivery,retry,n8n,trigger,micro').split(','));
const fastSizes = (flag('sizes') ?? (quick ? '1000,10000' : '1000,10000,50000')).split(',').map(Number);
/** Real n8n versions (scripts/n8n/n8n.ts profiles) for the real-n8n delivery and trigger scenarios. */
const n8nProfiles = (flag('n8n') ?? (quick ? 'n8n1' : 'n8n1,n8n2')).split(',');
const n8nSizes = (flag('n8n-sizes') ?? (quick ? '10000' : '10000,50000')).split(',').map(Number);
/** Every sender runs at this concurrency: the node's option, raw undici's connections and workers. */
const CONCURRENCY = Number(flag('concurrency') ?? 16);
/** `--fast-only`: only the fast-receiver comparison (no 20 ms latency, Custom CA or Batching cells). */
const fastOnly = process.argv.includes('--fast-only');
/** With 20 ms per answer, concurrency 16 caps every side at 800/s: 50k would take a minute each. */
const slowSizes = fastOnly ? [] : fastSizes.filter((n) => n <= 10_000);

function planDelivery(): Cell[] {
	const cells: Cell[] = [];
	const sides = (variant: string, route: string, items: number) => {
		const common = { scenario: 'delivery', variant, route, items, concurrency: CONCURRENCY };
		const group = `delivery ${variant} ${items}`;
		cells.push({ file: 'undici-raw.ts', args: common, label: `undici ${variant} ${items}`, group });
		cells.push({ file: 'node-delivery.ts', args: common, label: `node ${variant} ${items}`, group });
		// Raw undici inside a node of the harness: what the engine costs any sender (fast receiver only).
		if (variant === 'fast') cells.push({ file: 'node-delivery.ts', args: { ...common, sender: 'rawSender' }, label: `raw undici in a node ${variant} ${items}`, group });
		// The HTTP Request node starts every item's request at once; at 50k it does not finish in
		// minutes, so its cell is cut short and reported with what the receiver got by then.
		cells.push({ file: 'http-request-node.ts', args: common, label: `httpRequest ${variant} ${items}`, timeoutMs: items > 10_000 ? 120_000 : undefined, group });
	};
	for (const items of fastSizes) sides('fast', 'fast', items);
	for (const items of slowSizes) sides('latency20ms', 'slow', items);
	// The node with its Custom CA Certificate option instead of Node's default trust store.
	for (const items of slowSizes) {
		cells.push({
			file: 'node-delivery.ts',
			args: { scenario: 'delivery', variant: 'fast, Custom CA option', route: 'fast', items, trust: 'caOption', concurrency: CONCURRENCY },
			label: `node Custom CA option ${items}`,
		});
	}
	// The HTTP Request node's Batching option: its defaults (50 items per 1000 ms, so at most 50/s)
	// at 1k only, and a setting tuned to about the node's pace (20 items per 10 ms) at 1k and 10k.
	if (fastOnly) return cells;
	const smallest = Math.min(...fastSizes);
	cells.push({
		file: 'http-request-node.ts',
		args: { scenario: 'delivery', variant: 'fast, batching 50/1000ms', route: 'fast', items: smallest, batching: { batchSize: 50, batchInterval: 1000 } },
		label: `httpRequest batching default ${smallest}`,
	});
	for (const items of fastSizes.filter((n) => n <= 10_000)) {
		cells.push({
			file: 'http-request-node.ts',
			args: { scenario: 'delivery', variant: 'fast, batching 20/10ms', route: 'fast', items, batching: { batchSize: 20, batchInterval: 10 } },
			label: `httpRequest batching 20/10ms ${items}`,
			});
	}
	return cells;
}

function planRetry(): Cell[] {
	const base = { scenario: 'retry', route: 'fast', items: 2000, concurrency: CONCURRENCY };
	return [
		// "The time for 2,000 requests", measured both at the limit and through the node itself.
		{ file: 'undici-raw.ts', args: { ...base, variant: '2000 requests, all 200' }, label: 'retry ideal undici 2000', group: 'retry' },
		{ file: 'node-delivery.ts', args: { ...base, variant: '2000 requests, all 200' }, label: 'retry ideal node 2000', group: 'retry' },
		{
			group: 'retry',
			file: 'node-delivery.ts',
			args: { scenario: 'retry', variant: '503 then 200, interval 1 s', route: 'retry', items: 1000, retryInterval: 1, concurrency: CONCURRENCY },
			label: 'retry node 1000',
		},
	];
}

/**
 * The node in a real n8n (installed from its tarball) beside raw undici on the same Node, one cell
 * per n8n version: it starts that n8n once and runs every real-n8n delivery measurement in it.
 */
function planN8nDelivery(): Cell[] {
	return n8nProfiles.map((name) => ({
		file: 'delivery-n8n.ts',
		args: { profile: name, sizes: n8nSizes, repeat, concurrency: CONCURRENCY, retry: !quick },
		label: `real n8n delivery (${name}, ${n8nSizes.join('/')} items, ${repeat}×)`,
		timeoutMs: 3_600_000,
	}));
}

function planTrigger(): Cell[] {
	return [
		{ file: 'trigger-core.ts', args: { seconds: quick ? 2 : 5 }, label: 'trigger core (in-process)' },
		...n8nProfiles.map((name) => ({
			file: 'trigger-n8n.ts',
			args: { seconds: quick ? 4 : 8, rounds: quick ? 1 : repeat, profile: name },
			label: `trigger real n8n (${name})`,
			timeoutMs: 1_800_000,
		})),
		// n8n 2.x evaluates expressions in V8 isolates and sets one up for every request to a webhook
		// trigger other than its own Webhook node: the same scenario with its older engine shows that cost.
		...(n8nProfiles.includes('n8n2') && !quick
			? [
					{
						file: 'trigger-n8n.ts',
						args: { seconds: 8, rounds: repeat, profile: 'n8n2', expressionEngine: 'legacy', batches: [1, 100] },
						label: 'trigger real n8n (n8n2, N8N_EXPRESSION_ENGINE=legacy)',
						timeoutMs: 1_800_000,
					},
				]
			: []),
	];
}

function planMicro(): Cell[] {
	return [{ file: 'micro.ts', args: { targetMs: quick ? 200 : 1000 }, label: 'micro' }];
}

function startReceiver(): Promise<{ origin: string; certFile: string; stop: () => void }> {
	const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, 'receiver.ts')], {
		cwd: ROOT,
		env: { ...process.env, BENCH_RECEIVER_WATCH_STDIN: '1' },
		stdio: ['pipe', 'pipe', 'inherit'],
	});
	return new Promise((resolve, reject) => {
		const lines = createInterface({ input: child.stdout });
		lines.once('line', (line) => {
			const info = JSON.parse(line) as { origin: string; certFile: string };
			resolve({ ...info, stop: () => child.kill('SIGTERM') });
		});
		child.once('exit', (code) => reject(new Error(`receiver exited with code ${code}`)));
	});
}

function runCell(cell: Cell, receiver: { origin: string; certFile: string }): Promise<CellRecord> {
	const started = Date.now();
	const loadBefore = loadavg()[0];
	const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
	const env: NodeJS.ProcessEnv = {
		...process.env,
		BENCH_ORIGIN: receiver.origin,
		BENCH_CERT_FILE: receiver.certFile,
		BENCH_ARGS: JSON.stringify(cell.args),
		...cell.env,
	};
	// Every process trusts the receiver's certificate the way Node trusts a public CA (its default
	// store), so no side pays for a custom CA unless the cell asks for it.
	env.NODE_EXTRA_CA_CERTS = receiver.certFile;
	const child = spawn(process.execPath, [...nodeArgs, '-r', 'ts-node/register/transpile-only', '-r', join(__dirname, 'lib', 'register.ts'), join(__dirname, 'scenarios', cell.file)], {
		cwd: ROOT,
		env,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const measurements: Measurement[] = [];
	let stderr = '';
	createInterface({ input: child.stdout }).on('line', (line) => {
		if (line.startsWith(RESULT_PREFIX)) measurements.push(JSON.parse(line.slice(RESULT_PREFIX.length)) as Measurement);
		else console.log(`    ${line}`);
	});
	child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
	let timedOut = false;
	// SIGTERM first, so a scenario can stop what it started (the real n8n runs in its own group).
	const timer = setTimeout(() => {
		timedOut = true;
		child.kill('SIGTERM');
		setTimeout(() => child.kill('SIGKILL'), 30_000).unref();
	}, cell.timeoutMs ?? CELL_TIMEOUT_MS);
	return new Promise((resolve) => {
		child.on('close', async (exitCode) => {
			clearTimeout(timer);
			const receiverAtStop = timedOut
				? await receiverStats({ origin: receiver.origin, cert: readFileSync(receiver.certFile, 'utf8') }).catch(() => undefined)
				: undefined;
			resolve({
				receiverAtStop,
				label: cell.label,
				measurements,
				exitCode,
				timedOut,
				durationMs: Date.now() - started,
				loadBefore,
				loadAfter: loadavg()[0],
				stderrTail: stderr.trim().split('\n').slice(-8).join('\n'),
			});
		});
	});
}

async function mainRun(): Promise<void> {
	const cells = [
		...(only.has('delivery') ? planDelivery() : []),
		...(only.has('retry') ? planRetry() : []),
		...(only.has('n8n') ? planN8nDelivery() : []),
		...(only.has('trigger') ? planTrigger() : []),
		...(only.has('micro') ? planMicro() : []),
	];
	const machine = {
		cpus: cpus().length,
		cpuModel: cpus()[0]?.model,
		node: process.version,
		totalMemMb: Math.round(totalmem() / 2 ** 20),
		freeMemMb: Math.round(freemem() / 2 ** 20),
		loadAverageAtStart: loadavg(),
	};
	console.log(`bench: ${cells.length} measurements on ${machine.cpus} CPUs (${machine.cpuModel}), Node ${machine.node}, load ${machine.loadAverageAtStart.map((l) => l.toFixed(2)).join(' ')}`);
	const receiver = await startReceiver();
	const records: CellRecord[] = [];
	const startedAt = new Date();
	try {
		// --repeat N: the raw undici and node cells of a group (seconds each) run N times, interleaved
		// (undici, node, undici, node, ...) so the machine's load falls on both sides alike; the median
		// by wall time is reported and every run is kept in the JSON. Other cells run once.
		const groups = new Map<string, Cell[]>();
		for (const cell of cells) groups.set(cell.group ?? cell.label, [...(groups.get(cell.group ?? cell.label) ?? []), cell]);
		const repeatable = (cell: Cell) => cell.file === 'undici-raw.ts' || cell.file === 'node-delivery.ts';
		let index = 0;
		for (const group of groups.values()) {
			const runs = new Map<Cell, CellRecord[]>();
			for (let r = 0; r < repeat; r++) {
				for (const cell of group) {
					if (r > 0 && !repeatable(cell)) continue;
					process.stdout.write(`[${r === 0 ? ++index : index}/${cells.length}${r > 0 ? ` repeat ${r + 1}` : ''}] ${cell.label} ... `);
					const record = await runCell(cell, receiver);
					runs.set(cell, [...(runs.get(cell) ?? []), record]);
					report(cell, record);
				}
			}
			for (const cell of group) {
				const all = runs.get(cell)!;
				const done = all.filter((run) => run.measurements.length === 1).sort((a, b) => a.measurements[0].wallMs - b.measurements[0].wallMs);
				if (all.length === 1 || done.length === 0) {
					records.push(all[0]);
					continue;
				}
				const record = { ...done[Math.floor((done.length - 1) / 2)] };
				record.measurements = [{ ...record.measurements[0], details: { ...record.measurements[0].details, repeats: done.map((run) => Math.round(run.measurements[0].wallMs)) } }];
				records.push(record);
			}
		}
	} finally {
		receiver.stop();
	}
	const measurements = records.flatMap((r) => r.measurements);
	printTables(measurements, records);
	mkdirSync(RESULTS_DIR, { recursive: true });
	const output = { startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), machine, loadAverageAtEnd: loadavg(), argv: process.argv.slice(2), records };
	const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
	writeFileSync(join(RESULTS_DIR, `bench-${stamp}.json`), JSON.stringify(output, null, 2));
	writeFileSync(join(RESULTS_DIR, 'latest.json'), JSON.stringify(output, null, 2));
	console.log(`\nfigures written to bench-results/bench-${stamp}.json (and latest.json)`);
}

/** Prints one cell's outcome; a delivery cell stopped by its time limit still tells how far it got. */
function report(cell: Cell, record: CellRecord): void {
	const side = SIDE_OF_FILE[cell.file];
	if (record.timedOut && record.receiverAtStop && side && record.measurements.length === 0) {
		const wallMs = cell.timeoutMs ?? CELL_TIMEOUT_MS;
		record.measurements.push({
			scenario: String(cell.args.scenario),
			side,
			variant: String(cell.args.variant),
			items: Number(cell.args.items),
			wallMs,
			perSecond: (record.receiverAtStop.posts / wallMs) * 1000,
			peakRssKb: 0,
			baselineRssKb: 0,
			ok: false,
			details: { error: `stopped after ${wallMs / 1000} s, ${record.receiverAtStop.posts} sent`, receiver: record.receiverAtStop },
		});
	}
	const m = record.measurements[0];
	const status = record.timedOut
		? `stopped after ${(cell.timeoutMs ?? CELL_TIMEOUT_MS) / 1000} s${record.receiverAtStop ? ` (receiver had ${record.receiverAtStop.posts} POSTs, ${record.receiverAtStop.handshakes} TLS handshakes)` : ''}`
		: record.exitCode !== 0
			? `exit ${record.exitCode}`
			: m
				? `${record.measurements.length > 1 ? `${record.measurements.length} figures` : `${m.wallMs.toFixed(0)} ms`}${record.measurements.every((x) => x.ok) ? '' : ' (NOT OK)'}`
				: 'no figures';
	console.log(`${status}  [load ${record.loadBefore.toFixed(1)} -> ${record.loadAfter.toFixed(1)}]`);
	if (record.exitCode !== 0 && record.stderrTail) console.log(record.stderrTail.replace(/^/gm, '    '));
}

mainRun().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
