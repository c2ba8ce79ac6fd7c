/**
 * Scenario 1 (and 4): the Outbound Webhook node through n8n-core's real WorkflowExecute, via the
 * test harness: Bench Source (N items of 1 KB) -> Outbound Webhook (hub signature SHA256, no auth,
 * endpoint verification on: one HEAD, then N signed POSTs at the node's concurrency).
 */
import type { IDataObject } from 'n8n-workflow';

import { runWorkflow } from '../../test/harness/workflow';
import { BenchSource } from '../lib/nodes';
import { receiverInfo, receiverStats, resetReceiver } from '../lib/receiver-client';
import { benchArgs, emit, main, peakRssKb, rssKb } from '../lib/report';

export const HUB_SECRET = 'bench-hub-secret';

const args = benchArgs({
	scenario: 'delivery',
	variant: 'fast',
	items: 1000,
	/** Receiver route: fast | slow | retry */
	route: 'fast',
	concurrency: 20,
	retryInterval: 60,
	maxRetries: 3,
});

main(async () => {
	const receiver = receiverInfo();
	await resetReceiver(receiver);
	const baselineRssKb = rssKb();
	const workflow = {
		nodes: [
			{ name: 'Source', type: 'bench.source', parameters: { count: args.items } },
			{
				name: 'Webhook',
				type: 'n8n-nodes-outbound-webhooks.outboundWebhook',
				parameters: {
					url: `${receiver.origin}/${args.route}/hook`,
					authentication: 'none',
					enableHubSignature: true,
					options: {
						verifyEndpoint: true,
						concurrency: args.concurrency,
						retryInterval: args.retryInterval,
						maxRetries: args.maxRetries,
						caCertificate: receiver.cert,
					},
				} as IDataObject,
			},
		],
		connections: { Source: { main: [[{ node: 'Webhook', type: 'main' as const, index: 0 }]] } },
	};

	const started = performance.now();
	const result = await runWorkflow(workflow, {
		credentials: { hubSignatureApi: { secret: HUB_SECRET, algorithm: 'sha256' } },
		extraNodeTypes: { 'bench.source': new BenchSource() },
	});
	const wallMs = performance.now() - started;

	const error = result.nodeError('Webhook');
	const [delivered, failed] = error ? [[], []] : result.outputs('Webhook');
	const runData = result.run.data.resultData.runData;
	const stats = await receiverStats(receiver);
	emit({
		scenario: args.scenario,
		side: 'node',
		variant: args.variant,
		items: args.items,
		wallMs,
		perSecond: (delivered.length / wallMs) * 1000,
		peakRssKb: peakRssKb(),
		baselineRssKb,
		ok: !error && delivered.length === args.items,
		details: {
			delivered: delivered.length,
			failed: failed.length,
			error: error?.message,
			nodeExecutionMs: runData.Webhook?.[0]?.executionTime,
			sourceExecutionMs: runData.Source?.[0]?.executionTime,
			concurrency: args.concurrency,
			receiver: stats,
		},
	});
});
