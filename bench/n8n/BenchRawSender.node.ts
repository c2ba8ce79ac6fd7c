/**
 * Raw undici inside an n8n node: the limit any node can reach in that engine. It sends its input
 * items with the same code as bench/scenarios/undici-raw.ts on its own (bench/lib/raw-send.ts) and
 * returns its input items unchanged: no retries, no verification, no per-item output. Run inside n8n
 * (harness or real server, where it is loaded as the custom extension `CUSTOM.benchRawSender`), it
 * shows what n8n's process itself costs a sender (its items, heap, garbage collector), apart from
 * what the Outbound Webhook node adds. Not part of the package.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { rawSend } from '../lib/raw-send';

export class BenchRawSender implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bench Raw Sender',
		name: 'benchRawSender',
		group: ['output'],
		version: 1,
		description: 'POSTs each item with raw undici (the limit of a node in this engine)',
		defaults: { name: 'Raw Sender' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [
			{ displayName: 'URL', name: 'url', type: 'string', default: '' },
			{ displayName: 'Secret', name: 'secret', type: 'string', default: '' },
			{ displayName: 'Concurrency', name: 'concurrency', type: 'number', default: 16 },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const { failed } = await rawSend({
			url: new URL(this.getNodeParameter('url', 0) as string),
			count: items.length,
			concurrency: Number(this.getNodeParameter('concurrency', 0)),
			secret: this.getNodeParameter('secret', 0) as string,
			json: (n) => items[n].json,
		});
		// Every item delivered goes out on output 0, unchanged (as a failed count of 0 says).
		return [failed === 0 ? items : []];
	}
}
