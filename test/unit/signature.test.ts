import { isWebhookError } from '../../nodes/shared/errors';
import { hmacHex, signBody, signingAlgorithm, verifySignature, verifyingAlgorithm, withSigningKey, type HubAlgorithm } from '../../nodes/shared/signature';

/**
 * Known answers from RFC 4231 ("Identifiers and Test Vectors for HMAC-SHA-224, HMAC-SHA-256,
 * HMAC-SHA-384, and HMAC-SHA-512"), section 4.2 (test case 1) and 4.3 (test case 2).
 */
const RFC4231: Array<{ name: string; key: string; data: string; sha256: string; sha512: string }> = [
	{
		name: 'test case 1',
		key: '\x0b'.repeat(20),
		data: 'Hi There',
		sha256: 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
		sha512:
			'87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde' +
			'daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854',
	},
	{
		name: 'test case 2',
		key: 'Jefe',
		data: 'what do ya want for nothing?',
		sha256: '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
		sha512:
			'164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554' +
			'9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737',
	},
];

const ALGORITHMS: HubAlgorithm[] = ['sha256', 'sha512'];

describe('signBody: RFC 4231 known answers', () => {
	for (const vector of RFC4231) {
		for (const algorithm of ALGORITHMS) {
			test(`${vector.name}, HMAC-${algorithm.toUpperCase()}: bare lowercase hex`, () => {
				expect(signBody(Buffer.from(vector.data), { secret: vector.key, algorithm })).toBe(vector[algorithm]);
			});

			test(`${vector.name}, HMAC-${algorithm.toUpperCase()}: with the ${algorithm}= prefix`, () => {
				expect(signBody(vector.data, { secret: vector.key, algorithm, prefix: true })).toBe(`${algorithm}=${vector[algorithm]}`);
			});

			test(`${vector.name}, HMAC-${algorithm.toUpperCase()}: the key prepared once (withSigningKey) signs alike`, () => {
				const prepared = withSigningKey({ secret: vector.key, algorithm });
				expect(typeof prepared.secret).not.toBe('string');
				expect(signBody(Buffer.from(vector.data), prepared)).toBe(vector[algorithm]);
				expect(signBody(vector.data, { ...prepared, prefix: true })).toBe(`${algorithm}=${vector[algorithm]}`);
			});
		}
	}
});

describe('verifySignature: RFC 4231 known answers', () => {
	for (const vector of RFC4231) {
		for (const algorithm of ALGORITHMS) {
			const body = Buffer.from(vector.data);
			const options = { secrets: [vector.key], algorithm };

			test(`${vector.name} ${algorithm}: verify(known digest) returns true, bare and prefixed, any hex case`, () => {
				expect(verifySignature(body, vector[algorithm], options)).toBe(true);
				expect(verifySignature(body, `${algorithm}=${vector[algorithm]}`, options)).toBe(true);
				expect(verifySignature(body, vector[algorithm].toUpperCase(), options)).toBe(true);
			});

			test(`${vector.name} ${algorithm}: verify returns false for one flipped hex digit`, () => {
				const digest = vector[algorithm];
				const flipped = (digest[0] === '0' ? '1' : '0') + digest.slice(1);
				expect(verifySignature(body, flipped, options)).toBe(false);
			});

			test(`${vector.name} ${algorithm}: verify returns false for a changed body`, () => {
				expect(verifySignature(Buffer.from(`${vector.data} `), vector[algorithm], options)).toBe(false);
			});

			test(`${vector.name} ${algorithm}: verify returns false for the wrong secret`, () => {
				expect(verifySignature(body, vector[algorithm], { secrets: ['not the key'], algorithm })).toBe(false);
			});
		}
	}
});

describe('verifySignature: prefixes, rotation, malformed headers', () => {
	const body = Buffer.from('{"kind":"deliveryReceipt"}');
	const current = 'current-secret';
	const previous = 'previous-secret';

	test('a prefix naming another algorithm is refused (no downgrade)', () => {
		const sha256 = signBody(body, { secret: current, algorithm: 'sha256' });
		expect(verifySignature(body, `sha512=${sha256}`, { secrets: [current], algorithm: 'sha256' })).toBe(false);
		expect(verifySignature(body, `sha1=${sha256}`, { secrets: [current], algorithm: 'sha256' })).toBe(false);
	});

	test('a SHA512 signature does not pass a SHA256 configuration', () => {
		const sha512 = signBody(body, { secret: current, algorithm: 'sha512' });
		expect(verifySignature(body, sha512, { secrets: [current], algorithm: 'sha256' })).toBe(false);
	});

	test('rotation: the previous secret is accepted while configured, refused once removed', () => {
		const signedWithPrevious = signBody(body, { secret: previous, algorithm: 'sha256' });
		expect(verifySignature(body, signedWithPrevious, { secrets: [current, previous], algorithm: 'sha256' })).toBe(true);
		expect(verifySignature(body, signedWithPrevious, { secrets: [current], algorithm: 'sha256' })).toBe(false);
	});

	test('rotation: the current secret is accepted with a previous one configured', () => {
		const signed = signBody(body, { secret: current, algorithm: 'sha512', prefix: true });
		expect(verifySignature(body, signed, { secrets: [current, previous], algorithm: 'sha512' })).toBe(true);
	});

	test.each([
		['missing header', undefined],
		['empty header', ''],
		['truncated digest', 'ab'.repeat(31)],
		['non-hex digest', 'zz'.repeat(32)],
	])('returns false for a %s', (_name, header) => {
		expect(verifySignature(body, header, { secrets: [current], algorithm: 'sha256' })).toBe(false);
	});

	test('returns false when no secret is configured', () => {
		const signed = signBody(body, { secret: current, algorithm: 'sha256' });
		expect(verifySignature(body, signed, { secrets: [], algorithm: 'sha256' })).toBe(false);
		expect(verifySignature(body, signed, { secrets: [''], algorithm: 'sha256' })).toBe(false);
	});
});

