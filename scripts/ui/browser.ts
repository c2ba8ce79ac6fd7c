/**
 * The real browser of the editor tier: Debian's chromium (installed with apt-get when missing),
 * driven by playwright-core, and a record of every page error, console error and failed request,
 * each either matched by one of n8n's known offline noises (listed by name below) or counted as a
 * failure.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { chromium, type Browser, type Page } from 'playwright-core';

import { onCleanup } from '../n8n/cleanup';
import { log, runOrThrow } from '../n8n/n8n';

/** The flags that make chromium run headless in a container without reaching the internet on its own. */
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

function which(command: string): string | undefined {
	try {
		return execFileSync('which', [command], { encoding: 'utf8' }).trim() || undefined;
	} catch {
		return undefined;
	}
}

/** The chromium binary; `apt-get install -y chromium` first when there is none (a fresh CI machine). */
export async function ensureChromium(): Promise<string> {
	const found = which('chromium');
	if (found) return found;
	log('chromium not found: apt-get update && apt-get install -y chromium');
	const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
	const apt = async (...args: string[]) =>
		sudo.length ? runOrThrow('sudo', ['apt-get', ...args], { inherit: true }) : runOrThrow('apt-get', args, { inherit: true });
	await apt('update');
	await apt('install', '-y', 'chromium');
	const installed = which('chromium');
	if (!installed) throw new Error('apt-get installed chromium, but `which chromium` still finds nothing');
	return installed;
}

export async function launchBrowser(executablePath: string): Promise<Browser> {
	const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
	onCleanup('close chromium', () => browser.close());
	return browser;
}

/**
 * What n8n's editor reports by itself on a machine without internet access or licence. Each entry
 * has a name (printed when it matched) and a test on the message text and the URL involved.
 */
export const KNOWN_N8N_NOISE: ReadonlyArray<{ name: string; matches: (text: string, url: string) => boolean }> = [
	{
		name: 'n8n cloud services unreachable offline (api.n8n.io: banners, templates, versions, dynamic credentials)',
		matches: (text, url) => /api(-staging)?\.n8n\.io/.test(url) || /api(-staging)?\.n8n\.io/.test(text),
	},
	{
		name: "the editor's dynamic banners, fetched from n8n's servers (\"Failed to fetch dynamic banners\")",
		matches: (text) => /Failed to fetch dynamic banners/.test(text),
	},
	{
		name: 'the editor asking who is signed in before sign-in (GET /rest/login answers 401)',
		matches: (text, url) => /\/rest\/login$/.test(url) && /401|Unauthorized/.test(text),
	},
	{ name: 'npm registry look-ups of the community packages page', matches: (text, url) => /registry\.npmjs\.org/.test(url + text) },
	{
		name: 'licence-gated REST endpoints answering 403 (AI sessions, insights, source control, ...)',
		matches: (text, url) => /\/rest\/(ai|insights|source-control|ldap|sso|saml|license|evaluation|workflow-history|variables|projects|roles|data-tables)/.test(url) && /40[13]|Forbidden|licen/i.test(text + url),
	},
	{
		name: 'no earlier successful execution yet (/executions/last-successful answers 404)',
		matches: (_text, url) => /\/executions\/last-successful/.test(url),
	},
	{
		name: 'n8n asks every node type for an output schema file (/schemas/..., 404 for packages that ship none)',
		matches: (_text, url) => /\/schemas\/[^/]+\/[\d.]+\.json/.test(url),
	},
	{
		name: "n8n 1.123 editor bug at load, before any node is opened (reading 'enabled')",
		matches: (text) => /Cannot read properties of undefined \(reading 'enabled'\)/.test(text),
	},
	{
		name: 'the push connection closing when a page navigates away',
		matches: (text, url) => /\/rest\/push/.test(url) && /WebSocket|closed|ERR_ABORTED|net::/i.test(text),
	},
	{ name: 'requests cancelled by a navigation (net::ERR_ABORTED)', matches: (text) => /net::ERR_ABORTED/.test(text) },
	{ name: 'external fonts and telemetry scripts unreachable offline', matches: (text, url) => /(fonts\.googleapis|rudderstack|posthog|sentry|telemetry)/i.test(url + text) },
];

export interface PageProblem {
	kind: 'pageerror' | 'console' | 'requestfailed' | 'response';
	text: string;
	url: string;
}

/** Collects the problems of one page: `unexpected()` are those no known noise explains. */
export class ProblemLog {
	readonly all: PageProblem[] = [];
	readonly noiseSeen = new Map<string, number>();

	attach(page: Page): void {
		page.on('pageerror', (error) => this.add({ kind: 'pageerror', text: `${error.name}: ${error.message}`, url: page.url() }));
		page.on('console', (message) => {
			if (message.type() === 'error') this.add({ kind: 'console', text: message.text(), url: message.location().url ?? '' });
		});
		page.on('requestfailed', (request) =>
			this.add({ kind: 'requestfailed', text: `${request.method()} ${request.failure()?.errorText ?? 'failed'}`, url: request.url() }),
		);
		page.on('response', (response) => {
			if (response.status() >= 400) {
				this.add({ kind: 'response', text: `${response.request().method()} answered ${response.status()}`, url: response.url() });
			}
		});
	}

	private add(problem: PageProblem): void {
		const noise = KNOWN_N8N_NOISE.find((n) => n.matches(problem.text, problem.url));
		if (noise) this.noiseSeen.set(noise.name, (this.noiseSeen.get(noise.name) ?? 0) + 1);
		else this.all.push(problem);
	}

	/** Problems since `from` (an index into `all`). */
	since(from: number): PageProblem[] {
		return this.all.slice(from);
	}
}

/** Writes numbered PNG screenshots into one folder. */
export class Shots {
	private count = 0;

	constructor(readonly dir: string) {
		mkdirSync(dir, { recursive: true });
	}

	async take(page: Page, name: string): Promise<string> {
		this.count++;
		const file = join(this.dir, `${String(this.count).padStart(2, '0')}-${name}.png`);
		await page.screenshot({ path: file, fullPage: false });
		return file;
	}

	/** Writes the page's HTML beside the screenshots (for a failed step: what the selectors met). */
	async html(page: Page, name: string): Promise<string> {
		const file = join(this.dir, `${name}.html`);
		writeFileSync(file, await page.content());
		return file;
	}
}
