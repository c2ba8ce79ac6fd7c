import { parseEndpointUrl, redactUrl } from '../../../nodes/shared/http/url';

const codeOf = (fn: () => unknown) => {
	try {
		fn();
	} catch (error) {
		return (error as { code: string }).code;
	}
	return 'no error';
};

describe('parseEndpointUrl', () => {
	test('accepts an https URL and drops the fragment', () => {
		expect(parseEndpointUrl(' https://example.com/hooks?x=1#frag ').href).toBe('https://example.com/hooks?x=1');
	});
	test('refuses http: with INSECURE_URL and a hint to use https', () => {
		expect(codeOf(() => parseEndpointUrl('http://example.com/'))).toBe('INSECURE_URL');
		expect(() => parseEndpointUrl('http://example.com/')).toThrow('Only HTTPS URLs are supported, got http://example.com/');
	});
	test.each([[''], ['   '], ['example.com/hook'], ['ftp://example.com/'], [42], [undefined]])('refuses %p with INVALID_URL', (input) => {
		expect(codeOf(() => parseEndpointUrl(input))).toBe('INVALID_URL');
	});
	test('refuses user info in the URL without echoing the password', () => {
		let message = '';
		try {
			parseEndpointUrl('https://user:pa55word@example.com/');
		} catch (error) {
			message = (error as Error).message;
		}
		expect(message).toMatch(/contains a user name or password/);
		expect(message).not.toContain('pa55word');
	});
});

describe('redactUrl', () => {
	test('hides user info and query values', () => {
		expect(redactUrl('https://u:p@example.com:8443/a/b?api_key=secret&x=1')).toBe('https://example.com:8443/a/b?api_key=…&x=…');
	});
	test('an unparsable string loses user info and query', () => {
		expect(redactUrl('//u:p@host/x?key=secret')).toBe('//host/x?…');
	});
});
