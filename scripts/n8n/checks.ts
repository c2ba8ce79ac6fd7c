/** PASS / FAIL lines for the end-to-end tier, and the summary at the end. */
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
			console.log(`PASS ${label}${detail ? ` (${detail})` : ''}`);
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
