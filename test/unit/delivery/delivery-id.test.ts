import { createHash } from 'node:crypto';

import { bodyDigest, defaultDeliveryId, eventIdentity, isChannelEvent, UUID_PATTERN } from '../../../nodes/shared/delivery/delivery-id';
import { normalizeEvent } from '../../../nodes/shared/events';
import { corpusBody, loadCorpus } from '../../support/platform-corpus';

/** A delivery receipt as the Channel Event Trigger emits it. */
const receipt = {
	kind: 'deliveryReceipt',
	channel: 'sms',
	status: 'delivered',
	entity: { type: 'service', id: 'svc-9' },
	to: '447700900123',
	transactionId: 'tx-1',
	correlationId: 'corr-1',
	code: '6000',
	timestamp: '2026-12-01T10:00:00Z',
	raw: { deliveryStatus: 'DeliveredToTerminal', transid: 'tx-1' },
};

const idOf = (json: unknown, body = JSON.stringify(json), place = { workflowId: 'wf-1', nodeId: 'node-1' }) =>
	defaultDeliveryId({ json, ...place, digest: () => bodyDigest(Buffer.from(body)) });

describe('defaultDeliveryId: the same item gets the same id, distinct items distinct ids', () => {
	test('a channel event is named by its identity, not by what the workflow added or the body', () => {
		const id = idOf(receipt);
		expect(id).toMatch(UUID_PATTERN);
		expect(idOf(JSON.parse(JSON.stringify(receipt)))).toBe(id);
		expect(idOf({ ...receipt, headers: { 'x-request-id': 'abc' }, rawBody: '{…}' })).toBe(id);
		expect(idOf(receipt, '{"custom":"body"}', { workflowId: 'other', nodeId: 'other' })).toBe(id);
	});

	test('each identity field tells events apart', () => {
		const id = idOf(receipt);
		const changes: Array<Record<string, unknown>> = [
			{ kind: 'incomingMessage' },
			{ channel: 'mms' },
			{ status: 'failed' },
			{ transactionId: 'tx-2' },
			{ messageId: 'm-1' },
			{ correlationId: 'corr-2' },
			{ timestamp: '2026-12-01T10:00:01Z' },
			{ to: '447700900124' },
			{ from: '447700900999' },
			{ entity: { type: 'service', id: 'svc-10' } },
			{ entity: { type: 'app', id: 'svc-9' } },
		];
		const ids = changes.map((change) => idOf({ ...receipt, ...change }));
		expect(new Set([id, ...ids]).size).toBe(changes.length + 1);
	});

	test('an event without message, transaction or correlation id is named by its original element too', () => {
		const call = { kind: 'incomingCall', channel: 'voice', from: '+4915100000001', entity: { id: 'svc-9' }, raw: { callId: 'c-1', at: 1 } };
		expect(idOf(call)).toBe(idOf(JSON.parse(JSON.stringify(call))));
		expect(idOf({ ...call, raw: { callId: 'c-2', at: 1 } })).not.toBe(idOf(call));
		expect(eventIdentity(call)).toContain('c-1');
		expect(eventIdentity(receipt)).not.toContain('DeliveredToTerminal');
	});

	test('any other item is named by workflow, node and the exact body bytes', () => {
		const item = { order: 42 };
		const id = idOf(item);
		expect(idOf({ order: 42 })).toBe(id);
		expect(idOf(item, '{"order":43}')).not.toBe(id);
		expect(idOf(item, '{"order": 42}')).not.toBe(id); // one byte more
		expect(idOf(item, undefined, { workflowId: 'wf-2', nodeId: 'node-1' })).not.toBe(id);
		expect(idOf(item, undefined, { workflowId: 'wf-1', nodeId: 'node-2' })).not.toBe(id);
		// Lengths are part of the name: ("wf-1", "1node") and ("wf-11", "node") do not meet.
		expect(idOf(item, undefined, { workflowId: 'wf-1', nodeId: '1node' })).not.toBe(idOf(item, undefined, { workflowId: 'wf-11', nodeId: 'node' }));
	});

	test('10,000 distinct bodies give 10,000 distinct ids', () => {
		const ids = new Set(Array.from({ length: 10_000 }, (_, i) => idOf({ i })));
		expect(ids.size).toBe(10_000);
	});

	test('hashes the body only for items that are not channel events', () => {
		let hashed = 0;
		const digest = () => (hashed++, bodyDigest(Buffer.from('x')));
		defaultDeliveryId({ json: receipt, workflowId: 'w', nodeId: 'n', digest });
		expect(hashed).toBe(0);
		defaultDeliveryId({ json: { a: 1 }, workflowId: 'w', nodeId: 'n', digest });
		expect(hashed).toBe(1);
	});

	test('the derivations are fixed: ids computed here with plain SHA-256 (RFC 9562 B.2) match, across versions', () => {
		// A receiver deduplicates across an upgrade of this package only if an item keeps its id: the
		// names and namespaces below are the package's, written out; a change of derivation fails here.
		const uuid8 = (...parts: Buffer[]) => {
			const bytes = createHash('sha256').update(Buffer.concat(parts)).digest().subarray(0, 16);
			bytes[6] = (bytes[6] & 0x0f) | 0x80;
			bytes[8] = (bytes[8] & 0x3f) | 0x80;
			const hex = bytes.toString('hex');
			return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
		};
		const ns = (uuid: string) => Buffer.from(uuid.replace(/-/g, ''), 'hex');
		const body = Buffer.from('{"order":42}');
		const item = uuid8(ns('c874a1c7-c47a-4ddc-92f1-eb176e4c3347'), Buffer.from('4:wf-1\n6:node-1\n'), createHash('sha256').update(body).digest());
		expect(defaultDeliveryId({ json: { order: 42 }, workflowId: 'wf-1', nodeId: 'node-1', digest: () => bodyDigest(body) })).toBe(item);
		// Another (workflow, node) pair in between, then the first again: the same id.
		defaultDeliveryId({ json: { order: 42 }, workflowId: 'wf-22', nodeId: 'n', digest: () => bodyDigest(body) });
		expect(defaultDeliveryId({ json: { order: 42 }, workflowId: 'wf-1', nodeId: 'node-1', digest: () => bodyDigest(body) })).toBe(item);
		const event = uuid8(ns('ba5fe372-f9d2-4976-83b4-2ed69dbda0ec'), Buffer.from(eventIdentity(receipt)));
		expect(defaultDeliveryId({ json: receipt, workflowId: 'w', nodeId: 'n', digest: () => '' })).toBe(event);
	});

	test('isChannelEvent wants a known kind and the original element', () => {
		expect(isChannelEvent(receipt)).toBe(true);
		expect(isChannelEvent({ ...receipt, raw: undefined })).toBe(false);
		expect(isChannelEvent({ ...receipt, kind: 'order' })).toBe(false);
		expect(isChannelEvent([receipt])).toBe(false);
		expect(isChannelEvent(null)).toBe(false);
	});
});

