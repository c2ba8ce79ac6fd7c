/**
 * Draws docs/performance-chart.svg from a bench run's JSON: deliveries per second by item count for
 * raw undici, raw undici inside an n8n node (the engine's limit for any node), the Outbound Webhook
 * node and n8n's HTTP Request node (fast receiver, test harness), then the same in each real n8n the
 * run measured. bench/render-doc.ts draws it with the report; on its own:
 *   npx ts-node --transpile-only bench/chart.ts [docs/performance/latest.json] [out.svg]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Measurement } from './lib/report';

const ROOT = join(__dirname, '..');

export interface ChartRun {
	startedAt: string;
	machine: { cpus: number };
	records: Array<{ measurements: Measurement[]; loadBefore: number; loadAfter: number }>;
}

const SERIES = [
	{ key: 'undici', label: 'raw undici (the limit)', color: '#9aa5b1' },
	{ key: 'floor', label: 'raw undici inside an n8n node', color: '#c9d1d9' },
	{ key: 'node', label: 'Outbound Webhook node', color: '#ff6d5a' },
	{ key: 'nodeExpression', label: 'Outbound Webhook node, URL {{ $json.url }}', color: '#ffb3a8' },
	{ key: 'httpRequest', label: 'HTTP Request node (defaults)', color: '#3d7dd8' },
] as const;
type SeriesKey = (typeof SERIES)[number]['key'];

interface Group {
	label: string;
	sub: string;
	values: Partial<Record<SeriesKey, number>>;
}

/** The chart of one run as SVG text. */
export function renderChart(run: ChartRun): string {
	const all = run.records.flatMap((r) => r.measurements);
	const groups: Group[] = [];
	const harness = all.filter((m) => m.scenario === 'delivery' && m.variant === 'fast');
	for (const items of [...new Set(harness.map((m) => m.items))].sort((a, b) => a - b)) {
		const at = (side: string) => harness.find((m) => m.items === items && m.side === side)?.perSecond;
		groups.push({ label: `${items.toLocaleString('en-US')} items`, sub: 'test harness', values: { undici: at('undici'), floor: at('floor'), node: at('node'), httpRequest: at('httpRequest') } });
	}
	const real = all.filter((m) => m.scenario === 'n8nDelivery');
	for (const key of [...new Set(real.map((m) => `${m.variant.split(' ')[0]}|${m.items}`))]) {
		const [profile, items] = key.split('|');
		const mine = real.filter((m) => m.variant.startsWith(`${profile} `) && m.items === Number(items));
		const node = mine.find((m) => m.side === 'node' && m.variant.endsWith('static'));
		const engine = String(node?.details.engine ?? profile).replace(/^real /, '').replace(/ \(Node \d+\)$/, '');
		groups.push({
			label: `${Number(items).toLocaleString('en-US')} items`,
			sub: engine,
			values: {
				undici: mine.find((m) => m.side === 'undici')?.perSecond,
				floor: mine.find((m) => m.side === 'floor')?.perSecond,
				node: node?.perSecond,
				nodeExpression: mine.find((m) => m.side === 'node' && m.variant.endsWith('expression'))?.perSecond,
			},
		});
	}

	const W = 960;
	const M = { top: 70, right: 20, bottom: 70, left: 70 };
	/** The legend, wrapped onto as many rows as it needs; the plot starts below it. */
	const LEGEND_ROW = 16;
	const legend: Array<{ x: number; row: number }> = [];
	for (const s of SERIES) {
		const width = 16 + s.label.length * 6.4 + 18;
		const last = legend[legend.length - 1];
		let x = last ? last.x + 16 + SERIES[legend.length - 1].label.length * 6.4 + 18 : M.left;
		let row = last?.row ?? 0;
		if (x + width - 18 > W - M.right) {
			x = M.left;
			row++;
		}
		legend.push({ x, row });
	}
	M.top += (legend[legend.length - 1].row) * LEGEND_ROW;
	const H = 370 + M.top;
	const plotW = W - M.left - M.right;
	const plotH = H - M.top - M.bottom;
	const max = Math.max(1, ...groups.flatMap((g) => Object.values(g.values).filter((v): v is number => typeof v === 'number')));
	const step = [100, 200, 250, 500, 1000, 2000, 2500, 5000, 10_000, 20_000].find((s) => max / s <= 6) ?? 50_000;
	const top = Math.ceil(max / step) * step;
	const y = (v: number) => M.top + plotH - (v / top) * plotH;
	const groupW = plotW / Math.max(1, groups.length);
	const barW = Math.min(36, (groupW - 24) / SERIES.length);
	const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
	const loads = run.records.flatMap((r) => [r.loadBefore, r.loadAfter]);

	const parts: string[] = [];
	parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="12">`);
	parts.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
	parts.push(`<text x="${M.left}" y="24" font-size="16" font-weight="bold">Signed webhook deliveries per second (1 KB bodies, HMAC SHA256, concurrency 16, loopback HTTPS)</text>`);
	parts.push(
		`<text x="${M.left}" y="42" fill="#555">Run of ${esc(run.startedAt.slice(0, 16).replace('T', ' '))} UTC on ${run.machine.cpus} cores, 1-minute load ${Math.min(...loads).toFixed(1)}-${Math.max(...loads).toFixed(1)}; higher is better</text>`,
	);
	SERIES.forEach((s, i) => {
		const { x, row } = legend[i];
		const top = 50 + row * LEGEND_ROW;
		parts.push(`<rect x="${x}" y="${top}" width="12" height="12" fill="${s.color}"/><text x="${x + 16}" y="${top + 10}">${esc(s.label)}</text>`);
	});
	for (let v = 0; v <= top; v += step) {
		parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${y(v)}" y2="${y(v)}" stroke="#e4e7eb"/>`);
		parts.push(`<text x="${M.left - 8}" y="${y(v) + 4}" text-anchor="end" fill="#555">${v.toLocaleString('en-US')}</text>`);
	}
	groups.forEach((g, gi) => {
		const x0 = M.left + gi * groupW + (groupW - barW * SERIES.length) / 2;
		SERIES.forEach((s, si) => {
			const v = g.values[s.key];
			if (typeof v !== 'number') return;
			const x = x0 + si * barW;
			parts.push(`<rect x="${x + 2}" y="${y(v)}" width="${barW - 4}" height="${M.top + plotH - y(v)}" fill="${s.color}"/>`);
			parts.push(`<text x="${x + barW / 2}" y="${y(v) - 4}" text-anchor="middle" font-size="10">${Math.round(v).toLocaleString('en-US')}</text>`);
		});
		const cx = M.left + gi * groupW + groupW / 2;
		parts.push(`<text x="${cx}" y="${H - M.bottom + 18}" text-anchor="middle" font-weight="bold">${esc(g.label)}</text>`);
		parts.push(`<text x="${cx}" y="${H - M.bottom + 34}" text-anchor="middle" fill="#555">${esc(g.sub)}</text>`);
		if (gi > 0) parts.push(`<line x1="${M.left + gi * groupW}" x2="${M.left + gi * groupW}" y1="${M.top}" y2="${M.top + plotH}" stroke="#e4e7eb" stroke-dasharray="3 3"/>`);
	});
	parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${M.top + plotH}" y2="${M.top + plotH}" stroke="#333"/>`);
	parts.push(`<text x="${M.left}" y="${H - 12}" fill="#555">Harness: n8n-core's WorkflowExecute in one process. Real n8n: the package installed from its tarball; the node's executionTime from n8n's run data.</text>`);
	parts.push('</svg>');
	return `${parts.join('\n')}\n`;
}

if (require.main === module) {
	const file = process.argv[2] ?? join(ROOT, 'docs', 'performance', 'latest.json');
	const out = process.argv[3] ?? join(ROOT, 'docs', 'performance-chart.svg');
	writeFileSync(out, renderChart(JSON.parse(readFileSync(file, 'utf8')) as ChartRun));
	console.log(`chart of ${file} written to ${out}`);
}
