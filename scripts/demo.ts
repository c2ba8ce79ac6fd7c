/**
 * Headless demo: a few of the platform's published notifications go through the Outbound Webhook
 * node in n8n's real execution engine (n8n-core WorkflowExecute) to a loopback HTTPS receiver that checks each
 * x-hub-signature. Prints what was delivered where, with which status and attempts.
 *
 *   npm run demo
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

import { normalizeEvent } from '../nodes/shared/events';
import { runWorkflow } from '../test/harness/workflow';
import { corpusBody, loadCorpus } from '../test/support/platform-corpus';
import { reply, startHttpsServer } from '../test/support/https-server';

const SECRET = 'demo-hub-secret';

/**
 * Notifications as the platform publishes them (test/fixtures/platform/, each with its page):
 * an SMS receipt, a WhatsApp receipt (its receiver is busy once), the platform's SMS incoming
 * message, and an Email receipt its receiver refuses. The trigger's normalised events go out.
 */
const CORPUS = loadCorpus();
const published = (file: string) => JSON.parse(corpusBody(CORPUS.find((entry) => entry.file === file)!)) as unknown;
const samples = [
	published('sms/sms-05-dr-delivered.json'),
	published('whatsapp/wa-03-dr-read.json'),
	published('sms/sms-06-mo-incoming.json'),
	published('email/email-12-dr-failed-max-length.json'),
];
const events = samples.flatMap((sample) => normalizeEvent(sample));
/** The receiver answers 503 once to the WhatsApp receipt and 400 to the Email one. */
const FLAKY = events[1].transactionId;
const REJECTED = events[3].transactionId;

async function main() {
	const flakyAnswered = new Set<string>();
	let verified = 0;
	const receiver = await startHttpsServer((req, res) => {
		if (req.method === 'HEAD') return reply(res, 200);
		const expected = createHmac('sha256', SECRET).update(req.body).digest();
		const received = Buffer.from(String(req.headers['x-hub-signature'] ?? ''), 'hex');
		if (received.length !== expected.length || !timingSafeEqual(received, expected)) return reply(res, 401, 'bad signature');
		verified++;
		const event = JSON.parse(req.body.toString()) as { transactionId?: string };
		if (event.transactionId === REJECTED) return reply(res, 400, 'unknown template');
		if (event.transactionId === FLAKY && !flakyAnswered.has(String(req.headers['x-delivery-id']))) {
			flakyAnswered.add(String(req.headers['x-delivery-id']));
			return reply(res, 503, 'busy, try again');
		}
		reply(res, 200, 'ok');
	});
	try {
		const result = await runWorkflow(
			{
				nodes: [
					{ name: 'Channel events', type: 'test.source', parameters: { items: JSON.stringify(events) } },
					{
						name: 'Outbound Webhook',
						type: 'n8n-nodes-outbound-webhooks.outboundWebhook',
						parameters: {
							url: `${receiver.origin}/channel-events`,
							entityType: 'service',
							entityId: 'demo-service',
							enableHubSignature: true,
							options: { caCertificate: receiver.cert, retryInterval: 0.5 },
						},
					},
				],
				connections: { 'Channel events': { main: [[{ node: 'Outbound Webhook', type: 'main', index: 0 }]] } },
			},
			{ credentials: { hubSignatureApi: { secret: SECRET, algorithm: 'sha256' } } },
		);
		const [delivered, failed] = result.outputs('Outbound Webhook');
		const rows = [...delivered.map((i) => ['Delivered', i] as const), ...failed.map((i) => ['Failed', i] as const)].sort(
			(a, b) => (a[1].pairedItem as { item: number }).item - (b[1].pairedItem as { item: number }).item,
		);
		console.log(`\nReceiver: ${receiver.origin}/channel-events (HTTPS, self-signed, checks x-hub-signature with HMAC-SHA256)`);
		console.log(`Test call: ${receiver.requests[0]?.method} → 200, then ${receiver.requests.length - 1} POSTs\n`);
		console.log(['event', 'output', 'attempts (status)', 'reason'].join(' | '));
		console.log('--- | --- | --- | ---');
		for (const [output, item] of rows) {
			const payload = item.json.payload as { kind: string; channel?: string; status?: string; transactionId?: string };
			const attempts = (item.json.attempts as Array<{ statusCode?: number; errorCode?: string }>).map((a) => a.statusCode ?? a.errorCode).join(' → ');
			const reason = (item.json.error as { message?: string } | undefined)?.message ?? '';
			console.log([`${payload.kind} ${payload.channel ?? ''} ${payload.status ?? ''} (${payload.transactionId})`, output, attempts, reason].join(' | '));
		}
		const posts = receiver.requests.filter((r) => r.method === 'POST').length;
		console.log(`\n${delivered.length} delivered, ${failed.length} failed; the receiver verified the signature of ${verified} of ${posts} POSTs.`);
	} finally {
		await receiver.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
