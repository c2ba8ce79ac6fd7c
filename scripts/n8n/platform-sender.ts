/**
 * A sender that behaves like the platform's outbound webhooks (spec: "retries a notification that
 * gets no 200: 3 retries, 60 s apart, 10 s timeout"): each notification is POSTed until it is
 * answered 200; an answer that is not 200, a connection error, or no answer within the timeout
 * makes it wait `pauseMs` and send the same bytes again, up to `maxResends` times. Notifications
 * go out `concurrency` at a time, in order.
 *
 * The pause is part of the behaviour being imitated (the platform's retry interval), not a wait of
 * the test for a condition.
 */
import { sleep } from './n8n';

export interface SenderPolicy {
	/** Notifications in flight at once. */
	concurrency: number;
	/** How long one POST may take before the sender gives up on it (the spec: 10 s). */
	timeoutMs: number;
	/** Pause before a re-send (the spec: 60 s). */
	pauseMs: number;
	/** Re-sends after the first POST (the spec: 3). */
	maxResends: number;
}

export interface Notification {
	body: string;
	headers: Record<string, string>;
}

/** What the sender saw, over all notifications. */
export interface SenderReport {
	notifications: number;
	/** Every POST, first sends and re-sends. */
	posts: number;
	resends: number;
	/** Notifications that never got a 200 within the budget. */
	gaveUp: number;
	/** Answers that made the sender re-send, by kind: `500`, `timeout`, `connection error`, ... */
	failedAnswers: Record<string, number>;
	/** Per notification: how many POSTs it took (1 = answered 200 at once). */
	attempts: number[];
}

async function postOnce(url: string, notification: Notification, timeoutMs: number): Promise<string> {
	try {
		const response = await fetch(url, { method: 'POST', body: notification.body, headers: notification.headers, signal: AbortSignal.timeout(timeoutMs) });
		await response.arrayBuffer();
		return String(response.status);
	} catch (error) {
		const name = (error as Error).name;
		return name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'connection error';
	}
}

/**
 * Sends every notification until it is answered 200 or its re-sends are used up. `report` fills in
 * as it goes (a test can watch it); `done` resolves with it once every notification is settled.
 */
export function sendLikeThePlatform(url: string, notifications: Notification[], policy: SenderPolicy): { report: SenderReport; done: Promise<SenderReport> } {
	const report: SenderReport = { notifications: notifications.length, posts: 0, resends: 0, gaveUp: 0, failedAnswers: {}, attempts: [] };
	let next = 0;
	const worker = async () => {
		while (next < notifications.length) {
			const index = next++;
			let attempts = 0;
			for (;;) {
				attempts++;
				report.posts++;
				if (attempts > 1) report.resends++;
				const answer = await postOnce(url, notifications[index], policy.timeoutMs);
				if (answer === '200') break;
				report.failedAnswers[answer] = (report.failedAnswers[answer] ?? 0) + 1;
				if (attempts > policy.maxResends) {
					report.gaveUp++;
					break;
				}
				await sleep(policy.pauseMs);
			}
			report.attempts[index] = attempts;
		}
	};
	const done = Promise.all(Array.from({ length: Math.min(policy.concurrency, notifications.length) }, worker)).then(() => report);
	return { report, done };
}
