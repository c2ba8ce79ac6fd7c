import * as fc from 'fast-check';

import { NonceCountMemory, verifyInboundAuth, type InboundAuth } from '../../nodes/shared/inbound-auth';

/**
 * The inbound checkers face whatever a sender writes: for arbitrary Authorization and signing headers
 * (random text, and values shaped like each scheme's with random parts) every checker answers with a
 * refusal and a reason, never an exception (which n8n would turn into a 500) and never an acceptance.
 */
const SCHEMES: InboundAuth[] = [
	{ type: 'basicAuth', user: 'u', password: 'p' },
	{ type: 'digestAuth', user: 'u', password: 'p', nonce: 'configured', memory: new NonceCountMemory() },
	{ type: 'awsSignature', accessKeyId: 'AKID', secretAccessKey: 's', region: 'eu-west-1', service: 'execute-api' },
	{ type: 'apiKey', name: 'x-api-key', value: 'k' },
	{ type: 'oAuth2', mode: 'jwt', secret: 'a secret of some length' },
	{ type: 'oAuth2', mode: 'jwt', jwksUrl: 'https://127.0.0.1/jwks', resolved: { keys: [] } },
	{ type: 'oAuth2', mode: 'introspection', resolved: { introspected: { active: false } } },
];

const part = fc.string({ maxLength: 40 });
const b64 = fc.base64String({ maxLength: 120 });
const authorization = fc.oneof(
	fc.string({ maxLength: 300 }),
	fc.tuple(part, b64).map(([a, b]) => `Basic ${b}${a}`),
	fc.array(fc.tuple(fc.constantFrom('username', 'realm', 'nonce', 'uri', 'response', 'algorithm', 'qop', 'nc', 'cnonce', 'opaque', 'userhash'), part, fc.boolean()), { maxLength: 12 }).map(
		(pairs) => `Digest ${pairs.map(([k, v, quoted]) => (quoted ? `${k}="${v}"` : `${k}=${v}`)).join(', ')}`,
	),
	fc.tuple(part, part, part).map(([c, h, s]) => `AWS4-HMAC-SHA256 Credential=${c}, SignedHeaders=${h}, Signature=${s}`),
	fc.tuple(b64, b64, b64).map(([a, b, c]) => `Bearer ${a}.${b}.${c}`.replace(/=/g, '')),
	fc.tuple(fc.jsonValue(), fc.jsonValue()).map(([h, p]) => `Bearer ${Buffer.from(JSON.stringify(h) ?? 'null').toString('base64url')}.${Buffer.from(JSON.stringify(p) ?? 'null').toString('base64url')}.c2ln`),
);

describe('inbound authorization under arbitrary input', () => {
	test('every scheme refuses with a reason and never throws', () => {
		fc.assert(
			fc.property(
				fc.constantFrom(...SCHEMES),
				authorization,
				fc.option(fc.string({ maxLength: 30 })),
				fc.option(fc.string({ maxLength: 60 })),
				fc.string({ maxLength: 80 }),
				(auth, header, amzDate, apiKey, url) => {
					const headers: Record<string, string> = { authorization: header, host: 'h' };
					if (amzDate !== null) headers['x-amz-date'] = amzDate;
					if (apiKey !== null && apiKey !== 'k') headers['x-api-key'] = apiKey;
					const verdict = verifyInboundAuth(auth, { method: 'POST', url: `/${url}`, headers, rawBody: Buffer.from('{}') }, Date.UTC(2026, 11, 7));
					return verdict.ok === false && typeof verdict.reason === 'string' && verdict.reason.length > 0;
				},
			),
			{ numRuns: 3000 },
		);
	});
});
