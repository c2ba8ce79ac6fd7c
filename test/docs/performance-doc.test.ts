/**
 * docs/PERFORMANCE.md and its chart are generated from the bench run kept in docs/performance/: the
 * committed files must be exactly what bench/render-doc.ts makes of that JSON, so anyone can
 * regenerate them and a hand edit does not drift from the figures.
 */
import { readFileSync } from 'node:fs';

import { renderChart } from '../../bench/chart';
import { adoptRun, CHART, DOC, renderPerformanceDoc, RUN_JSON, type BenchRun } from '../../bench/render-doc';

const run = JSON.parse(readFileSync(RUN_JSON, 'utf8')) as BenchRun;

describe('docs/PERFORMANCE.md', () => {
	it('is what bench/render-doc.ts writes from docs/performance/latest.json', () => {
		expect(readFileSync(DOC, 'utf8')).toBe(renderPerformanceDoc(run));
	});

	it('has the chart drawn from the same run', () => {
		expect(readFileSync(CHART, 'utf8')).toBe(renderChart(run));
	});

	it('prints the command, the machine and the load the run recorded', () => {
		const doc = renderPerformanceDoc(run);
		const loads = run.records.flatMap((r) => [r.loadBefore, r.loadAfter]);
		expect(doc).toContain(`npm run bench${run.argv.length ? ` -- ${run.argv.join(' ')}` : ''}`);
		expect(doc).toContain(`Node ${run.machine.node}`);
		expect(doc).toContain(`1-minute load average ${Math.min(...loads).toFixed(1)} to ${Math.max(...loads).toFixed(1)}`);
		expect(doc).toContain('npx ts-node --transpile-only bench/render-doc.ts');
	});

	it('keeps every measurement of the run in its tables', () => {
		const doc = renderPerformanceDoc(run);
		const deliveries = run.records.flatMap((r) => r.measurements).filter((m) => m.scenario === 'delivery' && m.ok);
		expect(deliveries.length).toBeGreaterThan(0);
		for (const m of deliveries) expect(doc).toContain(` ${m.perSecond.toFixed(0)} |`);
	});

	it('adopts a run without the log tails of clean cells and without the home folder', () => {
		const raw: BenchRun = {
			startedAt: '2026-01-01T00:00:00.000Z',
			machine: { cpus: 2, node: 'v20.0.0', totalMemMb: 1024 },
			argv: [],
			records: [
				{ label: 'a', measurements: [], loadBefore: 1, loadAfter: 1, timedOut: false, exitCode: 0, stderrTail: 'noise from /home/someone/x' },
				{ label: 'b', measurements: [], loadBefore: 1, loadAfter: 1, timedOut: true, exitCode: null, stderrTail: 'stuck in /home/someone/.cache/n8n' },
			],
		};
		const adopted = adoptRun(raw, '/home/someone');
		expect(adopted.records[0].stderrTail).toBeUndefined();
		expect(adopted.records[1].stderrTail).toBe('stuck in ~/.cache/n8n');
		expect(JSON.stringify(adopted)).not.toContain('/home/someone');
	});
});
