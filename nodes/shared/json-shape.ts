/**
 * The shape of a JSON text, measured on its bytes before it is parsed: how deep it nests, and how
 * many elements a top-level array holds. The trigger refuses a body nested deeper than it can emit
 * (an item n8n cannot serialise) or holding more events than one request may start, without the
 * cost of parsing and normalising it, which for a large batch of tiny elements blocks n8n's event
 * loop. The scan stops as soon as the depth limit is passed.
 *
 * Only structure outside strings counts (RFC 8259 §7: a string runs from `"` to the next unescaped
 * `"`). The text is not validated here: JSON.parse does that afterwards.
 */

export interface JsonShape {
	/** The deepest nesting of arrays and objects (0 for a scalar); stops counting past the limit. */
	depth: number;
	/** Elements of the top-level array (1 for any other value, 0 for an empty array). */
	elements: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

export function jsonShape(raw: Buffer, maxDepth: number): JsonShape {
	let depth = 0;
	let deepest = 0;
	let inString = false;
	let topArray = false;
	let commas = 0;
	let sawElement = false;
	for (let i = 0; i < raw.length; i++) {
		const byte = raw[i];
		if (inString) {
			if (byte === BACKSLASH) i++;
			else if (byte === QUOTE) inString = false;
			continue;
		}
		if (byte === QUOTE) {
			inString = true;
			if (depth === 1 && topArray) sawElement = true;
		} else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
			if (depth === 0 && byte === OPEN_ARRAY) topArray = true;
			else if (depth === 1 && topArray) sawElement = true;
			depth++;
			if (depth > deepest) deepest = depth;
			if (deepest > maxDepth) break;
		} else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) depth--;
		else if (depth === 1 && topArray) {
			if (byte === COMMA) commas++;
			else if (!WHITESPACE.has(byte)) sawElement = true;
		}
	}
	return { depth: deepest, elements: topArray ? (sawElement ? commas + 1 : 0) : 1 };
}
