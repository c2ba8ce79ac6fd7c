/**
 * Bench Source for a real n8n: emits `count` items of about 1 KB (bench/lib/items.ts), like a
 * database read or a split batch would, optionally with the endpoint in a `url` field. Loaded into
 * the benchmark's n8n as a custom extension (N8N_CUSTOM_EXTENSIONS, type `CUSTOM.benchSource`),
 * transpiled by bench/lib/n8n-extension.ts; it is not part of the package.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { benchEvent } from '../lib/items';

export class BenchSource implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bench Source',
		name: 'benchSource',
		group: ['input'],
		version: 1,
		description: 'Emits count benchmark items of about 1 KB',
		defaults: { name: 'Bench Source' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [
			{ displayName: 'Count', name: 'count', type: 'number', default: 1 },
			{ displayName: 'URL Field', name: 'url', type: 'string', default: '', description: 'Put this URL in each item as `url`' },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const count = Number(this.getNodeParameter('count', 0));
		const url = (this.getNodeParameter('url', 0, '') as string) || undefined;
		return [Array.from({ length: count }, (_, n) => ({ json: benchEvent(n, url) }))];
	}
}
