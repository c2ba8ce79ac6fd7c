import type { LookupAddress, LookupOptions } from 'node:dns';
import * as net from 'node:net';

import { WebhookError } from '../../../nodes/shared/errors';
import {
	checkAddress,
	checkUrlHost,
	guardedLookup,
	isBlockedAddressError,
	policyFromEnv,
	type AddressVerdict,
	type SsrfPolicy,
} from '../../../nodes/shared/net/ssrf';
import { N8N_DEFAULT_BLOCKED_RANGES, PRIVATE_NETWORK_RANGES, embeddedIpv4 } from '../../../nodes/shared/net/ssrf-ranges';

const ENABLED = { N8N_SSRF_PROTECTION_ENABLED: 'true' };
const envPolicy = (extra: Record<string, string> = {}) => policyFromEnv({ ...ENABLED, ...extra }, { blockPrivateNetworks: false });
const privatePolicy = (env: Record<string, string> = {}) => policyFromEnv(env, { blockPrivateNetworks: true });

const refusal = (verdict: AddressVerdict) => {
	if (verdict.allowed) throw new Error('expected a refusal, got allowed');
	return verdict;
};

/** The first address of a range (the network address), e.g. `10.0.0.0/8` → `10.0.0.0`. */
const firstAddress = (cidr: string) => cidr.split('/')[0];

const PUBLIC = ['8.8.8.8', '1.1.1.1', '93.184.216.34', '2606:4700:4700::1111', '2a00:1450:4001:80b::200e', '::ffff:8.8.8.8'];

describe('policyFromEnv', () => {
	test('protection off and option off: every address passes', () => {
		const policy = policyFromEnv({}, { blockPrivateNetworks: false });
		expect(policy.active).toBe(false);
		expect(checkAddress(policy, '127.0.0.1')).toEqual({ allowed: true });
		expect(checkAddress(policy, '169.254.169.254')).toEqual({ allowed: true });
	});

	test.each(['true', 'TRUE', ' true ', '1'])('N8N_SSRF_PROTECTION_ENABLED=%p turns protection on', (value) => {
		expect(policyFromEnv({ N8N_SSRF_PROTECTION_ENABLED: value }, { blockPrivateNetworks: false }).active).toBe(true);
	});

	test.each(['false', '0', '', 'yes'])('N8N_SSRF_PROTECTION_ENABLED=%p leaves it off', (value) => {
		expect(policyFromEnv({ N8N_SSRF_PROTECTION_ENABLED: value }, { blockPrivateNetworks: false }).active).toBe(false);
	});

	test('env lists are ignored while protection is off (as in n8n)', () => {
		const policy = policyFromEnv({ N8N_SSRF_BLOCKED_IP_RANGES: '8.8.8.0/24' }, { blockPrivateNetworks: false });
		expect(checkAddress(policy, '8.8.8.8')).toEqual({ allowed: true });
	});

	test('unset N8N_SSRF_BLOCKED_IP_RANGES means the default list', () => {
		const policy = envPolicy();
		expect(policy.blocked.map((r) => r.cidr)).toEqual(N8N_DEFAULT_BLOCKED_RANGES.map((r) => r.cidr));
	});

	test('`default` expands in place, any case, and combines with more ranges', () => {
		const policy = envPolicy({ N8N_SSRF_BLOCKED_IP_RANGES: 'DEFAULT, 100.64.0.0/10' });
		expect(refusal(checkAddress(policy, '100.64.1.1')).rule).toBe('100.64.0.0/10');
		expect(refusal(checkAddress(policy, '10.1.2.3')).rule).toMatch(/^10\.0\.0\.0\/8/);
	});

	test('a list without `default` replaces it', () => {
		const policy = envPolicy({ N8N_SSRF_BLOCKED_IP_RANGES: '100.64.0.0/10' });
		expect(checkAddress(policy, '10.1.2.3')).toEqual({ allowed: true });
		expect(checkAddress(policy, '100.64.0.1').allowed).toBe(false);
	});

	test('a set but empty list blocks no range (as in n8n)', () => {
		expect(checkAddress(envPolicy({ N8N_SSRF_BLOCKED_IP_RANGES: '' }), '127.0.0.1')).toEqual({ allowed: true });
	});

	test('invalid entries are skipped and reported in issues; valid ones still apply', () => {
		const policy = envPolicy({
			N8N_SSRF_BLOCKED_IP_RANGES: '10.0.0.0/33,not-a-range,8.8.8.0/24,1.2.3.4/8/9',
			N8N_SSRF_ALLOWED_IP_RANGES: 'bogus',
		});
		expect(policy.issues).toHaveLength(4);
		expect(policy.issues[0]).toContain("'10.0.0.0/33' in N8N_SSRF_BLOCKED_IP_RANGES");
		expect(checkAddress(policy, '8.8.8.8').allowed).toBe(false);
		expect(checkAddress(policy, '10.0.0.1')).toEqual({ allowed: true });
	});

	test('a bare address is a one-host range', () => {
		const policy = envPolicy({ N8N_SSRF_BLOCKED_IP_RANGES: '203.0.113.7,2001:db8::1' });
		expect(checkAddress(policy, '203.0.113.7').allowed).toBe(false);
		expect(checkAddress(policy, '203.0.113.8').allowed).toBe(true);
		expect(checkAddress(policy, '2001:db8::1').allowed).toBe(false);
		expect(checkAddress(policy, '2001:db8::2').allowed).toBe(true);
	});
});

