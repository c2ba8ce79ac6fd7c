/**
 * End-to-end tier: this package, packed with `npm pack` and installed the Community Nodes way, in a
 * real n8n server (n8n 1.123.x on Node 20, n8n 2.41.0 on Node 24).
 *
 *   npm run test:e2e                 both n8n versions
 *   npm run test:e2e:n8n1 | :n8n2    one of them
 *
 * Prints PASS / FAIL per assertion, then "N passed, M failed" and the total time; exits 1 on any
 * failure. Every process and temp folder it starts is removed at exit (also on Ctrl-C).
 */
import { createHmac } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { startHttpsServer, type RecordedRequest, type TestHttpsServer } from '../test/support/https-server';
import { Checks } from './n8n/checks';
import { checkCredentialTests } from './n8n/credential-tests';
import { onCleanup, runMain } from './n8n/cleanup';
import { freePort, N8n, sleep, tail, tempDir, type Profile } from './n8n/n8n';
import { buildAndPack, installIntoN8n } from './n8n/package';
import { DEMO_OWNER, N8nRest } from './n8n/rest';
import { checkPlatformCorpus } from './n8n/platform-corpus-check';
import { runTier } from './n8n/tier';
import { prepareTriggerAuthCheck } from './n8n/trigger-auth-check';
import { waitForWebhooks } from './n8n/wait-for-webhooks';
import {
	credentials,
	DELIVERY_ITEMS,
	deliverWorkflow,
	E2E,
	OUTBOUND,
	relayWorkflow,
	respondAfterRunWaitWorkflow,
	respondAfterRunWorkflow,
	sampleEvents,
	TRIGGER,
	triggerWebhookPath,
} from './n8n/workflows';

const PACKAGE_JSON = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
	n8n: { credentials: string[] };
};

async function main(): Promise<number> {
	let tarball = '';
	return runTier({
		name: 'e2e',
		prepare: async () => {
			tarball = await buildAndPack();
		},
		run: (p, bin, checks) => runProfile(p, bin, tarball, checks),
	});
}

