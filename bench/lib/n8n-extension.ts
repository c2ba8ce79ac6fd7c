/**
 * Writes the benchmark's helpers for a real n8n into a folder: the Bench Source and Bench Raw Sender
 * nodes (loaded through N8N_CUSTOM_EXTENSIONS as `CUSTOM.benchSource`, `CUSTOM.benchRawSender`) and
 * the external hook file that records each node's execution time, CPU and RSS (EXTERNAL_HOOK_FILES).
 * They are TypeScript in bench/, transpiled here with the repo's TypeScript, keeping their relative
 * layout so `../lib/items` resolves. Put the folder inside `.n8n/nodes` of the n8n user folder: the
 * raw sender's `undici` then resolves to the one installed with the package (the same version).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { ModuleKind, ScriptTarget, transpileModule } from 'typescript';

const BENCH = join(__dirname, '..');
const FILES = { source: 'n8n/BenchSource.node.ts', rawSender: 'n8n/BenchRawSender.node.ts', rawSend: 'lib/raw-send.ts', hooks: 'n8n/hooks.ts', items: 'lib/items.ts' };

export interface N8nExtension {
	/** The folder for N8N_CUSTOM_EXTENSIONS. */
	dir: string;
	/** The file for EXTERNAL_HOOK_FILES. */
	hooksFile: string;
	/** The Bench Source's node type inside n8n. */
	sourceType: string;
	/** The Bench Raw Sender's node type inside n8n. */
	rawSenderType: string;
}

export function writeN8nExtension(dir: string): N8nExtension {
	for (const file of Object.values(FILES)) {
		const source = readFileSync(join(BENCH, file), 'utf8');
		const { outputText } = transpileModule(source, { compilerOptions: { module: ModuleKind.CommonJS, target: ScriptTarget.ES2022, esModuleInterop: true } });
		const target = join(dir, file.replace(/\.ts$/, '.js'));
		mkdirSync(dirname(target), { recursive: true });
		writeFileSync(target, outputText);
	}
	return { dir, hooksFile: join(dir, FILES.hooks.replace(/\.ts$/, '.js')), sourceType: 'CUSTOM.benchSource', rawSenderType: 'CUSTOM.benchRawSender' };
}
