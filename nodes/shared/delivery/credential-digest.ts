import { createHash } from 'node:crypto';

/**
 * A one-way digest of credential data, part of an endpoint's verification fingerprint: a changed
 * credential verifies the endpoint again. OAuth token data is left out (it changes on every renewal).
 */
export function credentialDigest(data: Record<string, unknown>): string {
	const { oauthTokenData: _tokens, ...stable } = data;
	const sorted = Object.keys(stable)
		.sort()
		.map((key) => [key, stable[key]]);
	return createHash('sha256').update(JSON.stringify(sorted)).digest('hex');
}
