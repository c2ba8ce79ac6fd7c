import { createHmac } from 'node:crypto';

import { buildNotification, customHeaders, encodeBody } from '../../../nodes/shared/delivery/notification';

describe('customHeaders', () => {
	test('lower-cases names and keeps values', () => {
		expect(customHeaders([{ name: 'X-Tenant', value: 'acme' }, { name: ' ', value: 'ignored' }])).toEqual({ 'x-tenant': 'acme' });
	});
	test.each([['x-a', 'v\r\nx-injected: 1'], ['x-a', 'v\nw'], ['x-a', 'nul\0']])('refuses a value with CR/LF/NUL (%p: %p)', (name, value) => {
		expect(() => customHeaders([{ name, value }])).toThrow(/line break or NUL/);
	});
	test.each([['bad name'], ['x-a:'], ['x\r\ny']])('refuses the header name %p', (name) => {
		expect(() => customHeaders([{ name, value: 'v' }])).toThrow(/characters a header name may not have/);
	});
	test.each([['x-hub-signature'], ['X-Delivery-Id'], ['content-length'], ['host']])('refuses to replace %p', (name) => {
		expect(() => customHeaders([{ name, value: 'v' }])).toThrow(/set by the node/);
	});
});

describe('buildNotification', () => {
	test('the signature covers exactly the body bytes sent', () => {
		const { body, headers } = buildNotification({ body: { text: 'héllo ✓' }, signing: { secret: 'k', algorithm: 'sha256' } });
		expect(body.toString('utf8')).toBe('{"text":"héllo ✓"}');
		expect(headers['x-hub-signature']).toBe(createHmac('sha256', 'k').update(body).digest('hex'));
		expect(headers['content-type']).toBe('application/json; charset=utf-8');
	});
	test('no signature header without signing', () => {
		expect(buildNotification({ body: {} }).headers).not.toHaveProperty('x-hub-signature');
	});
	test('a string body is sent as it is; other values as JSON', () => {
		expect(encodeBody('{"raw": 1}').toString()).toBe('{"raw": 1}');
		expect(encodeBody(42).toString()).toBe('42');
		expect(encodeBody(undefined).toString()).toBe('null');
	});
});
