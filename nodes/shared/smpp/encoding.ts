/**
 * Text → SMPP short messages. GSM 03.38 7-bit when every character is in the default alphabet or
 * its extension table, UCS-2 (UTF-16BE, so emoji travel as surrogate pairs) otherwise. Long texts are
 * split into concatenated parts carrying a User Data Header, or sent whole in `message_payload`.
 *
 * Sources: 3GPP TS 23.038 §6.2.1 (default alphabet) and §6.2.1.1 (extension table); 3GPP TS 23.040
 * §9.2.3.24.1 (concatenated short messages, 8-bit reference); SMPP 3.4 §5.2.19 (data_coding),
 * §5.2.12 (esm_class UDHI), §5.3.2.32 (message_payload).
 */

export type LongMessageMode = 'udh' | 'payload';
export type TextEncoding = 'gsm7' | 'ucs2';

/** SMPP 3.4 §5.2.19: 0x00 = SMSC default alphabet (GSM 03.38, one septet per octet on the wire). */
export const DATA_CODING_GSM7 = 0x00;
/** SMPP 3.4 §5.2.19: 0x08 = UCS2 (ISO/IEC-10646), sent as UTF-16 big-endian. */
export const DATA_CODING_UCS2 = 0x08;
/** SMPP 3.4 §5.2.12: the short message starts with a User Data Header. */
export const ESM_CLASS_UDHI = 0x40;

/** 3GPP TS 23.038 §6.2.1.1: the escape to the extension table. */
const GSM_ESCAPE = 0x1b;

/** 3GPP TS 23.038 §6.2.1, code points 0x00–0x7F in order (0x1B, the escape, is never looked up). */
const GSM_DEFAULT_ALPHABET =
	'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1BÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
	'¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

/** 3GPP TS 23.038 §6.2.1.1: characters reached through the escape, and their code after it. */
const GSM_EXTENSION_TABLE: ReadonlyArray<readonly [string, number]> = [
	['\f', 0x0a],
	['^', 0x14],
	['{', 0x28],
	['}', 0x29],
	['\\', 0x2f],
	['[', 0x3c],
	['~', 0x3d],
	[']', 0x3e],
	['|', 0x40],
	['€', 0x65],
];

const DEFAULT_CODES = new Map<string, number>(
	[...GSM_DEFAULT_ALPHABET].map((char, code) => [char, code] as const).filter(([, code]) => code !== GSM_ESCAPE),
);
const EXTENSION_CODES = new Map<string, number>(GSM_EXTENSION_TABLE);

/** Octets of one short_message without a header (3GPP TS 23.040 §9.2.3.24: 140 octets of user data). */
const USER_DATA_OCTETS = 140;
/** 140 octets hold 160 septets. */
const SINGLE_GSM7_SEPTETS = 160;
/** The concatenation header: UDHL 05, IEI 00 (8-bit reference), IEDL 03, reference, total, sequence. */
const CONCAT_UDH_OCTETS = 6;
/** (140 − 6) octets = 1072 bits → 153 septets (the header is padded to a septet boundary). */
const PART_GSM7_SEPTETS = 153;
const PART_UCS2_OCTETS = USER_DATA_OCTETS - CONCAT_UDH_OCTETS;
/** The sequence number and total are one octet each. */
export const MAX_PARTS = 255;
/** SMPP 3.4 §5.3.2.32: message_payload holds up to 64K octets. */
export const MAX_PAYLOAD_OCTETS = 65535;

/** True when the character is in the GSM 03.38 default alphabet or its extension table. */
export const isGsm7Char = (char: string) => DEFAULT_CODES.has(char) || EXTENSION_CODES.has(char);

/** True when the whole text can be sent as GSM 03.38 7-bit. */
export const fitsGsm7 = (text: string) => [...text].every(isGsm7Char);

/** One character's GSM 03.38 codes: one septet, or the escape and the extension code. */
function gsm7Codes(char: string): number[] {
	const code = DEFAULT_CODES.get(char);
	if (code !== undefined) return [code];
	const extension = EXTENSION_CODES.get(char);
	if (extension !== undefined) return [GSM_ESCAPE, extension];
	throw new RangeError(`Character U+${char.codePointAt(0)!.toString(16).toUpperCase()} is not in GSM 03.38`);
}

/**
 * The text as units that must stay together in one part: a GSM character (1 or 2 septets) or a
 * UCS-2 code point (2 octets, or 4 for a surrogate pair). Splitting only between units means an
 * escape sequence or an emoji's surrogate pair is never cut in half.
 */
