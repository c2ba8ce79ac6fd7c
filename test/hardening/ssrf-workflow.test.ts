import type { IDataObject } from 'n8n-workflow';

import { runWorkflow, type RunResult } from '../harness/workflow';
import { reply, startHttpsServer, type TestHttpsServer } from '../support/https-server';
import { outboundWorkflow, report } from './support';

/**
 * SSRF through the Outbound Webhook node in a workflow run: n8n's N8N_SSRF_* variables and the
 * node option "Block Private Network Targets" against a loopback endpoint. A refusal must happen
 * before any connection (the loopback server counts requests), on the test call as on deliveries,
 * and say which rule refused which address. Only loopback is ever contacted.
 */

const SSRF_VARIABLES = ['N8N_SSRF_PROTECTION_ENABLED', 'N8N_SSRF_BLOCKED_IP_RANGES', 'N8N_SSRF_ALLOWED_IP_RANGES', 'N8N_SSRF_ALLOWED_HOSTNAMES', 'N8N_SSRF_BLOCKED_HOSTNAMES'];

async function withEnv<T>(env: Record<string, string>, run: () => Promise<T>): Promise<T> {
	const saved = Object.fromEntries(SSRF_VARIABLES.map((name) => [name, process.env[name]]));
	for (const name of SSRF_VARIABLES) delete process.env[name];
	Object.assign(process.env, env);
	try {
		return await run();
	} finally {
		for (const name of SSRF_VARIABLES) {
			if (saved[name] === undefined) delete process.env[name];
			else process.env[name] = saved[name];
		}
	}
}

interface Case {
	label: string;
	env: Record<string, string>;
	host: 'literal' | 'localhost';
	blockPrivateNetworks?: boolean;
	verifyEndpoint: boolean;
	expect: 'delivered' | 'refused';
}

const CASES: Case[] = [
	{ label: 'no protection', env: {}, host: 'literal', verifyEndpoint: true, expect: 'delivered' },
	{ label: 'N8N_SSRF_PROTECTION_ENABLED=true, 127.0.0.1 literal (test call)', env: { N8N_SSRF_PROTECTION_ENABLED: 'true' }, host: 'literal', verifyEndpoint: true, expect: 'refused' },
	{ label: 'N8N_SSRF_PROTECTION_ENABLED=true, 127.0.0.1 literal (delivery)', env: { N8N_SSRF_PROTECTION_ENABLED: 'true' }, host: 'literal', verifyEndpoint: false, expect: 'refused' },
	{ label: 'N8N_SSRF_PROTECTION_ENABLED=true, localhost by name (delivery)', env: { N8N_SSRF_PROTECTION_ENABLED: 'true' }, host: 'localhost', verifyEndpoint: false, expect: 'refused' },
	{ label: 'blocked list without loopback (10.0.0.0/8 only)', env: { N8N_SSRF_PROTECTION_ENABLED: 'true', N8N_SSRF_BLOCKED_IP_RANGES: '10.0.0.0/8' }, host: 'literal', verifyEndpoint: true, expect: 'delivered' },
	{ label: 'default,127.0.0.1/32 plus N8N_SSRF_ALLOWED_IP_RANGES=127.0.0.1/32', env: { N8N_SSRF_PROTECTION_ENABLED: 'true', N8N_SSRF_BLOCKED_IP_RANGES: 'default,127.0.0.1/32', N8N_SSRF_ALLOWED_IP_RANGES: '127.0.0.1/32' }, host: 'literal', verifyEndpoint: true, expect: 'delivered' },
	{ label: 'N8N_SSRF_ALLOWED_HOSTNAMES=localhost, by name', env: { N8N_SSRF_PROTECTION_ENABLED: 'true', N8N_SSRF_ALLOWED_HOSTNAMES: 'localhost' }, host: 'localhost', verifyEndpoint: true, expect: 'delivered' },
	{ label: 'N8N_SSRF_BLOCKED_HOSTNAMES=localhost, allow-listed 127.0.0.1 range', env: { N8N_SSRF_PROTECTION_ENABLED: 'true', N8N_SSRF_BLOCKED_HOSTNAMES: 'localhost', N8N_SSRF_ALLOWED_IP_RANGES: '127.0.0.0/8,::1' }, host: 'localhost', verifyEndpoint: true, expect: 'refused' },
	{ label: 'option Block Private Network Targets, no env', env: {}, host: 'literal', blockPrivateNetworks: true, verifyEndpoint: true, expect: 'refused' },
	{ label: 'option on, env allow list ignored while env protection is off', env: { N8N_SSRF_ALLOWED_IP_RANGES: '127.0.0.1/32' }, host: 'literal', blockPrivateNetworks: true, verifyEndpoint: false, expect: 'refused' },
	{ label: 'option on, env on with N8N_SSRF_ALLOWED_IP_RANGES=127.0.0.1/32', env: { N8N_SSRF_PROTECTION_ENABLED: 'true', N8N_SSRF_ALLOWED_IP_RANGES: '127.0.0.1/32' }, host: 'literal', blockPrivateNetworks: true, verifyEndpoint: false, expect: 'delivered' },
];

