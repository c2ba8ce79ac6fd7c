import { NodeConnectionTypes, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import { toNodeError } from '../n8n/errors';
import type { Authorizer } from '../shared/auth/authorizer';
import { failedDeliveriesError } from '../shared/delivery/failed-deliveries';
import { openGuardedTransport } from '../shared/delivery/guarded-transport';
import { configurationError, failEveryItem, runDelivery, type ItemOutcome, type ItemSource, type OutputName, type RunSettings } from '../shared/delivery/run';
import type { FailureReason } from '../shared/outcome';
import { cancellableSleep } from '../shared/sleep';
import { buildAuthorizer, readAuthCredential } from './authorizer';
import { readBody } from './body';
import { itemParameters } from './item-parameters';
import { OUTBOUND_WEBHOOK_OUTPUTS, outboundWebhookCredentials, outboundWebhookProperties, smppOutputDrawn } from './description';
import { readOptions } from './options';
import { originOf, readRunSettings } from './run-settings';
import { forwardToSmpp } from './smpp-branch';
import { smppBindApiTest } from './smpp-credential-test';
import { runsAsTool } from './tool';

const OUTPUTS: Record<OutputName, number> = { delivered: 0, failed: 1, smpp: 2 };

/** The custom headers are only read by the core, so one list may serve every item. */
const SHARED_PARAMETERS = new Set(['options.headers.header']);
/** Plain text parameters (no validateType, no collection of their own): see item-parameters.ts. */
const PLAIN_TEXT_PARAMETERS = new Set(['url', 'options.deliveryId']);

/**
 * The item's parameters, read when the core asks for them: per item where the parameter holds an
 * expression, once per execution where it does not (item-parameters.ts).
 */
function itemSource(ctx: IExecuteFunctions, items: INodeExecutionData[]): ItemSource {
	const read = itemParameters(ctx, SHARED_PARAMETERS, PLAIN_TEXT_PARAMETERS);
	return {
		length: items.length,
		json: (index) => items[index].json,
		request: (index) => ({
			url: read('url', index),
			// Read only when the core asks: a replayed Failed item sends its own bytes.
			get body() {
				return readBody(read, index, items[index].json);
			},
			headers: (read('options.headers.header', index, []) as Array<{ name: string; value: string }>) ?? [],
			// A Custom body is the user's: such an item is never a replay, whatever fields it has.
			replayable: read('bodyContent', index, 'item') !== 'custom',
		}),
		deliveryId: (index) => String(read('options.deliveryId', index, '') ?? '') || undefined,
	};
}

/**
 * One outcome per input item, paired with its input, onto one output list per drawn output (SMPP only when forwarding can apply). With Fail Execution on
 * Failed Deliveries on, a run with Failed items ends in an error naming them instead.
 */
function toOutputs(ctx: IExecuteFunctions, outcomes: ItemOutcome[], failOnFailedDeliveries: boolean): INodeExecutionData[][] {
	const outputs: INodeExecutionData[][] = smppOutputDrawn(ctx.getNode().parameters) ? [[], [], []] : [[], []];
	// An AI agent sees only the first output of a tool: there it gets every outcome, its `status` saying which.
	const toOutput = runsAsTool(ctx.getNode()) ? () => 0 : (output: OutputName) => OUTPUTS[output];
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
		let options: ReturnType<typeof readOptions>;
		try {
			options = readOptions(this);
		} catch (caught) {
			// An option out of range (e.g. from an expression): nothing is opened or sent; with continue
			// on fail every item goes to Failed with the error, as for any configuration error.
			const error = configurationError(caught);
			if (!this.continueOnFail()) throw toNodeError(this.getNode(), error);
			const entity = { type: this.getNodeParameter('entityType', 0, 'service') as string, id: this.getNodeParameter('entityId', 0, '') as string };
			return toOutputs(this, failEveryItem(itemSource(this, items), error, { entity, origin: originOf(this) }), false);
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
			const source = itemSource(this, items);
			let settings: RunSettings;
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
				const entity = { type: this.getNodeParameter('entityType', 0, 'service') as string, id: this.getNodeParameter('entityId', 0, '') as string };
				return toOutputs(this, failEveryItem(source, error, { entity, origin: originOf(this) }), options.failOnFailedDeliveries);
			}
			const outcomes = await runDelivery(source, settings, {
				transport,
				authorizer,
				now: Date.now,
				sleep: cancellableSleep(this.getExecutionCancelSignal?.()),
				warn: (message) => this.logger.warn(message),
				forwardSmpp: (smppItems) =>
					forwardToSmpp(this, smppItems, {
						maxRetries: options.maxRetries,
						retryIntervalMs: options.retryInterval * 1000,
						destination: settings.entity.id,
						guard,
					}),
			});
			return toOutputs(this, outcomes, options.failOnFailedDeliveries);
		} catch (error) {
			throw toNodeError(this.getNode(), error);
		} finally {
			await transport.close();
		}
	}
}
