import { WebhookError } from '../errors';
import type { FailureReason } from '../outcome';

/** Failed deliveries named one by one in the error; the rest are counted. */
const NAMED_MAX = 5;

export interface FailedDelivery {
	/** Position of the input item. */
	index: number;
	deliveryId?: string;
	error?: FailureReason;
}

/**
 * The error that ends a run whose items went to Failed, when the user asked for it (option Fail
 * Execution on Failed Deliveries): raised after every item was attempted, so n8n's Executions list
 * and error workflows see the failed deliveries. Undefined when nothing failed.
 */
export function failedDeliveriesError(failed: readonly FailedDelivery[], total: number): WebhookError | undefined {
	if (failed.length === 0) return undefined;
	const named = failed.slice(0, NAMED_MAX).map((f) => `item ${f.index}${f.deliveryId ? ` (delivery ${f.deliveryId})` : ''}: ${f.error?.code ?? 'FAILED'}, ${f.error?.message ?? 'not delivered'}`);
	const more = failed.length > NAMED_MAX ? `; and ${failed.length - NAMED_MAX} more` : '';
	return new WebhookError('DELIVERIES_FAILED', `${failed.length} of ${total} deliveries failed: ${named.join('; ')}${more}`, {
		hint: `Every item was attempted; the Failed items are listed with their reasons above. ${failed[0].error?.hint ?? ''} Turn off Options → Fail Execution on Failed Deliveries to route them to the Failed output instead.`.replace(/\s+/g, ' ').trim(),
		data: { failed: failed.length, total, deliveryIds: failed.map((f) => f.deliveryId ?? '').filter((id) => id !== '') },
	});
}
