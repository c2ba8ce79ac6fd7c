import { createHmac } from 'node:crypto';

import { startTriggerServer, type TriggerServer, type TriggerServerOptions } from '../harness/webhook';

/**
 * The trigger's Respond parameter over real HTTP (test/harness/webhook.ts answers as n8n does:
 * it evaluates the POST webhook's responseMode and responseData from the node's parameters). One
 * valid signed event; each test changes one thing.
 */

const SECRET = 'respond-after-run-secret';
const EVENT = JSON.stringify({ event: 'incomingMessage', channel: 'sms', from: '447700900001', to: '447700900123', text: 'hello', messageId: 'mo-1' });
const sign = (body: string, secret = SECRET) => createHmac('sha256', secret).update(body).digest('hex');

const BASE: TriggerServerOptions = {
	parameters: {
		entityType: 'service',
		entityId: '',
		events: ['incomingMessage'],
		receipts: {},
		enableHubSignature: true,
		authentication: 'none',
		options: {},
	},
	credentials: { hubSignatureApi: { secret: SECRET, algorithm: 'sha256' } },
};

/** A run the test ends by hand: `end()` succeeds, `fail()` fails; `started` resolves with its items. */
function heldRun() {
	let end: (outcome: { error?: unknown }) => void = () => undefined;
	let started: (count: number) => void = () => undefined;
	const startedPromise = new Promise<number>((resolve) => (started = resolve));
	const run = (items: unknown[]) => {
		started(items.length);
		return new Promise<{ error?: unknown }>((resolve) => (end = resolve));
	};
	return { run, started: startedPromise, end: () => end({}), fail: () => end({ error: new Error('Delivery failed') }) };
}

let server: TriggerServer | undefined;
async function start(parameters: TriggerServerOptions['parameters'], extra: Partial<TriggerServerOptions> = {}) {
	server = await startTriggerServer({ ...structuredClone(BASE), ...extra, parameters: { ...BASE.parameters, ...parameters } });
	return server;
}
afterEach(async () => {
	await server?.close();
	server = undefined;
});

async function post(url: string, body: string, headers: Record<string, string> = {}) {
	const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-hub-signature': sign(body), ...headers } });
	const text = await response.text();
	return { status: response.status, text, at: Date.now() };
}

/** Whether a promise is still pending after the event loop had a chance to settle it. */
async function pending(promise: Promise<unknown>, ms = 200): Promise<boolean> {
	const marker = Symbol('pending');
	return (await Promise.race([promise, new Promise((resolve) => setTimeout(() => resolve(marker), ms))])) === marker;
}

describe('Respond: Immediately (the default, and every workflow saved before the parameter existed)', () => {
	for (const [name, parameters] of [
		['no responseMode parameter', {}],
		['responseMode onReceived', { responseMode: 'onReceived' }],
	] as const) {
		test(`${name}: 200 with the counts before the run has ended; webhook() answered itself`, async () => {
			const held = heldRun();
			const { url, runs, results } = await start(parameters, { run: held.run });
			const answer = post(url, EVENT);
			await held.started;
			const { status, text } = await answer; // arrives while the run is still held
			expect([status, JSON.parse(text)]).toEqual([200, { status: 'received', received: 1, accepted: 1 }]);
			held.end();
			expect(runs).toHaveLength(1);
			expect(results[0].noWebhookResponse).toBe(true);
			expect(results[0].workflowData?.[0]).toHaveLength(1);
		});
	}

	test('a failed run changes nothing for the sender: it already has its 200', async () => {
		const held = heldRun();
		const { url } = await start({}, { run: held.run });
		const answer = await post(url, EVENT);
		held.fail();
		expect(answer.status).toBe(200);
	});
});

describe('Respond: When the Workflow Has Run (responseMode lastNode)', () => {
	const AFTER_RUN = { responseMode: 'lastNode' };

	test('the answer waits for the run: 200 with an empty body once it has ended; webhook() left the answer to n8n', async () => {
		const held = heldRun();
		const { url, runs, results } = await start(AFTER_RUN, { run: held.run });
		const answer = post(url, EVENT);
		expect(await held.started).toBe(1);
		expect(await pending(answer)).toBe(true);
		const endedAt = Date.now();
		held.end();
		const { status, text, at } = await answer;
		expect([status, text]).toEqual([200, '']);
		expect(at).toBeGreaterThanOrEqual(endedAt);
		expect(runs).toHaveLength(1);
		expect(results[0].noWebhookResponse).toBeUndefined();
		expect(results[0].workflowData?.[0]).toHaveLength(1);
	});

	test('a run that fails is answered 500 "Error in workflow" (the sender sends the event again)', async () => {
		const held = heldRun();
		const { url } = await start(AFTER_RUN, { run: held.run });
		const answer = post(url, EVENT);
		await held.started;
		held.fail();
		const { status, text } = await answer;
		expect([status, JSON.parse(text)]).toEqual([500, { message: 'Error in workflow' }]);
		expect(text).not.toContain('Delivery failed');
	});

	test('refusals and test calls are answered by the node at once and start no run', async () => {
		const { url, runs, results } = await start(AFTER_RUN);
		const answers = {
			head: (await fetch(url, { method: 'HEAD' })).status,
			get: (await fetch(url)).status,
			wrongSignature: (await post(url, EVENT, { 'x-hub-signature': sign(EVENT, 'other') })).status,
			malformed: (await post(url, '{"a":', { 'content-type': 'text/plain' })).status,
			notJson: (await post(url, EVENT, { 'content-type': 'application/xml' })).status,
			emptyPostTestCall: (await post(url, '')).status,
			testNotification: (await post(url, '{"type":"test"}')).status,
		};
		expect(answers).toEqual({ head: 200, get: 200, wrongSignature: 401, malformed: 400, notJson: 415, emptyPostTestCall: 200, testNotification: 200 });
		expect(runs).toHaveLength(0);
		expect(results.every((r) => r.noWebhookResponse === true && r.workflowData === undefined)).toBe(true);
	});

	test('a body over the limit gets 413 at once, no run', async () => {
		const { url, runs } = await start({ ...AFTER_RUN, options: { maxBodySize: 1 } });
		const answer = await post(url, JSON.stringify({ event: 'incomingMessage', text: 'x'.repeat(2048) }));
		expect(answer.status).toBe(413);
		expect(runs).toHaveLength(0);
	});

	test('events all dropped by the subscription: 200 with the counts at once, no run', async () => {
		const { url, runs, results } = await start(AFTER_RUN);
		const answer = await post(url, JSON.stringify({ event: 'incomingCall', channel: 'voice', from: '447700900001' }));
		expect([answer.status, JSON.parse(answer.text)]).toEqual([200, { status: 'received', received: 1, accepted: 0 }]);
		expect(runs).toHaveLength(0);
		expect(results[0].noWebhookResponse).toBe(true);
	});

	test('a configuration the node cannot use gets 500 from the node at once, no run', async () => {
		const { url, runs } = await start(
			{ ...AFTER_RUN, signatureScheme: 'standardWebhooks' },
			{ credentials: { standardWebhooksApi: { secret: 'not*a*whsec*secret' } } },
		);
		const answer = await post(url, EVENT);
		expect([answer.status, JSON.parse(answer.text).message]).toEqual([500, 'The trigger is not configured correctly; see the n8n log.']);
		expect(runs).toHaveLength(0);
	});
});
