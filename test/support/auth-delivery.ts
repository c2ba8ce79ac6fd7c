import { deliverAll, type DeliveryResult } from '../../nodes/shared/delivery/deliver';
import { createTransport, type ClosableTransport } from '../../nodes/shared/http/transport';
import type { Authorizer } from '../../nodes/shared/auth/authorizer';

/** The package's own transport, trusting the loopback servers' test certificate. */
export function loopbackTransport(cert: string): ClosableTransport {
	return createTransport({ rejectUnauthorized: true, ca: cert, connections: 8, timeoutMs: 5_000 });
}

/** Delivers bodies through the real delivery loop with the given authorizer (no waiting between retries). */
export async function deliverWith(
	authorizer: Authorizer,
	transport: ClosableTransport,
	url: string,
	bodies: string[],
	options: { maxRetries?: number } = {},
): Promise<DeliveryResult[]> {
	return await deliverAll(
		bodies.map((body, index) => ({
			url,
			displayUrl: url,
			body: Buffer.from(body),
			headers: { 'content-type': 'application/json' },
			deliveryId: `d-${index}`,
		})),
		{ schedule: { maxRetries: options.maxRetries ?? 0, retryIntervalMs: 1, maxRetryAfterMs: 1 }, timeoutMs: 5_000, concurrency: 8 },
		{ transport, authorizer, now: Date.now, sleep: async () => undefined },
	);
}
