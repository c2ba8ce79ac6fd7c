import { randomInt } from 'node:crypto';

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { bindConfigFromCredential } from '../shared/smpp/bind-config';
import type { SmppBindConfig } from '../shared/smpp/session';
import type { LongMessageMode } from '../shared/smpp/encoding';
import { forwardAll, type ForwardRequest, type ForwardResult } from '../shared/smpp/forward';
import { configurationError } from '../shared/delivery/run';
import { incomingMessageOf } from '../shared/smpp/incoming';
import { cancellableSleep } from '../shared/sleep';

export interface SmppPolicy {
	maxRetries: number;
	retryIntervalMs: number;
	/** The node's entityId: the phone number a message is forwarded to when it names none. */
	destination: string;
	/** The execution's SSRF policy, applied to the SMPP connection too. */
	guard?: SmppBindConfig['guard'];
}

export interface SmppItemOutcome {
	index: number;
	outcome: 'forwarded' | 'failed';
	json: IDataObject;
}

/**
 * Forwards the incoming-message items over one SMPP bind (the `smppBindApi` credential) and returns,
 * per item, the JSON for the SMPP output (forwarded, with a message_id per part) or for the Failed
 * output (with `error: { code, message, hint }`).
 */
export async function forwardToSmpp(
	ctx: IExecuteFunctions,
	items: Array<{ index: number; json: Record<string, unknown>; deliveryId: string }>,
	policy: SmppPolicy,
): Promise<SmppItemOutcome[]> {
	if (items.length === 0) return [];
	let bind: ReturnType<typeof bindConfigFromCredential>;
	try {
		bind = bindConfigFromCredential(await ctx.getCredentials('smppBindApi'));
	} catch (caught) {
		// A missing or unusable ESME Bind credential: with continue on fail every SMPP item fails with it.
		const error = configurationError(caught, 'Select an SMPP ESME Bind credential (smppBindApi), or turn Forward to SMPP off.');
		if (!ctx.continueOnFail()) throw error;
		return items.map(({ index, json, deliveryId }) => ({
			index,
			outcome: 'failed' as const,
			json: { status: 'failed', deliveryId, messageIds: [], attempts: [], error: { code: error.code, message: error.message, hint: error.hint }, payload: json },
		}));
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

	return items.map(({ index, json, deliveryId }, position): SmppItemOutcome => {
		const result: ForwardResult = messages[position]
			? results[position]
			: {
					status: 'failed',
					messageIds: [],
					parts: 0,
					attempts: [],
					error: { code: 'INVALID_MESSAGE', message: 'The item is not an incoming message with a sender and a text', hint: 'Only incoming messages are forwarded to SMPP.' },
				};
		const out: IDataObject = {
			status: result.status,
			deliveryId,
			messageIds: result.messageIds,
			attempts: result.attempts as unknown as IDataObject[],
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
			entity: { type: 'phoneNumber', id: requests[position].destination },
			payload: json,
		};
		if (result.error) out.error = { code: result.error.code, message: result.error.message, hint: result.error.hint };
		return { index, outcome: result.status, json: out };
	});
}
