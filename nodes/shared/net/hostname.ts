/**
 * Hostname patterns as n8n writes them, for N8N_SSRF_*_HOSTNAMES and a credential's Allowed HTTP
 * Request Domains alike: an exact name, or `*.example.com` for any subdomain but not the bare domain.
 */

/** Case-insensitive; brackets of an IPv6 literal dropped; a trailing dot (absolute name) ignored. */
export const normaliseHostname = (hostname: string): string => {
	let name = hostname.trim().toLowerCase();
	if (name.startsWith('[') && name.endsWith(']')) name = name.slice(1, -1);
	return name.endsWith('.') ? name.slice(0, -1) : name;
};

/** The first of `patterns` (already normalised) that `hostname` matches, or undefined. */
export const matchHostname = (patterns: readonly string[], hostname: string | undefined): string | undefined => {
	if (!hostname) return undefined;
	const name = normaliseHostname(hostname);
	return patterns.find((pattern) =>
		pattern.startsWith('*.') ? name.endsWith(pattern.slice(1)) && name.length > pattern.length - 1 : name === pattern,
	);
};
