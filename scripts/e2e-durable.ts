/**
 * Durable delivery tier: deliveries that outlive n8n restarts, in a real n8n (1.123.x on Node 20,
 * 2.41.0 on Node 24) with this package installed from its tarball the Community Nodes way.
 *
 *   npm run test:e2e:durable             both n8n versions
 *   npm run test:e2e:durable -- n8n2     one of them
 *
 * The active workflow is the one the package ships (demo/workflows/durable-relay.json: Channel Event
 * Trigger → Outbound Webhook → Failed → Retry later? → Wait until nextAttemptAt → back into the node),
 * with short delays (65 s: the shortest wait n8n keeps in its database). The receiver answers 503,
 * then refuses connections, for longer than the in-run retries; n8n is stopped while the items wait,
 * once with SIGTERM and once with SIGKILL, and started again; then the receiver comes back. Every
 * event must be accepted, all requests of one event must carry one delivery id, and nothing may be
 * lost; duplicates (the same id accepted twice) are counted and printed. Waits are for conditions
 * (receiver table, execution statuses), never for fixed times. Closing line `durable: N passed, M failed`.
 */
import { createHmac } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { Checks } from './n8n/checks';
import { onCleanup, runMain } from './n8n/cleanup';
import { SwitchableReceiver } from './n8n/durable-receiver';
import { freePort, log, N8n, REPO_ROOT, sleep, tempDir, type Profile } from './n8n/n8n';
import { buildAndPack, installIntoN8n } from './n8n/package';
import { DEMO_OWNER, N8nRest } from './n8n/rest';
import { runTier } from './n8n/tier';
import { fillTemplate } from './n8n/template';
import { sampleEvents, triggerWebhookPath } from './n8n/workflows';

const DEMO = join(REPO_ROOT, 'demo');
const WEBHOOK_ID = 'c7d1e0f2-5b3a-4c8d-9e1f-2a3b4c5d6e01';
/** Signs what the tier posts to the trigger; verified by the trigger (demo/credentials.json). */
const SENDER_SECRET = 'demo-platform-hub-secret';
/** The relay signs with this one (SHA-512); the receiver checks it. */
const RELAY_SECRET = { secret: 'demo-relay-hub-secret', algorithm: 'sha512' as const };
/** Events per phase: single-event POSTs plus batches of several events in one POST (one execution). */
const SINGLES = Number(process.env.OW_DURABLE_SINGLES ?? 6);
const BATCHES = Number(process.env.OW_DURABLE_BATCHES ?? 2);
const BATCH_SIZE = 3;
/**
 * In-run: 1 + 1 retry, 1 s apart; then the extended schedule. n8n's Wait node keeps a wait in its
 * database only when it is 65 s or more away when the Wait node runs, a moment after the attempt
 * that set nextAttemptAt: 70 s leaves room for that.
 */
const RELAY_OPTIONS = { maxRetries: 1, retryInterval: 1, timeout: 5000, extendedRetries: 'custom', extendedRetryDelays: '70s, 70s, 70s, 70s' };
const MARKER = /durable-e2e ([\w-]+)/;

async function main(): Promise<number> {
	let tarball = '';
	return runTier({
		name: 'durable',
		prepare: async () => {
			tarball = await buildAndPack();
		},
		run: (p, bin, checks) => runProfile(p, bin, tarball, checks),
	});
}

/** A signed incoming SMS with a unique text and message id, so each delivery maps to its event. */
function event(marker: string): Record<string, unknown> {
	const sms = sampleEvents()['01-incoming-sms'] as Record<string, unknown>;
	return { ...sms, text: `durable-e2e ${marker}`, messageId: `mo-${marker}` };
}

function markerOf(body: Buffer): string | undefined {
	return MARKER.exec(body.toString('utf8'))?.[1];
}

async function post(url: string, payload: unknown): Promise<number> {
	const body = JSON.stringify(payload);
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-hub-signature': createHmac('sha256', SENDER_SECRET).update(body).digest('hex') },
		body,
	});
	await response.text();
	return response.status;
}

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (await condition()) return true;
		if (Date.now() > deadline) {
			log(`gave up waiting for ${what} after ${timeoutMs / 1000} s`);
			return false;
		}
		await sleep(500);
	}
}

/** The shipped durable workflow, pointed at the receiver with the tier's short delays. */
function durableWorkflow(receiver: SwitchableReceiver) {
	const workflow = fillTemplate<{ id: string; nodes: Array<{ name: string; parameters: Record<string, unknown> }> }>(
		join(DEMO, 'workflows', 'durable-relay.json'),
		{ DURABLE_WEBHOOK_ID: WEBHOOK_ID, HTTPS_ORIGIN: receiver.origin, CA_CERTIFICATE: receiver.cert },
	);
	const relay = workflow.nodes.find((n) => n.name === 'Relay')!;
	relay.parameters.url = `${receiver.origin}/hooks/durable`;
	relay.parameters.options = { ...(relay.parameters.options as object), ...RELAY_OPTIONS };
	return workflow;
}

