/** PASS / FAIL lines for the end-to-end tier, and the summary at the end. */

/** A PASS line stays one line; a FAIL shows its whole detail. */
const PASS_DETAIL_MAX = 140;
export class Checks {
	passed = 0;
	failed = 0;
	readonly failures: string[] = [];

	constructor(private readonly prefix: string) {}

	/** Records one assertion; `detail` explains a failure (or adds context to a pass). */
	check(name: string, ok: boolean, detail = ''): boolean {
		const label = `${this.prefix} ${name}`;
		if (ok) {
			this.passed++;
			const short = detail.replace(/\s+/g, ' ');
			console.log(`PASS ${label}${short ? ` (${short.length > PASS_DETAIL_MAX ? `${short.slice(0, PASS_DETAIL_MAX)}...` : short})` : ''}`);
		} else {
			this.failed++;
			this.failures.push(label);
			console.log(`FAIL ${label}${detail ? `\n     ${detail.split('\n').join('\n     ')}` : ''}`);
		}
		return ok;
	}

	/** Runs a step that either completes (PASS) or throws (FAIL with the error). */
	async step<T>(name: string, fn: () => Promise<T>): Promise<T | undefined> {
		try {
			const result = await fn();
			this.check(name, true);
			return result;
		} catch (error) {
			this.check(name, false, error instanceof Error ? error.message : String(error));
			return undefined;
		}
	}
}
