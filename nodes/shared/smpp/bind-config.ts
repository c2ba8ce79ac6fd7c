import { WebhookError } from '../errors';
import type { SmppBindConfig } from './session';

/** SMPP 3.4 §4.1.1: system_id is a C-octet string of at most 16 octets (15 characters + NUL). */
const MAX_SYSTEM_ID = 15;
/** SMPP 3.4 §4.1.1: system_type holds at most 12 characters + NUL. */
const MAX_SYSTEM_TYPE = 12;
const AUTO = 'auto';

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));

function tonNpi(value: unknown, field: string): number | undefined {
	const raw = text(value).trim();
	if (raw === '' || raw === AUTO) return undefined;
	const number = Number(raw);
	if (!Number.isInteger(number) || number < 0 || number > 255) {
		throw new WebhookError('INVALID_CONFIG', `The ESME Bind credential's ${field} must be a number from 0 to 255`, {
			hint: `Open the ESME Bind credential and pick a ${field}, or Automatic.`,
		});
	}
	return number;
}

/**
 * The ESME bind from the `smppBindApi` credential's fields (plain values, as n8n decrypts them).
 * @throws WebhookError INVALID_CONFIG naming the field to fix (never its value when it is the password)
 */
export function bindConfigFromCredential(data: Record<string, unknown>): SmppBindConfig {
	const invalid = (message: string, hint: string) => new WebhookError('INVALID_CONFIG', message, { hint });
	const host = text(data.host).trim();
	if (!host) throw invalid('The ESME Bind credential has no host', 'Open the ESME Bind credential and enter the SMSC host name or address.');
	const port = Number(data.port ?? 2775);
	if (!Number.isInteger(port) || port < 1 || port > 65535) {
		throw invalid(`The ESME Bind credential's port ${text(data.port)} is not a TCP port`, 'Enter a port from 1 to 65535 (SMPP usually listens on 2775).');
	}
	const systemId = text(data.systemId).trim();
	if (!systemId) throw invalid('The ESME Bind credential has no ESME Bind ID (system_id)', 'Enter the system_id the SMSC operator gave you.');
	if (systemId.length > MAX_SYSTEM_ID) {
		throw invalid(`The ESME Bind ID "${systemId}" is longer than ${MAX_SYSTEM_ID} characters`, 'SMPP 3.4 allows at most 15 characters; check the ID.');
	}
	const systemType = text(data.systemType);
	if (systemType.length > MAX_SYSTEM_TYPE) {
		throw invalid(`The System Type "${systemType}" is longer than ${MAX_SYSTEM_TYPE} characters`, 'SMPP 3.4 allows at most 12 characters; leave it empty unless the SMSC asks for one.');
	}
	const tls = data.tls === true;
	return {
		host,
		port,
		systemId,
		password: text(data.password),
		systemType,
		bindMode: data.bindMode === 'transceiver' ? 'transceiver' : 'transmitter',
		tls,
		tlsOptions: tls && data.allowUnauthorizedCerts === true ? { rejectUnauthorized: false } : undefined,
		sourceTon: tonNpi(data.sourceTon, 'Source TON'),
		sourceNpi: tonNpi(data.sourceNpi, 'Source NPI'),
	};
}