async function runProfile(p: Profile, bin: string, tarball: string, checks: Checks): Promise<void> {
	const userFolder = tempDir(`ow-e2e-durable-${p.name}-`);
	await installIntoN8n(tarball, userFolder);
	const n8n = new N8n(p, bin, {
		userFolder,
		port: await freePort(),
		extraEnv: { N8N_RUNNERS_BROKER_PORT: String(await freePort()), N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10' },
	});
	const receiver = await SwitchableReceiver.create(RELAY_SECRET, markerOf);
	onCleanup('close the durable receiver', () => receiver.close());

	const credsFile = join(userFolder, 'demo-credentials.json');
	writeFileSync(credsFile, readFileSync(join(DEMO, 'credentials.json'), 'utf8'));
	await n8n.cliOrThrow(['import:credentials', `--input=${credsFile}`]);
	const workflow = durableWorkflow(receiver);
	await n8n.importWorkflows([workflow]);
	await n8n.activate([workflow.id]);

	try {
		await durableChecks(n8n, workflow.id, receiver, checks, p);
	} catch (error) {
		console.log(`\n----- last lines of ${n8n.logFile} -----\n${n8n.logTail(60)}`);
		throw error;
	} finally {
		await n8n.stop();
		await receiver.close();
	}
}

async function durableChecks(n8n: N8n, workflowId: string, receiver: SwitchableReceiver, checks: Checks, p: Profile): Promise<void> {
	const workflow = { id: workflowId };
	await n8n.start();
	const rest = new N8nRest(n8n.baseUrl);
	await rest.setupOwner(DEMO_OWNER);
	const url = `${n8n.baseUrl}/webhook/${WEBHOOK_ID}/${triggerWebhookPath()}`;
	// n8n answers /healthz before it mounts its REST API and registers the active workflows' webhooks.
	const ready = async () => {
		const ok = await waitFor(
			'the trigger and the REST API after a start',
			async () => {
				try {
					const head = await fetch(url, { method: 'HEAD' });
					if (head.status !== 200) return false;
					await executions();
					return true;
				} catch {
					return false;
				}
			},
			120_000,
		);
		if (!ok) throw new Error(`n8n did not register the trigger or mount its REST API after starting\n${n8n.logTail(30)}`);
	};
	// After a restart the session may be gone: sign in again when the API says so.
	const executions = async () => {
		try {
			return await rest.executions(workflow.id);
		} catch (error) {
			if (!/answered 401/.test(String(error))) throw error;
			await rest.signIn(DEMO_OWNER);
			return rest.executions(workflow.id);
		}
	};

	// 0. The receiver is up: one event goes through at once (and the endpoint is verified once).
	await receiver.set('up');
	await ready();
	const warmup = await post(url, event('warmup'));
	const warm = await waitFor('the warm-up delivery', () => receiver.acceptedOf('warmup').length > 0, 60_000);
	checks.check('receiver up: an event is relayed at once', warmup === 200 && warm, `trigger answered ${warmup}`);

	// Posts one phase of events: single events and batches (several events in one POST, one execution).
	const posted: string[] = [];
	let executionsPosted = 1;
	const phase = async (name: string) => {
		const markers: string[] = [];
		const statuses: number[] = [];
		for (let i = 0; i < SINGLES; i++) {
			const marker = `${name}-${i + 1}`;
			markers.push(marker);
			statuses.push(await post(url, event(marker)));
		}
		for (let b = 0; b < BATCHES; b++) {
			const batch = Array.from({ length: BATCH_SIZE }, (_, i) => `${name}-batch${b + 1}-${i + 1}`);
			markers.push(...batch);
			statuses.push(await post(url, batch.map(event)));
		}
		posted.push(...markers);
		executionsPosted += SINGLES + BATCHES;
		checks.check(`${name}: ${markers.length} events in ${SINGLES + BATCHES} POSTs answered 200`, statuses.every((s) => s === 200), statuses.join(','));
		return markers;
	};
	const allWaiting = async (count: number) => {
		const list = await executions();
		return list.length >= count && list.filter((e) => e.status !== 'success').every((e) => e.status === 'waiting');
	};

	// 1. The receiver fails with 503: the in-run retries fail, every item waits durably.
	await receiver.set('failing');
	const phaseA = await phase('sigterm');
	const aFailed = await waitFor(
		'phase 1 in-run attempts',
		async () => phaseA.every((m) => (receiver.table.idsByMarker.get(m)?.size ?? 0) > 0) && (await allWaiting(executionsPosted)),
		120_000,
	);
	checks.check('503: every event failed its in-run retries and its execution is waiting (saved in the database)', aFailed, JSON.stringify(await executions()));

	// 2. Connection refused from now on; n8n stopped with SIGTERM while the items wait, and started again.
	await receiver.set('down');
	await n8n.stop();
	log('n8n stopped with SIGTERM while deliveries wait; starting it again');
	await n8n.start();
	await ready();

	// 3. New events while the receiver refuses connections, then SIGKILL while they wait.
	const phaseB = await phase('sigkill');
	const bWaiting = await waitFor('phase 2 executions waiting', () => allWaiting(executionsPosted), 120_000);
	checks.check('connection refused: the new events wait too (after a SIGTERM restart)', bWaiting, JSON.stringify(await executions()));
	await n8n.kill();
	log('n8n killed with SIGKILL while deliveries wait; starting it again');
	await n8n.start();
	await ready();

	// 4. The receiver comes back: every event is delivered by the extended schedule.
	await receiver.set('up');
	const backAt = Date.now();
	const everything = [...phaseA, ...phaseB];
	const delivered = await waitFor('every event accepted', () => everything.every((m) => receiver.acceptedOf(m).length > 0), 6 * 60_000);
	log(`receiver back: all events accepted ${((Date.now() - backAt) / 1000).toFixed(0)} s later`);
	const finished = await waitFor(
		'every execution finished',
		async () => {
			const list = await executions();
			return list.length >= executionsPosted && list.every((e) => e.status === 'success');
		},
		120_000,
	);
	await sleep(1000); // a late duplicate would still show up here; the checks below do not depend on it

	// The receiver's table, by delivery id.
	const lost = everything.filter((m) => receiver.acceptedOf(m).length === 0);
	const idsPerEvent = [...everything, 'warmup'].map((m) => receiver.table.idsByMarker.get(m)?.size ?? 0);
	const accepted = [...receiver.table.acceptedById.values()];
	const duplicates = accepted.reduce((n, list) => n + list.length - 1, 0);
	const attemptsAccepted = everything.map((m) => receiver.acceptedOf(m)[0]?.attempt ?? 0);
	const badSignatures = accepted.flat().filter((a) => !a.signatureOk).length;
	console.log(`\n  receiver table (${p.name}): ${everything.length + 1} events, ${receiver.table.acceptedById.size} delivery ids accepted, ` +
		`${duplicates} duplicates (same id again), ${lost.length} lost, ${receiver.table.refused503} POSTs answered 503, ` +
		`accepted at attempt ${Math.min(...attemptsAccepted)}–${Math.max(...attemptsAccepted)}\n`);
	checks.check(`every event delivered after SIGTERM and SIGKILL restarts (${everything.length} events), nothing lost`, delivered && lost.length === 0, `lost: ${lost.join(', ')}`);
	checks.check('every request of one event carried one delivery id (one id per event, distinct events distinct ids)',
		idsPerEvent.every((n) => n === 1) && receiver.table.acceptedById.size === everything.length + 1,
		`ids per event: ${idsPerEvent.join(',')}; ${receiver.table.acceptedById.size} ids accepted`);
	checks.check(`duplicates only with the same id: ${duplicates} repeated deliveries`, accepted.every((list) => new Set(list.map((a) => a.marker)).size === 1), '');
	// Phase 1's items used their in-run attempts on 503s, so the attempt that got through continues
	// after them. Phase 2's items made in-run attempts only if the endpoint's earlier test-call pass
	// was still remembered after the restart; if not, the test call was refused and they left
	// without an attempt. Either way they got through only after the receiver came back.
	const inRunAttempts = RELAY_OPTIONS.maxRetries + 1;
	const attemptOf = (m: string) => receiver.acceptedOf(m)[0]?.attempt ?? 0;
	checks.check(
		`the extended schedule delivered them: the 503 phase at an attempt above its ${inRunAttempts} in-run attempts, the refused phase after the receiver came back`,
		phaseA.every((m) => attemptOf(m) > inRunAttempts) && phaseB.every((m) => (receiver.acceptedOf(m)[0]?.at ?? 0) >= backAt),
		`attempts: ${phaseA.map(attemptOf).join(',')} | ${phaseB.map(attemptOf).join(',')}`,
	);
	checks.check('every delivery carries the relay’s SHA-512 signature of its exact body', badSignatures === 0, `${badSignatures} bad`);
	checks.check(`every execution finished with status success (${executionsPosted}: one per accepted POST)`, finished, JSON.stringify((await executions()).map((e) => e.status)));
	if (checks.failed > 0) console.log(`\n----- last lines of ${n8n.logFile} -----\n${n8n.logTail(60)}`);
}


runMain(main);
