/**
 * Raw undici inside an n8n node: the limit any node can reach in that engine. It sends its input
 * items exactly as bench/scenarios/undici-raw.ts does on its own (one keep-alive Agent, `concurrency`
 * workers, JSON.stringify + HMAC SHA256 + a random delivery id per request, the answer read) and
 * returns its input items unchanged: no retries, no verification, no per-item output. Run inside n8n
 * (harness or real server, where it is loaded as the custom extension `CUSTOM.benchRawSender`), it
 * shows what n8n's process itself costs a sender (its items, heap, garbage collector), apart from
 * what the Outbound Webhook node adds. Not part of the package.
 */
import { createHmac, randomUUID } from 'node:crypto';

import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { Agent } from 'undici';

export class BenchRawSender implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bench Raw Sender',
		name: 'benchRawSender',
		group: ['output'],
		version: 1,
		description: 'POSTs each item with raw undici (the limit of a node in this engine)',
		defaults: { name: 'Raw Sender' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [
			{ displayName: 'URL', name: 'url', type: 'string', default: '' },
			{ displayName: 'Secret', name: 'secret', type: 'string', default: '' },
			{ displayName: 'Concurrency', name: 'concurrency', type: 'number', default: 16 },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const url = new URL(this.getNodeParameter('url', 0) as string);
		const secret = this.getNodeParameter('secret', 0) as string;
		const concurrency = Number(this.getNodeParameter('concurrency', 0));
		const agent = new Agent({ connections: concurrency, pipelining: 1, keepAliveTimeout: 30_000 });
		let next = 0;
		let failed = 0;
		const worker = async () => {
			while (next < items.length) {
				const body = Buffer.from(JSON.stringify(items[next++].json));
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
				if (response.statusCode < 200 || response.statusCode >= 300) failed++;
			}
		};
		await Promise.all(Array.from({ length: concurrency }, worker));
		await agent.close();
		// Every item delivered goes out on output 0, unchanged (as a failed count of 0 says).
		return [failed === 0 ? items : []];
	}
}
