/**
 * The queue tier's worker-kill check (issue 12, item 6): ≥ 1,000 channel events relayed by an active
 * workflow (Channel Event Trigger → Outbound Webhook) in queue mode, SIGKILL to the worker in the
 * middle, a replacement worker; nothing may be lost and every repeat must carry the event's one
 * delivery id, on n8n 1.x and 2.x.
 *
 * What makes that hold on both versions is end-to-end acknowledgement: the trigger's Respond is
 * "When the Workflow Has Run" (responseMode lastNode), so the sender gets its 200 only after the
 * Outbound Webhook delivered; a run that dies with its worker answers 500 (n8n 2.x: the job fails with
 * MaxStalledCountError) or not at all (the sender's timeout), and the sender, which behaves like the
 * platform (platform-sender.ts), sends the notification again. n8n 1.x also re-runs the stalled job
 * itself (Bull, maxStalledCount 1); n8n 2.x does not (maxStalledCount 0) and saves the killed
 * execution with empty run data, so its Retry sends nothing. The check still presses Retry for every
 * execution n8n marked crashed or error, through the REST API as the Executions list does, and
 * reports what that achieved.
 */
import { createHmac } from 'node:crypto';

import type { Checks } from './checks';
import { onCleanup } from './cleanup';
import { SwitchableReceiver } from './durable-receiver';
import { freePort, N8n, sleep, type Profile } from './n8n';
import { sendLikeThePlatform, type Notification, type SenderPolicy } from './platform-sender';
import type { Postgres } from './queue-services';
import type { N8nRest } from './rest';
import { E2E, relayWorkflow, sampleEvents, triggerWebhookPath } from './workflows';

/** Events of the check, and events per notification (one execution per notification). */
const KILL_EVENTS = Number(process.env.OW_QUEUE_KILL_EVENTS ?? 1000);
const EVENTS_PER_NOTIFICATION = Number(process.env.OW_QUEUE_KILL_PER_POST ?? 10);
/** The check runs in every queue tier run (and so in `.ci/run`); OW_QUEUE_WORKER_KILL=0 skips it. */
export const WORKER_KILL = process.env.OW_QUEUE_WORKER_KILL !== '0';

/**
 * The platform's sender: 10 s timeout, as in the spec. Its retry interval is 60 s and it retries 3
 * times, so it keeps sending a notification for about 3 minutes. The check keeps that window but
 * cuts it in shorter steps (5 s pause, up to 12 re-sends: at most 12 × (10 s + 5 s) = 180 s) so
 * that a sender waiting out a dead worker does not leave the tier idle for a minute at a time; the
 * guarantee the check shows is "a worker outage shorter than the sender's retry window loses
 * nothing", and the window is the spec's. 10 notifications in flight, as many as the worker runs.
 */
const SENDER: SenderPolicy = { concurrency: 10, timeoutMs: 10_000, pauseMs: 5_000, maxResends: 12 };

const RECEIVER_LATENCY_MS = 200;
/** Deliveries the receiver must be holding when the SIGKILL goes out (so it hits running executions). */
const IN_FLIGHT_AT_KILL = 3;
/** Sender timeouts that end the outage (see checkWorkerKill): two per notification in flight. */
const OUTAGE_TIMEOUTS = 2 * SENDER.concurrency;
const KILL_WORKFLOW_ID = 'owE2eWorkerKill1';
const KILL_WEBHOOK_ID = '6f1c1d4e-0e2b-4a36-9c61-0b7a3b9f2e0f';
const KILL_MARKER = /queue-kill ([\w-]+)/;
const ENDED = ['success', 'error', 'crashed', 'canceled'];

export interface WorkerKill {
	receiver: SwitchableReceiver;
}

/**
 * Before n8n starts: a receiver that keeps a table by delivery id, and a relay workflow (Channel Event
 * Trigger with Respond "When the Workflow Has Run" → Outbound Webhook, no Delivery ID option: the
 * default stable ids) to it. The Outbound Webhook keeps its in-run retries short (1 after 1 s, 5 s
 * deadline) so the sender has its answer within its 10 s, and fails the execution on a failed
 * delivery, so that the sender hears of it (500) and sends the events again.
 */
