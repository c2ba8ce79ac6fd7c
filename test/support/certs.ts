import { generate } from 'selfsigned';

export interface TestCertificate {
	key: string;
	cert: string;
}

let cached: Promise<TestCertificate> | undefined;

/**
 * A self-signed certificate for the loopback test servers (CN=localhost, SAN localhost, 127.0.0.1,
 * ::1), made once per test process. Clients reach the servers either with `allowUnauthorizedCerts`
 * or by trusting `cert` as a custom CA.
 */
export function testCertificate(): Promise<TestCertificate> {
	cached ??= generate([{ name: 'commonName', value: 'localhost' }], {
		keySize: 2048,
		algorithm: 'sha256',
		days: 2,
		extensions: [
			{ name: 'basicConstraints', cA: true },
			{ name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
			{ name: 'extKeyUsage', serverAuth: true },
			{
				name: 'subjectAltName',
				altNames: [
					{ type: 2, value: 'localhost' },
					{ type: 7, ip: '127.0.0.1' },
					{ type: 7, ip: '::1' },
				],
			},
		],
	} as never).then((pems) => ({ key: pems.private, cert: pems.cert }));
	return cached;
}
