import { BlockList, isIP } from 'node:net';

/**
 * IP ranges and IP parsing for the SSRF guard (see ssrf.ts). Plain data and pure functions.
 */

/** A named range: `label` says in words what the range is, for refusal messages. */
export interface NamedRange {
	cidr: string;
	label: string;
}

/**
 * What n8n's `N8N_SSRF_BLOCKED_IP_RANGES` keyword `default` expands to (n8n 2.x
 * `SSRF_DEFAULT_BLOCKED_IP_RANGES`: RFC 1918, loopback, link-local, IPv6 unique local, reserved),
 * in n8n's order, plus `::/128`: Linux connects the unspecified address to the local host, so leaving
 * it out would let `https://[::]/` reach loopback services. IPv4-mapped IPv6 addresses
 * (`::ffff:10.0.0.1`) are checked against the IPv4 ranges, so the list needs no mapped entries.
 */
export const N8N_DEFAULT_BLOCKED_RANGES: readonly NamedRange[] = Object.freeze([
	{ cidr: '10.0.0.0/8', label: 'private network, RFC 1918' },
	{ cidr: '172.16.0.0/12', label: 'private network, RFC 1918' },
	{ cidr: '192.168.0.0/16', label: 'private network, RFC 1918' },
	{ cidr: '127.0.0.0/8', label: 'loopback' },
	{ cidr: '::1/128', label: 'loopback' },
	{ cidr: '169.254.0.0/16', label: 'link-local, cloud metadata' },
	{ cidr: 'fe80::/10', label: 'link-local' },
	{ cidr: 'fc00::/7', label: 'unique local, RFC 4193' },
	{ cidr: 'fd00::/8', label: 'unique local, RFC 4193' },
	{ cidr: '0.0.0.0/8', label: '"this network", RFC 791' },
	{ cidr: '192.0.0.0/24', label: 'IETF protocol assignments, RFC 6890' },
	{ cidr: '192.0.2.0/24', label: 'documentation TEST-NET-1, RFC 5737' },
	{ cidr: '198.18.0.0/15', label: 'benchmarking, RFC 2544' },
	{ cidr: '198.51.100.0/24', label: 'documentation TEST-NET-2, RFC 5737' },
	{ cidr: '203.0.113.0/24', label: 'documentation TEST-NET-3, RFC 5737' },
	{ cidr: '::/128', label: 'unspecified address, reaches the local host' },
]);

/**
 * The node option "Block private network targets": every range of the IANA IPv4 and IPv6
 * Special-Purpose Address Registries (RFC 6890) that is not globally reachable, plus multicast.
 * A superset of n8n's default list.
 */
export const PRIVATE_NETWORK_RANGES: readonly NamedRange[] = Object.freeze([
	...N8N_DEFAULT_BLOCKED_RANGES.filter(({ cidr }) => cidr !== 'fd00::/8'),
	{ cidr: '100.64.0.0/10', label: 'carrier-grade NAT shared space, RFC 6598' },
	{ cidr: '192.88.99.0/24', label: '6to4 relay anycast, RFC 7526' },
	{ cidr: '224.0.0.0/4', label: 'multicast' },
	{ cidr: '240.0.0.0/4', label: 'reserved, broadcast' },
	{ cidr: '64:ff9b:1::/48', label: 'local-use NAT64, RFC 8215' },
	{ cidr: '100::/64', label: 'discard-only, RFC 6666' },
	{ cidr: '2001:2::/48', label: 'benchmarking, RFC 5180' },
	{ cidr: '2001:db8::/32', label: 'documentation, RFC 3849' },
	{ cidr: '3fff::/20', label: 'documentation, RFC 9637' },
	{ cidr: 'fec0::/10', label: 'site-local, deprecated, RFC 3879' },
	{ cidr: 'ff00::/8', label: 'multicast' },
]);

export type IpFamily = 'ipv4' | 'ipv6';

/** One parsed range, ready to test addresses against. */
export interface IpRange {
	cidr: string;
	list: BlockList;
}

const familyOf = (address: string): IpFamily | undefined => {
	const version = isIP(address);
	return version === 4 ? 'ipv4' : version === 6 ? 'ipv6' : undefined;
};

/**
 * Parses `a.b.c.d/n`, `v6::/n` or a bare address (one host). Returns undefined for anything else,
 * so the caller can report the entry (n8n skips invalid entries with a warning; so do we).
 */
