import { WebhookError } from '../errors';

/**
 * The endpoint URL as users configure it. Only https is accepted (the spec: "We only support HTTPs
 * URLs"); user info in the URL is refused because credentials belong in a credential.
 */
export function parseEndpointUrl(input: unknown): URL {
	const text = typeof input === 'string' ? input.trim() : '';
	if (!text) {
		throw new WebhookError('INVALID_URL', 'The URL is empty', { hint: 'Enter the https:// address of the endpoint that receives the notifications.' });
	}
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw new WebhookError('INVALID_URL', `"${redactUrl(text)}" is not a valid URL`, {
			hint: 'Enter a full address such as https://example.com/webhooks.',
		});
	}
	if (url.protocol === 'http:') {
		throw new WebhookError('INSECURE_URL', `Only HTTPS URLs are supported, got ${redactUrl(text)}`, {
			hint: 'Change the URL to start with https://. Notifications are never sent over plain HTTP.',
			data: { url: redactUrl(text) },
		});
	}
	if (url.protocol !== 'https:') {
		throw new WebhookError('INVALID_URL', `Unsupported URL scheme "${url.protocol}" in ${redactUrl(text)}`, {
			hint: 'Enter an https:// URL.',
		});
	}
	if (url.username || url.password) {
		throw new WebhookError('INVALID_URL', `The URL ${redactUrl(text)} contains a user name or password`, {
			hint: 'Remove the user info from the URL and choose Basic Auth (or another scheme) under Authentication instead.',
		});
	}
	url.hash = '';
	return url;
}

/**
 * A URL safe to show in outputs, errors and logs: scheme, host, port and path; user info dropped and
 * query values hidden (they may hold keys).
 */
export function redactUrl(input: string | URL): string {
	try {
		const url = typeof input === 'string' ? new URL(input) : input;
		const query = url.search ? '?' + [...url.searchParams.keys()].map((k) => `${k}=…`).join('&') : '';
		return `${url.protocol}//${url.host}${url.pathname}${query}`;
	} catch {
		return String(input).replace(/\/\/[^/@]*@/, '//').replace(/\?.*$/, '?…').slice(0, 200);
	}
}
