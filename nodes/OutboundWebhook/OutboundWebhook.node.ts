import { NodeConnectionTypes, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import { toNodeError } from '../n8n/errors';
import type { Authorizer } from '../shared/auth/authorizer';
import { itemDeliveryId } from '../shared/delivery/delivery-id';
import { configurationError, failedDeliveriesError } from '../shared/delivery/failure';
import { readReplay } from '../shared/delivery/replay';
import { failEveryItem, prepareDelivery, type DeliveryItem, type HeaderPair, type RunSettings } from '../shared/delivery/run';
import { openGuardedTransport } from '../shared/http/guarded-transport';
import type { FailureReason, ItemOutcome, OutcomeKind } from '../shared/outcome';
import { incomingMessageOf } from '../shared/smpp/incoming';
import { cancellableSleep } from '../shared/sleep';
import { buildAuthorizer, readAuthCredential } from './authorizer';
import { readBody } from './body';
import { itemParameters, type ReadParameter } from './item-parameters';
import { OUTBOUND_WEBHOOK_OUTPUTS, outboundWebhookCredentials, outboundWebhookProperties, smppOutputDrawn } from './description';
import { readOptions } from './options';
import { originOf, readRunSettings } from './run-settings';
import { forwardToSmpp, type SmppItem } from './smpp-branch';
import { smppBindApiTest } from './smpp-credential-test';
import { runsAsTool } from './tool';

const OUTPUTS: Record<OutcomeKind, number> = { delivered: 0, failed: 1, forwarded: 2 };

/** The custom headers are only read by the core, so one list may serve every item. */
const SHARED_PARAMETERS = new Set(['options.headers.header']);
/** Plain text parameters (no validateType, no collection of their own): see item-parameters.ts. */
const PLAIN_TEXT_PARAMETERS = new Set(['url', 'options.deliveryId']);

/** The Delivery ID option's value for one item, when it is set. */
const readDeliveryId = (read: ReadParameter, index: number): string | undefined => String(read('options.deliveryId', index, '') ?? '') || undefined;

/** The Delivery ID option's value, or undefined when reading it is what failed. */
function deliveryIdOrNothing(read: ReadParameter, index: number): string | undefined {
	try {
		return readDeliveryId(read, index);
	} catch {
		return undefined;
	}
}

/**
 * One item's per-item parameters, evaluated into plain values for the core. Reading can fail for
 * this item alone: the error is kept on the item, which then fails on its own. A replay (a valid
 * Failed item fed back) sends its own bytes, so its body is never read.
 */
function readItem(read: ReadParameter, index: number, json: IDataObject, deliveryId: string | undefined, replayKey: Buffer | undefined): DeliveryItem {
	const item: DeliveryItem = { index, json, deliveryId };
	try {
		item.url = read('url', index);
		item.headers = (read('options.headers.header', index, []) as HeaderPair[] | undefined) ?? [];
		// A Custom body is the user's: such an item is never a replay, whatever fields it has.
		item.replayable = read('bodyContent', index, 'item') !== 'custom';
	} catch (error) {
		item.readError = error;
		return item;
	}
	item.replay = item.replayable ? readReplay(json, replayKey) : undefined;
	if (item.replay) return item;
	try {
		item.body = readBody(read, index, json);
	} catch (error) {
		item.bodyError = error;
	}
	return item;
}

/**
 * The two routes: with Forward to SMPP on, an SMS incoming message goes to the ESME bind, every other
 * item is posted over HTTPS. Items of the SMPP route never read the HTTPS parameters.
 */
function routeItems(read: ReadParameter, items: INodeExecutionData[], settings: RunSettings, forwardToSmppOn: boolean) {
	const http: DeliveryItem[] = [];
	const smpp: Array<SmppItem & { index: number }> = [];
	items.forEach(({ json }, index) => {
		let deliveryId: string | undefined;
		try {
			deliveryId = readDeliveryId(read, index);
		} catch (error) {
			http.push({ index, json, readError: error });
			return;
		}
		if (forwardToSmppOn && incomingMessageOf(json)) {
			smpp.push({ index, json, deliveryId: deliveryId || itemDeliveryId(json, settings.origin!) });
			return;
		}
		http.push(readItem(read, index, json, deliveryId, settings.replayKey));
	});
	return { http, smpp };
}

/** Every item on Failed with a configuration error (continue on fail): nothing is opened or sent. */
function failEverything(ctx: IExecuteFunctions, items: INodeExecutionData[], read: ReadParameter, error: ReturnType<typeof configurationError>): ItemOutcome[] {
	const entity = { type: ctx.getNodeParameter('entityType', 0, 'service') as string, id: ctx.getNodeParameter('entityId', 0, '') as string };
	const failing = items.map(({ json }, index) => ({ json, deliveryId: deliveryIdOrNothing(read, index) }));
	return failEveryItem(failing, error, { entity, origin: originOf(ctx) });
}

/**
 * One outcome per input item, paired with its input, onto one output list per drawn output (SMPP only when forwarding can apply). With Fail Execution on
 * Failed Deliveries on, a run with Failed items ends in an error naming them instead.
 */
function toOutputs(ctx: IExecuteFunctions, outcomes: ItemOutcome[], failOnFailedDeliveries: boolean): INodeExecutionData[][] {
	const outputs: INodeExecutionData[][] = smppOutputDrawn(ctx.getNode().parameters) ? [[], [], []] : [[], []];
	// An AI agent sees only the first output of a tool: there it gets every outcome, its `status` saying which.
	const toOutput = runsAsTool(ctx.getNode()) ? () => 0 : (output: OutcomeKind) => OUTPUTS[output];
	outcomes.forEach(({ output, json }, index) => outputs[toOutput(output)].push({ json: json as IDataObject, pairedItem: { item: index } }));
	if (failOnFailedDeliveries) {
		const failed = outcomes.flatMap(({ output, json }, index) =>
			output === 'failed' ? [{ index, deliveryId: json.deliveryId as string | undefined, error: json.error as FailureReason | undefined }] : [],
		);
		const error = failedDeliveriesError(failed, outcomes.length);
		if (error) throw error;
	}
	return outputs;
}

export class OutboundWebhook implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Outbound Webhook',
		name: 'outboundWebhook',
		icon: { light: 'file:outboundWebhook.svg', dark: 'file:outboundWebhook.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["url"]}}',
		// Also the default description of its AI agent tool variant (usableAsTool): what it does and what it answers.
		description:
			'Send each item as a verified, signed and authorized HTTPS POST to a webhook endpoint, retried until delivered; answers with each delivery\'s status (delivered, or failed with the reason)',
		usableAsTool: true,
		// n8n opens a node's own documentationUrl as it is; the codex URL (.node.json) gets ?utm_...
		// appended after any #fragment, so that one names no fragment.
		documentationUrl: 'https://github.com/n8n-nodes-outbound-webhooks/n8n-nodes-outbound-webhooks#outbound-webhook',
		defaults: { name: 'Outbound Webhook' },
		inputs: [NodeConnectionTypes.Main],
		// Delivered, Failed, and SMPP only when forwarding can apply.
		outputs: OUTBOUND_WEBHOOK_OUTPUTS,
		credentials: outboundWebhookCredentials,
		properties: outboundWebhookProperties,
	};

	methods = { credentialTest: { smppBindApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		// Per item where the parameter holds an expression, once per execution where it does not.
		const read = itemParameters(this, SHARED_PARAMETERS, PLAIN_TEXT_PARAMETERS);
		let options: ReturnType<typeof readOptions>;
		try {
			options = readOptions(this);
		} catch (caught) {
			// An option out of range (e.g. from an expression): nothing is opened or sent; with continue
			// on fail every item goes to Failed with the error, as for any configuration error.
			const error = configurationError(caught);
			if (!this.continueOnFail()) throw toNodeError(this.getNode(), error);
			return toOutputs(this, failEverything(this, items, read, error), false);
		}
		const { transport, guard, issues } = openGuardedTransport({
			env: process.env,
			blockPrivateNetworks: options.blockPrivateNetworks,
			rejectUnauthorized: !options.allowUnauthorizedCerts,
			ca: options.caCertificate || undefined,
			connections: options.concurrency,
			timeoutMs: options.timeout,
		});
		for (const issue of issues) this.logger.warn(issue);
		try {
			let settings: Awaited<ReturnType<typeof readRunSettings>>;
			let authorizer: Authorizer;
			try {
				const scheme = this.getNodeParameter('authentication', 0) as string;
				const credential = await readAuthCredential(this, scheme);
				settings = await readRunSettings(this, options, scheme, credential);
				authorizer = buildAuthorizer(this, scheme, credential, transport);
			} catch (caught) {
				// Continue on fail covers configuration errors too: every item on Failed, nothing sent.
				const error = configurationError(caught);
				if (!this.continueOnFail()) throw error;
				return toOutputs(this, failEverything(this, items, read, error), options.failOnFailedDeliveries);
			}
			const { http, smpp } = routeItems(read, items, settings, settings.forwardToSmpp);
			// Planning and the test calls may stop the run (continue on fail off) before anything is sent
			// on either route; then both routes deliver side by side.
			const prepared = await prepareDelivery(http, settings, {
				transport,
				authorizer,
				now: Date.now,
				sleep: cancellableSleep(this.getExecutionCancelSignal?.()),
				warn: (message) => this.logger.warn(message),
			});
			const [posted, forwarded] = await Promise.all([
				prepared.deliver(),
				forwardToSmpp(this, smpp, { maxRetries: options.maxRetries, retryIntervalMs: options.retryInterval * 1000, destination: settings.entity.id, guard, entity: settings.entity }),
			]);
			const outcomes: ItemOutcome[] = new Array(items.length);
			http.forEach((item, position) => (outcomes[item.index] = posted[position]));
			smpp.forEach((item, position) => (outcomes[item.index] = forwarded[position]));
			return toOutputs(this, outcomes, options.failOnFailedDeliveries);
		} catch (error) {
			throw toNodeError(this.getNode(), error);
		} finally {
			await transport.close();
		}
	}
}
