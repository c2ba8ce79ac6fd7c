import type { AttemptRecord, FailureReason } from '../outcome';
import { toSmppAddress, type AddressDefaults, type SmppAddress } from './address';
import { splitMessage, type LongMessageMode, type MessagePart, type SplitMessage, type TextEncoding } from './encoding';
import { isSmppSessionError, DEFAULT_TIMEOUTS, type SessionTimeouts, type SmppBindConfig } from './session';
import { SharedBind } from './shared-bind';
import { classifySubmitStatus, describeStatus, submitHint, statusName } from './status';
import { Limiter } from '../limiter';

/** One message to forward: from the original sender to the node's phone number. */
export interface ForwardRequest {
	source: string;
	destination: string;
	text: string;
}

export interface ForwardOptions {
	/** Retries of one part after throttling or a lost link (so maxRetries + 1 attempts at most). */
	maxRetries: number;
	retryIntervalMs: number;
	/** SMPP 3.4 §5.2.17: ask for a final delivery receipt. */
	registeredDelivery?: boolean;
	/** Texts longer than one short message: concatenated parts with a UDH, or one message_payload. */
	longMessage?: LongMessageMode;
	/** Most submit_sm outstanding (sent, not yet answered) at once, over all messages. */
	windowSize?: number;
	timeouts?: Partial<SessionTimeouts>;
}

export interface ForwardDeps {
	now: () => number;
	/** Waits between attempts of one part. */
	sleep: (ms: number) => Promise<void>;
	/** A concatenation reference (0–255) for the next long message. */
	nextReference: () => number;
}

/** One submit_sm (or the bind it needed) for one part. */
export interface SmppAttemptRecord extends AttemptRecord {
	/** 1-based part number. */
	part: number;
	/** The submit_sm_resp command_status, when an answer came. */
	commandStatus?: number;
	/** Its SMPP 3.4 name, e.g. ESME_RTHROTTLED. */
	commandStatusName?: string;
}

export interface ForwardResult {
	status: 'forwarded' | 'failed';
	/** The SMSC's message_id of each part it accepted, in part order. */
	messageIds: string[];
	parts: number;
	encoding?: TextEncoding;
	dataCoding?: number;
	source?: SmppAddress;
	destination?: SmppAddress;
	attempts: SmppAttemptRecord[];
	error?: FailureReason;
}

export const DEFAULT_WINDOW_SIZE = 10;
/** SMPP 3.4 §5.2.17: SMSC delivery receipt requested on final delivery outcome (success or failure). */
const REGISTERED_DELIVERY_FINAL = 0x01;

interface Prepared {
	split: SplitMessage;
	source: SmppAddress;
	destination: SmppAddress;
}

type PartOutcome = { messageId: string } | { error: FailureReason } | { skipped: true };

function prepare(request: ForwardRequest, defaults: AddressDefaults, mode: LongMessageMode, reference: number): Prepared | FailureReason {
	try {
		return {
			source: toSmppAddress(request.source, defaults),
			destination: toSmppAddress(request.destination),
			split: splitMessage(request.text, { mode, reference }),
		};
	} catch (error) {
		return {
			code: 'INVALID_MESSAGE',
			message: `The message cannot be sent over SMPP: ${(error as Error).message}`,
			hint: 'Check the sender (source) and the Entity ID (destination) of the message and the length of its text.',
		};
	}
}

const isFailure = (value: Prepared | FailureReason): value is FailureReason => 'code' in value;

function exhausted(attempts: SmppAttemptRecord[], lastStatus?: number): FailureReason {
	const last = attempts[attempts.length - 1];
	const ending = last?.commandStatus !== undefined ? describeStatus(last.commandStatus) : `${last?.errorCode ?? 'error'}: ${last?.message ?? ''}`;
	return {
		code: 'RETRIES_EXHAUSTED',
		message: `Not forwarded after ${attempts.length} attempt${attempts.length === 1 ? '' : 's'}; the last one ended with ${ending}`,
		hint:
			lastStatus !== undefined
				? submitHint(lastStatus)
				: 'The SMSC could not be reached or dropped the link. Check that it is up and reachable from n8n; raise Max Retries or Retry Interval to ride out longer outages.',
	};
}

/**
 * Forwards every message over one shared bind and returns one result per message, in order. Parts
 * run side by side within the window; a part that is throttled (ESME_RTHROTTLED, ESME_RMSGQFUL) or
 * whose link was lost waits `retryIntervalMs` and is sent again (rebinding as needed), up to
 * `maxRetries` times. A part the SMSC accepted is never sent again; a part whose submit_sm got no
 * answer before the link dropped is sent again (the SMSC never acknowledged it). Any other status
 * fails the message, and its parts not yet sent are not sent. The bind is unbound at the end.
 */
