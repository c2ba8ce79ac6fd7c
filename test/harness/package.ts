import type { ICredentialType, INodeType, IVersionedNodeType } from 'n8n-workflow';

import * as pkg from '../../package.json';
import { TestFilter } from './filter.node';
import { TestSource } from './source.node';

export const PACKAGE_NAME = pkg.name;

/**
 * Loads the package's node and credential classes from source, by the file list in package.json's
 * `n8n` section (dist/… .js → the .ts beside it), so a node or credential missing from package.json
 * is missing in tests too.
 */
function loadClasses<T>(distPaths: string[]): T[] {
	return distPaths.map((distPath) => {
		const sourcePath = distPath.replace(/^dist\//, '../../').replace(/\.js$/, '.ts');
		const module = require(sourcePath) as Record<string, new () => T>;
		const exported = Object.values(module).filter((value) => typeof value === 'function');
		if (exported.length !== 1) throw new Error(`${distPath} must export exactly one class`);
		return new exported[0]();
	});
}

export function packageNodeTypes(): Record<string, INodeType | IVersionedNodeType> {
	const types: Record<string, INodeType | IVersionedNodeType> = { 'test.source': new TestSource(), 'test.filter': new TestFilter() };
	for (const node of loadClasses<INodeType>(pkg.n8n.nodes)) {
		types[`${PACKAGE_NAME}.${node.description.name}`] = node;
	}
	return types;
}

export function packageCredentialTypes(): Record<string, ICredentialType> {
	const types: Record<string, ICredentialType> = {};
	for (const credential of loadClasses<ICredentialType>(pkg.n8n.credentials)) types[credential.name] = credential;
	return types;
}
