/**
 * Builds this package, packs it with `npm pack`, and installs the tarball into an n8n user folder's
 * `.n8n/nodes` (n8n's documented manual installation), laid out as n8n's Community Nodes installer
 * lays packages out (n8n 1.123 CommunityPackagesService.downloadPackage): unpack into
 * `.n8n/nodes/node_modules/<name>`, drop devDependencies, peerDependencies and optionalDependencies
 * from its package.json, then `npm install` inside it with the installer's flags, so the runtime
 * dependencies load from there and nowhere else. The installer's database record is not written, so
 * Settings → Community nodes does not list the package (its nodes load all the same).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { log, REPO_ROOT, runOrThrow, tempDir } from './n8n';

export const PACKAGE_NAME: string = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).name;

/** The flags n8n's Community Nodes installer passes to `npm install` inside the unpacked package. */
const INSTALLER_NPM_ARGS = [
	'--audit=false',
	'--fund=false',
	'--bin-links=false',
	'--install-strategy=shallow',
	'--ignore-scripts=true',
	'--package-lock=false',
];

/** `npm run build` then `npm pack`; returns the tarball's path (in a temp folder removed at exit). */
export async function buildAndPack(): Promise<string> {
	log('npm run build');
	await runOrThrow('npm', ['run', 'build']);
	const out = tempDir('ow-pack-');
	// .npmrc sets ignore-scripts, so prepack does not build again.
	const { stdout } = await runOrThrow('npm', ['pack', '--pack-destination', out, '--json']);
	const [{ filename, size, entryCount }] = JSON.parse(stdout) as Array<{ filename: string; size: number; entryCount: number }>;
	log(`npm pack: ${filename} (${entryCount} files, ${(size / 1024).toFixed(0)} KiB)`);
	return join(out, filename);
}

/** Installs the tarball where n8n loads community packages from: `<userFolder>/.n8n/nodes/node_modules`. */
export async function installIntoN8n(tarball: string, userFolder: string): Promise<string> {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	const target = join(nodesDir, 'node_modules', PACKAGE_NAME);
	mkdirSync(target, { recursive: true });
	if (!readFileSafe(join(nodesDir, 'package.json'))) {
		writeFileSync(join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2));
	}
	await runOrThrow('tar', ['-xzf', tarball, '--strip-components=1', '-C', target]);
	const manifestPath = join(target, 'package.json');
	const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
	delete manifest.devDependencies;
	delete manifest.peerDependencies;
	delete manifest.optionalDependencies;
	writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
	log(`npm install (runtime dependencies only) in ${target}`);
	await runOrThrow('npm', ['install', ...INSTALLER_NPM_ARGS, '--omit=dev', '--loglevel=error'], { cwd: target });
	// Record it as the Community Nodes installer does, so `npm` in .n8n/nodes knows about it.
	const nodesManifest = JSON.parse(readFileSync(join(nodesDir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
	nodesManifest.dependencies[PACKAGE_NAME] = manifest.version as string;
	writeFileSync(join(nodesDir, 'package.json'), JSON.stringify(nodesManifest, null, 2));
	return target;
}

function readFileSafe(path: string): string | undefined {
	try {
		return readFileSync(path, 'utf8');
	} catch {
		return undefined;
	}
}
