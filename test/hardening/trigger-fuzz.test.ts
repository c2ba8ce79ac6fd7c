import { createHmac } from 'node:crypto';
import { Readable } from 'node:stream';

import * as fc from 'fast-check';
import type { IWebhookFunctions } from 'n8n-workflow';

import { ChannelEventTrigger } from '../../nodes/ChannelEventTrigger/ChannelEventTrigger.node';
import { receive, type ReceiveConfig, type ReceiveRequest } from '../../nodes/shared/receive';
import type { HubAlgorithm } from '../../nodes/shared/signature';
import { report } from './support';

/**
 * Suite (c), trigger fuzzing with fast-check: random and mutated bodies, headers, encodings,
 * signatures and sizes against the Channel Event Trigger's core `receive()` and against the node's
 * `webhook()` (fake n8n request/response, bodies as n8n's raw body or as a stream). Independent
 * oracles (node:crypto HMAC, a plain Basic/API-key comparison) decide what must be accepted.
 *
 * Properties: never throws; always one of the documented statuses; never emits an event for a
 * wrong signature or authorization; a valid, signed, authorized event is accepted; the response
 * never contains a secret. Seeds are fixed (FUZZ_SEED overrides), FUZZ_RUNS scales the run count.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20261128);
const SCALE = Number(process.env.FUZZ_RUNS ?? 1);
const CORE_RUNS = Math.round(10_000 * SCALE);
const NODE_RUNS = Math.round(1_000 * SCALE);

const HUB_SECRET = 'CANARY-hub-secret-7f3a9c1e';
const OLD_HUB_SECRET = 'CANARY-old-hub-secret-2b8d4f60';
const USER = 'fuzz-user';
const PASSWORD = 'CANARY-basic-password-9e1c';
const API_KEY = 'CANARY-api-key-5a7b3d21';
const SECRETS = [HUB_SECRET, OLD_HUB_SECRET, PASSWORD, API_KEY];
const MAX_BODY = 2048;

/** Statuses the trigger documents (design: 200 test call/accepted/dropped, 400, 401, 413; plus 405, 415). */
const DOCUMENTED = new Set([200, 400, 401, 405, 413, 415]);

const VALID_EVENTS = [
	{ event: 'deliveryReceipt', channel: 'sms', status: 'delivered', transactionId: 't-1' },
	{ event: 'incomingMessage', channel: 'sms', from: '447700900001', to: '447700900002', text: 'hi ✓' },
];

const hmac = (algorithm: HubAlgorithm, secret: string, body: Buffer) => createHmac(algorithm, secret).update(body).digest('hex');

type AuthKind = 'none' | 'basicAuth' | 'apiKeyHeader' | 'apiKeyQuery';

interface Scenario {
	signing: 'off' | HubAlgorithm;
	rotation: boolean;
	auth: AuthKind;
	method: string;
	body: Buffer;
	signature: string | string[] | undefined;
	authorization: string | string[] | undefined;
	apiKey: string | string[] | undefined;
	contentType: string | undefined;
	contentLength: string | undefined;
	extraHeaders: Record<string, string>;
}

// ---- arbitraries ---------------------------------------------------------------------------------

const validBody = fc
	.constantFrom(JSON.stringify(VALID_EVENTS), JSON.stringify(VALID_EVENTS[0]), JSON.stringify(VALID_EVENTS[1]), JSON.stringify([VALID_EVENTS[1], VALID_EVENTS[1]]))
	.map((text) => Buffer.from(text));

