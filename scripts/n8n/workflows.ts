/**
 * Workflows and credentials of the end-to-end tier, as n8n's `import:workflow` / `import:credentials`
 * read them. Node parameters use the package's public names (DESIGN.md).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_ROOT } from './n8n';

export const PKG = 'n8n-nodes-outbound-webhooks';
export const OUTBOUND = `${PKG}.outboundWebhook`;
export const TRIGGER = `${PKG}.channelEventTrigger`;

export const E2E = {
	entityId: 'svc-demo',
	basic: { user: 'relay-user', password: 'relay-password' },
	/** Signs what n8n sends to the receiver. */
	outboundSecret: 'outbound-hub-secret',
	/** Signs what the tier posts to the Channel Event Trigger. */
	inboundSecret: 'inbound-hub-secret',
	ids: {
		basic: 'owE2eBasicAuth01',
		outboundHub: 'owE2eHubOut00001',
		inboundHub: 'owE2eHubIn000001',
		deliverWorkflow: 'owE2eDeliver0001',
		relayWorkflow: 'owE2eRelay000001',
		afterRunWorkflow: 'owE2eAfterRun001',
		afterRunFailWorkflow: 'owE2eAfterRunF01',
		afterRunWaitWorkflow: 'owE2eAfterRunW01',
	},
	relayWebhookId: '6f1c1d4e-0e2b-4a36-9c61-0b7a3b9f2e01',
	afterRunWebhookId: '6f1c1d4e-0e2b-4a36-9c61-0b7a3b9f2e02',
	afterRunFailWebhookId: '6f1c1d4e-0e2b-4a36-9c61-0b7a3b9f2e03',
	afterRunWaitWebhookId: '6f1c1d4e-0e2b-4a36-9c61-0b7a3b9f2e04',
};

export interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	webhookId?: string;
}

export function credentials() {
	return [
		{ id: E2E.ids.basic, name: 'E2E receiver basic auth', type: 'webhookBasicAuthApi', data: E2E.basic },
		{ id: E2E.ids.outboundHub, name: 'E2E outbound hub secret', type: 'hubSignatureApi', data: { secret: E2E.outboundSecret, algorithm: 'sha256' } },
		{ id: E2E.ids.inboundHub, name: 'E2E inbound hub secret', type: 'hubSignatureApi', data: { secret: E2E.inboundSecret, algorithm: 'sha256' } },
	];
}

const cred = (id: string, name: string) => ({ id, name });

function workflow(id: string, name: string, nodes: WorkflowNode[], connections: Record<string, unknown>) {
	return { id, name, active: false, nodes, connections, settings: { executionOrder: 'v1' }, pinData: {} };
}

const main = (...outputs: Array<Array<{ node: string }>>) => ({
	main: outputs.map((targets) => targets.map(({ node }) => ({ node, type: 'main', index: 0 }))),
});

/** The sample channel events in demo/events, by file name. */
export function sampleEvents(): Record<string, unknown> {
	const dir = join(REPO_ROOT, 'demo', 'events');
	return Object.fromEntries(
		readdirSync(dir)
			.filter((f) => f.endsWith('.json'))
			.sort()
			.map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(dir, f), 'utf8'))]),
	);
}

/** The items the manual workflow delivers. */
export const DELIVERY_ITEMS = [
	{ event: 'incomingMessage', channel: 'sms', serviceId: E2E.entityId, from: '+447700900123', text: 'first' },
	{ event: 'incomingMessage', channel: 'sms', serviceId: E2E.entityId, from: '+447700900124', text: 'second, with ünïcödé ✓' },
];

/** An Outbound Webhook node delivering signed (hub secret) and Basic-authorized to the receiver. */
function signedDelivery(place: Pick<WorkflowNode, 'id' | 'name' | 'position'>, url: string, caCertificate: string): WorkflowNode {
	return {
		...place,
		type: OUTBOUND,
		typeVersion: 1,
		parameters: {
			url,
			entityType: 'service',
			entityId: E2E.entityId,
			authentication: 'basicAuth',
			enableHubSignature: true,
			options: { caCertificate, maxRetries: 1, retryInterval: 0.2, timeout: 5000 },
		},
		credentials: {
			webhookBasicAuthApi: cred(E2E.ids.basic, 'E2E receiver basic auth'),
			hubSignatureApi: cred(E2E.ids.outboundHub, 'E2E outbound hub secret'),
		},
	};
}

/**
 * Manual Trigger → Set (raw JSON) → Split Out → two Outbound Webhooks: one to a receiver that accepts
 * (signed, Basic auth, trusting the receiver's self-signed certificate as CA), one to an endpoint that
 * answers 503 (retried, then Failed).
 */
