/**
 * Browser tier: n8n's editor as users meet it, in a real chromium, on a real n8n 1.123.x and 2.41.0
 * with this package installed from its tarball (as the e2e tier does).
 *
 *   npm run test:ui              both n8n versions
 *   npm run test:ui -- n8n2      one of them
 *
 * Signs in, finds both nodes in the nodes panel, checks the display rules and credential pickers,
 * changes Entity Type back and forth, builds and runs Manual Trigger → Outbound Webhook against a
 * loopback HTTPS receiver, and reads Delivered and Failed items in the output panel (scripts/ui/walk.ts).
 * Any page error, console error or failed request that is not one of n8n's known offline noises
 * (listed by name in scripts/ui/browser.ts) fails the tier. Screenshots go to .ui-shots/<version>/.
 * Prints PASS / FAIL lines, "ui: N passed, M failed" and the time; exits 1 on any failure.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';

import { startHttpsServer } from '../test/support/https-server';
import { Checks } from './n8n/checks';
import { onCleanup, runMain } from './n8n/cleanup';
import { freePort, log, N8n, REPO_ROOT, tempDir, type Profile } from './n8n/n8n';
import { buildAndPack, installIntoN8n } from './n8n/package';
import { DEMO_OWNER, N8nRest } from './n8n/rest';
import { runTier } from './n8n/tier';
import { ensureChromium, launchBrowser, ProblemLog, Shots } from './ui/browser';
import { Editor } from './ui/editor';
import { walk } from './ui/walk';

export const SHOTS_DIR = join(REPO_ROOT, '.ui-shots');
const VIEWPORT = { width: 1440, height: 960 };

async function main(): Promise<number> {
	let chromiumPath = '';
	let tarball = '';
	return runTier({
		name: 'ui',
		prepare: async () => {
			chromiumPath = await ensureChromium();
			tarball = process.env.OW_UI_BASE_URL ? '' : await buildAndPack();
			rmSync(SHOTS_DIR, { recursive: true, force: true });
		},
		run: (p, bin, checks) => runProfile(p, bin, tarball, chromiumPath, checks),
		footer: `screenshots: ${SHOTS_DIR}/<version>/*.png`,
	});
}

async function runProfile(p: Profile, bin: string, tarball: string, chromiumPath: string, checks: Checks): Promise<void> {
	let baseUrl = process.env.OW_UI_BASE_URL;
	let n8n: N8n | undefined;
	if (!baseUrl) {
		const userFolder = tempDir(`ow-ui-${p.name}-`);
		await installIntoN8n(tarball, userFolder);
		n8n = new N8n(p, bin, { userFolder, port: await freePort(), extraEnv: { N8N_RUNNERS_BROKER_PORT: String(await freePort()) } });
		await n8n.start();
		baseUrl = n8n.baseUrl;
	}
	const rest = new N8nRest(baseUrl);
	try {
		if (n8n) await rest.setupOwner(DEMO_OWNER);
		else await rest.signIn(DEMO_OWNER);

		// The receiver: every test call passes; /ok accepts deliveries, /gone answers 404 (not retried).
		const receiver = await startHttpsServer((req, res) => {
			res.statusCode = req.method === 'POST' && req.url.startsWith('/gone') ? 404 : 200;
			res.setHeader('content-type', 'application/json');
			res.end(req.method === 'HEAD' ? undefined : JSON.stringify({ received: true }));
		});
		onCleanup('close the HTTPS receiver', () => receiver.close());

		const browser = await launchBrowser(chromiumPath);
		const context = await browser.newContext({ viewport: VIEWPORT });
		const page = await context.newPage();
		const problems = new ProblemLog();
		problems.attach(page);
		const shots = new Shots(join(SHOTS_DIR, `${p.name}-${p.n8nVersion}`));
		try {
			await walk({ editor: new Editor(page, baseUrl), rest, receiver, shots, checks, owner: DEMO_OWNER });
		} catch (error) {
			await shots.take(page, 'error').catch(() => undefined);
			await shots.html(page, 'error').catch(() => undefined);
			checks.check('the walk ran to the end', false, error instanceof Error ? (error.stack ?? error.message) : String(error));
		} finally {
			await browser.close();
			await receiver.close();
		}
		for (const [name, count] of problems.noiseSeen) log(`${p.name}: ignored n8n's own "${name}" (${count}x)`);
		checks.check(
			'no page error, console error or failed request other than n8n\'s known offline noise',
			problems.all.length === 0,
			problems.all.map((x) => `${x.kind}: ${x.text} ${x.url}`).join('\n'),
		);
		log(`${p.name}: screenshots in ${shots.dir}`);
	} finally {
		await n8n?.stop();
	}
}


runMain(main);