function encodeUnits(text: string, encoding: TextEncoding): Buffer[] {
	return [...text].map((char) => (encoding === 'gsm7' ? Buffer.from(gsm7Codes(char)) : Buffer.from(char, 'utf16le').swap16()));
}

export interface EncodedText {
	encoding: TextEncoding;
	dataCoding: number;
	/** GSM: one septet per octet (unpacked, as SMPP carries it); UCS-2: UTF-16BE. */
	octets: Buffer;
}

/** Encodes a text as GSM 03.38 when it fits, UCS-2 otherwise. */
export function encodeText(text: string): EncodedText {
	const encoding: TextEncoding = fitsGsm7(text) ? 'gsm7' : 'ucs2';
	return {
		encoding,
		dataCoding: encoding === 'gsm7' ? DATA_CODING_GSM7 : DATA_CODING_UCS2,
		octets: Buffer.concat(encodeUnits(text, encoding)),
	};
}

/** One submit_sm's message fields. */
export interface MessagePart {
	/** The short_message field: the header (when any) followed by the encoded text. */
	shortMessage: Buffer;
	/** The message_payload TLV, in payload mode (short_message is then empty). */
	messagePayload?: Buffer;
	esmClass: number;
	/** 1-based. */
	sequence: number;
	total: number;
}

export interface SplitMessage {
	encoding: TextEncoding;
	dataCoding: number;
	parts: MessagePart[];
}

export interface SplitOptions {
	mode: LongMessageMode;
	/** The concatenation reference shared by all parts of this message (0–255). */
	reference: number;
}

/** Groups units greedily into chunks of at most `limit` octets, never splitting a unit. */
function chunk(units: Buffer[], limit: number): Buffer[] {
	const chunks: Buffer[] = [];
	let current: Buffer[] = [];
	let size = 0;
	for (const unit of units) {
		if (size + unit.length > limit) {
			chunks.push(Buffer.concat(current));
			current = [];
			size = 0;
		}
		current.push(unit);
		size += unit.length;
	}
	chunks.push(Buffer.concat(current));
	return chunks;
}

/**
 * Encodes a text and cuts it into the submit_sm messages to send. A text that fits one short
 * message is one part without a header, in either mode.
 * @throws RangeError when the text needs more than 255 parts or 64K octets of payload
 */
export function splitMessage(text: string, options: SplitOptions): SplitMessage {
	const { encoding, dataCoding, octets } = encodeText(text);
	const singleLimit = encoding === 'gsm7' ? SINGLE_GSM7_SEPTETS : USER_DATA_OCTETS;
	if (octets.length <= singleLimit) {
		return { encoding, dataCoding, parts: [{ shortMessage: octets, esmClass: 0, sequence: 1, total: 1 }] };
	}
	if (options.mode === 'payload') {
		if (octets.length > MAX_PAYLOAD_OCTETS) {
			throw new RangeError(`The text needs ${octets.length} octets; message_payload holds at most ${MAX_PAYLOAD_OCTETS}`);
		}
		return {
			encoding,
			dataCoding,
			parts: [{ shortMessage: Buffer.alloc(0), messagePayload: octets, esmClass: 0, sequence: 1, total: 1 }],
		};
	}
	const chunks = chunk(encodeUnits(text, encoding), encoding === 'gsm7' ? PART_GSM7_SEPTETS : PART_UCS2_OCTETS);
	if (chunks.length > MAX_PARTS) {
		throw new RangeError(`The text needs ${chunks.length} parts; a concatenated message has at most ${MAX_PARTS}`);
	}
	const reference = options.reference & 0xff;
	return {
		encoding,
		dataCoding,
		parts: chunks.map((body, index) => ({
			shortMessage: Buffer.concat([Buffer.from([0x05, 0x00, 0x03, reference, chunks.length, index + 1]), body]),
			esmClass: ESM_CLASS_UDHI,
			sequence: index + 1,
			total: chunks.length,
		})),
	};
}

/** Decodes GSM 03.38 septets (one per octet) back to text; for tests and logs. */
export function decodeGsm7(octets: Buffer): string {
	let text = '';
	for (let i = 0; i < octets.length; i++) {
		if (octets[i] === GSM_ESCAPE && i + 1 < octets.length) {
			const code = octets[++i];
			text += GSM_EXTENSION_TABLE.find(([, ext]) => ext === code)?.[0] ?? ' ';
		} else {
			text += GSM_DEFAULT_ALPHABET[octets[i]] ?? ' ';
		}
	}
	return text;
}
