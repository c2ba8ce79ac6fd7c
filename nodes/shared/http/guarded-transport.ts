import { createTransport, type ClosableTransport } from './transport';
import { checkUrlHost, guardedLookup, policyFromEnv } from '../net/ssrf';

export interface GuardedTransportOptions {
	/** The process environment: n8n's N8N_SSRF_* settings apply to every connection. */
	env: Record<string, string | undefined>;
	blockPrivateNetworks: boolean;
	rejectUnauthorized: boolean;
	ca?: string;
	connections: number;
	timeoutMs: number;
}

export interface GuardedTransport {
	transport: ClosableTransport;
	/** The same guard for connections made elsewhere (the SMPP bind). */
	guard: { lookup: ReturnType<typeof guardedLookup>; checkHost: (url: string | URL) => void };
	/** Settings of the SSRF environment that could not be read, to log as warnings. */
	issues: readonly string[];
}

/**
 * The transport one execution uses for deliveries, the test call and OAuth token requests, behind
 * n8n's SSRF settings and the node's own "Block Private Network Targets" option.
 */
export function openGuardedTransport(options: GuardedTransportOptions): GuardedTransport {
	const policy = policyFromEnv(options.env, { blockPrivateNetworks: options.blockPrivateNetworks });
	const guard = { lookup: guardedLookup(policy), checkHost: (url: string | URL) => checkUrlHost(policy, url) };
	const transport = createTransport({
		rejectUnauthorized: options.rejectUnauthorized,
		ca: options.ca,
		connections: options.connections,
		timeoutMs: options.timeoutMs,
		...guard,
	});
	return { transport, guard, issues: policy.issues };
}