describe('checkAddress with n8n default ranges', () => {
	const policy = envPolicy({ N8N_SSRF_BLOCKED_IP_RANGES: 'default' });

	test.each(N8N_DEFAULT_BLOCKED_RANGES.map((r) => [r.cidr]))('refuses the first address of %s', (cidr) => {
		const verdict = refusal(checkAddress(policy, firstAddress(cidr)));
		expect(verdict.source).toBe('N8N_SSRF_BLOCKED_IP_RANGES');
	});

	test.each([
		['10.255.255.255', '10.0.0.0/8'],
		['172.16.0.0', '172.16.0.0/12'],
		['172.31.255.255', '172.16.0.0/12'],
		['192.168.1.1', '192.168.0.0/16'],
		['127.0.0.1', '127.0.0.0/8'],
		['127.255.255.254', '127.0.0.0/8'],
		['::1', '::1/128'],
		['169.254.169.254', '169.254.0.0/16'],
		['fe80::1', 'fe80::/10'],
		['fe80::1%eth0', 'fe80::/10'],
		['febf:ffff::1', 'fe80::/10'],
		['fc00::1', 'fc00::/7'],
		['fd12:3456::1', 'fc00::/7'],
		['0.0.0.0', '0.0.0.0/8'],
		['::', '::/128'],
		['192.0.0.8', '192.0.0.0/24'],
		['192.0.2.1', '192.0.2.0/24'],
		['198.19.255.255', '198.18.0.0/15'],
		['198.51.100.20', '198.51.100.0/24'],
		['203.0.113.200', '203.0.113.0/24'],
	])('refuses %s under %s and names the range', (address, cidr) => {
		const verdict = refusal(checkAddress(policy, address));
		expect(verdict.rule.startsWith(`${cidr} (`)).toBe(true);
	});

	test.each([...PUBLIC, '172.15.255.255', '172.32.0.0', '192.169.0.0', '11.0.0.0', '100.64.0.1', 'fe00::1'])(
		'allows %s',
		(address) => {
			expect(checkAddress(policy, address)).toEqual({ allowed: true });
		},
	);

	test('refuses what is not an IP address', () => {
		expect(refusal(checkAddress(policy, 'example.com')).source).toBe('invalid address');
	});
});

