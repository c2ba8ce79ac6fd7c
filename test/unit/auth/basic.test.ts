import { basicCredentials, createBasicAuthorizer } from '../../../nodes/shared/auth/basic';
import { WebhookError } from '../../../nodes/shared/errors';

const request = { method: 'POST' as const, url: 'https://example.com/hook', headers: { 'content-type': 'application/json' } };

describe('Basic authorization (RFC 7617)', () => {
	it('encodes the RFC 7617 section 2 example: Aladdin / open sesame', () => {
		expect(basicCredentials('Aladdin', 'open sesame')).toBe('Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==');
	});

	it('encodes non-ASCII as UTF-8, as RFC 7617 section 2.1 shows for "test" / "123£"', () => {
		// RFC 7617 2.1: user-id "test", password "123" followed by U+00A3 → dGVzdDoxMjPCow==
		expect(basicCredentials('test', '123\u00a3')).toBe('Basic dGVzdDoxMjPCow==');
		const decoded = Buffer.from(basicCredentials('Jürgen', 'pässwörd€').slice(6), 'base64').toString('utf8');
		expect(decoded).toBe('Jürgen:pässwörd€');
	});

	it('refuses a username with a colon, without echoing the password', () => {
		try {
			basicCredentials('a:b', 'secret-pw');
			throw new Error('expected a WebhookError');
		} catch (error) {
			expect(error).toBeInstanceOf(WebhookError);
			expect((error as WebhookError).code).toBe('INVALID_CONFIG');
			expect(JSON.stringify({ ...(error as WebhookError), message: (error as Error).message })).not.toContain('secret-pw');
		}
	});

	it('refuses a line break in the password', () => {
		expect(() => basicCredentials('a', 'x\r\ny')).toThrow(/control character/);
	});

	it('adds the header on every attempt and keeps other headers', async () => {
		const authorizer = createBasicAuthorizer({ scheme: 'basicAuth', user: 'Aladdin', password: 'open sesame' });
		const first = await authorizer.authorize(request);
		const second = await authorizer.authorize(request);
		expect(first.headers).toEqual({ 'content-type': 'application/json', authorization: 'Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==' });
		expect(second.headers.authorization).toBe(first.headers.authorization);
		expect(request.headers).not.toHaveProperty('authorization');
	});
});