export async function forwardAll(
	config: SmppBindConfig,
	requests: readonly ForwardRequest[],
	options: ForwardOptions,
	deps: ForwardDeps,
): Promise<ForwardResult[]> {
	const timeouts: SessionTimeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
	const bind = new SharedBind(config, timeouts);
	const window = new Limiter(options.windowSize ?? DEFAULT_WINDOW_SIZE);
	const mode = options.longMessage ?? 'udh';
	const defaults: AddressDefaults = { ton: config.sourceTon, npi: config.sourceNpi };

	async function sendPart(prepared: Prepared, part: MessagePart, message: { aborted: boolean }, attempts: SmppAttemptRecord[]): Promise<PartOutcome> {
		const fields: Record<string, unknown> = {
			source_addr_ton: prepared.source.ton,
			source_addr_npi: prepared.source.npi,
			source_addr: prepared.source.addr,
			dest_addr_ton: prepared.destination.ton,
			dest_addr_npi: prepared.destination.npi,
			destination_addr: prepared.destination.addr,
			esm_class: part.esmClass,
			registered_delivery: options.registeredDelivery ? REGISTERED_DELIVERY_FINAL : 0,
			data_coding: prepared.split.dataCoding,
			short_message: part.shortMessage,
			...(part.messagePayload ? { message_payload: part.messagePayload } : {}),
		};
		for (let attempt = 1; ; attempt++) {
			if (message.aborted) return { skipped: true };
			const startedAt = deps.now();
			const record: SmppAttemptRecord = { attempt, part: part.sequence, startedAt: new Date(startedAt).toISOString(), durationMs: 0 };
			let verdict: 'sent' | 'retry' | 'failed' | 'skipped';
			let messageId = '';
			let refusal: FailureReason | undefined;
			await window.run(async () => {
				// Checked again inside the window: a sibling part may have failed while this one waited.
				if (message.aborted) {
					verdict = 'skipped';
					return;
				}
				try {
					const session = await bind.session();
					const response = await session.request('submit_sm', fields);
					record.commandStatus = response.command_status;
					record.commandStatusName = statusName(response.command_status);
					verdict = classifySubmitStatus(response.command_status);
					messageId = typeof response.message_id === 'string' ? response.message_id : '';
					if (verdict !== 'sent') record.message = describeStatus(response.command_status);
				} catch (error) {
					if (!isSmppSessionError(error)) throw error;
					record.errorCode = error.kind === 'bind-refused' ? 'BIND_REFUSED' : error.kind === 'timeout' ? 'TIMEOUT' : 'CONNECTION';
					record.message = error.message;
					verdict = error.kind === 'bind-refused' ? 'failed' : 'retry';
					if (error.kind === 'bind-refused') refusal = { code: 'SMPP_BIND_REFUSED', message: error.message, hint: error.hint };
				}
				// Decided before the slot is handed on, so a waiting sibling part sees it.
				if (verdict === 'failed' || (verdict === 'retry' && attempt > options.maxRetries)) message.aborted = true;
			});
			if (verdict! === 'skipped') return { skipped: true };
			record.durationMs = Math.round(deps.now() - startedAt);
			attempts.push(record);
			if (verdict! === 'sent') return { messageId };
			if (verdict! === 'failed') {
				const partText = part.total > 1 ? ` part ${part.sequence} of ${part.total}` : ' the message';
				return {
					error: refusal ?? {
						code: 'SMPP_REJECTED',
						message: `The SMSC refused${partText}: ${describeStatus(record.commandStatus!)}`,
						hint: submitHint(record.commandStatus!),
					},
				};
			}
			if (attempt > options.maxRetries) {
				return { error: exhausted(attempts.filter((a) => a.part === part.sequence), record.commandStatus) };
			}
			await deps.sleep(options.retryIntervalMs);
		}
	}

	async function forwardOne(prepared: Prepared | FailureReason): Promise<ForwardResult> {
		if (isFailure(prepared)) return { status: 'failed', messageIds: [], parts: 0, attempts: [], error: prepared };
		const { split, source, destination } = prepared;
		const attempts: SmppAttemptRecord[] = [];
		const message = { aborted: false };
		const outcomes = await Promise.all(split.parts.map((part) => sendPart(prepared, part, message, attempts)));
		const messageIds = outcomes.flatMap((outcome) => ('messageId' in outcome ? [outcome.messageId] : []));
		const failure = outcomes.find((outcome): outcome is { error: FailureReason } => 'error' in outcome);
		const base = { messageIds, parts: split.parts.length, encoding: split.encoding, dataCoding: split.dataCoding, source, destination, attempts };
		return failure ? { status: 'failed', ...base, error: failure.error } : { status: 'forwarded', ...base };
	}

	// References are drawn in item order before anything is sent, so parts keep their order too.
	const prepared = requests.map((request) => prepare(request, defaults, mode, deps.nextReference()));
	try {
		return await Promise.all(prepared.map(forwardOne));
	} finally {
		await bind.close();
	}
}
