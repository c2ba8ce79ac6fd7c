/**
 * Waits until n8n has activated the active workflows, as a sender sees it: their production webhook
 * URLs are registered.
 *
 * Why: `n8n start` answers GET /healthz as soon as its HTTP server listens, and only then activates
 * the active workflows (1.123 and 2.41 alike: `ActiveWorkflowManager.init()` runs after
 * `server.start()`). Until a workflow's webhooks are stored, their URLs answer 404; a test that fires
 * right after start races that (one run in six on n8n 2.41 got 404 for the trigger's HEAD).
 *
 * The condition: a HEAD request to each URL answers anything but 404. HEAD is the Channel Event
 * Trigger's test call, so it starts no execution (the tiers count executions). n8n stores a node's
 * webhooks one after the other in the order the node declares them, and the trigger declares HEAD
 * last (after POST and GET), so a registered HEAD means the POST is registered too. In queue mode,
 * ask the process that takes production webhooks (the webhook processor, or main without one): main
 * stores the webhooks in the database, and that process finds them there. 401 (a trigger with inbound
 * authorization) counts as registered.
 */
import { log, sleep, type N8n } from './n8n';

const NOT_REGISTERED = 404;
const POLL_MS = 250;

export interface WaitForWebhooksOptions {
	/** Give up after this long (default 120 s: a cold n8n 2.x on a loaded 2-core machine). */
	timeoutMs?: number;
	/** n8n processes whose log tails explain a timeout. */
	servers?: Array<N8n | undefined>;
}

/** Resolves once every URL is registered; throws with the last answers and the n8n log tails otherwise. */
export async function waitForWebhooks(urls: string[], options: WaitForWebhooksOptions = {}): Promise<void> {
	const timeoutMs = options.timeoutMs ?? 120_000;
	const started = Date.now();
	const last = new Map<string, string>(urls.map((url) => [url, 'not asked yet']));
	const pending = new Set(urls);
	for (;;) {
		for (const url of [...pending]) {
			try {
				const response = await fetch(url, { method: 'HEAD' });
				last.set(url, String(response.status));
				if (response.status !== NOT_REGISTERED) pending.delete(url);
			} catch (error) {
				last.set(url, error instanceof Error ? error.message : String(error));
			}
		}
		if (pending.size === 0) {
			log(`n8n serves ${urls.length} production webhook URL${urls.length === 1 ? '' : 's'} (workflows activated) after ${((Date.now() - started) / 1000).toFixed(1)} s`);
			return;
		}
		if (Date.now() - started > timeoutMs) break;
		await sleep(POLL_MS);
	}
	const answers = [...pending].map((url) => `${url}: ${last.get(url)}`).join('\n');
	const tails = (options.servers ?? [])
		.filter((server): server is N8n => server !== undefined)
		.map((server) => `----- last lines of ${server.logFile} -----\n${server.logTail(30)}`)
		.join('\n');
	throw new Error(`n8n did not register these production webhooks within ${timeoutMs / 1000} s (last answers):\n${answers}\n${tails}`);
}
