import { compareFindings, listProblems, sourceFileOf, type AcceptedList, type Finding } from '../../../scripts/package-scan/compare';

const finding = (over: Partial<Finding> = {}): Finding => ({
	leg: 'source',
	rule: '@n8n/community-nodes/no-restricted-globals',
	file: 'nodes/shared/sleep.ts',
	line: 12,
	message: "Use of restricted global 'setTimeout' is not allowed.",
	severity: 'error',
	...over,
});

const list = (count: Record<string, number> = { source: 1, tarball: 1 }): AcceptedList => ({
	reasons: { timers: 'the core cancels its own timers' },
	accepted: [{ rule: '@n8n/community-nodes/no-restricted-globals', file: 'nodes/shared/sleep.ts', match: "'setTimeout'", count, reason: 'timers' }],
});

describe('package scan ratchet', () => {
	test('a listed finding is accepted on both legs, the tarball by its compiled file', () => {
		const result = compareFindings([finding(), finding({ leg: 'tarball', file: 'dist/nodes/shared/sleep.js', line: 14 })], list());
		expect(result.accepted).toHaveLength(2);
		expect(result.unexpected).toEqual([]);
		expect(result.stale).toEqual([]);
	});

	test('a line that moves does not matter; another message, rule or file is not accepted', () => {
		const moved = finding({ line: 99 });
		const other = [
			finding({ message: "Use of restricted global 'setInterval' is not allowed." }),
			finding({ rule: '@n8n/community-nodes/no-restricted-imports' }),
			finding({ file: 'nodes/shared/other.ts' }),
		];
		const result = compareFindings([moved, ...other], list({ source: 1 }));
		expect(result.accepted.map((a) => a.finding)).toEqual([moved]);
		expect(result.unexpected).toEqual(other);
	});

	test('one finding more than the count fails; one fewer is reported stale', () => {
		const more = compareFindings([finding(), finding({ line: 20 })], list({ source: 1 }));
		expect(more.unexpected).toHaveLength(1);
		const fewer = compareFindings([finding()], list({ source: 2, tarball: 1 }));
		expect(fewer.unexpected).toEqual([]);
		expect(fewer.stale.map(({ leg, expected, found }) => [leg, expected, found])).toEqual([
			['source', 2, 1],
			['tarball', 1, 0],
		]);
	});

	test('an entry whose reason is missing or whose count is empty is a problem of the list', () => {
		const broken: AcceptedList = { reasons: {}, accepted: [{ ...list().accepted[0], count: {} }] };
		expect(listProblems(broken)).toEqual([
			expect.stringContaining('reason "timers" is not in "reasons"'),
			expect.stringContaining('"count" needs a positive whole number'),
		]);
		expect(listProblems(list())).toEqual([]);
	});

	test('a tarball file maps to the source file it was compiled from', () => {
		expect(sourceFileOf('tarball', 'dist/credentials/A.credentials.js')).toBe('credentials/A.credentials.ts');
		expect(sourceFileOf('tarball', 'package.json')).toBe('package.json');
	});
});
