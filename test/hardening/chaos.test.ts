import { createServer, type Server } from 'node:https';
import type { Socket } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { NO_RETRY_STATUSES } from '../../nodes/shared/delivery/policy';
import { runWorkflow } from '../harness/workflow';
import { testCertificate } from '../support/certs';
import { mb, outboundWorkflow, report, startTcpServer, type RawServer } from './support';

/**
 * Suite (b), fault injection: a loopback HTTPS "chaos" receiver answers every request by a script
 * fixed per item (success, every no-retry status, retryable statuses, resets, stalls, TLS
 * failures) while the Outbound Webhook node delivers CHAOS_ITEMS items (10,000 on request) in one
 * n8n-core run. Checks: every item in exactly one output; outputs agree with the script and with
 * the receiver's own log; no item sent more often than the retry policy allows, none after its
 * final answer; heap back near its baseline afterwards.
 */

/**
 * `npm test` runs 2,000 items (~10 s); the full 10,000-item run takes ~45 s on a busy 2-core
 * machine: `CHAOS_ITEMS=10000 npx jest test/hardening/chaos.test.ts`.
 */
const ITEMS = Number(process.env.CHAOS_ITEMS ?? 2_000);
const MAX_RETRIES = 3;
const ATTEMPTS = MAX_RETRIES + 1;
const TIMEOUT_MS = 1000;
const CONCURRENCY = 32;
/** Heap may stay this much above the baseline after the batch (JIT code, undici pools, caches). */
const HEAP_SLACK_BYTES = 40 * 1024 * 1024;

const SUCCESS = [200, 201, 202, 204, 226];
const NO_RETRY = [...NO_RETRY_STATUSES];
const RETRYABLE = [401, 403, 412, 413, 429, 500, 502, 503, 504, 599];

type Action = { kind: 'status'; status: number } | { kind: 'reset' } | { kind: 'stall' };
type Route = 'main' | 'tlsGarbage' | 'tlsStall';
interface Plan {
	category: string;
	route: Route;
	actions: Action[];
}

/** mulberry32: a small seeded PRNG, so every run scripts the same faults. */
function prng(seed: number) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function planFor(n: number): Plan {
	const random = prng(n * 7919 + 17);
	const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
	const status = (list: readonly number[]): Action => ({ kind: 'status', status: pick(list) });
	const failures = (count: number, make: () => Action) => Array.from({ length: count }, make);
	const roll = random() * 100;
	if (roll < 40) return { category: 'success', route: 'main', actions: [status(SUCCESS)] };
	if (roll < 55) return { category: 'no-retry status', route: 'main', actions: [status(NO_RETRY)] };
	if (roll < 70) {
		const k = 1 + Math.floor(random() * MAX_RETRIES);
		return { category: 'retryable then success', route: 'main', actions: [...failures(k, () => status(RETRYABLE)), status(SUCCESS)] };
	}
	if (roll < 77) return { category: 'retryable always', route: 'main', actions: failures(ATTEMPTS, () => status(RETRYABLE)) };
	if (roll < 85) {
		const k = 1 + Math.floor(random() * 2);
		return { category: 'reset then success', route: 'main', actions: [...failures(k, () => ({ kind: 'reset' })), status(SUCCESS)] };
	}
	if (roll < 87) return { category: 'stall then success', route: 'main', actions: [{ kind: 'stall' }, status(SUCCESS)] };
	if (roll < 87.5) return { category: 'stall always', route: 'main', actions: failures(ATTEMPTS, () => ({ kind: 'stall' })) };
	if (roll < 93) {
		return { category: 'reset, 5xx, then no-retry', route: 'main', actions: [{ kind: 'reset' }, status([500, 503]), status(NO_RETRY)] };
	}
	if (roll < 99.7) return { category: 'TLS failure (plain text)', route: 'tlsGarbage', actions: [] };
	return { category: 'TLS handshake stall', route: 'tlsStall', actions: [] };
}

