/**
 * The credential tests of the package through n8n's own Test path (the editor's Test button: the
 * credential is saved, then POST /rest/credentials/test), against real loopback peers:
 * - Outbound Webhook OAuth2 (client credentials): n8n runs the credential's declarative test, a
 *   token request to the configured Access Token URL; a token endpoint that knows one client.
 * - ESME Bind (SMPP): the Outbound Webhook node's smppBindApiTest binds and unbinds; an SMSC that
 *   accepts one password.
 * Each passes with the right secret and fails with a wrong one, and the peer saw the request, so
 * neither can be a hard-coded success.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { startSmppServer } from '../../test/support/smpp-server';
import type { Checks } from './checks';
import type { N8nRest } from './rest';

const CLIENT_ID = 'e2e-client';
const CLIENT_SECRET = 'e2e-client-secret-canary';
const SMPP_PASSWORD = 'e2e-pw';
/** ESME_RINVPASWD: the SMSC refuses the password (SMPP 3.4, command_status values). */
const ESME_RINVPASWD = 0x0e;

interface TestResult {
	status: string;
	message?: string;
}

function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.once('error', reject);
	});
}

/** An OAuth 2.0 token endpoint (RFC 6749 4.4) that issues a token to one client, credentials in the body. */
async function startTokenEndpoint(): Promise<{ url: string; requests: URLSearchParams[]; close: () => Promise<void> }> {
	const requests: URLSearchParams[] = [];
	const server: Server = createServer((req, res) => {
		void readBody(req).then((body) => {
			const form = new URLSearchParams(body);
			requests.push(form);
			const ok =
				req.method === 'POST' && form.get('grant_type') === 'client_credentials' && form.get('client_id') === CLIENT_ID && form.get('client_secret') === CLIENT_SECRET;
			res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
			res.end(JSON.stringify(ok ? { access_token: 'e2e-token', token_type: 'Bearer', expires_in: 3600 } : { error: 'invalid_client' }));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return { url: `http://127.0.0.1:${port}/token`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Saves a credential as the editor does and runs n8n's credential test on it (optionally with changed data). */
async function testCredential(rest: N8nRest, type: string, data: Record<string, unknown>, testData = data): Promise<TestResult> {
	const saved = await rest.post<{ data: { id: string; name: string } }>('/rest/credentials', { name: `${type} test`, type, data });
	const answer = await rest.post<{ data: TestResult }>('/rest/credentials/test', {
		credentials: { id: saved.data.id, name: saved.data.name, type, data: testData },
	});
	return answer.data;
}

export async function checkCredentialTests(rest: N8nRest, checks: Checks): Promise<void> {
	const tokenEndpoint = await startTokenEndpoint();
	try {
		const oauth2 = { grantType: 'clientCredentials', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, accessTokenUrl: tokenEndpoint.url, scopes: '', authentication: 'body' };
		// n8n fetches a client-credentials token itself before it runs a test request of an OAuth2
		// type, and the test request is a token request too: the endpoint may be asked more than once.
		const right = await testCredential(rest, 'webhookOAuth2Api', oauth2);
		const asked = tokenEndpoint.requests.length;
		checks.check(
			"n8n's credential test of Outbound Webhook OAuth2 (client credentials) gets a token from the Access Token URL",
			right.status === 'OK' && asked >= 1 && tokenEndpoint.requests.every((form) => form.get('client_id') === CLIENT_ID),
			`${JSON.stringify(right)}; token endpoint asked ${asked} time(s)`,
		);
		const wrong = await testCredential(rest, 'webhookOAuth2Api', oauth2, { ...oauth2, clientSecret: 'not-the-secret' });
		const askedAgain = tokenEndpoint.requests.length - asked;
		checks.check(
			"n8n's credential test of Outbound Webhook OAuth2 fails when the token endpoint refuses the client",
			wrong.status === 'Error' && askedAgain >= 1 && !JSON.stringify(wrong).includes('not-the-secret'),
			`${JSON.stringify(wrong)}; token endpoint asked ${askedAgain} time(s)`,
		);
	} finally {
		await tokenEndpoint.close();
	}

	const smsc = await startSmppServer({ bind: (pdu) => (pdu.password === SMPP_PASSWORD ? 0 : ESME_RINVPASWD) });
	try {
		const bind = { host: '127.0.0.1', port: smsc.port, systemId: 'esme-e2e', password: SMPP_PASSWORD, systemType: '', bindMode: 'transmitter', tls: false };
		const right = await testCredential(rest, 'smppBindApi', bind);
		checks.check(
			"n8n's credential test of ESME Bind binds to the SMSC and unbinds",
			right.status === 'OK' && smsc.pdus.map((p) => p.command).join(',') === 'bind_transmitter,unbind',
			`${JSON.stringify(right)}; SMSC saw ${smsc.pdus.map((p) => p.command).join(', ')}`,
		);
		const wrong = await testCredential(rest, 'smppBindApi', bind, { ...bind, password: 'wrong-pw' });
		checks.check("n8n's credential test of ESME Bind fails when the SMSC refuses the password", wrong.status === 'Error' && /RINVPASWD/.test(wrong.message ?? ''), JSON.stringify(wrong));
	} finally {
		await smsc.close();
	}
}
