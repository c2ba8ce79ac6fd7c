import { NodeHelpers, type INodeProperties } from 'n8n-workflow';

import { ChannelEventTrigger } from '../../nodes/ChannelEventTrigger/ChannelEventTrigger.node';
import { CHANNELS } from '../../nodes/shared/catalog';

const description = new ChannelEventTrigger().description;
const receipts = description.properties.filter((p) => p.name === 'receipts');
const receiptsFor = (entityType: string) => receipts.find((p) => (p.displayOptions?.show?.entityType as string[]).includes(entityType))!;

describe('Channel Event Trigger parameters', () => {
	test('keeps the public parameter names of DESIGN.md', () => {
		const names = description.properties.map((p) => p.name);
		for (const name of ['entityType', 'entityId', 'events', 'receipts', 'enableHubSignature', 'authentication', 'options']) {
			expect(names).toContain(name);
		}
	});

	test('service and phone number: one receipts field per catalog channel with all its statuses', () => {
		for (const entityType of ['service', 'phoneNumber']) {
			const fields = receiptsFor(entityType).options as INodeProperties[];
			expect(fields.map((f) => f.name)).toEqual(CHANNELS.map((c) => c.id));
			for (const channel of CHANNELS) {
				const field = fields.find((f) => f.name === channel.id)!;
				expect((field.options as Array<{ value: string }>).map((o) => o.value)).toEqual(channel.statuses.map((s) => s.id));
			}
		}
	});

	test('events offered per entity, as n8n shows them: an App has no calls', () => {
		const offered = (entityType: string) =>
			description.properties
				.filter((p) => p.name === 'events' && NodeHelpers.displayParameter({ entityType } as never, p, { typeVersion: 1 }, description))
				.flatMap((p) => (p.options as Array<{ value: string }>).map((o) => o.value));
		expect(offered('service')).toEqual(['incomingMessage', 'incomingCall', 'callEvent']);
		expect(offered('phoneNumber')).toEqual(['incomingMessage', 'incomingCall', 'callEvent']);
		expect(offered('app')).toEqual(['incomingMessage']);
	});

	test('the App entity offers the In-App channel only', () => {
		expect((receiptsFor('app').options as INodeProperties[]).map((f) => f.name)).toEqual(['inApp']);
	});

	test('nothing is selected by default (as in the spec)', () => {
		expect(description.properties.find((p) => p.name === 'events')!.default).toEqual([]);
		for (const property of receipts) {
			expect(property.default).toEqual({});
			for (const field of property.options as INodeProperties[]) expect(field.default).toEqual([]);
		}
	});

	test('Email statuses that need the AWS SES route say so in their label', () => {
		const email = (receiptsFor('service').options as INodeProperties[]).find((f) => f.name === 'email')!;
		const labels = (email.options as Array<{ name: string; value: string }>).map((o) => o.name);
		expect(labels.filter((l) => l.includes('AWS SES'))).toHaveLength(7);
		expect(labels).toContain('Submitted');
	});

	test('events offers incoming message, incoming call and call events', () => {
		const events = description.properties.find((p) => p.name === 'events')!;
		expect((events.options as Array<{ value: string }>).map((o) => o.value)).toEqual(['incomingMessage', 'incomingCall', 'callEvent']);
	});

	test('webhooks: POST for events, GET and HEAD for the test call, on one path', () => {
		expect(description.webhooks!.map((w) => [w.httpMethod, w.path])).toEqual([
			['POST', 'channel-events'],
			['GET', 'channel-events'],
			['HEAD', 'channel-events'],
		]);
	});

	test('credentials appear only with their switch: hub signature, Basic, API key (as n8n decides it)', () => {
		// n8n fills in parameter defaults (Workflow constructor, editor) before it decides.
		const shown = (parameters: Record<string, unknown>) => {
			const filled = NodeHelpers.getNodeParameters(description.properties, parameters as never, true, false, null, null) as never;
			return description.credentials!.filter((credential) => NodeHelpers.displayParameter(filled, credential, { typeVersion: 1 }, description)).map((c) => c.name);
		};
		expect(shown({ enableHubSignature: false, authentication: 'none' })).toEqual([]);
		expect(shown({ enableHubSignature: true, authentication: 'none' })).toEqual(['hubSignatureApi']);
		expect(shown({ enableHubSignature: false, authentication: 'basicAuth' })).toEqual(['webhookBasicAuthApi']);
		expect(shown({ enableHubSignature: true, authentication: 'apiKey' })).toEqual(['hubSignatureApi', 'webhookApiKeyApi']);
	});

	test('signature scheme: hub by default (old workflows), Standard Webhooks swaps the credential', () => {
		const shown = (parameters: Record<string, unknown>) =>
			description.credentials!.filter((credential) => NodeHelpers.displayParameter(parameters as never, credential, { typeVersion: 1 }, description)).map((c) => c.name);
		const scheme = description.properties.find((p) => p.name === 'signatureScheme')!;
		expect([scheme.default, (scheme.options as Array<{ value: string }>).map((o) => o.value)]).toEqual(['hub', ['hub', 'standardWebhooks']]);
		// What n8n makes of a workflow saved before the parameter existed: the default fills it in.
		const old = NodeHelpers.getNodeParameters(description.properties, { enableHubSignature: true, authentication: 'none' }, true, false, null, null);
		expect(old?.signatureScheme).toBe('hub');
		expect(shown(old as Record<string, unknown>)).toEqual(['hubSignatureApi']);
		expect(shown({ enableHubSignature: true, signatureScheme: 'standardWebhooks', authentication: 'none' })).toEqual(['standardWebhooksApi']);
		expect(shown({ enableHubSignature: false, signatureScheme: 'standardWebhooks', authentication: 'none' })).toEqual([]);
	});

	test('no boolean is named in a credential `show` (n8n 1.x would hide it as the main auth field)', () => {
		const booleans = new Set(description.properties.filter((p) => p.type === 'boolean').map((p) => p.name));
		for (const credential of description.credentials!) {
			for (const name of Object.keys(credential.displayOptions?.show ?? {})) expect([credential.name, booleans.has(name)]).toEqual([credential.name, false]);
		}
	});
});
