import type { IExecuteFunctions } from 'n8n-workflow';

import { itemParameters } from '../../../nodes/OutboundWebhook/item-parameters';

/**
 * The Outbound Webhook's per-item parameter reads: a parameter without an expression is read through
 * n8n once per execution, one with an expression for every item, a plain text expression through
 * `evaluateExpression`, and an object is shared between items only when the node says it may be.
 */
function context(parameters: Record<string, unknown>) {
	const calls: string[] = [];
	const ctx = {
		getNode: () => ({ parameters }),
		getNodeParameter: (name: string, index: number) => {
			calls.push(`get ${name} ${index}`);
			const value = name.split('.').reduce<any>((v, key) => v?.[key], parameters);
			return typeof value === 'string' && value.startsWith('=') ? `${value.slice(1)}@${index}` : structuredClone(value);
		},
		evaluateExpression: (expression: string, index: number) => (calls.push(`evaluate ${expression} ${index}`), `${expression}#${index}`),
	} as unknown as IExecuteFunctions;
	return { ctx, calls };
}

describe('itemParameters', () => {
	test('a fixed value is read through n8n once, then reused for every item', () => {
		const { ctx, calls } = context({ url: 'https://a.example/hook' });
		const read = itemParameters(ctx);
		expect([0, 1, 2].map((i) => read('url', i))).toEqual(['https://a.example/hook', 'https://a.example/hook', 'https://a.example/hook']);
		expect(calls).toEqual(['get url 0']);
	});

	test('a value with an expression is read through n8n for every item', () => {
		const { ctx, calls } = context({ options: { timeout: '={{ $json.t }}' } });
		const read = itemParameters(ctx);
		expect([0, 1].map((i) => read('options.timeout', i))).toEqual(['{{ $json.t }}@0', '{{ $json.t }}@1']);
		expect(calls).toEqual(['get options.timeout 0', 'get options.timeout 1']);
	});

	test('a plain text parameter that is one expression goes to evaluateExpression for each item', () => {
		const { ctx, calls } = context({ url: '={{ $json.url }}', options: { deliveryId: 'fixed-id' } });
		const read = itemParameters(ctx, new Set(), new Set(['url', 'options.deliveryId']));
		expect([0, 1].map((i) => read('url', i))).toEqual(['{{ $json.url }}#0', '{{ $json.url }}#1']);
		expect([0, 1].map((i) => read('options.deliveryId', i))).toEqual(['fixed-id', 'fixed-id']);
		expect(calls).toEqual(['evaluate {{ $json.url }} 0', 'evaluate {{ $json.url }} 1', 'get options.deliveryId 0']);
	});

	test('a fixed object is read per item unless it may be shared', () => {
		const { ctx, calls } = context({ options: { headers: { header: [{ name: 'a', value: 'b' }] }, extra: { k: 'v' } } });
		const read = itemParameters(ctx, new Set(['options.headers.header']));
		const [h0, h1] = [read('options.headers.header', 0), read('options.headers.header', 1)];
		const [e0, e1] = [read('options.extra', 0), read('options.extra', 1)];
		expect([h0 === h1, e0 === e1, e0]).toEqual([true, false, { k: 'v' }]);
		expect(calls).toEqual(['get options.headers.header 0', 'get options.extra 0', 'get options.extra 1']);
	});
});