export async function prepareWorkerKill(mainN8n: N8n): Promise<WorkerKill> {
	const receiver = await SwitchableReceiver.create({ secret: E2E.outboundSecret, algorithm: 'sha256' }, (body) => KILL_MARKER.exec(body.toString('utf8'))?.[1]);
	onCleanup('close the worker-kill receiver', () => receiver.close());
	await receiver.set('up');
	// Slow answers and few connections (5 per execution: 10 events take 2 × 200 ms), so that
	// executions are in flight when the worker dies.
	receiver.latencyMs = RECEIVER_LATENCY_MS;
	const workflow = relayWorkflow(receiver.origin, receiver.cert) as ReturnType<typeof relayWorkflow> & { nodes: Array<Record<string, any>> };
	workflow.id = KILL_WORKFLOW_ID;
	workflow.name = 'OW e2e: relay, respond when the workflow has run, worker killed mid-batch';
	workflow.nodes[0].webhookId = KILL_WEBHOOK_ID;
	workflow.nodes[0].parameters = { ...workflow.nodes[0].parameters, responseMode: 'lastNode' };
	workflow.nodes[1].parameters.url = `${receiver.origin}/hooks/kill`;
	workflow.nodes[1].parameters.options = {
		...(workflow.nodes[1].parameters.options as object),
		concurrency: 5,
		maxRetries: 1,
		retryInterval: 1,
		timeout: 5_000,
		failOnFailedDeliveries: true,
	};
	await mainN8n.importWorkflows([workflow]);
	await mainN8n.activate([KILL_WORKFLOW_ID]);
	return { receiver };
}

/** A second worker with the killed one's settings, but its own health port, broker port and event log. */
async function replacementWorker(worker: N8n): Promise<N8n> {
	const [health, broker] = await Promise.all([freePort(), freePort()]);
	return new N8n(worker.p, worker.bin, {
		...worker.options,
		healthPort: health,
		logName: 'n8n-worker-2.log',
		extraEnv: {
			...worker.options.extraEnv,
			QUEUE_HEALTH_CHECK_PORT: String(health),
			N8N_RUNNERS_BROKER_PORT: String(broker),
			N8N_EVENTBUS_LOGWRITER_LOGBASENAME: 'n8nEventLog-worker-2',
		},
	});
}

interface Execution {
	id: string;
	status: string;
	mode: string;
	retryOf: string;
}

/** Execution ids a worker's log names with `Worker <started|finished> execution <id>`. */
function loggedExecutions(server: N8n, what: 'started' | 'finished'): Set<string> {
	return new Set([...server.logTail(1_000_000).matchAll(new RegExp(`Worker ${what} execution (\\d+)`, 'g'))].map((m) => m[1]));
}

const count = (list: string[]) => Object.entries(list.reduce<Record<string, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {}));
const describeCounts = (list: string[]) => count(list).map(([key, n]) => `${n} ${key}`).join(', ') || 'none';

export interface WorkerKillContext {
	p: Profile;
	prepared: WorkerKill;
	webhookBase: string;
	rest: N8nRest;
	db: Postgres;
	worker: N8n;
	checks: Checks;
	timings: Record<string, number>;
}

/**
 * The events go out as the platform sends them (re-sent until answered 200); SIGKILL to the worker
 * once a third is delivered; no worker until the sender has timed out twice per notification in
 * flight; a replacement worker. Then: every execution ends; n8n's Retry of those it marked crashed
 * or error; the receiver's table.
 */
