import { createDigestAuthorizer } from '../../../nodes/shared/auth/digest';
import { parseChallenges } from '../../../nodes/shared/auth/www-authenticate';

const request = { method: 'GET' as const, url: 'https://www.example.org/dir/index.html', headers: {} as Record<string, string> };
const CNONCE = Buffer.from('f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ', 'base64');

/** RFC 7616 section 3.9.1: the server's two challenges, SHA-256 first, then MD5. */
const RFC7616_CHALLENGES = [
	'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
	'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=MD5, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
];

function params(header: string | undefined) {
	return parseChallenges(header)[0].params;
}

describe('Digest authorizer', () => {
	it('sends the first request bare, then answers the strongest challenge as in RFC 7616 3.9.1', async () => {
		const authorizer = createDigestAuthorizer(
			{ scheme: 'digestAuth', user: 'Mufasa', password: 'Circle of Life' },
			{ randomBytes: () => CNONCE },
		);
		const first = await authorizer.authorize(request);
		expect(first.headers.authorization).toBeUndefined();
		const answer = await authorizer.challenge!(first, { status: 401, headers: { 'www-authenticate': [...RFC7616_CHALLENGES].reverse() } });
		const p = params(answer?.headers.authorization);
		expect(p).toMatchObject({
			username: 'Mufasa',
			realm: 'http-auth@example.org',
			uri: '/dir/index.html',
			algorithm: 'SHA-256',
			qop: 'auth',
			nc: '00000001',
			cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
			opaque: 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS',
			response: '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1',
		});
	});

	it('reuses the nonce for the next request with the next nonce count', async () => {
		const authorizer = createDigestAuthorizer({ scheme: 'digestAuth', user: 'Mufasa', password: 'Circle of Life' });
		await authorizer.challenge!(request, { status: 401, headers: { 'www-authenticate': RFC7616_CHALLENGES[1] } });
		const second = await authorizer.authorize(request);
		const third = await authorizer.authorize(request);
		expect(params(second.headers.authorization).nc).toBe('00000002');
		expect(params(third.headers.authorization).nc).toBe('00000003');
		expect(params(second.headers.authorization).cnonce).not.toBe(params(third.headers.authorization).cnonce);
	});

	it('lets a second plain 401 stand (wrong password), but answers stale=true once more', async () => {
		const authorizer = createDigestAuthorizer({ scheme: 'digestAuth', user: 'u', password: 'p' });
		const answered = await authorizer.challenge!(request, { status: 401, headers: { 'www-authenticate': 'Digest realm="r", nonce="n1", qop="auth"' } });
		expect(answered).toBeDefined();
		const rejected = await authorizer.challenge!(answered!, { status: 401, headers: { 'www-authenticate': 'Digest realm="r", nonce="n2", qop="auth"' } });
		expect(rejected).toBeUndefined();
		const stale = await authorizer.challenge!(answered!, {
			status: 401,
			headers: { 'www-authenticate': 'Digest realm="r", nonce="n3", qop="auth", stale=true' },
		});
		expect(params(stale?.headers.authorization)).toMatchObject({ nonce: 'n3', nc: '00000001' });
	});

	it('sends a pre-emptive answer when realm and nonce are configured, with the given count and client nonce', async () => {
		const authorizer = createDigestAuthorizer({
			scheme: 'digestAuth',
			user: 'Mufasa',
			password: 'Circle Of Life',
			preemptive: {
				realm: 'testrealm@host.com',
				nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
				qop: 'auth',
				nonceCount: 1,
				cnonce: '0a4f113b',
				opaque: '5ccc069c403ebaf9f0171e9517f40e41',
			},
		});
		const out = await authorizer.authorize({ ...request, url: 'https://www.nowhere.org/dir/index.html' });
		// RFC 2617 section 3.5 example.
		expect(params(out.headers.authorization)).toMatchObject({
			nc: '00000001',
			cnonce: '0a4f113b',
			opaque: '5ccc069c403ebaf9f0171e9517f40e41',
			response: '6629fae49393a05397450978507c4ef1',
		});
		// The pre-configured nonce is unknown to the server: its challenge is answered, not taken as a rejection.
		const answered = await authorizer.challenge!(out, { status: 401, headers: { 'www-authenticate': 'Digest realm="r", nonce="fresh", qop="auth"' } });
		expect(params(answered?.headers.authorization).nonce).toBe('fresh');
	});

	it('picks SHA-512-256 over SHA-256 and MD5, and auth-int when preferred', async () => {
		const authorizer = createDigestAuthorizer({ scheme: 'digestAuth', user: 'u', password: 'p', preferredQop: 'auth-int' });
		const answer = await authorizer.challenge!(
			{ ...request, method: 'GET' },
			{
				status: 401,
				headers: {
					'www-authenticate':
						'Digest realm="r", nonce="a", algorithm=MD5, qop="auth", Digest realm="r", nonce="b", algorithm=SHA-512-256-sess, qop="auth,auth-int", Digest realm="r", nonce="c", algorithm=SHA-256',
				},
			},
		);
		expect(params(answer?.headers.authorization)).toMatchObject({ nonce: 'b', algorithm: 'SHA-512-256-sess', qop: 'auth-int' });
	});

	it('leaves a 401 without a usable digest challenge alone', async () => {
		const authorizer = createDigestAuthorizer({ scheme: 'digestAuth', user: 'u', password: 'p' });
		expect(await authorizer.challenge!(request, { status: 401, headers: { 'www-authenticate': 'Digest realm="r", nonce="n", algorithm=SHA-1' } })).toBeUndefined();
		expect(await authorizer.challenge!(request, { status: 401, headers: { 'www-authenticate': 'Basic realm="r"' } })).toBeUndefined();
	});

	it('RFC 7616 3.9.2: userhash and username*, SHA-512-256 (errata 4897 values)', async () => {
		const challenge =
			'Digest realm="api@example.org", qop="auth", algorithm=SHA-512-256, nonce="5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK", opaque="HRPCssKJSGjCrkzDg8OhwpzCiGPChXYjwrI2QmXDnsOS", charset=UTF-8';
		const cnonce = Buffer.from('NTg6RKcb9boFIAS3KrFK9BGeh+iDa/sm6jUMp2wds69v', 'base64');
		const doe = { ...request, url: 'https://api.example.org/doe.json' };
		const hashed = createDigestAuthorizer({ scheme: 'digestAuth', user: 'J\u00e4s\u00f8n Doe', password: 'Secret, or not?' }, { randomBytes: () => cnonce });
		const a = await hashed.challenge!(doe, { status: 401, headers: { 'www-authenticate': `${challenge}, userhash=true` } });
		expect(params(a?.headers.authorization)).toMatchObject({
			username: '793263caabb707a56211940d90411ea4a575adeccb7e360aeb624ed06ece9b0b',
			userhash: 'true',
			response: '3798d4131c277846293534c3edc11bd8a5e4cdcbff78b05db9d95eeb1cec68a5',
		});
		const extended = createDigestAuthorizer({ scheme: 'digestAuth', user: 'J\u00e4s\u00f8n Doe', password: 'Secret, or not?' }, { randomBytes: () => cnonce });
		const b = await extended.challenge!(doe, { status: 401, headers: { 'www-authenticate': challenge } });
		expect(b?.headers.authorization).toContain("username*=UTF-8''J%C3%A4s%C3%B8n%20Doe");
		expect(params(b?.headers.authorization).response).toBe('3798d4131c277846293534c3edc11bd8a5e4cdcbff78b05db9d95eeb1cec68a5');
	});
});
