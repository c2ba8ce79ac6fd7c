import { createHmac, randomUUID } from 'node:crypto';

import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { benchEvent } from './items';

/** Emits `count` items of 1 KB (bench/lib/items.ts), like a trigger or a database read would. */
export class BenchSource implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bench Source',
		name: 'benchSource',
		group: ['input'],
		version: 1,
		description: 'Emits count benchmark items',
		defaults: { name: 'Bench Source' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [{ displayName: 'Count', name: 'count', type: 'number', default: 1 }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const count = this.getNodeParameter('count', 0) as number;
		return [Array.from({ length: count }, (_, n) => ({ json: benchEvent(n) }))];
	}
}

/**
 * What a user puts before the HTTP Request node to sign a webhook: a Code node that serialises the
 * item and computes the HMAC. The harness has no task runner, so n8n's Code node cannot run in it;
 * this node does the same work in-process (JSON.stringify, HMAC SHA256, a delivery id), which is the
 * cheapest a Code node could be (a real Code node adds its sandbox on top).
 */
export class BenchSign implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bench Sign (Code node stand-in)',
		name: 'benchSign',
		group: ['transform'],
		version: 1,
		description: 'Adds body (JSON text), signature (hex HMAC SHA256) and deliveryId to each item',
		defaults: { name: 'Sign' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [{ displayName: 'Secret', name: 'secret', type: 'string', default: '' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const secret = this.getNodeParameter('secret', 0) as string;
		return [
			this.getInputData().map((item, index) => {
				const body = JSON.stringify(item.json);
				const signature = createHmac('sha256', secret).update(body).digest('hex');
				return { json: { body, signature, deliveryId: randomUUID() }, pairedItem: { item: index } };
			}),
		];
	}
}
