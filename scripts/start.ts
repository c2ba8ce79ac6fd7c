/**
 * `npm start`: the package running in a real n8n on 127.0.0.1.
 *
 * Installs a pinned n8n into ~/.cache/n8n-nodes-outbound-webhooks the first time, builds and packs
 * this package, installs the tarball into a fresh demo user folder's .n8n/nodes (n8n's manual installation), imports
 * the demo credentials and workflows (demo/), activates them, starts n8n, creates the owner account,
 * posts notifications the platform publishes (test/fixtures/platform/: an SMS incoming message and
 * receipts, a WhatsApp message, an In-App typing indicator) to the relay's production URL, and prints
 * where to look. Ctrl-C stops n8n and the HTTPS front and removes the demo folder.
 *
 *   npm start                 n8n 1.123.x on this machine's Node (20+)
 *   npm start -- n8n2         n8n 2.41.0 on Node 24 (downloaded from the npm registry)
 *   OW_PORT=5678 npm start    n8n's port (default 5678, or a free one when taken)
 */
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { testCertificate } from '../test/support/certs';
import { onCleanup, runMain } from './n8n/cleanup';
import { ensureN8n, freePort, log, N8n, profile, REPO_ROOT, tempDir } from './n8n/n8n';
import { buildAndPack, installIntoN8n } from './n8n/package';
import { DEMO_OWNER, N8nRest } from './n8n/rest';
import { fillTemplate } from './n8n/template';
import { waitForWebhooks } from './n8n/wait-for-webhooks';
import { corpusBody, loadCorpus } from '../test/support/platform-corpus';
import { triggerWebhookPath } from './n8n/workflows';

const DEMO = join(REPO_ROOT, 'demo');
/** The secret the demo "platform" signs channel events with (demo/credentials.json). */
const SENDER_SECRET = 'demo-platform-hub-secret';
const RELAY_WEBHOOK_ID = 'b3c5d2a0-7d0e-4f55-9d51-5a3c0c1e0001';
const RECEIVER_WEBHOOK_ID = 'b3c5d2a0-7d0e-4f55-9d51-5a3c0c1e0002';
const DURABLE_WEBHOOK_ID = 'b3c5d2a0-7d0e-4f55-9d51-5a3c0c1e0003';
const WORKFLOWS = ['relay.json', 'receiver.json', 'durable-relay.json'];
/**
 * What the demo "platform" posts: bodies as the platform publishes them, and what the relay (Service,
 * Incoming Message, SMS Delivered) does with each.
 */
const DEMO_NOTIFICATIONS: Array<[file: string, fate: string]> = [
	['sms/sms-06-mo-incoming.json', 'SMS incoming message: relayed'],
	['sms/sms-05-dr-delivered.json', 'SMS Delivered receipt: relayed'],
	['sms/sms-02-dr-failed-invalid-sender.json', 'SMS Failed receipt: not subscribed, dropped'],
	['whatsapp/wa-10-mo-text.json', 'WhatsApp incoming message: relayed'],
	['inapp/rt-09-typing-start.json', 'In-App typing indicator: a customer event, not subscribed, dropped'],
];
const published = (file: string): unknown => JSON.parse(corpusBody(loadCorpus().find((entry) => entry.file === file)!));
/** The flaky endpoint of the durable demo accepts a delivery from this attempt on (after the first extended retry). */
const FLAKY_ACCEPTS_FROM_ATTEMPT = 4;

