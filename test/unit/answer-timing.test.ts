import { whenToAnswer } from '../../nodes/shared/answer-timing';
import { receive, type ReceiveConfig } from '../../nodes/shared/receive';

/** whenToAnswer(result, requested): only a request that starts a run can wait for it. */
const CONFIG: ReceiveConfig = {
	maxBodyBytes: 1024,
	auth: { type: 'none' },
	subscription: { entityType: 'service', entityId: '', events: ['incomingMessage'], receipts: {} },
};
const post = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
	receive({ method: 'POST', headers, rawBody: Buffer.from(body) }, CONFIG);
const INCOMING = JSON.stringify({ event: 'incomingMessage', channel: 'sms', from: '447700900001', text: 'hi' });

describe('whenToAnswer', () => {
	test('an accepted event: after the run when asked, on receipt otherwise', () => {
		const accepted = post(INCOMING);
		expect(accepted.events).toHaveLength(1);
		expect(whenToAnswer(accepted, 'afterRun')).toBe('afterRun');
		expect(whenToAnswer(accepted, 'onReceipt')).toBe('onReceipt');
	});

	test('requests that start no run are answered on receipt even when after the run is asked', () => {
		const noRun = {
			'HEAD test call': receive({ method: 'HEAD', headers: {} }, CONFIG),
			'GET test call': receive({ method: 'GET', headers: {} }, CONFIG),
			'empty POST test call': post(''),
			'test notification': post('{"type":"test"}'),
			'malformed JSON (400)': post('{"a":', { 'content-type': 'text/plain' }),
			'other content type (415)': post(INCOMING, { 'content-type': 'application/xml' }),
			'too large (413)': post(JSON.stringify({ text: 'x'.repeat(2048) })),
			'every event dropped by the subscription (200)': post(JSON.stringify({ event: 'incomingCall', channel: 'voice' })),
			'wrong method (405)': receive({ method: 'PUT', headers: {} }, CONFIG),
			'unauthorized (401)': receive(
				{ method: 'POST', headers: { 'content-type': 'application/json' }, rawBody: Buffer.from(INCOMING) },
				{ ...CONFIG, auth: { type: 'basicAuth', user: 'u', password: 'p' } },
			),
		};
		for (const [name, result] of Object.entries(noRun)) {
			expect([name, result.events.length, whenToAnswer(result, 'afterRun')]).toEqual([name, 0, 'onReceipt']);
		}
	});
});
