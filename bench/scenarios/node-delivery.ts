/**
 * Scenario 1 (and 4): the Outbound Webhook node through n8n-core's real WorkflowExecute, via the
 * test harness: Bench Source (N items of 1 KB) -> Outbound Webhook (hub signature SHA256, no auth,
 * endpoint verification on: one HEAD, then N signed POSTs at the node's concurrency).
 * With `sender: 'rawSender'`: Bench Source -> Bench Raw Sender, raw undici inside a node (the limit
 * of any node in this engine; bench/n8n/BenchRawSender.node.ts).
 */
import type { IDataObject } from 'n8n-workflow';

import { runWorkflow } from '../../test/harness/workflow';
import { BenchRawSender, BenchSource } from '../lib/nodes';
import { receiverInfo, receiverStats, resetReceiver } from '../lib/receiver-client';
import { benchArgs, emit, main, peakRssKb, rssKb } from '../lib/report';

export const HUB_SECRET = 'bench-hub-secret';

const args = benchArgs({
	scenario: 'delivery',
	variant: 'fast',
	items: 1000,
	/** Receiver route: fast | slow | retry */
	route: 'fast',
	concurrency: 16,
	retryInterval: 60,
	maxRetries: 3,
	/**
	 * How the receiver's self-signed certificate is trusted: `extraCa` = NODE_EXTRA_CA_CERTS (set by the
	 * runner for every process, like a public CA: Node's default trust store), `caOption` = the node's
	 * Custom CA Certificate option.
	 */
	trust: 'extraCa' as 'extraCa' | 'caOption',
	/** Items of an unmeasured first run (loads and compiles modules, warms the JIT). */
	warmup: 100,
	sender: 'outboundWebhook' as 'outboundWebhook' | 'rawSender',
});
const SENDER = args.sender === 'rawSender' ? 'Raw Sender' : 'Webhook';

function workflow(origin: string, route: string, items: number, cert: string, hook = 'hook') {
	return {
		nodes: [
			{ name: 'Source', type: 'bench.source', parameters: { count: items } },
			args.sender === 'rawSender'
				? { name: SENDER, type: 'bench.rawSender', parameters: { url: `${origin}/${route}/${hook}`, secret: HUB_SECRET, concurrency: args.concurrency } }
				: {
						name: SENDER,
						type: 'n8n-nodes-outbound-webhooks.outboundWebhook',
						parameters: {
							url: `${origin}/${route}/${hook}`,
							authentication: 'none',
							enableHubSignature: true,
							options: {
								verifyEndpoint: true,
								concurrency: args.concurrency,
								retryInterval: args.retryInterval,
								maxRetries: args.maxRetries,
								...(args.trust === 'caOption' ? { caCertificate: cert } : {}),
							},
						} as IDataObject,
					},
		],
		connections: { Source: { main: [[{ node: SENDER, type: 'main' as const, index: 0 }]] } },
	};
}

const run = (flow: ReturnType<typeof workflow>) =>
	runWorkflow(flow, {
		credentials: { hubSignatureApi: { secret: HUB_SECRET, algorithm: 'sha256' } },
		extraNodeTypes: { 'bench.source': new BenchSource(), 'bench.rawSender': new BenchRawSender() },
	});

main(async () => {
	const receiver = receiverInfo();
	// Another URL than the measured one: a verification passed in the warm-up would otherwise be
	// remembered (per process and in static data) and the measured run would make no test call.
	if (args.warmup > 0) await run(workflow(receiver.origin, 'fast', args.warmup, receiver.cert, 'warmup'));
	await resetReceiver(receiver);
	const baselineRssKb = rssKb();

	const cpuBefore = process.cpuUsage();
	const startedAt = Date.now();
	const started = performance.now();
	const result = await run(workflow(receiver.origin, args.route, args.items, receiver.cert));
	const wallMs = performance.now() - started;
	const cpu = process.cpuUsage(cpuBefore);

	const error = result.nodeError(SENDER);
	const [delivered, failed = []] = error ? [[], []] : result.outputs(SENDER);
	const runData = result.run.data.resultData.runData;
	const stats = await receiverStats(receiver);
	emit({
		scenario: args.scenario,
		side: args.sender === 'rawSender' ? 'floor' : 'node',
		variant: args.variant,
		items: args.items,
		wallMs,
		perSecond: (delivered.length / wallMs) * 1000,
		peakRssKb: peakRssKb(),
		baselineRssKb,
		ok: !error && delivered.length === args.items,
		details: {
			cpuMs: (cpu.user + cpu.system) / 1000,
			/** Nothing reaches the receiver before this (ms after the start): building, verification. */
			firstRequestAfterMs: stats.firstAt === undefined ? undefined : stats.firstAt - startedAt,
			delivered: delivered.length,
			failed: failed.length,
			error: error?.message,
			nodeExecutionMs: runData[SENDER]?.[0]?.executionTime,
			sourceExecutionMs: runData.Source?.[0]?.executionTime,
			concurrency: args.concurrency,
			trust: args.trust,
			warmupItems: args.warmup,
			receiver: stats,
		},
	});
});
