import { randomBytes } from 'node:crypto';

import { LoggerProxy, type ICredentialDataDecryptedObject } from 'n8n-workflow';

import { startTriggerServer } from '../harness/webhook';
import { runWorkflow, type RunResult } from '../harness/workflow';
import { startDigestServer, startOAuthServer } from '../support/auth-servers';
import { testCertificate } from '../support/certs';
import { reply, startHttpsServer } from '../support/https-server';
import { startSmppServer } from '../support/smpp-server';
import { outboundWorkflow, report } from './support';

/**
 * Suite (d), secret canaries: every secret field of every credential holds a recognisable canary;
 * workflows run against endpoints that accept, refuse, fail, echo, redirect, break TLS or are
 * absent, with and without continue-on-fail. No canary (nor an access token the OAuth server issued)
 * may appear in any output item, node error message, error description, the run data as a whole,
 * or any line logged while the runs were going (n8n-core's logger, n8n's LoggerProxy, console,
 * stdout, stderr).
 */

const tag = randomBytes(4).toString('hex');
const CANARY = {
	hub: `CANARY-hub-${tag}`,
	hubPrevious: `CANARY-hubprev-${tag}`,
	basic: `CANARY-basic-${tag}`,
	digest: `CANARY-digest-${tag}`,
	awsSecret: `CANARY-awssecret-${tag}`,
	awsSession: `CANARY-awssession-${tag}`,
	apiKey: `CANARY-apikey-${tag}`,
	oauthSecret: `CANARY-oauth-${tag}`,
	// SMPP passwords are at most 8 characters (SMPP 3.4 §4.1.1).
	smpp: `Cx${tag.slice(0, 6)}`,
	// Standard Webhooks keys: the canary is the key text; the credential holds whsec_ + its base64.
	standardWebhooks: `CANARY-sw-${tag}-key-bytes`,
	standardWebhooksPrevious: `CANARY-swprev-${tag}-key-bytes`,
};
const whsec = (key: string) => `whsec_${Buffer.from(key).toString('base64')}`;
/** The secrets as the credential holds them, searched for too. */
const SERIALISED = [whsec(CANARY.standardWebhooks), whsec(CANARY.standardWebhooksPrevious)];
const USER = 'canary-user';
const CLIENT_ID = 'canary-client';

const logged: string[] = [];

function captureLogs() {
	const sink = (level: string) => (message: string, meta?: object) => logged.push(`${level} ${message} ${JSON.stringify(meta ?? {})}`);
	LoggerProxy.init({ error: sink('error'), warn: sink('warn'), info: sink('info'), debug: sink('debug') } as never);
	const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) => {
		const original = console[method].bind(console);
		return jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
			const text = args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
			logged.push(`console.${method} ${text}`);
			// Our own report lines still reach the terminal.
			if (text.startsWith('[hardening:')) original(...args);
		});
	});
	const writes = (['stdout', 'stderr'] as const).map((stream) => {
		const original = process[stream].write.bind(process[stream]);
		return jest.spyOn(process[stream], 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
			logged.push(`${stream} ${String(chunk)}`);
			return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
		}) as typeof process.stdout.write);
	});
	// n8n-core's own logger (winston) holds console.log bound at start, so it is captured at its source.
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { Logger } = require('@n8n/backend-common') as { Logger: { prototype: { log(level: string, message: string, metadata?: object): void } } };
	const originalLog = Logger.prototype.log;
	const n8nLog = jest.spyOn(Logger.prototype, 'log').mockImplementation(function (this: unknown, level: string, message: string, metadata: object = {}) {
		const meta = JSON.stringify(metadata, (_key, value: unknown) =>
			value instanceof Error ? { message: value.message, stack: value.stack, description: (value as { description?: unknown }).description, cause: String(value.cause ?? '') } : value,
		);
		logged.push(`n8n.${level} ${message} ${meta}`);
		return originalLog.call(this, level, message, metadata);
	});
	return () => [...spies, ...writes, n8nLog].forEach((spy) => spy.mockRestore());
}

