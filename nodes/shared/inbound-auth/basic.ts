import { accepted, first, refused, safeEqual, type AuthVerdict, type InboundRequestAuthData } from './types';

/** Basic (RFC 7617): user and password, both compared in constant time. */
export interface BasicInboundAuth {
	type: 'basicAuth';
	user: string;
	password: string;
}

/** `Basic dXNlcjpwYXNz` → `{ user, password }`; undefined when the header is not Basic. */
export function parseBasicAuthorization(header: string | undefined): { user: string; password: string } | undefined {
	const match = /^\s*basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header ?? '');
	if (!match) return undefined;
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon < 0) return undefined;
	return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** RFC 7617 section 2: the challenge, with the charset the package decodes. */
export const basicChallenge = (realm: string): string => `Basic realm="${realm}", charset="UTF-8"`;

export function verifyBasic(auth: BasicInboundAuth, request: InboundRequestAuthData, realm: string): AuthVerdict {
	const header = first(request.headers.authorization);
	if (header === undefined) return refused('the Authorization header is missing', basicChallenge(realm));
	const received = parseBasicAuthorization(header);
	if (!received) return refused('the Authorization header is not Basic user:password', basicChallenge(realm));
	// Both comparisons always run, so timing does not tell which part was wrong.
	const userOk = safeEqual(received.user, auth.user);
	const passwordOk = safeEqual(received.password, auth.password);
	if (!userOk) return refused('Basic: the user name does not match the credential', basicChallenge(realm));
	if (!passwordOk) return refused('Basic: the password does not match the credential', basicChallenge(realm));
	return accepted;
}
