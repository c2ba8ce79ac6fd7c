import { readFileSync } from 'node:fs';

import { Agent, request } from 'undici';

import type { Stats } from '../receiver';

/** Where the runner's receiver listens and the certificate to trust; passed in the environment. */
export interface ReceiverInfo {
	origin: string;
	cert: string;
}

export function receiverInfo(): ReceiverInfo {
	const origin = process.env.BENCH_ORIGIN;
	const certFile = process.env.BENCH_CERT_FILE;
	if (!origin || !certFile) throw new Error('BENCH_ORIGIN and BENCH_CERT_FILE are set by bench/run.ts; run `npm run bench`');
	return { origin, cert: readFileSync(certFile, 'utf8') };
}

/** What the receiver counted (its own type, so both sides agree). */
export type ReceiverStats = Stats;

async function control(info: ReceiverInfo, method: 'GET' | 'POST', path: string): Promise<string> {
	// A separate agent, closed at once, so the control calls never share the measured connections.
	const agent = new Agent({ connect: { ca: info.cert } });
	try {
		const response = await request(`${info.origin}${path}`, { method, dispatcher: agent });
		return await response.body.text();
	} finally {
		await agent.close();
	}
}

export async function resetReceiver(info: ReceiverInfo): Promise<void> {
	await control(info, 'POST', '/_reset');
}

/** The receiver's counters since the last reset, less the control connection of this call. */
export async function receiverStats(info: ReceiverInfo): Promise<ReceiverStats> {
	const stats = JSON.parse(await control(info, 'GET', '/_stats')) as ReceiverStats;
	stats.handshakes = Math.max(0, stats.handshakes - 1);
	return stats;
}
