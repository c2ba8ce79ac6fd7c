import { CHANNELS, resolveChannelId, resolveStatusId } from '../../nodes/shared/catalog';
import { normalizeEvent, type ChannelEvent } from '../../nodes/shared/events';
import { receive } from '../../nodes/shared/receive';
import type { Subscription } from '../../nodes/shared/subscription';
import { corpusBody, loadCorpus, valueAt, type CorpusEntry } from '../support/platform-corpus';

/**
 * The platform's published bodies (test/fixtures/platform/) as a real sender may vary them: the
 * values of its enumerations in another case or with spaces around them, ids as numbers, keys in
 * another case, a batch, `deliveryInfoNotification` as a list, empty strings, channel names as the
 * platform's UI shows them. Each variant must mean what the published body means: the expected
 * fields are the index's own (`expect`, written from each sample), never this package's output.
 */
const CORPUS = loadCorpus();
const SAMPLES = CORPUS.map((entry) => [entry, JSON.parse(corpusBody(entry)) as Record<string, unknown>] as const);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The expected fields of the entry, read from an event. */
const fieldsOf = (entry: CorpusEntry, event: ChannelEvent | undefined) =>
	Object.fromEntries(Object.keys(entry.expect).map((path) => [path, valueAt(event, path) ?? null]));

/** Keys (lower case) whose values are names from the platform's enumerations, not free text or ids. */
const ENUM_KEYS = new Set(['event', 'type', 'deliverystatus', 'deliverychannel', 'channel', 'message_source']);

/** The body with every enumeration value changed by `edit`, at any depth of real objects (JSON strings untouched). */
function editEnums(value: Json, edit: (text: string) => string): Json {
	if (Array.isArray(value)) return value.map((item) => editEnums(item, edit));
	if (value === null || typeof value !== 'object') return value;
	return Object.fromEntries(
		Object.entries(value).map(([key, inner]) => [key, typeof inner === 'string' && ENUM_KEYS.has(key.toLowerCase()) ? edit(inner) : editEnums(inner, edit)]),
	);
}

/** The body with every key changed by `edit`, at any depth of real objects. */
function editKeys(value: Json, edit: (key: string) => string): Json {
	if (Array.isArray(value)) return value.map((item) => editKeys(item, edit));
	if (value === null || typeof value !== 'object') return value;
	return Object.fromEntries(Object.entries(value).map(([key, inner]) => [edit(key), editKeys(inner, edit)]));
}

const EVERYTHING: Subscription = {
	entityType: 'service',
	entityId: '',
	events: ['incomingMessage', 'incomingCall', 'callEvent', 'customerEvent'],
	receipts: Object.fromEntries(CHANNELS.map((channel) => [channel.id, channel.statuses.map((s) => s.id)])),
};

const post = (body: unknown, subscription: Subscription = EVERYTHING) =>
	receive(
		{ method: 'POST', headers: { 'content-type': 'application/json' }, rawBody: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)) },
		{ maxBodyBytes: 4 * 1024 * 1024, auth: { type: 'none' }, subscription },
	);

describe.each([
	['upper case', (text: string) => text.toUpperCase()],
	['lower case', (text: string) => text.toLowerCase()],
	['spaces around', (text: string) => `  ${text} `],
])('every published body with its enumeration values (event, type, status, channel) in %s', (_name, edit) => {
	test.each(SAMPLES.map(([entry, body]) => [entry.file, entry, body] as const))('%s means the same', (_file, entry, body) => {
		const [event, ...more] = normalizeEvent(editEnums(body as Json, edit));
		expect(more).toHaveLength(0);
		expect(fieldsOf(entry, event)).toEqual(entry.expect);
	});
});

describe.each([
	['upper case', (key: string) => key.toUpperCase()],
	['lower case', (key: string) => key.toLowerCase()],
])('every published body with its keys in %s', (_name, edit) => {
	test.each(SAMPLES.map(([entry, body]) => [entry.file, entry, body] as const))('%s means the same', (_file, entry, body) => {
		const [event] = normalizeEvent(editKeys(body as Json, edit));
		expect(fieldsOf(entry, event)).toEqual(entry.expect);
	});
});

/** Fields that hold digits the platform could as well send as JSON numbers. */
const NUMERIC_KEYS = new Set(['code', 'da', 'oa', 'msisdn', 'waid', 'psid', 'igsid', 'destination']);

function digitsAsNumbers(value: Json): Json {
	if (Array.isArray(value)) return value.map(digitsAsNumbers);
	if (value === null || typeof value !== 'object') return value;
	return Object.fromEntries(
		Object.entries(value).map(([key, inner]) => [
			key,
			typeof inner === 'string' && NUMERIC_KEYS.has(key.toLowerCase()) && /^[1-9]\d{0,14}$/.test(inner) ? Number(inner) : digitsAsNumbers(inner),
		]),
	);
}

describe('every published body with its numeric codes, numbers and ids sent as JSON numbers', () => {
	test.each(SAMPLES.map(([entry, body]) => [entry.file, entry, body] as const))('%s means the same', (_file, entry, body) => {
		const [event] = normalizeEvent(digitsAsNumbers(body as Json));
		expect(fieldsOf(entry, event)).toEqual(entry.expect);
	});
});

