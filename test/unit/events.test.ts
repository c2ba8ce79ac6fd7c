import fc from 'fast-check';

import { normalizeEvent, type ChannelEvent } from '../../nodes/shared/events';

/** The platform's delivery receipt, one valid fixture; each test below changes one thing. */
const receipt = () => ({
	deliveryInfoNotification: {
		deliveryInfo: {
			deliveryStatus: 'Delivered',
			deliveryChannel: 'whatsapp',
			destination: '447700900123',
			code: '6000',
			Description: 'Message delivered',
			transid: 'tx-1',
			correlationid: 'corr-1',
			serviceid: 'svc-9',
			timestamp: '2026-11-28T17:00:00Z',
		},
	},
});

const RECEIPT_EVENT: ChannelEvent = {
	kind: 'deliveryReceipt',
	channel: 'whatsApp',
	status: 'delivered',
	entity: { type: 'service', id: 'svc-9' },
	to: '447700900123',
	code: '6000',
	description: 'Message delivered',
	transactionId: 'tx-1',
	correlationId: 'corr-1',
	timestamp: '2026-11-28T17:00:00Z',
	raw: receipt(),
};

/** The documented generic shape. */
const generic = () => ({
	event: 'incomingMessage',
	channel: 'sms',
	from: '+447700900001',
	to: '447700900123',
	text: 'STOP',
	messageId: 'm-1',
	entity: { type: 'phoneNumber', id: '447700900123' },
	timestamp: '2026-11-28T17:00:00Z',
});

describe('normalizeEvent: the platform receipt (deliveryInfoNotification)', () => {
	test('normalises every field and keeps the original payload in raw', () => {
		expect(normalizeEvent(receipt())).toEqual([RECEIPT_EVENT]);
	});

	test('numeric code and transid become strings', () => {
		const payload = receipt();
		Object.assign(payload.deliveryInfoNotification.deliveryInfo, { code: 6000, transid: 42 });
		expect(normalizeEvent(payload)[0]).toMatchObject({ code: '6000', transactionId: '42' });
	});

	test('an unknown status keeps the sender\'s value', () => {
		const payload = receipt();
		payload.deliveryInfoNotification.deliveryInfo.deliveryStatus = 'Teleported';
		expect(normalizeEvent(payload)[0]).toMatchObject({ kind: 'deliveryReceipt', channel: 'whatsApp', status: 'Teleported' });
	});

	test('an unknown channel keeps the sender\'s value', () => {
		const payload = receipt();
		payload.deliveryInfoNotification.deliveryInfo.deliveryChannel = 'carrierPigeon';
		expect(normalizeEvent(payload)[0]).toMatchObject({ channel: 'carrierPigeon', status: 'delivered' });
	});

	test('a new field is kept in raw and breaks nothing', () => {
		const payload = { ...receipt(), newTopLevel: { nested: [1, 2] } };
		(payload.deliveryInfoNotification.deliveryInfo as Record<string, unknown>).interaction = { id: 'i-1' };
		const [event] = normalizeEvent(payload);
		expect(event).toMatchObject({ kind: 'deliveryReceipt', status: 'delivered' });
		expect(event.raw).toEqual(payload);
	});

	test('a receipt without deliveryStatus is not a receipt any more (falls back to the generic reading)', () => {
		const payload = receipt();
		delete (payload.deliveryInfoNotification.deliveryInfo as Partial<typeof payload.deliveryInfoNotification.deliveryInfo>).deliveryStatus;
		expect(normalizeEvent(payload)[0].kind).toBe('unknown');
	});

	test('a deliveryInfo array gives one event per entry, each with the whole payload in raw', () => {
		const payload = receipt();
		const second = { ...payload.deliveryInfoNotification.deliveryInfo, deliveryStatus: 'Read', transid: 'tx-2' };
		const batch = { deliveryInfoNotification: { deliveryInfo: [payload.deliveryInfoNotification.deliveryInfo, second] } };
		expect(normalizeEvent(batch).map((e) => [e.status, e.transactionId])).toEqual([
			['delivered', 'tx-1'],
			['read', 'tx-2'],
		]);
	});

	test('a wrongly typed optional field is ignored, not fatal', () => {
		const payload = receipt();
		(payload.deliveryInfoNotification.deliveryInfo as Record<string, unknown>).destination = { not: 'a number' };
		const [event] = normalizeEvent(payload);
		expect(event.kind).toBe('deliveryReceipt');
		expect(event.to).toBeUndefined();
	});
});

