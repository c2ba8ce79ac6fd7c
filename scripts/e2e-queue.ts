/**
 * End-to-end tier in n8n's queue mode, the way users scale out: PostgreSQL + Redis, one main process
 * (`n8n start`), one worker (`n8n worker`) and one webhook processor (`n8n webhook`, which takes the
 * production webhooks; main is told not to), all on 127.0.0.1, all loading this package from the
 * shared user folder where the Community Nodes installer puts it.
 *
 *   npm run test:e2e:queue                                   n8n 1.123.x on Node 20
 *   OW_QUEUE_WEBHOOK_PROCESSOR=0 npm run test:e2e:queue      production webhooks on main instead
 *   npm run test:e2e:queue -- n8n2                           n8n 2.41.0 on Node 24 (n8n 2.41 hands
 *       new executions no static data in queue mode; the node's per-process memory of passed
 *       verifications keeps the test call to one per worker)
 *
 * Checks the relay workflow (Channel Event Trigger → Outbound Webhook): every accepted event starts
 * exactly one execution, run by the worker, which delivers it exactly once (signed, one delivery id
 * per event) to a loopback HTTPS receiver, also for a burst of concurrent events; a bad signature
 * starts nothing; and the endpoint's verification (HEAD) happens once over all those executions,
 * because the worker saves the workflow's static data.
 *
 * Then the worker-kill check (scripts/n8n/worker-kill.ts; OW_QUEUE_WORKER_KILL=0 skips it): 1,000
 * events (OW_QUEUE_KILL_EVENTS) relayed by a workflow whose trigger responds when the workflow has
 * run, posted by a sender that re-sends like the platform, SIGKILL to the worker mid-batch, a
 * replacement worker, n8n's Retry of what n8n marked crashed or error; nothing may be lost and every
 * repeat must carry the event's one delivery id.
 *
 * PASS / FAIL per check, "N passed, M failed", the total time, n8n log tails on failure; exits 1 on
 * any failure. Every process and folder it starts goes at exit, also on failure and Ctrl-C.
 */
import { createHmac } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { startHttpsServer, type RecordedRequest } from '../test/support/https-server';
import { Checks } from './n8n/checks';
import { onCleanup, runMain } from './n8n/cleanup';
import { ensureN8n, freePort, N8n, profile, sleep, tempDir } from './n8n/n8n';
import { buildAndPack, installIntoN8n } from './n8n/package';
import { ensureQueueBinaries, startPostgres, startRedis, type Postgres } from './n8n/queue-services';
import { DEMO_OWNER, N8nRest } from './n8n/rest';
import { seconds } from './n8n/tier';
import { waitForWebhooks } from './n8n/wait-for-webhooks';
import { checkWorkerKill, prepareWorkerKill, WORKER_KILL } from './n8n/worker-kill';
import { credentials, E2E, relayWorkflow, sampleEvents, triggerWebhookPath } from './n8n/workflows';

/** Events posted at once after the sequential ones. */
const BURST = Number(process.env.OW_QUEUE_BURST ?? 50);
const USE_WEBHOOK_PROCESSOR = process.env.OW_QUEUE_WEBHOOK_PROCESSOR !== '0';
const WORKER_CONCURRENCY = 10;

interface Timings {
	[phase: string]: number;
}

async function main(): Promise<number> {
	const started = Date.now();
	const p = profile(process.argv[2] ?? 'n8n1');
	const checks = new Checks(`[queue ${p.name} ${p.n8nVersion}]`);
	const timings: Timings = {};
	const servers: N8n[] = [];
	let db: Postgres | undefined;
	try {
		await runTier(p, checks, timings, servers, (pg) => (db = pg));
	} catch (error) {
		checks.check('queue tier ran to the end', false, error instanceof Error ? error.message : String(error));
	}
	if (checks.failed > 0) {
		for (const server of servers) {
			console.log(`\n----- last lines of ${server.logFile} -----\n${server.logTail(40)}`);
		}
		if (db) console.log(`\n----- last lines of the PostgreSQL log -----\n${db.logTail(20)}`);
	}
	console.log('');
	for (const [phase, ms] of Object.entries(timings)) console.log(`  ${phase}: ${(ms / 1000).toFixed(1)} s`);
	for (const f of checks.failures) console.log(`  failed: ${f}`);
	console.log(`${checks.passed} passed, ${checks.failed} failed`);
	console.log(`e2e queue total time: ${seconds(started)}`);
	return checks.failed === 0 && checks.passed > 0 ? 0 : 1;
}

