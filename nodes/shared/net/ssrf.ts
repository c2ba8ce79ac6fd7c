import * as dns from 'node:dns';
import type { LookupAddress, LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';

import { WebhookError } from '../errors';
import {
	N8N_DEFAULT_BLOCKED_RANGES,
	PRIVATE_NETWORK_RANGES,
	embeddedIpv4,
	normaliseAddress,
	parseRange,
	type IpRange,
	type NamedRange,
} from './ssrf-ranges';
import { matchHostname, normaliseHostname } from './hostname';

/**
 * SSRF guard for deliveries and test calls: the same policy n8n 2.x applies to its own HTTP helpers
 * (docs.n8n.io, "SSRF protection environment variables"), plus the node option "Block private
 * network targets". n8n's order of evaluation, first match wins:
 *   1. hostname in N8N_SSRF_ALLOWED_HOSTNAMES       → allowed (no IP check)
 *   2. hostname in N8N_SSRF_BLOCKED_HOSTNAMES       → refused, before any DNS query
 *   3. address in N8N_SSRF_ALLOWED_IP_RANGES        → allowed
 *   4. address in a blocked range                   → refused
 *   5. otherwise                                    → allowed
 * The env lists apply only when N8N_SSRF_PROTECTION_ENABLED is true (as in n8n). The node option adds
 * PRIVATE_NETWORK_RANGES to the blocked ranges whether or not the env is set; when both are on, the
 * admin's allow lists still win, as they do over n8n's own list.
 *
 * The check runs on the addresses a connection will use: `guardedLookup` replaces the socket's DNS
 * lookup, so the socket connects to exactly the addresses that passed (DNS rebinding gets no second
 * answer). IP-literal hosts never reach a lookup function, so `checkUrlHost` covers them.
 */

export const SSRF_ENV = {
	enabled: 'N8N_SSRF_PROTECTION_ENABLED',
	blockedRanges: 'N8N_SSRF_BLOCKED_IP_RANGES',
	allowedRanges: 'N8N_SSRF_ALLOWED_IP_RANGES',
	allowedHostnames: 'N8N_SSRF_ALLOWED_HOSTNAMES',
	blockedHostnames: 'N8N_SSRF_BLOCKED_HOSTNAMES',
} as const;

/** Where a rule came from, as shown in refusals. */
export type RuleSource =
	| typeof SSRF_ENV.blockedRanges
	| typeof SSRF_ENV.blockedHostnames
	| 'Block Private Network Targets'
	| 'invalid address';

interface Rule extends IpRange {
	/** What the refusal message shows, e.g. `10.0.0.0/8 (private network (RFC 1918))`. */
	name: string;
	source: RuleSource;
}

export interface SsrfPolicy {
	/** False when neither the env nor the node option asks for protection: everything passes. */
	readonly active: boolean;
	readonly blocked: readonly Rule[];
	readonly allowed: readonly IpRange[];
	readonly allowedHostnames: readonly string[];
	readonly blockedHostnames: readonly string[];
	/** Entries that were skipped because they are not ranges (n8n logs and skips them too). */
	readonly issues: readonly string[];
}

export type AddressVerdict =
	| { allowed: true }
	| { allowed: false; rule: string; source: RuleSource; address: string; hostname?: string };

const csv = (value: string | undefined) =>
	(value ?? '')
		.split(',')
		.map((entry) => entry.trim())
		.filter((entry) => entry.length > 0);

const isTrue = (value: string | undefined) => ['true', '1'].includes((value ?? '').trim().toLowerCase());

export const EMPTY_POLICY: SsrfPolicy = Object.freeze({
	active: false,
	blocked: [],
	allowed: [],
	allowedHostnames: [],
	blockedHostnames: [],
	issues: [],
});

/**
 * Builds the policy from n8n's environment variables and the node option. Unset
 * N8N_SSRF_BLOCKED_IP_RANGES means `default`; `default` (any case) in the list expands to n8n's
 * built-in ranges and may be combined with more (`default,100.64.0.0/10`). As in n8n, a set but
 * empty list blocks no range.
 */
export const policyFromEnv = (
	env: Record<string, string | undefined>,
	options: { blockPrivateNetworks: boolean },
): SsrfPolicy => {
	const envEnabled = isTrue(env[SSRF_ENV.enabled]);
	if (!envEnabled && !options.blockPrivateNetworks) return EMPTY_POLICY;

	const issues: string[] = [];
	const blocked: Rule[] = [];
	const seen = new Set<string>();
	const addRule = (entry: string, label: string | undefined, source: RuleSource, variable: string) => {
		const range = parseRange(entry);
		if (!range) {
			issues.push(`Invalid value '${entry}' in ${variable}: not an IP address or CIDR range`);
			return;
		}
		const key = `${source}|${range.cidr}`;
		if (seen.has(key)) return;
		seen.add(key);
		blocked.push({ ...range, source, name: label ? `${range.cidr} (${label})` : range.cidr });
	};

	let allowed: IpRange[] = [];
	let allowedHostnames: string[] = [];
	let blockedHostnames: string[] = [];
	if (envEnabled) {
		const rawBlocked = env[SSRF_ENV.blockedRanges];
		const entries = rawBlocked === undefined ? ['default'] : csv(rawBlocked);
		for (const entry of entries) {
			if (entry.toLowerCase() === 'default') {
				for (const range of N8N_DEFAULT_BLOCKED_RANGES) addRule(range.cidr, range.label, SSRF_ENV.blockedRanges, SSRF_ENV.blockedRanges);
			} else {
				addRule(entry, undefined, SSRF_ENV.blockedRanges, SSRF_ENV.blockedRanges);
			}
		}
		allowed = csv(env[SSRF_ENV.allowedRanges]).flatMap((entry) => {
			const range = parseRange(entry);
			if (!range) issues.push(`Invalid value '${entry}' in ${SSRF_ENV.allowedRanges}: not an IP address or CIDR range`);
			return range ? [range] : [];
		});
		allowedHostnames = csv(env[SSRF_ENV.allowedHostnames]).map(normaliseHostname);
		blockedHostnames = csv(env[SSRF_ENV.blockedHostnames]).map(normaliseHostname);
	}
	if (options.blockPrivateNetworks) {
		for (const range of PRIVATE_NETWORK_RANGES as readonly NamedRange[]) {
			addRule(range.cidr, range.label, 'Block Private Network Targets', 'the private network list');
		}
	}
	return { active: true, blocked, allowed, allowedHostnames, blockedHostnames, issues };
};

const inRange = (range: IpRange, address: string, family: 'ipv4' | 'ipv6') => range.list.check(address, family);

/**
 * Decides whether a connection to `address` (reached through `hostname`, when there is one) is
 * allowed. Addresses an IPv6 address embeds (mapped, compatible, SIIT, NAT64, 6to4, Teredo) are checked too.
 */
export const checkAddress = (policy: SsrfPolicy, address: string, hostname?: string): AddressVerdict => {
	if (!policy.active) return { allowed: true };
	if (matchHostname(policy.allowedHostnames, hostname)) return { allowed: true };
	const blockedName = matchHostname(policy.blockedHostnames, hostname);
	if (blockedName) {
		return { allowed: false, rule: blockedName, source: SSRF_ENV.blockedHostnames, address, hostname };
	}
	const normal = normaliseAddress(address);
	if (!normal) return { allowed: false, rule: 'not an IP address', source: 'invalid address', address, hostname };
	const candidates: Array<[string, 'ipv4' | 'ipv6']> = [[normal.address, normal.family]];
	const embedded = normal.family === 'ipv6' ? embeddedIpv4(normal.address) : undefined;
	if (embedded) candidates.push([embedded, 'ipv4']);

	if (policy.allowed.some((range) => candidates.some(([a, f]) => inRange(range, a, f)))) return { allowed: true };
	for (const rule of policy.blocked) {
		if (candidates.some(([a, f]) => inRange(rule, a, f))) {
			const shown = embedded ? `${address} (carries ${embedded})` : address;
			return { allowed: false, rule: rule.name, source: rule.source, address: shown, hostname };
		}
	}
	return { allowed: true };
};

/** The error for a refusal: says which rule refused which address, and what an admin can change. */
export const blockedAddressError = (verdict: Extract<AddressVerdict, { allowed: false }>): WebhookError => {
	const target = verdict.hostname && normaliseHostname(verdict.hostname) !== verdict.address
		? `${verdict.hostname} (${verdict.address})`
		: verdict.address;
	const byName = verdict.source === SSRF_ENV.blockedHostnames;
	const message = byName
		? `Refused to connect to ${verdict.hostname}: the hostname matches '${verdict.rule}' in ${verdict.source}`
		: `Refused to connect to ${target}: address blocked by ${verdict.rule} from ${verdict.source}`;
	const hint =
		verdict.source === 'Block Private Network Targets'
			? 'The node option "Block Private Network Targets" refuses private and reserved addresses. Use a public endpoint, or turn the option off if this target is intended.'
			: `Ask your n8n administrator to add the target to ${SSRF_ENV.allowedRanges} or ${SSRF_ENV.allowedHostnames} if it is intended.`;
	return new WebhookError('BLOCKED_ADDRESS', message, {
		hint,
		data: { address: verdict.address, hostname: verdict.hostname, rule: verdict.rule, source: verdict.source },
	});
};

/** True for a refusal by this guard, also when a client wrapped it (`cause` chain). */
export const isBlockedAddressError = (error: unknown): error is WebhookError => {
	for (let current = error, depth = 0; current && depth < 5; depth++) {
		if (current instanceof WebhookError && current.code === 'BLOCKED_ADDRESS') return true;
		current = (current as { cause?: unknown }).cause;
	}
	return false;
};

/**
 * For the host of a URL before connecting: refuses a blocked hostname and a blocked IP literal
 * (sockets do not call a lookup function for IP literals). A name that needs DNS passes here and is
 * checked by `guardedLookup` on the addresses it resolves to. Throws WebhookError BLOCKED_ADDRESS.
 */
export const checkUrlHost = (policy: SsrfPolicy, url: string | URL): void => {
	if (!policy.active) return;
	const { hostname } = typeof url === 'string' ? new URL(url) : url;
	if (matchHostname(policy.allowedHostnames, hostname)) return;
	const blockedName = matchHostname(policy.blockedHostnames, hostname);
	if (blockedName) {
		throw blockedAddressError({ allowed: false, rule: blockedName, source: SSRF_ENV.blockedHostnames, address: hostname, hostname });
	}
	const literal = normaliseAddress(hostname);
	if (!literal) return;
	const verdict = checkAddress(policy, literal.address);
	if (!verdict.allowed) throw blockedAddressError(verdict);
};

type LookupCallback = Parameters<LookupFunction>[2];

/**
 * A drop-in `lookup` for net/tls/undici connect options: resolves with `baseLookup`, then refuses
 * the whole answer if any address is blocked (as n8n does: a name that mixes public and private
 * addresses is refused, whichever one the socket would try first). Supports `all: true`, which
 * sockets use for happy eyeballs. A blocked hostname is refused without a DNS query.
 */
export const guardedLookup = (
	policy: SsrfPolicy,
	baseLookup: LookupFunction = dns.lookup as unknown as LookupFunction,
): LookupFunction => {
	if (!policy.active) return baseLookup;
	return (hostname: string, options: LookupOptions, callback: LookupCallback) => {
		const fail = (error: Error) => (options.all ? callback(error, []) : callback(error, ''));
		if (!matchHostname(policy.allowedHostnames, hostname)) {
			const blockedName = matchHostname(policy.blockedHostnames, hostname);
			if (blockedName) {
				const verdict = { allowed: false as const, rule: blockedName, source: SSRF_ENV.blockedHostnames, address: hostname, hostname };
				process.nextTick(() => fail(blockedAddressError(verdict)));
				return;
			}
		}
		baseLookup(hostname, options, (error, address, family) => {
			if (error) {
				callback(error, address, family);
				return;
			}
			const addresses: LookupAddress[] = Array.isArray(address)
				? address
				: [{ address, family: family ?? (address.includes(':') ? 6 : 4) }];
			for (const entry of addresses) {
				const verdict = checkAddress(policy, entry.address, hostname);
				if (!verdict.allowed) {
					fail(blockedAddressError(verdict));
					return;
				}
			}
			if (addresses.length === 0) {
				fail(Object.assign(new Error(`DNS lookup of ${hostname} returned no address`), { code: 'ENOTFOUND' }));
				return;
			}
			if (options.all) callback(null, addresses);
			else callback(null, addresses[0].address, addresses[0].family);
		});
	};
};
