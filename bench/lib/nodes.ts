import { createHmac, randomUUID } from 'node:crypto';

import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

/** The same Bench Source as in the real-n8n benchmark (one class for both). */
export { BenchSource } from '../n8n/BenchSource.node';
export { BenchRawSender } from '../n8n/BenchRawSender.node';

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
