import { randomUUID } from 'node:crypto';

import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { toNodeError } from '../n8n/errors';
import { openGuardedTransport } from '../shared/delivery/guarded-transport';
import type { Authorizer } from '../shared/auth/authorizer';
import { configurationError, failEveryItem, runDelivery, type ItemOutcome, type ItemSource, type OutputName, type RunSettings } from '../shared/delivery/run';
import { cancellableSleep } from '../shared/sleep';
import { buildAuthorizer, readAuthCredential } from './authorizer';
import { readBody } from './body';
import { outboundWebhookCredentials, outboundWebhookProperties } from './description';
import { readOptions } from './options';
import { readRunSettings } from './run-settings';
import { forwardToSmpp } from './smpp-branch';
import { smppBindApiTest } from './smpp-credential-test';

const OUTPUTS: Record<OutputName, number> = { delivered: 0, failed: 1, smpp: 2 };

/** The item's parameters, read when the core asks for them. */
function itemSource(ctx: IExecuteFunctions, items: INodeExecutionData[]): ItemSource {
	return {
		length: items.length,
		json: (index) => items[index].json,
		request: (index) => ({
			url: ctx.getNodeParameter('url', index),
			body: readBody(ctx, index, items[index].json),
			headers: (ctx.getNodeParameter('options.headers.header', index, []) as Array<{ name: string; value: string }>) ?? [],
		}),
		deliveryId: (index) => String(ctx.getNodeParameter('options.deliveryId', index, '') ?? '') || undefined,
	};
}

/** One outcome per input item, onto the Delivered, Failed and SMPP outputs, paired with its input. */
function toOutputs(outcomes: ItemOutcome[]): INodeExecutionData[][] {
	const outputs: INodeExecutionData[][] = [[], [], []];
	outcomes.forEach(({ output, json }, index) => outputs[OUTPUTS[output]].push({ json: json as IDataObject, pairedItem: { item: index } }));
	return outputs;
}

export class OutboundWebhook implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Outbound Webhook',
		name: 'outboundWebhook',
		icon: 'file:outboundWebhook.svg',
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["url"]}}',
		description: 'Deliver each item to an HTTPS endpoint: verified, signed, authorized and retried',
		defaults: { name: 'Outbound Webhook' },
		inputs: ['main'],
		outputs: ['main', 'main', 'main'],
		outputNames: ['Delivered', 'Failed', 'SMPP'],
		credentials: outboundWebhookCredentials,
		properties: outboundWebhookProperties,
	};

	methods = { credentialTest: { smppBindApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const options = readOptions(this);
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
				return toOutputs(failEveryItem(source, error, entity, randomUUID));
			}
			const outcomes = await runDelivery(source, settings, {
				transport,
				authorizer,
				now: Date.now,
				sleep: cancellableSleep(this.getExecutionCancelSignal?.()),
				newId: randomUUID,
				forwardSmpp: (smppItems) =>
					forwardToSmpp(this, smppItems, {
						maxRetries: options.maxRetries,
						retryIntervalMs: options.retryInterval * 1000,
						destination: settings.entity.id,
						guard,
					}),
			});
			return toOutputs(outcomes);
		} catch (error) {
			throw toNodeError(this.getNode(), error);
		} finally {
			await transport.close();
		}
	}
}
