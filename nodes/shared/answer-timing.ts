import type { ReceiveResult } from './receive';

/**
 * When the sender of a request gets its answer.
 *
 * - `onReceipt`: as soon as the request is checked. The sender learns that the events were accepted,
 *   not that anything was done with them: if the run is lost afterwards (n8n dies before it stores
 *   the run, a queue worker dies in the middle of it), the sender has no reason to send them again.
 * - `afterRun`: when the run has ended (the host writes the answer: success or a durable wait → 200,
 *   an error → 500). A run that is lost leaves the sender without a 200 (an error, or no answer
 *   before its timeout), so the sender's own retries send the events again.
 */
export type AnswerTiming = 'onReceipt' | 'afterRun';

/**
 * Whether the trigger answers now or leaves the answer to the run. Only a request that starts a run
 * can wait for one: refusals (401, 400, 413, 415, a configuration error), test calls, and requests
 * whose events were all dropped by the subscription are answered now whatever was asked.
 */
export function whenToAnswer(result: Pick<ReceiveResult, 'events'>, requested: AnswerTiming): AnswerTiming {
	return requested === 'afterRun' && result.events.length > 0 ? 'afterRun' : 'onReceipt';
}
