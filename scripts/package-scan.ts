/**
 * n8n's scan of a community package, run here on the sources and on the `npm pack` tarball.
 *
 * n8n's scanner (@n8n/scan-community-package) lints a package with its own flat configuration
 * (`buildScanConfig`: @n8n/eslint-plugin-community-nodes `recommended`, `no-console`, and
 * eslint-plugin-n8n-nodes-base's community / credentials / nodes rule sets), ignoring the package's
 * eslint config and its inline disables. Its command line only takes published packages, so this
 * script does what its `analyzePackage` does (same ESLint options, same file patterns for each leg)
 * on this repository and on the packed tarball, and keeps each finding rather than a formatted text.
 *
 * Every finding is printed. One that `package-scan-accepted.json` does not list, with the reason it is
 * part of the design, fails the run; listed ones that no longer occur are printed so the list shrinks.
 *
 * Needs a build (dist/) first: `npm run build && npm run scan`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { compareFindings, listProblems, type AcceptedList, type Finding, type Leg } from './package-scan/compare';

const root = path.resolve(__dirname, '..');
const listFile = path.join(root, 'package-scan-accepted.json');
/** The tarball leg, as the scanner scopes it: compiled JavaScript and the published package.json. */
const TARBALL_PATTERNS = ['**/*.js', 'package.json'];
const IGNORE = ['node_modules/**', '**/package-lock.json'];

// TypeScript compiles `import()` to `require()` under CommonJS; the scanner is an ES module.
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<any>;

interface LintMessage {
	ruleId: string | null;
	severity: number;
	message: string;
	line: number;
}

async function loadScanner() {
	const scannerPath = require.resolve('@n8n/scan-community-package/scanner/scanner.mjs');
	const fromScanner = (name: string) => require.resolve(name, { paths: [path.dirname(scannerPath)] });
	// The scanner makes a temporary folder when loaded; let it go at exit.
	(await importEsm(fromScanner('tmp'))).default.setGracefulCleanup();
	const scanner = await importEsm(scannerPath);
	const { ESLint } = await importEsm(fromScanner('eslint'));
	const glob = (await importEsm(fromScanner('fast-glob'))).default;
	return {
		sourcePatterns: scanner.SOURCE_FILE_PATTERNS as string[],
		async analyze(leg: Leg, dir: string, patterns: string[]): Promise<Finding[]> {
			const eslint = new ESLint({
				cwd: dir,
				allowInlineConfig: false,
				overrideConfigFile: true,
				overrideConfig: await scanner.buildScanConfig(),
			});
			const files: string[] = glob.sync(patterns, { cwd: dir, absolute: true, ignore: IGNORE });
			const results: Array<{ filePath: string; messages: LintMessage[] }> = await eslint.lintFiles(files);
			return results.flatMap((result) =>
				result.messages.map((m) => ({
					leg,
					rule: m.ruleId ?? '(parse error)',
					file: path.relative(dir, result.filePath).split(path.sep).join('/'),
					line: m.line,
					message: m.message,
					severity: m.severity === 2 ? ('error' as const) : ('warning' as const),
				})),
			);
		},
	};
}

function packTarball(into: string): string {
	if (!existsSync(path.join(root, 'dist'))) throw new Error('dist/ is missing: run `npm run build` first');
	// The repository's .npmrc skips scripts, so `prepack` does not rebuild: the tarball holds dist/ as built.
	const out = execFileSync('npm', ['pack', '--json', '--pack-destination', into], { cwd: root, encoding: 'utf8' });
	const [{ filename }] = JSON.parse(out) as Array<{ filename: string }>;
	const extracted = path.join(into, 'package');
	execFileSync('tar', ['-xzf', path.join(into, filename), '-C', into]);
	return extracted;
}

function show(f: Finding, note: string): string {
	return `  ${f.leg.padEnd(7)} ${f.severity.padEnd(7)} ${`${f.file}:${f.line}`.padEnd(52)} ${f.rule}\n          ${f.message.split('\n')[0]}\n          ${note}`;
}

async function main(): Promise<number> {
	const list = JSON.parse(readFileSync(listFile, 'utf8')) as AcceptedList;
	const problems = listProblems(list);
	if (problems.length > 0) {
		console.error(`package-scan-accepted.json is not valid:\n  ${problems.join('\n  ')}`);
		return 1;
	}
	const scanner = await loadScanner();
	const work = mkdtempSync(path.join(tmpdir(), 'package-scan-'));
	try {
		const source = await scanner.analyze('source', root, scanner.sourcePatterns);
		const tarball = await scanner.analyze('tarball', packTarball(work), TARBALL_PATTERNS);
		const findings = [...source, ...tarball];
		const result = compareFindings(findings, list);
		const reasonOf = new Map(result.accepted.map(({ finding, entry }) => [finding, entry.reason]));

		console.log(`n8n's scanner rules (${scannerVersion()}) over the sources and the npm pack tarball:`);
		for (const f of findings) {
			const reason = reasonOf.get(f);
			console.log(show(f, reason ? `accepted (${reason}): ${list.reasons[reason]}` : 'NOT ACCEPTED: fix it, or list it with the reason it is the design'));
		}
		for (const { entry, leg, expected, found } of result.stale) {
			console.log(`no longer occurs: ${leg} ${entry.rule} in ${entry.file} matching "${entry.match}": listed ${expected}, found ${found}; lower or remove the entry in package-scan-accepted.json`);
		}
		const count = (leg: Leg) => findings.filter((f) => f.leg === leg).length;
		const errors = (leg: Leg) => findings.filter((f) => f.leg === leg && f.severity === 'error').length;
		console.log(
			`package scan: source ${count('source')} findings (${errors('source')} errors), tarball ${count('tarball')} findings (${errors('tarball')} errors); ` +
				`${result.accepted.length} accepted, ${result.unexpected.length} not accepted, ${result.stale.length} stale list entries`,
		);
		return result.unexpected.length > 0 ? 1 : 0;
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
}

function scannerVersion(): string {
	const pkg = require('@n8n/scan-community-package/package.json') as { version: string };
	return `@n8n/scan-community-package@${pkg.version}`;
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);
