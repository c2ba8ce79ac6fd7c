/**
 * Scenario 3: what an n8n user builds today. Bench Source -> Sign (stands in for a Code node that
 * serialises the item and computes the HMAC; see BenchSign) -> n8n's HTTP Request node (from
 * n8n-nodes-base) POSTing the signed text as a raw JSON body with x-hub-signature and x-delivery-id
 * headers from expressions, through the same n8n-core engine as the Outbound Webhook node.
 * `batching` empty: the node's default settings (every item's request started at once);
 * otherwise its Batching option (items per batch, interval in ms).
 * The receiver's certificate is trusted through NODE_EXTRA_CA_CERTS (set by the runner), the way a
 * self-hosted n8n trusts a private CA; "Ignore SSL Issues" stays off, as on the Outbound Webhook side.
 */
import type { IDataObject } from 'n8n-workflow';

import { runWorkflow } from '../../test/harness/workflow';
import { BenchSign, BenchSource } from '../lib/nodes';
import { loadHttpRequestNode } from '../lib/nodes-base';
import { receiverInfo, receiverStats, resetReceiver } from '../lib/receiver-client';
import { benchArgs, emit, main, peakRssKb, rssKb } from '../lib/report';

const HUB_SECRET = 'bench-hub-secret';

const args = benchArgs({
	scenario: 'delivery',
	variant: 'fast',
	items: 1000,
	route: 'fast',
	/** Empty for the default settings; else the Batching option's values. */
	batching: {} as { batchSize?: number; batchInterval?: number },
	/** Items of an unmeasured first run (loads and compiles modules, warms the JIT). */
	warmup: 100,
});

main(async () => {
	const httpRequest = loadHttpRequestNode();
	if (!httpRequest) {
		throw new Error('n8n-nodes-base not found: run `bash scripts/n8n/install.sh 2` once (or set BENCH_N8N_NODES_BASE)');
	}
	const receiver = receiverInfo();
	const options: IDataObject = {};
	if (args.batching.batchSize !== undefined) options.batching = { batch: { ...args.batching } };
	const workflow = (route: string, items: number) => ({
		nodes: [
			{ name: 'Source', type: 'bench.source', parameters: { count: items } },
			{ name: 'Sign', type: 'bench.sign', parameters: { secret: HUB_SECRET } },
			{
				name: 'HTTP Request',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: httpRequest.version,
				parameters: {
					method: 'POST',
					url: `${receiver.origin}/${route}/hook`,
					authentication: 'none',
					sendHeaders: true,
					specifyHeaders: 'keypair',
					headerParameters: {
						parameters: [
							{ name: 'x-hub-signature', value: '={{ $json.signature }}' },
							{ name: 'x-delivery-id', value: '={{ $json.deliveryId }}' },
						],
					},
					sendBody: true,
					contentType: 'raw',
					rawContentType: 'application/json; charset=utf-8',
					body: '={{ $json.body }}',
					options,
				} as IDataObject,
			},
		],
		connections: {
			Source: { main: [[{ node: 'Sign', type: 'main' as const, index: 0 }]] },
			Sign: { main: [[{ node: 'HTTP Request', type: 'main' as const, index: 0 }]] },
		},
	});
	const run = (flow: ReturnType<typeof workflow>) =>
		runWorkflow(flow, {
			extraNodeTypes: { 'bench.source': new BenchSource(), 'bench.sign': new BenchSign(), 'n8n-nodes-base.httpRequest': httpRequest.type },
		});

	// The warm-up runs without batching waits.
	if (args.warmup > 0) await run({ ...workflow('fast', args.warmup) });
	await resetReceiver(receiver);
	const baselineRssKb = rssKb();
	const cpuBefore = process.cpuUsage();
	const startedAt = Date.now();
	const started = performance.now();
	const result = await run(workflow(args.route, args.items));
	const wallMs = performance.now() - started;
	const cpu = process.cpuUsage(cpuBefore);

	const error = result.nodeError('HTTP Request');
	const delivered = error ? 0 : (result.outputs('HTTP Request')[0]?.length ?? 0);
	const runData = result.run.data.resultData.runData;
	const stats = await receiverStats(receiver);
	emit({
		scenario: args.scenario,
		side: 'httpRequest',
		variant: args.variant,
		items: args.items,
		wallMs,
		perSecond: (delivered / wallMs) * 1000,
		peakRssKb: peakRssKb(),
		baselineRssKb,
		ok: !error && delivered === args.items,
		details: {
			cpuMs: (cpu.user + cpu.system) / 1000,
			/** Nothing reaches the receiver before this (ms after the start): building, verification. */
			firstRequestAfterMs: stats.firstAt === undefined ? undefined : stats.firstAt - startedAt,
			delivered,
			error: error?.message,
			batching: args.batching,
			warmupItems: args.warmup,
			nodeExecutionMs: runData['HTTP Request']?.[0]?.executionTime,
			signExecutionMs: runData.Sign?.[0]?.executionTime,
			nodesBase: `${httpRequest.packageVersion} (HTTP Request v${httpRequest.version})`,
			receiver: stats,
		},
	});
});
