import type { PDU } from 'smpp';

import { forwardAll, type ForwardDeps, type ForwardOptions, type ForwardRequest } from '../../../nodes/shared/smpp/forward';
import type { SmppBindConfig } from '../../../nodes/shared/smpp/session';
import { startSmppServer, type SmppServerScript, type TestSmppServer } from '../../support/smpp-server';

const PASSWORD = 's3cr3t-pw';
const ESME_RTHROTTLED = 0x58;
const ESME_RMSGQFUL = 0x14;
const ESME_RINVDSTADR = 0x0b;
const ESME_RINVPASWD = 0x0e;

let server: TestSmppServer;
afterEach(async () => server?.close());

const config = (overrides: Partial<SmppBindConfig> = {}): SmppBindConfig => ({
	host: '127.0.0.1',
	port: server.port,
	systemId: 'esme1',
	password: PASSWORD,
	systemType: 'n8n',
	bindMode: 'transmitter',
	tls: false,
	...overrides,
});

/** Real time, but retry waits are recorded and last 1 ms. */
function deps(): ForwardDeps & { sleeps: number[] } {
	const sleeps: number[] = [];
	let reference = 0;
	return {
		sleeps,
		now: () => Date.now(),
		sleep: async (ms) => {
			sleeps.push(ms);
			await new Promise((resolve) => setTimeout(resolve, 1));
		},
		nextReference: () => ++reference,
	};
}

const options = (overrides: Partial<ForwardOptions> = {}): ForwardOptions => ({ maxRetries: 3, retryIntervalMs: 60_000, ...overrides });
const message = (text: string, source = '+447700900001'): ForwardRequest => ({ source, destination: '447700900999', text });
const textOf = (pdu: PDU) => (pdu.short_message as { message: string }).message;

async function start(script: SmppServerScript = {}) {
	server = await startSmppServer(script);
}

