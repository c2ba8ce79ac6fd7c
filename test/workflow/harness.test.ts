import { runWorkflow } from '../harness/workflow';

describe('test harness: runWorkflow through n8n-core WorkflowExecute', () => {
	test('runs the start node and passes its items to the next node, keeping static data', async () => {
		const result = await runWorkflow({
			nodes: [
				{ name: 'Source', type: 'test.source', parameters: { items: '[{"a":1},{"a":2}]' } },
				{ name: 'Next', type: 'test.source', parameters: { items: '={{ JSON.stringify([{ b: $json.a * 10 }]) }}' } },
			],
			connections: { Source: { main: [[{ node: 'Next', type: 'main', index: 0 }]] } },
		});
		expect(result.run.status).toBe('success');
		expect(result.outputs('Source')[0].map((i) => i.json)).toEqual([{ a: 1 }, { a: 2 }]);
		// The expression is evaluated by n8n's engine against the first input item.
		expect(result.outputs('Next')[0].map((i) => i.json)).toEqual([{ b: 10 }]);
	});

	test('a node that throws is reported with its error, and the run fails', async () => {
		const result = await runWorkflow({
			nodes: [{ name: 'Source', type: 'test.source', parameters: { items: 'not json' } }],
			connections: {},
		});
		expect(result.run.status).toBe('error');
		expect(result.nodeError('Source')?.message).toMatch(/JSON/);
	});
});
