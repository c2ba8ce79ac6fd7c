import { startTriggerServer, type TriggerServer } from '../harness/webhook';
import { report } from './support';

/**
 * Bounded work per request on the Channel Event Trigger, over real HTTP (test/harness/webhook.ts):
 * a cap on events per POST (option Max Events per Request, default 5,000), checked on the body's
 * bytes before any element is parsed or normalised, and a nesting-depth limit (100) so that every
 * emitted item can be serialised. Before, one 1 MiB POST of tiny events became 80,659 events (about
 * 2 s of blocked event loop), and a body nested 10,000 deep was accepted and emitted an item n8n
 * could not serialise.
 */

const ONE_MIB = 1024 * 1024;
const PARAMETERS = { entityType: 'service', entityId: '', events: ['incomingMessage'], receipts: { sms: ['delivered'] }, authentication: 'none' };

/** `[{"kind":"x"},...]`: 13 bytes an element, as many as fit in 1 MiB (80,659). */
function tinyEventsBody(): string {
	const count = Math.floor((ONE_MIB - 1) / 13);
	return `[${Array.from({ length: count }, () => '{"kind":"x"}').join(',')}]`;
}

describe('bounded work per request on the Channel Event Trigger', () => {
	const lines: string[] = [];
	let server: TriggerServer | undefined;
	afterEach(async () => {
		await server?.close();
		server = undefined;
	});
	afterAll(() => report('fuzz', 'trigger: events per request and nesting depth', lines));

	const post = async (url: string, body: string) => {
		const started = Date.now();
		const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
		return { status: response.status, json: (await response.json()) as Record<string, unknown>, ms: Date.now() - started };
	};

	test('1 MiB of tiny events (80,659) gets 413 with the reason, starts no run, parses nothing', async () => {
		const body = tinyEventsBody();
		expect(Buffer.byteLength(body)).toBeLessThanOrEqual(ONE_MIB);
		expect(JSON.parse(body)).toHaveLength(80_659);
		server = await startTriggerServer({ parameters: PARAMETERS });
		const answer = await post(server.url, body);
		expect(answer.status).toBe(413);
		expect(answer.json.message).toBe('The body holds 80659 events; the trigger accepts at most 5000 per request. Send smaller batches.');
		expect(server.runs).toHaveLength(0);
		lines.push(`1 MiB, 80,659 tiny events, default cap: 413 in ${answer.ms} ms (harness), no run`);
	});

	test('the option raises the cap: the same body is received as 80,659 events', async () => {
		server = await startTriggerServer({ parameters: { ...PARAMETERS, options: { maxEventsPerRequest: 100_000 } } });
		const answer = await post(server.url, tinyEventsBody());
		expect(answer.status).toBe(200);
		expect(answer.json).toMatchObject({ received: 80_659 });
		lines.push(`same body, Max Events per Request 100,000: 200, received 80,659 in ${answer.ms} ms (harness)`);
	});

	test('exactly the cap is accepted, one more is refused', async () => {
		server = await startTriggerServer({ parameters: { ...PARAMETERS, options: { maxEventsPerRequest: 3 } } });
		const event = '{"event":"incomingMessage","channel":"sms","from":"1","to":"2","text":"a, [b] {c}"}';
		expect((await post(server.url, `[${[event, event, event].join(',')}]`)).status).toBe(200);
		const over = await post(server.url, `[${[event, event, event, event].join(' , ')}]`);
		expect(over.status).toBe(413);
		expect(over.json.message).toMatch(/holds 4 events; the trigger accepts at most 3/);
		expect(server.runs).toHaveLength(1);
		expect(server.runs[0].items).toHaveLength(3);
	});

	test('a body nested 10,000 deep gets 400 and starts no run; 100 deep is accepted and its item serialises', async () => {
		server = await startTriggerServer({ parameters: { ...PARAMETERS, events: ['incomingMessage'], options: { includeUnrecognised: true } } });
		const deep = `{"event":"incomingMessage","channel":"sms","text":"x","extra":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
		const answer = await post(server.url, deep);
		expect(answer.status).toBe(400);
		expect(answer.json.message).toBe('The body nests arrays and objects deeper than 100 levels.');
		expect(server.runs).toHaveLength(0);

		const fine = `{"event":"incomingMessage","channel":"sms","text":"x","extra":${'['.repeat(99)}${']'.repeat(99)}}`;
		expect((await post(server.url, fine)).status).toBe(200);
		expect(server.runs).toHaveLength(1);
		expect(() => JSON.stringify(server!.runs[0].items)).not.toThrow();
		expect(JSON.stringify(server.runs[0].items)).toContain('[[[[');
		lines.push('body nested 10,000 deep: 400, no run; 100 deep: accepted, its item serialises');
	});
});
