import { REDACTED, redactSecrets, sentSecrets } from '../../../nodes/shared/http/redact';
import type { OutgoingRequest } from '../../../nodes/shared/http/types';

const base: OutgoingRequest = {
	method: 'POST',
	url: 'https://hooks.example.com/in?team=blue',
	headers: { 'content-type': 'application/json', 'x-delivery-id': 'd-1' },
	body: Buffer.from('{}'),
};

describe('sentSecrets', () => {
	test('a bearer token: the whole value and the token alone', () => {
		const secrets = sentSecrets(base, { ...base, headers: { ...base.headers, authorization: 'Bearer tok-123456789' } });
		expect(secrets).toEqual(expect.arrayContaining(['Bearer tok-123456789', 'tok-123456789']));
		expect(secrets).not.toContain('Bearer');
	});

	test('an API key header and an AWS session token', () => {
		const secrets = sentSecrets(base, {
			...base,
			headers: { ...base.headers, 'x-api-key': 'key-abcdefgh', 'x-amz-security-token': 'session/Token+with=chars' },
		});
		expect(secrets).toEqual(expect.arrayContaining(['key-abcdefgh', 'session/Token+with=chars']));
	});

	test('digest-style k="v" parameters yield their values', () => {
		const secrets = sentSecrets(base, {
			...base,
			headers: { ...base.headers, authorization: 'Digest username="alice", response="0123456789abcdef", nonce="n-1"' },
		});
		expect(secrets).toContain('0123456789abcdef');
	});

	test('a query value the authorizer added, plain and URL-encoded; existing query values are not secrets', () => {
		const secrets = sentSecrets(base, { ...base, url: 'https://hooks.example.com/in?team=blue&key=k%2By%20z-long' });
		expect(secrets).toEqual(expect.arrayContaining(['k+y z-long', 'k%2By%20z-long']));
		expect(secrets).not.toContain('blue');
	});

	test('unchanged headers are not secrets', () => {
		expect(sentSecrets(base, { ...base })).toEqual([]);
	});
});

describe('redactSecrets', () => {
	test('hides every occurrence, longest first', () => {
		const text = JSON.stringify({ headers: { authorization: 'Bearer tok-123456789' }, echo: 'tok-123456789' });
		const out = redactSecrets(text, ['tok-123456789', 'Bearer tok-123456789']);
		expect(out).not.toContain('tok-123456789');
		expect(out).toBe(JSON.stringify({ headers: { authorization: REDACTED }, echo: REDACTED }));
	});

	test('short pieces are left alone', () => {
		expect(redactSecrets('Bearer abc', ['abc'])).toBe('Bearer abc');
	});
});
