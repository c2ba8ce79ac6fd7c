/**
 * The ratchet of the package scan: each finding of n8n's scanner rules is either covered by an entry
 * of the accepted list (rule, file, a piece of its message, how often on each leg) or new. An entry
 * that covers fewer findings than it says is stale: the list is to shrink with the code.
 */

/** Where the scanner looked: the repository's sources, or the files of the `npm pack` tarball. */
export type Leg = 'source' | 'tarball';

export interface Finding {
	leg: Leg;
	rule: string;
	/** Relative to the scanned folder, with forward slashes (the tarball's files start with `dist/`). */
	file: string;
	line: number;
	message: string;
	severity: 'error' | 'warning';
}

export interface AcceptedEntry {
	rule: string;
	/** The source file; on the tarball leg its compiled twin (`dist/<file>.js`) counts for it. */
	file: string;
	/** A piece of the finding's message that stays when lines move (e.g. `'setTimeout'`). */
	match: string;
	/** How many findings the entry covers on each leg (absent: none on that leg). */
	count: Partial<Record<Leg, number>>;
	/** Key into the list's `reasons`: why the finding is part of the design. */
	reason: string;
}

export interface AcceptedList {
	reasons: Record<string, string>;
	accepted: AcceptedEntry[];
}

export interface Comparison {
	accepted: Array<{ finding: Finding; entry: AcceptedEntry }>;
	/** Findings no entry covers (or beyond an entry's count): these fail the scan. */
	unexpected: Finding[];
	/** Entries that cover fewer findings than their count says, with how many they did cover. */
	stale: Array<{ entry: AcceptedEntry; leg: Leg; expected: number; found: number }>;
}

/** The source file a tarball file was compiled from: `dist/nodes/a/b.js` → `nodes/a/b.ts`. */
export function sourceFileOf(leg: Leg, file: string): string {
	if (leg === 'source') return file;
	const compiled = /^dist\/(.+)\.js$/.exec(file);
	return compiled ? `${compiled[1]}.ts` : file;
}

/** Problems of the list itself (unknown reason keys, entries without a count), so a typo cannot hide a finding. */
export function listProblems(list: AcceptedList): string[] {
	const problems: string[] = [];
	list.accepted.forEach((entry, i) => {
		const where = `entry ${i} (${entry.rule} in ${entry.file})`;
		if (!list.reasons[entry.reason]?.trim()) problems.push(`${where}: reason "${entry.reason}" is not in "reasons"`);
		if (!entry.match) problems.push(`${where}: "match" is empty`);
		const counts = Object.values(entry.count ?? {});
		if (counts.length === 0 || counts.some((n) => !Number.isInteger(n) || n < 1)) {
			problems.push(`${where}: "count" needs a positive whole number for "source" and/or "tarball"`);
		}
	});
	return problems;
}

export function compareFindings(findings: Finding[], list: AcceptedList): Comparison {
	const used = new Map<AcceptedEntry, Record<Leg, number>>();
	const result: Comparison = { accepted: [], unexpected: [], stale: [] };
	for (const finding of findings) {
		const file = sourceFileOf(finding.leg, finding.file);
		const entry = list.accepted.find((candidate) => {
			if (candidate.rule !== finding.rule || candidate.file !== file || !finding.message.includes(candidate.match)) return false;
			const taken = used.get(candidate)?.[finding.leg] ?? 0;
			return taken < (candidate.count[finding.leg] ?? 0);
		});
		if (!entry) {
			result.unexpected.push(finding);
			continue;
		}
		const taken = used.get(entry) ?? { source: 0, tarball: 0 };
		taken[finding.leg] += 1;
		used.set(entry, taken);
		result.accepted.push({ finding, entry });
	}
	for (const entry of list.accepted) {
		for (const leg of ['source', 'tarball'] as const) {
			const expected = entry.count[leg] ?? 0;
			const found = used.get(entry)?.[leg] ?? 0;
			if (found < expected) result.stale.push({ entry, leg, expected, found });
		}
	}
	return result;
}
