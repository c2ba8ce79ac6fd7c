import { bodyDigest, defaultDeliveryId, eventIdentity, isChannelEvent } from '../../../nodes/shared/delivery/delivery-id';
import { UUID_PATTERN } from '../../../nodes/shared/delivery/name-uuid';

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

	test('isChannelEvent wants a known kind and the original element', () => {
		expect(isChannelEvent(receipt)).toBe(true);
		expect(isChannelEvent({ ...receipt, raw: undefined })).toBe(false);
		expect(isChannelEvent({ ...receipt, kind: 'order' })).toBe(false);
		expect(isChannelEvent([receipt])).toBe(false);
		expect(isChannelEvent(null)).toBe(false);
	});
});
