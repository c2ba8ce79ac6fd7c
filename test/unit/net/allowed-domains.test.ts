import { allowedDomainsOf, assertDomainAllowed } from '../../../nodes/shared/net/allowed-domains';

describe("a credential's Allowed HTTP Request Domains", () => {
	test('only "Specific Domains" restricts; All and None (n8n writes None into new OAuth2 credentials) do not', () => {
		expect(allowedDomainsOf({ allowedHttpRequestDomains: 'all' })).toBeUndefined();
		expect(allowedDomainsOf({ allowedHttpRequestDomains: 'none' })).toBeUndefined();
		expect(allowedDomainsOf({})).toBeUndefined();
		expect(allowedDomainsOf({ allowedHttpRequestDomains: 'domains', allowedDomains: ' Example.com, *.hooks.io ,' })).toEqual(['example.com', '*.hooks.io']);
	});
	test('an exact domain matches itself only; a wildcard matches subdomains, not the bare domain', () => {
		const allowed = ['example.com', '*.hooks.io'];
		expect(() => assertDomainAllowed(new URL('https://EXAMPLE.com./x'), allowed)).not.toThrow();
		expect(() => assertDomainAllowed(new URL('https://a.b.hooks.io/x'), allowed)).not.toThrow();
		expect(() => assertDomainAllowed(new URL('https://hooks.io/x'), allowed)).toThrow('The credential may not be sent to hooks.io');
		expect(() => assertDomainAllowed(new URL('https://evilhooks.io/x'), allowed)).toThrow(/evilhooks\.io/);
		expect(() => assertDomainAllowed(new URL('https://api.example.com/x'), allowed)).toThrow(/api\.example\.com/);
	});
	test('the refusal says which domains are allowed and what to change', () => {
		try {
			assertDomainAllowed(new URL('https://other.net/'), ['example.com']);
		} catch (error) {
			expect(error).toMatchObject({ code: 'DOMAIN_NOT_ALLOWED', hint: expect.stringContaining('lists only: example.com') });
			return;
		}
		throw new Error('expected a refusal');
	});
});