export async function checkWorkerKill({ p, prepared: { receiver }, webhookBase, rest, db, worker, checks, timings }: WorkerKillContext): Promise<void> {
	const url = `${webhookBase}/webhook/${KILL_WEBHOOK_ID}/${triggerWebhookPath()}`;
	const markers = Array.from({ length: KILL_EVENTS }, (_, i) => `kill-${String(i + 1).padStart(4, '0')}`);
	const event = (marker: string) => ({ ...(sampleEvents()['01-incoming-sms'] as object), text: `queue-kill ${marker}`, messageId: `mo-${marker}` });
	const notifications: Notification[] = [];
	for (let i = 0; i < markers.length; i += EVENTS_PER_NOTIFICATION) {
		const body = JSON.stringify(markers.slice(i, i + EVENTS_PER_NOTIFICATION).map(event));
		notifications.push({ body, headers: { 'content-type': 'application/json', 'x-hub-signature': createHmac('sha256', E2E.inboundSecret).update(body).digest('hex') } });
	}
	const deliveredCount = () => {
		const byMarker = receiver.acceptedByMarker();
		return markers.filter((m) => byMarker.has(m)).length;
	};
	const acceptedPosts = () => [...receiver.table.acceptedById.values()].reduce((n, list) => n + list.length, 0);
	const waitUntil = async (condition: () => boolean | Promise<boolean>, ms: number) => {
		const deadline = Date.now() + ms;
		while (!(await condition()) && Date.now() < deadline) await sleep(250);
		return condition();
	};
	const executions = async (): Promise<Execution[]> => {
		const rows = await db.query(
			`SELECT id, status, mode, coalesce("retryOf", '') FROM execution_entity WHERE "workflowId" = '${KILL_WORKFLOW_ID}' ORDER BY id`,
		);
		return rows
			.split('\n')
			.filter(Boolean)
			.map((row) => {
				const [id, status, mode, retryOf] = row.split('|');
				return { id, status, mode, retryOf };
			});
	};

	const started = Date.now();
	const sender = sendLikeThePlatform(url, notifications, SENDER);
	sender.done.catch(() => undefined);

	// SIGKILL once a third of the events are through, at a moment the receiver holds deliveries it has
	// not answered yet: the worker is then in the middle of executions. (Waiting for the third alone,
	// one of the first six runs, on n8n 2.41 under load, found the worker between executions.)
	const third = Math.floor(markers.length / 3);
	await waitUntil(() => deliveredCount() >= third && receiver.unanswered >= IN_FLIGHT_AT_KILL, 180_000);
	const inFlightAtKill = receiver.unanswered;
	await worker.kill();
	const atKill = deliveredCount();
	timings['worker kill: first POST → SIGKILL'] = Date.now() - started;
	// In flight when it died: started on the worker, and not finished, by its log and by the database.
	// The log alone is not enough: a worker saves an execution's success before it logs "finished", so
	// a SIGKILL between the two leaves a finished execution that the log shows as running (one CI run
	// on n8n 2.41 counted such a one as killed). Nothing the dead worker ran can change in the database
	// after the SIGKILL until n8n itself marks it, so one read now settles it.
	const finishedInLog = loggedExecutions(worker, 'finished');
	const statusAtKill = new Map((await executions()).map((e) => [e.id, e.status]));
	const killed = [...loggedExecutions(worker, 'started')].filter((id) => !finishedInLog.has(id) && statusAtKill.get(id) !== 'success');
	checks.check(
		'the worker was killed (SIGKILL) in the middle of the batch, executions in flight',
		atKill >= third && atKill < markers.length && killed.length > 0,
		`${atKill} of ${markers.length} events delivered when the worker died; ${inFlightAtKill} deliveries unanswered at the receiver; ${killed.length} executions in flight on it`,
	);
	// No worker for a while: the replacement starts once the sender has re-sent every notification it
	// had in flight at least once into the dead queue and that re-send timed out too (2 timeouts per
	// concurrent notification), so the sender's retry budget, not one lucky re-send, carries them.
	const timeouts = () => sender.report.failedAnswers.timeout ?? 0;
	const outageStart = Date.now();
	const outage = await waitUntil(() => timeouts() >= OUTAGE_TIMEOUTS, 120_000);
	timings['worker kill: no worker (SIGKILL → the sender timed out twice per notification in flight)'] = Date.now() - outageStart;
	// A replacement worker, as on another host: its own health port and event log. (A worker restarted
	// on the same host reads the dead one's event log and marks its executions crashed at boot.)
	const replacement = await replacementWorker(worker);
	const replacementStart = Date.now();
	await replacement.start();
	timings['worker kill: replacement worker start'] = Date.now() - replacementStart;
	timings['worker kill: SIGKILL → replacement worker up'] = Date.now() - outageStart;

	const report = await sender.done;
	timings['worker kill: first POST → the sender has a 200 for every notification'] = Date.now() - started;
	checks.check(
		`the sender got 200 for each of the ${report.notifications} notifications (${markers.length} events), re-sending within its budget (timeout ${SENDER.timeoutMs / 1000} s, pause ${SENDER.pauseMs / 1000} s, up to ${SENDER.maxResends} re-sends)`,
		report.gaveUp === 0 && outage,
		`${report.resends} re-sends (at most ${Math.max(...report.attempts) - 1} for one notification); answers that made it re-send: ${JSON.stringify(report.failedAnswers)}; gave up on ${report.gaveUp}${outage ? '' : `; the sender never timed out ${OUTAGE_TIMEOUTS} times while no worker ran`}`,
	);

	// Every execution ends: n8n 2.x marks the killed ones crashed or error (after its stalled-job check
	// and a 30 s recheck), n8n 1.x runs them again.
	const settled = await waitUntil(async () => (await executions()).every((e) => ENDED.includes(e.status)), 240_000);
	timings['worker kill: first POST → every execution ended'] = Date.now() - started;
	const rerun = killed.filter((id) => loggedExecutions(replacement, 'started').has(id));
	const beforeRetries = await executions();
	const killedStatus = killed.map((id) => beforeRetries.find((e) => e.id === id)?.status ?? 'missing');
	if (p.major >= 2) {
		checks.check(
			'n8n 2.x does not run the killed executions again: it marks them crashed or error',
			settled && rerun.length === 0 && killedStatus.every((s) => s === 'crashed' || s === 'error'),
			`killed executions: ${describeCounts(killedStatus)}; started again by the replacement: ${rerun.length}`,
		);
	} else {
		checks.check(
			'n8n 1.x: Bull ran the killed executions again on the replacement worker',
			settled && rerun.length > 0,
			`${rerun.length} of ${killed.length} killed executions started again; they ended ${describeCounts(killedStatus)}`,
		);
	}

	// n8n's Retry of every execution n8n marked crashed or error, as from the Executions list.
	const toRetry = beforeRetries.filter((e) => (e.status === 'crashed' || e.status === 'error') && e.mode !== 'retry');
	const postsBeforeRetries = acceptedPosts();
	const retryErrors: string[] = [];
	for (const execution of toRetry) {
		await rest.post(`/rest/executions/${execution.id}/retry`, { loadWorkflow: false }).catch((error: unknown) => retryErrors.push(`${execution.id}: ${String(error)}`));
	}
	const retries = async () => (await executions()).filter((e) => toRetry.some((t) => t.id === e.retryOf));
	const retriesEnded = await waitUntil(async () => {
		const list = await retries();
		return list.length >= toRetry.length - retryErrors.length && list.every((e) => ENDED.includes(e.status));
	}, 120_000);
	const retryList = await retries();
	const retryPosts = acceptedPosts() - postsBeforeRetries;
	checks.check(
		`n8n's Retry (POST /rest/executions/:id/retry) of each execution n8n marked crashed or error: ${toRetry.length} retried, each retry ended`,
		retryErrors.length === 0 && retriesEnded && retryList.length === toRetry.length,
		`retries ended ${describeCounts(retryList.map((e) => e.status))}; they caused ${retryPosts} POSTs to the receiver${retryErrors.length ? `; refused: ${retryErrors.join('; ')}` : ''}`,
	);

	const byMarker = receiver.acceptedByMarker();
	const lost = markers.filter((m) => !byMarker.has(m));
	const accepted = [...receiver.table.acceptedById.values()];
	const repeated = accepted.reduce((n, list) => n + list.length - 1, 0);
	const manyIds = markers.filter((m) => (receiver.table.idsByMarker.get(m)?.size ?? 0) > 1);
	const final = await executions();
	console.log(
		`\n  worker kill (${p.name} ${p.n8nVersion}): ${markers.length} events in ${report.notifications} notifications; ` +
			`delivered ${markers.length - lost.length}, repeated ${repeated} (same id), lost ${lost.length}; ` +
			`sender re-sends ${report.resends} (${JSON.stringify(report.failedAnswers)}; at most ${Math.max(...report.attempts) - 1} for one notification); ` +
			`n8n Retries ${toRetry.length} (${describeCounts(toRetry.map((e) => e.status))}) → ${retryPosts} POSTs; ` +
			`${atKill} delivered before the SIGKILL, ${killed.length} executions killed, ${rerun.length} re-run by Bull; ` +
			`executions ${describeCounts(final.map((e) => `${e.mode}/${e.status}`))}\n`,
	);
	checks.check(`worker kill: every event delivered, nothing lost (${markers.length})`, lost.length === 0, `lost ${lost.length}: ${lost.slice(0, 10).join(', ')}`);
	if (lost.length > 0) console.log(`\n----- last lines of ${replacement.logFile} -----\n${replacement.logTail(60)}`);
	checks.check(
		'worker kill: every request of an event carried one delivery id, repeats included',
		manyIds.length === 0 && accepted.every((list) => new Set(list.map((a) => a.marker)).size === 1),
		`events with more than one id: ${manyIds.length} (${manyIds.slice(0, 5).join(', ')})`,
	);
}
