import { openGuardedTransport } from '../shared/http/guarded-transport';
import type { Transport } from '../shared/http/types';

/** Per request: a JWKS or an introspection answer must come quickly, or the sender times out. */
const TIMEOUT_MS = 10_000;

let shared: Transport | undefined;

/**
 * The one transport a process's triggers use to fetch a JWKS or introspect a token: behind n8n's
 * SSRF settings (N8N_SSRF_*), certificates verified, never following redirects. Made at the first
 * OAuth 2.0 request and kept for the process (its connections are reused across requests).
 */
export function inboundAuthTransport(): Transport {
	shared ??= openGuardedTransport({ env: process.env, blockPrivateNetworks: false, rejectUnauthorized: true, connections: 4, timeoutMs: TIMEOUT_MS }).transport;
	return shared;
}
