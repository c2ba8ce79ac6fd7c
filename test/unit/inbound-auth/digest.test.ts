import { createDigestAuthorizer } from '../../../nodes/shared/auth/digest';
import { parseChallenges } from '../../../nodes/shared/auth/www-authenticate';
import { NonceCountMemory, verifyInboundAuth, type DigestInboundAuth } from '../../../nodes/shared/inbound-auth';
import { checkNonce, issueNonce, nonceKey } from '../../../nodes/shared/inbound-auth/digest-nonce';

/** RFC 7616 section 3.9.1: the worked example's request and its two answers (SHA-256 and MD5). */
const RFC = {
	user: 'Mufasa',
	password: 'Circle of Life',
	realm: 'http-auth@example.org',
	nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
	opaque: 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS',
	cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
	uri: '/dir/index.html',
};
const RFC_ANSWER = {
	'SHA-256': '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1',
	MD5: '8ca523f5e9506fed4657c9700eebdbec',
};
const NOW = Date.UTC(2026, 11, 7, 8, 0, 0);

const rfcAnswer = (algorithm: 'SHA-256' | 'MD5', changes: Record<string, string> = {}) => {
	const p: Record<string, string> = {
		username: RFC.user,
		realm: RFC.realm,
		uri: RFC.uri,
		algorithm,
		nonce: RFC.nonce,
		nc: '00000001',
		cnonce: RFC.cnonce,
		qop: 'auth',
		response: RFC_ANSWER[algorithm],
		opaque: RFC.opaque,
		...changes,
	};
	return `Digest ${Object.entries(p)
		.map(([name, value]) => (name === 'algorithm' || name === 'nc' || name === 'qop' ? `${name}=${value}` : `${name}="${value}"`))
		.join(', ')}`;
};

/** The credential as the platform's pre-emptive configuration shares it (the RFC's nonce and opaque). */
const preemptive = (memory = new NonceCountMemory()): DigestInboundAuth => ({
	type: 'digestAuth',
	user: RFC.user,
	password: RFC.password,
	realm: RFC.realm,
	nonce: RFC.nonce,
	opaque: RFC.opaque,
	memory,
});

const get = (authorization: string | undefined, url = RFC.uri) => ({ method: 'GET', url, headers: authorization ? { authorization } : {} });

describe('Digest on receipt (RFC 7616)', () => {
	test.each(['SHA-256', 'MD5'] as const)('RFC 7616 3.9.1 %s answer passes with the configured nonce (pre-emptive form)', (algorithm) => {
		expect(verifyInboundAuth(preemptive(), get(rfcAnswer(algorithm)), NOW)).toEqual({ ok: true });
	});

	test.each([
		['a wrong password', { password: 'Circle of Lies' }],
		['another user', { user: 'Simba' }],
		['another realm', { realm: 'elsewhere' }],
	])('RFC answer with %s in the credential is refused, with a challenge', (_name, change) => {
		const verdict = verifyInboundAuth({ ...preemptive(), ...change }, get(rfcAnswer('SHA-256')), NOW);
		expect(verdict.ok).toBe(false);
		expect(verdict.ok === false && verdict.challenge).toMatch(/^Digest realm=".*", qop="auth", algorithm=SHA-256, nonce="[A-Za-z0-9_-]{43}"/);
	});

	test('the same answer for another URI, method or a changed response is refused', () => {
		expect(verifyInboundAuth(preemptive(), get(rfcAnswer('SHA-256'), '/dir/other.html'), NOW).ok).toBe(false);
		expect(verifyInboundAuth(preemptive(), { ...get(rfcAnswer('SHA-256')), method: 'POST' }, NOW).ok).toBe(false);
		expect(verifyInboundAuth(preemptive(), get(rfcAnswer('SHA-256', { response: RFC_ANSWER['SHA-256'].replace(/^7/, '8') })), NOW).ok).toBe(false);
	});

	test('a pre-emptive answer is taken once: the same client nonce and count again is a replay', () => {
		const auth = preemptive();
		expect(verifyInboundAuth(auth, get(rfcAnswer('MD5')), NOW).ok).toBe(true);
		const replay = verifyInboundAuth(auth, get(rfcAnswer('MD5')), NOW + 1000);
		expect(replay).toMatchObject({ ok: false, reason: expect.stringContaining('already used') });
	});

	test('a nonce that is neither issued nor configured is refused', () => {
		const verdict = verifyInboundAuth({ ...preemptive(), nonce: '' }, get(rfcAnswer('SHA-256')), NOW);
		expect(verdict).toMatchObject({ ok: false, reason: expect.stringContaining('not issued by this trigger') });
	});

	test('with a configured Opaque, a different opaque is refused', () => {
		const verdict = verifyInboundAuth({ ...preemptive(), opaque: 'other' }, get(rfcAnswer('SHA-256')), NOW);
		expect(verdict).toMatchObject({ ok: false, reason: expect.stringContaining('opaque') });
	});

	test('the RFC 2069 form (no qop) is refused', () => {
		const verdict = verifyInboundAuth(preemptive(), get(rfcAnswer('SHA-256').replace(/, qop=auth/, '')), NOW);
		expect(verdict).toMatchObject({ ok: false, reason: expect.stringContaining('qop') });
	});
});

