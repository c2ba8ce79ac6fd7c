/**
 * Scenario 5 in a real n8n (the end-to-end tier's cached install: n8n 1.123 on Node 20, or 2.41 on
 * Node 24): this package packed and installed the Community Nodes way, two active workflows in one
 * server:
 *   - Channel Event Trigger with a Hub Signature credential (x-hub-signature checked on the raw body,
 *     subscription: incoming messages of any service), nothing after it;
 *   - the same trigger without a signature credential: what verifying against an n8n credential costs
 *     per request (n8n decrypts the credential for every request);
 *   - n8n's own Webhook node (POST, respond immediately), nothing after it, no signature check;
 *   - the signed trigger with Respond "When the Workflow Has Run", and n8n's Webhook node with Respond
 *     "When Last Node Finishes": the sender's answer waits until n8n has run (and saved) the execution,
 *     so each connection carries one run at a time.
 * An undici client with 20 keep-alive connections posts the same signed 1 KB incoming-message events
 * to each production URL in turn, 1, 10 and 100 events per POST (a JSON array for more than one), in
 * `rounds` alternating rounds after a warm-up, and counts 200 answers. Every accepted request starts
 * one execution that n8n saves in its SQLite database, as by default: the trigger emits one item per
 * event, the Webhook node one item holding the whole body.
 */
import { createHmac } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { Agent } from 'undici';

import { runMain } from '../../scripts/n8n/cleanup';
import { ensureN8n, freePort, log, N8n, profile, sleep, tempDir } from '../../scripts/n8n/n8n';
import { buildAndPack, installIntoN8n } from '../../scripts/n8n/package';
import { TRIGGER, triggerWebhookPath } from '../../scripts/n8n/workflows';
import { benchEvent } from '../lib/items';
import { benchArgs, emit, peakRssKb, rssKb } from '../lib/report';

const args = benchArgs({ seconds: 10, warmupSeconds: 3, rounds: 3, concurrency: 20, profile: 'n8n1', batches: [1, 10, 100], sides: [] as string[], expressionEngine: '' });
const SECRET = 'bench-inbound-secret';
const IDS = {
	cred: 'owBenchHubIn0001',
	trigger: 'owBenchTrigger01',
	unsigned: 'owBenchTrigger02',
	afterRun: 'owBenchTrigger03',
	webhook: 'owBenchWebhook01',
	webhookAfterRun: 'owBenchWebhook02',
};
const TRIGGER_WEBHOOK_ID = '2b0d6a4e-5f0c-4c1e-9d7a-6c8f1e2a3b01';
const UNSIGNED_WEBHOOK_ID = '2b0d6a4e-5f0c-4c1e-9d7a-6c8f1e2a3b03';
const AFTER_RUN_WEBHOOK_ID = '2b0d6a4e-5f0c-4c1e-9d7a-6c8f1e2a3b04';
const N8N_WEBHOOK_ID = '2b0d6a4e-5f0c-4c1e-9d7a-6c8f1e2a3b02';
const N8N_WEBHOOK_AFTER_RUN_ID = '2b0d6a4e-5f0c-4c1e-9d7a-6c8f1e2a3b05';
const N8N_WEBHOOK_PATH = 'bench-webhook';
const N8N_WEBHOOK_AFTER_RUN_PATH = 'bench-webhook-after-run';

function workflows() {
	const wf = (id: string, name: string, node: Record<string, unknown>) => ({
		id,
		name,
		active: false,
		nodes: [{ id: `${id}-n1`, position: [0, 0], ...node }],
		connections: {},
		settings: { executionOrder: 'v1' },
		pinData: {},
	});
	const trigger = (webhookId: string, parameters: Record<string, unknown>) => ({
		name: 'Channel Event Trigger',
		type: TRIGGER,
		// What the editor makes today.
		typeVersion: 1.1,
		webhookId,
		parameters: { entityType: 'service', entityId: '', events: ['incomingMessage'], receipts: {}, authentication: 'none', ...parameters },
	});
	const hubCredential = { hubSignatureApi: { id: IDS.cred, name: 'bench inbound hub secret' } };
	const webhook = (webhookId: string, path: string, respond: Record<string, string>) => ({
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId,
		parameters: { httpMethod: 'POST', path, ...respond, options: {} },
	});
	return [
		wf(IDS.trigger, 'bench: Channel Event Trigger', { ...trigger(TRIGGER_WEBHOOK_ID, { enableHubSignature: true }), credentials: hubCredential }),
		wf(IDS.unsigned, 'bench: Channel Event Trigger, no signature', trigger(UNSIGNED_WEBHOOK_ID, { enableHubSignature: false })),
		wf(IDS.afterRun, 'bench: Channel Event Trigger, respond after the run', {
			...trigger(AFTER_RUN_WEBHOOK_ID, { enableHubSignature: true, responseMode: 'lastNode' }),
			credentials: hubCredential,
		}),
		wf(IDS.webhook, 'bench: n8n Webhook node', webhook(N8N_WEBHOOK_ID, N8N_WEBHOOK_PATH, { responseMode: 'onReceived' })),
		wf(IDS.webhookAfterRun, 'bench: n8n Webhook node, respond after the run', webhook(N8N_WEBHOOK_AFTER_RUN_ID, N8N_WEBHOOK_AFTER_RUN_PATH, {
			// An empty answer, as the trigger's.
			responseMode: 'lastNode',
			responseData: 'noData',
		})),
	];
}

