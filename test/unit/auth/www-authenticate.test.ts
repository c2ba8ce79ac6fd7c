import { parseChallenges } from '../../../nodes/shared/auth/www-authenticate';

describe('parseChallenges', () => {
	it('reads several challenges from one header field, quoted commas included', () => {
		const challenges = parseChallenges(
			'Digest realm="a, b", nonce="n1", algorithm=SHA-256, qop="auth, auth-int", Digest realm="a, b", nonce="n2", algorithm=MD5, Basic realm="x"',
		);
		expect(challenges.map((c) => c.scheme)).toEqual(['digest', 'digest', 'basic']);
		expect(challenges[0].params).toEqual({ realm: 'a, b', nonce: 'n1', algorithm: 'SHA-256', qop: 'auth, auth-int' });
		expect(challenges[1].params.nonce).toBe('n2');
		expect(challenges[2].params.realm).toBe('x');
	});

	it('reads several header fields and unescapes quoted-pairs', () => {
		const challenges = parseChallenges(['Basic realm="r"', 'Digest realm="say \\"hi\\"", nonce=abc, stale=TRUE']);
		expect(challenges[1]).toEqual({ scheme: 'digest', params: { realm: 'say "hi"', nonce: 'abc', stale: 'TRUE' } });
	});

	it('reads a token68 challenge', () => {
		expect(parseChallenges('Negotiate abc+/==, Bearer realm="r"')).toEqual([
			{ scheme: 'negotiate', params: {}, token68: 'abc+/==' },
			{ scheme: 'bearer', params: { realm: 'r' } },
		]);
	});

	it('returns nothing for no header', () => {
		expect(parseChallenges(undefined)).toEqual([]);
	});
});
