/**
 * The Outbound Webhook node where users run it: this package packed and installed from its tarball
 * (as the end-to-end tier does) into a real n8n server (1.123 on Node 20, or 2.41 on Node 24), beside
 * raw undici on the same Node binary, against the runner's loopback HTTPS receiver, interleaved.
 *
 * Workflows (each started by POSTing to its Webhook trigger, `?count=N`):
 *   static      Webhook → Bench Source (N items of 1 KB) → Outbound Webhook, URL a fixed text
 *   expression  Webhook → Bench Source (items carry `url`) → Outbound Webhook, URL `{{ $json.url }}`
 *   set         Webhook → Bench Source (items carry `url`) → Set `url = {{ $json.url }}` and, beside
 *               it, Set `url = <fixed text>`: n8n's own work for that expression over the same items
 *   retry       Webhook → Bench Source → Outbound Webhook to /retry/ (503 once per delivery id),
 *               retry interval 1 s
 *   floor       Webhook → Bench Source → Bench Raw Sender: raw undici inside an n8n node, the same
 *               requests as raw undici on its own (bench/n8n/BenchRawSender.node.ts): the limit of any
 *               node in this engine, so what n8n's process costs a sender is told apart from what the
 *               Outbound Webhook node adds
 * Hub signature (HMAC SHA256) on, no authorization, concurrency 16, endpoint verification on (its
 * test call happens in the warm-up and is remembered, as in production). Successful executions are
 * not saved (workflow setting), so n8n's database stays small; the figures are taken before saving.
 *
 * Figures come from n8n itself: each node's `executionTime` from the run data, and the n8n process's
 * CPU time and RSS within the node's window, recorded by an external hook file (bench/n8n/hooks.ts)
 * that observes and changes nothing. Raw undici runs in its own process (bench/scenarios/undici-raw.ts)
 * with the same concurrency, bodies, HMAC and delivery id per request. Each cell runs `repeat` times,
 * A B C A B C, and reports the median by time (all runs kept in the JSON).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { runMain } from '../../scripts/n8n/cleanup';
import { ensureN8n, freePort, log, N8n, profile, sleep, tempDir, type Profile } from '../../scripts/n8n/n8n';
import { buildAndPack, installIntoN8n } from '../../scripts/n8n/package';
import { OUTBOUND } from '../../scripts/n8n/workflows';
import { writeN8nExtension } from '../lib/n8n-extension';
import { receiverInfo, receiverStats, resetReceiver, type ReceiverStats } from '../lib/receiver-client';
import { benchArgs, emit, RESULT_PREFIX, type Measurement } from '../lib/report';

const args = benchArgs({
	profile: 'n8n1',
	sizes: [10_000, 50_000],
	repeat: 3,
	concurrency: 16,
	warmup: 1000,
	retry: true,
	/** Node flags for the n8n server process (e.g. `--cpu-prof --cpu-prof-dir=...`, `--heapsnapshot-signal=SIGUSR2`). */
	n8nNodeOptions: process.env.BENCH_N8N_NODE_ARGS ?? '',
});

const HUB_SECRET = 'bench-hub-secret';
const CREDENTIAL = { id: 'owBenchHubOut001', name: 'bench hub secret' };
const WORKFLOWS = {
	static: { id: 'owBenchStatic001', path: 'bench-static', node: 'Outbound Webhook', webhookId: '7d1e0c52-0b61-4c1f-9a0e-5b2f3c4d5e01' },
	expression: { id: 'owBenchExpr00001', path: 'bench-expression', node: 'Outbound Webhook', webhookId: '7d1e0c52-0b61-4c1f-9a0e-5b2f3c4d5e02' },
	set: { id: 'owBenchSet000001', path: 'bench-set', node: 'Set URL by expression', webhookId: '7d1e0c52-0b61-4c1f-9a0e-5b2f3c4d5e03' },
	retry: { id: 'owBenchRetry0001', path: 'bench-retry', node: 'Outbound Webhook', webhookId: '7d1e0c52-0b61-4c1f-9a0e-5b2f3c4d5e04' },
	floor: { id: 'owBenchFloor0001', path: 'bench-floor', node: 'Raw Sender', webhookId: '7d1e0c52-0b61-4c1f-9a0e-5b2f3c4d5e05' },
} as const;
type Kind = keyof typeof WORKFLOWS;

interface HookLine {
	executionId: string;
	workflowId: string;
	error?: string;
	nodes: Record<string, { startTime: number; executionTime: number; outputs: number[]; cpuMs: number; rss: { startKb: number; peakKb: number }; error?: string; firstFailed?: string }>;
	execution: { ms: number; cpuMs: number; peakRssKb: number };
	clock: { wallMs: number; monotonicUs: number };
}

