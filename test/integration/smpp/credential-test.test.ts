import type { ICredentialTestFunctions } from 'n8n-workflow';

import { smppBindApiTest } from '../../../nodes/OutboundWebhook/smpp-credential-test';
import { testCertificate } from '../../support/certs';
import { startSmppServer, type TestSmppServer } from '../../support/smpp-server';

const PASSWORD = 'wrong-pw';
let server: TestSmppServer;
afterEach(async () => server?.close());

const test = (data: Record<string, unknown>) =>
	smppBindApiTest.call({} as ICredentialTestFunctions, { id: '1', name: 'ESME', type: 'smppBindApi', data: data as never });

const credential = (port: number) => ({ host: '127.0.0.1', port, systemId: 'esme1', password: PASSWORD, systemType: '', bindMode: 'transmitter', tls: false });

describe('smppBindApiTest (the ESME Bind credential test)', () => {
	it('binds and unbinds against a live SMSC and says so', async () => {
		server = await startSmppServer();
		const result = await test(credential(server.port));

		expect(result).toEqual({ status: 'OK', message: `Bound to 127.0.0.1:${server.port} as ESME "esme1" (transmitter) and unbound` });
		expect(server.pdus.map((p) => p.command)).toEqual(['bind_transmitter', 'unbind']);
	});

	it('reports a refused password clearly, without the password', async () => {
		server = await startSmppServer({ bind: () => 0x0e });
		const result = await test(credential(server.port));

		expect(result.status).toBe('Error');
		expect(result.message).toBe(
			`The SMSC at 127.0.0.1:${server.port} refused the bind_transmitter of ESME "esme1": ESME_RINVPASWD (0x0000000E). ` +
				'The SMSC refused the password. Check the Password of the ESME Bind credential.',
		);
		expect(result.message).not.toContain(PASSWORD);
	});

	it('reports an unreachable SMSC', async () => {
		server = await startSmppServer();
		const port = server.port;
		await server.close();
		const result = await test(credential(port));

		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Could not connect to the SMSC at 127\.0\.0\.1:\d+: connect ECONNREFUSED.*Check Host, Port and TLS/);
	});

	it('reports a credential without a host before connecting', async () => {
		const result = await test({ ...credential(2775), host: '' });
		expect(result).toEqual({ status: 'Error', message: 'The ESME Bind credential has no host. Open the ESME Bind credential and enter the SMSC host name or address.' });
	});
});

describe('smppBindApiTest over TLS', () => {
	it('binds over TLS to an SMSC whose certificate it trusts (Ignore SSL Issues on)', async () => {
		server = await startSmppServer({}, await testCertificate());
		const result = await test({ ...credential(server.port), tls: true, allowUnauthorizedCerts: true });

		expect(result.status).toBe('OK');
		expect(server.received('bind_transmitter')).toHaveLength(1);
	});

	it('refuses a self-signed SMSC certificate by default', async () => {
		server = await startSmppServer({}, await testCertificate());
		const result = await test({ ...credential(server.port), tls: true });

		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/self[- ]signed certificate/);
		expect(server.received('bind_transmitter')).toHaveLength(0);
	});
});