export function deliverWorkflow(receiverOrigin: string, caCertificate: string) {
	const nodes: WorkflowNode[] = [
		{ id: 'n1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'n2',
			name: 'Events',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [220, 0],
			parameters: { mode: 'raw', jsonOutput: JSON.stringify({ events: DELIVERY_ITEMS }), options: {} },
		},
		{
			id: 'n3',
			name: 'One item per event',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [440, 0],
			parameters: { fieldToSplitOut: 'events', options: {} },
		},
		signedDelivery({ id: 'n4', name: 'Deliver', position: [660, -120] }, `${receiverOrigin}/hooks/ok`, caCertificate),
		{
			id: 'n5',
			name: 'Deliver to failing endpoint',
			type: OUTBOUND,
			typeVersion: 1,
			position: [660, 120],
			parameters: {
				url: `${receiverOrigin}/hooks/fail`,
				entityType: 'service',
				entityId: E2E.entityId,
				authentication: 'none',
				enableHubSignature: false,
				options: { allowUnauthorizedCerts: true, maxRetries: 2, retryInterval: 0.2, timeout: 5000 },
			},
		},
	];
	return workflow(E2E.ids.deliverWorkflow, 'OW e2e: deliver', nodes, {
		Start: main([{ node: 'Events' }]),
		Events: main([{ node: 'One item per event' }]),
		'One item per event': main([{ node: 'Deliver' }, { node: 'Deliver to failing endpoint' }]),
	});
}

/**
 * Channel Event Trigger (service svc-demo, incoming messages, SMS receipts "delivered" only, hub
 * signature required) → Outbound Webhook to the receiver, signed and Basic-authorized.
 */
export function relayWorkflow(receiverOrigin: string, caCertificate: string) {
	const nodes: WorkflowNode[] = [
		{
			id: 'r1',
			name: 'Channel Event Trigger',
			type: TRIGGER,
			typeVersion: 1,
			position: [0, 0],
			webhookId: E2E.relayWebhookId,
			parameters: triggerParameters(),
			credentials: { hubSignatureApi: cred(E2E.ids.inboundHub, 'E2E inbound hub secret') },
		},
		signedDelivery({ id: 'r2', name: 'Relay', position: [260, 0] }, `${receiverOrigin}/hooks/relay`, caCertificate),
	];
	return workflow(E2E.ids.relayWorkflow, 'OW e2e: relay channel events', nodes, {
		'Channel Event Trigger': main([{ node: 'Relay' }]),
	});
}

/**
 * The relay with the trigger's Respond set to "When the Workflow Has Run" (responseMode lastNode):
 * the sender's POST is answered once the Outbound Webhook has run. No in-run retries, so the answer
 * comes within a sender's timeout; `relayOptions` add to the Outbound Webhook's options (e.g.
 * failOnFailedDeliveries).
 */
export function respondAfterRunWorkflow(
	{ id, name, webhookId }: { id: string; name: string; webhookId: string },
	url: string,
	caCertificate: string,
	relayOptions: Record<string, unknown> = {},
) {
	const relay = signedDelivery({ id: 'a2', name: 'Relay', position: [260, 0] }, url, caCertificate);
	relay.parameters.options = { ...(relay.parameters.options as object), maxRetries: 0, ...relayOptions };
	const nodes: WorkflowNode[] = [
		{
			id: 'a1',
			name: 'Channel Event Trigger',
			type: TRIGGER,
			// The node's current version (the relay above keeps 1, as saved before 1.1 existed).
			typeVersion: 1.1,
			position: [0, 0],
			webhookId,
			parameters: { ...triggerParameters(), responseMode: 'lastNode' },
			credentials: { hubSignatureApi: cred(E2E.ids.inboundHub, 'E2E inbound hub secret') },
		},
		relay,
	];
	return workflow(id, name, nodes, { 'Channel Event Trigger': main([{ node: 'Relay' }]) });
}

/**
 * `respondAfterRunWorkflow` whose Failed output goes to a Wait until the item's `nextAttemptAt`
 * (extended schedule of one 70 s delay: a wait n8n keeps in its database), the first half of the
 * durable loop: a relay that fails sends its run to `waiting`.
 */
export function respondAfterRunWaitWorkflow(ids: { id: string; name: string; webhookId: string }, url: string, caCertificate: string) {
	const flow = respondAfterRunWorkflow(ids, url, caCertificate, { extendedRetries: 'custom', extendedRetryDelays: '70s' });
	flow.nodes.push({
		id: 'a3',
		name: 'Wait until nextAttemptAt',
		type: 'n8n-nodes-base.wait',
		typeVersion: 1.1,
		position: [520, 120],
		webhookId: `${ids.webhookId.slice(0, -2)}a3`,
		parameters: { resume: 'specificTime', dateTime: '={{ $json.nextAttemptAt }}' },
	});
	return workflow(ids.id, ids.name, flow.nodes, {
		'Channel Event Trigger': main([{ node: 'Relay' }]),
		Relay: main([], [{ node: 'Wait until nextAttemptAt' }]),
	});
}

/** Trigger parameters: service svc-demo, incoming messages, SMS receipts with status "delivered". */
export function triggerParameters(entityId = E2E.entityId): Record<string, unknown> {
	return {
		entityType: 'service',
		entityId,
		events: ['incomingMessage'],
		receipts: { sms: ['delivered'] },
		enableHubSignature: true,
		authentication: 'none',
	};
}

/** The trigger's webhook path from its built description: production URL `/webhook/<webhookId>/<path>`. */
export function triggerWebhookPath(): string {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const module = require(join(REPO_ROOT, 'dist', 'nodes', 'ChannelEventTrigger', 'ChannelEventTrigger.node.js')) as Record<
		string,
		new () => { description: { webhooks?: Array<{ path: string }> } }
	>;
	const Trigger = Object.values(module).find((value) => typeof value === 'function');
	return Trigger ? (new Trigger().description.webhooks?.[0]?.path ?? '') : '';
}
