import type { LookupAddress } from 'node:dns';
import * as net from 'node:net';

import { isWebhookError, type WebhookError } from '../../../nodes/shared/errors';
import { checkUrlHost, guardedLookup, isBlockedAddressError, policyFromEnv, type SsrfPolicy } from '../../../nodes/shared/net/ssrf';
import { createTransport, type ClosableTransport } from '../../../nodes/shared/http/transport';
import { reply, startHttpsServer, type TestHttpsServer } from '../../support/https-server';

/**
 * The SSRF guard wired into the real undici transport, against a loopback HTTPS server. Names are
 * resolved by a scripted resolver (never real DNS). A tripwire sits between the guard and the
 * socket: if the guard ever handed a non-loopback address to the socket, the tripwire replaces it
 * with an error (so no packet can leave loopback) and the test fails on the recorded violation.
 */

const loopback = new net.BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

interface Handed {
	hostname: string;
	error?: string;
	addresses: string[];
}

function scriptedResolver(table: Record<string, () => string[]>): net.LookupFunction {
	return (hostname, options, callback) => {
		const addresses = table[hostname]?.() ?? [];
		process.nextTick(() => {
			if (addresses.length === 0) {
				callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), options.all ? [] : '');
				return;
			}
			const list: LookupAddress[] = addresses.map((address) => ({ address, family: net.isIP(address) }));
			if (options.all) callback(null, list);
			else callback(null, list[0].address, list[0].family);
		});
	};
}

function tripwire(inner: net.LookupFunction, handed: Handed[], violations: string[]): net.LookupFunction {
	return (hostname, options, callback) => {
		inner(hostname, options, (error, address, family) => {
			const addresses = error ? [] : Array.isArray(address) ? address.map((a) => a.address) : [address];
			handed.push({ hostname, error: error ? (error as WebhookError).code ?? error.message : undefined, addresses });
			const outside = addresses.filter((a) => !loopback.check(a, net.isIP(a) === 6 ? 'ipv6' : 'ipv4'));
			if (outside.length > 0) {
				violations.push(`${hostname} -> ${outside.join(', ')}`);
				callback(new Error('tripwire: non-loopback address stopped'), options.all ? [] : '');
				return;
			}
			callback(error, address, family);
		});
	};
}