const mutate = (body: Buffer) =>
	fc.oneof(
		fc.constant(body),
		fc.nat().map((i) => {
			const copy = Buffer.from(body);
			if (copy.length) copy[i % copy.length] ^= 0x01;
			return copy;
		}),
		fc.nat().map((i) => body.subarray(0, body.length ? i % body.length : 0)),
		fc.uint8Array({ maxLength: 32 }).map((extra) => Buffer.concat([body, Buffer.from(extra)])),
		fc.constant(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body])),
		fc.constant(Buffer.from(body.toString('utf8'), 'utf16le')),
		fc.constant(Buffer.from(body.toString('utf8'), 'latin1')),
		fc.constant(Buffer.from(body.toString('utf8').replace(/"/g, "'"))),
	);

const anyBody = fc.oneof(
	{ weight: 4, arbitrary: validBody.chain(mutate) },
	{ weight: 2, arbitrary: fc.json({ maxDepth: 4 }).map((text) => Buffer.from(text)) },
	{ weight: 2, arbitrary: fc.uint8Array({ maxLength: 512 }).map((bytes) => Buffer.from(bytes)) },
	{ weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }).map((text) => Buffer.from(text)) },
	{ weight: 1, arbitrary: fc.integer({ min: MAX_BODY - 4, max: MAX_BODY * 2 }).map((size) => Buffer.alloc(size, 0x20)) },
	{ weight: 1, arbitrary: fc.constantFrom('', ' ', 'null', '[]', '{}', '[[[[[[[[[[]]]]]]]]]]', '{"event":', '1e999', '"\\ud800"').map((t) => Buffer.from(t)) },
);

const hexString = (length: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), minLength: length, maxLength: length });