describe('forwardAll against a loopback SMSC', () => {
	it('binds once, submits each message from its sender to the phone number, and unbinds at the end', async () => {
		await start();
		const long = 'A'.repeat(400);
		const results = await forwardAll(config(), [message('Hello'), message('Grüße 😀', 'ACME'), message(long)], options(), deps());

		expect(results.map((r) => r.status)).toEqual(['forwarded', 'forwarded', 'forwarded']);
		expect(results.map((r) => r.messageIds.length)).toEqual([1, 1, 3]);
		expect(server.connections).toBe(1);
		const binds = server.received('bind_transmitter');
		expect(binds).toHaveLength(1);
		expect(binds[0].pdu).toMatchObject({ system_id: 'esme1', password: PASSWORD, system_type: 'n8n', interface_version: 0x34 });

		const submits = server.received('submit_sm').map((r) => r.pdu);
		expect(submits).toHaveLength(5);
		expect(submits[0]).toMatchObject({ source_addr: '447700900001', source_addr_ton: 1, source_addr_npi: 1, destination_addr: '447700900999', dest_addr_ton: 1, data_coding: 0, esm_class: 0, registered_delivery: 0 });
		expect(textOf(submits[0])).toBe('Hello');
		expect(submits[1]).toMatchObject({ source_addr: 'ACME', source_addr_ton: 5, source_addr_npi: 0, data_coding: 8 });
		expect(textOf(submits[1])).toBe('Grüße 😀');
		// The 400-character text: three parts with the same reference (the third one drawn), 1..3 of 3.
		const parts = submits.slice(2);
		parts.forEach((pdu, index) => {
			expect(pdu.esm_class).toBe(0x40);
			const udh = (pdu.short_message as { udh: Buffer[] }).udh;
			expect(udh.map((ie) => [...ie])).toEqual([[0x00, 0x03, 3, 3, index + 1]]);
		});
		expect(parts.map(textOf).join('')).toBe(long);
		expect(results[2].messageIds).toEqual(server.accepted.slice(2).map((a) => a.messageId));

		expect(server.pdus[server.pdus.length - 1].command).toBe('unbind');
	});

	it('sets registered_delivery when asked for', async () => {
		await start();
		await forwardAll(config(), [message('receipt please')], options({ registeredDelivery: true }), deps());
		expect(server.received('submit_sm')[0].pdu.registered_delivery).toBe(1);
	});

	it('sends a long text whole in message_payload in payload mode', async () => {
		await start();
		const long = 'B'.repeat(400);
		const [result] = await forwardAll(config(), [message(long)], options({ longMessage: 'payload' }), deps());
		expect(result).toMatchObject({ status: 'forwarded', parts: 1 });
		const [submit] = server.received('submit_sm').map((r) => r.pdu);
		expect(textOf(submit)).toBe('');
		expect((submit.message_payload as { message: string }).message).toBe(long);
	});

	it('binds as a transceiver when the credential says so', async () => {
		await start();
		await forwardAll(config({ bindMode: 'transceiver' }), [message('hi')], options(), deps());
		expect(server.received('bind_transceiver')).toHaveLength(1);
		expect(server.received('bind_transmitter')).toHaveLength(0);
	});

	it('retries a throttled submit after the retry interval and then forwards it once', async () => {
		await start({ submit: (_pdu, n) => (n === 1 ? { status: ESME_RTHROTTLED } : {}) });
		const d = deps();
		const [result] = await forwardAll(config(), [message('slow down')], options({ retryIntervalMs: 1500 }), d);

		expect(result.status).toBe('forwarded');
		expect(d.sleeps).toEqual([1500]);
		expect(result.attempts.map((a) => a.commandStatusName)).toEqual(['ESME_RTHROTTLED', 'ESME_ROK']);
		expect(server.received('submit_sm')).toHaveLength(2);
		expect(server.accepted).toHaveLength(1);
		expect(result.messageIds).toEqual([server.accepted[0].messageId]);
	});

	it('fails with RETRIES_EXHAUSTED after maxRetries when the queue stays full', async () => {
		await start({ submit: () => ({ status: ESME_RMSGQFUL }) });
		const [result] = await forwardAll(config(), [message('queue full')], options({ maxRetries: 2 }), deps());

		expect(result.status).toBe('failed');
		expect(result.attempts).toHaveLength(3);
		expect(server.received('submit_sm')).toHaveLength(3);
		expect(result.error).toMatchObject({ code: 'RETRIES_EXHAUSTED' });
		expect(result.error!.message).toContain('ESME_RMSGQFUL (0x00000014)');
	});

	it('fails a refused message at once, naming the SMPP error, and sends none of its remaining parts', async () => {
		await start({ submit: (_pdu, n) => (n === 1 ? { status: ESME_RINVDSTADR } : {}) });
		const [result] = await forwardAll(config(), [message('C'.repeat(400))], options({ windowSize: 1 }), deps());

		expect(result.status).toBe('failed');
		expect(result.error).toMatchObject({ code: 'SMPP_REJECTED', message: 'The SMSC refused part 1 of 3: ESME_RINVDSTADR (0x0000000B)' });
		expect(result.error!.hint).toMatch(/destination/);
		expect(server.received('submit_sm')).toHaveLength(1);
	});

	it('rebinds after the connection drops mid-batch and forwards every message exactly once', async () => {
		await start({ submit: (_pdu, n) => (n === 3 ? { drop: true } : {}) });
		const texts = ['one', 'two', 'three', 'four', 'five'];
		const d = deps();
		const results = await forwardAll(config(), texts.map((t) => message(t)), options({ windowSize: 1, retryIntervalMs: 5 }), d);

		expect(results.map((r) => r.status)).toEqual(texts.map(() => 'forwarded'));
		expect(server.connections).toBe(2);
		expect(server.received('bind_transmitter').map((r) => r.connection)).toEqual([1, 2]);
		expect(server.accepted.map((a) => textOf(a.pdu)).sort()).toEqual([...texts].sort());
		expect(results[2].attempts.map((a) => a.errorCode ?? a.commandStatusName)).toEqual(['CONNECTION', 'ESME_ROK']);
		expect(d.sleeps).toEqual([5]);
		expect(server.pdus[server.pdus.length - 1]).toMatchObject({ command: 'unbind', connection: 2 });
	});

	it('answers an unbind from the SMSC, rebinds and resends the unanswered message', async () => {
		await start({ submit: (_pdu, n) => (n === 2 ? { unbind: true } : {}) });
		const results = await forwardAll(config(), [message('first'), message('second')], options({ windowSize: 1, retryIntervalMs: 5 }), deps());

		expect(results.map((r) => r.status)).toEqual(['forwarded', 'forwarded']);
		expect(server.received('unbind_resp')).toHaveLength(1);
		expect(server.received('bind_transmitter')).toHaveLength(2);
		expect(server.accepted.map((a) => textOf(a.pdu))).toEqual(['first', 'second']);
	});

	it('never submits a message twice that the SMSC accepted, when the link drops with a full window', async () => {
		await start({ submit: (_pdu, n) => (n === 4 ? { drop: true } : {}) });
		const texts = Array.from({ length: 8 }, (_, i) => `message ${i + 1}`);
		const results = await forwardAll(config(), texts.map((t) => message(t)), options({ retryIntervalMs: 5 }), deps());

		expect(results.every((r) => r.status === 'forwarded')).toBe(true);
		const acceptedTexts = server.accepted.map((a) => textOf(a.pdu));
		expect(acceptedTexts.sort()).toEqual([...texts].sort());
		results.forEach((r) => expect(r.messageIds).toHaveLength(1));
	});

	it('fails every message with a clear message when the SMSC refuses the bind, without retrying or leaking the password', async () => {
		await start({ bind: () => ESME_RINVPASWD });
		const d = deps();
		const results = await forwardAll(config(), [message('a'), message('b')], options(), d);

		for (const result of results) {
			expect(result.status).toBe('failed');
			expect(result.error).toMatchObject({
				code: 'SMPP_BIND_REFUSED',
				message: `The SMSC at 127.0.0.1:${server.port} refused the bind_transmitter of ESME "esme1": ESME_RINVPASWD (0x0000000E)`,
			});
			expect(result.error!.hint).toMatch(/Password/);
			expect(JSON.stringify(result)).not.toContain(PASSWORD);
		}
		expect(server.received('bind_transmitter')).toHaveLength(1);
		expect(server.received('submit_sm')).toHaveLength(0);
		expect(d.sleeps).toEqual([]);
	});

	it('keeps at most windowSize submit_sm outstanding', async () => {
		await start({ submit: () => ({ delayMs: 30 }) });
		const results = await forwardAll(config(), Array.from({ length: 10 }, (_, i) => message(`m${i}`)), options({ windowSize: 3 }), deps());

		expect(results.every((r) => r.status === 'forwarded')).toBe(true);
		expect(server.peakOutstanding).toBe(3);
	});

	it('answers the SMSC’s enquire_link and sends its own keep-alive while bound', async () => {
		await start({ submit: () => ({ delayMs: 150 }) });
		const run = forwardAll(config(), [message('keep me alive')], options({ timeouts: { enquireLinkIntervalMs: 40 } }), deps());
		await new Promise((resolve) => setTimeout(resolve, 60));
		server.enquireLinks();
		const [result] = await run;

		expect(result.status).toBe('forwarded');
		expect(server.received('enquire_link_resp').length).toBeGreaterThanOrEqual(1);
		expect(server.received('enquire_link').length).toBeGreaterThanOrEqual(1);
	});

	it('acknowledges a deliver_sm the SMSC sends on a transceiver bind and carries on', async () => {
		await start({ submit: () => ({ delayMs: 100 }) });
		const run = forwardAll(config({ bindMode: 'transceiver' }), [message('hi')], options(), deps());
		await new Promise((resolve) => setTimeout(resolve, 40));
		server.sendToEsmes('deliver_sm', { source_addr: '447700900999', destination_addr: '447700900001', esm_class: 0x04, short_message: 'id:1 stat:DELIVRD' });
		const [result] = await run;

		expect(result.status).toBe('forwarded');
		expect(server.received('deliver_sm_resp')).toHaveLength(1);
		expect(server.received('deliver_sm_resp')[0].pdu.command_status).toBe(0);
	});

	it('retries when the SMSC cannot be reached, then fails naming the connection error', async () => {
		await start();
		const port = server.port;
		await server.close();
		const d = deps();
		const [result] = await forwardAll(config({ port }), [message('nobody home')], options({ maxRetries: 1, retryIntervalMs: 10 }), d);

		expect(result.status).toBe('failed');
		expect(result.attempts.map((a) => a.errorCode)).toEqual(['CONNECTION', 'CONNECTION']);
		expect(result.error).toMatchObject({ code: 'RETRIES_EXHAUSTED' });
		expect(result.error!.message).toMatch(/Could not connect to the SMSC at 127\.0\.0\.1/);
		expect(d.sleeps).toEqual([10]);
	});

	it('treats a submit_sm left unanswered past the response timeout as a lost link and resends it', async () => {
		await start({ submit: (_pdu, n) => (n === 1 ? { delayMs: 5_000 } : {}) });
		const [result] = await forwardAll(config(), [message('late')], options({ retryIntervalMs: 5, timeouts: { responseTimeoutMs: 200 } }), deps());

		expect(result.status).toBe('forwarded');
		expect(result.attempts.map((a) => a.errorCode ?? a.commandStatusName)).toEqual(['TIMEOUT', 'ESME_ROK']);
		expect(server.connections).toBe(2);
	});
});