async function runProfile(p: Profile, bin: string, tarball: string, checks: Checks): Promise<void> {
	const userFolder = tempDir(`ow-e2e-${p.name}-`);
	await installIntoN8n(tarball, userFolder);
	const n8n = new N8n(p, bin, {
		userFolder,
		port: await freePort(),
		// n8n 2.x always starts a task runner broker; keep it off the default port other n8n may hold.
		extraEnv: { N8N_RUNNERS_BROKER_PORT: String(await freePort()) },
	});

	// 1. The package loads: both node types.
	const nodesFile = join(userFolder, 'nodes.json');
	await n8n.cliOrThrow(['export:nodes', `--output=${nodesFile}`]);
	const exported = JSON.parse(readFileSync(nodesFile, 'utf8')) as Array<{ name: string; credentials?: Array<{ name: string }> }>;
	const exportedNames = new Set(exported.map((n) => n.name));
	for (const type of [OUTBOUND, TRIGGER]) {
		checks.check(`export:nodes lists ${type}`, exportedNames.has(type), `${exported.length} node types exported`);
	}
	checks.check(`export:nodes lists ${OUTBOUND}Tool, the AI agent tool (usableAsTool)`, exportedNames.has(`${OUTBOUND}Tool`), `${exported.length} node types exported`);
	const expectedCredentials = PACKAGE_JSON.n8n.credentials.map((path) => credentialName(path));
	const referenced = new Set(
		exported.filter((n) => n.name === OUTBOUND || n.name === TRIGGER).flatMap((n) => (n.credentials ?? []).map((c) => c.name)),
	);
	const unreferenced = expectedCredentials.filter((name) => !referenced.has(name));
	checks.check(
		`export:nodes: the package's nodes use all ${expectedCredentials.length} of its credential types`,
		unreferenced.length === 0,
		unreferenced.length === 0 ? [...referenced].join(', ') : `not used by any node: ${unreferenced.join(', ')}`,
	);

	// A loopback HTTPS receiver with a self-signed certificate. /hooks/fail answers 503, /hooks/notfound
	// 404; /hooks/after-run answers after AFTER_RUN_LATENCY_MS, so an answer to the sender that did not
	// wait for the delivery would come before the receiver's.
	const answeredAt = new Map<number, number>();
	const receiver = await startHttpsServer((req, res) => {
		const post = req.method === 'POST';
		res.statusCode = post && req.url.startsWith('/hooks/fail') ? 503 : post && req.url.startsWith('/hooks/notfound') ? 404 : 200;
		res.setHeader('content-type', 'application/json');
		const answer = () => {
			answeredAt.set(req.seq, Date.now());
			res.end(req.method === 'HEAD' ? undefined : JSON.stringify({ received: true }));
		};
		if (post && req.url.startsWith('/hooks/after-run')) setTimeout(answer, AFTER_RUN_LATENCY_MS);
		else answer();
	});
	onCleanup('close the HTTPS receiver', () => receiver.close());

	// 2. Import credentials and workflows.
	const credsFile = join(userFolder, 'e2e-credentials.json');
	writeFileSync(credsFile, JSON.stringify(credentials(), null, 2));
	await n8n.cliOrThrow(['import:credentials', `--input=${credsFile}`]);
	await n8n.importWorkflows([
		deliverWorkflow(receiver.origin, receiver.cert),
		relayWorkflow(receiver.origin, receiver.cert),
		respondAfterRunWorkflow(AFTER_RUN, `${receiver.origin}/hooks/after-run`, receiver.cert),
		respondAfterRunWorkflow(AFTER_RUN_FAIL, `${receiver.origin}/hooks/notfound`, receiver.cert, { failOnFailedDeliveries: true }),
		respondAfterRunWaitWorkflow(AFTER_RUN_WAIT, `${receiver.origin}/hooks/fail`, receiver.cert),
	]);
	checks.check('import:credentials and import:workflow accept the demo data', true);
	const checkTriggerAuth = await prepareTriggerAuthCheck(n8n, userFolder);

	// 3. A manual workflow run with `n8n execute`.
	await checkManualDelivery(n8n, receiver, checks);

	// 4. An active workflow's Channel Event Trigger on its production URL.
	await n8n.activate([E2E.ids.relayWorkflow, AFTER_RUN.id, AFTER_RUN_FAIL.id, AFTER_RUN_WAIT.id]);
	try {
		await n8n.start();
		await checkServer(n8n, receiver, expectedCredentials, checks);
		await checkRespondAfterRun(n8n, receiver, answeredAt, checks);
		await checkTriggerAuth(checks);
		await checkPlatformCorpus(n8n, receiver, checks);
	} catch (error) {
		throw new Error(`${describe(error)}\n----- last lines of ${n8n.logFile} -----\n${n8n.logTail(40)}`);
	} finally {
		// Stop this n8n before the next version's tier starts (cleanup at exit covers a crash).
		await n8n.stop();
		await receiver.close();
	}
}

async function checkServer(n8n: N8n, receiver: TestHttpsServer, expectedCredentials: string[], checks: Checks): Promise<void> {
	const rest = new N8nRest(n8n.baseUrl);
	await rest.setupOwner(DEMO_OWNER);
	await checkCredentialTests(rest, checks);

	const credentialTypes = await rest.get<Array<{ name: string }>>('/types/credentials.json');
	const loaded = new Set(credentialTypes.map((c) => c.name));
	const missing = expectedCredentials.filter((name) => !loaded.has(name));
	checks.check(
		`n8n loaded all ${expectedCredentials.length} credential types of the package (GET /types/credentials.json)`,
		missing.length === 0,
		missing.length === 0 ? expectedCredentials.join(', ') : `missing: ${missing.join(', ')}`,
	);

	await checkTrigger(n8n, rest, receiver, checks);
}

