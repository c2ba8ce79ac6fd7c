/**
 * End-to-end check of the platform's published notifications (test/fixtures/platform/) in a real
 * n8n: every body of the corpus is POSTed, one request each as the platform sends them, to an active
 * Channel Event Trigger subscribed to everything (Service, every event kind, every receipt status),
 * whose workflow relays each emitted item with an Outbound Webhook to the tier's HTTPS receiver; the
 * relayed items must be exactly the corpus's events, each with every field its index entry expects.
 * A second trigger, for the phone number one published SMS was sent to, receives the corpus's
 * incoming messages and must emit only that one.
 *
 * The workflows are created and activated through n8n's REST API (`POST /rest/workflows`,
 * `POST /rest/workflows/:id/activate`, the same on n8n 1.123 and 2.41) on the running server.
 */
import { CHANNELS } from '../../nodes/shared/catalog';
import type { TestHttpsServer } from '../../test/support/https-server';
import { corpusBody, loadCorpus, valueAt, type CorpusEntry } from '../../test/support/platform-corpus';
import type { Checks } from './checks';
import { sleep, type N8n } from './n8n';
import { DEMO_OWNER, N8nRest } from './rest';
import { waitForWebhooks } from './wait-for-webhooks';
import { OUTBOUND, TRIGGER, triggerWebhookPath } from './workflows';

const ALL_PATH = '/hooks/corpus-all';
const NUMBER_PATH = '/hooks/corpus-number';
/** The short code the published SMS incoming message (sms-06) was sent to. */
const SHORT_CODE = '56263';
const WEBHOOK_IDS = { all: '7a2d1c3e-4b5f-4e6a-8c9d-0e1f2a3b4c01', number: '7a2d1c3e-4b5f-4e6a-8c9d-0e1f2a3b4c02' };
/** Requests in flight at once: the platform posts notifications side by side too. */
const PARALLEL = 4;

function corpusWorkflow(name: string, webhookId: string, trigger: Record<string, unknown>, url: string, caCertificate: string) {
	return {
		name,
		active: false,
		settings: { executionOrder: 'v1' },
		connections: { 'Channel Event Trigger': { main: [[{ node: 'Relay', type: 'main', index: 0 }]] } },
		nodes: [
			{
				id: 'c1',
				name: 'Channel Event Trigger',
				type: TRIGGER,
				typeVersion: 1.1,
				position: [0, 0],
				webhookId,
				parameters: { enableHubSignature: false, authentication: 'none', ...trigger },
			},
			{
				id: 'c2',
				name: 'Relay',
				type: OUTBOUND,
				typeVersion: 1,
				position: [260, 0],
				parameters: {
					url,
					entityType: 'service',
					entityId: '',
					authentication: 'none',
					enableHubSignature: false,
					options: { caCertificate, maxRetries: 1, retryInterval: 0.2, timeout: 5000 },
				},
			},
		],
	};
}

async function createActive(rest: N8nRest, workflow: ReturnType<typeof corpusWorkflow>): Promise<string> {
	const created = await rest.post<{ data: { id: string; versionId: string } }>('/rest/workflows', workflow);
	await rest.post(`/rest/workflows/${created.data.id}/activate`, { versionId: created.data.versionId });
	return created.data.id;
}

/** Whether a relayed item is this entry's event: its original body, and every expected field. */
function matches(entry: CorpusEntry, body: unknown, item: Record<string, unknown>): boolean {
	if (JSON.stringify(item.raw) !== JSON.stringify(body)) return false;
	return Object.entries(entry.expect).every(([path, expected]) => JSON.stringify(valueAt(item, path) ?? null) === JSON.stringify(expected));
}

async function postAll(url: string, bodies: string[]): Promise<number[]> {
	const statuses: number[] = new Array(bodies.length);
	let next = 0;
	await Promise.all(
		Array.from({ length: PARALLEL }, async () => {
			while (next < bodies.length) {
				const index = next++;
				const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies[index] });
				await response.text();
				statuses[index] = response.status;
			}
		}),
	);
	return statuses;
}

async function relayedTo(receiver: TestHttpsServer, path: string, count: number, timeoutMs: number): Promise<Array<Record<string, unknown>>> {
	const bodies = () => receiver.requests.filter((r) => r.method === 'POST' && r.url.startsWith(path));
	for (const deadline = Date.now() + timeoutMs; bodies().length < count && Date.now() < deadline; ) await sleep(250);
	// A little longer: anything relayed beyond the expected count is a failure too.
	await sleep(1000);
	return bodies().map((r) => JSON.parse(r.body.toString('utf8')) as Record<string, unknown>);
}

