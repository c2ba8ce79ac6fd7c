import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/** AWS Signature Version 4 for endpoints behind API Gateway, Lambda function URLs and the like. */
export class WebhookAwsSignatureApi implements ICredentialType {
	name = 'webhookAwsSignatureApi';

	displayName = 'Webhook AWS Signature API';

	documentationUrl = 'https://github.com/n8n-nodes-outbound-webhooks/n8n-nodes-outbound-webhooks#authorization';

	properties: INodeProperties[] = [
		{ displayName: 'Access Key ID', name: 'accessKeyId', type: 'string', default: '', required: true },
		{
			displayName: 'Secret Access Key',
			name: 'secretAccessKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{ displayName: 'Region', name: 'region', type: 'string', default: 'us-east-1', required: true },
		{
			displayName: 'Service Name',
			name: 'service',
			type: 'string',
			default: 'execute-api',
			required: true,
			description: 'Service that receives the request, e.g. execute-api (API Gateway) or lambda (function URLs)',
		},
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Only for temporary credentials',
		},
	];
}