type Endpoint = 'accepts' | 'refuses401' | 'fails500' | 'echoes' | 'testCallRefused' | 'redirects' | 'untrustedTls' | 'absent';
/** `echoes` runs in its own test: there the secrets do reach the endpoint and come back in its answer. */
const ENDPOINTS: Endpoint[] = ['accepts', 'refuses401', 'fails500', 'testCallRefused', 'redirects', 'untrustedTls', 'absent'];

interface Scheme {
	label: string;
	authentication: string;
	/** Extra node parameters (the signature scheme). */
	parameters?: Record<string, string>;
	credentials: Record<string, ICredentialDataDecryptedObject>;
}

describe('(d) secret canaries', () => {
	const servers: Array<{ close(): Promise<void> }> = [];
	let findings: string[] = [];
	const allFindings: string[] = [];
	const echoFindings: string[] = [];
	let runs = 0;
	beforeEach(() => {
		allFindings.push(...findings);
		findings = [];
	});
	let restore: () => void = () => undefined;
	let endpoints: Record<Endpoint, string>;
	let cert: string;
	let oauth: Awaited<ReturnType<typeof startOAuthServer>>;
	let oauthWrong: Awaited<ReturnType<typeof startOAuthServer>>;
	let digest: Awaited<ReturnType<typeof startDigestServer>>;

	const track = <T extends { close(): Promise<void> }>(server: T) => (servers.push(server), server);
	beforeAll(async () => {
		cert = (await testCertificate()).cert;
		const plain = async (post: (req: Parameters<Parameters<typeof startHttpsServer>[0]>[0], res: Parameters<typeof reply>[0]) => void, head = 200) =>
			track(await startHttpsServer((req, res) => (req.method === 'HEAD' ? reply(res, head) : post(req, res))));
		const accepts = await plain((_req, res) => reply(res, 200, 'ok'));
		const echoes = await plain((req, res) =>
			reply(res, 400, JSON.stringify({ youSent: { url: req.url, headers: req.headers, body: req.body.toString('utf8') } }), {
				'x-echo-authorization': String(req.headers.authorization ?? ''),
			}),
		);
		endpoints = {
			accepts: accepts.origin,
			refuses401: (await plain((_req, res) => reply(res, 401, 'no', { 'www-authenticate': 'Basic realm="x"' }))).origin,
			fails500: (await plain((_req, res) => reply(res, 500, 'internal error'))).origin,
			echoes: echoes.origin,
			testCallRefused: (await plain((_req, res) => reply(res, 200), 403)).origin,
			redirects: (await plain((_req, res) => reply(res, 302, '', { location: `${accepts.origin}/elsewhere` }))).origin,
			untrustedTls: '', // set per run: an endpoint whose CA the node is not given
			absent: 'https://127.0.0.1:9',
		};
		endpoints.untrustedTls = accepts.origin;
		digest = track(await startDigestServer({ user: USER, password: CANARY.digest }));
		oauth = track(await startOAuthServer({ clientId: CLIENT_ID, clientSecret: CANARY.oauthSecret, expiresIn: 3600 }));
		oauthWrong = track(await startOAuthServer({ clientId: CLIENT_ID, clientSecret: 'a-different-secret' }));
		restore = captureLogs();
	});

	afterAll(async () => {
		restore();
		allFindings.push(...findings);
		await Promise.all(servers.map((s) => s.close()));
		report('canaries', `${runs} workflow runs with canary secrets in every credential`, [
			`canaries: ${Object.keys(CANARY).length} secret fields (hub secret + previous, basic, digest, AWS secret key + session token, API key, OAuth2 client secret, SMPP password) plus every access token the OAuth server issued`,
			`endpoints: ${[...ENDPOINTS, 'echoes'].join(', ')}; each with stop-on-error and with continue-on-fail; plus OAuth2 token endpoint refusing, SMPP forward (bind accepted / refused), and the Channel Event Trigger`,
			`scanned: output items, node error message + description + stack, the whole run data, ${logged.length} captured log lines`,
			allFindings.length === 0 ? 'no canary found in any of them' : `FOUND: ${allFindings.join('; ')}`,
			echoFindings.length === 0
				? 'endpoint that echoes the request back: no canary in outputs (response bodies are redacted)'
				: `FOUND, endpoint that echoes the request back: ${[...new Set(echoFindings.map((f) => f.replace(/ \/ continue-on-fail/, '')))].join('; ')}`,
		]);
	});

	const hub = { hubSignatureApi: { secret: CANARY.hub, previousSecret: CANARY.hubPrevious, algorithm: 'sha256' } };
	const standardWebhooks = { standardWebhooksApi: { secret: SERIALISED[0], previousSecrets: SERIALISED[1] } };
	const schemes = (): Scheme[] => [
		{ label: 'none + hub signature', authentication: 'none', credentials: { ...hub } },
		{ label: 'none + Standard Webhooks', authentication: 'none', parameters: { signatureScheme: 'standardWebhooks' }, credentials: { ...standardWebhooks } },
		{ label: 'basicAuth + Standard Webhooks', authentication: 'basicAuth', parameters: { signatureScheme: 'standardWebhooks' }, credentials: { ...standardWebhooks, webhookBasicAuthApi: { user: USER, password: CANARY.basic } } },
		{ label: 'none + legacy SHA1 hub credential (refused)', authentication: 'none', credentials: { hubSignatureApi: { secret: CANARY.hub, algorithm: 'sha1' } } },
		{ label: 'basicAuth', authentication: 'basicAuth', credentials: { ...hub, webhookBasicAuthApi: { user: USER, password: CANARY.basic } } },
		{ label: 'digestAuth', authentication: 'digestAuth', credentials: { ...hub, webhookDigestAuthApi: { user: USER, password: CANARY.digest } } },
		{
			label: 'awsSignature',
			authentication: 'awsSignature',
			credentials: {
				...hub,
				webhookAwsSignatureApi: { accessKeyId: 'AKIDCANARYEXAMPLE', secretAccessKey: CANARY.awsSecret, sessionToken: CANARY.awsSession, region: 'eu-west-1', service: 'execute-api' },
			},
		},
		{ label: 'apiKey (header)', authentication: 'apiKey', credentials: { ...hub, webhookApiKeyApi: { name: 'x-api-key', value: CANARY.apiKey, sendIn: 'header' } } },
		{ label: 'apiKey (query)', authentication: 'apiKey', credentials: { ...hub, webhookApiKeyApi: { name: 'key', value: CANARY.apiKey, sendIn: 'query' } } },
		{
			label: 'oAuth2 (client credentials)',
			authentication: 'oAuth2',
			credentials: {
				...hub,
				webhookOAuth2Api: { grantType: 'clientCredentials', clientId: CLIENT_ID, clientSecret: CANARY.oauthSecret, accessTokenUrl: oauth.tokenUrl, scopes: '', authentication: 'body' },
			},
		},
	];

	function scan(label: string, result: RunResult | undefined, extra: string[] = []) {
		const canaries = [...Object.values(CANARY), ...SERIALISED, ...SERIALISED.map((secret) => secret.slice('whsec_'.length)), ...oauth.validTokens, ...oauthWrong.validTokens];
		const error = result?.nodeError('Webhook');
		const places: Array<[string, string]> = [
			['output items', JSON.stringify(result?.run.data.resultData.runData ?? {})],
			['error message', String(error?.message ?? '')],
			['error description', String(error?.description ?? '')],
			['error stack', String(error?.stack ?? '')],
			['run data', JSON.stringify(result?.run ?? {})],
			['log lines', logged.join('\n')],
			...extra.map((text, i): [string, string] => [`extra ${i}`, text]),
		];
		for (const [place, text] of places) {
			for (const canary of canaries) {
				if (text.includes(canary)) findings.push(`${label}: ${place} contains ${canary.startsWith('CANARY') ? canary.split('-')[1] : 'an access token'}`);
			}
		}
	}

	test.each(ENDPOINTS.flatMap((endpoint) => [[endpoint, false], [endpoint, true]] as const))('every scheme against an endpoint that %s (continue-on-fail %p)', async (endpoint, continueOnFail) => {
		for (const scheme of schemes()) {
			const origin = scheme.authentication === 'digestAuth' && endpoint === 'accepts' ? digest.origin : endpoints[endpoint];
			const result = await runWorkflow(
				outboundWorkflow(
					[{ n: 1, note: 'hello' }, { n: 2 }],
					{
						url: `${origin}/hook`,
						authentication: scheme.authentication,
						enableHubSignature: true,
						...scheme.parameters,
						options: { caCertificate: endpoint === 'untrustedTls' ? '' : cert, retryInterval: 0.01, timeout: 1000, maxRetries: 1 },
					},
					continueOnFail ? { onError: 'continueRegularOutput' } : {},
				),
				{ credentials: scheme.credentials },
			);
			runs += 1;
			scan(`${scheme.label} / ${endpoint}${continueOnFail ? ' / continue-on-fail' : ''}`, result);
		}
		expect(findings).toEqual([]);
	});

	/**
	 * An endpoint that echoes the request (headers included) into its answer: the node copies up to
	 * 2 KiB of every response body into its output, so a bearer token, API key or AWS session token
	 * sent in clear would come back into n8n's execution data. The exchange hides what the authorizer
	 * sent (nodes/shared/delivery/redact.ts); before that, this test found all three in the outputs.
	 */
	test('every scheme against an endpoint that echoes the request: no canary in the outputs', async () => {
		for (const continueOnFail of [false, true]) {
			for (const scheme of schemes()) {
				const result = await runWorkflow(
					outboundWorkflow(
						[{ n: 1 }],
						{ url: `${endpoints.echoes}/hook`, authentication: scheme.authentication, enableHubSignature: true, ...scheme.parameters, options: { caCertificate: cert, retryInterval: 0.01, timeout: 1000, maxRetries: 0 } },
						continueOnFail ? { onError: 'continueRegularOutput' } : {},
					),
					{ credentials: scheme.credentials },
				);
				runs += 1;
				scan(`${scheme.label} / echoes${continueOnFail ? ' / continue-on-fail' : ''}`, result);
			}
		}
		echoFindings.push(...findings);
		findings = [];
		expect(echoFindings).toEqual([]);
	});

	test('OAuth2: a token endpoint that refuses the client secret', async () => {
		for (const onError of [undefined, 'continueRegularOutput']) {
			const result = await runWorkflow(
				outboundWorkflow([{ n: 1 }], { url: `${endpoints.accepts}/hook`, authentication: 'oAuth2', options: { caCertificate: cert, retryInterval: 0.01, timeout: 1000, maxRetries: 0 } }, onError ? { onError } : {}),
				{ credentials: { webhookOAuth2Api: { grantType: 'clientCredentials', clientId: CLIENT_ID, clientSecret: CANARY.oauthSecret, accessTokenUrl: oauthWrong.tokenUrl, scopes: '', authentication: 'header' } } },
			);
			runs += 1;
			scan(`oAuth2 token refused${onError ? ' / continue-on-fail' : ''}`, result);
		}
		expect(findings).toEqual([]);
	});

	test('SMPP: the ESME password stays out of outputs, errors and logs (accepted and refused bind)', async () => {
		for (const bindStatus of [0, 0x0e /* ESME_RINVPASWD */]) {
			const smsc = await startSmppServer({ bind: () => bindStatus });
			try {
				const result = await runWorkflow(
					outboundWorkflow(
						[{ event: 'incomingMessage', channel: 'sms', from: '+447700900001', to: '447700900999', text: 'hi' }],
						{
							url: `${endpoints.accepts}/hook`,
							entityType: 'phoneNumber',
							entityId: '447700900999',
							authentication: 'none',
							enableHubSignature: false,
							forwardToSmpp: true,
							options: { caCertificate: cert, retryInterval: 0.01, timeout: 1000, maxRetries: 0 },
						},
						{ onError: 'continueRegularOutput' },
					),
					{
						credentials: {
							smppBindApi: { host: '127.0.0.1', port: smsc.port, systemId: 'esme1', password: CANARY.smpp, systemType: '', bindMode: 'transmitter', tls: false, sourceTon: 'auto', sourceNpi: 'auto' },
						},
					},
				);
				runs += 1;
				scan(`smpp bind status ${bindStatus}`, result);
			} finally {
				await smsc.close();
			}
		}
		expect(findings).toEqual([]);
	});

	test('Channel Event Trigger with Standard Webhooks: signed, wrong, stale and misconfigured requests carry no canary', async () => {
		const { Webhook } = await import('standardwebhooks');
		const body = JSON.stringify({ event: 'incomingMessage', channel: 'sms', from: '1', to: '2', text: 'hi' });
		const parameters = { entityType: 'service', entityId: '', events: ['incomingMessage'], receipts: {}, enableHubSignature: true, signatureScheme: 'standardWebhooks', authentication: 'none', options: { includeHeaders: true, includeRawBody: true } };
		const answers: string[] = [];
		const headers = (secret: string, at = Date.now()) => ({
			'webhook-id': 'msg_canary',
			'webhook-timestamp': String(Math.floor(at / 1000)),
			'webhook-signature': new Webhook(secret).sign('msg_canary', new Date(at), body),
		});
		for (const [credential, sent] of [
			[standardWebhooks, headers(SERIALISED[0])],
			[standardWebhooks, headers(SERIALISED[1])],
			[standardWebhooks, headers(SERIALISED[0], Date.now() - 3_600_000)],
			[standardWebhooks, { ...headers(SERIALISED[0]), 'webhook-signature': `v1,${SERIALISED[0]}` }],
			[{ standardWebhooksApi: { secret: `${CANARY.standardWebhooks}!` } }, headers(SERIALISED[0])],
		] as const) {
			const server = await startTriggerServer({ parameters, credentials: credential });
			try {
				const response = await fetch(server.url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...sent } });
				answers.push(`${response.status} ${JSON.stringify([...response.headers])} ${await response.text()}`, JSON.stringify(server.runs));
				runs += 1;
			} finally {
				await server.close();
			}
		}
		expect(answers.filter((line) => /^\d+ /.test(line)).map((line) => line.slice(0, 3))).toEqual(['200', '200', '401', '401', '500']);
		scan('trigger (Standard Webhooks)', undefined, answers);
		expect(findings).toEqual([]);
	});

	test('Channel Event Trigger: right and wrong credentials, responses and emitted items carry no canary', async () => {
		const { createHmac } = await import('node:crypto');
		const body = JSON.stringify({ event: 'incomingMessage', channel: 'sms', from: '1', to: '2', text: 'hi' });
		const basic = (password: string) => `Basic ${Buffer.from(`${USER}:${password}`).toString('base64')}`;
		const server = await startTriggerServer({
			parameters: {
				entityType: 'service',
				entityId: '',
				events: ['incomingMessage'],
				receipts: {},
				enableHubSignature: true,
				authentication: 'basicAuth',
				options: { includeHeaders: true, includeRawBody: true },
			},
			credentials: { ...hub, webhookBasicAuthApi: { user: USER, password: CANARY.basic } },
		});
		try {
			const answers: string[] = [];
			const attempts: Array<[string, Record<string, string>]> = [
				['right', { authorization: basic(CANARY.basic), 'x-hub-signature': createHmac('sha256', CANARY.hub).update(body).digest('hex') }],
				['wrong password', { authorization: basic(`${CANARY.basic}x`), 'x-hub-signature': createHmac('sha256', CANARY.hub).update(body).digest('hex') }],
				['secret as signature', { authorization: basic(CANARY.basic), 'x-hub-signature': CANARY.hub }],
				['password as bearer', { authorization: `Bearer ${CANARY.basic}`, 'x-hub-signature': 'x' }],
			];
			for (const [, headers] of attempts) {
				const response = await fetch(server.url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
				answers.push(`${response.status} ${JSON.stringify([...response.headers])} ${await response.text()}`);
				runs += 1;
			}
			expect(server.runs).toHaveLength(1);
			scan('trigger', undefined, [...answers, JSON.stringify(server.runs)]);
		} finally {
			await server.close();
		}
		expect(findings).toEqual([]);
	});

	/**
	 * Peers that echo what they were sent, decoded or re-encoded: an OAuth2 token endpoint that quotes
	 * the posted form (URL-encoded, `+` for spaces) and the decoded Basic header in its
	 * `error_description`, and a receiver that answers with the Basic credentials and the query values
	 * it decoded. The secrets hold a space, `+`, `/` and `=`, so that their raw, `%20`, `+` and base64
	 * forms all differ. Before, the token endpoint's words put the client secret into the Failed item,
	 * the node's error and n8n's log, and the decoding receiver put the Basic password and the API key
	 * into the output.
	 */
	test('peers that echo (token endpoint error_description, a receiver that decodes): no secret in raw, %20, + or base64 form', async () => {
		const spaced = {
			oauth: `CANARY oauth ${tag}+/=end`,
			basic: `CANARY basic ${tag}+/=end`,
			apiKey: `CANARY apikey ${tag}+/=end`,
		};
		const formsOf = (secret: string) => [
			secret,
			encodeURIComponent(secret),
			new URLSearchParams({ s: secret }).toString().slice(2),
			Buffer.from(secret).toString('base64'),
			Buffer.from(`${CLIENT_ID}:${new URLSearchParams({ s: secret }).toString().slice(2)}`).toString('base64'),
		];
		const echoingTokenEndpoint = track(
			await startHttpsServer((req, res) => {
				const authorization = String(req.headers.authorization ?? '');
				const decoded = authorization.startsWith('Basic ') ? Buffer.from(authorization.slice(6), 'base64').toString('utf8') : '';
				reply(res, 401, JSON.stringify({ error: 'invalid_client', error_description: `bad client: received ${req.body.toString('utf8')} and ${authorization} (${decoded})` }), { 'content-type': 'application/json' });
			}),
		);
		const decodingReceiver = track(
			await startHttpsServer((req, res) => {
				if (req.method === 'HEAD') return reply(res, 200);
				const authorization = String(req.headers.authorization ?? '');
				const query = Object.fromEntries(new URL(req.url, 'https://x').searchParams);
				reply(res, 400, JSON.stringify({ basic: authorization.startsWith('Basic ') ? Buffer.from(authorization.slice(6), 'base64').toString('utf8') : '', query, apiKey: req.headers['x-api-key'], url: req.url }));
			}),
		);
		const cases: Array<{ label: string; url: string; authentication: string; credentials: Record<string, ICredentialDataDecryptedObject> }> = [
			...(['body', 'header'] as const).map((clientAuth) => ({
				label: `oAuth2 token endpoint echoing (client auth in ${clientAuth})`,
				url: `${endpoints.accepts}/hook`,
				authentication: 'oAuth2',
				credentials: { webhookOAuth2Api: { grantType: 'clientCredentials', clientId: CLIENT_ID, clientSecret: spaced.oauth, accessTokenUrl: `${echoingTokenEndpoint.origin}/token`, scopes: '', authentication: clientAuth } },
			})),
			{ label: 'basicAuth, receiver decodes', url: `${decodingReceiver.origin}/hook`, authentication: 'basicAuth', credentials: { webhookBasicAuthApi: { user: USER, password: spaced.basic } } },
			{ label: 'apiKey in query, receiver decodes', url: `${decodingReceiver.origin}/hook`, authentication: 'apiKey', credentials: { webhookApiKeyApi: { name: 'key', value: spaced.apiKey, sendIn: 'query' } } },
			{ label: 'apiKey in header, receiver echoes', url: `${decodingReceiver.origin}/hook`, authentication: 'apiKey', credentials: { webhookApiKeyApi: { name: 'x-api-key', value: spaced.apiKey, sendIn: 'header' } } },
		];
		const echoed: string[] = [];
		for (const c of cases) {
			for (const onError of [undefined, 'continueRegularOutput']) {
				const result = await runWorkflow(
					outboundWorkflow([{ n: 1 }], { url: c.url, authentication: c.authentication, options: { caCertificate: cert, retryInterval: 0.01, timeout: 1000, maxRetries: 0 } }, onError ? { onError } : {}),
					{ credentials: c.credentials },
				);
				runs += 1;
				const label = `${c.label}${onError ? ' / continue-on-fail' : ''}`;
				scan(label, result);
				const error = result.nodeError('Webhook');
				const texts = [JSON.stringify(result.run), String(error?.message ?? ''), String(error?.description ?? ''), logged.join('\n')];
				for (const secret of Object.values(spaced)) {
					for (const form of formsOf(secret)) if (texts.some((text) => text.includes(form))) echoed.push(`${label}: ${JSON.stringify(form.slice(0, 14))}…`);
				}
				// The peer's words are still shown, with the secret hidden.
				if (c.authentication === 'oAuth2') expect(texts[0] + texts[1]).toContain('[redacted]');
			}
		}
		expect(echoed).toEqual([]);
		expect(findings).toEqual([]);
	});
});
