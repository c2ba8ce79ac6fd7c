import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';

import { SignatureV4 } from '@smithy/signature-v4';
import aws4 from 'aws4';

import { verifyInboundAuth, type AwsInboundAuth } from '../../../nodes/shared/inbound-auth';
import { canonicalPath, canonicalQuery } from '../../../nodes/shared/inbound-auth/aws-sigv4';

const NOW = Date.UTC(2026, 11, 7, 8, 0, 0);
const AUTH: AwsInboundAuth = {
	type: 'awsSignature',
	accessKeyId: 'AKIDEXAMPLE',
	secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
	region: 'eu-west-1',
	service: 'execute-api',
};
const HOST = '127.0.0.1:5678';
const PATH = '/webhook/3f1c/channel-events';
const BODY = '{"eventType":"delivery","status":"delivered"}';

/** A request signed by aws4 (the package's own signer), as the trigger receives it. */
function signedByAws4(options: { at?: number; query?: string; sessionToken?: string; secret?: string; body?: string } = {}): {
	method: string;
	url: string;
	headers: Record<string, string>;
	rawBody: Buffer;
} {
	const path = `${PATH}${options.query ?? ''}`;
	const signed = aws4.sign(
		{
			host: HOST,
			method: 'POST',
			path,
			service: AUTH.service,
			region: AUTH.region,
			headers: { 'content-type': 'application/json', 'X-Amz-Date': new Date(options.at ?? NOW).toISOString().replace(/[:-]|\.\d{3}/g, '') },
			body: options.body ?? BODY,
		},
		{ accessKeyId: AUTH.accessKeyId, secretAccessKey: options.secret ?? AUTH.secretAccessKey, sessionToken: options.sessionToken },
	);
	const headers = Object.fromEntries(Object.entries(signed.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
	return { method: 'POST', url: path, headers: { host: HOST, ...headers }, rawBody: Buffer.from(BODY) };
}

const toBytes = (data: string | ArrayBuffer | ArrayBufferView): string | Buffer =>
	typeof data === 'string' ? data : ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data);

/** node:crypto behind the hash interface @smithy/signature-v4 expects. */
class NodeSha256 {
	private readonly hash: Hash | Hmac;
	constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
		this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(secret));
	}
	update(data: string | ArrayBuffer | ArrayBufferView): void {
		this.hash.update(toBytes(data));
	}
	async digest(): Promise<Uint8Array> {
		return this.hash.digest();
	}
}

/** The same request signed by the AWS SDK's signer, an independent implementation. */
async function signedBySmithy(options: { query?: Record<string, string>; sessionToken?: string } = {}) {
	const signer = new SignatureV4({
		credentials: { accessKeyId: AUTH.accessKeyId, secretAccessKey: AUTH.secretAccessKey, sessionToken: options.sessionToken },
		region: AUTH.region,
		service: AUTH.service,
		sha256: NodeSha256,
	});
	const signed = await signer.sign(
		{ method: 'POST', protocol: 'https:', hostname: '127.0.0.1', port: 5678, path: PATH, query: options.query ?? {}, headers: { host: HOST, 'content-type': 'application/json' }, body: BODY },
		{ signingDate: new Date(NOW) },
	);
	const query = new URLSearchParams(options.query ?? {}).toString();
	const headers = Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
	return { method: 'POST', url: query ? `${PATH}?${query}` : PATH, headers, rawBody: Buffer.from(BODY) };
}

