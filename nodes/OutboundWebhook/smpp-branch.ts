import { randomInt } from 'node:crypto';

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { bindConfigFromCredential } from '../shared/smpp/bind-config';
import type { SmppBindConfig } from '../shared/smpp/session';
import type { LongMessageMode } from '../shared/smpp/encoding';
import { forwardAll, type ForwardRequest, type ForwardResult } from '../shared/smpp/forward';
import { configurationError } from '../shared/delivery/failure';
import { incomingMessageOf } from '../shared/smpp/incoming';
import { failedOutcome, forwardedOutcome, reasonOf, type ItemOutcome } from '../shared/outcome';
import { cancellableSleep } from '../shared/sleep';

export interface SmppPolicy {
	maxRetries: number;
	retryIntervalMs: number;
	/** The node's entityId: the phone number a message is forwarded to when it names none. */
	destination: string;
	/** The execution's SSRF policy, applied to the SMPP connection too. */
	guard?: SmppBindConfig['guard'];
	/** The node's entity, shown on every output item. */
	entity: { type: string; id: string };
}

/** An item the node routes to SMPP: its JSON and its delivery id (the option's, or the default). */
export interface SmppItem {
	json: Record<string, unknown>;
	deliveryId: string;
}

/**
 * Forwards the incoming-message items over one SMPP bind (the `smppBindApi` credential) and returns,
 * per item in the order given, its outcome: forwarded (with a message_id per part) or failed.
 */
export async function forwardToSmpp(ctx: IExecuteFunctions, items: readonly SmppItem[], policy: SmppPolicy): Promise<ItemOutcome[]> {
	if (items.length === 0) return [];
	let bind: ReturnType<typeof bindConfigFromCredential>;
	try {
		bind = bindConfigFromCredential(await ctx.getCredentials('smppBindApi'));
	} catch (caught) {
		// A missing or unusable ESME Bind credential: with continue on fail every SMPP item fails with it.
		const error = configurationError(caught, 'Select an SMPP ESME Bind credential (smppBindApi), or turn Forward to SMPP off.');
		if (!ctx.continueOnFail()) throw error;
		const reason = reasonOf(error);
		return items.map(({ json, deliveryId }) => failedOutcome(reason, { deliveryId, messageIds: [], attempts: [], payload: json, entity: policy.entity }));
	}
	const config = { ...bind, guard: policy.guard };
	const registeredDelivery = ctx.getNodeParameter('options.smppRegisteredDelivery', 0, false) as boolean;
	const longMessage = ctx.getNodeParameter('options.smppLongMessage', 0, 'udh') as LongMessageMode;

	const messages = items.map(({ json }) => incomingMessageOf(json));
	const requests: ForwardRequest[] = messages.map((message) => ({
		source: message?.from ?? '',
		// The number the customer wrote to (the platform's `da`), else the node's phone number.
		destination: message?.to ?? policy.destination,
		text: message?.text ?? '',
	}));
	// Concatenation references only need to differ between messages in flight to one handset.
	let reference = randomInt(256);
	const results = await forwardAll(
		config,
		requests,
		{ maxRetries: policy.maxRetries, retryIntervalMs: policy.retryIntervalMs, registeredDelivery, longMessage },
		{ now: Date.now, sleep: cancellableSleep(ctx.getExecutionCancelSignal?.()), nextReference: () => (reference = (reference + 1) % 256) },
	);

	return items.map(({ json, deliveryId }, position): ItemOutcome => {
		const result: ForwardResult = messages[position]
			? results[position]
			: {
					status: 'failed',
					messageIds: [],
					parts: 0,
					attempts: [],
					error: { code: 'INVALID_MESSAGE', message: 'The item is not an incoming message with a sender and a text', hint: 'Only incoming messages are forwarded to SMPP.' },
				};
		const fields = {
			deliveryId,
			messageIds: result.messageIds,
			attempts: result.attempts,
			// Fields a message never reached (encoding of an invalid one) are left out, not undefined.
			smpp: JSON.parse(
				JSON.stringify({
					parts: result.parts,
					encoding: result.encoding,
					dataCoding: result.dataCoding,
					source: result.source,
					destination: result.destination,
					registeredDelivery,
					longMessage,
				}),
			) as IDataObject,
			entity: policy.entity,
			payload: json,
		};
		return result.status === 'failed' ? failedOutcome(reasonOf(result.error!), fields) : forwardedOutcome(fields);
	});
}