/** An error's message with its cause (fetch says only "fetch failed"; the cause names the socket error). */
function describe(error: unknown): string {
	if (!(error instanceof Error)) return String(error);
	const cause = error.cause instanceof Error ? error.cause.message : error.cause === undefined ? '' : String(error.cause);
	return cause ? `${error.message} (${cause})` : error.message;
}

/** `dist/credentials/WebhookBasicAuthApi.credentials.js` → `webhookBasicAuthApi`. */
function credentialName(path: string): string {
	const base = path.split('/').pop()!.replace('.credentials.js', '');
	return base[0].toLowerCase() + base.slice(1);
}

interface OutputItem {
	deliveryId?: string;
	status?: string;
	statusCode?: number;
	attempts?: unknown[];
	error?: { code?: string; message?: string };
	[key: string]: unknown;
}

async function checkManualDelivery(n8n: N8n, receiver: TestHttpsServer, checks: Checks): Promise<void> {
	const result = await n8n.cli(['execute', `--id=${E2E.ids.deliverWorkflow}`, '--rawOutput']);
	const run = parseRunOutput(result.stdout);
	if (!checks.check('n8n execute runs the manual workflow', result.code === 0 && run !== undefined, result.code === 0 && run ? '' : `exit ${result.code}\n${tail(result.stdout + result.stderr, 30)}`)) {
		return;
	}
	const outputs = (node: string): OutputItem[][] =>
		(run.data.resultData.runData[node]?.[0]?.data?.main ?? []).map((items: Array<{ json: OutputItem }> | null) =>
			(items ?? []).map((i) => i.json),
		);

	const [delivered = [], failed = []] = outputs('Deliver');
	checks.check(
		'Deliver: every item on the Delivered output, none Failed',
		delivered.length === DELIVERY_ITEMS.length && failed.length === 0,
		`delivered ${delivered.length}, failed ${failed.length}: ${JSON.stringify(failed[0] ?? {}).slice(0, 400)}`,
	);
	checks.check(
		'Deliver: items carry deliveryId, status and statusCode 200',
		delivered.every((i) => typeof i.deliveryId === 'string' && i.deliveryId !== '' && i.statusCode === 200 && i.status !== undefined),
		JSON.stringify(delivered[0] ?? {}).slice(0, 400),
	);

	const okRequests = receiver.requests.filter((r) => r.url.startsWith('/hooks/ok'));
	checks.check(
		'the endpoint is verified with a test call (HEAD) before the first delivery',
		okRequests[0]?.method === 'HEAD',
		okRequests.map((r) => r.method).join(', '),
	);
	const posts = okRequests.filter((r) => r.method === 'POST');
	const bodies = posts.map((r) => safeJson(r.body));
	checks.check(
		'receiver got each item once as the JSON body',
		posts.length === DELIVERY_ITEMS.length && DELIVERY_ITEMS.every((item) => bodies.some((b) => sameJson(b, item))),
		`got ${posts.length} POSTs: ${posts.map((r) => r.body.toString()).join(' | ').slice(0, 400)}`,
	);
	checks.check(
		'x-hub-signature is the HMAC-SHA256 of the exact body with the hub secret',
		posts.length > 0 && posts.every((r) => signatureMatches(r, E2E.outboundSecret)),
		posts.map((r) => `${String(r.headers['x-hub-signature'])} vs ${hmac(E2E.outboundSecret, r.body)}`).join('; '),
	);
	const expectedAuth = `Basic ${Buffer.from(`${E2E.basic.user}:${E2E.basic.password}`).toString('base64')}`;
	checks.check(
		'authorization header carries the Basic credential',
		posts.length > 0 && posts.every((r) => r.headers.authorization === expectedAuth),
		posts.map((r) => String(r.headers.authorization)).join('; '),
	);
	const deliveryIds = new Set(delivered.map((i) => i.deliveryId));
	checks.check(
		'x-delivery-id header equals the output item deliveryId',
		posts.length > 0 && posts.every((r) => deliveryIds.has(String(r.headers['x-delivery-id']))),
		`headers ${posts.map((r) => String(r.headers['x-delivery-id'])).join(', ')}; items ${[...deliveryIds].join(', ')}`,
	);

	const [okFromFailing = [], failedItems = []] = outputs('Deliver to failing endpoint');
	checks.check(
		'failing endpoint (503): every item on the Failed output after 1 + 2 retries',
		okFromFailing.length === 0 &&
			failedItems.length === DELIVERY_ITEMS.length &&
			failedItems.every((i) => Array.isArray(i.attempts) && i.attempts.length === 3 && i.error !== undefined),
		`delivered ${okFromFailing.length}, failed ${failedItems.length}: ${JSON.stringify(failedItems[0] ?? {}).slice(0, 400)}`,
	);
	const failPosts = receiver.requests.filter((r) => r.method === 'POST' && r.url.startsWith('/hooks/fail'));
	const idsPerItem = new Map<string, number>();
	for (const r of failPosts) idsPerItem.set(String(r.headers['x-delivery-id']), (idsPerItem.get(String(r.headers['x-delivery-id'])) ?? 0) + 1);
	checks.check(
		'retries of one item keep its x-delivery-id',
		failPosts.length === 3 * DELIVERY_ITEMS.length && idsPerItem.size === DELIVERY_ITEMS.length && [...idsPerItem.values()].every((n) => n === 3),
		`${failPosts.length} POSTs, ids ${JSON.stringify(Object.fromEntries(idsPerItem))}`,
	);
}

