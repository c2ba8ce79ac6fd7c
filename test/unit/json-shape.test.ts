import { jsonShape } from '../../nodes/shared/json-shape';

describe('jsonShape: depth and top-level elements, measured on the bytes', () => {
	test.each([
		['1', 0, 1],
		['"a [ { string"', 0, 1],
		['{}', 1, 1],
		['[]', 1, 0],
		['[ ]', 1, 0],
		['[1]', 1, 1],
		['[1,2,3]', 1, 3],
		['[{"a":[1,2]},{"b":"x,y"}]', 3, 2],
		['["a,b", "c\\",d", "\\\\", 4]', 1, 4],
		['[[[[]]]]', 4, 1],
		['{"a":{"b":{"c":[1,2,3]}}}', 4, 1],
		['\ufeff[1, 2]', 1, 2],
	])('%s: depth %d, %d element(s)', (text, depth, elements) => {
		expect(jsonShape(Buffer.from(text), 100)).toEqual({ depth, elements });
	});

	test('stops past the limit', () => {
		expect(jsonShape(Buffer.from('['.repeat(10_000)), 100).depth).toBe(101);
	});

	test('agrees with JSON.parse on the element count of a large batch', () => {
		const body = JSON.stringify(Array.from({ length: 1000 }, (_, n) => ({ n, text: `a,b [${n}] {x}`, nested: [n, { m: 'y' }] })));
		expect(jsonShape(Buffer.from(body), 100)).toEqual({ depth: 4, elements: JSON.parse(body).length });
	});
});
