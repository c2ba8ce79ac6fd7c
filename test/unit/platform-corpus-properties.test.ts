import * as fc from 'fast-check';

import { CHANNELS } from '../../nodes/shared/catalog';
import { normalizeEvent } from '../../nodes/shared/events';
import { receive } from '../../nodes/shared/receive';
import { corpusBody, loadCorpus } from '../support/platform-corpus';

/**
 * Properties over the platform's published bodies, changed the ways a real platform (or a newer page
 * of it) can change them: extra fields anywhere, keys and values in upper or lower case, nested data
 * as JSON strings (valid, invalid, of any JSON value), batches. Whatever the change, normalisation and
 * the trigger's `receive()` never throw and give exactly one event per element, with the element
 * kept as it came in `raw`. Seed fixed (FUZZ_SEED overrides).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
const RUNS = 400;

const SAMPLES = loadCorpus().map((entry) => JSON.parse(corpusBody(entry)) as Record<string, unknown>);

/** The fields the platform sends as JSON strings (on one channel or another). */
const JSON_STRING_FIELDS = [
	'attachments', 'attachment', 'thread', 'postback', 'location', 'contacts', 'quickreplies', 'quickReplyPayload',
	'interactiveData', 'listPicker', 'datePicker', 'formResponse', 'invitationResponse', 'message', 'to', 'optin',
];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const jsonString = fc.oneof(
	fc.jsonValue().map((value) => JSON.stringify(value)),
	fc.constantFrom('', ' ', '{', '[', '{"payload":', '[{"url": 1}', '"', 'null', '[]', '{}', '\uFFFC', '[{"file":"x"},{"file":null}]'),
	fc.string(),
);

/** A change of one element: extra fields, key / value case, JSON strings in the platform's nested fields. */
const change = fc.record({
	extra: fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue(), { maxKeys: 4 }),
	nestedExtra: fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue(), { maxKeys: 3 }),
	keyCase: fc.constantFrom('same', 'upper', 'lower', 'mixed'),
	valueCase: fc.constantFrom('same', 'upper', 'lower'),
	jsonFields: fc.dictionary(fc.constantFrom(...JSON_STRING_FIELDS), jsonString, { maxKeys: 4 }),
});

type Change = typeof change extends fc.Arbitrary<infer T> ? T : never;

const recase = (text: string, mode: string, salt: number): string =>
	mode === 'upper' ? text.toUpperCase() : mode === 'lower' ? text.toLowerCase() : mode === 'mixed' && (text.length + salt) % 2 === 0 ? text.toUpperCase() : text;

function transform(value: Json, c: Change, depth: number): Json {
	if (typeof value === 'string') return recase(value, c.valueCase, 0);
	if (Array.isArray(value)) return value.map((item) => transform(item, c, depth + 1));
	if (value === null || typeof value !== 'object') return value;
	const out: Record<string, Json> = {};
	let salt = depth;
	for (const [key, inner] of Object.entries(value)) out[recase(key, c.keyCase, salt++)] = transform(inner, c, depth + 1);
	if (depth > 0) Object.assign(out, c.nestedExtra as Record<string, Json>);
	return out;
}

function mutate(sample: Record<string, unknown>, c: Change): Record<string, unknown> {
	const changed = transform(sample as Json, c, 0) as Record<string, Json>;
	return { ...changed, ...(c.extra as Record<string, Json>), ...c.jsonFields };
}

const element = fc.tuple(fc.nat(SAMPLES.length - 1), change).map(([index, c]) => mutate(SAMPLES[index], c));

const EVERYTHING = {
	maxBodyBytes: 4 * 1024 * 1024,
	auth: { type: 'none' as const },
	subscription: {
		entityType: 'service' as const,
		entityId: '',
		events: ['incomingMessage', 'incomingCall', 'callEvent', 'customerEvent'] as const,
		receipts: Object.fromEntries(CHANNELS.map((channel) => [channel.id, channel.statuses.map((s) => s.id)])),
		includeUnrecognised: true,
	},
};

describe('the platform\'s bodies, changed at random, never break normalisation or the trigger', () => {
	test('one element: exactly one event, the element kept in raw, never a throw', () => {
		fc.assert(
			fc.property(element, (body) => {
				const events = normalizeEvent(body);
				expect(events).toHaveLength(1);
				expect(events[0].raw).toEqual(body);
				expect(typeof events[0].kind).toBe('string');
			}),
			{ seed: SEED, numRuns: RUNS },
		);
	});

	test('a batch through receive(): answered 200, one event per element, each emitted or dropped with a reason', () => {
		fc.assert(
			fc.property(fc.array(element, { minLength: 1, maxLength: 6 }), (batch) => {
				const result = receive({ method: 'POST', headers: { 'content-type': 'application/json' }, rawBody: Buffer.from(JSON.stringify(batch)) }, EVERYTHING);
				expect(result.status).toBe(200);
				expect(result.received).toBe(batch.length);
				const dropped = Object.values(result.dropped).reduce((sum, n) => sum + (n ?? 0), 0);
				expect(result.events.length + dropped).toBe(batch.length);
			}),
			{ seed: SEED + 1, numRuns: RUNS },
		);
	});

	test('an emitted event survives a JSON round trip and normalises to itself when relayed', () => {
		fc.assert(
			fc.property(element, (body) => {
				const [event] = normalizeEvent(body);
				const relayed = JSON.parse(JSON.stringify(event)) as unknown;
				expect(normalizeEvent(relayed)).toEqual([relayed]);
			}),
			{ seed: SEED + 2, numRuns: RUNS },
		);
	});

	test('the published bodies with upper- or lower-case keys keep kind, channel, status and transaction id', () => {
		for (const sample of SAMPLES) {
			const [expected] = normalizeEvent(sample);
			for (const keyCase of ['upper', 'lower'] as const) {
				const [event] = normalizeEvent(transform(sample as Json, { extra: {}, nestedExtra: {}, keyCase, valueCase: 'same', jsonFields: {} }, 0));
				expect([event.kind, event.channel, event.status, event.transactionId]).toEqual([expected.kind, expected.channel, expected.status, expected.transactionId]);
			}
		}
	});
});