export async function checkPlatformCorpus(n8n: N8n, receiver: TestHttpsServer, checks: Checks): Promise<void> {
	const rest = new N8nRest(n8n.baseUrl);
	await rest.signIn(DEMO_OWNER);
	const corpus = loadCorpus();
	const bodies = corpus.map(corpusBody);

	const everything = {
		entityType: 'service',
		entityId: '',
		events: ['incomingMessage', 'incomingCall', 'callEvent', 'customerEvent'],
		receipts: Object.fromEntries(CHANNELS.map((channel) => [channel.id, channel.statuses.map((s) => s.id)])),
	};
	const number = { entityType: 'phoneNumber', entityId: SHORT_CODE, events: ['incomingMessage'], receipts: {} };
	const created = await checks.step('platform corpus: the corpus workflows are created and activated (REST API)', async () => {
		await createActive(rest, corpusWorkflow('OW e2e: platform corpus, everything', WEBHOOK_IDS.all, everything, `${receiver.origin}${ALL_PATH}`, receiver.cert));
		await createActive(rest, corpusWorkflow('OW e2e: platform corpus, one short code', WEBHOOK_IDS.number, number, `${receiver.origin}${NUMBER_PATH}`, receiver.cert));
		return true;
	});
	if (created === undefined) return;
	const urlOf = (webhookId: string) => `${n8n.baseUrl}/webhook/${webhookId}/${triggerWebhookPath()}`;
	await waitForWebhooks([urlOf(WEBHOOK_IDS.all), urlOf(WEBHOOK_IDS.number)], { servers: [n8n] });

	const started = Date.now();
	const statuses = await postAll(urlOf(WEBHOOK_IDS.all), bodies);
	checks.check(
		`platform corpus: all ${bodies.length} published bodies are answered 200`,
		statuses.every((status) => status === 200),
		`statuses: ${JSON.stringify(Object.fromEntries(statuses.map((s, i) => [corpus[i].file, s]).filter(([, s]) => s !== 200)))}`,
	);
	const relayed = await relayedTo(receiver, ALL_PATH, bodies.length, 180_000);
	const pool = [...relayed];
	const missing: string[] = [];
	corpus.forEach((entry, index) => {
		const body = JSON.parse(bodies[index]) as unknown;
		const at = pool.findIndex((item) => matches(entry, body, item));
		if (at === -1) missing.push(entry.file);
		else pool.splice(at, 1);
	});
	const kinds = (list: CorpusEntry[]) => ['deliveryReceipt', 'incomingMessage', 'customerEvent'].map((kind) => `${list.filter((e) => e.expect.kind === kind).length} ${kind}`).join(', ');
	checks.check(
		`platform corpus: the trigger emits each of the ${corpus.length} bodies once, with every field its index expects (${kinds(corpus)})`,
		missing.length === 0 && pool.length === 0,
		`${relayed.length} relayed in ${Date.now() - started} ms; not emitted as expected: ${missing.join(', ') || 'none'}; unexpected items: ${pool.length} ${JSON.stringify(pool[0] ?? {}).slice(0, 300)}`,
	);

	const incoming = corpus.filter((entry) => entry.expect.kind === 'incomingMessage');
	const toShortCode = incoming.filter((entry) => entry.expect['entity.type'] === 'phoneNumber' && entry.expect['entity.id'] === SHORT_CODE);
	const numberStatuses = await postAll(urlOf(WEBHOOK_IDS.number), incoming.map(corpusBody));
	const numberRelayed = await relayedTo(receiver, NUMBER_PATH, toShortCode.length, 60_000);
	checks.check(
		`platform corpus: a Phone Number trigger for ${SHORT_CODE} emits only the message sent to it (${toShortCode.length} of ${incoming.length} incoming messages); the others are answered 200 and dropped`,
		numberStatuses.every((status) => status === 200) &&
			numberRelayed.length === toShortCode.length &&
			numberRelayed.every((item) => (item.entity as { id?: string } | undefined)?.id === SHORT_CODE && item.kind === 'incomingMessage'),
		`statuses ${[...new Set(numberStatuses)].join(',')}; relayed ${numberRelayed.length}: ${numberRelayed.map((item) => JSON.stringify(item.entity)).join(', ')}`,
	);
}