/** What the policy must make of a plan: outcome, last status and attempts used. */
function expected(plan: Plan): { status: 'delivered' | 'failed'; attempts: number; statusCode?: number } {
	if (plan.route !== 'main') return { status: 'failed', attempts: ATTEMPTS };
	for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
		const action = plan.actions[attempt - 1] ?? plan.actions[plan.actions.length - 1];
		if (action.kind === 'status' && action.status >= 200 && action.status <= 299) return { status: 'delivered', attempts: attempt, statusCode: action.status };
		if (action.kind === 'status' && NO_RETRY_STATUSES.has(action.status)) return { status: 'failed', attempts: attempt, statusCode: action.status };
	}
	const last = plan.actions[ATTEMPTS - 1];
	return { status: 'failed', attempts: ATTEMPTS, statusCode: last?.kind === 'status' ? last.status : undefined };
}

interface LogEntry {
	n: number;
	deliveryId: string;
	attempt: number;
	action: string;
}

interface ChaosReceiver {
	origin: string;
	log: LogEntry[];
	close(): Promise<void>;
}

async function startChaosReceiver(plans: Plan[]): Promise<ChaosReceiver> {
	const { key, cert } = await testCertificate();
	const log: LogEntry[] = [];
	const sockets = new Set<Socket>();
	const server: Server = createServer({ key, cert, keepAliveTimeout: 120_000 }, (req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { n: number };
			const attempt = Number(req.headers['x-delivery-attempt']);
			const plan = plans[body.n];
			const action = plan.actions[attempt - 1] ?? plan.actions[plan.actions.length - 1];
			const label = action.kind === 'status' ? String(action.status) : action.kind;
			log.push({ n: body.n, deliveryId: String(req.headers['x-delivery-id']), attempt, action: label });
			if (action.kind === 'reset') return void req.socket.destroy();
			if (action.kind === 'stall') return;
			res.writeHead(action.status, { 'content-type': 'text/plain' });
			res.end(action.status === 204 || action.status === 304 ? undefined : `chaos ${action.status}`);
		});
	});
	server.on('connection', (socket: Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	server.on('tlsClientError', () => undefined);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	return {
		origin: `https://127.0.0.1:${port}`,
		log,
		close: () =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	};
}

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;
async function settle(): Promise<NodeJS.MemoryUsage> {
	for (let i = 0; i < 3; i++) {
		gc();
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	return process.memoryUsage();
}

describe('(b) chaos receiver', () => {
	let receiver: ChaosReceiver;
	let tlsGarbage: RawServer;
	let tlsStall: RawServer;

	beforeAll(async () => {
		const plans = Array.from({ length: ITEMS }, (_, n) => planFor(n));
		receiver = await startChaosReceiver(plans);
		tlsGarbage = await startTcpServer((socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
		tlsStall = await startTcpServer(() => undefined);
	});
	afterAll(async () => {
		await receiver.close();
		await tlsGarbage.close();
		await tlsStall.close();
	});

	test(`${ITEMS} items through the Outbound Webhook node: outputs agree with the script and the receiver log`, async () => {
		const { cert } = await testCertificate();
		const plans = Array.from({ length: ITEMS }, (_, n) => planFor(n));
		const origins: Record<Route, string> = { main: receiver.origin, tlsGarbage: tlsGarbage.origin, tlsStall: tlsStall.origin };
		const parameters = {
			url: '={{ $json.url }}',
			options: {
				caCertificate: cert,
				verifyEndpoint: false,
				maxRetries: MAX_RETRIES,
				retryInterval: 0.005,
				timeout: TIMEOUT_MS,
				concurrency: CONCURRENCY,
			},
		};
		const makeItems = (count: number) =>
			Array.from({ length: count }, (_, n) => ({ n, url: `${origins[plans[n].route]}/chaos`, pad: 'p'.repeat(120) }));

		// Warm-up (JIT, TLS session, engine) so the baseline is not the cold process.
		await runWorkflow(outboundWorkflow(makeItems(Math.min(50, ITEMS)), parameters));
		receiver.log.length = 0;
		const tlsConnectionsBefore = tlsGarbage.connections + tlsStall.connections;
		const baseline = await settle();

		let peak = { rss: baseline.rss, heapUsed: baseline.heapUsed };
		const sampler = setInterval(() => {
			const now = process.memoryUsage();
			peak = { rss: Math.max(peak.rss, now.rss), heapUsed: Math.max(peak.heapUsed, now.heapUsed) };
		}, 100);
		const started = Date.now();
		let result: Awaited<ReturnType<typeof runWorkflow>> | undefined = await runWorkflow(outboundWorkflow(makeItems(ITEMS), parameters));
		const elapsed = Date.now() - started;
		clearInterval(sampler);

		// --- every item in exactly one output ---------------------------------------------------
		const [delivered, failed, smpp] = result.outputs('Webhook') as INodeExecutionData[][];
		expect(result.nodeError('Webhook')).toBeUndefined();
		expect(smpp ?? []).toHaveLength(0);
		const seen = new Map<number, { output: 'delivered' | 'failed'; json: IDataObject }>();
		for (const [output, items] of [['delivered', delivered], ['failed', failed]] as const) {
			for (const item of items) {
				const n = (item.pairedItem as { item: number }).item;
				expect(seen.has(n)).toBe(false);
				seen.set(n, { output, json: item.json });
			}
		}
		expect(seen.size).toBe(ITEMS);

		// --- per item: the node's attempts against the receiver's log and the retry policy --------
		const logById = new Map<string, LogEntry[]>();
		for (const entry of receiver.log) logById.set(entry.deliveryId, [...(logById.get(entry.deliveryId) ?? []), entry]);
		const problems: string[] = [];
		const byCategory = new Map<string, { items: number; delivered: number; failed: number; attempts: number }>();
		let clientAttempts = 0;
		let mainAttempts = 0;
		let scriptExact = 0;
		let clientOnlyErrors = 0;
		let lateAnswers = 0;
		for (let n = 0; n < ITEMS; n++) {
			const plan = plans[n];
			const got = seen.get(n)!;
			const attempts = got.json.attempts as Array<{ attempt: number; statusCode?: number; errorCode?: string }>;
			const entries = logById.get(String(got.json.deliveryId)) ?? [];
			clientAttempts += attempts.length;
			const row = byCategory.get(plan.category) ?? { items: 0, delivered: 0, failed: 0, attempts: 0 };
			row.items += 1;
			row[got.output] += 1;
			row.attempts += attempts.length;
			byCategory.set(plan.category, row);
			const fail = (text: string) => problems.push(`#${n} ${plan.category}: ${text}`);

			// Sent no more often than the policy allows, numbered 1..k without repeats.
			if (attempts.length < 1 || attempts.length > ATTEMPTS) fail(`${attempts.length} attempts`);
			attempts.forEach((a, i) => a.attempt !== i + 1 && fail(`attempt ${i + 1} numbered ${a.attempt}`));
			if (plan.route !== 'main') {
				if (entries.length > 0) fail('a TLS-failing item reached the HTTP receiver');
			} else {
				mainAttempts += attempts.length;
				if (entries.some((e) => e.n !== n)) fail('delivery id shared with another item');
				if (entries.length > attempts.length) fail(`receiver saw ${entries.length} requests for ${attempts.length} attempts`);
				if (new Set(entries.map((e) => e.attempt)).size !== entries.length) fail('an attempt number reached the receiver twice');
			}
			// Each attempt agrees with what the receiver did with it.
			for (const a of attempts) {
				const e = entries.find((entry) => entry.attempt === a.attempt);
				if (!e) {
					if (a.statusCode !== undefined) fail(`attempt ${a.attempt} has status ${a.statusCode} the receiver never sent`);
					else if (plan.route === 'main') clientOnlyErrors += 1;
				} else if (/^\d+$/.test(e.action)) {
					if (a.statusCode === undefined && a.errorCode === 'TIMEOUT') lateAnswers += 1;
					else if (a.statusCode !== Number(e.action)) fail(`attempt ${a.attempt}: receiver answered ${e.action}, node recorded ${a.statusCode ?? a.errorCode}`);
				} else if (e.action === 'reset' && a.errorCode === 'TIMEOUT') {
					// As for a late answer: on a loaded machine the reset can come after the 1 s deadline.
					lateAnswers += 1;
				} else if (e.action === 'reset' && !['CONNECTION_RESET', 'NETWORK'].includes(a.errorCode ?? '')) {
					fail(`attempt ${a.attempt}: reset recorded as ${a.statusCode ?? a.errorCode}`);
				} else if (e.action === 'stall' && a.errorCode !== 'TIMEOUT') {
					fail(`attempt ${a.attempt}: stall recorded as ${a.statusCode ?? a.errorCode}`);
				}
			}
			// The output is what the retry policy makes of the attempts.
			const last = attempts[attempts.length - 1];
			const final = last?.statusCode !== undefined && (last.statusCode < 300 || NO_RETRY_STATUSES.has(last.statusCode));
			attempts.slice(0, -1).forEach((a) => a.statusCode !== undefined && (a.statusCode < 300 || NO_RETRY_STATUSES.has(a.statusCode)) && fail(`retried after final answer ${a.statusCode}`));
			const wantOutput = last?.statusCode !== undefined && last.statusCode >= 200 && last.statusCode < 300 ? 'delivered' : 'failed';
			if (got.output !== wantOutput) fail(`in ${got.output}, policy says ${wantOutput}`);
			if (!final && attempts.length !== ATTEMPTS) fail(`gave up after ${attempts.length} retryable attempts`);
			// And, unless the node saw a failure the receiver did not script (load), exactly the script.
			const want = expected(plan);
			const exact = got.output === want.status && attempts.length === want.attempts && (want.statusCode === undefined || got.json.statusCode === want.statusCode);
			if (exact) scriptExact += 1;
			else {
				const unscripted = (a: { attempt: number; errorCode?: string }) => {
					if (a.errorCode === undefined) return false;
					const e = entries.find((entry) => entry.attempt === a.attempt);
					return !e || /^\d+$/.test(e.action);
				};
				if (plan.route === 'main' && !attempts.some(unscripted)) fail(`differs from the script (${JSON.stringify(want)}) without an unscripted failure`);
			}
		}
		expect(problems.slice(0, 10)).toEqual([]);
		expect(receiver.log.length).toBeLessThanOrEqual(mainAttempts);
		const tlsConnections = tlsGarbage.connections + tlsStall.connections - tlsConnectionsBefore;
		const tlsAttempts = clientAttempts - mainAttempts;
		expect(tlsConnections).toBeGreaterThan(0);
		expect(tlsConnections).toBeLessThanOrEqual(tlsAttempts);

		// --- memory back near baseline ----------------------------------------------------------
		const deliveredCount = delivered.length;
		const failedCount = failed.length;
		delivered.length = 0;
		failed.length = 0;
		result = undefined;
		seen.clear();
		logById.clear();
		const after = await settle();
		expect(after.heapUsed - baseline.heapUsed).toBeLessThan(HEAP_SLACK_BYTES);

		const lines = [
			`items ${ITEMS}, concurrency ${CONCURRENCY}, timeout ${TIMEOUT_MS} ms, maxRetries ${MAX_RETRIES}, retry interval 5 ms; run ${(elapsed / 1000).toFixed(1)} s`,
			`outputs: Delivered ${deliveredCount}, Failed ${failedCount}, SMPP 0; every item exactly once; ${scriptExact} of ${ITEMS} exactly as scripted, the rest explained by unscripted client-side failures`,
			`requests: ${clientAttempts} attempts by the node (max ${ATTEMPTS} per item, none after a final answer); HTTP receiver logged ${receiver.log.length} of the ${mainAttempts} attempts routed to it, each matching the node's record; ${clientOnlyErrors} attempts failed before reaching it, ${lateAnswers} answers came after the deadline; TLS endpoints saw ${tlsConnections} connections for ${tlsAttempts} attempts`,
			...[...byCategory.entries()].map(
				([category, row]) => `  ${category.padEnd(28)} items ${String(row.items).padStart(5)}  delivered ${String(row.delivered).padStart(5)}  failed ${String(row.failed).padStart(5)}  attempts ${String(row.attempts).padStart(6)}`,
			),
			`memory: baseline heap ${mb(baseline.heapUsed)} / rss ${mb(baseline.rss)}; peak heap ${mb(peak.heapUsed)} / rss ${mb(peak.rss)}; after gc heap ${mb(after.heapUsed)} (+${mb(after.heapUsed - baseline.heapUsed)}) / rss ${mb(after.rss)}`,
		];
		report('chaos', `${ITEMS} items, scripted faults`, lines, {
			items: ITEMS,
			elapsedMs: elapsed,
			delivered: deliveredCount,
			failed: failedCount,
			attempts: clientAttempts,
			receiverLog: receiver.log.length,
			scriptExact,
			clientOnlyErrors,
			lateAnswers,
			heap: { baseline: baseline.heapUsed, peak: peak.heapUsed, after: after.heapUsed },
			rss: { baseline: baseline.rss, peak: peak.rss, after: after.rss },
		});
	}, 180_000);
});
