/**
 * An n8n external hook file (EXTERNAL_HOOK_FILES) for the real-n8n benchmark, transpiled next to the
 * Bench Source by bench/lib/n8n-extension.ts. It changes nothing in n8n; it only observes:
 *  - `workflow.preExecute` starts sampling the process (CPU time and RSS every SAMPLE_MS);
 *  - `workflow.postExecute` receives the whole run data before n8n saves anything, and appends one
 *    JSON line per execution to BENCH_HOOK_OUT: every node's start time and `executionTime` (the
 *    figures n8n shows in its editor), its output item counts, and the process CPU time and peak RSS
 *    within that node's window.
 * CPU inside a window is interpolated between samples: a node that blocks the event loop delays the
 * next sample, and its CPU is spread over the time it blocked, which is what happened.
 */
import { appendFileSync } from 'node:fs';

const SAMPLE_MS = 10;

/** [time ms, process CPU µs (user + system), RSS bytes] per sample. */
type Sample = [number, number, number];

let samples: Sample[] = [];
let timer: NodeJS.Timeout | undefined;

function sample(): void {
	const cpu = process.cpuUsage();
	samples.push([Date.now(), cpu.user + cpu.system, process.memoryUsage.rss()]);
}

/** Process CPU µs at time `t`, interpolated between the samples around it. */
function cpuAt(t: number): number {
	if (samples.length === 0) return 0;
	if (t <= samples[0][0]) return samples[0][1];
	for (let i = 1; i < samples.length; i++) {
		const [t1, c1] = samples[i];
		if (t <= t1) {
			const [t0, c0] = samples[i - 1];
			return t1 === t0 ? c1 : c0 + ((c1 - c0) * (t - t0)) / (t1 - t0);
		}
	}
	return samples[samples.length - 1][1];
}

function rssIn(from: number, to: number): { startKb: number; peakKb: number } {
	let start = samples[0]?.[2] ?? 0;
	let peak = 0;
	for (const [t, , rss] of samples) {
		if (t <= from) start = rss;
		if (t >= from && t <= to) peak = Math.max(peak, rss);
	}
	return { startKb: Math.round(start / 1024), peakKb: Math.round(Math.max(peak, start) / 1024) };
}

interface TaskData {
	startTime: number;
	executionTime: number;
	error?: { message?: string };
	data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> };
}

async function preExecute(): Promise<void> {
	samples = [];
	sample();
	clearInterval(timer);
	timer = setInterval(sample, SAMPLE_MS);
	timer.unref();
}

async function postExecute(
	fullRunData: { status?: string; data: { resultData: { error?: { message?: string }; runData: Record<string, TaskData[]> } } },
	workflowData: { id?: string; name?: string },
	executionId: string,
): Promise<void> {
	sample();
	clearInterval(timer);
	timer = undefined;
	const out = process.env.BENCH_HOOK_OUT;
	if (!out) return;
	const nodes: Record<string, unknown> = {};
	for (const [name, tasks] of Object.entries(fullRunData.data.resultData.runData)) {
		const task = tasks[tasks.length - 1];
		if (!task) continue;
		const end = task.startTime + task.executionTime;
		const outputs = (task.data?.main ?? []).map((items) => items?.length ?? 0);
		const firstFailed = task.data?.main?.[1]?.[0]?.json;
		nodes[name] = {
			startTime: task.startTime,
			executionTime: task.executionTime,
			outputs,
			cpuMs: Math.round(cpuAt(end) - cpuAt(task.startTime)) / 1000,
			rss: rssIn(task.startTime, end),
			error: task.error?.message,
			firstFailed: firstFailed ? JSON.stringify(firstFailed).slice(0, 600) : undefined,
		};
	}
	const first = samples[0];
	const last = samples[samples.length - 1];
	const line = {
		executionId,
		workflowId: workflowData.id,
		workflowName: workflowData.name,
		error: fullRunData.data.resultData.error?.message,
		nodes,
		execution: { ms: last[0] - first[0], cpuMs: (last[1] - first[1]) / 1000, peakRssKb: Math.round(Math.max(...samples.map((s) => s[2])) / 1024) },
		samples: samples.length,
		/** Both clocks at one moment: maps Date.now() times onto a --cpu-prof profile's clock (µs). */
		clock: { wallMs: Date.now(), monotonicUs: Number(process.hrtime.bigint() / 1000n) },
	};
	samples = [];
	appendFileSync(out, `${JSON.stringify(line)}\n`);
}

module.exports = { workflow: { preExecute: [preExecute], postExecute: [postExecute] } };