export const parseRange = (entry: string): IpRange | undefined => {
	const [address, prefixText, ...rest] = entry.trim().split('/');
	if (rest.length > 0 || address === undefined) return undefined;
	const family = familyOf(address);
	if (!family || address.includes('%')) return undefined;
	const maxPrefix = family === 'ipv4' ? 32 : 128;
	if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
	const prefix = prefixText === undefined ? maxPrefix : Number(prefixText);
	if (prefix > maxPrefix) return undefined;
	const list = new BlockList();
	list.addSubnet(address, prefix, family);
	return { cidr: `${address}/${prefix}`, list };
};

/** Strips URL brackets and an IPv6 zone id (`fe80::1%eth0`); returns the family or undefined. */
export const normaliseAddress = (raw: string): { address: string; family: IpFamily } | undefined => {
	let address = raw.trim();
	if (address.startsWith('[') && address.endsWith(']')) address = address.slice(1, -1);
	const zone = address.indexOf('%');
	if (zone >= 0) address = address.slice(0, zone);
	const family = familyOf(address);
	return family ? { address: address.toLowerCase(), family } : undefined;
};

/** The 16 bytes of an IPv6 address (dotted IPv4 tail allowed), or undefined. */
const ipv6Bytes = (address: string): number[] | undefined => {
	if (isIP(address) !== 6) return undefined;
	let text = address;
	const tail: number[] = [];
	const lastColon = text.lastIndexOf(':');
	if (text.slice(lastColon + 1).includes('.')) {
		tail.push(...text.slice(lastColon + 1).split('.').map(Number));
		text = `${text.slice(0, lastColon + 1)}0:0`;
	}
	const [head, back] = text.includes('::') ? text.split('::') : [text, undefined];
	const toGroups = (part: string | undefined) => (part ? part.split(':').filter((g) => g !== '') : []);
	const headGroups = toGroups(head);
	const backGroups = toGroups(back);
	const missing = 8 - headGroups.length - backGroups.length;
	const groups = [...headGroups, ...Array<string>(back === undefined ? 0 : missing).fill('0'), ...backGroups];
	if (groups.length !== 8) return undefined;
	const bytes = groups.flatMap((g) => {
		const value = parseInt(g, 16);
		return [value >> 8, value & 0xff];
	});
	if (tail.length === 4) bytes.splice(12, 4, ...tail);
	return bytes;
};

const startsWith = (bytes: number[], prefix: number[]) => prefix.every((b, i) => bytes[i] === b);
const dotted = (bytes: number[]) => bytes.join('.');

/** The IPv4 addresses `::` and `::1` would carry as IPv4-compatible addresses: they are the IPv6 unspecified and loopback addresses. */
const NOT_COMPATIBLE = new Set(['0.0.0.0', '0.0.0.1']);

/**
 * The IPv4 address an IPv6 address carries and that a connection to it would reach:
 * - IPv4-mapped `::ffff:a.b.c.d` (RFC 4291 §2.5.5.2);
 * - IPv4-compatible `::a.b.c.d`, `::/96` (RFC 4291 §2.5.5.1, deprecated but still routed by some stacks);
 * - SIIT IPv4-translated `::ffff:0:a.b.c.d`, `::ffff:0:0/96` (RFC 7915 / RFC 2765 §2.1);
 * - well-known NAT64 `64:ff9b::/96` (RFC 6052);
 * - 6to4 `2002::/16` (RFC 3056: the IPv4 in bits 16-47);
 * - Teredo `2001::/32` (RFC 4380 §4: the client's public IPv4 is the last 32 bits, inverted).
 * A network with a translator, a relay or a tunnel turns these into connections to the IPv4 address,
 * so the guard checks the embedded address against the IPv4 ranges as well.
 */
export const embeddedIpv4 = (address: string): string | undefined => {
	const bytes = ipv6Bytes(address);
	if (!bytes) return undefined;
	const tail = bytes.slice(12);
	if (startsWith(bytes, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff])) return dotted(tail);
	if (startsWith(bytes, [0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0])) return dotted(tail);
	if (startsWith(bytes, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])) return NOT_COMPATIBLE.has(dotted(tail)) ? undefined : dotted(tail);
	if (startsWith(bytes, [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0])) return dotted(tail);
	if (startsWith(bytes, [0x20, 0x02])) return dotted(bytes.slice(2, 6));
	if (startsWith(bytes, [0x20, 0x01, 0, 0])) return dotted(tail.map((b) => b ^ 0xff));
	return undefined;
};
