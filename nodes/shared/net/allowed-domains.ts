import { WebhookError } from '../errors';
import { matchHostname, normaliseHostname } from './hostname';

/**
 * A credential's "Allowed HTTP Request Domains" (n8n adds the field to credentials with an
 * `authenticate` block or an OAuth2 parent): when the user chose "Specific Domains", the credential
 * may only be sent to those hosts. `*.example.com` matches subdomains, not the bare domain (as n8n).
 * "None" is not applied: n8n writes it by default into new OAuth2 credentials, and there it means
 * "not for the HTTP Request node", not "never".
 */
export function allowedDomainsOf(credential: Record<string, unknown>): string[] | undefined {
	if (credential.allowedHttpRequestDomains !== 'domains') return undefined;
	return String(credential.allowedDomains ?? '')
		.split(',')
		.map(normaliseHostname)
		.filter(Boolean);
}

/** Throws when the credential is restricted to domains that do not include the URL's host. */
export function assertDomainAllowed(url: URL, allowed: readonly string[] | undefined): void {
	if (allowed === undefined) return;
	const hostname = normaliseHostname(url.hostname);
	if (matchHostname(allowed, hostname) !== undefined) return;
	throw new WebhookError('DOMAIN_NOT_ALLOWED', `The credential may not be sent to ${hostname}`, {
		hint: `Its "Allowed HTTP Request Domains" lists only: ${allowed.join(', ') || '(nothing)'}. Add ${hostname} there, or use another credential.`,
		data: { hostname },
	});
}