function workflow(kind: Kind, origin: string, types: { sourceType: string; rawSenderType: string }) {
	const { id, path, webhookId } = WORKFLOWS[kind];
	const url = `${origin}/${kind === 'retry' ? 'retry' : 'fast'}/hook`;
	const node = (name: string, type: string, typeVersion: number, x: number, parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
		id: `${id}-${name.replace(/\W/g, '')}`,
		name,
		type,
		typeVersion,
		position: [x, 0],
		parameters,
		...extra,
	});
	const trigger = node('Webhook', 'n8n-nodes-base.webhook', 2, 0, { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} }, { webhookId });
	const source = node('Bench Source', types.sourceType, 1, 220, { count: '={{ $json.query.count }}', url: kind === 'expression' || kind === 'set' ? url : '' });
	const rawSender = node('Raw Sender', types.rawSenderType, 1, 440, { url, secret: HUB_SECRET, concurrency: args.concurrency });
	const outbound = node('Outbound Webhook', OUTBOUND, 1, 440, {
		url: kind === 'expression' ? '={{ $json.url }}' : url,
		entityType: 'service',
		entityId: '',
		authentication: 'none',
		enableHubSignature: true,
		options: { verifyEndpoint: true, concurrency: args.concurrency, ...(kind === 'retry' ? { retryInterval: 1, maxRetries: 3 } : {}) },
	}, { credentials: { hubSignatureApi: CREDENTIAL } });
	const assign = (name: string, value: string, x: number) =>
		node(name, 'n8n-nodes-base.set', 3.4, x, {
			mode: 'manual',
			assignments: { assignments: [{ id: `${name}-a`, name: 'url', value, type: 'string' }] },
			includeOtherFields: false,
			options: {},
		});
	const nodes =
		kind === 'set'
			? [trigger, source, assign('Set URL by expression', '={{ $json.url }}', 440), assign('Set URL as text', url, 660)]
			: [trigger, source, kind === 'floor' ? rawSender : outbound];
	const to = (...names: string[]) => ({ main: [names.map((n) => ({ node: n, type: 'main', index: 0 }))] });
	return {
		id,
		name: `bench: ${kind}`,
		active: false,
		nodes,
		connections: {
			Webhook: to('Bench Source'),
			'Bench Source': kind === 'set' ? to('Set URL by expression', 'Set URL as text') : to(kind === 'floor' ? 'Raw Sender' : 'Outbound Webhook'),
		},
		settings: { executionOrder: 'v1', saveDataSuccessExecution: 'none', saveManualExecutions: false, saveExecutionProgress: false },
		pinData: {},
	};
}

function procStatus(pid: number | undefined): { rssKb?: number; peakKb?: number } {
	if (!pid) return {};
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1]);
		return { rssKb: field('VmRSS'), peakKb: field('VmHWM') };
	} catch {
		return {};
	}
}

/** Resets the kernel's peak-RSS mark of a process (Linux: "5" > /proc/PID/clear_refs). */
function resetPeak(pid: number | undefined): boolean {
	try {
		if (pid) writeFileSync(`/proc/${pid}/clear_refs`, '5');
		return true;
	} catch {
		return false;
	}
}

class HookReader {
	private seen = 0;
	constructor(readonly file: string) {}

	/** The next execution line of workflow `workflowId`, waiting for n8n to write it. */
	async next(workflowId: string, timeoutMs = 900_000): Promise<HookLine> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const lines = existsSync(this.file) ? readFileSync(this.file, 'utf8').split('\n').filter(Boolean) : [];
			for (; this.seen < lines.length; ) {
				const line = JSON.parse(lines[this.seen++]) as HookLine;
				if (line.workflowId === workflowId) return line;
			}
			if (Date.now() > deadline) throw new Error(`no execution of workflow ${workflowId} finished within ${timeoutMs / 1000} s`);
			await sleep(100);
		}
	}
}