describe('IPv6 addresses that carry an IPv4 address', () => {
	const policy = envPolicy();

	test.each([
		['::ffff:127.0.0.1', '127.0.0.0/8'],
		['::ffff:7f00:1', '127.0.0.0/8'],
		['[::ffff:7f00:1]', '127.0.0.0/8'],
		['::FFFF:10.0.0.1', '10.0.0.0/8'],
		['::ffff:a9fe:a9fe', '169.254.0.0/16'],
		['0:0:0:0:0:ffff:c0a8:0101', '192.168.0.0/16'],
		['64:ff9b::a00:1', '10.0.0.0/8'],
		['64:ff9b::169.254.169.254', '169.254.0.0/16'],
		['2002:c0a8:101::1', '192.168.0.0/16'],
	])('refuses %s under %s', (address, cidr) => {
		const verdict = refusal(checkAddress(policy, address));
		expect(verdict.rule.startsWith(`${cidr} (`)).toBe(true);
	});

	test('the refusal shows the embedded address', () => {
		expect(refusal(checkAddress(policy, '64:ff9b::a00:1')).address).toBe('64:ff9b::a00:1 (carries 10.0.0.1)');
	});

	test.each(['::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1'])('allows %s (public IPv4 inside)', (address) => {
		expect(checkAddress(policy, address)).toEqual({ allowed: true });
	});

	test.each([
		['::ffff:1.2.3.4', '1.2.3.4'],
		['::ffff:0102:0304', '1.2.3.4'],
		['64:ff9b::0102:0304', '1.2.3.4'],
		['2002:0102:0304::', '1.2.3.4'],
		['2001:db8::1', undefined],
		['::1', undefined],
	])('embeddedIpv4(%p) = %p', (address, expected) => {
		expect(embeddedIpv4(address)).toBe(expected);
	});
});

describe('"Block private network targets" without the env', () => {
	const policy = privatePolicy();

	test.each(PRIVATE_NETWORK_RANGES.map((r) => [r.cidr]))('refuses the first address of %s', (cidr) => {
		expect(refusal(checkAddress(policy, firstAddress(cidr))).source).toBe('Block Private Network Targets');
	});

	test.each([
		'100.64.0.1', // CGNAT
		'100.127.255.255',
		'224.0.0.1', // multicast
		'239.255.255.250',
		'255.255.255.255',
		'240.0.0.1',
		'ff02::1',
		'fec0::1',
		'2001:db8::1',
		'100::1',
		'::ffff:192.168.0.1',
		'::ffff:100.64.0.1',
	])('refuses %s', (address) => {
		expect(checkAddress(policy, address).allowed).toBe(false);
	});

	test.each(PUBLIC)('allows %s', (address) => {
		expect(checkAddress(policy, address)).toEqual({ allowed: true });
	});

	test('the allow lists in the env do not apply while the env protection is off', () => {
		const p = privatePolicy({ N8N_SSRF_ALLOWED_IP_RANGES: '127.0.0.1/32' });
		expect(checkAddress(p, '127.0.0.1').allowed).toBe(false);
	});

	test('with the env on, the admin allow lists win over the option too', () => {
		const p = privatePolicy({ ...ENABLED, N8N_SSRF_ALLOWED_IP_RANGES: '127.0.0.1/32', N8N_SSRF_ALLOWED_HOSTNAMES: 'cgnat.internal' });
		expect(checkAddress(p, '127.0.0.1')).toEqual({ allowed: true });
		expect(checkAddress(p, '100.64.0.9', 'cgnat.internal')).toEqual({ allowed: true });
		expect(refusal(checkAddress(p, '100.64.0.9')).source).toBe('Block Private Network Targets');
	});

	test('env blocked ranges and the option combine', () => {
		const p = privatePolicy({ ...ENABLED, N8N_SSRF_BLOCKED_IP_RANGES: '8.8.8.0/24' });
		expect(refusal(checkAddress(p, '8.8.8.8')).source).toBe('N8N_SSRF_BLOCKED_IP_RANGES');
		expect(refusal(checkAddress(p, '10.0.0.1')).source).toBe('Block Private Network Targets');
	});
});