/**
 * Legacy SHA1: known answers from RFC 2202 ("Test Cases for HMAC-MD5 and HMAC-SHA-1"), section 3,
 * test cases 1, 2 and 3. The trigger verifies them; nothing signs with SHA1.
 */
const RFC2202_SHA1: Array<{ name: string; key: Buffer | string; data: Buffer | string; digest: string }> = [
	{ name: 'test case 1', key: Buffer.alloc(20, 0x0b), data: 'Hi There', digest: 'b617318655057264e28bc0b6fb378c8ef146be00' },
	{ name: 'test case 2', key: 'Jefe', data: 'what do ya want for nothing?', digest: 'effcdf6ae5eb2fa2d27416d5f184df9c259a7c79' },
	{ name: 'test case 3', key: Buffer.alloc(20, 0xaa), data: Buffer.alloc(50, 0xdd), digest: '125d7342b9ac11cd91a39af48aa17b4f63f175d3' },
];

describe('legacy SHA1 (verify only): RFC 2202 known answers', () => {
	for (const vector of RFC2202_SHA1) {
		const body = Buffer.isBuffer(vector.data) ? vector.data : Buffer.from(vector.data);
		test(`${vector.name}: hmacHex(sha1) is the RFC's 40-character digest`, () => {
			expect(hmacHex(vector.key, 'sha1', body)).toBe(vector.digest);
		});
		if (typeof vector.key === 'string') {
			const options = { secrets: [vector.key], algorithm: 'sha1' as const };
			test(`${vector.name}: verify(known digest) returns true, bare, sha1= prefixed and upper case`, () => {
				expect(verifySignature(body, vector.digest, options)).toBe(true);
				expect(verifySignature(body, `sha1=${vector.digest}`, options)).toBe(true);
				expect(verifySignature(body, vector.digest.toUpperCase(), options)).toBe(true);
			});
			test(`${vector.name}: verify returns false for a flipped digit, a changed body, a wrong secret`, () => {
				const flipped = (vector.digest[0] === '0' ? '1' : '0') + vector.digest.slice(1);
				expect(verifySignature(body, flipped, options)).toBe(false);
				expect(verifySignature(Buffer.concat([body, Buffer.from(' ')]), vector.digest, options)).toBe(false);
				expect(verifySignature(body, vector.digest, { ...options, secrets: ['other'] })).toBe(false);
			});
		}
	}

	test('a SHA1 digest does not pass a SHA256 configuration, nor a SHA256 digest a SHA1 one', () => {
		const body = Buffer.from('{"a":1}');
		const sha1 = hmacHex('s', 'sha1', body);
		const sha256 = hmacHex('s', 'sha256', body);
		expect(verifySignature(body, sha1, { secrets: ['s'], algorithm: 'sha256' })).toBe(false);
		expect(verifySignature(body, `sha1=${sha1}`, { secrets: ['s'], algorithm: 'sha256' })).toBe(false);
		expect(verifySignature(body, sha256, { secrets: ['s'], algorithm: 'sha1' })).toBe(false);
		expect(verifySignature(body, `sha256=${sha1}`, { secrets: ['s'], algorithm: 'sha1' })).toBe(false);
	});

	test('what is sent: the full lowercase hex, 64 characters for SHA256 and 128 for SHA512 (40 is SHA1)', () => {
		expect(signBody('x', { secret: 's', algorithm: 'sha256' })).toMatch(/^[0-9a-f]{64}$/);
		expect(signBody('x', { secret: 's', algorithm: 'sha512' })).toMatch(/^[0-9a-f]{128}$/);
		expect(hmacHex('s', 'sha1', 'x')).toMatch(/^[0-9a-f]{40}$/);
	});
});

describe('signingAlgorithm / verifyingAlgorithm: what a credential may name', () => {
	test('signing accepts sha256 and sha512 (missing means sha256)', () => {
		expect([signingAlgorithm('sha256'), signingAlgorithm('sha512'), signingAlgorithm(undefined), signingAlgorithm('')]).toEqual([
			'sha256',
			'sha512',
			'sha256',
			'sha256',
		]);
	});

	test('signing refuses sha1 with INVALID_CONFIG and a hint naming SHA256 or SHA512', () => {
		let caught: unknown;
		try {
			signingAlgorithm('sha1');
		} catch (error) {
			caught = error;
		}
		expect(isWebhookError(caught) && [caught.code, caught.hint]).toEqual(['INVALID_CONFIG', expect.stringMatching(/SHA256 or SHA512/)]);
		expect((caught as Error).message).toMatch(/SHA1.*verifying existing platform configurations/);
	});

	test('signing refuses an unknown algorithm; verifying accepts sha1 and refuses unknown ones', () => {
		expect(() => signingAlgorithm('md5')).toThrow(/unknown algorithm "md5"/);
		expect(verifyingAlgorithm('sha1')).toBe('sha1');
		expect(verifyingAlgorithm(undefined)).toBe('sha256');
		expect(() => verifyingAlgorithm('md5')).toThrow(/unknown algorithm/);
	});
});