describe('normalizeEvent: the generic shape', () => {
	test('normalises an incoming message', () => {
		expect(normalizeEvent(generic())).toEqual([
			{
				kind: 'incomingMessage',
				channel: 'sms',
				entity: { type: 'phoneNumber', id: '447700900123' },
				from: '+447700900001',
				to: '447700900123',
				text: 'STOP',
				messageId: 'm-1',
				timestamp: '2026-11-28T17:00:00Z',
				raw: generic(),
			},
		]);
	});

	test('message as an object with text', () => {
		const payload: Record<string, unknown> = { ...generic(), message: { text: 'HELLO', type: 'text' } };
		delete payload.text;
		expect(normalizeEvent(payload)[0].text).toBe('HELLO');
	});

	test('kind aliases: "mo", "dlr", "call", "call_event"', () => {
		expect(normalizeEvent({ ...generic(), event: 'mo' })[0].kind).toBe('incomingMessage');
		expect(normalizeEvent({ event: 'dlr', channel: 'sms', status: 'DELIVERED' })[0]).toMatchObject({ kind: 'deliveryReceipt', status: 'delivered' });
		expect(normalizeEvent({ eventType: 'call', channel: 'voice', from: '1' })[0].kind).toBe('incomingCall');
		expect(normalizeEvent({ type: 'call_event', channel: 'voice', status: 'Answered' })[0]).toMatchObject({ kind: 'callEvent', status: 'answered' });
	});

	test('without an event name, a status means a receipt and a text an incoming message', () => {
		const payload: Record<string, unknown> = generic();
		delete payload.event;
		expect(normalizeEvent(payload)[0].kind).toBe('incomingMessage');
		expect(normalizeEvent({ channel: 'rcs', status: 'read' })[0].kind).toBe('deliveryReceipt');
	});

	test('tel: prefixes are stripped from addresses', () => {
		expect(normalizeEvent({ ...generic(), from: 'tel:+447700900001' })[0].from).toBe('+447700900001');
	});

	test('serviceId / appId name the entity when no entity object is given', () => {
		const payload: Record<string, unknown> = { ...generic(), appId: 'app-7' };
		delete payload.entity;
		expect(normalizeEvent(payload)[0].entity).toEqual({ type: 'app', id: 'app-7' });
	});

	test('an object with nothing recognisable is kind unknown, with raw', () => {
		expect(normalizeEvent({ hello: 'world' })).toEqual([{ kind: 'unknown', raw: { hello: 'world' } }]);
	});
});

describe('normalizeEvent: OneAPI incoming message', () => {
	test('normalises inboundSMSMessageNotification', () => {
		const payload = {
			inboundSMSMessageNotification: {
				inboundSMSMessage: {
					senderAddress: 'tel:+447700900001',
					destinationAddress: '447700900123',
					message: 'Hi there',
					messageId: 'm-9',
					dateTime: '2026-11-28T17:00:00Z',
				},
			},
		};
		expect(normalizeEvent(payload)).toEqual([
			{
				kind: 'incomingMessage',
				channel: 'sms',
				from: '+447700900001',
				to: '447700900123',
				text: 'Hi there',
				messageId: 'm-9',
				timestamp: '2026-11-28T17:00:00Z',
				raw: payload,
			},
		]);
	});
});

