/**
 * n8n's own HTTP Request node, for the comparison. n8n-nodes-base is far too heavy to be a
 * devDependency of this package (Kafka, Oracle, Snowflake, jsdom, LangChain, ...), so it is loaded
 * from the real n8n that the end-to-end tier installs into the cache (scripts/n8n/install.sh 2, which
 * holds n8n-nodes-base 2.41.x, the same minor as this repo's n8n-core), or from BENCH_N8N_NODES_BASE.
 */
import { existsSync } from 'node:fs';
import Module from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';

import type { INodeType, IVersionedNodeType } from 'n8n-workflow';

const CACHE = process.env.OW_CACHE ?? join(homedir(), '.cache', 'n8n-nodes-outbound-webhooks');
const N8N2_VERSION = process.env.OW_N8N2_VERSION ?? '2.41.0';

export function findNodesBase(): string | undefined {
	const candidates = [
		process.env.BENCH_N8N_NODES_BASE,
		join(CACHE, `n8n-${N8N2_VERSION}`, 'node_modules', 'n8n-nodes-base'),
		// An install still in progress already has the package in place.
		join(CACHE, `n8n-${N8N2_VERSION}.partial`, 'node_modules', 'n8n-nodes-base'),
	];
	return candidates.find((dir) => dir && existsSync(join(dir, 'dist', 'nodes', 'HttpRequest', 'HttpRequest.node.js')));
}

type Resolve = (request: string, parent: unknown, ...rest: unknown[]) => string;

/**
 * n8n-nodes-base would load its own copy of n8n-workflow from the cache; point it at this repo's
 * copy instead, so the engine and the node share one set of classes (same 2.41 API).
 */
function shareWorkflowModule(): void {
	const moduleWithResolve = Module as unknown as { _resolveFilename: Resolve };
	const original = moduleWithResolve._resolveFilename;
	const ours = require.resolve('n8n-workflow');
	moduleWithResolve._resolveFilename = function (request, parent, ...rest) {
		if (request === 'n8n-workflow') return ours;
		return original.call(this, request, parent, ...rest);
	};
}

export interface HttpRequestNode {
	type: INodeType | IVersionedNodeType;
	version: number;
	from: string;
	packageVersion: string;
}

export function loadHttpRequestNode(): HttpRequestNode | undefined {
	const dir = findNodesBase();
	if (!dir) return undefined;
	shareWorkflowModule();
	const module = require(join(dir, 'dist', 'nodes', 'HttpRequest', 'HttpRequest.node.js')) as { HttpRequest: new () => IVersionedNodeType };
	const type = new module.HttpRequest();
	const packageVersion = (require(join(dir, 'package.json')) as { version: string }).version;
	return { type, version: type.description.defaultVersion ?? 1, from: dir, packageVersion };
}