describe('allow lists and hostnames (n8n precedence)', () => {
	test('N8N_SSRF_ALLOWED_IP_RANGES wins over the block list, only for the listed range', () => {
		const policy = envPolicy({ N8N_SSRF_ALLOWED_IP_RANGES: '127.0.0.1/32, 10.20.0.0/24' });
		expect(checkAddress(policy, '127.0.0.1')).toEqual({ allowed: true });
		expect(checkAddress(policy, '::ffff:127.0.0.1')).toEqual({ allowed: true });
		expect(checkAddress(policy, '10.20.0.77')).toEqual({ allowed: true });
		expect(checkAddress(policy, '127.0.0.2').allowed).toBe(false);
		expect(checkAddress(policy, '10.20.1.1').allowed).toBe(false);
	});

	test('an allowed hostname skips the IP check for that name only', () => {
		const policy = envPolicy({ N8N_SSRF_ALLOWED_HOSTNAMES: 'Hooks.Internal,*.svc.cluster.local' });
		expect(checkAddress(policy, '10.0.0.1', 'hooks.internal')).toEqual({ allowed: true });
		expect(checkAddress(policy, '10.0.0.1', 'HOOKS.INTERNAL.')).toEqual({ allowed: true });
		expect(checkAddress(policy, '10.0.0.1', 'a.b.svc.cluster.local')).toEqual({ allowed: true });
		expect(checkAddress(policy, '10.0.0.1', 'svc.cluster.local').allowed).toBe(false);
		expect(checkAddress(policy, '10.0.0.1', 'evilsvc.cluster.local').allowed).toBe(false);
		expect(checkAddress(policy, '10.0.0.1', 'hooks.internal.evil.com').allowed).toBe(false);
		expect(checkAddress(policy, '10.0.0.1').allowed).toBe(false);
	});

	test('a blocked hostname is refused whatever it resolves to; an allowed one wins', () => {
		const policy = envPolicy({ N8N_SSRF_BLOCKED_HOSTNAMES: 'example.com,*.example.com', N8N_SSRF_ALLOWED_HOSTNAMES: 'ok.example.com' });
		const verdict = refusal(checkAddress(policy, '93.184.216.34', 'www.example.com'));
		expect(verdict).toMatchObject({ rule: '*.example.com', source: 'N8N_SSRF_BLOCKED_HOSTNAMES' });
		expect(checkAddress(policy, '93.184.216.34', 'example.com').allowed).toBe(false);
		expect(checkAddress(policy, '93.184.216.34', 'ok.example.com')).toEqual({ allowed: true });
		expect(checkAddress(policy, '93.184.216.34', 'example.org')).toEqual({ allowed: true });
	});
});

describe('checkUrlHost (IP literals never reach a lookup function)', () => {
	const policy = envPolicy();
	const refusedBy = (p: SsrfPolicy, url: string) => {
		try {
			checkUrlHost(p, url);
		} catch (error) {
			return error as WebhookError;
		}
		throw new Error(`expected ${url} to be refused`);
	};

	test.each([
		'https://127.0.0.1/hook',
		'https://127.1/hook',
		'https://0x7f.0.0.1/hook',
		'https://2130706433/hook',
		'https://017700000001/hook',
		'https://[::1]:8443/hook',
		'https://[::ffff:127.0.0.1]/hook',
		'https://[::]/hook',
		'https://0.0.0.0/hook',
		'https://169.254.169.254/latest/meta-data',
		'https://[fe80::1]/',
	])('refuses %s before connecting', (url) => {
		const error = refusedBy(policy, url);
		expect(error).toBeInstanceOf(WebhookError);
		expect(error.code).toBe('BLOCKED_ADDRESS');
		expect(error.message).toMatch(/^Refused to connect to .+: address blocked by .+ from N8N_SSRF_BLOCKED_IP_RANGES$/);
		expect(error.hint).toContain('N8N_SSRF_ALLOWED_IP_RANGES');
		expect(isBlockedAddressError(new Error('wrapped', { cause: error }))).toBe(true);
	});

	test('the message names the rule and the address', () => {
		expect(refusedBy(policy, 'https://169.254.169.254/').message).toBe(
			'Refused to connect to 169.254.169.254: address blocked by 169.254.0.0/16 (link-local, cloud metadata) from N8N_SSRF_BLOCKED_IP_RANGES',
		);
	});

	test('a name that needs DNS passes here (guardedLookup checks what it resolves to)', () => {
		expect(() => checkUrlHost(policy, 'https://hooks.example.com/x')).not.toThrow();
		expect(() => checkUrlHost(policy, 'https://localhost/x')).not.toThrow();
	});

	test('public literals pass; an allowed literal passes', () => {
		expect(() => checkUrlHost(policy, 'https://8.8.8.8/')).not.toThrow();
		expect(() => checkUrlHost(policy, 'https://[2606:4700:4700::1111]/')).not.toThrow();
		expect(() => checkUrlHost(envPolicy({ N8N_SSRF_ALLOWED_IP_RANGES: '127.0.0.1' }), 'https://127.0.0.1:9/')).not.toThrow();
		expect(() => checkUrlHost(envPolicy({ N8N_SSRF_ALLOWED_HOSTNAMES: '127.0.0.1' }), 'https://127.0.0.1:9/')).not.toThrow();
	});

	test('a blocked hostname is refused by name', () => {
		const error = refusedBy(envPolicy({ N8N_SSRF_BLOCKED_HOSTNAMES: '*.corp' }), 'https://db.corp/x');
		expect(error.message).toBe("Refused to connect to db.corp: the hostname matches '*.corp' in N8N_SSRF_BLOCKED_HOSTNAMES");
	});

	test('the option refusal hint names the option', () => {
		const error = refusedBy(privatePolicy(), 'https://10.1.1.1/');
		expect(error.message).toContain('from Block Private Network Targets');
		expect(error.hint).toContain('Block Private Network Targets');
	});

	test('inactive policy: nothing is refused', () => {
		expect(() => checkUrlHost(policyFromEnv({}, { blockPrivateNetworks: false }), 'https://127.0.0.1/')).not.toThrow();
	});
});