function eventJson(n: number): Record<string, string> {
	const e = benchEvent(n);
	return { event: 'incomingMessage', channel: 'sms', from: e.from, to: e.to, messageId: e.eventId, text: e.text, timestamp: e.timestamp };
}

/** Resident and peak resident memory of a process (kB), from /proc. */
function procMemory(pid: number | undefined): { rssKb?: number; peakKb?: number } {
	if (!pid) return {};
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1]);
		return { rssKb: field('VmRSS'), peakKb: field('VmHWM') };
	} catch {
		return {};
	}
}

/** CPU time (ms) the process has used so far, from /proc. */
function cpuMsOf(pid: number | undefined): number {
	if (!pid) return 0;
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	// utime and stime (fields 14 and 15 of stat, in clock ticks of 10 ms).
	return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * Waits until n8n has finished what it accepted: its CPU use stays under a tenth of a core for half
 * a second (a side that answers before storing the run leaves a backlog that would slow the next).
 * Returns how long n8n stayed busy (ms): the backlog a side left.
 */
async function settled(pid: number | undefined, timeoutMs = 60_000): Promise<number> {
	const started = Date.now();
	const deadline = started + timeoutMs;
	let last = cpuMsOf(pid);
	let quietSince = started;
	while (Date.now() < deadline) {
		await sleep(100);
		const now = cpuMsOf(pid);
		if (now - last > 10) quietSince = Date.now();
		last = now;
		if (Date.now() - quietSince >= 500) return quietSince - started;
	}
	return timeoutMs;
}

async function load(url: string, bodies: Buffer[], signatures: string[], ms: number) {
	const agent = new Agent({ connections: args.concurrency, pipelining: 1 });
	const target = new URL(url);
	let sent = 0;
	let ok = 0;
	const statuses: Record<number, number> = {};
	const started = performance.now();
	const deadline = started + ms;
	const worker = async () => {
		while (performance.now() < deadline) {
			const i = sent++ % bodies.length;
			try {
				const response = await agent.request({
					origin: target.origin,
					path: target.pathname,
					method: 'POST',
					headers: { 'content-type': 'application/json', 'x-hub-signature': signatures[i] },
					body: bodies[i],
				});
				await response.body.text();
				statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
				if (response.statusCode === 200) ok++;
			} catch {
				statuses[0] = (statuses[0] ?? 0) + 1;
			}
		}
	};
	await Promise.all(Array.from({ length: args.concurrency }, worker));
	const wallMs = performance.now() - started;
	await agent.close();
	return { sent, ok, wallMs, statuses };
}

async function run(): Promise<void> {
	const p = profile(args.profile);
	const bin = await ensureN8n(p);
	const tarball = await buildAndPack();
	const userFolder = tempDir('ow-bench-n8n-');
	await installIntoN8n(tarball, userFolder);
	const n8n = new N8n(p, bin, {
		userFolder,
		port: await freePort(),
		extraEnv: {
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			N8N_LOG_LEVEL: 'warn',
			// n8n 2.x: 'vm' (its default: expressions in V8 isolates) or 'legacy'.
			...(args.expressionEngine ? { N8N_EXPRESSION_ENGINE: args.expressionEngine } : {}),
		},
		// e.g. BENCH_N8N_NODE_ARGS="--cpu-prof --cpu-prof-dir=..." profiles the n8n server, as in delivery-n8n.ts.
		nodeArgs: (process.env.BENCH_N8N_NODE_ARGS ?? '').split(' ').filter(Boolean),
	});
	const credsFile = join(userFolder, 'bench-credentials.json');
	writeFileSync(credsFile, JSON.stringify([{ id: IDS.cred, name: 'bench inbound hub secret', type: 'hubSignatureApi', data: { secret: SECRET, algorithm: 'sha256' } }]));
	await n8n.cliOrThrow(['import:credentials', `--input=${credsFile}`]);
	await n8n.importWorkflows(workflows());
	await n8n.activate([IDS.trigger, IDS.unsigned, IDS.afterRun, IDS.webhook, IDS.webhookAfterRun]);
	await n8n.start();
	const pid = n8n.pid;

	const allUrls: Record<string, string> = {
		channelEventTrigger: `${n8n.baseUrl}/webhook/${TRIGGER_WEBHOOK_ID}/${triggerWebhookPath()}`,
		channelEventTriggerUnsigned: `${n8n.baseUrl}/webhook/${UNSIGNED_WEBHOOK_ID}/${triggerWebhookPath()}`,
		n8nWebhook: `${n8n.baseUrl}/webhook/${N8N_WEBHOOK_PATH}`,
		channelEventTriggerAfterRun: `${n8n.baseUrl}/webhook/${AFTER_RUN_WEBHOOK_ID}/${triggerWebhookPath()}`,
		n8nWebhookAfterRun: `${n8n.baseUrl}/webhook/${N8N_WEBHOOK_AFTER_RUN_PATH}`,
	};
	// BENCH_ARGS='{"sides":["n8nWebhookAfterRun"]}' measures some sides only (e.g. to profile one).
	const urls = Object.fromEntries(Object.entries(allUrls).filter(([side]) => args.sides.length === 0 || args.sides.includes(side)));
	const engine =
		`real n8n ${p.n8nVersion} (Node ${p.major >= 2 ? '24' : process.versions.node.split('.')[0]})` +
		(args.expressionEngine ? `, N8N_EXPRESSION_ENGINE=${args.expressionEngine}` : '');
	/** 500 distinct events, sent `k` to a POST: one JSON object for k = 1, an array otherwise. */
	const events = Array.from({ length: 500 }, (_, n) => eventJson(n));
	const bodiesOf = (k: number) =>
		Array.from({ length: Math.max(1, Math.floor(events.length / k)) }, (_, b) =>
			Buffer.from(k === 1 ? JSON.stringify(events[b]) : `[${events.slice(b * k, b * k + k).map((e) => JSON.stringify(e)).join(',')}]`),
		);
	const sign = (bodies: Buffer[]) => bodies.map((b) => createHmac('sha256', SECRET).update(b).digest('hex'));
	const single = bodiesOf(1);
	const singleSignatures = sign(single);
	const baselineRssKb = rssKb();

	// n8n answers /healthz before it has registered the active workflows' webhooks.
	for (const [side, url] of Object.entries(urls)) {
		const deadline = Date.now() + 120_000;
		for (;;) {
			const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature': singleSignatures[0] }, body: single[0] });
			const text = await response.text();
			if (response.status === 200) break;
			if (Date.now() > deadline) throw new Error(`${side} at ${url} still answers ${response.status} two minutes after start: ${text.slice(0, 300)}`);
			await sleep(500);
		}
	}
	for (const [side, url] of Object.entries(urls)) {
		const warm = await load(url, single, singleSignatures, args.warmupSeconds * 1000);
		log(`warm-up ${side}: ${warm.ok}/${warm.sent} answered 200 ${JSON.stringify(warm.statuses)}`);
		await settled(pid);
	}
	for (const k of args.batches) {
		const bodies = bodiesOf(k);
		const signatures = sign(bodies);
		const rounds: Record<
			string,
			Array<{ ok: number; sent: number; wallMs: number; eventsPerSecond: number; backlogMs: number; sustainedPerSecond: number; statuses: Record<number, number>; n8nRssKb?: number }>
		> = {};
		for (let round = 1; round <= args.rounds; round++) {
			for (const [side, url] of Object.entries(urls)) {
				const result = await load(url, bodies, signatures, args.seconds * 1000);
				const memory = procMemory(pid);
				const eventsPerSecond = ((result.ok * k) / result.wallMs) * 1000;
				// Let n8n finish the executions it accepted before the other side is measured; a side that
				// answers before the run leaves work behind, counted in its sustained rate.
				const backlogMs = await settled(pid);
				const sustainedPerSecond = ((result.ok * k) / (result.wallMs + backlogMs)) * 1000;
				log(
					`${k} per POST, round ${round} ${side}: ${result.ok} requests accepted in ${result.wallMs.toFixed(0)} ms (${eventsPerSecond.toFixed(0)} events/s), ` +
						`n8n busy ${backlogMs} ms after (${sustainedPerSecond.toFixed(0)} events/s sustained) ${JSON.stringify(result.statuses)}`,
				);
				(rounds[side] ??= []).push({ ...result, eventsPerSecond, backlogMs, sustainedPerSecond, n8nRssKb: memory.rssKb });
			}
		}
		const memory = procMemory(pid);
		for (const [side, runs] of Object.entries(rounds)) {
			const chosen = [...runs].sort((a, b) => a.eventsPerSecond - b.eventsPerSecond)[Math.floor((runs.length - 1) / 2)];
			emit({
				scenario: 'trigger',
				side,
				variant: `${engine}, ${k} per POST`,
				items: chosen.ok * k,
				wallMs: chosen.wallMs,
				perSecond: chosen.eventsPerSecond,
				// The n8n server's peak resident memory so far (both sides share the server).
				peakRssKb: memory.peakKb ?? peakRssKb(),
				baselineRssKb,
				ok: runs.every((r) => r.ok === r.sent),
				details: {
					eventsPerPost: k,
					requestsPerSecond: (chosen.ok / chosen.wallMs) * 1000,
					// Events per second until n8n had also run and stored what it accepted (the median round by it).
					sustainedPerSecond: [...runs].map((r) => r.sustainedPerSecond).sort((a, b) => a - b)[Math.floor((runs.length - 1) / 2)],
					rounds: runs,
					concurrency: args.concurrency,
					n8nPeakRssKb: memory.peakKb,
					url: side,
				},
			});
		}
	}
	await n8n.stop();
}

runMain(async () => {
	await run();
	return 0;
});