async function main(): Promise<number> {
	const started = Date.now();
	const p = profile(process.argv[2] ?? process.env.OW_N8N ?? 'n8n1');
	const bin = await ensureN8n(p);
	const tarball = await buildAndPack();
	const userFolder = tempDir('ow-demo-');
	await installIntoN8n(tarball, userFolder);

	const port = await portOrFree(Number(process.env.OW_PORT ?? 5678));
	const n8n = new N8n(p, bin, { userFolder, port, extraEnv: { N8N_RUNNERS_BROKER_PORT: String(await freePort()) } });
	const front = await startHttpsFront(port);
	log(`HTTPS front for n8n's webhooks: ${front.origin} (self-signed; the demo workflows trust it as custom CA)`);

	const values = {
		HTTPS_ORIGIN: front.origin,
		CA_CERTIFICATE: front.cert,
		RELAY_WEBHOOK_ID,
		RECEIVER_WEBHOOK_ID,
		DURABLE_WEBHOOK_ID,
		TRIGGER_PATH: triggerWebhookPath(),
	};
	const credsFile = join(userFolder, 'demo-credentials.json');
	writeFileSync(credsFile, JSON.stringify(fillTemplate(join(DEMO, 'credentials.json'), values), null, 2));
	await n8n.cliOrThrow(['import:credentials', `--input=${credsFile}`]);
	const workflows = WORKFLOWS.map((file) => fillTemplate<{ id: string }>(join(DEMO, 'workflows', file), values));
	await n8n.importWorkflows(workflows);
	await n8n.activate(workflows.map((wf) => wf.id));
	log(`imported demo credentials and ${WORKFLOWS.length} workflows, activated them`);

	await n8n.start();
	await new N8nRest(n8n.baseUrl).setupOwner(DEMO_OWNER);

	const relayUrl = `${n8n.baseUrl}/webhook/${RELAY_WEBHOOK_ID}/${values.TRIGGER_PATH}`;
	// The relay delivers to the receiver's trigger: both must be registered before the first event.
	await waitForWebhooks([relayUrl, `${n8n.baseUrl}/webhook/${RECEIVER_WEBHOOK_ID}/${values.TRIGGER_PATH}`], { servers: [n8n] });
	log(`posting the platform's published notifications to the relay's production URL ${relayUrl}`);
	for (const [file, fate] of DEMO_NOTIFICATIONS) {
		const answer = await postEvent(relayUrl, published(file), SENDER_SECRET);
		log(`  ${file} (${fate}): ${answer}`);
	}
	const sms = published(DEMO_NOTIFICATIONS[0][0]);
	log(`  a forged signature: ${await postEvent(relayUrl, sms, 'wrong-secret')}`);
	const durableUrl = `${n8n.baseUrl}/webhook/${DURABLE_WEBHOOK_ID}/${values.TRIGGER_PATH}`;
	log(`posting the SMS message to the durable relay ${durableUrl}`);
	log(`  ${DEMO_NOTIFICATIONS[0][0]}: ${await postEvent(durableUrl, sms, SENDER_SECRET)}`);

	console.log(`
================================================================================
 n8n ${p.n8nVersion} with n8n-nodes-outbound-webhooks is running (ready in ${Math.round((Date.now() - started) / 1000)} s)

 Editor:    ${n8n.baseUrl}/signin
 Log in:    ${DEMO_OWNER.email} / ${DEMO_OWNER.password}

 Workflows: "Demo: relay channel events" receives the notifications above, drops the
            ones it is not subscribed to, and relays the rest signed + Basic-authorized
            to "Demo: receive relayed events" (whose trigger verifies the signature) and
            to a failing endpoint (503, retried twice, then the Failed output).
            Open Executions to see both; the retries finish about 10 s after each event.
            "Demo: durable relay" sends to an endpoint that answers 503 three times:
            the item leaves Failed with retryable: true and nextAttemptAt, its execution
            waits 70 s in n8n's database (status Waiting; a restart would not lose it),
            then the Outbound Webhook node sends it again with the same x-delivery-id.
 Send more: BODY='{"Channel":"SMS","oa":"447700900123","da":"56263","message":"Hello","tid":"demo-0002","ts":"2026-12-07T09:00:00.000Z"}'
            curl -i ${relayUrl} \\
              -H 'content-type: application/json' \\
              -H "x-hub-signature: $(printf '%s' "$BODY" | openssl dgst -sha256 -hmac ${SENDER_SECRET} | cut -d' ' -f2)" \\
              -d "$BODY"
 n8n log:   ${n8n.logFile}

 Press Ctrl-C to stop n8n and remove the demo folder ${userFolder}
================================================================================
`);
	await new Promise<never>(() => undefined);
	return 0;
}

async function postEvent(url: string, payload: unknown, secret: string): Promise<string> {
	const body = JSON.stringify(payload);
	const signature = createHmac('sha256', secret).update(body).digest('hex');
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-hub-signature': signature },
		body,
	});
	return `${response.status} ${(await response.text()).slice(0, 120)}`;
}

/**
 * The Outbound Webhook node sends HTTPS only, and n8n serves plain HTTP here; this loopback TLS front
 * passes /webhook/... to n8n and plays a failing endpoint on /fail (HEAD 200 so it verifies, POST 503)
 * and a flaky one on /flaky (POST 503 until the 4th attempt of a delivery).
 */
async function startHttpsFront(n8nPort: number): Promise<{ origin: string; cert: string }> {
	const { key, cert } = await testCertificate();
	const server = createHttpsServer({ key, cert }, (req, res) => {
		if (req.url?.startsWith('/flaky')) {
			const attempt = Number(req.headers['x-delivery-attempt'] ?? 0);
			res.statusCode = req.method === 'POST' && attempt < FLAKY_ACCEPTS_FROM_ATTEMPT ? 503 : 200;
			req.resume();
			res.end();
			return;
		}
		if (req.url?.startsWith('/fail')) {
			res.statusCode = req.method === 'POST' ? 503 : 200;
			res.end();
			return;
		}
		const upstream = httpRequest(
			{ host: '127.0.0.1', port: n8nPort, method: req.method, path: req.url, headers: req.headers },
			(answer) => {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			},
		);
		upstream.on('error', () => {
			res.statusCode = 502;
			res.end();
		});
		req.pipe(upstream);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	onCleanup('stop the HTTPS front', () => {
		server.closeAllConnections();
		server.close();
	});
	server.unref();
	return { origin: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, cert };
}

async function portOrFree(wanted: number): Promise<number> {
	const free = await new Promise<boolean>((resolve) => {
		const probe = createHttpsServer();
		probe.once('error', () => resolve(false));
		probe.listen(wanted, '127.0.0.1', () => probe.close(() => resolve(true)));
	});
	return free ? wanted : freePort();
}

runMain(main);
