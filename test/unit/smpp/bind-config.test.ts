import { bindConfigFromCredential } from '../../../nodes/shared/smpp/bind-config';

const valid = { host: 'smsc.example.com', port: 2775, systemId: 'esme1', password: 'pw', systemType: '', bindMode: 'transceiver', tls: false };

describe('bindConfigFromCredential', () => {
	it('maps a valid credential, TON/NPI automatic', () => {
		expect(bindConfigFromCredential({ ...valid, sourceTon: 'auto', sourceNpi: 'auto' })).toEqual({
			host: 'smsc.example.com',
			port: 2775,
			systemId: 'esme1',
			password: 'pw',
			systemType: '',
			bindMode: 'transceiver',
			tls: false,
			tlsOptions: undefined,
			sourceTon: undefined,
			sourceNpi: undefined,
		});
	});

	it('takes explicit TON/NPI defaults as numbers', () => {
		expect(bindConfigFromCredential({ ...valid, sourceTon: '5', sourceNpi: '0' })).toMatchObject({ sourceTon: 5, sourceNpi: 0 });
	});

	it('turns off certificate checks only with TLS and Ignore SSL Issues both on', () => {
		expect(bindConfigFromCredential({ ...valid, tls: true, allowUnauthorizedCerts: true }).tlsOptions).toEqual({ rejectUnauthorized: false });
		expect(bindConfigFromCredential({ ...valid, tls: false, allowUnauthorizedCerts: true }).tlsOptions).toBeUndefined();
	});

	it('refuses a missing host', () => {
		expect(() => bindConfigFromCredential({ ...valid, host: ' ' })).toThrow('The ESME Bind credential has no host');
	});

	it('refuses a port out of range', () => {
		expect(() => bindConfigFromCredential({ ...valid, port: 70000 })).toThrow(/is not a TCP port/);
	});

	it('refuses a system_id longer than SMPP allows', () => {
		expect(() => bindConfigFromCredential({ ...valid, systemId: 'x'.repeat(16) })).toThrow(/longer than 15/);
	});
});
