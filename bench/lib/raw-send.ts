/**
 * The limit a sender can reach on this machine: raw undici, one fresh keep-alive Agent with
 * `concurrency` connections and as many workers, each request the item's JSON, its HMAC SHA256 and a
 * random delivery id, its answer read. Nothing else: no retries, no verification, no per-item record.
 * Used on its own (bench/scenarios/undici-raw.ts) and inside an n8n node (bench/n8n/BenchRawSender),
 * so the two are the same requests.
 */
import { createHmac, randomUUID } from 'node:crypto';

import { Agent } from 'undici';

export interface RawSend {
	url: URL;
	count: number;
	concurrency: number;
	secret: string;
	/** The JSON of request `n`. */
	json: (n: number) => unknown;
}

export async function rawSend({ url, count, concurrency, secret, json }: RawSend): Promise<{ ok: number; failed: number }> {
	const agent = new Agent({ connections: concurrency, pipelining: 1, keepAliveTimeout: 30_000 });
	let next = 0;
	let ok = 0;
	let failed = 0;
	const worker = async () => {
		while (next < count) {
			const body = Buffer.from(JSON.stringify(json(next++)));
			try {
				const response = await agent.request({
					origin: url.origin,
					path: url.pathname,
					method: 'POST',
					headers: {
						'content-type': 'application/json; charset=utf-8',
						'x-hub-signature': createHmac('sha256', secret).update(body).digest('hex'),
						'x-delivery-id': randomUUID(),
					},
					body,
				});
				await response.body.text();
				if (response.statusCode >= 200 && response.statusCode < 300) ok++;
				else failed++;
			} catch {
				failed++;
			}
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	await agent.close();
	return { ok, failed };
}
