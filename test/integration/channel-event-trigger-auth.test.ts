import aws4 from 'aws4';

import { createDigestAuthorizer } from '../../nodes/shared/auth/digest';
import { startTriggerServer, type TriggerServer, type TriggerServerOptions } from '../harness/webhook';
import { signJwt } from '../support/authorization-server';

/**
 * Every inbound authorization scheme of the Channel Event Trigger through its webhook() over real
 * HTTP (test/harness/webhook.ts): accepted with the right secret (one run), refused with a wrong one
 * (401, the scheme's challenge, no run), and n8n's log says why without any secret (a canary).
 */
const CANARY = 'canary-7f3a9c-secret';
const BODY = '{"deliveryInfoNotification":{"deliveryInfo":{"deliveryStatus":"Delivered","deliveryChannel":"sms","destination":"447700900123","transid":"t-1"}}}';

let server: TriggerServer | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
});

async function start(authentication: string, credentials: TriggerServerOptions['credentials'], options: Record<string, number | string | boolean> = {}) {
	server = await startTriggerServer({
		parameters: { entityType: 'service', entityId: '', events: [], receipts: { sms: ['delivered'] }, enableHubSignature: false, authentication, options },
		credentials,
	});
	return server;
}

const post = (url: string, headers: Record<string, string> = {}, body = BODY) =>
	fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

/** n8n's log lines (its Logger), captured while `during` runs. */
async function logged(during: () => Promise<void>): Promise<string> {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { Logger } = require('@n8n/backend-common') as { Logger: { prototype: { log(level: string, message: string, meta?: object): void } } };
	const lines: string[] = [];
	const spy = jest.spyOn(Logger.prototype, 'log').mockImplementation((level: string, message: string, meta?: object) => {
		lines.push(`${level} ${message} ${JSON.stringify(meta ?? {})}`);
	});
	try {
		await during();
	} finally {
		spy.mockRestore();
	}
	return lines.join('\n');
}

describe('Channel Event Trigger: every inbound authorization over HTTP', () => {
	test('Digest: a bare POST gets the challenge; the package\'s digest sender answers it; a wrong password is refused and logged without it', async () => {
		const { url, runs } = await start('digestAuth', { webhookDigestAuthApi: { user: 'connect', password: CANARY, algorithm: 'SHA-256' } });
		let bare: Response | undefined;
		// The first leg of the handshake is expected: logged at debug level (off here), not as a warning
		// as the wrong password below is.
		const handshakeLog = await logged(async () => {
			bare = await post(url);
		});
		expect(handshakeLog).not.toMatch(/^(warn|info|error) /m);
		expect(bare!.status).toBe(401);
		const challenge = bare!.headers.get('www-authenticate')!;
		expect(challenge).toMatch(/^Digest realm="Channel Event Trigger", qop="auth", algorithm=SHA-256, nonce="/);

		const answer = async (password: string) => {
			const sender = createDigestAuthorizer({ scheme: 'digestAuth', user: 'connect', password });
			const request = { method: 'POST' as const, url, headers: {}, body: Buffer.from(BODY) };
			const answered = await sender.challenge!(request, { status: 401, headers: { 'www-authenticate': challenge } });
			return answered!.headers.authorization;
		};
		expect((await post(url, { authorization: await answer(CANARY) })).status).toBe(200);
		let wrong: Response | undefined;
		const log = await logged(async () => {
			wrong = await post(url, { authorization: await answer('not-the-password') });
		});
		expect(wrong!.status).toBe(401);
		expect(wrong!.headers.get('www-authenticate')).toMatch(/^Digest /);
		expect(log).toMatch(/^warn .*refused a POST request \(401\): Digest: the response does not match/);
		expect(log).not.toContain(CANARY);
		expect(runs).toHaveLength(1);
	});

	test('AWS Signature: an aws4-signed POST passes; signed with another secret it is refused, logged without the secret', async () => {
		const { url, runs } = await start(
			'awsSignature',
			{ webhookAwsSignatureApi: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: CANARY, region: 'eu-west-1', service: 'execute-api', sessionToken: '' } },
			{ awsClockSkew: 300 },
		);
		const target = new URL(url);
		const signed = (secret: string) =>
			aws4.sign(
				{ host: target.host, method: 'POST', path: target.pathname, service: 'execute-api', region: 'eu-west-1', headers: { 'content-type': 'application/json' }, body: BODY },
				{ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: secret },
			).headers as Record<string, string>;
		expect((await post(url, signed(CANARY))).status).toBe(200);
		let wrong: Response | undefined;
		const log = await logged(async () => {
			wrong = await post(url, signed('another-secret'));
		});
		expect(wrong!.status).toBe(401);
		expect(wrong!.headers.get('www-authenticate')).toBeNull();
		expect(log).toMatch(/AWS Signature: the signature does not match/);
		expect(log).not.toContain(CANARY);
		expect(runs).toHaveLength(1);
	});

	test('OAuth 2.0: an HS256 JWT with iss and aud passes; signed with another secret it is refused with invalid_token', async () => {
		const { url, runs } = await start('oAuth2', {
			webhookBearerTokenApi: { verifyBy: 'jwt', keySource: 'secret', secret: CANARY, issuer: 'platform', audience: 'n8n', leeway: 60 },
		});
		const claims = { iss: 'platform', aud: 'n8n', exp: Math.floor(Date.now() / 1000) + 300 };
		expect((await post(url, { authorization: `Bearer ${signJwt('HS256', CANARY, claims)}` })).status).toBe(200);
		let wrong: Response | undefined;
		const log = await logged(async () => {
			wrong = await post(url, { authorization: `Bearer ${signJwt('HS256', 'another-secret', claims)}` });
		});
		expect(wrong!.status).toBe(401);
		expect(wrong!.headers.get('www-authenticate')).toBe('Bearer realm="Channel Event Trigger", error="invalid_token"');
		expect(log).toMatch(/OAuth 2.0: the JWT signature does not verify/);
		expect(log).not.toContain(CANARY);
		const missing = await post(url);
		expect([missing.status, missing.headers.get('www-authenticate')]).toEqual([401, 'Bearer realm="Channel Event Trigger"']);
		expect(runs).toHaveLength(1);
	});

	test('Basic and API key still work as saved workflows have them; a wrong one is logged without the secret', async () => {
		const basic = await start('basicAuth', { webhookBasicAuthApi: { user: 'connect', password: CANARY } });
		const header = (password: string) => ({ authorization: `Basic ${Buffer.from(`connect:${password}`).toString('base64')}` });
		expect((await post(basic.url, header(CANARY))).status).toBe(200);
		const log = await logged(async () => {
			expect((await post(basic.url, header('nope'))).status).toBe(401);
		});
		expect(log).toMatch(/Basic: the password does not match/);
		expect(log).not.toContain(CANARY);
		expect(basic.runs).toHaveLength(1);
		await basic.close();

		const key = await start('apiKey', { webhookApiKeyApi: { name: 'x-api-key', value: CANARY, sendIn: 'header' } });
		expect((await post(key.url, { 'x-api-key': CANARY })).status).toBe(200);
		const keyLog = await logged(async () => {
			expect((await post(key.url, { 'x-api-key': 'nope' })).status).toBe(401);
		});
		expect(keyLog).toMatch(/API key: the header x-api-key does not match/);
		expect(keyLog).not.toContain(CANARY);
		expect(key.runs).toHaveLength(1);
	});
});
