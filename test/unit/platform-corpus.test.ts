import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { EVENT_KINDS, findChannel, type EntityType } from '../../nodes/shared/catalog';
import { normalizeEvent } from '../../nodes/shared/events';
import { receive, type ReceiveConfig } from '../../nodes/shared/receive';
import type { Subscription } from '../../nodes/shared/subscription';
import { CORPUS_DIR, corpusBody, loadCorpus, REPAIRS, repair, valueAt, type CorpusEntry } from '../support/platform-corpus';

/**
 * Every notification body the platform publishes (test/fixtures/platform/, one entry per body in
 * index.json, with the page it comes from and what it means: `expect`, written from the sample, not
 * from this package's output). For each: the repaired body normalises to exactly one event with
 * every expected field (`null`: absent), and the trigger a user would set up for it (the entity the
 * sample names, the receipt status or event kind ticked) emits it through `receive()`, while a
 * trigger of another number or app, or one that did not tick it, drops it.
 */
const CORPUS = loadCorpus();

const config = (subscription: Subscription): ReceiveConfig => ({ maxBodyBytes: 1024 * 1024, auth: { type: 'none' }, subscription });

const post = (body: string, subscription: Subscription) =>
	receive({ method: 'POST', headers: { 'content-type': 'application/json' }, rawBody: Buffer.from(body) }, config(subscription));

/** The subscription the platform's docs lead a user to choose for this sample. */
function chosenSubscription(entry: CorpusEntry): Subscription {
	const expected = entry.expect;
	const entityType = (expected['entity.type'] as EntityType | undefined) ?? 'service';
	const entityId = entityType === 'service' ? 'my-service' : String(expected['entity.id']);
	if (expected.kind === 'deliveryReceipt') {
		return { entityType, entityId, events: [], receipts: { [String(expected.channel)]: [String(expected.status)] } };
	}
	return { entityType, entityId, events: [expected.kind as Subscription['events'][number]], receipts: {} };
}

describe('the corpus index', () => {
	test('lists bodies of every kind, each with its page', () => {
		expect(CORPUS.length).toBeGreaterThanOrEqual(40);
		for (const entry of CORPUS) expect(entry.page).toMatch(/^https:\/\//);
		const kinds = new Set(CORPUS.map((entry) => entry.expect.kind));
		for (const kind of ['deliveryReceipt', 'incomingMessage', 'customerEvent']) expect([...kinds]).toContain(kind);
	});

	test('the repairs are minimal: a repaired body parses, and without any one of its repairs it does not', () => {
		for (const entry of CORPUS) {
			expect(() => JSON.parse(corpusBody(entry))).not.toThrow();
			for (const name of entry.repair) {
				const fewer = entry.repair.filter((other) => other !== name);
				const text = repair(readFileSync(join(CORPUS_DIR, entry.file), 'utf8'), fewer);
				expect(() => JSON.parse(text)).toThrow();
			}
		}
	});

	test('every body file is listed exactly once, with its page, section and known repairs', () => {
		const listed = CORPUS.map((entry) => entry.file);
		expect(listed.filter((file, i) => listed.indexOf(file) !== i)).toEqual([]);
		const files = readdirSync(CORPUS_DIR, { withFileTypes: true })
			.filter((dir) => dir.isDirectory())
			.flatMap((dir) => readdirSync(join(CORPUS_DIR, dir.name)).map((name) => `${dir.name}/${name}`));
		expect([...files].sort()).toEqual([...listed].sort());
		for (const entry of CORPUS) {
			expect([entry.file, typeof entry.section, entry.repair.filter((name) => !(name in REPAIRS))]).toEqual([entry.file, 'string', []]);
		}
	});

	test('every expectation is written in the event model\'s words (kinds, channel ids, camelCase statuses and event types)', () => {
		const camel = /^[a-z][A-Za-z]*$/;
		const kinds = EVENT_KINDS.map((kind) => kind.id);
		const wrong = CORPUS.flatMap(({ file, expect: x }) => [
			...(kinds.includes(x.kind as never) ? [] : [`${file}: kind ${String(x.kind)}`]),
			...(findChannel(String(x.channel))?.id === x.channel ? [] : [`${file}: channel ${String(x.channel)}`]),
			...(x.kind !== 'deliveryReceipt' || camel.test(String(x.status)) ? [] : [`${file}: status ${String(x.status)}`]),
			...(x.kind !== 'customerEvent' || camel.test(String(x.eventType)) ? [] : [`${file}: eventType ${String(x.eventType)}`]),
			...(x.kind === 'customerEvent' || !('eventType' in x) ? [] : [`${file}: eventType on a non-event`]),
			...(x['reply.type'] === undefined || camel.test(String(x['reply.type'])) ? [] : [`${file}: reply.type ${String(x['reply.type'])}`]),
		]);
		expect(wrong).toEqual([]);
	});
});


describe.each(CORPUS.map((entry) => [entry.file, entry] as const))('%s', (_file, entry) => {
	const body = corpusBody(entry);
	const [event, ...more] = normalizeEvent(JSON.parse(body));

	test('normalises to one event with every expected field', () => {
		expect(more).toHaveLength(0);
		const actual = Object.fromEntries(Object.keys(entry.expect).map((path) => [path, valueAt(event, path) ?? null]));
		expect(actual).toEqual(entry.expect);
		expect(event.raw).toEqual(JSON.parse(body));
	});

	test('the trigger set up for it emits it; another entity or an unticked choice drops it', () => {
		const subscription = chosenSubscription(entry);
		const accepted = post(body, subscription);
		expect(accepted.status).toBe(200);
		expect(accepted.events).toEqual([event]);

		if (subscription.entityType !== 'service') {
			const other = subscription.entityType === 'app' ? 'a_000000000000000001' : '+15550100999';
			const elsewhere = post(body, { ...subscription, entityId: other });
			expect({ events: elsewhere.events, dropped: elsewhere.dropped }).toEqual({ events: [], dropped: { otherEntity: 1 } });
		}
		if (entry.expect.kind === 'deliveryReceipt') {
			const channel = findChannel(String(entry.expect.channel))!;
			const others = channel.statuses.map((s) => s.id).filter((id) => id !== entry.expect.status);
			const unticked = post(body, { ...subscription, receipts: { [channel.id]: others } });
			expect({ events: unticked.events, dropped: unticked.dropped }).toEqual({ events: [], dropped: { notSubscribed: 1 } });
		} else {
			const allButThis = (['incomingMessage', 'incomingCall', 'callEvent', 'customerEvent'] as const).filter((kind) => kind !== entry.expect.kind);
			const unticked = post(body, { ...subscription, events: allButThis });
			expect({ events: unticked.events, dropped: unticked.dropped }).toEqual({ events: [], dropped: { notSubscribed: 1 } });
		}
	});
});