/** Raw undici in a child process on the same Node binary as this n8n. */
function runUndici(p: Profile, cellArgs: Record<string, unknown>): Promise<Measurement> {
	const nodeBin = p.nodeBinDir ? join(p.nodeBinDir, 'node') : process.execPath;
	const child = spawn(nodeBin, ['-r', 'ts-node/register/transpile-only', join(__dirname, 'undici-raw.ts')], {
		env: { ...process.env, BENCH_ARGS: JSON.stringify(cellArgs) },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stderr = '';
	child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
	return new Promise((resolve, reject) => {
		let result: Measurement | undefined;
		createInterface({ input: child.stdout }).on('line', (line) => {
			if (line.startsWith(RESULT_PREFIX)) result = JSON.parse(line.slice(RESULT_PREFIX.length)) as Measurement;
		});
		child.on('close', (code) => (result ? resolve(result) : reject(new Error(`raw undici exited ${code}: ${stderr}`))));
	});
}

interface Run {
	wallMs: number;
	measurement: Measurement;
}

function median(runs: Run[]): Measurement {
	const sorted = [...runs].sort((a, b) => a.wallMs - b.wallMs);
	const chosen = sorted[Math.floor((sorted.length - 1) / 2)].measurement;
	return { ...chosen, details: { ...chosen.details, repeats: runs.map((r) => Math.round(r.wallMs)), repeatCpuMs: runs.map((r) => r.measurement.details.cpuMs) } };
}

async function run(): Promise<void> {
	const p = profile(args.profile);
	const receiver = receiverInfo();
	const bin = await ensureN8n(p);
	const tarball = await buildAndPack();
	const userFolder = tempDir('ow-bench-delivery-n8n-');
	await installIntoN8n(tarball, userFolder);
	// Inside .n8n/nodes: the raw sender's undici is the one installed with the package.
	const extension = writeN8nExtension(join(userFolder, '.n8n', 'nodes', 'bench-extension'));
	const hookOut = join(userFolder, 'bench-hooks.jsonl');
	const n8n = new N8n(p, bin, {
		userFolder,
		port: await freePort(),
		extraEnv: {
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			N8N_LOG_LEVEL: 'warn',
			N8N_CUSTOM_EXTENSIONS: extension.dir,
			EXTERNAL_HOOK_FILES: extension.hooksFile,
			BENCH_HOOK_OUT: hookOut,
			// The receiver's self-signed certificate, trusted like a public CA (Node's default store).
			NODE_EXTRA_CA_CERTS: process.env.BENCH_CERT_FILE ?? '',
		},
		nodeArgs: args.n8nNodeOptions.split(' ').filter(Boolean),
	});
	const credsFile = join(userFolder, 'bench-credentials.json');
	writeFileSync(credsFile, JSON.stringify([{ ...CREDENTIAL, type: 'hubSignatureApi', data: { secret: HUB_SECRET, algorithm: 'sha256' } }]));
	await n8n.cliOrThrow(['import:credentials', `--input=${credsFile}`]);
	const kinds = Object.keys(WORKFLOWS) as Kind[];
	await n8n.importWorkflows(kinds.map((kind) => workflow(kind, receiver.origin, extension)));
	await n8n.activate(kinds.map((kind) => WORKFLOWS[kind].id));
	await n8n.start();
	const hooks = new HookReader(hookOut);
	const engine = `real n8n ${p.n8nVersion} (Node ${p.major >= 2 ? '24' : process.versions.node.split('.')[0]})`;

	/** Starts one execution through the workflow's Webhook trigger and returns n8n's figures for it. */
	const execute = async (kind: Kind, count: number) => {
		const url = `${n8n.baseUrl}/webhook/${WORKFLOWS[kind].path}?count=${count}`;
		// n8n answers /healthz before it has registered the active workflows' webhooks.
		const deadline = Date.now() + 120_000;
		for (;;) {
			const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
			await response.text();
			if (response.status === 200) break;
			if (Date.now() > deadline) throw new Error(`${url} still answers ${response.status}`);
			await sleep(500);
		}
		return hooks.next(WORKFLOWS[kind].id);
	};

	const measureN8n = async (kind: Kind, count: number, variant: string, scenario: string): Promise<Run> => {
		await resetReceiver(receiver);
		const pid = n8n.pid;
		const before = procStatus(pid);
		const peakReset = resetPeak(pid);
		const loadBefore = loadavg()[0];
		const line = await execute(kind, count);
		const after = procStatus(pid);
		const stats: ReceiverStats = await receiverStats(receiver);
		const node = line.nodes[WORKFLOWS[kind].node];
		if (!node) throw new Error(`execution ${line.executionId} of ${kind} has no run data for "${WORKFLOWS[kind].node}": ${line.error ?? JSON.stringify(Object.keys(line.nodes))}`);
		const delivered = node.outputs[0] ?? 0;
		const side = kind === 'set' ? 'setExpression' : kind === 'floor' ? 'floor' : 'node';
		const measurement: Measurement = {
			scenario,
			side,
			variant,
			items: count,
			wallMs: node.executionTime,
			perSecond: (delivered / node.executionTime) * 1000,
			peakRssKb: peakReset ? (after.peakKb ?? 0) : node.rss.peakKb,
			baselineRssKb: before.rssKb ?? 0,
			ok: !node.error && delivered === count,
			details: {
				engine,
				nodeExecutionMs: node.executionTime,
				cpuMs: node.cpuMs,
				nodeRssAtStartKb: node.rss.startKb,
				nodePeakRssKb: node.rss.peakKb,
				n8nPeakRssKb: after.peakKb,
				executionMs: line.execution.ms,
				sourceExecutionMs: line.nodes['Bench Source']?.executionTime,
				setAsTextMs: line.nodes['Set URL as text']?.executionTime,
				setAsTextCpuMs: line.nodes['Set URL as text']?.cpuMs,
				outputs: node.outputs,
				error: node.error ?? line.error,
				firstFailed: node.firstFailed,
				firstRequestAfterMs: stats.firstAt === undefined ? undefined : stats.firstAt - node.startTime,
				/** The node's window on the clock of a --cpu-prof profile of n8n (bench/profile-summary.ts --window). */
				profileWindowUs: [node.startTime, node.startTime + node.executionTime].map((t) => Math.round((t - line.clock.wallMs) * 1000 + line.clock.monotonicUs)),
				concurrency: args.concurrency,
				loadBefore,
				loadAfter: loadavg()[0],
				receiver: stats,
			},
		};
		if (args.n8nNodeOptions.includes('--cpu-prof')) log(`profile window of ${kind} ${count}: --window=${(measurement.details.profileWindowUs as number[]).join('-')}`);
		log(`${engine} ${kind} ${count}: ${node.executionTime} ms, ${node.cpuMs.toFixed(0)} ms CPU, outputs ${JSON.stringify(node.outputs)}, peak RSS ${((after.peakKb ?? 0) / 1024).toFixed(0)} MB [load ${loadBefore.toFixed(1)}]`);
		// Let n8n finish with the execution (its bookkeeping after the hook) before the next one.
		await sleep(1500);
		return { wallMs: node.executionTime, measurement };
	};

	const measureUndici = async (count: number, variant: string, scenario: string, withUrl: boolean): Promise<Run> => {
		const loadBefore = loadavg()[0];
		const m = await runUndici(p, { scenario, variant, items: count, route: 'fast', concurrency: args.concurrency, withUrl, warmup: args.warmup });
		m.details = { ...m.details, engine: `raw undici (Node ${p.major >= 2 ? '24' : process.versions.node.split('.')[0]})`, loadBefore, loadAfter: loadavg()[0] };
		log(`raw undici ${count}${withUrl ? ' (bodies with url)' : ''}: ${m.wallMs.toFixed(0)} ms, ${Number(m.details.cpuMs).toFixed(0)} ms CPU [load ${loadBefore.toFixed(1)}]`);
		return { wallMs: m.wallMs, measurement: m };
	};

	// Warm-up: every workflow once (module loading, JIT, the endpoints' test calls, remembered).
	for (const kind of kinds) {
		const line = await execute(kind, kind === 'retry' ? 100 : args.warmup);
		log(`warm-up ${kind}: ${JSON.stringify(Object.fromEntries(Object.entries(line.nodes).map(([name, n]) => [name, `${n.executionTime} ms ${JSON.stringify(n.outputs)}${n.error ? ` ${n.error}` : ''}`])))}`);
	}

	for (const count of args.sizes) {
		const cells: Record<string, Run[]> = { undici: [], static: [], floor: [], expression: [], set: [] };
		for (let r = 0; r < args.repeat; r++) {
			cells.undici.push(await measureUndici(count, `${p.name} static`, 'n8nDelivery', false));
			cells.static.push(await measureN8n('static', count, `${p.name} static`, 'n8nDelivery'));
			cells.floor.push(await measureN8n('floor', count, `${p.name} static`, 'n8nDelivery'));
			cells.expression.push(await measureN8n('expression', count, `${p.name} expression`, 'n8nDelivery'));
			cells.set.push(await measureN8n('set', count, `${p.name} expression`, 'n8nDelivery'));
		}
		for (const runs of Object.values(cells)) emit(median(runs));
	}

	if (args.retry) {
		const cells: Record<string, Run[]> = { retry: [], nodeIdeal: [], undiciIdeal: [] };
		for (let r = 0; r < args.repeat; r++) {
			cells.retry.push(await measureN8n('retry', 1000, `${p.name} 503 then 200, interval 1 s`, 'n8nRetry'));
			cells.nodeIdeal.push(await measureN8n('static', 2000, `${p.name} 2000 requests, all 200`, 'n8nRetry'));
			cells.undiciIdeal.push(await measureUndici(2000, `${p.name} 2000 requests, all 200`, 'n8nRetry', false));
		}
		for (const runs of Object.values(cells)) emit(median(runs));
	}
	await n8n.stop();
}

runMain(async () => {
	await run();
	return 0;
});
