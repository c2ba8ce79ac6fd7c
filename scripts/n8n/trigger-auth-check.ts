/**
 * The Channel Event Trigger's inbound authorization in a real n8n: one active workflow per scheme
 * (Basic, Digest, AWS Signature, API key, OAuth 2.0 bearer: a JWT with a shared secret, a JWT checked
 * against a JWKS URL and an opaque token introspected, both at a loopback authorization server whose
 * certificate only the credential's Custom CA Certificate vouches for; Standard Webhooks v1a), each sent one
 * request with the right secret (200, one run) and one with a wrong secret (401 with the scheme's
 * WWW-Authenticate where it defines one, no run) on its production URL; n8n's log names what was
 * wrong and holds none of the secrets.
 */
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import aws4 from 'aws4';

import { createDigestAuthorizer } from '../../nodes/shared/auth/digest';
import { standardWebhookHeaders } from '../../nodes/shared/standard-webhooks';
import { parseSigningKey, publicKeyText } from '../../nodes/shared/standard-webhooks-v1a';
import { signJwt, startAuthorizationServer, type AuthorizationServer } from '../../test/support/authorization-server';
import type { Checks } from './checks';
import { onCleanup } from './cleanup';
import { sleep, type N8n } from './n8n';
import { DEMO_OWNER, N8nRest } from './rest';
import { waitForWebhooks } from './wait-for-webhooks';
import { sampleEvents, TRIGGER, triggerWebhookPath } from './workflows';

/** Every secret of this check carries the canary, so one search of the log finds any leak. */
const CANARY = 'ta-canary-5b1e';
const secret = (name: string) => `${CANARY}-${name}-secret`;

const ed25519 = generateKeyPairSync('ed25519');
const whsk = `whsk_${ed25519.privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(-32).toString('base64')}`;
const wrongWhsk = `whsk_${generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(-32).toString('base64')}`;