describe('SSRF policy through the Outbound Webhook node', () => {
	let server: TestHttpsServer;
	const lines: string[] = [];
	beforeAll(async () => {
		server = await startHttpsServer((_req, res) => reply(res, 200));
	});
	afterAll(async () => {
		await server.close();
		report('ssrf', `${CASES.length} policies against a loopback endpoint`, lines);
	});

	test.each(CASES.map((c) => [c.label, c] as const))('%s', async (_label, c) => {
		const before = server.requests.length;
		const origin = c.host === 'literal' ? server.origin : `https://localhost:${server.port}`;
		const result: RunResult = await withEnv(c.env, () =>
			runWorkflow(
				outboundWorkflow([{ n: 1 }], {
					url: `${origin}/hook`,
					options: { caCertificate: server.cert, verifyEndpoint: c.verifyEndpoint, blockPrivateNetworks: c.blockPrivateNetworks ?? false, maxRetries: 2, retryInterval: 0.01, timeout: 2000 },
				}),
			),
		);
		const reached = server.requests.length - before;
		const error = result.nodeError('Webhook');
		const [delivered, failed] = result.outputs('Webhook');
		if (c.expect === 'delivered') {
			expect(error).toBeUndefined();
			expect(delivered).toHaveLength(1);
			lines.push(`${c.label.padEnd(72)} -> Delivered (${reached} requests reached the endpoint)`);
			return;
		}
		expect(reached).toBe(0);
		const message = error?.message ?? String(((failed?.[0]?.json.error ?? {}) as IDataObject).message ?? '');
		expect(message).toMatch(/Refused to connect to .*(blocked by|matches)/);
		if (!c.verifyEndpoint) {
			// A refusal is final: no retries.
			expect(failed[0].json.attempts).toHaveLength(1);
			expect(failed[0].json.error).toMatchObject({ code: 'BLOCKED_ADDRESS' });
		}
		lines.push(`${c.label.padEnd(72)} -> refused, 0 connections: ${message.replace(/^The test call \(HEAD\) to \S+ failed: /, 'test call: ')}`);
	});
});

/**
 * IPv6 literals that carry a loopback IPv4 (IPv4-compatible, SIIT, Teredo with the client address
 * inverted, RFC 4380): refused by both policies before any connection, naming the IPv4 they carry.
 * Before, none of the three prefixes was judged by its IPv4, and the node tried to connect.
 */
describe('SSRF: IPv6 literals carrying a loopback IPv4, through the node', () => {
	const LITERALS = ['[::127.0.0.1]', '[::ffff:0:7f00:1]', '[2001:0:4136:e378:8000:63bf:80ff:fffe]'];
	const POLICIES: Array<[string, Record<string, string>, boolean]> = [
		['N8N_SSRF_PROTECTION_ENABLED=true', { N8N_SSRF_PROTECTION_ENABLED: 'true' }, false],
		['option Block Private Network Targets', {}, true],
	];
	const lines: string[] = [];
	afterAll(() => report('ssrf', 'IPv6 literals carrying 127.0.0.1', lines));

	test.each(POLICIES.flatMap(([label, env, option]) => LITERALS.map((host) => [label, host, env, option] as const)))('%s refuses https://%s', async (label, host, env, option) => {
		const result = await withEnv(env, () =>
			runWorkflow(
				outboundWorkflow([{ n: 1 }], { url: `https://${host}:8443/hook`, options: { verifyEndpoint: false, blockPrivateNetworks: option, maxRetries: 2, retryInterval: 0.01, timeout: 1000 } }, { onError: 'continueRegularOutput' }),
			),
		);
		const [delivered, failed] = result.outputs('Webhook');
		expect(delivered).toHaveLength(0);
		expect(failed[0].json.error).toMatchObject({ code: 'BLOCKED_ADDRESS', message: expect.stringContaining('carries 127.0.0.1') });
		expect(failed[0].json.attempts).toHaveLength(1);
		lines.push(`${label.padEnd(40)} https://${host} -> ${String((failed[0].json.error as IDataObject).message).slice(0, 110)}`);
	});
});
