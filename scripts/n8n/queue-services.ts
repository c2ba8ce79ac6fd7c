/**
 * The two services n8n's queue mode needs, as plain processes on 127.0.0.1 with their data in a temp
 * folder: PostgreSQL (Debian's postgresql, run as user postgres when we are root) and Redis (Debian's
 * redis-server). The packages are installed with apt-get only when their binaries are missing.
 * Both stop, and their folders go, at cleanup (normal exit, failure, Ctrl-C).
 */
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

import { onCleanup } from './cleanup';
import { freePort, killGroup, log, run, runOrThrow, sleep, tail } from './n8n';

const PG_ROOT = '/usr/lib/postgresql';
const PG_USER = 'postgres';
export const PG_DATABASE = 'n8n';

function which(binary: string): string | undefined {
	for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/bin', '/usr/sbin'])) {
		if (dir && existsSync(join(dir, binary))) return join(dir, binary);
	}
	return undefined;
}

/** The newest `/usr/lib/postgresql/<major>/bin` that holds initdb, pg_ctl and psql. */
function postgresBinDir(): string | undefined {
	if (!existsSync(PG_ROOT)) return undefined;
	const majors = readdirSync(PG_ROOT)
		.filter((v) => /^\d+$/.test(v) && ['initdb', 'pg_ctl', 'psql'].every((b) => existsSync(join(PG_ROOT, v, 'bin', b))))
		.sort((a, b) => Number(b) - Number(a));
	return majors.length > 0 ? join(PG_ROOT, majors[0], 'bin') : undefined;
}

/** Installs redis-server and postgresql with apt-get when either is missing (a fresh CI machine). */
export async function ensureQueueBinaries(): Promise<{ pgBin: string; redisServer: string }> {
	let pgBin = postgresBinDir();
	let redisServer = which('redis-server');
	if (!pgBin || !redisServer) {
		const isRoot = process.getuid?.() === 0;
		const aptGet = isRoot ? ['apt-get'] : which('sudo') ? ['sudo', '-n', 'apt-get'] : undefined;
		if (!aptGet) throw new Error('redis-server or postgresql is missing and this user cannot run apt-get (not root, no sudo)');
		log(`installing ${[!redisServer && 'redis-server', !pgBin && 'postgresql'].filter(Boolean).join(' and ')} with apt-get`);
		const apt = (args: string[]) =>
			runOrThrow(aptGet[0], [...aptGet.slice(1), ...args], {
				env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
				timeoutMs: 600_000,
			});
		// Another apt-get on the machine (unattended upgrades on a fresh VM) holds the lock for a while.
		const wait = ['-o', 'DPkg::Lock::Timeout=300'];
		await apt([...wait, 'update', '-qq']);
		await apt([...wait, 'install', '-y', '-qq', 'redis-server', 'postgresql']);
		pgBin = postgresBinDir();
		redisServer = which('redis-server');
		if (!pgBin || !redisServer) throw new Error(`apt-get install ran, yet pg bin dir is ${pgBin} and redis-server is ${redisServer}`);
	}
	return { pgBin, redisServer };
}

export interface Postgres {
	port: number;
	/** n8n's settings for this database. */
	n8nEnv: Record<string, string>;
	/** One SQL statement through psql; rows as lines, columns split by `|`. */
	query(sql: string): Promise<string>;
	logTail(lines?: number): string;
}

/**
 * initdb (trust authentication, no fsync: a throwaway test database) into `<dir>/pg`, owned by user
 * postgres when we are root, then `pg_ctl start` on 127.0.0.1 with its socket in the same folder.
 */
