import { Agent, type Dispatcher } from 'undici';

import { assertSendableHeaders, headerProblem } from '../../../nodes/shared/http/header-rules';

/**
 * The package's header rule against undici's own: for every case, the rule refuses exactly what
 * undici 7 refuses when a request is dispatched (lib/core/request.js `processHeader`), so nothing
 * undici would refuse inside `dispatch` ever reaches it.
 */

/** Whether undici refuses a request with this one header at dispatch (synchronously, before connecting). */
function undiciRefuses(name: string, value: string): boolean {
	const agent = new Agent({ connect: { timeout: 1 } });
	let refused = false;
	const refusal = (error: unknown) => {
		const code = (error as { code?: string }).code;
		if (code === 'UND_ERR_INVALID_ARG' || code === 'UND_ERR_NOT_SUPPORTED') refused = true;
	};
	// undici either throws (a handler without onError) or hands the refusal to the handler.
	const handler: Dispatcher.DispatchHandler = { onRequestStart: () => undefined, onResponseError: (_controller, error) => refusal(error) };
	try {
		agent.dispatch({ origin: 'http://127.0.0.1:9', path: '/', method: 'POST', headers: { [name]: value } }, handler);
	} catch (error) {
		refusal(error);
	}
	void agent.destroy().catch(() => undefined);
	return refused;
}

const CASES: Array<[string, string]> = [
	['x-currency', '€'],
	['x-note', 'ok 👍'],
	['x-note', '日本'],
	['x-note', 'a\u0001b'],
	['x-note', 'a\u007fb'],
	['x-note', 'a\rb'],
	['x-note', 'a\nb'],
	['x-note', 'a\u0000b'],
	['x-note', 'a\fb'],
	['x-note', 'café'],
	['x-note', '\u00ff\u0080'],
	['x-note', ' a\tb '],
	['x-note', ''],
	['x-note', 'plain ascii !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'],
	['expect', '100-continue'],
	['Expect', ''],
	['keep-alive', 'timeout=5'],
	['upgrade', 'websocket'],
	['transfer-encoding', 'chunked'],
	['connection', 'close'],
	['connection', 'keep-alive, x-custom'],
	['connection', 'a b'],
	['x bad', '1'],
	['x-bad:', '1'],
	['x-日本', '1'],
	['x-ok_~|^`', '1'],
];

describe('headerProblem refuses exactly what undici refuses', () => {
	test.each(CASES)('%j: %j', (name, value) => {
		expect(headerProblem(name, value) !== undefined).toBe(undiciRefuses(name, value));
	});
});

describe('the error names the header, never a secret value', () => {
	test('a custom value names the offending character', () => {
		expect(headerProblem('x-currency', '€')).toContain('"€" (U+20AC)');
	});

	test('a secret value is described without any of its characters', () => {
		const problem = headerProblem('authorization', 'Bearer tok-€-secret', true)!;
		expect(problem).not.toContain('€');
		expect(problem).not.toContain('secret');
		expect(() => assertSendableHeaders({ authorization: 'Bearer tok-€-secret' }, 'set by the oAuth2 authorization', undefined, true)).toThrow(
			expect.objectContaining({ code: 'INVALID_HEADER', message: expect.stringContaining('"authorization" (set by the oAuth2 authorization)') }),
		);
		try {
			assertSendableHeaders({ authorization: 'Bearer tok-€-secret' }, 'x', undefined, true);
		} catch (error) {
			expect(JSON.stringify({ ...(error as object), message: (error as Error).message })).not.toContain('tok-');
		}
	});
});