/** A signature header: right for the body, right for something else, or junk. */
function signatureFor(body: Buffer, algorithm: HubAlgorithm | 'off') {
	const alg: HubAlgorithm = algorithm === 'off' ? 'sha256' : algorithm;
	const other: HubAlgorithm = alg === 'sha256' ? 'sha512' : 'sha256';
	return fc.oneof(
		fc.constant(hmac(alg, HUB_SECRET, body)),
		fc.constant(hmac(alg, OLD_HUB_SECRET, body)),
		fc.constant(`${alg}=${hmac(alg, HUB_SECRET, body)}`),
		fc.constant(hmac(alg, HUB_SECRET, body).toUpperCase()),
		fc.constant(` ${hmac(alg, HUB_SECRET, body)} `),
		fc.constant(hmac(other, HUB_SECRET, body)),
		fc.constant(`${other}=${hmac(other, HUB_SECRET, body)}`),
		fc.constant(`sha1=${createHmac('sha1', HUB_SECRET).update(body).digest('hex')}`),
		fc.constant(hmac(alg, 'wrong-secret', body)),
		fc.constant(hmac(alg, HUB_SECRET, Buffer.concat([body, Buffer.from(' ')]))),
		fc.constant(hmac(alg, HUB_SECRET, body).slice(0, -1)),
		fc.constant(HUB_SECRET),
		hexString(alg === 'sha256' ? 64 : 128),
		fc.string({ maxLength: 140 }),
		fc.constant(undefined),
		fc.constant<string[]>([hmac(alg, HUB_SECRET, body), 'junk']),
		fc.constant<string[]>(['junk', hmac(alg, HUB_SECRET, body)]),
	);
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const authorizationHeader = fc.oneof(
	fc.constant(basic(USER, PASSWORD)),
	fc.constant(basic(USER, `${PASSWORD}x`)),
	fc.constant(basic(USER, PASSWORD.slice(0, -1))),
	fc.constant(basic(`${USER}x`, PASSWORD)),
	fc.constant(basic(USER.toUpperCase(), PASSWORD)),
	fc.constant(`basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`),
	fc.constant(`Bearer ${PASSWORD}`),
	fc.constant(`Basic ${PASSWORD}`),
	fc.constant('Basic ====='),
	fc.constant<string[]>([basic(USER, PASSWORD), basic(USER, 'x')]),
	fc.string({ maxLength: 80 }),
	fc.constant(undefined),
);
const apiKeyValue = fc.oneof(
	fc.constant(API_KEY),
	fc.constant(`${API_KEY} `),
	fc.constant(API_KEY.toLowerCase()),
	fc.constant(API_KEY.slice(1)),
	fc.constant<string[]>([API_KEY, 'x']),
	fc.string({ maxLength: 40 }),
	fc.constant(undefined),
);

const scenario: fc.Arbitrary<Scenario> = fc
	.record({
		signing: fc.constantFrom<'off' | HubAlgorithm>('off', 'sha256', 'sha512'),
		rotation: fc.boolean(),
		auth: fc.constantFrom<AuthKind>('none', 'basicAuth', 'apiKeyHeader', 'apiKeyQuery'),
		method: fc.oneof({ weight: 8, arbitrary: fc.constant('POST') }, { weight: 2, arbitrary: fc.constantFrom('GET', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'post', 'TRACE') }),
		body: anyBody,
		authorization: authorizationHeader,
		apiKey: apiKeyValue,
		contentType: fc.constantFrom(undefined, 'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/cloudevents+json', 'application/xml', 'multipart/form-data', 'text/html', '', 'APPLICATION/JSON'),
		contentLength: fc.constantFrom(undefined, 'auto', '0', '999999999', 'abc', '-1'),
		extraHeaders: fc.dictionary(fc.constantFrom('x-forwarded-for', 'content-encoding', 'transfer-encoding', 'x-hub-signature-256', 'accept'), fc.string({ maxLength: 30 }), { maxKeys: 3 }),
	})
	.chain((base) => signatureFor(base.body, base.signing).map((signature) => ({ ...base, signature })));

// ---- oracles -------------------------------------------------------------------------------------

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

function signatureValid(s: Scenario): boolean {
	if (s.signing === 'off') return true;
	const header = first(s.signature);
	if (typeof header !== 'string') return false;
	let hex = header.trim();
	const prefix = /^(sha1|sha256|sha512)=/i.exec(hex);
	if (prefix) {
		if (prefix[1].toLowerCase() !== s.signing) return false;
		hex = hex.slice(prefix[0].length);
	}
	const secrets = s.rotation ? [HUB_SECRET, OLD_HUB_SECRET] : [HUB_SECRET];
	return secrets.some((secret) => hmac(s.signing as HubAlgorithm, secret, s.body) === hex.toLowerCase());
}

function authValid(s: Scenario): boolean {
	switch (s.auth) {
		case 'none':
			return true;
		case 'basicAuth':
			return /^\s*basic\s+/i.test(first(s.authorization) ?? '') &&
				Buffer.from((first(s.authorization) ?? '').trim().split(/\s+/)[1] ?? '', 'base64').toString('utf8') === `${USER}:${PASSWORD}`;
		default:
			return first(s.apiKey) === API_KEY;
	}
}

function authCarried(s: Scenario): boolean {
	if (s.auth === 'none') return false;
	return first(s.auth === 'basicAuth' ? s.authorization : s.apiKey) !== undefined;
}

function headersOf(s: Scenario): Record<string, string | string[] | undefined> {
	const headers: Record<string, string | string[] | undefined> = { ...s.extraHeaders };
	if (s.signature !== undefined) headers['x-hub-signature'] = s.signature;
	if (s.authorization !== undefined) headers.authorization = s.authorization;
	if (s.auth === 'apiKeyHeader' && s.apiKey !== undefined) headers['x-api-key'] = s.apiKey;
	if (s.contentType !== undefined) headers['content-type'] = s.contentType;
	if (s.contentLength !== undefined) headers['content-length'] = s.contentLength === 'auto' ? String(s.body.length) : s.contentLength;
	return headers;
}

function configOf(s: Scenario): ReceiveConfig {
	return {
		maxBodyBytes: MAX_BODY,
		hubSignature: s.signing === 'off' ? undefined : { secrets: s.rotation ? [HUB_SECRET, OLD_HUB_SECRET] : [HUB_SECRET], algorithm: s.signing },
		auth:
			s.auth === 'none'
				? { type: 'none' }
				: s.auth === 'basicAuth'
					? { type: 'basicAuth', user: USER, password: PASSWORD }
					: { type: 'apiKey', name: 'x-api-key', value: API_KEY, in: s.auth === 'apiKeyQuery' ? 'query' : 'header' },
		subscription: { entityType: 'service', entityId: '', events: ['incomingMessage'], receipts: { sms: ['delivered'] } },
	};
}

const containsSecret = (text: string) => SECRETS.some((secret) => text.includes(secret));

/** Checks one answer against the properties; returns a tally key. */
function checkAnswer(s: Scenario, status: number, responseText: string, eventCount: number): string {
	expect(DOCUMENTED.has(status)).toBe(true);
	expect(containsSecret(responseText)).toBe(false);
	const method = s.method.toUpperCase();
	if (eventCount > 0) {
		// A run starts only for a POST with the right signature and authorization.
		expect(status).toBe(200);
		expect(method).toBe('POST');
		expect(signatureValid(s)).toBe(true);
		expect(authValid(s)).toBe(true);
	}
	if (method === 'POST' && (!signatureValid(s) || !authValid(s))) {
		expect(eventCount).toBe(0);
		expect([401, 413]).toContain(status);
	}
	if (method === 'GET' || method === 'HEAD') {
		// The test call: 200 without any authorization (it starts nothing), 401 with a wrong one.
		expect(eventCount).toBe(0);
		expect(status).toBe(authCarried(s) && !authValid(s) ? 401 : 200);
	}
	return `${method === 'POST' ? 'POST' : method === 'GET' || method === 'HEAD' ? method : 'other'} ${status}${eventCount > 0 ? ' +run' : ''}`;
}

function tallyLines(tally: Map<string, number>): string[] {
	return [...tally.entries()].sort((a, b) => b[1] - a[1]).map(([key, count]) => `${key.padEnd(18)} ${count}`);
}

// ---- the node's webhook() with a fake n8n context ---------------------------------------------------

function fakeContext(s: Scenario, asStream: boolean) {
	const headers = headersOf(s);
	const method = s.method.toUpperCase();
	const req = Object.assign(Readable.from(method === 'POST' && asStream ? [s.body] : []), {
		method,
		headers,
		query: s.auth === 'apiKeyQuery' && s.apiKey !== undefined ? { 'x-api-key': s.apiKey } : {},
		...(method === 'POST' && !asStream ? { rawBody: s.body } : {}),
	});
	const response = { statusCode: 0, headers: {} as Record<string, string>, text: '' };
	const res = {
		set statusCode(value: number) {
			response.statusCode = value;
		},
		get statusCode() {
			return response.statusCode;
		},
		setHeader: (name: string, value: string) => (response.headers[name.toLowerCase()] = String(value)),
		end: (text?: string) => (response.text += text ?? ''),
	};
	const parameters: Record<string, unknown> = {
		entityType: 'service',
		entityId: '',
		events: ['incomingMessage'],
		receipts: { sms: ['delivered'] },
		enableHubSignature: s.signing !== 'off',
		authentication: s.auth === 'none' ? 'none' : s.auth === 'basicAuth' ? 'basicAuth' : 'apiKey',
		options: { includeHeaders: true, includeRawBody: true, maxBodySize: MAX_BODY / 1024 },
	};
	const credentials: Record<string, Record<string, unknown>> = {
		hubSignatureApi: { secret: HUB_SECRET, previousSecret: s.rotation ? OLD_HUB_SECRET : '', algorithm: s.signing === 'off' ? 'sha256' : s.signing },
		webhookBasicAuthApi: { user: USER, password: PASSWORD },
		webhookApiKeyApi: { name: 'x-api-key', value: API_KEY, sendIn: s.auth === 'apiKeyQuery' ? 'query' : 'header' },
	};
	const ctx = {
		getRequestObject: () => req,
		getResponseObject: () => res,
		getNodeParameter: (name: string, fallback?: unknown) => (name in parameters ? parameters[name] : fallback),
		getCredentials: async (type: string) => credentials[type],
		getHeaderData: () => headers,
		getBodyData: () => ({}),
		getQueryData: () => req.query,
		getNode: () => ({ name: 'Trigger', type: 'channelEventTrigger', typeVersion: 1, parameters }),
	} as unknown as IWebhookFunctions;
	return { ctx, response };
}

describe('(c) Channel Event Trigger fuzzing', () => {
	test(`core receive(): ${CORE_RUNS} random and mutated requests`, () => {
		const tally = new Map<string, number>();
		let ran = 0;
		fc.assert(
			fc.property(scenario, (s) => {
				ran += 1;
				const request: ReceiveRequest = {
					method: s.method,
					headers: headersOf(s),
					query: s.auth === 'apiKeyQuery' && s.apiKey !== undefined ? { 'x-api-key': s.apiKey } : {},
					rawBody: s.method.toUpperCase() === 'POST' ? s.body : undefined,
				};
				const result = receive(request, configOf(s));
				const key = checkAnswer(s, result.status, JSON.stringify({ body: result.body, headers: result.headers }), result.events.length);
				tally.set(key, (tally.get(key) ?? 0) + 1);
			}),
			{ numRuns: CORE_RUNS, seed: SEED },
		);
		// The positive control: a valid, signed, authorized event is accepted in every configuration.
		let positives = 0;
		fc.assert(
			fc.property(
				fc.constantFrom<'off' | HubAlgorithm>('off', 'sha256', 'sha512'),
				fc.constantFrom<AuthKind>('none', 'basicAuth', 'apiKeyHeader', 'apiKeyQuery'),
				validBody,
				fc.boolean(),
				(signing, auth, body, rotation) => {
					positives += 1;
					const secret = rotation ? OLD_HUB_SECRET : HUB_SECRET;
					const s: Scenario = {
						signing,
						rotation,
						auth,
						method: 'POST',
						body,
						signature: signing === 'off' ? undefined : hmac(signing, secret, body),
						authorization: basic(USER, PASSWORD),
						apiKey: API_KEY,
						contentType: 'application/json',
						contentLength: 'auto',
						extraHeaders: {},
					};
					const result = receive({ method: 'POST', headers: headersOf(s), query: auth === 'apiKeyQuery' ? { 'x-api-key': API_KEY } : {}, rawBody: body }, configOf(s));
					expect(result.status).toBe(200);
					expect(result.events.length).toBeGreaterThan(0);
				},
			),
			{ numRuns: 500, seed: SEED },
		);
		expect(ran).toBe(CORE_RUNS);
		report('fuzz', `core receive(): ${ran} random cases + ${positives} positive controls, seed ${SEED}`, [
			'method status (+run = events emitted)   cases',
			...tallyLines(tally),
			'properties held in every case: no throw, documented status, no run without a valid signature and authorization, no secret in any response',
		], { cases: ran, positives, seed: SEED, tally: Object.fromEntries(tally) });
	}, 120_000);

	test(`node webhook(): ${NODE_RUNS} requests through the n8n adapter (raw body and stream)`, async () => {
		const trigger = new ChannelEventTrigger();
		const tally = new Map<string, number>();
		let ran = 0;
		let itemsEmitted = 0;
		await fc.assert(
			fc.asyncProperty(scenario, fc.boolean(), async (s, asStream) => {
				ran += 1;
				const { ctx, response } = fakeContext(s, asStream);
				const answer = await trigger.webhook.call(ctx);
				const events = answer.workflowData?.[0]?.length ?? 0;
				itemsEmitted += events;
				const key = checkAnswer(s, response.statusCode, JSON.stringify(response), events);
				// Output items never carry a secret either (authorization, signature and API key headers are hidden).
				expect(containsSecret(JSON.stringify(answer.workflowData ?? []))).toBe(false);
				tally.set(key, (tally.get(key) ?? 0) + 1);
			}),
			{ numRuns: NODE_RUNS, seed: SEED + 1 },
		);
		expect(ran).toBe(NODE_RUNS);
		report('fuzz', `node webhook(): ${ran} cases, seed ${SEED + 1}`, [
			...tallyLines(tally),
			`${itemsEmitted} items emitted in total, each from a request with a valid signature and authorization; no secret in any response or item`,
		], { cases: ran, seed: SEED + 1, tally: Object.fromEntries(tally) });
	}, 120_000);
});