describe('SSRF guard in the undici transport', () => {
	let server: TestHttpsServer;
	const transports: ClosableTransport[] = [];
	const handed: Handed[] = [];
	const violations: string[] = [];
	let answers: Record<string, () => string[]>;

	beforeAll(async () => {
		server = await startHttpsServer((_req, res) => reply(res, 200, 'ok'));
	});
	afterAll(async () => {
		await Promise.all(transports.map((t) => t.close()));
		await server.close();
	});
	beforeEach(() => {
		handed.length = 0;
		answers = {
			'internal.test': () => ['10.0.0.1'],
			'metadata.test': () => ['169.254.169.254'],
			localhost: () => ['127.0.0.1'],
		};
	});
	afterEach(() => {
		expect(violations).toEqual([]);
	});

	function transportFor(policy: SsrfPolicy): ClosableTransport {
		const lookup = tripwire(
			guardedLookup(policy, scriptedResolver(new Proxy({}, { get: (_t, name: string) => answers[name] }))),
			handed,
			violations,
		);
		const transport = createTransport({
			rejectUnauthorized: true,
			ca: server.cert,
			connections: 1,
			timeoutMs: 2000,
			lookup,
			checkHost: (url) => checkUrlHost(policy, url),
		});
		transports.push(transport);
		return transport;
	}

	const post = (transport: ClosableTransport, url: string) =>
		transport.send({ method: 'POST', url, headers: { 'content-type': 'application/json' }, body: Buffer.from('{}') });

	async function refusal(promise: Promise<unknown>): Promise<WebhookError> {
		try {
			await promise;
		} catch (error) {
			expect(isBlockedAddressError(error)).toBe(true);
			return error as WebhookError;
		}
		throw new Error('expected a refusal');
	}

	test('a name resolving to 10.0.0.1 is refused in lookup: the socket gets no address, the server sees nothing', async () => {
		const before = server.requests.length;
		const policy = policyFromEnv({ N8N_SSRF_PROTECTION_ENABLED: 'true' }, { blockPrivateNetworks: false });
		const error = await refusal(post(transportFor(policy), `https://internal.test:${server.port}/hook`));
		console.log(`[ssrf] internal.test -> 10.0.0.1: ${error.message}`);
		expect(error.message).toContain('internal.test (10.0.0.1)');
		expect(error.message).toContain('10.0.0.0/8');
		expect(handed).toEqual([{ hostname: 'internal.test', error: 'BLOCKED_ADDRESS', addresses: [] }]);
		expect(server.requests.length).toBe(before);
	});

	test('the option "Block private network targets" refuses 169.254.169.254 without any env', async () => {
		const error = await refusal(post(transportFor(policyFromEnv({}, { blockPrivateNetworks: true })), `https://metadata.test:${server.port}/`));
		console.log(`[ssrf] metadata.test -> 169.254.169.254: ${error.message}`);
		expect(error.data.source).toBe('Block Private Network Targets');
	});

	test('127.0.0.1 is refused when blocked, as a literal and through a name; nothing reaches the server', async () => {
		const before = server.requests.length;
		const transport = transportFor(policyFromEnv({ N8N_SSRF_PROTECTION_ENABLED: 'true' }, { blockPrivateNetworks: false }));
		const literal = await refusal(post(transport, `${server.origin}/hook`));
		const named = await refusal(post(transport, `https://localhost:${server.port}/hook`));
		console.log(`[ssrf] literal: ${literal.message}\n[ssrf] named: ${named.message}`);
		expect(literal.message).toContain('127.0.0.0/8');
		expect(named.message).toContain('localhost (127.0.0.1)');
		expect(handed.map((h) => h.error)).toEqual(['BLOCKED_ADDRESS']);
		expect(server.requests.length).toBe(before);
	});

	test('127.0.0.1 in N8N_SSRF_ALLOWED_IP_RANGES: delivered, as a literal and through a name', async () => {
		const transport = transportFor(
			policyFromEnv({ N8N_SSRF_PROTECTION_ENABLED: 'true', N8N_SSRF_ALLOWED_IP_RANGES: '127.0.0.1/32' }, { blockPrivateNetworks: true }),
		);
		expect((await post(transport, `${server.origin}/a`)).status).toBe(200);
		expect((await post(transport, `https://localhost:${server.port}/b`)).status).toBe(200);
	});

	test('localhost in N8N_SSRF_ALLOWED_HOSTNAMES: the name passes, the bare literal does not', async () => {
		const transport = transportFor(
			policyFromEnv({ N8N_SSRF_PROTECTION_ENABLED: 'true', N8N_SSRF_ALLOWED_HOSTNAMES: 'localhost' }, { blockPrivateNetworks: false }),
		);
		expect((await post(transport, `https://localhost:${server.port}/c`)).status).toBe(200);
		await refusal(post(transport, `${server.origin}/d`));
	});

	test('DNS rebinding: a name that first answers an allowed address and then a blocked one gets no second connection', async () => {
		const sequence = [['127.0.0.1'], ['127.0.0.2']];
		answers.localhost = () => sequence.shift() ?? [];
		const policy = policyFromEnv({ N8N_SSRF_PROTECTION_ENABLED: 'true', N8N_SSRF_ALLOWED_IP_RANGES: '127.0.0.1/32' }, { blockPrivateNetworks: false });
		expect((await post(transportFor(policy), `https://localhost:${server.port}/first`)).status).toBe(200);
		// A new transport means a new connection, hence a new lookup (a kept-alive socket stays on the checked address).
		const error = await refusal(post(transportFor(policy), `https://localhost:${server.port}/second`));
		console.log(`[ssrf] rebinding second answer: ${error.message}`);
		expect(handed.map((h) => h.addresses.join() || h.error)).toEqual(['127.0.0.1', 'BLOCKED_ADDRESS']);
		expect(isWebhookError(error)).toBe(true);
	});
});
