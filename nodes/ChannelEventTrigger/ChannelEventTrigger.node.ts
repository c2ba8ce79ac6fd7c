import {
	NodeConnectionTypes,
	type IDataObject,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { whenToAnswer } from '../shared/answer-timing';
import { ENTITY_KINDS } from '../shared/catalog';
import { isWebhookError } from '../shared/errors';
import { eventOutput } from '../shared/event-output';
import { resolveInboundAuth } from '../shared/inbound-auth';
import { receive, type ReceiveResult } from '../shared/receive';
import type { DropReason } from '../shared/subscription';
import { webhookBearerTokenApiTest } from './bearer-credential-test';
import { readConfig } from './config';
import { triggerCredentials, triggerPanel, triggerProperties, triggerWebhooks } from './description';
import { inboundAuthTransport } from './inbound-transport';
import { readRawBody, type N8nRequest } from './request';

/** Writes the core's answer with the plain Node API (works on n8n's express response too). */
function respond(ctx: IWebhookFunctions, answer: Pick<ReceiveResult, 'status' | 'headers' | 'body'>): void {
	const res = ctx.getResponseObject();
	res.statusCode = answer.status;
	for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
	res.setHeader('content-type', 'application/json; charset=utf-8');
	res.end(JSON.stringify(answer.body));
}

/** Why an event was answered 200 but started no run, in the user's words. */
const DROP_REASONS: Record<DropReason | 'customerEventNotSubscribed', string> = {
	otherEntity: 'it names another entity than Entity ID',
	channelNotOffered: 'its channel is not offered for this Entity Type',
	notSubscribed: 'its event or receipt status is not selected in Events / Delivery Receipts',
	customerEventNotSubscribed: 'it is a customer event, not a message (select Customer Events under Events to receive it)',
	unrecognised: 'its kind, channel or status is unknown to this node (Options → Emit Unrecognised Events receives it)',
};

/**
 * Nothing is dropped silently: one log line per request that dropped events, with the reason for
 * each kind of event dropped (the core lists up to MAX_DROP_DETAILS of them; the counts cover all).
 */
function logDrops(ctx: IWebhookFunctions, result: ReceiveResult): void {
	const total = Object.values(result.dropped).reduce((sum, count) => sum + (count ?? 0), 0);
	if (total === 0) return;
	const groups = new Map<string, number>();
	for (const detail of result.dropDetails) {
		const what = [detail.kind, detail.eventType, detail.channel, detail.status].filter(Boolean).join(' / ');
		const reason = detail.reason === 'notSubscribed' && detail.kind === 'customerEvent' ? 'customerEventNotSubscribed' : detail.reason;
		const line = `${what}: ${DROP_REASONS[reason]}`;
		groups.set(line, (groups.get(line) ?? 0) + 1);
	}
	const listed = [...groups].map(([line, count]) => (count > 1 ? `${count} × ${line}` : line)).join('; ');
	const more = total > result.dropDetails.length ? ` (and ${total - result.dropDetails.length} more)` : '';
	ctx.logger?.info(`Channel Event Trigger "${ctx.getNode().name}" answered 200 but dropped ${total} of ${result.received} event(s): ${listed}${more}`, {
		dropped: result.dropped,
	});
}

export class ChannelEventTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Channel Event Trigger',
		name: 'channelEventTrigger',
		icon: { light: 'file:channelEventTrigger.svg', dark: 'file:channelEventTrigger.dark.svg' },
		group: ['trigger'],
		// 1.1 behaves as 1. n8n evaluates `$parameter.options.binaryData` for every request to a trigger
		// of version 1 (a rule of its Webhook node 1, applied to any start node); n8n 2.x does it in a V8
		// isolate, about 5 ms a request. From 1.1 on n8n skips that, and leaves bodies it does not parse
		// (types other than JSON, text, forms and XML) to the node, which reads them itself either way.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: `={{ (${JSON.stringify(Object.fromEntries(ENTITY_KINDS.map((kind) => [kind.id, kind.name])))})[$parameter["entityType"]] + ($parameter["entityId"] ? ": " + $parameter["entityId"] : "") }}`,
		description: 'Starts the workflow when a channel event (incoming message, call event, delivery receipt, customer event) arrives',
		// n8n opens a node's own documentationUrl as it is; the codex URL (.node.json) gets ?utm_...
		// appended after any #fragment, so that one names no fragment.
		documentationUrl: 'https://github.com/n8n-nodes-outbound-webhooks/n8n-nodes-outbound-webhooks#channel-event-trigger',
		defaults: { name: 'Channel Event Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: triggerCredentials,
		webhooks: triggerWebhooks,
		triggerPanel,
		properties: triggerProperties,
	};

	methods = { credentialTest: { webhookBearerTokenApiTest } };

	/**
	 * The sender is configured by hand (its URL field), so there is nothing to register remotely.
	 * Activation records the URL the sender must use in the node's static data; checkExists tells
	 * n8n whether that record matches the current URL, so test and production URLs are told apart
	 * the way n8n's own trigger nodes do it.
	 */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const data = this.getWorkflowStaticData('node');
				return data.webhookUrl === this.getNodeWebhookUrl('default');
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const data = this.getWorkflowStaticData('node');
				data.webhookUrl = this.getNodeWebhookUrl('default');
				data.activatedAt = new Date().toISOString();
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				const data = this.getWorkflowStaticData('node');
				delete data.webhookUrl;
				delete data.activatedAt;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject() as unknown as N8nRequest;
		let read: Awaited<ReturnType<typeof readConfig>>;
		try {
			read = await readConfig(this);
		} catch (error) {
			// A configuration the node cannot use (e.g. a Standard Webhooks secret that is not whsec_):
			// the sender learns only that the trigger is not ready; the n8n log says what to change.
			// n8n's own errors (a credential that cannot be read, a parameter n8n cannot resolve) name no
			// secret: their message goes to the log as it is.
			const known = isWebhookError(error) ? error : undefined;
			const message = known?.message ?? `the configuration could not be read: ${error instanceof Error ? error.message : String(error)}`;
			this.logger?.error(`Channel Event Trigger: ${message}`, { hint: known?.hint });
			respond(this, { status: 500, headers: {}, body: { error: 'Internal Server Error', message: 'The trigger is not configured correctly; see the n8n log.' } });
			return { noWebhookResponse: true };
		}
		const { config, options, answer } = read;
		const method = (req.method ?? 'POST').toUpperCase();

		let rawBody: Buffer | undefined;
		if (method === 'POST') {
			const read = await readRawBody(req, config.maxBodyBytes);
			if (read.kind === 'tooLarge') {
				respond(this, receive({ method, headers: { 'content-length': String(config.maxBodyBytes + 1) } }, config));
				return { noWebhookResponse: true };
			}
			rawBody = read.body;
		}

		const request = { method, url: req.originalUrl ?? req.url, headers: req.headers, query: req.query, rawBody };
		// An OAuth 2.0 token may need the network (JWKS, introspection) before the synchronous check.
		const auth = await resolveInboundAuth(config.auth, request, { transport: inboundAuthTransport(config.auth.type === 'oAuth2' ? config.auth.caCertificate : undefined) });
		const result = receive(request, { ...config, auth });
		const timing = whenToAnswer(result, answer);
		if (timing === 'onReceipt') respond(this, result);
		if (result.authFailure) {
			const line = `Channel Event Trigger "${this.getNode().name}" refused a ${method} request (401): ${result.authFailure}`;
			if (result.authHandshake) this.logger?.debug(line);
			else this.logger?.warn(line);
		}
		logDrops(this, result);
		if (result.events.length === 0) return { noWebhookResponse: true };

		const hiddenHeaders = config.auth.type === 'apiKey' ? [config.auth.name] : [];
		return {
			// Respond "When the Workflow Has Run": n8n answers once the run has ended (the POST webhook's
			// response mode is lastNode), so the node must leave the response unwritten.
			...(timing === 'onReceipt' ? { noWebhookResponse: true } : {}),
			workflowData: [
				result.events.map((event) => ({
					json: eventOutput(event, {
						includeHeaders: options.includeHeaders,
						includeRawBody: options.includeRawBody,
						headers: req.headers,
						rawBody,
						hiddenHeaders,
					}) as IDataObject,
				})),
			],
		};
	}
}