async function runTier(p: ReturnType<typeof profile>, checks: Checks, timings: Timings, servers: N8n[], onDb: (db: Postgres) => void) {
	const t0 = Date.now();
	const lap = (phase: string, since: number) => (timings[phase] = Date.now() - since);
	const install = ensureN8n(p);
	install.catch(() => undefined);
	const folder = tempDir(`ow-e2e-queue-`);
	const binaries = ensureQueueBinaries();
	const [bin, tarball, db, redis] = await Promise.all([
		install,
		buildAndPack(),
		binaries.then(({ pgBin }) => startPostgres(pgBin, folder)),
		binaries.then(({ redisServer }) => startRedis(redisServer, folder)),
	]);
	onDb(db);
	lap('n8n cache, build + pack, PostgreSQL + Redis up', t0);

	// One user folder for all processes: the package is installed once, where they all load it from.
	const userFolder = join(folder, 'n8n');
	const t1 = Date.now();
	await installIntoN8n(tarball, userFolder);
	lap('package installed the Community Nodes way', t1);

	const receiver = await startHttpsServer((req, res) => {
		res.statusCode = 200;
		res.setHeader('content-type', 'application/json');
		res.end(req.method === 'HEAD' ? undefined : JSON.stringify({ received: true }));
	});
	onCleanup('close the HTTPS receiver', () => receiver.close());

	const [mainPort, webhookPort, workerHealthPort, ...brokerPorts] = await Promise.all([1, 2, 3, 4, 5, 6].map(() => freePort()));
	const n8nTmp = join(folder, 'tmp');
	mkdirSync(n8nTmp);
	const webhookBase = `http://127.0.0.1:${USE_WEBHOOK_PROCESSOR ? webhookPort : mainPort}`;
	const shared: Record<string, string> = {
		...db.n8nEnv,
		...redis.n8nEnv,
		EXECUTIONS_MODE: 'queue',
		// Production webhook URLs point at the webhook processor (or main without one).
		WEBHOOK_URL: `${webhookBase}/`,
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
		// n8n's own temp files (data table uploads) go with the folder.
		TMPDIR: n8nTmp,
		QUEUE_HEALTH_CHECK_ACTIVE: 'false',
		// n8n 2.x: main looks for executions whose worker died every minute (default 180), so the
		// worker-kill check sees them marked crashed within the tier's time. Not on 1.x, where the
		// check could mark a stalled job's execution crashed before Bull runs it again.
		...(p.major >= 2 ? { N8N_EXECUTIONS_QUEUE_RECOVERY_INTERVAL: '1' } : {}),
	};
	const server = (command: 'start' | 'worker' | 'webhook', port: number, brokerPort: number, env: Record<string, string> = {}) =>
		new N8n(p, bin, {
			userFolder,
			port,
			command,
			logName: `n8n-${command}.log`,
			healthPort: command === 'worker' ? workerHealthPort : undefined,
			// n8n 2.x starts a task runner broker in every process; each needs its own port.
			extraEnv: { ...shared, N8N_RUNNERS_BROKER_PORT: String(brokerPort), ...env },
		});
	const mainN8n = server('start', mainPort, brokerPorts[0], USE_WEBHOOK_PROCESSOR ? { N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true' } : {});
	const worker = server('worker', mainPort, brokerPorts[1], {
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
		QUEUE_HEALTH_CHECK_PORT: String(workerHealthPort),
		N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
		N8N_CONCURRENCY_PRODUCTION_LIMIT: String(WORKER_CONCURRENCY),
	});
	const webhook = USE_WEBHOOK_PROCESSOR ? server('webhook', webhookPort, brokerPorts[2]) : undefined;

	// Credentials and the relay workflow into PostgreSQL (the first CLI call runs the migrations).
	const t2 = Date.now();
	const credsFile = join(userFolder, 'e2e-credentials.json');
	writeFileSync(credsFile, JSON.stringify(credentials(), null, 2));
	await mainN8n.cliOrThrow(['import:credentials', `--input=${credsFile}`]);
	await mainN8n.importWorkflows([relayWorkflow(receiver.origin, receiver.cert)]);
	await mainN8n.activate([E2E.ids.relayWorkflow]);
	const workerKill = WORKER_KILL ? await prepareWorkerKill(mainN8n) : undefined;
	lap('migrations + import + activate (n8n CLI on PostgreSQL)', t2);

	const t3 = Date.now();
	servers.push(mainN8n);
	await mainN8n.start();
	lap('main up', t3);
	const t4 = Date.now();
	servers.push(worker, ...(webhook ? [webhook] : []));
	await Promise.all([worker.start(), webhook?.start()]);
	lap(`worker${webhook ? ' and webhook processor' : ''} up (after main)`, t4);
	checks.check(
		`queue mode up: PostgreSQL, Redis, main${webhook ? ', webhook processor' : ''} and worker on 127.0.0.1`,
		true,
		`main :${mainPort}, ${webhook ? `webhook :${webhookPort}, ` : ''}worker health :${workerHealthPort}, pg :${db.port}, redis :${redis.port}`,
	);

	const rest = new N8nRest(mainN8n.baseUrl);
	await rest.setupOwner(DEMO_OWNER);
	const url = `${webhookBase}/webhook/${E2E.relayWebhookId}/${triggerWebhookPath()}`;
	const t5 = Date.now();
	await waitForWebhooks([url], { servers });
	lap('relay webhook registered (after the owner is set up)', t5);
	if (webhook) {
		const onMain = await post(`${mainN8n.baseUrl}/webhook/${E2E.relayWebhookId}/${triggerWebhookPath()}`, event('probe-main'), E2E.inboundSecret);
		checks.check(
			'main does not take production webhooks (N8N_DISABLE_PRODUCTION_MAIN_PROCESS): the webhook processor does',
			onMain.status === 404,
			`POST to main's production URL answered ${onMain.status} ${onMain.text.slice(0, 200)}`,
		);
	}
	await checkRelay(url, rest, db, receiver.requests, [mainN8n, worker, webhook], checks, timings);
	if (workerKill) await checkWorkerKill({ p, prepared: workerKill, webhookBase, rest, db, worker, checks, timings });
}

/** A signed incoming SMS with a unique text and message id, so each delivery maps to its event. */
function event(marker: string): Record<string, unknown> {
	const sms = sampleEvents()['01-incoming-sms'] as Record<string, unknown>;
	return { ...sms, text: `queue-e2e ${marker}`, messageId: `mo-${marker}` };
}

async function post(url: string, payload: unknown, secret: string): Promise<{ status: number; text: string }> {
	const body = JSON.stringify(payload);
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-hub-signature': hmac(secret, Buffer.from(body)) },
		body,
	});
	return { status: response.status, text: await response.text() };
}

