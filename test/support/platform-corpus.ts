import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The corpus of the platform's published notification bodies (test/fixtures/platform/): its index,
 * each body as published, and the minimal repairs that make the samples the docs print invalid
 * (comments, a trailing comma, a missing brace) into the valid JSON the platform sends. Each repair
 * is a small named function, applied only where the index names it, so every change is visible.
 */
export const CORPUS_DIR = join(__dirname, '..', 'fixtures', 'platform');

export type RepairName =
	| 'stripLineComments'
	| 'stripPlaceholders'
	| 'quoteBareValues'
	| 'dropTrailingCommas'
	| 'dropStrayParens'
	| 'dropTextAfterBody'
	| 'prependOpenBrace'
	| 'closeBraces';

export interface CorpusEntry {
	file: string;
	page: string;
	section?: string;
	repair: RepairName[];
	/** Flat dotted paths over the normalised event; `null` means the field must be absent. */
	expect: Record<string, unknown>;
	note?: string;
}

/** Text outside JSON strings, so a repair never touches a string's content. */
function outsideStrings(text: string, edit: (code: string) => string): string {
	let out = '';
	let code = '';
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (c !== '"') {
			code += c;
			continue;
		}
		out += edit(code);
		code = '';
		let j = i + 1;
		while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
		out += text.slice(i, j + 1);
		i = j;
	}
	return out + edit(code);
}

/** `// comment` to the end of the line (outside strings: URLs keep their `//`). */
export const stripLineComments = (text: string): string => outsideStrings(text, (code) => code.replace(/\/\/[^\n]*/g, ''));

/** A `<placeholder>` the docs print where a value goes (outside strings) becomes "". */
export const stripPlaceholders = (text: string): string => outsideStrings(text, (code) => code.replace(/<[^<>\n]*>/g, '""'));

/**
 * A value printed without its quotes (`"destination":abcd@cisco.com,`) becomes a string; numbers,
 * `true`, `false`, `null`, objects and arrays are left alone.
 */
export const quoteBareValues = (text: string): string =>
	outsideStrings(text, (code) =>
		code.replace(/:(\s*)([^\s"{[\],}][^,}\]\n]*?)(\s*)(?=[,}\]\n])/g, (whole, before: string, value: string, after: string) =>
			/^(?:-?\d[\d.eE+-]*|true|false|null)$/.test(value) ? whole : `:${before}"${value}"${after}`,
		),
	);

/** `,` before a closing `}` or `]`. */
export const dropTrailingCommas = (text: string): string => outsideStrings(text, (code) => code.replace(/,(\s*[}\]])/g, '$1'));

/** A `)` outside strings (a page closed a block with one). */
export const dropStrayParens = (text: string): string => outsideStrings(text, (code) => code.replace(/\)/g, ''));

/** Whatever follows the body's closing brace (a page ran the next block into it). */
export function dropTextAfterBody(text: string): string {
	let depth = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (c === '"') {
			for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
		} else if (c === '{') depth++;
		else if (c === '}' && --depth === 0) return text.slice(0, i + 1);
	}
	return text;
}

/** The page dropped the opening brace. */
export const prependOpenBrace = (text: string): string => `{${text}`;

/** The page dropped closing braces: add as many as are open (counted outside strings). */
export function closeBraces(text: string): string {
	let depth = 0;
	outsideStrings(text, (code) => {
		for (const c of code) depth += c === '{' ? 1 : c === '}' ? -1 : 0;
		return code;
	});
	return text + '}'.repeat(Math.max(0, depth));
}

export const REPAIRS: Record<RepairName, (text: string) => string> = {
	stripLineComments,
	stripPlaceholders,
	quoteBareValues,
	dropTrailingCommas,
	dropStrayParens,
	dropTextAfterBody,
	prependOpenBrace,
	closeBraces,
};
/** Comments go first (a comment may hold a comma or a brace), the missing braces last. */
const ORDER: RepairName[] = ['stripLineComments', 'stripPlaceholders', 'quoteBareValues', 'dropTrailingCommas', 'dropStrayParens', 'dropTextAfterBody', 'prependOpenBrace', 'closeBraces'];

export function repair(text: string, names: readonly RepairName[]): string {
	for (const name of names) if (!REPAIRS[name]) throw new Error(`unknown repair ${name}`);
	return ORDER.filter((name) => names.includes(name)).reduce((t, name) => REPAIRS[name](t), text);
}

export function loadCorpus(): CorpusEntry[] {
	return JSON.parse(readFileSync(join(CORPUS_DIR, 'index.json'), 'utf8')) as CorpusEntry[];
}

/** The body as the platform sends it: the published text with the entry's repairs. */
export function corpusBody(entry: CorpusEntry): string {
	return repair(readFileSync(join(CORPUS_DIR, entry.file), 'utf8'), entry.repair ?? []);
}

/** The value at a dotted path (`attachments.0.url`, `entity.id`). */
export function valueAt(value: unknown, path: string): unknown {
	let current = value;
	for (const part of path.split('.')) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as Record<string, unknown>)[part];
	}
	return current;
}
