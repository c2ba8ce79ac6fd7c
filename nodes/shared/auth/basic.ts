import { WebhookError } from '../errors';
import type { Authorizer } from './authorizer';
import type { OutgoingRequest } from '../http/types';

export interface BasicAuthConfig {
	scheme: 'basicAuth';
	user: string;
	password: string;
}

/** Control characters are not allowed in user-id or password (RFC 7617 section 2). */
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/**
 * The value of an `Authorization: Basic` header. RFC 7617 section 2.1: the user-pass is encoded as
 * UTF-8 before base64 (the `charset="UTF-8"` servers announce), so non-ASCII names and passwords
 * reach the receiver intact. A user-id must not contain a colon, or the receiver would split it
 * at the wrong place.
 */
export function basicCredentials(user: string, password: string): string {
	if (user.includes(':')) {
		throw new WebhookError('INVALID_CONFIG', 'The Basic Auth username contains a colon (:), which Basic authorization cannot carry', {
			hint: 'Use a username without ":" (RFC 7617 section 2 forbids it); the password may contain colons',
			data: { scheme: 'basicAuth' },
		});
	}
	if (CONTROL_CHARACTERS.test(user) || CONTROL_CHARACTERS.test(password)) {
		throw new WebhookError('INVALID_CONFIG', 'The Basic Auth username or password contains a control character (such as a line break)', {
			hint: 'Remove line breaks, tabs and other control characters from the Basic Auth credential',
			data: { scheme: 'basicAuth' },
		});
	}
	return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

/** Basic authorization: the same header on every attempt. */
export function createBasicAuthorizer(config: BasicAuthConfig): Authorizer {
	const header = basicCredentials(config.user, config.password);
	return {
		scheme: 'basicAuth',
		secrets: [config.password],
		authorize: async (request: OutgoingRequest) => ({ ...request, headers: { ...request.headers, authorization: header } }),
	};
}