describe('normalizeEvent: the shape the Outbound Webhook node relays (a normalised event)', () => {
	test('a normalised event normalises to itself', () => {
		expect(normalizeEvent(RECEIPT_EVENT)).toEqual([RECEIPT_EVENT]);
	});

	test('after a JSON round trip too (what the relay posts), fields a workflow added kept', () => {
		const relayed = JSON.parse(JSON.stringify({ ...RECEIPT_EVENT, addedByWorkflow: 'yes' }));
		expect(normalizeEvent(relayed)).toEqual([relayed]);
	});

	test('a batch of normalised events normalises to itself', () => {
		const batch = normalizeEvent([receipt(), generic()]);
		expect(normalizeEvent(JSON.parse(JSON.stringify(batch)))).toEqual(batch);
	});

	test('an invalid kind is not the relayed shape (read as generic)', () => {
		const event = { ...RECEIPT_EVENT, kind: 'somethingElse' };
		expect(normalizeEvent(event)[0].kind).not.toBe('somethingElse');
		expect(normalizeEvent(event)[0].raw).toEqual(event);
	});

	test('normalisation is idempotent for any JSON value (property)', () => {
		fc.assert(
			fc.property(fc.jsonValue(), (value) => {
				const once = normalizeEvent(value);
				const twice = JSON.parse(JSON.stringify(once)).flatMap((event: unknown) => normalizeEvent(event));
				expect(twice).toEqual(JSON.parse(JSON.stringify(once)));
			}),
			{ numRuns: 300 },
		);
	});
});

describe('normalizeEvent: batches and odd bodies', () => {
	test('an array gives one event per element, in order', () => {
		const events = normalizeEvent([receipt(), generic(), 7]);
		expect(events.map((e) => e.kind)).toEqual(['deliveryReceipt', 'incomingMessage', 'unknown']);
		expect(events[2].raw).toBe(7);
	});

	test('an empty array gives no events', () => {
		expect(normalizeEvent([])).toEqual([]);
	});

	test('never throws, whatever JSON arrives (property)', () => {
		fc.assert(fc.property(fc.jsonValue(), (value) => Array.isArray(normalizeEvent(value))), { numRuns: 500 });
	});
});

describe('the platform\'s flat incoming messages and events: what no published sample shows', () => {
	const base = { channel: 'WhatsApp', appId: 'a_1', waid: '447700900001', tid: 't-1', ts: '2026-12-07T08:00:00Z' };

	test('a nested JSON string that does not parse stays a string; one that parses is parsed; raw keeps it', () => {
		const [broken] = normalizeEvent({ ...base, event: 'MO', message: 'hi', attachments: '[{"url": ', thread: '{oops' });
		expect([broken.kind, broken.attachments, broken.thread]).toEqual(['incomingMessage', '[{"url": ', '{oops']);
		const [parsed] = normalizeEvent({ ...base, event: 'MO', attachments: '[{"url":"https://x.test/a.png","mime_type":"image/png"}]' });
		expect(parsed.attachments).toEqual([{ url: 'https://x.test/a.png', mime_type: 'image/png', type: 'image' }]);
		expect((parsed.raw as { attachments: string }).attachments).toBe('[{"url":"https://x.test/a.png","mime_type":"image/png"}]');
	});

	test('an event name no page shows: a message when it carries something the customer sent, else a customer event', () => {
		expect(normalizeEvent({ ...base, event: 'STICKER_PACK', attachments: '[{"url":"https://x.test/s.webp"}]' })[0].kind).toBe('incomingMessage');
		expect(normalizeEvent({ ...base, event: 'OnAgentJoin' })[0]).toMatchObject({ kind: 'customerEvent', eventType: 'agentJoin' });
	});

	test('empty strings are absent; keys in any case are read', () => {
		const [event] = normalizeEvent({ CHANNEL: 'whatsapp', APPID: 'a_1', WAID: '', USERID: '77', TID: 't-2', EVENT: 'mo', MESSAGE: 'Yo', CORRELATIONID: '' });
		expect(event).toMatchObject({ kind: 'incomingMessage', channel: 'whatsApp', from: '77', to: 'a_1', text: 'Yo', transactionId: 't-2' });
		expect(event).not.toHaveProperty('correlationId');
	});

	test('the package\'s own generic shape is not taken for the platform\'s (no oa, da, psid, tid, userId)', () => {
		const [event] = normalizeEvent({ event: 'deliveryReceipt', channel: 'sms', status: 'delivered', appId: 'a_1' });
		expect(event).toMatchObject({ kind: 'deliveryReceipt', status: 'delivered', entity: { type: 'app', id: 'a_1' } });
	});
});
