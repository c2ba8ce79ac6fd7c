import type { INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

export class ChannelEventTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Channel Event Trigger',
		name: 'channelEventTrigger',
		icon: 'file:channelEventTrigger.svg',
		group: ['trigger'],
		version: 1,
		description: 'Starts the workflow when a channel event (incoming message, call event, delivery receipt) arrives',
		defaults: { name: 'Channel Event Trigger' },
		inputs: [],
		outputs: ['main'],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'channel-events' }],
		properties: [],
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return { workflowData: [[{ json: this.getBodyData() }]] };
	}
}
