/**
 * The documentation's links: every relative link and #anchor in README.md and docs/*.md points at a
 * file that exists and, for an anchor, at a heading of that file (GitHub's heading ids).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const DOCS = [join(ROOT, 'README.md'), ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join(ROOT, 'docs', f))];

/** The text outside fenced code blocks and inline code spans, where links are links. */
function prose(markdown: string): string {
	return markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's id for a heading: lower case, punctuation dropped, each space a hyphen, repeats numbered. */
export function headingIds(markdown: string): Set<string> {
	const ids = new Set<string>();
	const seen = new Map<string, number>();
	const body = markdown.replace(/^```[\s\S]*?^```/gm, '');
	for (const match of body.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
		const text = match[1].replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/`/g, '');
		const base = text
			.toLowerCase()
			.replace(/[^\p{L}\p{N}\s_-]/gu, '')
			.replace(/\s/g, '-');
		const count = seen.get(base) ?? 0;
		seen.set(base, count + 1);
		ids.add(count === 0 ? base : `${base}-${count}`);
	}
	for (const match of body.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) ids.add(match[1]);
	return ids;
}

interface Link {
	file: string;
	target: string;
}

function linksOf(file: string): Link[] {
	const text = prose(readFileSync(file, 'utf8'));
	const targets = [
		...[...text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]),
		...[...text.matchAll(/^\[[^\]]+\]:\s*(\S+)/gm)].map((m) => m[1]),
	];
	return targets.filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t)).map((target) => ({ file, target }));
}

const allLinks = DOCS.flatMap(linksOf);

describe('documentation links', () => {
	it('finds the documents and their links', () => {
		expect(DOCS.map((f) => relative(ROOT, f))).toEqual(expect.arrayContaining(['README.md', 'docs/ARCHITECTURE.md', 'docs/TESTING.md', 'docs/PERFORMANCE.md', 'docs/RELIABILITY.md']));
		expect(allLinks.length).toBeGreaterThan(20);
	});

	it('every relative link names a file that exists', () => {
		const broken = allLinks.filter(({ file, target }) => {
			const path = target.split('#')[0];
			return path !== '' && !existsSync(resolve(dirname(file), decodeURIComponent(path)));
		});
		expect(broken.map(({ file, target }) => `${relative(ROOT, file)} → ${target}`)).toEqual([]);
	});

	it('every #anchor names a heading of its document', () => {
		const broken = allLinks.filter(({ file, target }) => {
			if (!target.includes('#')) return false;
			const [path, anchor] = target.split('#');
			const doc = path === '' ? file : resolve(dirname(file), decodeURIComponent(path));
			if (!doc.endsWith('.md') || !existsSync(doc)) return false;
			return !headingIds(readFileSync(doc, 'utf8')).has(decodeURIComponent(anchor));
		});
		expect(broken.map(({ file, target }) => `${relative(ROOT, file)} → ${target}`)).toEqual([]);
	});

	it('computes heading ids as GitHub does', () => {
		const ids = headingIds('# A b\n## Respond: when the sender gets its answer\n### `x` (e) Durable, delivery\n## A b\n```\n# not a heading\n```\n');
		expect([...ids]).toEqual(['a-b', 'respond-when-the-sender-gets-its-answer', 'x-e-durable-delivery', 'a-b-1']);
	});

	it('names no path of a build machine', () => {
		const found = DOCS.flatMap((file) =>
			[...readFileSync(file, 'utf8').matchAll(/(?:\/work\/|\/root\/|\/home\/(?!node\/)[a-z]+\/|\.mirror\/|\.library\/)[^\s)`'"]*/g)].map((m) => `${relative(ROOT, file)}: ${m[0]}`),
		);
		expect(found).toEqual([]);
	});
});