/** A scripted resolver: answers from a table, counts queries. Never touches real DNS. */
const fakeResolver = (table: Record<string, string[] | (() => string[])>) => {
	const queries: string[] = [];
	const lookup: net.LookupFunction = (hostname, options, callback) => {
		queries.push(hostname);
		const entry = table[hostname];
		const addresses = typeof entry === 'function' ? entry() : entry;
		process.nextTick(() => {
			if (!addresses) {
				callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), options.all ? [] : '');
				return;
			}
			const list: LookupAddress[] = addresses.map((address) => ({ address, family: net.isIP(address) }));
			if (options.all) callback(null, list);
			else callback(null, list[0].address, list[0].family);
		});
	};
	return { lookup, queries };
};

const resolve = (lookup: net.LookupFunction, hostname: string, options: LookupOptions) =>
	new Promise<{ error: NodeJS.ErrnoException | null; address: string | LookupAddress[]; family?: number }>((done) => {
		lookup(hostname, options, (error, address, family) => done({ error, address, family }));
	});

describe('guardedLookup', () => {
	const table = {
		'public.test': ['93.184.216.34'],
		'metadata.test': ['169.254.169.254'],
		'mixed.test': ['93.184.216.34', '10.0.0.1'],
		'v6.test': ['2606:4700:4700::1111', '::ffff:10.0.0.1'],
		'loop.test': ['127.0.0.1'],
	};

	test('passes a public answer through, single and all', async () => {
		const { lookup } = fakeResolver(table);
		const guarded = guardedLookup(envPolicy(), lookup);
		expect(await resolve(guarded, 'public.test', {})).toEqual({ error: null, address: '93.184.216.34', family: 4 });
		expect(await resolve(guarded, 'public.test', { all: true })).toEqual({
			error: null,
			address: [{ address: '93.184.216.34', family: 4 }],
			family: undefined,
		});
	});

	test('refuses a blocked answer with the rule and address; no address reaches the socket', async () => {
		const { lookup } = fakeResolver(table);
		const guarded = guardedLookup(envPolicy(), lookup);
		const single = await resolve(guarded, 'metadata.test', {});
		expect(single.address).toBe('');
		expect(single.error).toBeInstanceOf(WebhookError);
		expect(single.error?.message).toBe(
			'Refused to connect to metadata.test (169.254.169.254): address blocked by 169.254.0.0/16 (link-local, cloud metadata) from N8N_SSRF_BLOCKED_IP_RANGES',
		);
		const all = await resolve(guarded, 'metadata.test', { all: true });
		expect(all.address).toEqual([]);
		expect((all.error as WebhookError).code).toBe('BLOCKED_ADDRESS');
	});

	test('refuses the whole answer when any address is blocked (all: true)', async () => {
		const { lookup } = fakeResolver(table);
		const guarded = guardedLookup(envPolicy(), lookup);
		expect((await resolve(guarded, 'mixed.test', { all: true })).error?.message).toContain('10.0.0.1');
		expect((await resolve(guarded, 'v6.test', { all: true })).error?.message).toContain('::ffff:10.0.0.1');
	});

	test('DNS rebinding: every lookup is checked, a second answer gets no pass from the first', async () => {
		const answers = [['93.184.216.34'], ['127.0.0.1']];
		const { lookup } = fakeResolver({ 'rebind.test': () => answers.shift() ?? [] });
		const guarded = guardedLookup(envPolicy(), lookup);
		expect((await resolve(guarded, 'rebind.test', {})).error).toBeNull();
		const second = await resolve(guarded, 'rebind.test', {});
		expect((second.error as WebhookError).code).toBe('BLOCKED_ADDRESS');
		expect(second.address).toBe('');
	});

	test('a blocked hostname is refused without a DNS query', async () => {
		const { lookup, queries } = fakeResolver(table);
		const guarded = guardedLookup(envPolicy({ N8N_SSRF_BLOCKED_HOSTNAMES: 'public.test' }), lookup);
		const result = await resolve(guarded, 'public.test', { all: true });
		expect((result.error as WebhookError).data.source).toBe('N8N_SSRF_BLOCKED_HOSTNAMES');
		expect(queries).toEqual([]);
	});

	test('an allowed hostname resolves to a blocked address and passes', async () => {
		const { lookup } = fakeResolver(table);
		const guarded = guardedLookup(envPolicy({ N8N_SSRF_ALLOWED_HOSTNAMES: 'loop.test' }), lookup);
		expect(await resolve(guarded, 'loop.test', {})).toMatchObject({ error: null, address: '127.0.0.1' });
	});

	test('DNS errors pass through unchanged', async () => {
		const { lookup } = fakeResolver(table);
		const result = await resolve(guardedLookup(envPolicy(), lookup), 'nx.test', {});
		expect(result.error?.code).toBe('ENOTFOUND');
	});

	test('inactive policy returns the base lookup itself', () => {
		const { lookup } = fakeResolver(table);
		expect(guardedLookup(policyFromEnv({}, { blockPrivateNetworks: false }), lookup)).toBe(lookup);
	});
});

