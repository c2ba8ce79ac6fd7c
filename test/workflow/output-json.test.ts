import type { IDataObject } from 'n8n-workflow';

import { runWorkflow, type WorkflowJson } from '../harness/workflow';
import { reply, startHttpsServer, type TestHttpsServer } from '../support/https-server';
import { startSmppServer, type TestSmppServer } from '../support/smpp-server';

/**
 * The JSON of the Delivered, Failed and SMPP outputs, field by field and in field order, for one
 * representative item of every way an item can end: delivered; failed because its parameters are
 * wrong, because its endpoint failed the test call, because the endpoint refused it, because its
 * retries ran out, because the whole configuration is wrong; forwarded to SMPP, or failed there.
 * Only what changes from run to run (times, durations, ports, replay marks) is put in words before
 * comparing; every other value is compared as it is. Written out, not snapshotted, so a changed
 * output is a visible edit of this file.
 */

const NODE = 'n8n-nodes-outbound-webhooks.outboundWebhook';
const SECRET = 'hub-secret-canary-json';
const PHONE = '447700900999';
const DELIVERED = 0;
const FAILED = 1;
const SMPP = 2;

let https: TestHttpsServer;
let smsc: TestSmppServer | undefined;
afterEach(async () => {
	await https?.close();
	await smsc?.close();
	smsc = undefined;
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** Puts the values that differ from run to run in words; keeps every key, in its order. */
function normalize(value: unknown, origin: string, key = ''): unknown {
	if (Array.isArray(value)) return value.map((entry) => normalize(entry, origin, key));
	if (value !== null && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const [name, entry] of Object.entries(value)) out[name] = normalize(entry, origin, name);
		return out;
	}
	if (typeof value === 'string') {
		if (key === 'replayMark') return '<mark>';
		if (key === 'messageIds') return '<message id>';
		if (ISO.test(value)) return '<time>';
		if (UUID.test(value)) return '<uuid>';
		return value.split(origin).join('<origin>');
	}
	if (typeof value === 'number' && key === 'durationMs') return '<ms>';
	return value;
}

/** Same keys in the same order at every level, and the same values. */
function expectJson(actual: unknown, expected: unknown, path = '$') {
	if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
		expect([path, Object.keys(actual as object)]).toEqual([path, Object.keys(expected)]);
		for (const [name, entry] of Object.entries(expected)) expectJson((actual as Record<string, unknown>)[name], entry, `${path}.${name}`);
		return;
	}
	if (Array.isArray(expected)) {
		expect([path, (actual as unknown[]).length]).toEqual([path, expected.length]);
		expected.forEach((entry, index) => expectJson((actual as unknown[])[index], entry, `${path}[${index}]`));
		return;
	}
	expect([path, actual]).toStrictEqual([path, expected]);
}

function workflow(items: unknown[], parameters: IDataObject): WorkflowJson {
	return {
		nodes: [
			{ name: 'Source', type: 'test.source', parameters: { items: JSON.stringify(items) } },
			{
				name: 'Webhook',
				type: NODE,
				parameters: { ...parameters, options: { caCertificate: https.cert, retryInterval: 0.01, timeout: 2000, ...(parameters.options as IDataObject) } },
				onError: 'continueRegularOutput',
			},
		],
		connections: { Source: { main: [[{ node: 'Webhook', type: 'main', index: 0 }]] } },
	};
}

const json = (items: Array<{ json: IDataObject }>) => items.map((item) => normalize(item.json, https.origin));

