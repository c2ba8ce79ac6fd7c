import { NodeHelpers, resolveWebhookDescriptionField, Workflow, type INodeProperties, type INodeType, type INodeTypes } from 'n8n-workflow';

import { ChannelEventTrigger } from '../../nodes/ChannelEventTrigger/ChannelEventTrigger.node';
import { CHANNELS } from '../../nodes/shared/catalog';
import { OutboundWebhook } from '../../nodes/OutboundWebhook/OutboundWebhook.node';

const description = new ChannelEventTrigger().description;
const receipts = description.properties.filter((p) => p.name === 'receipts');
const receiptsFor = (entityType: string) => receipts.find((p) => (p.displayOptions?.show?.['/entityType'] as string[]).includes(entityType))!;

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
		expect(offered('service')).toEqual(['incomingMessage', 'incomingCall', 'callEvent', 'customerEvent']);
		expect(offered('phoneNumber')).toEqual(['incomingMessage', 'incomingCall', 'callEvent', 'customerEvent']);
		expect(offered('app')).toEqual(['incomingMessage', 'customerEvent']);
	});

	test('the App entity offers the channels of app assets, not SMS, MMS or Voice', () => {
		expect((receiptsFor('app').options as INodeProperties[]).map((f) => f.name)).toEqual([
			'messenger', 'inApp', 'whatsApp', 'push', 'email', 'appleMessages', 'rcs', 'instagram', 'googleBusinessMessages',
		]);
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

	test('events offers incoming message, incoming call, call events and customer events (the stored values of older workflows first)', () => {
		const events = description.properties.find((p) => p.name === 'events')!;
		expect((events.options as Array<{ value: string }>).map((o) => o.value)).toEqual(['incomingMessage', 'incomingCall', 'callEvent', 'customerEvent']);
	});

	test('webhooks: POST for events, GET and HEAD for the test call, on one path', () => {
		expect(description.webhooks!.map((w) => [w.httpMethod, w.path])).toEqual([
			['POST', 'channel-events'],
			['GET', 'channel-events'],
			['HEAD', 'channel-events'],
		]);
	});

	test('Respond (responseMode): Immediately by default, When the Workflow Has Run on request; a notice shows with the latter', () => {
		const respond = description.properties.find((p) => p.name === 'responseMode')!;
		expect([respond.displayName, respond.default, (respond.options as Array<{ name: string; value: string }>).map((o) => [o.name, o.value])]).toEqual([
			'Respond',
			'onReceived',
			[
				['Immediately', 'onReceived'],
				['When the Workflow Has Run', 'lastNode'],
			],
		]);
		const notice = description.properties.find((p) => p.name === 'respondAfterRunNotice')!;
		const shown = (parameters: Record<string, unknown>) =>
			NodeHelpers.displayParameter(NodeHelpers.getNodeParameters(description.properties, parameters as never, true, false, null, null) as never, notice, { typeVersion: 1 } as never, description);
		expect([shown({}), shown({ responseMode: 'onReceived' }), shown({ responseMode: 'lastNode' })]).toEqual([false, false, true]);
	});

	test('the POST webhook hands Respond to n8n (lastNode only when chosen; no parameter: onReceived), without the last node\'s data; GET and HEAD always answer at once', () => {
		const trigger = new ChannelEventTrigger() as INodeType;
		const nodeTypes: INodeTypes = {
			getByName: () => trigger,
			getByNameAndVersion: () => trigger,
			getKnownTypes: () => ({}),
		};
		const evaluate = (parameters: Record<string, unknown>, method: string, field: 'responseMode' | 'responseData') => {
			const node = { id: 'n', name: 'Trigger', type: 'trigger', typeVersion: 1, position: [0, 0] as [number, number], parameters: parameters as never };
			const workflow = new Workflow({ nodes: [node], connections: {}, nodeTypes, active: true });
			const webhook = description.webhooks!.find((w) => w.httpMethod === method)!;
			return workflow.expression.getSimpleParameterValue(workflow.nodes.Trigger, webhook[field] as string | undefined, 'webhook', {}, undefined, field === 'responseMode' ? 'onReceived' : 'firstEntryJson');
		};
		expect(['POST', 'GET', 'HEAD'].map((method) => [method, evaluate({ responseMode: 'lastNode' }, method, 'responseMode')])).toEqual([
			['POST', 'lastNode'],
			['GET', 'onReceived'],
			['HEAD', 'onReceived'],
		]);
		expect([{}, { responseMode: 'onReceived' }, { responseMode: 'something else' }].map((p) => evaluate(p, 'POST', 'responseMode'))).toEqual(['onReceived', 'onReceived', 'onReceived']);
		expect(evaluate({ responseMode: 'lastNode' }, 'POST', 'responseData')).toBe('noData');
	});

	test('n8n 2.x reads the POST response mode without its expression engine when the parameters are static, with the same answer as the expression', () => {
		const post = description.webhooks!.find((w) => w.httpMethod === 'POST')!;
		const trigger = new ChannelEventTrigger() as INodeType;
		const nodeTypes: INodeTypes = { getByName: () => trigger, getByNameAndVersion: () => trigger, getKnownTypes: () => ({}) };
		const cases = [{}, { responseMode: 'onReceived' }, { responseMode: 'lastNode' }, { responseMode: 'something else' }, { responseMode: 'lastNode', entityId: 'svc-1' }];
		for (const parameters of cases) {
			const node = { id: 'n', name: 'Trigger', type: 'trigger', typeVersion: 1, position: [0, 0] as [number, number], parameters: parameters as never };
			const workflow = new Workflow({ nodes: [node], connections: {}, nodeTypes, active: true });
			const byExpression = workflow.expression.getSimpleParameterValue(workflow.nodes.Trigger, post.responseMode, 'webhook', {}, undefined, 'onReceived');
			expect([parameters, resolveWebhookDescriptionField(workflow.nodes.Trigger, post, 'responseMode')]).toEqual([parameters, { resolved: true, value: byExpression }]);
		}
		// A parameter set by an expression makes n8n evaluate the template (the resolver cannot see its value).
		const dynamic = { id: 'n', name: 'Trigger', type: 'trigger', typeVersion: 1, position: [0, 0] as [number, number], parameters: { responseMode: 'lastNode', entityId: '={{ "svc" }}' } };
		expect(resolveWebhookDescriptionField(dynamic, post, 'responseMode')).toEqual({ resolved: false });
	});

	test('credentials appear only with their switch: hub signature, Basic, API key (as n8n decides it), on every version of the node', () => {
		expect(description.version).toEqual([1, 1.1]);
		for (const typeVersion of description.version as number[]) {
			// n8n fills in parameter defaults (Workflow constructor, editor) before it decides.
			const shown = (parameters: Record<string, unknown>) => {
				const filled = NodeHelpers.getNodeParameters(description.properties, parameters as never, true, false, null, null) as never;
				return description.credentials!.filter((credential) => NodeHelpers.displayParameter(filled, credential, { typeVersion }, description)).map((c) => c.name);
			};
			expect([typeVersion, shown({ enableHubSignature: false, authentication: 'none' })]).toEqual([typeVersion, []]);
			expect([typeVersion, shown({ enableHubSignature: true, authentication: 'none' })]).toEqual([typeVersion, ['hubSignatureApi']]);
			expect([typeVersion, shown({ enableHubSignature: false, authentication: 'basicAuth' })]).toEqual([typeVersion, ['webhookBasicAuthApi']]);
			expect([typeVersion, shown({ enableHubSignature: true, authentication: 'apiKey' })]).toEqual([typeVersion, ['hubSignatureApi', 'webhookApiKeyApi']]);
			expect([typeVersion, shown({ enableHubSignature: true, signatureScheme: 'standardWebhooks', authentication: 'none' })]).toEqual([typeVersion, ['standardWebhooksApi']]);
			expect([typeVersion, shown({ authentication: 'digestAuth' })]).toEqual([typeVersion, ['webhookDigestAuthApi']]);
			expect([typeVersion, shown({ authentication: 'awsSignature' })]).toEqual([typeVersion, ['webhookAwsSignatureApi']]);
			expect([typeVersion, shown({ authentication: 'oAuth2' })]).toEqual([typeVersion, ['webhookBearerTokenApi']]);
		}
	});

	test('authentication offers the Outbound Webhook\'s values; none stays the default, so saved workflows keep theirs', () => {
		const authentication = description.properties.find((p) => p.name === 'authentication')!;
		const values = (authentication.options as Array<{ value: string }>).map((o) => o.value);
		expect([...values].sort()).toEqual(['apiKey', 'awsSignature', 'basicAuth', 'digestAuth', 'none', 'oAuth2']);
		expect(authentication.default).toBe('none');
		const outbound = new OutboundWebhook().description.properties.find((p) => p.name === 'authentication')!;
		expect([...values].sort()).toEqual((outbound.options as Array<{ value: string }>).map((o) => o.value).sort());
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

	/**
	 * n8n's editor, on every parameter change (removeMismatchedOptionValues in n8n 1.123.81 and
	 * 2.41.0), unsets each parameter that has static options and names the changed parameter in its
	 * displayOptions, unless it finds the value among the options; it compares a multi-select's
	 * array with single option values and a collection's option names with the keys of the whole
	 * node, so it unsets `events` and `receipts` on any Entity Type change. Neither may name it.
	 */
	test('no parameter with options names entityType in its displayOptions (the editor would empty it on a change)', () => {
		const offenders = description.properties
			.filter((p) => p.options !== undefined)
			.filter((p) => p.displayOptions?.show?.entityType !== undefined || p.displayOptions?.hide?.entityType !== undefined)
			.map((p) => p.name);
		expect(offenders).toEqual([]);
	});

	/** What the editor keeps after a change: n8n-workflow's getNodeParameters, as NodeSettings calls it. */
	const afterChange = (parameters: Record<string, unknown>, change: Record<string, unknown>) =>
		NodeHelpers.getNodeParameters(description.properties, { ...parameters, ...change } as never, true, false, { typeVersion: 1 } as never, description)!;
	const subscribed = { entityType: 'service', events: ['incomingMessage', 'incomingCall'], receipts: { sms: ['delivered'], inApp: ['read'] } };

	test('Service → Phone Number keeps Events and Delivery Receipts as they are', () => {
		const next = afterChange(subscribed, { entityType: 'phoneNumber' });
		expect(next.events).toEqual(['incomingMessage', 'incomingCall']);
		expect(next.receipts).toEqual({ sms: ['delivered'], inApp: ['read'] });
	});

	test('Service → App keeps what an App offers (the In-App receipts); back to Service keeps it too', () => {
		const app = afterChange(subscribed, { entityType: 'app' });
		expect(app.receipts).toEqual({ inApp: ['read'] });
		expect(app.events).toContain('incomingMessage');
		const back = afterChange(app, { entityType: 'service' });
		expect(back.receipts).toEqual({ inApp: ['read'] });
		expect(back.events).toContain('incomingMessage');
	});

	const noticeShown = (parameters: Record<string, unknown>) =>
		NodeHelpers.displayParameter(
			afterChange(parameters, {}) as never,
			description.properties.find((p) => p.name === 'nothingSubscribedNotice')!,
			{ typeVersion: 1 } as never,
			description,
		);

	test('every displayOptions key names a parameter of its level, @version, or a /root path (n8n 1.123 fails on others)', () => {
		const check = (properties: INodeProperties[]) => {
			const names = new Set(properties.map((p) => p.name));
			for (const p of properties) {
				for (const rule of [p.displayOptions?.show, p.displayOptions?.hide]) {
					for (const key of Object.keys(rule ?? {})) expect([p.name, key, names.has(key) || key.startsWith('@') || key.startsWith('/')]).toEqual([p.name, key, true]);
				}
				if (p.type === 'collection') check(p.options as INodeProperties[]);
			}
		};
		check(description.properties);
		check(new OutboundWebhook().description.properties);
	});

	test('a notice says so while nothing is subscribed, and goes once an event or a receipt status is ticked', () => {
		expect(noticeShown({ entityType: 'service' })).toBe(true);
		expect(noticeShown({ entityType: 'app', events: [], receipts: {} })).toBe(true);
		expect(noticeShown({ entityType: 'service', events: ['callEvent'] })).toBe(false);
		expect(noticeShown({ entityType: 'service', receipts: { email: ['bounced'] } })).toBe(false);
		expect(noticeShown({ entityType: 'app', receipts: { inApp: ['clicked'] } })).toBe(false);
	});

	test('the credential pickers are drawn after Authentication and the switch that reveals them', () => {
		const names = description.properties.map((p) => p.name);
		const pickers = description.properties.findIndex((p) => p.type === 'credentials');
		expect(pickers).toBeGreaterThan(names.indexOf('authentication'));
		expect(pickers).toBeGreaterThan(names.indexOf('enableHubSignature'));
	});

	test('the trigger panel has texts of its own (not n8n\'s "Pull in events from Channel Event")', () => {
		const panel = description.triggerPanel as { header?: string };
		expect(panel.header).toMatch(/channel event/i);
	});
});