async function checkTrigger(n8n: N8n, rest: N8nRest, receiver: TestHttpsServer, checks: Checks): Promise<void> {
	const url = `${n8n.baseUrl}/webhook/${E2E.relayWebhookId}/${triggerWebhookPath()}`;
	await waitForWebhooks([url], { servers: [n8n] });
	const events = sampleEvents();
	const post = async (payload: unknown, secret: string) => {
		const body = JSON.stringify(payload);
		const response = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-hub-signature': hmac(secret, Buffer.from(body)) },
			body,
		});
		return { status: response.status, text: await response.text() };
	};
	const relayed = () => receiver.requests.filter((r) => r.method === 'POST' && r.url.startsWith('/hooks/relay'));

	const head = await fetch(url, { method: 'HEAD' });
	checks.check('HEAD (the sender test call) on the production URL answers 200', head.status === 200, `got ${head.status} from ${url}`);

	const get = await fetch(url);
	checks.check('GET (the other test call) answers 200', get.status === 200, `got ${get.status} ${(await get.text()).slice(0, 200)}`);

	const bad = await post(events['01-incoming-sms'], 'not-the-secret');
	checks.check('bad x-hub-signature answers 401', bad.status === 401, `got ${bad.status} ${bad.text.slice(0, 200)}`);
	const unsigned = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(events['01-incoming-sms']),
	});
	checks.check('missing x-hub-signature answers 401', unsigned.status === 401, `got ${unsigned.status} ${(await unsigned.text()).slice(0, 200)}`);
	const otherEntity = await post(events['04-other-service-message'], E2E.inboundSecret);
	checks.check('event of another entity answers 200', otherEntity.status === 200, `got ${otherEntity.status} ${otherEntity.text.slice(0, 200)}`);
	const notSubscribed = await post(events['03-sms-failed-receipt-not-subscribed'], E2E.inboundSecret);
	checks.check('receipt with an unsubscribed status answers 200', notSubscribed.status === 200, `got ${notSubscribed.status} ${notSubscribed.text.slice(0, 200)}`);
	await sleep(2000);
	const runsBefore = await rest.executions(E2E.ids.relayWorkflow);
	checks.check(
		'rejected and filtered events start no run and relay nothing',
		runsBefore.length === 0 && relayed().length === 0,
		`${runsBefore.length} executions, ${relayed().length} relayed`,
	);

	const message = await post(events['01-incoming-sms'], E2E.inboundSecret);
	const receipt = await post(events['02-sms-delivered-receipt'], E2E.inboundSecret);
	checks.check('accepted events answer 200', message.status === 200 && receipt.status === 200, `got ${message.status}, ${receipt.status}`);
	const deadline = Date.now() + 30_000;
	while (relayed().length < 2 && Date.now() < deadline) await sleep(250);
	const got = relayed();
	const kinds = got.map((r) => (safeJson(r.body) as { kind?: string } | undefined)?.kind).sort();
	checks.check(
		'accepted events are relayed by the Outbound Webhook node, normalised',
		got.length === 2 && kinds[0] === 'deliveryReceipt' && kinds[1] === 'incomingMessage',
		`${got.length} relayed, kinds ${JSON.stringify(kinds)}: ${got.map((r) => r.body.toString()).join(' | ').slice(0, 400)}`,
	);
	checks.check(
		'relayed requests are signed and authorized',
		got.length > 0 &&
			got.every(
				(r) =>
					signatureMatches(r, E2E.outboundSecret) &&
					r.headers.authorization === `Basic ${Buffer.from(`${E2E.basic.user}:${E2E.basic.password}`).toString('base64')}` &&
					typeof r.headers['x-delivery-id'] === 'string',
			),
		got.map((r) => JSON.stringify({ sig: r.headers['x-hub-signature'], auth: r.headers.authorization })).join('; '),
	);
	let runs = await rest.executions(E2E.ids.relayWorkflow);
	const runsDeadline = Date.now() + 15_000;
	while ((runs.length < 2 || runs.some((r) => r.status === 'running' || r.status === 'new')) && Date.now() < runsDeadline) {
		await sleep(500);
		runs = await rest.executions(E2E.ids.relayWorkflow);
	}
	const errors = await Promise.all(
		runs.filter((r) => r.status !== 'success').map((r) => rest.executionErrors(r.id).catch((e: unknown) => [String(e)])),
	);
	checks.check(
		'exactly the two accepted events ran the workflow, successfully',
		runs.length === 2 && runs.every((r) => r.status === 'success'),
		`${JSON.stringify(runs.map((r) => ({ id: r.id, status: r.status, mode: r.mode })))} ${[...new Set(errors.flat())].join('; ')}`,
	);
}