describe('guardedLookup on a real socket (loopback only)', () => {
	let server: net.Server;
	let port = 0;
	let accepted = 0;

	beforeAll(async () => {
		server = net.createServer((socket) => {
			accepted += 1;
			socket.end();
		});
		await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
		port = (server.address() as net.AddressInfo).port;
	});
	afterAll(async () => {
		await new Promise<void>((done) => server.close(() => done()));
	});

	const connect = (lookup: net.LookupFunction, host: string, autoSelectFamily: boolean) =>
		new Promise<{ connected: boolean; error?: Error }>((done) => {
			const socket = net.connect({ host, port, lookup, autoSelectFamily });
			socket.once('connect', () => {
				socket.destroy();
				done({ connected: true });
			});
			socket.once('error', (error) => done({ connected: false, error }));
		});

	test.each([false, true])('refused name: the socket errors in lookup and never connects (autoSelectFamily %p)', async (autoSelectFamily) => {
		const { lookup } = fakeResolver({ 'loop.test': ['127.0.0.1'] });
		const before = accepted;
		const result = await connect(guardedLookup(envPolicy(), lookup), 'loop.test', autoSelectFamily);
		expect(result.connected).toBe(false);
		expect(isBlockedAddressError(result.error)).toBe(true);
		expect(accepted).toBe(before);
	});

	test.each([false, true])('allowed by N8N_SSRF_ALLOWED_IP_RANGES: connects (autoSelectFamily %p)', async (autoSelectFamily) => {
		const { lookup } = fakeResolver({ 'loop.test': ['127.0.0.1'] });
		const policy = envPolicy({ N8N_SSRF_ALLOWED_IP_RANGES: '127.0.0.1/32' });
		expect(await connect(guardedLookup(policy, lookup), 'loop.test', autoSelectFamily)).toEqual({ connected: true });
	});
});

