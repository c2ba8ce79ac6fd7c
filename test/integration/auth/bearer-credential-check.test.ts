import { generateKeyPairSync } from 'node:crypto';

import type { ICredentialTestFunctions } from 'n8n-workflow';

import { webhookBearerTokenApiTest } from '../../../nodes/ChannelEventTrigger/bearer-credential-test';
import type { openGuardedTransport } from '../../../nodes/shared/http/guarded-transport';
import type { BearerInboundAuth } from '../../../nodes/shared/inbound-auth';
import { checkBearerVerifier, MIN_HS256_SECRET_BYTES } from '../../../nodes/shared/inbound-auth/bearer-check';
import { guardedTransportTo, startAuthorizationServer, type AuthorizationServer } from '../../support/authorization-server';

let as: AuthorizationServer;
let guarded: ReturnType<typeof openGuardedTransport>;

beforeAll(async () => {
	as = await startAuthorizationServer();
	guarded = guardedTransportTo(as);
});
afterAll(async () => {
	await guarded.transport.close();
	await as.close();
});

const jwt = (fields: Partial<BearerInboundAuth>): BearerInboundAuth => ({ type: 'oAuth2', mode: 'jwt', ...fields });

describe('checkBearerVerifier: the Webhook Bearer Token credential test', () => {
	it('fetches the JWKS and names the keys it holds', async () => {
		const before = as.jwksRequests();
		expect(await checkBearerVerifier(jwt({ jwksUrl: as.jwksUrl }), guarded.transport)).toEqual({ ok: true, message: 'The JWKS holds 2 signing keys (RS256, ES256)' });
		expect(as.jwksRequests() - before).toBe(1);
	});

	it('fails with the status when the JWKS URL answers anything but 200', async () => {
		const result = await checkBearerVerifier(jwt({ jwksUrl: `${as.origin}/missing` }), guarded.transport);
		expect(result).toEqual({ ok: false, message: expect.stringMatching(/JWKS URL answered 404/) });
	});

	it('introspects a probe token: the right client passes, a wrong secret fails and is not echoed', async () => {
		const endpoint = { url: as.introspectionUrl, clientId: as.introspectionClient.id, clientSecret: as.introspectionClient.secret };
		const before = as.introspectionRequests();
		expect(await checkBearerVerifier({ type: 'oAuth2', mode: 'introspection', introspection: endpoint }, guarded.transport)).toEqual({
			ok: true,
			message: 'The introspection endpoint accepted the client ID and secret',
		});
		expect(as.introspectionRequests() - before).toBe(1);
		const wrong = await checkBearerVerifier({ type: 'oAuth2', mode: 'introspection', introspection: { ...endpoint, clientSecret: 'wrong-secret-canary' } }, guarded.transport);
		expect(wrong.ok).toBe(false);
		expect(wrong.message).toMatch(/answered 401/);
		expect(wrong.message).not.toContain('wrong-secret-canary');
	});

	it('checks a public key and the length of a shared secret without the network', async () => {
		const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'pem', type: 'spki' }).toString();
		expect(await checkBearerVerifier(jwt({ publicKey: pem }), guarded.transport)).toEqual({ ok: true, message: 'The ES256 key is usable' });
		expect((await checkBearerVerifier(jwt({ publicKey: 'not a key' }), guarded.transport)).ok).toBe(false);
		expect(await checkBearerVerifier(jwt({ secret: 'x'.repeat(MIN_HS256_SECRET_BYTES) }), guarded.transport)).toEqual({ ok: true, message: 'The HS256 key is usable' });
		expect((await checkBearerVerifier(jwt({ secret: 'short' }), guarded.transport)).message).toMatch(/shorter than 32 bytes/);
		expect((await checkBearerVerifier(jwt({}), guarded.transport)).message).toBe('Enter the JWKS URL, the public key or the shared secret');
	});
});

describe('webhookBearerTokenApiTest: the node method behind the Test button', () => {
	const test = (data: Record<string, unknown>) => webhookBearerTokenApiTest.call({} as ICredentialTestFunctions, { id: '1', name: 'c', type: 'webhookBearerTokenApi', data: data as never });

	it('reads the credential as requests do and answers in n8n\'s terms', async () => {
		expect(await test({ verifyBy: 'jwt', keySource: 'secret', secret: 's'.repeat(40) })).toEqual({ status: 'OK', message: 'The HS256 key is usable' });
		expect(await test({ verifyBy: 'jwt', keySource: 'secret', secret: 'short' })).toMatchObject({ status: 'Error' });
		expect(await test({ verifyBy: 'jwt', keySource: 'jwksUrl', jwksUrl: 'http://auth.example/jwks' })).toMatchObject({ status: 'Error', message: expect.stringMatching(/https/i) });
	});

	it('trusts the credential\'s Custom CA Certificate for the JWKS and introspection URLs, and nothing else does', async () => {
		const jwks = { verifyBy: 'jwt', keySource: 'jwksUrl', jwksUrl: as.jwksUrl };
		// The authorization server's certificate is self-signed: a private CA as far as n8n can tell.
		expect(await test(jwks)).toEqual({
			status: 'Error',
			message: `Request to ${as.jwksUrl} failed: the endpoint's TLS certificate could not be verified; if a private CA issued it, paste that CA into the credential's Custom CA Certificate`,
		});
		const before = as.jwksRequests();
		expect(await test({ ...jwks, caCertificate: as.cert })).toEqual({ status: 'OK', message: 'The JWKS holds 2 signing keys (RS256, ES256)' });
		expect(as.jwksRequests() - before).toBe(1);
		// Introspection, with a key source picked before the switch: the CA still applies.
		const introspection = { verifyBy: 'introspection', keySource: 'secret', introspectionUrl: as.introspectionUrl, clientId: as.introspectionClient.id, clientSecret: as.introspectionClient.secret };
		expect(await test({ ...introspection, caCertificate: as.cert })).toEqual({ status: 'OK', message: 'The introspection endpoint accepted the client ID and secret' });
		expect(await test(introspection)).toEqual({ status: 'Error', message: expect.stringMatching(/certificate/i) });
		// A field that holds no certificate is named before any connection is made.
		const bad = await test({ ...jwks, caCertificate: 'paste the CA here' });
		expect(bad).toMatchObject({ status: 'Error', message: expect.stringContaining("The credential's Custom CA Certificate holds no PEM certificate") });
	});
});