describe('Digest challenge and answer (the Outbound Webhook\'s digest authorizer as the sender)', () => {
	const auth: DigestInboundAuth = { type: 'digestAuth', user: 'connect', password: 'pä:ss w0rd', memory: new NonceCountMemory() };
	const url = '/webhook/abc/channel-events?x=1';
	const post = (authorization?: string) => ({
		method: 'POST',
		url,
		headers: authorization ? { authorization } : {},
		rawBody: Buffer.from('{"a":1}'),
	});

	test.each(['SHA-256', 'MD5', 'SHA-256-sess', 'MD5-sess'])('%s: challenged, answered, accepted; the same nonce count again is refused', async (algorithm) => {
		const withAlgorithm = { ...auth, algorithm, memory: new NonceCountMemory() };
		const bare = verifyInboundAuth(withAlgorithm, post(), NOW);
		expect(bare.ok).toBe(false);
		const challenge = bare.ok ? '' : bare.challenge!;
		expect(parseChallenges(challenge)).toHaveLength(1);
		expect(parseChallenges(challenge)[0].params).toMatchObject({ algorithm, qop: 'auth', realm: 'Channel Event Trigger' });

		const sender = createDigestAuthorizer({ scheme: 'digestAuth', user: 'connect', password: 'pä:ss w0rd' });
		const outgoing = { method: 'POST' as const, url: `https://127.0.0.1${url}`, headers: {}, body: Buffer.from('{"a":1}') };
		const answered = await sender.challenge!(outgoing, { status: 401, headers: { 'www-authenticate': challenge } });
		const authorization = answered!.headers.authorization;
		expect(verifyInboundAuth(withAlgorithm, post(authorization), NOW + 1000)).toEqual({ ok: true });
		expect(verifyInboundAuth(withAlgorithm, post(authorization), NOW + 2000)).toMatchObject({ ok: false, reason: expect.stringContaining('already used') });
		// The sender's next request counts up on the same nonce: accepted.
		const next = await sender.authorize(outgoing);
		expect(verifyInboundAuth(withAlgorithm, post(next.headers.authorization), NOW + 3000)).toEqual({ ok: true });
	});

	test('without an algorithm in the credential the challenge offers SHA-256 then MD5', () => {
		const verdict = verifyInboundAuth(auth, post(), NOW);
		const challenges = parseChallenges(verdict.ok ? '' : verdict.challenge!);
		expect(challenges.map((c) => c.params.algorithm)).toEqual(['SHA-256', 'MD5']);
	});

	test('an expired nonce is refused with stale=true; the answer on the fresh nonce passes', async () => {
		const memory = new NonceCountMemory();
		const challenged = verifyInboundAuth({ ...auth, memory }, post(), NOW);
		const sender = createDigestAuthorizer({ scheme: 'digestAuth', user: 'connect', password: 'pä:ss w0rd' });
		const outgoing = { method: 'POST' as const, url: `https://127.0.0.1${url}`, headers: {}, body: Buffer.from('{"a":1}') };
		const answered = await sender.challenge!(outgoing, { status: 401, headers: { 'www-authenticate': challenged.ok ? '' : challenged.challenge! } });
		const late = verifyInboundAuth({ ...auth, memory }, post(answered!.headers.authorization), NOW + 6 * 60 * 1000);
		expect(late).toMatchObject({ ok: false, reason: expect.stringContaining('expired') });
		expect(late.ok === false && late.challenge).toContain('stale=true');
		const again = await sender.challenge!(answered!, { status: 401, headers: { 'www-authenticate': late.ok ? '' : late.challenge! } });
		expect(verifyInboundAuth({ ...auth, memory }, post(again!.headers.authorization), NOW + 6 * 60 * 1000 + 500)).toEqual({ ok: true });
	});

	test('pre-emptive, as the package\'s sender does it with the credential\'s Realm, Nonce and Opaque: accepted, counting up', async () => {
		const configured = { ...auth, realm: 'webhooks', nonce: 'platform-nonce-1', opaque: 'b3BhcXVl', memory: new NonceCountMemory() };
		const sender = createDigestAuthorizer({
			scheme: 'digestAuth',
			user: 'connect',
			password: 'pä:ss w0rd',
			preemptive: { realm: 'webhooks', nonce: 'platform-nonce-1', opaque: 'b3BhcXVl', qop: 'auth', algorithm: 'SHA-256' },
		});
		const outgoing = { method: 'POST' as const, url: `https://127.0.0.1${url}`, headers: {}, body: Buffer.from('{"a":1}') };
		for (let i = 0; i < 3; i++) {
			const sent = await sender.authorize(outgoing);
			expect(verifyInboundAuth(configured, post(sent.headers.authorization), NOW + i)).toEqual({ ok: true });
		}
		const other = createDigestAuthorizer({ scheme: 'digestAuth', user: 'connect', password: 'wrong', preemptive: { realm: 'webhooks', nonce: 'platform-nonce-1', opaque: 'b3BhcXVl', qop: 'auth' } });
		expect(verifyInboundAuth(configured, post((await other.authorize(outgoing)).headers.authorization), NOW).ok).toBe(false);
	});

	test('a nonce issued by another process with the same credential verifies (queue mode)', () => {
		const key = nonceKey('connect', 'Channel Event Trigger', 'pä:ss w0rd');
		const nonce = issueNonce(key, NOW);
		expect(checkNonce(nonceKey('connect', 'Channel Event Trigger', 'pä:ss w0rd'), nonce, NOW + 1000)).toBe('valid');
		expect(checkNonce(nonceKey('connect', 'Channel Event Trigger', 'other password'), nonce, NOW + 1000)).toBe('foreign');
		const tampered = Buffer.from(nonce, 'base64url');
		tampered[0] ^= 1;
		expect(checkNonce(key, tampered.toString('base64url'), NOW)).toBe('foreign');
	});
});