/**
 * IPv4-compatible (RFC 4291 §2.5.5.1), SIIT IPv4-translated (RFC 7915, `::ffff:0:0/96`) and Teredo
 * (RFC 4380 §4: the client's IPv4 is the last 32 bits, each bit inverted) addresses are judged by the
 * IPv4 address they carry, under n8n's variables and under the node option alike. Before, all of
 * these passed both policies (none of the three prefixes is in either list).
 */
describe('IPv4-compatible, SIIT and Teredo addresses carry an IPv4 address', () => {
	// Teredo: 2001:0:<server IPv4>:<flags>:<port ^ 0xffff>:<client IPv4 ^ 0xffffffff>.
	// 127.0.0.1 ^ ff.ff.ff.ff = 80.ff.ff.fe; 10.0.0.1 → f5ff:fffe; 169.254.169.254 → 5601:5601.
	const CARRIERS: Array<[string, string, string]> = [
		['::127.0.0.1', '127.0.0.1', '127.0.0.0/8'],
		['::7f00:1', '127.0.0.1', '127.0.0.0/8'],
		['::a00:1', '10.0.0.1', '10.0.0.0/8'],
		['::169.254.169.254', '169.254.169.254', '169.254.0.0/16'],
		['::ffff:0:127.0.0.1', '127.0.0.1', '127.0.0.0/8'],
		['::ffff:0:7f00:1', '127.0.0.1', '127.0.0.0/8'],
		['::ffff:0:c0a8:101', '192.168.1.1', '192.168.0.0/16'],
		['2001:0:4136:e378:8000:63bf:80ff:fffe', '127.0.0.1', '127.0.0.0/8'],
		['2001::f5ff:fffe', '10.0.0.1', '10.0.0.0/8'],
		['2001:0:0:0:0:0:5601:5601', '169.254.169.254', '169.254.0.0/16'],
	];

	test.each(CARRIERS)('embeddedIpv4(%p) = %p', (address, ipv4) => {
		expect(embeddedIpv4(address)).toBe(ipv4);
	});

	test.each(CARRIERS)('N8N_SSRF_* (default list) refuses %s, which carries %s, under %s', (address, ipv4, cidr) => {
		const verdict = refusal(checkAddress(envPolicy(), address));
		expect(verdict.rule.startsWith(`${cidr} (`)).toBe(true);
		expect(verdict.address).toBe(`${address} (carries ${ipv4})`);
	});

	test.each(CARRIERS)('N8N_SSRF_BLOCKED_IP_RANGES with IPv4 ranges only refuses %s (carries %s)', (address, _ipv4, cidr) => {
		const policy = envPolicy({ N8N_SSRF_BLOCKED_IP_RANGES: cidr });
		expect(refusal(checkAddress(policy, address)).rule.startsWith(cidr)).toBe(true);
	});

	test.each(CARRIERS)('the option Block Private Network Targets refuses %s (carries %s)', (address) => {
		expect(refusal(checkAddress(privatePolicy(), address)).source).toBe('Block Private Network Targets');
	});

	test.each(CARRIERS)('checkUrlHost refuses the URL literal https://[%s]/', (address) => {
		expect(() => checkUrlHost(envPolicy(), new URL(`https://[${address}]/`))).toThrow(/Refused to connect/);
	});

	test.each([
		['::8.8.8.8', '8.8.8.8'],
		['::ffff:0:808:808', '8.8.8.8'],
		// Teredo with client 8.8.8.8 (f7f7:f7f7) behind the public server 65.54.227.120.
		['2001:0:4136:e378:8000:63bf:f7f7:f7f7', '8.8.8.8'],
	])('allows %s (carries the public %s) under both policies', (address, ipv4) => {
		expect(embeddedIpv4(address)).toBe(ipv4);
		expect(checkAddress(envPolicy(), address)).toEqual({ allowed: true });
		expect(checkAddress(privatePolicy(), address)).toEqual({ allowed: true });
	});

	test('N8N_SSRF_ALLOWED_IP_RANGES naming the carried IPv4 lets the carrier through', () => {
		const policy = envPolicy({ N8N_SSRF_ALLOWED_IP_RANGES: '127.0.0.1/32' });
		expect(checkAddress(policy, '::ffff:0:7f00:1')).toEqual({ allowed: true });
		expect(checkAddress(policy, '2001::80ff:fffe')).toEqual({ allowed: true });
	});
});
