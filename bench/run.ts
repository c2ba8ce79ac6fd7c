/**
 * `npm run bench`: runs every benchmark scenario, one process per measurement, against one loopback
 * HTTPS receiver process (bench/receiver.ts), prints tables with ratios and writes the figures as
 * JSON to bench-results/. Benchmarks print figures; they are not tests.
 *
 *   npm run bench                       everything (about 10-15 minutes on 2 cores)
 *   npm run bench -- --quick            1k items only, no 50k, short micro runs
 *   npm run bench -- --only delivery,retry,trigger,micro
 *   npm run bench -- --sizes 1000,10000
 *   npm run bench -- --repeat 3         raw undici and node cells 3 times each, median reported
 *   npm run bench -- --only trigger --n8n n8n2   the real-n8n trigger scenario on n8n 2.x (Node 24)
 *   BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=bench-results/prof" npm run bench -- --only delivery
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
const repeat = Math.max(1, Number(flag('repeat') ?? 1));
const only = new Set((flag('only') ?? 'delivery,retry,trigger,micro').split(','));
const fastSizes = (flag('sizes') ?? (quick ? '1000' : '1000,10000,50000')).split(',').map(Number);
/** With 20 ms per answer, concurrency 20 caps every side at 1,000/s: 50k would take a minute each. */
const slowSizes = fastSizes.filter((n) => n <= 10_000);

function planDelivery(): Cell[] {
	const cells: Cell[] = [];
	const sides = (variant: string, route: string, items: number) => {
		const common = { scenario: 'delivery', variant, route, items };
		cells.push({ file: 'undici-raw.ts', args: common, label: `undici ${variant} ${items}` });
		cells.push({ file: 'node-delivery.ts', args: common, label: `node ${variant} ${items}` });
		// The HTTP Request node starts every item's request at once; at 50k it does not finish in
		// minutes, so its cell is cut short and reported with what the receiver got by then.
		cells.push({ file: 'http-request-node.ts', args: common, label: `httpRequest ${variant} ${items}`, timeoutMs: items > 10_000 ? 120_000 : undefined });
	};
	for (const items of fastSizes) sides('fast', 'fast', items);
	for (const items of slowSizes) sides('latency20ms', 'slow', items);
	// The node with its Custom CA Certificate option instead of Node's default trust store.
	for (const items of slowSizes) {
		cells.push({
			file: 'node-delivery.ts',
			args: { scenario: 'delivery', variant: 'fast, Custom CA option', route: 'fast', items, trust: 'caOption' },
			label: `node Custom CA option ${items}`,
		});
	}
	// The HTTP Request node's Batching option: its defaults (50 items per 1000 ms, so at most 50/s)
	// at 1k only, and a setting tuned to about the node's pace (20 items per 10 ms) at 1k and 10k.
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
	const base = { scenario: 'retry', route: 'fast', items: 2000 };
	return [
		// "The time for 2,000 requests", measured both at the limit and through the node itself.
		{ file: 'undici-raw.ts', args: { ...base, variant: '2000 requests, all 200' }, label: 'retry ideal undici 2000' },
		{ file: 'node-delivery.ts', args: { ...base, variant: '2000 requests, all 200' }, label: 'retry ideal node 2000' },
		{
			file: 'node-delivery.ts',
			args: { scenario: 'retry', variant: '503 then 200, interval 1 s', route: 'retry', items: 1000, retryInterval: 1 },
			label: 'retry node 1000',
		},
	];
}

function planTrigger(): Cell[] {
	return [
		{ file: 'trigger-core.ts', args: { seconds: quick ? 2 : 5 }, label: 'trigger core (in-process)' },
		...(existsSync(join(__dirname, 'scenarios', 'trigger-n8n.ts'))
			? [{ file: 'trigger-n8n.ts', args: { seconds: quick ? 5 : 15, profile: flag('n8n') ?? 'n8n1' }, label: 'trigger real n8n', timeoutMs: 900_000 }]
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
		for (const [index, cell] of cells.entries()) {
			process.stdout.write(`[${index + 1}/${cells.length}] ${cell.label} ... `);
			let record = await runCell(cell, receiver);
			// --repeat N: the raw undici and node cells (seconds each) run N times; the median by wall
			// time is reported, every run is kept in the JSON.
			if (repeat > 1 && cell.file !== 'http-request-node.ts' && record.measurements.length === 1) {
				const runs = [record];
				for (let r = 1; r < repeat; r++) runs.push(await runCell(cell, receiver));
				const done = runs.filter((run) => run.measurements.length === 1).sort((a, b) => a.measurements[0].wallMs - b.measurements[0].wallMs);
				record = { ...done[Math.floor((done.length - 1) / 2)] };
				record.measurements = [{ ...record.measurements[0], details: { ...record.measurements[0].details, repeats: done.map((run) => Math.round(run.measurements[0].wallMs)) } }];
			}
			records.push(record);
			// A delivery cell stopped by its time limit still tells how far it got.
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
						? `${m.wallMs.toFixed(0)} ms${m.ok ? '' : ' (NOT OK)'}`
						: 'no figures';
			console.log(`${status}  [load ${record.loadBefore.toFixed(1)} -> ${record.loadAfter.toFixed(1)}]`);
			if (record.exitCode !== 0 && record.stderrTail) console.log(record.stderrTail.replace(/^/gm, '    '));
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

mainRun().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
