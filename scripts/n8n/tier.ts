/**
 * What every real-n8n tier does around its own checks: for each n8n version named on the command line
 * (default both), wait for its install (started for all versions at once, so a cold cache installs
 * them side by side), run the version's checks, print its count and time; then the failures, the
 * closing line `<name>: N passed, M failed` that `.ci/run` counts, and the tier's total time.
 */
import { Checks } from './checks';
import { ensureN8n, log, profile, type Profile } from './n8n';

export interface TierOptions {
	/** The tier's name: in every check's label (`[ui n8n1 1.123.81]`) and in the closing lines. */
	name: string;
	/** Runs once, while the installs go on (e.g. build and pack the package). */
	prepare?: () => Promise<void>;
	/** One version's checks: n8n installed at `bin`. */
	run: (p: Profile, bin: string, checks: Checks) => Promise<void>;
	/** Printed before the closing line (e.g. where the screenshots are). */
	footer?: string;
}

export async function runTier({ name, prepare, run, footer }: TierOptions): Promise<number> {
	const started = Date.now();
	const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['n8n1', 'n8n2'];
	const profiles = names.map(profile);
	const installs = new Map(profiles.map((p) => [p.name, ensureN8n(p)]));
	for (const install of installs.values()) install.catch(() => undefined);
	await prepare?.();
	const all: Checks[] = [];
	for (const p of profiles) {
		const checks = new Checks(`[${name} ${p.name} ${p.n8nVersion}]`);
		all.push(checks);
		const profileStart = Date.now();
		try {
			await run(p, await installs.get(p.name)!, checks);
		} catch (error) {
			checks.check(`the ${name} tier ran to the end`, false, error instanceof Error ? (error.stack ?? error.message) : String(error));
		}
		log(`${p.name}: ${checks.passed} passed, ${checks.failed} failed in ${seconds(profileStart)}`);
	}
	const passed = all.reduce((n, c) => n + c.passed, 0);
	const failed = all.reduce((n, c) => n + c.failed, 0);
	console.log('');
	for (const c of all) for (const f of c.failures) console.log(`  failed: ${f}`);
	if (footer) console.log(footer);
	console.log(`${name}: ${passed} passed, ${failed} failed`);
	console.log(`${name} total time: ${seconds(started)}`);
	return failed === 0 && passed > 0 ? 0 : 1;
}

/** A duration since `since` as "2 min 5 s" or "42 s". */
export function seconds(since: number): string {
	const s = Math.round((Date.now() - since) / 1000);
	return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}