async function checkRelay(
	url: string,
	rest: N8nRest,
	db: Postgres,
	requests: RecordedRequest[],
	[mainN8n, worker, webhook]: [N8n, N8n, N8n | undefined],
	checks: Checks,
	timings: Timings,
): Promise<void> {
	const relayed = () => requests.filter((r) => r.method === 'POST' && r.url.startsWith('/hooks/relay'));
	const heads = () => requests.filter((r) => r.method === 'HEAD' && r.url.startsWith('/hooks/relay'));
	const markerOf = (r: RecordedRequest) => {
		const text = (safeJson(r.body) as { text?: string; original?: { text?: string } } | undefined) ?? {};
		const found = JSON.stringify(text).match(/queue-e2e ([\w-]+)/);
		return found?.[1];
	};
	const waitFor = async (what: () => boolean, ms: number) => {
		const deadline = Date.now() + ms;
		while (!what() && Date.now() < deadline) await sleep(100);
		return what();
	};
	const runs = () => rest.executions(E2E.ids.relayWorkflow);
	const settled = async (count: number, ms: number) => {
		const deadline = Date.now() + ms;
		let list = await runs();
		while ((list.length < count || list.some((r) => !['success', 'error', 'crashed', 'canceled'].includes(r.status))) && Date.now() < deadline) {
			await sleep(250);
			list = await runs();
		}
		return list;
	};

	// A wrong signature: 401, and nothing runs.
	const bad = await post(url, event('bad-signature'), 'not-the-secret');
	checks.check(`bad x-hub-signature answers 401 on ${webhook ? 'the webhook processor' : 'main'}`, bad.status === 401, `got ${bad.status} ${bad.text.slice(0, 200)}`);

	// Two events one after the other: the first verifies the endpoint, the second must not.
	const sequential = ['seq-1', 'seq-2'];
	const latencies: number[] = [];
	for (const marker of sequential) {
		const sent = Date.now();
		const answer = await post(url, event(marker), E2E.inboundSecret);
		const delivered = await waitFor(() => relayed().some((r) => markerOf(r) === marker), 30_000);
		latencies.push(Date.now() - sent);
		checks.check(`event ${marker} answers 200 and is delivered`, answer.status === 200 && delivered, `answer ${answer.status} ${answer.text.slice(0, 200)}; delivered ${delivered}`);
		// The next event only after this execution has finished, so its static data is saved.
		await settled(sequential.indexOf(marker) + 1, 30_000);
	}
	timings['first event: POST → delivery (includes the HEAD test call)'] = latencies[0];
	timings['second event: POST → delivery'] = latencies[1];

	// A burst of concurrent events.
	const burst = Array.from({ length: BURST }, (_, i) => `burst-${String(i + 1).padStart(3, '0')}`);
	const burstStart = Date.now();
	const answers = await Promise.all(burst.map((marker) => post(url, event(marker), E2E.inboundSecret)));
	timings[`${BURST} concurrent POSTs all answered`] = Date.now() - burstStart;
	checks.check(
		`${BURST} events posted concurrently all answer 200`,
		answers.every((a) => a.status === 200),
		answers.filter((a) => a.status !== 200).map((a) => `${a.status} ${a.text.slice(0, 100)}`).join('; '),
	);
	const burstDelivered = await waitFor(() => burst.every((m) => relayed().some((r) => markerOf(r) === m)), 120_000);
	timings[`${BURST} concurrent events: first POST → last delivery`] = Date.now() - burstStart;
	const accepted = [...sequential, ...burst];
	await settled(accepted.length, 60_000);
	timings[`${BURST} concurrent events: first POST → all executions finished`] = Date.now() - burstStart;
	await sleep(1500); // anything extra (a duplicate run or delivery) would show up here

	// Executions: exactly one per accepted event, all successful, webhook mode, none for the bad one.
	const finalRuns = await runs();
	const dbCount = Number(await db.query(`SELECT count(*) FROM execution_entity WHERE "workflowId" = '${E2E.ids.relayWorkflow}'`));
	checks.check(
		`exactly one execution per accepted event (${accepted.length}), none for the bad signature (REST API and PostgreSQL agree)`,
		finalRuns.length === accepted.length && dbCount === accepted.length,
		`REST: ${finalRuns.length}, execution_entity: ${dbCount}, expected ${accepted.length}`,
	);
	const notOk = finalRuns.filter((r) => r.status !== 'success' || r.mode !== 'webhook');
	const errors = await Promise.all(notOk.slice(0, 3).map((r) => rest.executionErrors(r.id).catch((e: unknown) => [String(e)])));
	checks.check(
		'every execution finished with status success, mode webhook',
		finalRuns.length > 0 && notOk.length === 0,
		`${notOk.length} not ok: ${JSON.stringify(notOk.slice(0, 5).map((r) => ({ id: r.id, status: r.status, mode: r.mode })))} ${[...new Set(errors.flat())].join('; ')}`,
	);

	// Which process took them: the one that received the webhook logs "Enqueued execution <id>".
	const logged = (server: N8n | undefined, pattern: RegExp) =>
		new Set(server ? [...server.logTail(1_000_000).matchAll(pattern)].map((m) => m[1]) : []);
	const receivedBy = webhook ?? mainN8n;
	const enqueued = logged(receivedBy, /Enqueued execution (\d+)/g);
	const notEnqueued = finalRuns.filter((r) => !enqueued.has(String(r.id)));
	const enqueuedByMain = webhook ? logged(mainN8n, /Enqueued execution (\d+)/g) : new Set<string>();
	checks.check(
		`every execution was enqueued by the ${webhook ? 'webhook processor (main enqueued none)' : 'main process'}`,
		finalRuns.length > 0 && notEnqueued.length === 0 && enqueuedByMain.size === 0,
		`${enqueued.size} enqueued; not by it: ${notEnqueued.map((r) => r.id).join(', ')}; by main: ${[...enqueuedByMain].join(', ')}`,
	);

	// Which process ran them: the worker logs "Worker started execution <id>", main and webhook never.
	const startedIn = (server: N8n | undefined) => logged(server, /Worker started execution (\d+)/g);
	const onWorker = startedIn(worker);
	const elsewhere = [...startedIn(mainN8n), ...startedIn(webhook)];
	const notOnWorker = finalRuns.filter((r) => !onWorker.has(String(r.id)));
	checks.check(
		'every execution ran on the worker (its log names each execution id; main and webhook processor ran none)',
		finalRuns.length > 0 && notOnWorker.length === 0 && elsewhere.length === 0,
		`worker started ${onWorker.size} executions; not on worker: ${notOnWorker.map((r) => r.id).join(', ')}; elsewhere: ${elsewhere.join(', ')}`,
	);

	// Deliveries: each accepted event exactly once, signed, authorized, one delivery id per event.
	const posts = relayed();
	const perMarker = new Map<string, RecordedRequest[]>();
	for (const r of posts) perMarker.set(markerOf(r) ?? '?', [...(perMarker.get(markerOf(r) ?? '?') ?? []), r]);
	const wrongCount = accepted.filter((m) => perMarker.get(m)?.length !== 1);
	const unexpected = [...perMarker.keys()].filter((m) => !accepted.includes(m));
	checks.check(
		`each accepted event delivered exactly once (${accepted.length} POSTs), the bad-signature event never`,
		burstDelivered && posts.length === accepted.length && wrongCount.length === 0 && unexpected.length === 0,
		`${posts.length} POSTs; not exactly once: ${wrongCount.map((m) => `${m}×${perMarker.get(m)?.length ?? 0}`).join(', ')}; unexpected: ${unexpected.join(', ')}`,
	);
	const ids = posts.map((r) => String(r.headers['x-delivery-id'] ?? ''));
	const distinct = new Set(ids.filter((id) => id !== ''));
	checks.check(
		'one x-delivery-id per event, no duplicate delivery id',
		distinct.size === posts.length && posts.length === accepted.length,
		`${distinct.size} distinct ids over ${posts.length} POSTs`,
	);
	const expectedAuth = `Basic ${Buffer.from(`${E2E.basic.user}:${E2E.basic.password}`).toString('base64')}`;
	const badSig = posts.filter((r) => !signatureMatches(r, E2E.outboundSecret) || r.headers.authorization !== expectedAuth);
	checks.check(
		'every delivery carries the HMAC-SHA256 of its exact body and the Basic credential',
		posts.length > 0 && badSig.length === 0,
		`${badSig.length} wrong: ${badSig.slice(0, 3).map((r) => `${String(r.headers['x-hub-signature'])} vs ${hmac(E2E.outboundSecret, r.body)}`).join('; ')}`,
	);

	// Check 2: verification remembered across executions (static data saved by the worker).
	const staticData = await db.query(`SELECT "staticData" FROM workflow_entity WHERE id = '${E2E.ids.relayWorkflow}'`);
	const verified = Object.keys((safeJson(Buffer.from(staticData)) as { 'node:Relay'?: { verifiedEndpoints?: object } } | undefined)?.['node:Relay']?.verifiedEndpoints ?? {});
	checks.check(
		'the worker saved the verification in the workflow static data (workflow_entity."staticData")',
		verified.length === 1,
		`node:Relay.verifiedEndpoints has ${verified.length} entr${verified.length === 1 ? 'y' : 'ies'}; staticData ${staticData.slice(0, 300)}`,
	);
	const headList = heads();
	const firstPost = posts.reduce((min, r) => Math.min(min, r.seq), Infinity);
	checks.check(
		`exactly one HEAD test call over all ${accepted.length} executions, before the first delivery`,
		headList.length === 1 && headList[0].seq < firstPost,
		`${headList.length} HEAD calls at request #${headList.map((r) => r.seq).join(', #')}; first POST #${firstPost}`,
	);
}

function hmac(secret: string, body: Buffer): string {
	return createHmac('sha256', secret).update(body).digest('hex');
}

function signatureMatches(r: RecordedRequest, secret: string): boolean {
	return String(r.headers['x-hub-signature'] ?? '').replace(/^sha256=/, '') === hmac(secret, r.body);
}

function safeJson(body: Buffer): unknown {
	try {
		return JSON.parse(body.toString('utf8'));
	} catch {
		return undefined;
	}
}


runMain(main);
