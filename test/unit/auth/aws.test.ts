import { amzDate, createAwsAuthorizer } from '../../../nodes/shared/auth/aws';

/**
 * Known answers from the AWS Signature Version 4 test suite (aws-sig-v4-test-suite, published by
 * AWS with the SigV4 documentation): access key AKIDEXAMPLE, the secret below, 20150830T123600Z,
 * region us-east-1, service "service", host example.amazonaws.com.
 */
const SUITE = {
	scheme: 'awsSignature' as const,
	accessKeyId: 'AKIDEXAMPLE',
	secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
	region: 'us-east-1',
	service: 'service',
};
const SUITE_TIME = Date.UTC(2015, 7, 30, 12, 36, 0);
const CREDENTIAL = 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request';

describe('AWS SigV4 (test-suite vectors)', () => {
	const authorizer = createAwsAuthorizer(SUITE, { now: () => SUITE_TIME });

	it('get-vanilla', async () => {
		const out = await authorizer.authorize({ method: 'GET', url: 'https://example.amazonaws.com/', headers: {} });
		expect(out.headers.authorization).toBe(
			`${CREDENTIAL}, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31`,
		);
		expect(out.headers['x-amz-date']).toBe('20150830T123600Z');
	});

	it('get-vanilla-query-order-key-case', async () => {
		const out = await authorizer.authorize({ method: 'GET', url: 'https://example.amazonaws.com/?Param2=value2&Param1=value1', headers: {} });
		expect(out.headers.authorization).toBe(
			`${CREDENTIAL}, SignedHeaders=host;x-amz-date, Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500`,
		);
		expect(out.url).toBe('https://example.amazonaws.com/?Param2=value2&Param1=value1');
	});

	it('post-vanilla', async () => {
		const out = await authorizer.authorize({ method: 'POST', url: 'https://example.amazonaws.com/', headers: {} });
		expect(out.headers.authorization).toBe(
			`${CREDENTIAL}, SignedHeaders=host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b`,
		);
	});

	it('post-x-www-form-urlencoded (a body, signed over its bytes)', async () => {
		const request = {
			method: 'POST' as const,
			url: 'https://example.amazonaws.com/',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: Buffer.from('Param1=value1'),
		};
		const out = await authorizer.authorize(request);
		expect(out.headers.authorization).toBe(
			`${CREDENTIAL}, SignedHeaders=content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a`,
		);
		expect(out.headers['content-length']).toBe('13');
	});
});

describe('AWS SigV4 authorizer', () => {
	it('signs every attempt afresh with the current time', async () => {
		let now = SUITE_TIME;
		const authorizer = createAwsAuthorizer(SUITE, { now: () => now });
		const request = { method: 'POST' as const, url: 'https://example.amazonaws.com/hook', headers: {}, body: Buffer.from('{}') };
		const first = await authorizer.authorize(request);
		now += 61_000;
		const second = await authorizer.authorize(first);
		expect(second.headers['x-amz-date']).toBe(amzDate(SUITE_TIME + 61_000));
		expect(second.headers.authorization).not.toBe(first.headers.authorization);
		expect(second.headers.authorization.match(/AWS4-HMAC-SHA256/g)).toHaveLength(1);
	});

	it('the signature changes with one body byte', async () => {
		const authorizer = createAwsAuthorizer(SUITE, { now: () => SUITE_TIME });
		const base = { method: 'POST' as const, url: 'https://example.amazonaws.com/', headers: { 'content-type': 'application/json' } };
		const a = await authorizer.authorize({ ...base, body: Buffer.from('{"a":1}') });
		const b = await authorizer.authorize({ ...base, body: Buffer.from('{"a":2}') });
		expect(a.headers.authorization).not.toBe(b.headers.authorization);
	});

	it('never falls back to the host AWS_* environment', async () => {
		const saved = { ...process.env };
		process.env.AWS_ACCESS_KEY_ID = 'AKIDHOSTENV';
		process.env.AWS_SECRET_ACCESS_KEY = 'host-secret';
		process.env.AWS_SESSION_TOKEN = 'host-session-token';
		try {
			const authorizer = createAwsAuthorizer(SUITE, { now: () => SUITE_TIME });
			const out = await authorizer.authorize({ method: 'GET', url: 'https://example.amazonaws.com/', headers: {} });
			expect(out.headers.authorization).toContain('Credential=AKIDEXAMPLE/');
			expect(JSON.stringify(out)).not.toContain('host-session-token');
			expect(() => createAwsAuthorizer({ ...SUITE, accessKeyId: '' })).toThrow(/Access Key ID/);
		} finally {
			process.env = saved;
		}
	});

	it('adds and signs the session token when given', async () => {
		const authorizer = createAwsAuthorizer({ ...SUITE, sessionToken: 'tok' }, { now: () => SUITE_TIME });
		const out = await authorizer.authorize({ method: 'GET', url: 'https://example.amazonaws.com/', headers: {} });
		expect(out.headers['x-amz-security-token']).toBe('tok');
		expect(out.headers.authorization).toContain('SignedHeaders=host;x-amz-date;x-amz-security-token');
	});

	it('adds the payload hash header for Lambda function URLs', async () => {
		const authorizer = createAwsAuthorizer({ ...SUITE, service: 'lambda' }, { now: () => SUITE_TIME });
		const out = await authorizer.authorize({ method: 'POST', url: 'https://x.lambda-url.us-east-1.on.aws/', headers: {}, body: Buffer.from('') });
		expect(out.headers['x-amz-content-sha256']).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
	});
});