describe('the JSON of the Delivered, Failed and SMPP outputs, field by field', () => {
	test('delivered; failed by its parameters, the test call, a refusal and used-up retries', async () => {
		https = await startHttpsServer((req, res) => {
			if (req.url === '/refuse') return reply(res, 404, 'no');
			if (req.method === 'HEAD') return reply(res, 200);
			if (req.url === '/reject') return reply(res, 400, 'bad body');
			if (req.url === '/flaky') return reply(res, 503, 'busy');
			return reply(res, 204);
		});
		const items = [{ path: '/ok', n: 1 }, { n: 2 }, { path: '/refuse', n: 3 }, { path: '/reject', n: 4 }, { path: '/flaky', n: 5 }];
		const result = await runWorkflow(
			workflow(items, {
				url: `={{ $json.path ? '${https.origin}' + $json.path : 'not a url' }}`,
				entityType: 'service',
				entityId: 'svc-1',
				enableHubSignature: true,
				options: { maxRetries: 1, deliveryId: '={{ "id-" + $json.n }}' },
			}),
			{ credentials: { hubSignatureApi: { secret: SECRET, algorithm: 'sha256' } } },
		);
		const outputs = result.outputs('Webhook');
		const entity = { type: 'service', id: 'svc-1' };
		expectJson(json(outputs[DELIVERED]), [
			{
				status: 'delivered',
				deliveryId: 'id-1',
				statusCode: 204,
				attempts: [{ attempt: 1, startedAt: '<time>', durationMs: '<ms>', statusCode: 204 }],
				response: { statusCode: 204, body: '', truncated: false },
				url: '<origin>/ok',
				entity,
				payload: items[0],
			},
		]);
		expectJson(json(outputs[FAILED]), [
			{
				error: {
					code: "INVALID_URL",
					message: "\"not a url\" is not a valid URL",
					hint: "Enter a full address such as https://example.com/webhooks."
				},
				status: "failed",
				deliveryId: "id-2",
				attempts: [],
				entity: {
					type: "service",
					id: "svc-1"
				},
				payload: undefined
			},
			{
				error: {
					code: "VERIFICATION_FAILED",
					message: "The test call (HEAD) to <origin>/refuse answered 404 Not Found; only 200 passes",
					hint: "Make the endpoint answer 200 to a HEAD request (or switch Options → Verification Method to POST), or check the URL and authorization. Nothing was delivered."
				},
				status: "failed",
				deliveryId: "id-3",
				url: "<origin>/refuse",
				attempts: [],
				entity: {
					type: "service",
					id: "svc-1"
				},
				payload: {
					path: "/refuse",
					n: 3
				},
				bodySha256: "21e4d322f189e319c4b9d12e647584fcfe17864c1ed6983f53ae724483b49e75",
				retryable: false,
				extendedAttempts: 0,
				replayMark: "<mark>"
			},
			{
				error: {
					code: "REJECTED",
					message: "The endpoint answered 400 Bad Request, which is not retried",
					hint: "The endpoint refused the body. Check that it accepts this JSON (see Body Content) and its content type."
				},
				status: "failed",
				deliveryId: "id-4",
				statusCode: 400,
				attempts: [
					{
						attempt: 1,
						startedAt: "<time>",
						durationMs: "<ms>",
						statusCode: 400
					}
				],
				response: {
					statusCode: 400,
					body: "bad body",
					truncated: false
				},
				url: "<origin>/reject",
				entity: {
					type: "service",
					id: "svc-1"
				},
				payload: {
					path: "/reject",
					n: 4
				},
				bodySha256: "47783264598bba2417ec59bc5cf8cc3fe3dfb1592df109656e405e5110e210fa",
				retryable: false,
				extendedAttempts: 0,
				replayMark: "<mark>"
			},
			{
				error: {
					code: "RETRIES_EXHAUSTED",
					message: "Not delivered after 2 attempts; the last one ended with 503 Service Unavailable",
					hint: "The endpoint kept failing to process the notification. Check the endpoint’s logs; once it is fixed, feed this Failed item back into the node to send it again with the same delivery id."
				},
				status: "failed",
				deliveryId: "id-5",
				statusCode: 503,
				attempts: [
					{
						attempt: 1,
						startedAt: "<time>",
						durationMs: "<ms>",
						statusCode: 503
					},
					{
						attempt: 2,
						startedAt: "<time>",
						durationMs: "<ms>",
						statusCode: 503
					}
				],
				response: {
					statusCode: 503,
					body: "busy",
					truncated: false
				},
				url: "<origin>/flaky",
				entity: {
					type: "service",
					id: "svc-1"
				},
				payload: {
					path: "/flaky",
					n: 5
				},
				bodySha256: "634b9afd3181afb62b1cff2eea27f8a096c97cde2c248dbf850aa389ad94786d",
				retryable: false,
				extendedAttempts: 0,
				replayMark: "<mark>"
			}
		]);
		expect(outputs[SMPP]).toBeUndefined();
	});

	test('failed by a configuration error: every item, nothing sent', async () => {
		https = await startHttpsServer((_req, res) => reply(res, 200));
		const items = [{ n: 1 }, { n: 2 }];
		const result = await runWorkflow(workflow(items, { url: `${https.origin}/hook`, entityType: 'service', entityId: 'svc-2', enableHubSignature: true, options: {} }), {});
		expectJson(json(result.outputs('Webhook')[FAILED]), [
			{
				error: {
					code: "INVALID_CONFIG",
					message: "Node does not have any credentials set",
					hint: "Select a credential for the chosen Authentication (and for the signature, when signing is on), or change those parameters."
				},
				status: "failed",
				deliveryId: "<uuid>",
				attempts: [],
				entity: {
					type: "service",
					id: "svc-2"
				},
				payload: {
					n: 1
				}
			},
			{
				error: {
					code: "INVALID_CONFIG",
					message: "Node does not have any credentials set",
					hint: "Select a credential for the chosen Authentication (and for the signature, when signing is on), or change those parameters."
				},
				status: "failed",
				deliveryId: "<uuid>",
				attempts: [],
				entity: {
					type: "service",
					id: "svc-2"
				},
				payload: {
					n: 2
				}
			}
		]);
		expect(https.requests).toHaveLength(0);
	});

	test('forwarded to SMPP, failed at the SMSC, and failed for want of an SMPP credential', async () => {
		https = await startHttpsServer((req, res) => reply(res, req.method === 'HEAD' ? 200 : 204));
		smsc = await startSmppServer({ submit: (_pdu, n) => (n === 2 ? { status: 0x45 } : { messageId: `m-${n}` }) });
		const incoming = (from: string, text: string) => ({ event: 'incomingMessage', channel: 'sms', from, to: PHONE, text });
		const items = [incoming('+447700900001', 'Hello'), incoming('+447700900002', 'refused')];
		const parameters = { url: `${https.origin}/hook`, entityType: 'phoneNumber', entityId: PHONE, authentication: 'none', enableHubSignature: false, forwardToSmpp: true, options: { maxRetries: 0 } };
		const result = await runWorkflow(workflow(items, parameters), {
			credentials: {
				smppBindApi: { host: '127.0.0.1', port: smsc.port, systemId: 'esme1', password: 'esme-pw', systemType: '', bindMode: 'transmitter', tls: false, sourceTon: 'auto', sourceNpi: 'auto' },
			},
		});
		const outputs = result.outputs('Webhook');
		expectJson(json(outputs[SMPP]), [
			{
				status: "forwarded",
				deliveryId: "<uuid>",
				messageIds: [
					"<message id>"
				],
				attempts: [
					{
						attempt: 1,
						part: 1,
						startedAt: "<time>",
						durationMs: "<ms>",
						commandStatus: 0,
						commandStatusName: "ESME_ROK"
					}
				],
				smpp: {
					parts: 1,
					encoding: "gsm7",
					dataCoding: 0,
					source: {
						addr: "447700900001",
						ton: 1,
						npi: 1
					},
					destination: {
						addr: "447700900999",
						ton: 1,
						npi: 1
					},
					registeredDelivery: false,
					longMessage: "udh"
				},
				entity: {
					type: "phoneNumber",
					id: "447700900999"
				},
				payload: {
					event: "incomingMessage",
					channel: "sms",
					from: "+447700900001",
					to: "447700900999",
					text: "Hello"
				}
			}
		]);
		expectJson(json(outputs[FAILED]), [
			{
				error: {
					code: "SMPP_REJECTED",
					message: "The SMSC refused the message: ESME_RSUBMITFAIL (0x00000045)",
					hint: "Check the SMPP error with the SMSC operator."
				},
				status: "failed",
				deliveryId: "<uuid>",
				messageIds: [],
				attempts: [
					{
						attempt: 1,
						part: 1,
						startedAt: "<time>",
						durationMs: "<ms>",
						commandStatus: 69,
						commandStatusName: "ESME_RSUBMITFAIL",
						message: "ESME_RSUBMITFAIL (0x00000045)"
					}
				],
				smpp: {
					parts: 1,
					encoding: "gsm7",
					dataCoding: 0,
					source: {
						addr: "447700900002",
						ton: 1,
						npi: 1
					},
					destination: {
						addr: "447700900999",
						ton: 1,
						npi: 1
					},
					registeredDelivery: false,
					longMessage: "udh"
				},
				entity: {
					type: "phoneNumber",
					id: "447700900999"
				},
				payload: {
					event: "incomingMessage",
					channel: "sms",
					from: "+447700900002",
					to: "447700900999",
					text: "refused"
				}
			}
		]);
		const without = await runWorkflow(workflow(items, parameters), {});
		expectJson(json(without.outputs('Webhook')[FAILED]), [
			{
				error: {
					code: "INVALID_CONFIG",
					message: "Node does not have any credentials set",
					hint: "Select an SMPP ESME Bind credential (smppBindApi), or turn Forward to SMPP off."
				},
				status: "failed",
				deliveryId: "<uuid>",
				messageIds: [],
				attempts: [],
				payload: {
					event: "incomingMessage",
					channel: "sms",
					from: "+447700900001",
					to: "447700900999",
					text: "Hello"
				},
				entity: {
					type: "phoneNumber",
					id: "447700900999"
				}
			},
			{
				error: {
					code: "INVALID_CONFIG",
					message: "Node does not have any credentials set",
					hint: "Select an SMPP ESME Bind credential (smppBindApi), or turn Forward to SMPP off."
				},
				status: "failed",
				deliveryId: "<uuid>",
				messageIds: [],
				attempts: [],
				payload: {
					event: "incomingMessage",
					channel: "sms",
					from: "+447700900002",
					to: "447700900999",
					text: "refused"
				},
				entity: {
					type: "phoneNumber",
					id: "447700900999"
				}
			}
		]);
	});
});
