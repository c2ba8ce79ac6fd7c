import { openGuardedTransport } from '../shared/http/guarded-transport';
import type { Transport } from '../shared/http/types';

/** Per request: a JWKS or an introspection answer must come quickly, or the sender times out. */
const TIMEOUT_MS = 10_000;
/** Distinct Custom CA Certificates a process keeps a transport for; the oldest is dropped beyond. */
const MAX_TRANSPORTS = 8;

const transports = new Map<string, Transport>();

/**
 * The transport a process's triggers use to fetch a JWKS or introspect a token: behind n8n's SSRF
 * settings (N8N_SSRF_*), certificates verified, never following redirects. One per Custom CA
 * Certificate of the credential ('' for none: Node's trusted CAs, NODE_EXTRA_CA_CERTS included),
 * made at the first OAuth 2.0 request and kept for the process so its connections are reused. A
 * dropped one is not closed (a request may still use it); its idle connections close on their own.
 */
export function inboundAuthTransport(caCertificate = ''): Transport {
	let transport = transports.get(caCertificate);
	if (!transport) {
		transport = openGuardedTransport({ env: process.env, blockPrivateNetworks: false, rejectUnauthorized: true, ca: caCertificate || undefined, connections: 4, timeoutMs: TIMEOUT_MS }).transport;
		transports.set(caCertificate, transport);
		if (transports.size > MAX_TRANSPORTS) transports.delete(transports.keys().next().value!);
	}
	return transport;
}