describe('ids and addresses with spaces around them', () => {
	test.each(SAMPLES.filter(([entry]) => entry.expect['entity.id'] !== undefined).map(([entry, body]) => [entry.file, entry, body] as const))(
		'%s: the trigger of its entity keeps it, and its fields are trimmed',
		(_file, entry, body) => {
			const padded = Object.fromEntries(
				Object.entries(body).map(([key, value]) => [key, typeof value === 'string' && ['da', 'appid', 'oa', 'tid'].includes(key.toLowerCase()) && value !== '' ? ` ${value}\t` : value]),
			);
			const [event] = normalizeEvent(padded);
			expect(fieldsOf(entry, event)).toEqual(entry.expect);
			const kind = entry.expect.kind as Subscription['events'][number];
			const result = post(padded, { entityType: entry.expect['entity.type'] as Subscription['entityType'], entityId: String(entry.expect['entity.id']), events: [kind], receipts: {} });
			expect(result.events).toHaveLength(1);
		},
	);
});

describe('batches', () => {
	test('the whole corpus as one JSON array: one event per body, in order, each as when sent alone', () => {
		const result = post(SAMPLES.map(([, body]) => body));
		expect(result.received).toBe(SAMPLES.length);
		expect(result.events.map((event) => event.raw)).toEqual(SAMPLES.map(([, body]) => body));
		SAMPLES.forEach(([entry], i) => expect(fieldsOf(entry, result.events[i])).toEqual(entry.expect));
	});

	const RECEIPTS = SAMPLES.filter(([entry]) => entry.expect.kind === 'deliveryReceipt');

	test('deliveryInfoNotification as a list of notifications: one receipt per notification, each with its own transid', () => {
		const notifications = RECEIPTS.map(([, body]) => Object.values(body).find((value) => typeof value === 'object' && value !== null && 'deliveryInfo' in value));
		expect(notifications).toHaveLength(RECEIPTS.length);
		const events = normalizeEvent({ deliveryInfoNotification: notifications });
		expect(events).toHaveLength(RECEIPTS.length);
		RECEIPTS.forEach(([entry], i) => {
			const { 'entity.type': _t, 'entity.id': _i, ...fields } = entry.expect;
			const expected = Object.fromEntries(Object.keys(fields).map((path) => [path, fields[path]]));
			expect(Object.fromEntries(Object.keys(expected).map((path) => [path, valueAt(events[i], path) ?? null]))).toEqual(expected);
		});
	});

	test('events per request are counted after a notification is split: a list of notifications beyond the cap is refused, not run', () => {
		const [, body] = RECEIPTS[0];
		const notification = body.deliveryInfoNotification;
		const result = receive(
			{ method: 'POST', headers: { 'content-type': 'application/json' }, rawBody: Buffer.from(JSON.stringify({ deliveryInfoNotification: [notification, notification, notification] })) },
			{ maxBodyBytes: 1024 * 1024, maxEvents: 2, auth: { type: 'none' }, subscription: EVERYTHING },
		);
		expect([result.status, result.outcome, result.events.length]).toEqual([413, 'tooManyEvents', 0]);
		const within = receive(
			{ method: 'POST', headers: { 'content-type': 'application/json' }, rawBody: Buffer.from(JSON.stringify({ deliveryInfoNotification: [notification, notification] })) },
			{ maxBodyBytes: 1024 * 1024, maxEvents: 2, auth: { type: 'none' }, subscription: EVERYTHING },
		);
		expect([within.status, within.events.length]).toEqual([200, 2]);
	});

	test('a batch whose notifications arrive as JSON strings (a relay that serialised them) reads each', () => {
		const [entry, body] = RECEIPTS[0];
		const [event] = normalizeEvent({ deliveryInfoNotification: JSON.stringify(body.deliveryInfoNotification) });
		expect(fieldsOf(entry, event)).toEqual(entry.expect);
	});
});

describe('empty strings mean "none"', () => {
	const sms = SAMPLES.find(([entry]) => entry.file === 'sms/sms-06-mo-incoming.json')![1];

	test('an SMS with an empty number (da) names no entity: a Phone Number trigger keeps it (its URL is its own), its `to` is absent', () => {
		const [event] = normalizeEvent({ ...sms, da: '' });
		expect([event.kind, event.channel, event.to, event.entity, event.from]).toEqual(['incomingMessage', 'sms', undefined, undefined, 'XXXXXXXXXX']);
	});

	test('an empty event name is an incoming message; an empty channel is absent', () => {
		const [event] = normalizeEvent({ ...sms, Channel: '', message_source: '', event: '' });
		expect([event.kind, event.channel, event.text]).toEqual(['incomingMessage', undefined, 'Incoming Text Message']);
	});

	test('a receipt whose status is empty is not a receipt of any status: unrecognised, never a ticked one', () => {
		const receipt = SAMPLES.find(([entry]) => entry.file === 'sms/sms-05-dr-delivered.json')![1] as { deliveryInfoNotification: { deliveryInfo: Record<string, unknown> } };
		const body = { deliveryInfoNotification: { ...receipt.deliveryInfoNotification, deliveryInfo: { ...receipt.deliveryInfoNotification.deliveryInfo, deliveryStatus: '' } } };
		const result = post(body);
		expect([result.events.length, result.dropped]).toEqual([0, { unrecognised: 1 }]);
	});
});