export async function startPostgres(pgBin: string, dir: string): Promise<Postgres> {
	const started = Date.now();
	const pgDir = join(dir, 'pg');
	const data = join(pgDir, 'data');
	const logFile = join(pgDir, 'postgres.log');
	mkdirSync(pgDir, { recursive: true });
	const asPostgres = process.getuid?.() === 0;
	if (asPostgres) {
		// The temp folder is root's (0700); user postgres needs to pass through it into pg/.
		chmodSync(dir, 0o711);
		const uid = Number((await runOrThrow('id', ['-u', PG_USER])).stdout.trim());
		const gid = Number((await runOrThrow('id', ['-g', PG_USER])).stdout.trim());
		chownSync(pgDir, uid, gid);
	}
	const pg = (binary: string, args: string[]) =>
		asPostgres
			? runOrThrow('runuser', ['-u', PG_USER, '--', join(pgBin, binary), ...args], { cwd: pgDir, timeoutMs: 120_000 })
			: runOrThrow(join(pgBin, binary), args, { cwd: pgDir, timeoutMs: 120_000 });

	await pg('initdb', ['-D', data, '-A', 'trust', '-U', PG_USER, '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']);
	const port = await freePort();
	// Registered before the start, so an interrupted start is stopped too; runs before the folder goes.
	onCleanup('stop PostgreSQL', async () => {
		const stop = await run(
			asPostgres ? 'runuser' : join(pgBin, 'pg_ctl'),
			[...(asPostgres ? ['-u', PG_USER, '--', join(pgBin, 'pg_ctl')] : []), '-D', data, '-m', 'fast', '-w', '-t', '20', 'stop'],
			{ timeoutMs: 30_000 },
		);
		if (stop.code !== 0 && !/Is server running\?|No such file/.test(stop.stderr)) {
			console.error(`cleanup: pg_ctl stop exited ${stop.code}: ${stop.stderr.trim()}`);
		}
	});
	const options = `-p ${port} -k ${pgDir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
	await pg('pg_ctl', ['-D', data, '-l', logFile, '-w', '-t', '60', '-o', options, 'start']);

	const psql = (sql: string, database: string) =>
		runOrThrow(join(pgBin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', PG_USER, '-d', database, '-XAtq', '-v', 'ON_ERROR_STOP=1', '-c', sql], {
			timeoutMs: 30_000,
		}).then((r) => r.stdout.trimEnd());
	await psql(`CREATE DATABASE ${PG_DATABASE}`, 'postgres');
	log(`PostgreSQL (${pgBin}) on 127.0.0.1:${port}, data in ${data}, ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	return {
		port,
		n8nEnv: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_DATABASE: PG_DATABASE,
			DB_POSTGRESDB_USER: PG_USER,
			DB_POSTGRESDB_PASSWORD: '',
		},
		query: (sql) => psql(sql, PG_DATABASE),
		logTail: (lines = 30) => {
			try {
				return tail(readFileSync(logFile, 'utf8'), lines);
			} catch {
				return '(no PostgreSQL log)';
			}
		},
	};
}

export interface Redis {
	port: number;
	n8nEnv: Record<string, string>;
}

/** redis-server on 127.0.0.1 without persistence, its working folder in `<dir>/redis`. */
export async function startRedis(redisServer: string, dir: string): Promise<Redis> {
	const started = Date.now();
	const redisDir = join(dir, 'redis');
	mkdirSync(redisDir, { recursive: true });
	const port = await freePort();
	const logFile = join(redisDir, 'redis.log');
	const out = createWriteStream(logFile);
	await new Promise<void>((resolve) => out.on('open', () => resolve()));
	const child = spawn(
		redisServer,
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', redisDir, '--daemonize', 'no'],
		{ detached: true, stdio: ['ignore', out, out] },
	);
	const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
	onCleanup(`stop redis-server (pid ${child.pid})`, async () => {
		killGroup(child.pid, 'SIGTERM');
		if (!(await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]))) killGroup(child.pid, 'SIGKILL');
	});
	const deadline = Date.now() + 20_000;
	while (!(await redisPing(port))) {
		if (child.exitCode !== null || Date.now() > deadline) {
			throw new Error(`redis-server did not answer PING on port ${port}:\n${tail(readFileSync(logFile, 'utf8'), 20)}`);
		}
		await sleep(100);
	}
	log(`Redis on 127.0.0.1:${port}, ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	return { port, n8nEnv: { QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(port) } };
}

function redisPing(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = connect(port, '127.0.0.1');
		let answer = '';
		socket.setTimeout(1000, () => socket.destroy());
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => {
			answer += chunk.toString();
			if (answer.includes('\r\n')) socket.end();
		});
		socket.on('error', () => undefined);
		socket.on('close', () => resolve(answer.startsWith('+PONG')));
	});
}