interface Scheme {
	key: string;
	authentication: string;
	credentialType: string;
	data: Record<string, unknown>;
	/** Parameters beside authentication (e.g. a signature scheme). */
	parameters?: Record<string, unknown>;
	/** The request's headers, signed or authorized with the right (`true`) or a wrong secret. */
	headers(url: string, body: string, right: boolean): Promise<Record<string, string>>;
	/** The WWW-Authenticate of a refusal, when the scheme defines one. */
	challenge?: RegExp;
	/** What n8n's log says about the wrong request. */
	logged: RegExp;
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** The schemes, two of them at the loopback authorization server `as`. */
const schemes = (as: AuthorizationServer): Scheme[] => [
	{
		key: 'basic',
		authentication: 'basicAuth',
		credentialType: 'webhookBasicAuthApi',
		data: { user: 'platform', password: secret('basic') },
		headers: async (_url, _body, right) => ({ authorization: basic('platform', right ? secret('basic') : 'wrong') }),
		challenge: /^Basic realm=/,
		logged: /Basic: the password does not match/,
	},
	{
		key: 'digest',
		authentication: 'digestAuth',
		credentialType: 'webhookDigestAuthApi',
		data: { user: 'platform', password: secret('digest'), algorithm: 'SHA-256' },
		// The platform's way: a first request without authorization, then the answer to the challenge.
		headers: async (url, body, right) => {
			const bare = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
			const challenge = bare.headers.get('www-authenticate') ?? '';
			const sender = createDigestAuthorizer({ scheme: 'digestAuth', user: 'platform', password: right ? secret('digest') : 'wrong' });
			const answered = await sender.challenge!({ method: 'POST', url, headers: {}, body: Buffer.from(body) }, { status: bare.status, headers: { 'www-authenticate': challenge } });
			return { authorization: answered?.headers.authorization ?? '' };
		},
		challenge: /^Digest realm="Channel Event Trigger", qop="auth", algorithm=SHA-256, nonce="/,
		logged: /Digest: the response does not match/,
	},
	{
		key: 'aws',
		authentication: 'awsSignature',
		credentialType: 'webhookAwsSignatureApi',
		data: { accessKeyId: 'AKIDE2ETRIGGER', secretAccessKey: secret('aws'), region: 'eu-west-1', service: 'execute-api', sessionToken: '' },
		headers: async (url, body, right) => {
			const target = new URL(url);
			const signed = aws4.sign(
				{ host: target.host, method: 'POST', path: target.pathname, service: 'execute-api', region: 'eu-west-1', headers: { 'content-type': 'application/json' }, body },
				{ accessKeyId: 'AKIDE2ETRIGGER', secretAccessKey: right ? secret('aws') : 'wrong' },
			);
			// Host and Content-Length are signed, and fetch sends both itself with the same values; a
			// second Content-Length from aws4 is a duplicate that undici may refuse before sending.
			const { Host: _host, 'Content-Length': _length, ...rest } = signed.headers as Record<string, string>;
			return rest;
		},
		logged: /AWS Signature: the signature does not match/,
	},
	{
		key: 'apikey',
		authentication: 'apiKey',
		credentialType: 'webhookApiKeyApi',
		data: { name: 'x-api-key', value: secret('apikey'), sendIn: 'header' },
		headers: async (_url, _body, right) => ({ 'x-api-key': right ? secret('apikey') : 'wrong' }),
		logged: /API key: the header x-api-key does not match/,
	},
	{
		key: 'oauth2',
		authentication: 'oAuth2',
		credentialType: 'webhookBearerTokenApi',
		data: { verifyBy: 'jwt', keySource: 'secret', secret: secret('oauth2'), issuer: 'https://platform.example', audience: 'n8n-trigger', leeway: 60 },
		headers: async (_url, _body, right) => {
			const claims = { iss: 'https://platform.example', aud: 'n8n-trigger', exp: Math.floor(Date.now() / 1000) + 300 };
			return { authorization: `Bearer ${signJwt('HS256', right ? secret('oauth2') : 'wrong', claims)}` };
		},
		challenge: /^Bearer realm="Channel Event Trigger", error="invalid_token"$/,
		logged: /OAuth 2.0: the JWT signature does not verify/,
	},
	{
		key: 'jwks',
		authentication: 'oAuth2',
		credentialType: 'webhookBearerTokenApi',
		data: { verifyBy: 'jwt', keySource: 'jwksUrl', jwksUrl: as.jwksUrl, caCertificate: as.cert, issuer: as.issuer, audience: 'n8n-trigger', leeway: 60 },
		// The wrong one is signed by the server's key too, but expired an hour ago.
		headers: async (_url, _body, right) => ({ authorization: `Bearer ${as.issue({ format: 'RS256', audience: 'n8n-trigger', expiresIn: right ? 300 : -3600 })}` }),
		challenge: /^Bearer realm="Channel Event Trigger", error="invalid_token"$/,
		logged: /OAuth 2.0: the JWT has expired \(exp\)/,
	},
	{
		key: 'introspect',
		authentication: 'oAuth2',
		credentialType: 'webhookBearerTokenApi',
		data: { verifyBy: 'introspection', introspectionUrl: as.introspectionUrl, clientId: as.introspectionClient.id, clientSecret: as.introspectionClient.secret, caCertificate: as.cert, issuer: as.issuer, audience: 'n8n-trigger' },
		headers: async (_url, _body, right) => {
			const token = as.issue({ format: 'opaque', audience: 'n8n-trigger' });
			if (!right) as.revoke(token);
			return { authorization: `Bearer ${token}` };
		},
		challenge: /^Bearer realm="Channel Event Trigger", error="invalid_token"$/,
		logged: /OAuth 2.0: the introspection endpoint says the token is not active/,
	},
	{
		key: 'v1a',
		authentication: 'none',
		credentialType: 'standardWebhooksApi',
		// The receiver holds the public key only.
		data: { secret: '', previousSecrets: '', publicKey: publicKeyText(parseSigningKey(whsk)) },
		parameters: { enableHubSignature: true, signatureScheme: 'standardWebhooks' },
		headers: async (_url, body, right) => standardWebhookHeaders([parseSigningKey(right ? whsk : wrongWhsk)], `msg_e2e_${Date.now()}`, Date.now(), Buffer.from(body)),
		logged: /$^/,
	},
];

const idOf = (scheme: Scheme) => `owE2eTa${scheme.key.padEnd(9, '0')}`.slice(0, 16);
const webhookIdOf = (index: number) => `7a2d5e10-1c3b-4d5e-8f60-00000000000${index + 1}`;

function triggerWorkflow(scheme: Scheme, index: number) {
	return {
		id: idOf(scheme),
		name: `OW e2e: trigger with ${scheme.key}`,
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
		connections: {},
		nodes: [
			{
				id: 't1',
				name: 'Channel Event Trigger',
				type: TRIGGER,
				typeVersion: 1.1,
				position: [0, 0],
				webhookId: webhookIdOf(index),
				parameters: {
					entityType: 'service',
					entityId: '',
					events: ['incomingMessage'],
					receipts: { sms: ['delivered'] },
					enableHubSignature: false,
					authentication: scheme.authentication,
					...scheme.parameters,
					options: {},
				},
				credentials: { [scheme.credentialType]: { id: `${idOf(scheme).slice(0, 12)}Cred`, name: `E2E trigger ${scheme.key}` } },
			},
		],
	};
}

/**
 * Imports and activates the workflows (before n8n starts); returns the check to run once it serves.
 */
export async function prepareTriggerAuthCheck(n8n: N8n, userFolder: string): Promise<(checks: Checks) => Promise<void>> {
	const as = await startAuthorizationServer();
	onCleanup('close the trigger-auth authorization server', () => as.close());
	const all = schemes(as);
	const credentialsFile = join(userFolder, 'e2e-trigger-auth-credentials.json');
	writeFileSync(
		credentialsFile,
		JSON.stringify(all.map((scheme) => ({ id: `${idOf(scheme).slice(0, 12)}Cred`, name: `E2E trigger ${scheme.key}`, type: scheme.credentialType, data: scheme.data }))),
	);
	await n8n.cliOrThrow(['import:credentials', `--input=${credentialsFile}`]);
	const workflows = all.map(triggerWorkflow);
	await n8n.importWorkflows(workflows);
	await n8n.activate(workflows.map((workflow) => workflow.id));
	return (checks) => checkTriggerAuth(n8n, checks, all, as);
}

async function checkTriggerAuth(n8n: N8n, checks: Checks, all: Scheme[], as: AuthorizationServer): Promise<void> {
	const rest = new N8nRest(n8n.baseUrl);
	await rest.signIn(DEMO_OWNER);
	const urls = all.map((_scheme, index) => `${n8n.baseUrl}/webhook/${webhookIdOf(index)}/${triggerWebhookPath()}`);
	await waitForWebhooks(urls, { servers: [n8n] });
	const body = JSON.stringify(sampleEvents()['01-incoming-sms']);
	const logStart = readFileSync(n8n.logFile, 'utf8').length;

	for (const [index, scheme] of all.entries()) {
		const send = async (right: boolean) => {
			const headers = await scheme.headers(urls[index], body, right);
			const response = await fetch(urls[index], { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
			return { status: response.status, challenge: response.headers.get('www-authenticate'), text: await response.text() };
		};
		const right = await send(true);
		const wrong = await send(false);
		const challengeOk = scheme.challenge ? scheme.challenge.test(wrong.challenge ?? '') : wrong.challenge === null;
		checks.check(
			`trigger ${scheme.authentication}${scheme.key === 'v1a' ? ' + Standard Webhooks v1a (public key only)' : ''}: the right secret gets 200, a wrong one 401${scheme.challenge ? ' with its WWW-Authenticate' : ''}`,
			right.status === 200 && wrong.status === 401 && challengeOk,
			`right ${right.status} ${right.text.slice(0, 120)}; wrong ${wrong.status} ${wrong.text.slice(0, 120)}; WWW-Authenticate ${String(wrong.challenge).slice(0, 120)}`,
		);
	}

	const runs = async () => Promise.all(all.map(async (scheme) => (await rest.executions(idOf(scheme))).map((r) => r.status)));
	let statuses = await runs();
	for (const deadline = Date.now() + 20_000; statuses.some((s) => s.length !== 1 || s[0] !== 'success') && Date.now() < deadline; ) {
		await sleep(500);
		statuses = await runs();
	}
	checks.check(
		'trigger OAuth 2.0: the JWKS and the introspection answers came over HTTPS from a server only the credential\'s Custom CA Certificate vouches for',
		as.jwksRequests() >= 1 && as.introspectionRequests() >= 2,
		`JWKS fetched ${as.jwksRequests()} times, introspection asked ${as.introspectionRequests()} times`,
	);
	checks.check(
		'trigger authorization: exactly one run per scheme (the accepted request), none for the refused ones',
		statuses.every((s) => s.length === 1 && s[0] === 'success'),
		JSON.stringify(Object.fromEntries(all.map((scheme, i) => [scheme.key, statuses[i]]))),
	);

	const log = readFileSync(n8n.logFile, 'utf8').slice(logStart);
	const unexplained = all.filter((scheme) => scheme.key !== 'v1a' && !scheme.logged.test(log)).map((scheme) => scheme.key);
	checks.check(
		'trigger authorization: n8n\'s log says why each wrong request was refused, and holds no secret',
		unexplained.length === 0 && !log.includes(CANARY),
		`${unexplained.length ? `no reason logged for ${unexplained.join(', ')}; ` : ''}${log.includes(CANARY) ? 'a secret is in the log; ' : ''}${log.split('\n').filter((l) => l.includes('refused')).slice(0, 6).join(' | ').slice(0, 600)}`,
	);
}
