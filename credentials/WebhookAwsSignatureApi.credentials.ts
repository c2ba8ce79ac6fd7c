import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * AWS Signature Version 4 for endpoints behind API Gateway (IAM authorization), Lambda function
 * URLs (AWS_IAM auth type) and the like. Each notification is signed with these keys only: the
 * n8n host's own AWS identity (environment variables, instance role) is never used.
 */
export class WebhookAwsSignatureApi implements ICredentialType {
	name = 'webhookAwsSignatureApi';

	displayName = 'Webhook AWS Signature API';

	documentationUrl = 'https://github.com/n8n-nodes-outbound-webhooks/n8n-nodes-outbound-webhooks#authorization';

	icon: Icon = { light: 'file:webhookCredential.svg', dark: 'file:webhookCredential.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'Access Key ID',
			name: 'accessKeyId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'AKIA...',
			description: 'Access key of the IAM user or role allowed to invoke the endpoint',
		},
		{
			displayName: 'Secret Access Key',
			name: 'secretAccessKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Secret key that belongs to the access key',
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'string',
			default: 'us-east-1',
			required: true,
			description: 'AWS region of the endpoint, e.g. eu-west-1',
		},
		{
			displayName: 'Service Name',
			name: 'service',
			type: 'string',
			default: 'execute-api',
			required: true,
			description: 'Service that receives the request: execute-api for API Gateway, lambda for Lambda function URLs',
		},
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Only for temporary credentials (keys starting with ASIA, from STS)',
		},
	];
}
