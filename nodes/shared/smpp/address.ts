/**
 * Phone numbers and sender names as SMPP addresses (SMPP 3.4 §5.2.5 TON, §5.2.6 NPI, §5.2.8–9:
 * source_addr and destination_addr are C-octet strings of at most 20 characters plus the NUL).
 */

export const TON_UNKNOWN = 0;
export const TON_INTERNATIONAL = 1;
export const TON_ALPHANUMERIC = 5;
export const NPI_UNKNOWN = 0;
export const NPI_ISDN = 1;

const MAX_ADDRESS_LENGTH = 20;
/** E.164 allows 15 digits; a number this long or longer without `+` is taken as international. */
const MIN_INTERNATIONAL_DIGITS = 10;

export interface SmppAddress {
	addr: string;
	ton: number;
	npi: number;
}

export interface AddressDefaults {
	ton?: number;
	npi?: number;
}

/**
 * The address as SMPP carries it. `+4477…` and long digit strings are international numbers (the
 * `+` dropped), short digit strings are of unknown type (short codes), anything else is an
 * alphanumeric sender. Credential defaults, when set, win over the guess.
 * @throws RangeError when the address is empty, too long or not printable ASCII
 */
export function toSmppAddress(raw: string, defaults: AddressDefaults = {}): SmppAddress {
	const value = raw.trim();
	const international = /^\+\d+$/.test(value) || (/^\d+$/.test(value) && value.length >= MIN_INTERNATIONAL_DIGITS);
	const addr = /^\+\d+$/.test(value) ? value.slice(1) : value;
	if (!addr) throw new RangeError('The address is empty');
	if (!/^[\x20-\x7e]+$/.test(addr)) throw new RangeError(`The address "${addr}" has characters SMPP cannot carry (printable ASCII only)`);
	if (addr.length > MAX_ADDRESS_LENGTH) throw new RangeError(`The address "${addr}" is longer than ${MAX_ADDRESS_LENGTH} characters`);
	const guess: SmppAddress = /^\d+$/.test(addr)
		? { addr, ton: international ? TON_INTERNATIONAL : TON_UNKNOWN, npi: NPI_ISDN }
		: { addr, ton: TON_ALPHANUMERIC, npi: NPI_UNKNOWN };
	return { addr, ton: defaults.ton ?? guess.ton, npi: defaults.npi ?? guess.npi };
}
