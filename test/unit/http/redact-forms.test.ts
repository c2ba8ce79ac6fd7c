import { expandSecrets, redactSecrets, secretForms } from '../../../nodes/shared/http/redact';

/** Each form a peer may give a secret back in (RFC 3986 percent-encoding, form encoding, RFC 4648 base64). */
describe('secretForms and redactSecrets', () => {
	const secret = 'pa ss+wd/=ü-12345';

	test('the raw, %20, + and base64 forms', () => {
		expect(secretForms(secret)).toEqual(
			expect.arrayContaining([
				secret,
				'pa%20ss%2Bwd%2F%3D%C3%BC-12345',
				'pa+ss%2Bwd%2F%3D%C3%BC-12345',
				Buffer.from(secret).toString('base64'),
				Buffer.from(secret).toString('base64url'),
			]),
		);
	});

	test.each([
		['raw', `error: ${secret}!`],
		['%20', 'client_secret=pa%20ss%2Bwd%2F%3D%C3%BC-12345&x=1'],
		['+ (form)', 'client_secret=pa+ss%2Bwd%2F%3D%C3%BC-12345&x=1'],
		['base64', `seen ${Buffer.from(secret).toString('base64')}`],
	])('hides the %s form', (_form, text) => {
		const redacted = redactSecrets(text, [secret]);
		expect(redacted).toContain('[redacted]');
		for (const form of secretForms(secret)) expect(redacted).not.toContain(form);
	});

	test('short pieces are never expanded (they would match ordinary words)', () => {
		expect(expandSecrets(['short', secret])).not.toContain('short');
		expect(redactSecrets('a short text', ['short'])).toBe('a short text');
	});
});
