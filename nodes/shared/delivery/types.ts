import type { AttemptRecord, FailureReason } from '../outcome';

/** The outcome of one item: what the node puts in the Delivered, Failed or SMPP output. */
export interface DeliveryOutcome {
	status: 'delivered' | 'failed' | 'forwarded';
	deliveryId: string;
	statusCode?: number;
	attempts: AttemptRecord[];
	error?: FailureReason;
}
