/**
 * Scenario 2, the limit: raw undici with the node's concurrency (one Agent, keep-alive, N workers)
 * sending the same 1 KB bodies with the same headers (x-hub-signature HMAC SHA256 computed per
 * request, a delivery id). No n8n, no retries, no per-item bookkeeping beyond a status count.
 */
import { benchEvent } from '../lib/items';
import { rawSend } from '../lib/raw-send';
import { receiverInfo, receiverStats, resetReceiver } from '../lib/receiver-client';
import { benchArgs, emit, main, peakRssKb, rssKb } from '../lib/report';

const HUB_SECRET = 'bench-hub-secret';

const args = benchArgs({
	scenario: 'delivery',
	variant: 'fast',
	items: 1000,
	route: 'fast',
	concurrency: 16,
	warmup: 100,
	/** Bodies that carry the endpoint in a `url` field, as in the URL-by-expression scenarios. */
	withUrl: false,
	/** Labels the measurement (e.g. `n8n1`) when a real-n8n scenario runs this beside its n8n. */
	side: 'undici',
});

/**
 * Sends `items` POSTs (bench/lib/raw-send.ts). The receiver's certificate is trusted through
 * NODE_EXTRA_CA_CERTS (set by the runner), i.e. Node's default store.
 */
function send(origin: string, route: string, items: number) {
	const url = new URL(`${origin}/${route}/hook`);
	const itemUrl = args.withUrl ? url.href : undefined;
	return rawSend({ url, count: items, concurrency: args.concurrency, secret: HUB_SECRET, json: (n) => benchEvent(n, itemUrl) });
}

main(async () => {
	const receiver = receiverInfo();
	if (args.warmup > 0) await send(receiver.origin, 'fast', args.warmup);
	await resetReceiver(receiver);
	const baselineRssKb = rssKb();
	const cpuBefore = process.cpuUsage();
	const startedAt = Date.now();
	const started = performance.now();
	const { ok, failed } = await send(receiver.origin, args.route, args.items);
	const wallMs = performance.now() - started;
	const cpu = process.cpuUsage(cpuBefore);
	const stats = await receiverStats(receiver);
	emit({
		scenario: args.scenario,
		side: args.side,
		variant: args.variant,
		items: args.items,
		wallMs,
		perSecond: (ok / wallMs) * 1000,
		peakRssKb: peakRssKb(),
		baselineRssKb,
		ok: ok === args.items,
		details: {
			cpuMs: (cpu.user + cpu.system) / 1000,
			/** Nothing reaches the receiver before this (ms after the start): building, verification. */
			firstRequestAfterMs: stats.firstAt === undefined ? undefined : stats.firstAt - startedAt,
			delivered: ok,
			failed,
			concurrency: args.concurrency,
			warmupItems: args.warmup,
			node: process.version,
			receiver: stats,
		},
	});
});