describe('what the customer wrote, whatever it looks like', () => {
	const sms = SAMPLES.find(([entry]) => entry.file === 'sms/sms-06-mo-incoming.json')![1];

	test.each([
		['a number sent as a JSON number', 12345, '12345'],
		['a text that parses as JSON (an array)', '[1]', '[1]'],
		['a text that parses as JSON (an object)', '{}', '{}'],
		['a text that starts like JSON and does not parse', '[URGENT] call me', '[URGENT] call me'],
	])('%s is the text', (_name, message, text) => {
		const [event] = normalizeEvent({ ...sms, message });
		expect([event.kind, event.text, event.attachments]).toEqual(['incomingMessage', text, undefined]);
	});

	test('the MMS list of parts is attachments, not text', () => {
		const mms = SAMPLES.find(([entry]) => entry.file === 'mms/mms-04-mo-incoming.json')!;
		const [event] = normalizeEvent(mms[1]);
		expect(event.text).toBeUndefined();
		expect(fieldsOf(mms[0], event)).toEqual(mms[0].expect);
	});
});

describe('the incoming call of a number\'s callback URL', () => {
	const [entry, call] = SAMPLES.find(([e]) => e.file === 'voice/voice-11-incoming-call-callback.json')!;

	test('a later event of the same session is a call event of that call, its word the Voice status', () => {
		const [event] = normalizeEvent({ ...call, event: 'ANSWERED', eventTime: '2023-04-25T05:14:55.000Z' });
		expect([event.kind, event.status, event.transactionId, event.from, event.to]).toEqual(['callEvent', 'answered', entry.expect.transactionId, entry.expect.from, entry.expect.to]);
	});

	test('a Phone Number trigger of the dialled number keeps the call (digits compared); another number drops it', () => {
		const kept = post(call, { entityType: 'phoneNumber', entityId: '+44 74XX XXXX XX', events: ['incomingCall'], receipts: {} });
		expect(kept.events).toHaveLength(1);
		const other = post(call, { entityType: 'phoneNumber', entityId: '+447400000001', events: ['incomingCall'], receipts: {} });
		expect([other.events.length, other.dropped]).toEqual([0, { otherEntity: 1 }]);
	});
});

describe('channel names as the platform names them in its UI, API and webhooks', () => {
	test.each([
		['SMS', 'sms'],
		['Voice', 'voice'],
		['MMS', 'mms'],
		['Email', 'email'],
		['E-mail', 'email'],
		['Push', 'push'],
		['Push Notifications', 'push'],
		['android', 'push'],
		['iOS', 'push'],
		['In-App Messaging', 'inApp'],
		['In-App Messaging / Live Chat', 'inApp'],
		['Live Chat / In-App Messaging', 'inApp'],
		['Live Chat/In-App', 'inApp'],
		['Live Chat', 'inApp'],
		['RT', 'inApp'],
		['Facebook Messenger', 'messenger'],
		['Messenger', 'messenger'],
		['WhatsApp', 'whatsApp'],
		['WhatsApp Business', 'whatsApp'],
		['RCS', 'rcs'],
		['RCS Business Messaging', 'rcs'],
		['Apple Messages for Business', 'appleMessages'],
		['Apple Business Chat', 'appleMessages'],
		['Google Business Messages', 'googleBusinessMessages'],
		['Google Business Messaging', 'googleBusinessMessages'],
		['Instagram', 'instagram'],
		['Instagram Messaging', 'instagram'],
	])('%s → %s', (name, id) => {
		expect(resolveChannelId(name)).toBe(id);
	});
});

describe('status words in the cases and spellings senders use', () => {
	test.each([
		['sms', 'DELIVERED', 'delivered'],
		['sms', 'delivered', 'delivered'],
		['sms', 'UN-DELIVERED', 'undelivered'],
		['sms', 'Un Delivered', 'undelivered'],
		['sms', 'SUBMITED', 'submitted'],
		['sms', 'clicked', 'clicked'],
		['email', 'NOT VERIFIED', 'notVerified'],
		['email', 'BOUNCE', 'bounced'],
		['email', 'complaint', 'complaint'],
		['voice', 'trombone_connected', 'tromboneConnect'],
		['voice', 'Trombone Released', 'tromboneRelease'],
		['voice', 'released', 'released'],
		['whatsApp', 'READ', 'read'],
		['inApp', 'Submit', 'submitted'],
		['sms', 'DeliveredToTerminal', 'delivered'],
		['push', 'SUBMIT', 'submitted'],
	])('%s %s → %s', (channel, word, id) => {
		expect(resolveStatusId(channel, word)).toBe(id);
	});
});
