import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/** SMPP 3.4 §5.2.5 type of number, for the source address of forwarded messages. */
const TON_OPTIONS = [
	{ name: 'Automatic (From the Sender)', value: 'auto' },
	{ name: '0 – Unknown', value: '0' },
	{ name: '1 – International', value: '1' },
	{ name: '2 – National', value: '2' },
	{ name: '3 – Network Specific', value: '3' },
	{ name: '4 – Subscriber Number', value: '4' },
	{ name: '5 – Alphanumeric', value: '5' },
	{ name: '6 – Abbreviated', value: '6' },
];

/** SMPP 3.4 §5.2.6 numbering plan indicator. */
const NPI_OPTIONS = [
	{ name: 'Automatic (From the Sender)', value: 'auto' },
	{ name: '0 – Unknown', value: '0' },
	{ name: '1 – ISDN (E.163/E.164)', value: '1' },
	{ name: '3 – Data (X.121)', value: '3' },
	{ name: '4 – Telex (F.69)', value: '4' },
	{ name: '6 – Land Mobile (E.212)', value: '6' },
	{ name: '8 – National', value: '8' },
	{ name: '9 – Private', value: '9' },
	{ name: '10 – ERMES', value: '10' },
	{ name: '14 – Internet (IP)', value: '14' },
	{ name: '18 – WAP Client ID', value: '18' },
];

/**
 * An ESME bind: the SMPP account (on an SMSC or SMS gateway) that the Outbound Webhook node forwards
 * incoming messages to. The credential test binds and unbinds once.
 */
export class SmppBindApi implements ICredentialType {
	name = 'smppBindApi';

	displayName = 'SMPP ESME Bind API';

	documentationUrl = 'https://github.com/n8n-nodes-outbound-webhooks/n8n-nodes-outbound-webhooks#forward-to-smpp';

	icon: Icon = { light: 'file:webhookCredential.svg', dark: 'file:webhookCredential.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'Host',
			name: 'host',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'smsc.example.com',
			description: 'Host name or IP address of the SMSC or SMS gateway',
		},
		{ displayName: 'Port', name: 'port', type: 'number', default: 2775, description: 'SMPP port; 2775 is usual, often 3550 with TLS' },
		{
			displayName: 'ESME Bind ID',
			name: 'systemId',
			type: 'string',
			default: '',
			required: true,
			description: 'The system_id the SMSC operator assigned to this ESME (at most 15 characters)',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The bind password (SMPP 3.4 allows 8 characters; some SMSCs accept more)',
		},
		{
			displayName: 'System Type',
			name: 'systemType',
			type: 'string',
			default: '',
			description: 'The system_type the SMSC expects, if any (often empty)',
		},
		{
			displayName: 'Bind Mode',
			name: 'bindMode',
			type: 'options',
			options: [
				{ name: 'Transmitter', value: 'transmitter', description: 'Send only (bind_transmitter)' },
				{ name: 'Transceiver', value: 'transceiver', description: 'Send and receive on one link (bind_transceiver)' },
			],
			default: 'transmitter',
		},
		{ displayName: 'TLS', name: 'tls', type: 'boolean', default: false, description: 'Whether to connect over TLS' },
		// eslint-disable-next-line @n8n/community-nodes/credential-password-field -- a switch, not a secret ("Unauthorized" is in its name)
		{
			displayName: 'Ignore SSL Issues (Insecure)',
			name: 'allowUnauthorizedCerts',
			type: 'boolean',
			default: false,
			displayOptions: { show: { tls: [true] } },
			description: 'Whether to connect even if SSL certificate validation is not possible',
		},
		{
			displayName: 'Source TON',
			name: 'sourceTon',
			type: 'options',
			options: TON_OPTIONS,
			default: 'auto',
			description: 'Type of number of the source address (the original sender). Automatic: international for +E.164 numbers, alphanumeric for names.',
		},
		{
			displayName: 'Source NPI',
			name: 'sourceNpi',
			type: 'options',
			options: NPI_OPTIONS,
			default: 'auto',
			description: 'Numbering plan of the source address. Automatic: ISDN for numbers, unknown for names.',
		},
	];
}