/** The receiver's delay before it answers a relayed POST of the Respond-after-run workflow. */
const AFTER_RUN_LATENCY_MS = 500;
const AFTER_RUN = { id: E2E.ids.afterRunWorkflow, name: 'OW e2e: relay, respond when the workflow has run', webhookId: E2E.afterRunWebhookId };
const AFTER_RUN_FAIL = {
	id: E2E.ids.afterRunFailWorkflow,
	name: 'OW e2e: relay to a 404, fail execution, respond when the workflow has run',
	webhookId: E2E.afterRunFailWebhookId,
};
const AFTER_RUN_WAIT = {
	id: E2E.ids.afterRunWaitWorkflow,
	name: 'OW e2e: relay to a 503, Failed to a durable Wait, respond when the workflow has run',
	webhookId: E2E.afterRunWaitWebhookId,
};

/**
 * The trigger's Respond "When the Workflow Has Run" (responseMode lastNode) in the real n8n: the
 * sender's POST is answered only after the relay's delivery was answered by the receiver (200, empty
 * body), and 500 "Error in workflow" when the run fails (404 with Fail Execution on Failed
 * Deliveries). Refusals are still answered by the node at once and start no run.
 */
async function checkRespondAfterRun(n8n: N8n, receiver: TestHttpsServer, answeredAt: Map<number, number>, checks: Checks): Promise<void> {
	const rest = new N8nRest(n8n.baseUrl);
	await rest.signIn(DEMO_OWNER);
	const urlOf = (webhookId: string) => `${n8n.baseUrl}/webhook/${webhookId}/${triggerWebhookPath()}`;
	const [okUrl, failUrl, waitUrl] = [urlOf(AFTER_RUN.webhookId), urlOf(AFTER_RUN_FAIL.webhookId), urlOf(AFTER_RUN_WAIT.webhookId)];
	await waitForWebhooks([okUrl, failUrl, waitUrl], { servers: [n8n] });
	const post = async (url: string, payload: unknown, secret = E2E.inboundSecret, contentType: string | undefined = 'application/json') => {
		const body = JSON.stringify(payload);
		const sent = Date.now();
		const response = await fetch(url, {
			method: 'POST',
			// fetch names a string body text/plain unless a type is given: a Uint8Array goes without one.
			headers: { ...(contentType ? { 'content-type': contentType } : {}), 'x-hub-signature': hmac(secret, Buffer.from(body)) },
			body: contentType ? body : new Uint8Array(Buffer.from(body)),
			signal: AbortSignal.timeout(60_000),
		});
		const at = Date.now();
		return { status: response.status, text: await response.text(), at, ms: at - sent };
	};
	const sms = sampleEvents()['01-incoming-sms'] as Record<string, unknown>;
	const relayedTo = (path: string, marker: string) =>
		receiver.requests.filter((r) => r.method === 'POST' && r.url.startsWith(path) && r.body.toString('utf8').includes(marker));

	const bad = await post(okUrl, { ...sms, text: 'after-run bad signature' }, 'not-the-secret');
	const dropped = await post(okUrl, sampleEvents()['04-other-service-message']);
	checks.check(
		'Respond after run: a bad signature still gets 401 and an event of another entity 200, both from the node at once',
		bad.status === 401 && dropped.status === 200 && /"accepted":0/.test(dropped.text),
		`401? ${bad.status} ${bad.text.slice(0, 120)}; 200? ${dropped.status} ${dropped.text.slice(0, 120)}`,
	);

	const ok = await post(okUrl, { ...sms, text: 'after-run ok', messageId: 'mo-after-run-ok' });
	const okPosts = relayedTo('/hooks/after-run', 'after-run ok');
	const okAnswered = okPosts.map((r) => answeredAt.get(r.seq) ?? Infinity);
	checks.check(
		'Respond after run: the sender gets 200 (empty body) only after the Outbound Webhook delivered (the receiver had answered the relayed POST)',
		ok.status === 200 && ok.text === '' && okPosts.length === 1 && okAnswered[0] <= ok.at,
		`answer ${ok.status} "${ok.text.slice(0, 200)}" after ${ok.ms} ms; relayed ${okPosts.length}; receiver answered ${okAnswered.map((t) => ok.at - t).join(', ')} ms before the sender's answer`,
	);

	// These workflows hold the trigger's node version 1.1: for it n8n (1.x and 2.x) parses only JSON,
	// text, form and XML bodies and leaves the others to the node, which reads them itself.
	const vendorJson = await post(okUrl, { ...sms, text: 'after-run vendor json', messageId: 'mo-after-run-vnd' }, undefined, 'application/vnd.platform+json');
	const untyped = await post(okUrl, { ...sms, text: 'after-run untyped', messageId: 'mo-after-run-untyped' }, undefined, undefined);
	const csv = await post(okUrl, { ...sms, text: 'after-run csv', messageId: 'mo-after-run-csv' }, undefined, 'text/csv');
	const relayedKinds = ['after-run vendor json', 'after-run untyped', 'after-run csv'].map((marker) => relayedTo('/hooks/after-run', marker).length);
	checks.check(
		'Respond after run, node version 1.1: an event sent as application/vnd.platform+json or without a content type is relayed and answered 200; text/csv gets 415 at once',
		vendorJson.status === 200 && untyped.status === 200 && csv.status === 415 && JSON.stringify(relayedKinds) === '[1,1,0]',
		`+json ${vendorJson.status} ${vendorJson.text.slice(0, 120)}; none ${untyped.status} ${untyped.text.slice(0, 120)}; csv ${csv.status} ${csv.text.slice(0, 120)}; relayed ${JSON.stringify(relayedKinds)}`,
	);

	const failed = await post(failUrl, { ...sms, text: 'after-run fails', messageId: 'mo-after-run-fail' });
	const failPosts = relayedTo('/hooks/notfound', 'after-run fails');
	checks.check(
		'Respond after run: a run that fails (receiver 404, Fail Execution on Failed Deliveries) is answered 500 "Error in workflow", after the attempt',
		failed.status === 500 && /Error in workflow/.test(failed.text) && failPosts.length === 1 && (answeredAt.get(failPosts[0].seq) ?? Infinity) <= failed.at,
		`answer ${failed.status} ${failed.text.slice(0, 200)} after ${failed.ms} ms; relayed ${failPosts.length}`,
	);

	const waiting = await post(waitUrl, { ...sms, text: 'after-run waits', messageId: 'mo-after-run-wait' });
	const waitPosts = relayedTo('/hooks/fail', 'after-run waits');
	// Saved as waiting by the time n8n answers, or within moments of it.
	let waitRuns = await rest.executions(AFTER_RUN_WAIT.id);
	for (const deadline = Date.now() + 15_000; waitRuns.some((r) => r.status === 'running' || r.status === 'new') && Date.now() < deadline; ) {
		await sleep(250);
		waitRuns = await rest.executions(AFTER_RUN_WAIT.id);
	}
	checks.check(
		'Respond after run: a run whose failed delivery goes to a durable Wait (extended schedule, 70 s) is answered 200 once it waits in the database',
		waiting.status === 200 && waitPosts.length === 1 && JSON.stringify(waitRuns.map((r) => r.status)) === '["waiting"]',
		`answer ${waiting.status} "${waiting.text.slice(0, 200)}" after ${waiting.ms} ms; relayed ${waitPosts.length}; executions ${JSON.stringify(waitRuns.map((r) => r.status))}`,
	);

	const finished = async (workflowId: string) => {
		const deadline = Date.now() + 15_000;
		let runs = await rest.executions(workflowId);
		while (runs.some((r) => !['success', 'error', 'crashed', 'canceled'].includes(r.status)) && Date.now() < deadline) {
			await sleep(250);
			runs = await rest.executions(workflowId);
		}
		return runs.map((r) => r.status);
	};
	const [okRuns, failRuns] = [await finished(AFTER_RUN.id), await finished(AFTER_RUN_FAIL.id)];
	checks.check(
		'Respond after run: one execution per accepted event (success, error), none for the refused or dropped requests',
		JSON.stringify(okRuns) === '["success","success","success"]' && JSON.stringify(failRuns) === '["error"]',
		`after-run workflow: ${JSON.stringify(okRuns)}; failing one: ${JSON.stringify(failRuns)}`,
	);
}

/**
 * The run data `n8n execute --rawOutput` prints (JSON.stringify with 2-space indent: from a line
 * "{" to the first line "}"); n8n may log other lines before and after it.
 */
function parseRunOutput(stdout: string): any {
	const json = /^\{$[\s\S]*?^\}$/m.exec(stdout);
	if (!json) return undefined;
	try {
		return JSON.parse(json[0]);
	} catch {
		return undefined;
	}
}

function hmac(secret: string, body: Buffer): string {
	return createHmac('sha256', secret).update(body).digest('hex');
}

function signatureMatches(r: RecordedRequest, secret: string): boolean {
	const header = String(r.headers['x-hub-signature'] ?? '').replace(/^sha256=/, '');
	return header === hmac(secret, r.body);
}

function safeJson(body: Buffer): unknown {
	try {
		return JSON.parse(body.toString('utf8'));
	} catch {
		return undefined;
	}
}

function sameJson(a: unknown, b: unknown): boolean {
	return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(sortKeys);
	if (value && typeof value === 'object') {
		return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, sortKeys(v)]));
	}
	return value;
}


runMain(main);
