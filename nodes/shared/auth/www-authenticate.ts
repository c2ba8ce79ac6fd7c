/**
 * Parses `WWW-Authenticate` header values into challenges (RFC 9110 section 11.6.1). One response
 * may carry several header fields, and one field several comma-separated challenges, e.g.
 * `Digest realm="a", nonce="1", algorithm=SHA-256, Digest realm="a", nonce="2", Basic realm="a"`.
 */
export interface Challenge {
	/** Lower-case scheme name, e.g. `digest`. */
	scheme: string;
	/** Parameters with lower-case names and unquoted values. */
	params: Record<string, string>;
	token68?: string;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/;
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*(?=\s*(,|$))/;
const PARAM_START = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=\s*/;

/** Reads a quoted-string starting at `text[0] === '"'`; returns the unescaped value and the rest. */
function readQuoted(text: string): [string, string] {
	let value = '';
	for (let i = 1; i < text.length; i++) {
		const char = text[i];
		if (char === '\\' && i + 1 < text.length) {
			value += text[++i];
		} else if (char === '"') {
			return [value, text.slice(i + 1)];
		} else {
			value += char;
		}
	}
	// Unterminated: take what there is rather than failing the whole header.
	return [value, ''];
}

function skipSeparators(text: string): string {
	return text.replace(/^[\s,]+/, '');
}

export function parseChallenges(headerValues: string | string[] | undefined): Challenge[] {
	const values = headerValues === undefined ? [] : Array.isArray(headerValues) ? headerValues : [headerValues];
	const challenges: Challenge[] = [];
	for (const value of values) {
		let rest = skipSeparators(value);
		let current: Challenge | undefined;
		while (rest.length > 0) {
			const param = PARAM_START.exec(rest);
			if (param && current) {
				rest = rest.slice(param[0].length);
				let paramValue: string;
				if (rest.startsWith('"')) {
					[paramValue, rest] = readQuoted(rest);
				} else {
					const token = /^[^\s,]*/.exec(rest)?.[0] ?? '';
					paramValue = token;
					rest = rest.slice(token.length);
				}
				current.params[param[1].toLowerCase()] = paramValue;
				rest = skipSeparators(rest);
				continue;
			}
			const scheme = TOKEN.exec(rest);
			if (!scheme) break; // not a challenge: ignore the remainder
			current = { scheme: scheme[0].toLowerCase(), params: {} };
			challenges.push(current);
			rest = rest.slice(scheme[0].length).replace(/^\s+/, '');
			const token68 = PARAM_START.test(rest) ? null : TOKEN68.exec(rest);
			if (token68) {
				current.token68 = token68[0];
				rest = rest.slice(token68[0].length);
			}
			rest = skipSeparators(rest);
		}
	}
	return challenges;
}
