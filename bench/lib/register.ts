/**
 * Loaded with `-r` before each benchmark process (after ts-node). The test harness requires node
 * classes as `…/OutboundWebhook.node` without an extension; under jest that finds the .ts file, but
 * under plain Node + ts-node, `.json` is tried before `.ts` and the codex file
 * `OutboundWebhook.node.json` is found instead. Prefer a sibling `.ts` file for such requests.
 */
import { existsSync } from 'node:fs';
import Module from 'node:module';
import { dirname, resolve } from 'node:path';

type Resolve = (request: string, parent: { filename?: string } | undefined, ...rest: unknown[]) => string;
const moduleWithResolve = Module as unknown as { _resolveFilename: Resolve };
const original = moduleWithResolve._resolveFilename;
moduleWithResolve._resolveFilename = function (request, parent, ...rest) {
	if (request.startsWith('.') && /\.(node|credentials)$/.test(request) && parent?.filename) {
		const candidate = resolve(dirname(parent.filename), `${request}.ts`);
		if (existsSync(candidate)) return candidate;
	}
	return original.call(this, request, parent, ...rest);
};
