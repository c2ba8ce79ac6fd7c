/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by function and by file, and the
 * inclusive time of functions whose name matches a filter.
 *   npx ts-node --transpile-only bench/profile-summary.ts <file.cpuprofile> [top=25] [filter] [lastMs]
 * `lastMs` keeps only the samples of the profile's last lastMs milliseconds (the measured run comes
 * after module loading and the warm-up). `--window=<fromUs>-<toUs>` keeps the samples between two
 * times on the profile's own clock (the real-n8n delivery scenario prints each node's window).
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
}
interface Profile {
	startTime: number;
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

const windowArg = process.argv.find((a) => a.startsWith('--window='));
const [file, topArg, filterArg, lastMsArg] = process.argv.slice(2).filter((a) => a !== windowArg);
const [windowFrom, windowTo] = windowArg ? windowArg.slice('--window='.length).split('-').map(Number) : [-Infinity, Infinity];
const filter = filterArg || undefined;
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const self = new Map<number, number>();
const at: number[] = [];
profile.timeDeltas.reduce((time, delta, i) => (at[i] = time + delta), profile.startTime);
const from = lastMsArg ? at[at.length - 1] - Number(lastMsArg) * 1000 : -Infinity;
profile.samples.forEach((id, i) => {
	if (at[i] >= from && at[i] >= windowFrom && at[i] <= windowTo) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const total = [...self.values()].reduce((a, b) => a + b, 0);

const short = (url: string) => url.replace(/^file:\/\//, '').replace(/.*node_modules\//, 'nm:').replace(/.*\/work\/main\//, '');
const label = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${short(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;

const add = (map: Map<string, number>, key: string, value: number) => map.set(key, (map.get(key) ?? 0) + value);
const selfByFunction = new Map<string, number>();
const selfByFile = new Map<string, number>();
const inclusive = new Map<string, number>();
for (const [id, time] of self) {
	const node = byId.get(id)!;
	add(selfByFunction, label(node), time);
	add(selfByFile, short(node.callFrame.url) || `(${node.callFrame.functionName})`, time);
	// Inclusive: every distinct frame on the stack gets the sample once.
	const seen = new Set<string>();
	for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
		const key = label(byId.get(cur)!);
		if (!seen.has(key)) {
			seen.add(key);
			add(inclusive, key, time);
		}
	}
}

const print = (title: string, map: Map<string, number>, match?: string) => {
	console.log(`\n${title}`);
	[...map.entries()]
		.filter(([key]) => !match || key.includes(match))
		.sort((a, b) => b[1] - a[1])
		.slice(0, top)
		.forEach(([key, time]) => console.log(`${(time / 1000).toFixed(0).padStart(8)} ms ${((time / total) * 100).toFixed(1).padStart(5)}%  ${key}`));
};
console.log(`total sampled ${(total / 1000).toFixed(0)} ms`);
print('self time by function', selfByFunction);
print('self time by file', selfByFile);
print('inclusive time', inclusive, filter);