describe('defaultDeliveryId of the platform\'s notifications (test/fixtures/platform/)', () => {
	const corpus = loadCorpus();
	const normalised = (file: string) => normalizeEvent(JSON.parse(corpusBody(corpus.find((entry) => entry.file === file)!)))[0];
	const idOfEvent = (event: unknown) => defaultDeliveryId({ json: event, workflowId: 'w', nodeId: 'n', digest: () => '' });

	test('known answer: the MMS Delivered receipt is named by its transaction id, status, time and code', () => {
		const delivered = normalised('mms/mms-02-dr-delivered.json');
		// The name, written out from the published body: kind, channel, status, messageId, transid,
		// correlationid, timeStamp, from, destination, entity type and id, then the code.
		const name =
			'["deliveryReceipt","mms","delivered",null,"9d257966-11ee-XXXX-984c-3ea6d3970897","na1b2b1i1","2021-07-28T05:39:02.673Z",null,"+1650XXXX091",null,null,{"code":"7500"}]';
		expect(eventIdentity(delivered)).toBe(name);
		const bytes = createHash('sha256').update(Buffer.concat([Buffer.from('ba5fe372f9d2497683b42ed69dbda0ec', 'hex'), Buffer.from(name)])).digest().subarray(0, 16);
		bytes[6] = (bytes[6] & 0x0f) | 0x80;
		bytes[8] = (bytes[8] & 0x3f) | 0x80;
		const hex = bytes.toString('hex');
		const expected = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
		expect(idOfEvent(delivered)).toBe(expected);
		// Pinned: a receiver deduplicating across an upgrade relies on this id never changing.
		expect(idOfEvent(delivered)).toBe('01d518f1-1e36-844a-bb95-26721e986aa7');
	});

	test('the same notification posted twice gets the same id; the receipts of one message do not collide', () => {
		for (const entry of corpus) {
			const once = normalizeEvent(JSON.parse(corpusBody(entry)))[0];
			const again = normalizeEvent(JSON.parse(corpusBody(entry)))[0];
			expect(idOfEvent(JSON.parse(JSON.stringify(again)))).toBe(idOfEvent(once));
		}
		const receipts = corpus.filter((entry) => entry.expect.kind === 'deliveryReceipt').map((entry) => normalizeEvent(JSON.parse(corpusBody(entry)))[0]);
		const byTransaction = new Map<string, typeof receipts>();
		for (const receipt of receipts) byTransaction.set(receipt.transactionId!, [...(byTransaction.get(receipt.transactionId!) ?? []), receipt]);
		const shared = [...byTransaction.values()].filter((group) => group.length > 1);
		expect(shared.length).toBeGreaterThan(3);
		for (const group of shared) expect(new Set(group.map(idOfEvent)).size).toBe(group.length);
	});

	test('a typing start and a typing stop of one transaction get distinct ids', () => {
		const start = normalised('inapp/rt-09-typing-start.json');
		const stop = normalised('inapp/rt-14-typing-stop.json');
		expect([start.transactionId, start.timestamp]).toEqual([stop.transactionId, stop.timestamp]);
		expect(idOfEvent(start)).not.toBe(idOfEvent(stop));
	});
});
