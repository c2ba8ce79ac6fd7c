/**
 * Everything a script starts (processes, temp folders, servers) registers its undo here. The undo
 * steps run once, in reverse order, on normal exit, on an error, and on Ctrl-C / SIGTERM.
 */
import type { ChildProcess } from 'node:child_process';

type Undo = () => void | Promise<void>;

const undos: Array<{ label: string; undo: Undo }> = [];
let running: Promise<void> | undefined;

export function onCleanup(label: string, undo: Undo): void {
	undos.push({ label, undo });
}

const children = new Set<ChildProcess>();

/**
 * A short-lived child (an n8n CLI command, npm, the installer) started in its own process group:
 * the whole group is terminated at cleanup if it is still running.
 */
export function trackChild(child: ChildProcess): void {
	children.add(child);
	child.on('exit', () => children.delete(child));
}

export function cleanup(): Promise<void> {
	running ??= (async () => {
		for (const child of children) {
			try {
				if (child.pid) process.kill(-child.pid, 'SIGTERM');
			} catch {
				// already gone
			}
		}
		while (undos.length > 0) {
			const { label, undo } = undos.pop()!;
			try {
				await undo();
			} catch (error) {
				console.error(`cleanup: ${label} failed: ${String(error)}`);
			}
		}
	})();
	return running;
}

/** Runs `main`, then cleans up; signals clean up too. Exits with main's code (1 on a throw). */
export function runMain(main: () => Promise<number>): void {
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => {
			console.error(`\n${signal}: stopping everything this script started ...`);
			void cleanup().then(() => process.exit(signal === 'SIGINT' ? 130 : 143));
		});
	}
	main()
		.catch((error: unknown) => {
			console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
			return 1;
		})
		.then(async (code) => {
			await cleanup();
			process.exit(code);
		});
}
