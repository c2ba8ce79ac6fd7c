/**
 * SMPP command_status values (SMPP 3.4 §5.1.3) and what each one means for a forwarded message:
 * sent, retried later, or failed. Policy only; the session and the forwarding loop act on it.
 */

export const ESME_ROK = 0x00000000;
export const ESME_RTHROTTLED = 0x00000058;
export const ESME_RMSGQFUL = 0x00000014;

/** SMPP 3.4 Table 5-2, the statuses an SMSC answers most; others are shown by their hex value. */
const STATUS_NAMES: Record<number, string> = {
	0x00: 'ESME_ROK',
	0x01: 'ESME_RINVMSGLEN',
	0x02: 'ESME_RINVCMDLEN',
	0x03: 'ESME_RINVCMDID',
	0x04: 'ESME_RINVBNDSTS',
	0x05: 'ESME_RALYBND',
	0x06: 'ESME_RINVPRTFLG',
	0x07: 'ESME_RINVREGDLVFLG',
	0x08: 'ESME_RSYSERR',
	0x0a: 'ESME_RINVSRCADR',
	0x0b: 'ESME_RINVDSTADR',
	0x0c: 'ESME_RINVMSGID',
	0x0d: 'ESME_RBINDFAIL',
	0x0e: 'ESME_RINVPASWD',
	0x0f: 'ESME_RINVSYSID',
	0x11: 'ESME_RCANCELFAIL',
	0x13: 'ESME_RREPLACEFAIL',
	0x14: 'ESME_RMSGQFUL',
	0x15: 'ESME_RINVSERTYP',
	0x33: 'ESME_RINVNUMDESTS',
	0x34: 'ESME_RINVDLNAME',
	0x40: 'ESME_RINVDESTFLAG',
	0x42: 'ESME_RINVSUBREP',
	0x43: 'ESME_RINVESMCLASS',
	0x44: 'ESME_RCNTSUBDL',
	0x45: 'ESME_RSUBMITFAIL',
	0x48: 'ESME_RINVSRCTON',
	0x49: 'ESME_RINVSRCNPI',
	0x50: 'ESME_RINVDSTTON',
	0x51: 'ESME_RINVDSTNPI',
	0x53: 'ESME_RINVSYSTYP',
	0x54: 'ESME_RINVREPFLAG',
	0x55: 'ESME_RINVNUMMSGS',
	0x58: 'ESME_RTHROTTLED',
	0x61: 'ESME_RINVSCHED',
	0x62: 'ESME_RINVEXPIRY',
	0x63: 'ESME_RINVDFTMSGID',
	0x64: 'ESME_RX_T_APPN',
	0x65: 'ESME_RX_P_APPN',
	0x66: 'ESME_RX_R_APPN',
	0x67: 'ESME_RQUERYFAIL',
	0xc0: 'ESME_RINVOPTPARSTREAM',
	0xc1: 'ESME_ROPTPARNOTALLWD',
	0xc2: 'ESME_RINVPARLEN',
	0xc3: 'ESME_RMISSINGOPTPARAM',
	0xc4: 'ESME_RINVOPTPARAMVAL',
	0xfe: 'ESME_RDELIVERYFAILURE',
	0xff: 'ESME_RUNKNOWNERR',
};

/** The status in hex as SMPP documents write it, e.g. 0x00000058. */
export const statusHex = (status: number) => `0x${(status >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;

/** e.g. `ESME_RTHROTTLED (0x00000058)`; an unlisted (vendor) status shows its hex value only. */
export function describeStatus(status: number): string {
	const name = STATUS_NAMES[status];
	return name ? `${name} (${statusHex(status)})` : `status ${statusHex(status)}`;
}

export const statusName = (status: number): string | undefined => STATUS_NAMES[status];

/**
 * What a submit_sm_resp status means for the message: the SMSC took it, asks the ESME to slow down
 * and try again (throttled, queue full), or refused it for good.
 */
export function classifySubmitStatus(status: number): 'sent' | 'retry' | 'failed' {
	if (status === ESME_ROK) return 'sent';
	if (status === ESME_RTHROTTLED || status === ESME_RMSGQFUL) return 'retry';
	return 'failed';
}

/** What to change when the SMSC refuses a bind, by its status. */
export function bindHint(status: number): string {
	switch (status) {
		case 0x0e:
			return 'The SMSC refused the password. Check the Password of the ESME Bind credential.';
		case 0x0f:
			return 'The SMSC does not know this ESME Bind ID (system_id). Check it in the ESME Bind credential.';
		case 0x53:
			return 'The SMSC refused the System Type. Check it in the ESME Bind credential (often empty).';
		case 0x05:
			return 'The SMSC says this ESME is already bound. Check the SMSC’s bind limit for this account.';
		default:
			return 'Check the ESME Bind credential (ESME Bind ID, password, system type, bind mode) with the SMSC operator.';
	}
}

/** What to change when the SMSC refuses a submit_sm, by its status. */
export function submitHint(status: number): string {
	switch (status) {
		case 0x0a:
		case 0x48:
		case 0x49:
			return 'The SMSC refused the source address (the original sender). Check the Source TON/NPI of the ESME Bind credential, or whether the SMSC allows this sender.';
		case 0x0b:
		case 0x50:
		case 0x51:
			return 'The SMSC refused the destination address. Check the Entity ID (the phone number) of the node.';
		case 0x01:
		case 0xc1:
			return 'The SMSC refused the message length. Try Long Message Handling = Concatenated Parts (UDH) instead of message_payload, or the other way round.';
		case 0x104:
			return 'The SMSC refused the data coding. Ask the SMSC operator whether it accepts UCS-2 (data_coding 8).';
		case ESME_RTHROTTLED:
		case ESME_RMSGQFUL:
			return 'The SMSC kept throttling this ESME. Raise Retry Interval or Max Retries, or ask the SMSC operator for a higher rate.';
		default:
			return 'Check the SMPP error with the SMSC operator.';
	}
}
