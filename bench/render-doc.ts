/**
 * Puts the tables of a bench run into docs/PERFORMANCE.md, between the `bench:figures` markers.
 *   npx ts-node --transpile-only bench/render-doc.ts [bench-results/<run>.json]   (default: latest.json)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Measurement } from './lib/report';
import { printTables } from './lib/tables';

const ROOT = join(__dirname, '..');
const DOC = join(ROOT, 'docs', 'PERFORMANCE.md');
const START = '<!-- bench:figures:start -->';
const END = '<!-- bench:figures:end -->';

interface Run {
	startedAt: string;
	machine: { cpus: number; cpuModel?: string; node: string; totalMemMb: number };
	argv: string[];
	records: Array<{ label: string; measurements: Measurement[]; loadBefore: number; loadAfter: number; timedOut: boolean; exitCode: number | null; receiverAtStop?: { posts: number; handshakes: number } }>;
}

const file = process.argv[2] ?? join(ROOT, 'bench-results', 'latest.json');
const run = JSON.parse(readFileSync(file, 'utf8')) as Run;
const lines: string[] = [];
const original = console.log;
console.log = (...parts: unknown[]) => lines.push(parts.map(String).join(' '));
try {
	printTables(
		run.records.flatMap((r) => r.measurements),
		run.records,
	);
} finally {
	console.log = original;
}
const loads = run.records.flatMap((r) => [r.loadBefore, r.loadAfter]);
const header = [
	`Run of ${run.startedAt.replace('T', ' ').slice(0, 16)} UTC (\`npm run bench${run.argv.length ? ` -- ${run.argv.join(' ')}` : ''}\`), ` +
		`${run.machine.cpus} × ${run.machine.cpuModel ?? 'CPU'}, ${Math.round(run.machine.totalMemMb / 1024)} GiB, Node ${run.machine.node}, ` +
		`1-minute load average ${Math.min(...loads).toFixed(1)}-${Math.max(...loads).toFixed(1)} while it ran.`,
];
// Markdown wants a blank line between a title line and the table under it.
const body = lines
	.join('\n')
	.split('\n')
	.flatMap((line, i, all) => (line.startsWith('|') && i > 0 && all[i - 1].trim() !== '' && !all[i - 1].startsWith('|') ? ['', line] : [line]));
const block = [START, '', ...header, ...body, '', END].join('\n');
const doc = readFileSync(DOC, 'utf8');
const from = doc.indexOf(START);
const to = doc.indexOf(END);
if (from < 0 || to < 0) throw new Error(`${DOC} has no ${START} … ${END} block`);
writeFileSync(DOC, doc.slice(0, from) + block + doc.slice(to + END.length));
console.log(`figures of ${file} written to docs/PERFORMANCE.md`);