describe('AWS Signature V4 on receipt', () => {
	test('a request signed by aws4 passes', () => {
		expect(verifyInboundAuth(AUTH, signedByAws4(), NOW + 1000)).toEqual({ ok: true });
	});

	test('a request signed by @smithy/signature-v4 passes', async () => {
		expect(verifyInboundAuth(AUTH, await signedBySmithy(), NOW + 1000)).toEqual({ ok: true });
	});

	test('query strings canonicalise the same way for both signers (sorted, RFC 3986 encoded)', async () => {
		const query = { b: 'two words', a: "x*y!'()", c: '' };
		expect(verifyInboundAuth(AUTH, await signedBySmithy({ query }), NOW)).toEqual({ ok: true });
		expect(verifyInboundAuth(AUTH, signedByAws4({ query: `?${new URLSearchParams(query).toString().replace(/\+/g, '%20')}` }), NOW)).toEqual({ ok: true });
	});

	test('a session token, signed, passes; the credential\'s token must then match', async () => {
		const request = await signedBySmithy({ sessionToken: 'FwoGZXIvYXdzEXAMPLE' });
		expect(request.headers['x-amz-security-token']).toBe('FwoGZXIvYXdzEXAMPLE');
		expect(verifyInboundAuth(AUTH, request, NOW)).toEqual({ ok: true });
		expect(verifyInboundAuth({ ...AUTH, sessionToken: 'FwoGZXIvYXdzEXAMPLE' }, signedByAws4({ sessionToken: 'FwoGZXIvYXdzEXAMPLE' }), NOW)).toEqual({ ok: true });
		expect(verifyInboundAuth({ ...AUTH, sessionToken: 'another' }, request, NOW)).toMatchObject({ ok: false, reason: expect.stringContaining('Session Token') });
	});

	test.each([
		['a wrong secret', () => signedByAws4({ secret: 'wrong-secret' }), 'does not match'],
		['a changed body', () => ({ ...signedByAws4(), rawBody: Buffer.from(BODY.replace('delivered', 'failed')) }), 'does not match'],
		['a changed path', () => ({ ...signedByAws4(), url: '/webhook/other/channel-events' }), 'does not match'],
		['another access key', () => ({ ...signedByAws4(), headers: { ...signedByAws4().headers, authorization: signedByAws4().headers.authorization.replace('AKIDEXAMPLE', 'AKIDOTHER') } }), 'access key'],
		['no Authorization', () => ({ ...signedByAws4(), headers: { host: HOST } }), 'missing'],
	])('%s is refused', (_name, make, reason) => {
		expect(verifyInboundAuth(AUTH, make(), NOW)).toMatchObject({ ok: false, reason: expect.stringContaining(reason) });
	});

	test('the clock-skew window: 15 minutes by default, either way, and configurable', () => {
		const at = NOW - 14 * 60 * 1000;
		expect(verifyInboundAuth(AUTH, signedByAws4({ at }), NOW).ok).toBe(true);
		expect(verifyInboundAuth(AUTH, signedByAws4({ at: NOW - 16 * 60 * 1000 }), NOW)).toMatchObject({ ok: false, reason: expect.stringContaining('clock') });
		expect(verifyInboundAuth(AUTH, signedByAws4({ at: NOW + 16 * 60 * 1000 }), NOW).ok).toBe(false);
		expect(verifyInboundAuth({ ...AUTH, clockSkewSeconds: 60 }, signedByAws4({ at }), NOW).ok).toBe(false);
	});

	test('another region or service in the scope is refused', () => {
		expect(verifyInboundAuth({ ...AUTH, region: 'us-east-1' }, signedByAws4(), NOW)).toMatchObject({ ok: false, reason: expect.stringContaining('region') });
		expect(verifyInboundAuth({ ...AUTH, service: 'lambda' }, signedByAws4(), NOW)).toMatchObject({ ok: false, reason: expect.stringContaining('service') });
	});

	test('canonical path and query follow the AWS rules (double encoding outside S3)', () => {
		expect(canonicalPath('/a//b/./c/../d e', 'execute-api')).toBe('/a/b/d%20e');
		expect(canonicalPath('/a%20b', 'execute-api')).toBe('/a%2520b');
		expect(canonicalPath('/a%20b', 's3')).toBe('/a%20b');
		expect(canonicalQuery('b=2&a=1&a=0&c')).toBe('a=0&a=1&b=2&c=');
	});
});
