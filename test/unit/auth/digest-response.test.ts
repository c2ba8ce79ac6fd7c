import { digestResponse, normaliseAlgorithm } from '../../../nodes/shared/auth/digest-response';

describe('digestResponse (known-answer vectors)', () => {
	// RFC 7616 section 3.9.1, "Example with SHA-256 and MD5": the same request answered twice.
	const rfc7616 = {
		username: 'Mufasa',
		password: 'Circle of Life',
		realm: 'http-auth@example.org',
		nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
		method: 'GET',
		uri: '/dir/index.html',
		qop: 'auth' as const,
		nc: '00000001',
		cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
	};

	it('RFC 7616 3.9.1 MD5 gives response 8ca523f5e9506fed4657c9700eebdbec', () => {
		expect(digestResponse({ ...rfc7616, algorithm: 'MD5' })).toBe('8ca523f5e9506fed4657c9700eebdbec');
	});

	it('RFC 7616 3.9.1 SHA-256 gives response 753927fa...6cb6c1', () => {
		expect(digestResponse({ ...rfc7616, algorithm: 'SHA-256' })).toBe(
			'753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1',
		);
	});

	it('RFC 2617 3.5 example gives response 6629fae49393a05397450978507c4ef1', () => {
		expect(
			digestResponse({
				algorithm: 'MD5',
				username: 'Mufasa',
				password: 'Circle Of Life',
				realm: 'testrealm@host.com',
				nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
				method: 'GET',
				uri: '/dir/index.html',
				qop: 'auth',
				nc: '00000001',
				cnonce: '0a4f113b',
			}),
		).toBe('6629fae49393a05397450978507c4ef1');
	});

	it('RFC 7616 3.9.2 SHA-512-256 (values as corrected by RFC errata 4897) gives response 3798d413...ec68a5', () => {
		// The RFC's printed hashes came from a draft SHA-512/256; errata 4897 gives the final-standard values.
		expect(
			digestResponse({
				algorithm: 'SHA-512-256',
				username: 'J\u00e4s\u00f8n Doe',
				password: 'Secret, or not?',
				realm: 'api@example.org',
				nonce: '5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK',
				method: 'GET',
				uri: '/doe.json',
				qop: 'auth',
				nc: '00000001',
				cnonce: 'NTg6RKcb9boFIAS3KrFK9BGeh+iDa/sm6jUMp2wds69v',
			}),
		).toBe('3798d4131c277846293534c3edc11bd8a5e4cdcbff78b05db9d95eeb1cec68a5');
	});

	it('a different password gives a different response', () => {
		expect(digestResponse({ ...rfc7616, password: 'Circle of life', algorithm: 'MD5' })).not.toBe('8ca523f5e9506fed4657c9700eebdbec');
	});

	it('auth-int depends on the body bytes, auth does not', () => {
		const base = { ...rfc7616, algorithm: 'SHA-256' as const, method: 'POST' };
		const a = digestResponse({ ...base, qop: 'auth-int', body: Buffer.from('{"a":1}') });
		const b = digestResponse({ ...base, qop: 'auth-int', body: Buffer.from('{"a":2}') });
		expect(a).not.toBe(b);
		expect(digestResponse({ ...base, body: Buffer.from('x') })).toBe(digestResponse({ ...base, body: Buffer.from('y') }));
	});

	it('-sess algorithms depend on the client nonce through H(A1)', () => {
		const base = { ...rfc7616, algorithm: 'SHA-512-256-sess' as const };
		expect(digestResponse(base)).toMatch(/^[0-9a-f]{64}$/);
		expect(digestResponse(base)).not.toBe(digestResponse({ ...base, algorithm: 'SHA-512-256' }));
	});

	it('normaliseAlgorithm reads names case-insensitively and defaults to MD5', () => {
		expect(normaliseAlgorithm('sha-256-SESS')).toBe('SHA-256-sess');
		expect(normaliseAlgorithm(undefined)).toBe('MD5');
		expect(normaliseAlgorithm('SHA-1')).toBeUndefined();
	});
});
