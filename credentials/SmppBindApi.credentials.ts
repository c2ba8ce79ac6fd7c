import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/** An ESME bind: the SMPP account incoming messages are forwarded to. */
export class SmppBindApi implements ICredentialType {
	name = 'smppBindApi';

	displayName = 'SMPP ESME Bind API';

	documentationUrl = 'https://github.com/n8n-nodes-outbound-webhooks/n8n-nodes-outbound-webhooks#forward-to-smpp';

	properties: INodeProperties[] = [
		{ displayName: 'Host', name: 'host', type: 'string', default: '', required: true },
		{ displayName: 'Port', name: 'port', type: 'number', default: 2775 },
		{ displayName: 'ESME Bind ID (System ID)', name: 'systemId', type: 'string', default: '', required: true },
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
	];
}
