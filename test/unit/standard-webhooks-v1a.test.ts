import nacl from 'tweetnacl';

import { parseSecret, standardWebhookHeaders, verifyStandardWebhook } from '../../nodes/shared/standard-webhooks';
import { asymmetricSignature, parseSigningKey, parseVerifyingKey, publicKeyText, verifyAsymmetric } from '../../nodes/shared/standard-webhooks-v1a';

/** RFC 8032 section 7.1, TEST 1 to 3: secret key (seed), public key, message, signature (hex). */
const RFC8032 = [
	['9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a', '', 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b'],
	['4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb', '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c', '72', '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00'],
	['c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7', 'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025', 'af82', '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a'],
] as const;

const whsk = (hex: string) => `whsk_${Buffer.from(hex, 'hex').toString('base64')}`;
const whpk = (hex: string) => `whpk_${Buffer.from(hex, 'hex').toString('base64')}`;

/**
 * A fixed-key v1a vector: RFC 8032 TEST 1's key signing the Standard Webhooks spec's example message
 * (section "Signature scheme": id, timestamp and minified body). The spec gives no v1a vector with
 * its key; this one was computed with node:crypto and is checked below against tweetnacl.
 */
const SPEC_ID = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';
const SPEC_TIMESTAMP = 1674087231;
const SPEC_BODY = '{"type":"contact.created","timestamp":"2022-11-03T20:26:10.344522Z","data":{"id":"1f81eb52-5198-4599-803e-771906343485"}}';
const SPEC_V1A = 'v1a,pbpYBMlty2hExn4zt0UTGb6BaP2Vq5AfyzjB9GGV3x/wCJKd8UjOCf8Qhaji6TKY9C5eNMnlF0GG4udaO6B7Ag==';
const content = Buffer.from(`${SPEC_ID}.${SPEC_TIMESTAMP}.${SPEC_BODY}`);

describe('Standard Webhooks v1a (ed25519)', () => {
	test.each(RFC8032)('RFC 8032 7.1 vector (secret key %s…) signs and verifies', (secret, publicKey, message, signature) => {
		const key = parseSigningKey(whsk(secret));
		expect(publicKeyText(key)).toBe(whpk(publicKey));
		expect(asymmetricSignature(key, Buffer.from(message, 'hex'))).toBe(`v1a,${Buffer.from(signature, 'hex').toString('base64')}`);
		expect(verifyAsymmetric([parseVerifyingKey(whpk(publicKey))], Buffer.from(message, 'hex'), Buffer.from(signature, 'hex').toString('base64'))).toBe(true);
	});

	test('the fixed-key vector over the spec\'s example message, and tweetnacl (an independent ed25519) agrees', () => {
		const key = parseSigningKey(whsk(RFC8032[0][0]));
		expect(asymmetricSignature(key, content)).toBe(SPEC_V1A);
		const pair = nacl.sign.keyPair.fromSeed(Buffer.from(RFC8032[0][0], 'hex'));
		expect(`v1a,${Buffer.from(nacl.sign.detached(content, pair.secretKey)).toString('base64')}`).toBe(SPEC_V1A);
	});

	test('a tweetnacl key pair: its 64-byte secret key signs here, tweetnacl verifies; tweetnacl signs, the trigger verifies', () => {
		const pair = nacl.sign.keyPair.fromSeed(Buffer.alloc(32, 7));
		const signingKey = parseSigningKey(`whsk_${Buffer.from(pair.secretKey).toString('base64')}`);
		const headers = standardWebhookHeaders([signingKey], SPEC_ID, SPEC_TIMESTAMP * 1000, Buffer.from(SPEC_BODY));
		const [version, encoded] = headers['webhook-signature'].split(',');
		expect(version).toBe('v1a');
		expect(nacl.sign.detached.verify(content, Buffer.from(encoded, 'base64'), pair.publicKey)).toBe(true);

		const byNacl = `v1a,${Buffer.from(nacl.sign.detached(content, pair.secretKey)).toString('base64')}`;
		const publicKeys = [parseVerifyingKey(`whpk_${Buffer.from(pair.publicKey).toString('base64')}`)];
		const received = { 'webhook-id': SPEC_ID, 'webhook-timestamp': String(SPEC_TIMESTAMP), 'webhook-signature': byNacl };
		expect(verifyStandardWebhook(Buffer.from(SPEC_BODY), received, { keys: [], publicKeys, toleranceSeconds: 300, now: () => SPEC_TIMESTAMP * 1000 })).toEqual({ ok: true });
	});

	test('v1 and v1a side by side: both keys sign, each receiver verifies its own', () => {
		const secret = parseSecret('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
		const signingKey = parseSigningKey(whsk(RFC8032[1][0]));
		const headers = standardWebhookHeaders([secret, signingKey], SPEC_ID, SPEC_TIMESTAMP * 1000, Buffer.from(SPEC_BODY));
		expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}= v1a,[A-Za-z0-9+/]{86}==$/);
		const verify = (options: { keys: Buffer[]; publicKeys?: ReturnType<typeof parseVerifyingKey>[] }) =>
			verifyStandardWebhook(Buffer.from(SPEC_BODY), headers, { ...options, toleranceSeconds: 300, now: () => SPEC_TIMESTAMP * 1000 });
		expect(verify({ keys: [secret] })).toEqual({ ok: true });
		expect(verify({ keys: [], publicKeys: [parseVerifyingKey(whpk(RFC8032[1][1]))] })).toEqual({ ok: true });
		expect(verify({ keys: [], publicKeys: [parseVerifyingKey(whpk(RFC8032[2][1]))] })).toEqual({ ok: false, reason: 'noMatch' });
	});

	test('a changed body or a signature by another key is refused', () => {
		const publicKeys = [parseVerifyingKey(whpk(RFC8032[0][1]))];
		const received = { 'webhook-id': SPEC_ID, 'webhook-timestamp': String(SPEC_TIMESTAMP), 'webhook-signature': SPEC_V1A };
		const options = { keys: [], publicKeys, toleranceSeconds: 300, now: () => SPEC_TIMESTAMP * 1000 };
		expect(verifyStandardWebhook(Buffer.from(SPEC_BODY), received, options)).toEqual({ ok: true });
		expect(verifyStandardWebhook(Buffer.from(SPEC_BODY.replace('created', 'deleted')), received, options)).toEqual({ ok: false, reason: 'noMatch' });
		expect(verifyStandardWebhook(Buffer.from(SPEC_BODY), received, { ...options, publicKeys: [parseVerifyingKey(whpk(RFC8032[1][1]))] })).toEqual({ ok: false, reason: 'noMatch' });
	});

	test('keys that are not whsk_ / whpk_ ed25519 keys are refused without repeating them', () => {
		expect(() => parseSigningKey('whsk_c2hvcnQ=')).toThrow(/Secret Key is not a whsk_ ed25519 key/);
		expect(() => parseVerifyingKey('whpk_c2hvcnQ=')).toThrow(/Public Key is not a whpk_ ed25519 key/);
		// A 64-byte secret key whose public half is not its seed's.
		const mixed = Buffer.concat([Buffer.from(RFC8032[0][0], 'hex'), Buffer.from(RFC8032[1][1], 'hex')]).toString('base64');
		expect(() => parseSigningKey(`whsk_${mixed}`)).toThrow(/not a whsk_/);
		const refusal = (() => {
			try {
				parseSigningKey('whsk_c2VjcmV0LWNhbmFyeQ==');
			} catch (error) {
				return (error as Error).message;
			}
			return 'accepted';
		})();
		expect(refusal).toMatch(/not a whsk_/);
		expect(refusal).not.toContain('c2VjcmV0LWNhbmFyeQ');
	});
});
