/**
 * The editor walk of the browser tier: what a user does with this package's nodes in n8n's editor,
 * each step checked in the rendered page and shot as a PNG. See scripts/ui.ts for the setup.
 */
import { channelsForEntity, EVENT_KINDS, eventKindsForEntity } from '../../nodes/shared/catalog';
import type { Checks } from '../n8n/checks';
import type { N8nRest } from '../n8n/rest';
import type { TestHttpsServer } from '../../test/support/https-server';
import type { Editor } from './editor';
import type { Shots } from './browser';

export interface WalkContext {
	editor: Editor;
	rest: N8nRest;
	receiver: TestHttpsServer;
	shots: Shots;
	checks: Checks;
	owner: { email: string; password: string };
}

const OUTBOUND = 'Outbound Webhook';
/** n8n lists a trigger in the nodes panel without its "Trigger" suffix. */
const TRIGGER_IN_PANEL = 'Channel Event';
const AWS_SES_ONLY = '(AWS SES Route Only)';
const IN_APP_CHANNEL = 'In-App Messaging / Live Chat';

/** Each credential picker, by the switch or scheme that reveals it, and the form it must open. */
const AUTH_SCHEMES: Array<{ option: string; picker: string }> = [
	{ option: 'Basic Auth', picker: 'Webhook Basic Auth API' },
	{ option: 'Digest Auth', picker: 'Webhook Digest Auth API' },
	{ option: 'AWS Signature', picker: 'Webhook AWS Signature API' },
	{ option: 'API Key', picker: 'Webhook Key Auth API' },
	{ option: 'OAuth2', picker: 'Outbound Webhook OAuth2 API' },
];

export async function walk(ctx: WalkContext): Promise<void> {
	const { editor, shots, checks } = ctx;
	const page = editor.page;
	const shot = (name: string) => shots.take(page, name);

	const signedIn = await checks.step('signs in at /signin with the owner account', async () => {
		await editor.signIn(ctx.owner.email, ctx.owner.password);
		await shot('signed-in');
		return true;
	});
	if (signedIn === undefined) return;

	// 1. The nodes panel finds both nodes.
	await editor.newWorkflow();
	const outboundHits = await editor.searchNodes('outbound', 'canvas');
	await shot('nodes-panel-outbound');
	checks.check('nodes panel search "outbound" lists Outbound Webhook', outboundHits.includes(OUTBOUND), outboundHits.join(', '));
	const triggerHits = await editor.searchNodes('channel event');
	await shot('nodes-panel-channel-event');
	checks.check(`nodes panel search "channel event" lists the trigger (as "${TRIGGER_IN_PANEL}")`, triggerHits.some((h) => h.startsWith(TRIGGER_IN_PANEL)), triggerHits.join(', '));

	await walkTrigger(ctx, shot);
	await walkOutbound(ctx, shot);
}

async function walkTrigger(ctx: WalkContext, shot: (name: string) => Promise<string>): Promise<void> {
	const { editor, checks } = ctx;
	const added = await checks.step('adds the Channel Event Trigger from the nodes panel', async () => {
		await editor.addNodeFromResults(TRIGGER_IN_PANEL, 'communityTrigger');
		await editor.addTriggerAction('On incoming message');
		await editor.waitForNdv();
		return true;
	});
	if (added === undefined) return;
	await shot('trigger-added');

	const panel = await editor.triggerPanel();
	checks.check(
		'the trigger panel has the package\'s own header, not "Pull in events from Channel Event"',
		/Send a channel event to the test URL/.test(panel.header) && !/Pull in events from/.test(panel.all),
		panel.header,
	);

	// Empty subscription: a notice.
	await editor.untick('events', ['Incoming Message']);
	const emptyLabels = await editor.parameterLabels();
	await shot('trigger-nothing-subscribed');
	checks.check('with nothing subscribed, a notice says so', emptyLabels.some((l) => l.startsWith('Nothing is subscribed')), emptyLabels.join(' | '));

	await editor.tick('events', ['Incoming Message', 'Incoming Call']);
	const serviceChannels = (await editor.collectionChoices('receipts')).labels;
	checks.check('Service: Delivery Receipts offers all 12 channels', serviceChannels.length === 12, serviceChannels.join(', '));
	await editor.addCollectionOption('receipts', 'SMS');
	await editor.tick('sms', ['Delivered']);
	await editor.addCollectionOption('receipts', 'Email');
	const emailStatuses = await editor.optionsOf('email');
	const sesOnly = emailStatuses.filter((s) => s.includes(AWS_SES_ONLY));
	await editor.tick('email', ['Bounced']);
	await shot('trigger-service-subscribed');
	checks.check(
		`Email: the 7 AWS-SES-only statuses are marked "${AWS_SES_ONLY}", Submitted and Failed are not`,
		sesOnly.length === 7 && emailStatuses.some((s) => s === 'Submitted') && emailStatuses.some((s) => s === 'Failed'),
		emailStatuses.join(', '),
	);
	const labelsSubscribed = await editor.parameterLabels();
	checks.check('a ticked subscription hides the notice', !labelsSubscribed.some((l) => l.startsWith('Nothing is subscribed')), labelsSubscribed.join(' | '));

	// Entity Type back and forth.
	const subscription = async () => ({ events: await editor.tagsOf('events'), sms: await editor.tagsOf('sms'), email: await editor.tagsOf('email'), inApp: await editor.tagsOf('inApp') });
	const before = await subscription();
	await editor.choose('entityType', 'Phone Number');
	const phone = await subscription();
	await shot('trigger-entity-phone-number');
	checks.check(
		'Service → Phone Number keeps Events and every Delivery Receipt',
		JSON.stringify(phone) === JSON.stringify(before) && before.events.length === 2 && before.sms.length === 1 && before.email.length === 1,
		`before ${JSON.stringify(before)}, after ${JSON.stringify(phone)}`,
	);

	await editor.choose('entityType', 'App');
	// An app asset serves every channel the platform runs through apps, and has no calls.
	const appChannels = await editor.collectionChoices('receipts');
	const appEvents = await editor.optionsOf('events');
	const expectedAppChannels = channelsForEntity('app').map((channel) => channel.name);
	const expectedAppEvents = eventKindsForEntity('app').map((id) => EVENT_KINDS.find((kind) => kind.id === id)?.name);
	// "Add Channel" lists the channels not added yet: Email, an app channel too, is already there.
	const notYetAdded = expectedAppChannels.filter((name) => name !== 'Email');
	checks.check(
		`App: Delivery Receipts offers the ${expectedAppChannels.length} app channels (Email already added, In-App / Live Chat among the others), no SMS or Voice`,
		JSON.stringify([...appChannels.labels].sort()) === JSON.stringify([...notYetAdded].sort()) && appChannels.labels.includes(IN_APP_CHANNEL),
		appChannels.labels.join(', '),
	);
	checks.check(
		'App: Events offers Incoming Message and Customer Events, no calls',
		JSON.stringify(appEvents) === JSON.stringify(expectedAppEvents),
		appEvents.join(', '),
	);
	if (!appChannels.added) await editor.addCollectionOption('receipts', IN_APP_CHANNEL);
	await editor.tick('inApp', ['Read']);
	const app = await subscription();
	const flagged = await editor.hasIssues('events');
	await shot('trigger-entity-app');
	checks.check(
		'Phone Number → App keeps what an App offers (Incoming Message, the Email receipt), drops the SMS receipt, and marks Incoming Call as not offered',
		app.events.includes('Incoming Message') && app.sms.length === 0 && app.email.length === 1 && flagged,
		`${JSON.stringify(app)}, Events marked: ${flagged}`,
	);

	await editor.choose('entityType', 'Service');
	const back = await subscription();
	await shot('trigger-entity-service-again');
	checks.check(
		'App → Service keeps the subscription (both events again, the In-App receipt)',
		back.events.length === 2 && back.inApp.includes('Read') && !(await editor.hasIssues('events')),
		JSON.stringify(back),
	);

	// Credential pickers of the trigger.
	await editor.setSwitch('enableHubSignature', true);
	await checkPicker(ctx, shot, 'Verify Hub Signature', 'Hub Signature API', 'trigger-hub');
	await editor.setSwitch('enableHubSignature', false);
	for (const scheme of [{ option: 'Basic Auth', picker: 'Webhook Basic Auth API' }, { option: 'API Key', picker: 'Webhook Key Auth API' }]) {
		await editor.choose('authentication', scheme.option);
		await checkPicker(ctx, shot, 'Authentication', scheme.picker, `trigger-${scheme.option.replace(/\W+/g, '-').toLowerCase()}`);
	}
	await editor.choose('authentication', 'None');
	await editor.closeNdv();

	// What the editor stored: save, then read the workflow over REST.
	const saved = await checks.step('saves the workflow with the trigger', async () => editor.save());
	if (saved) {
		const holds = (stored: StoredTrigger): boolean =>
			(stored.entityType === undefined || stored.entityType === 'service') &&
			JSON.stringify(stored.events) === JSON.stringify(['incomingMessage', 'incomingCall']) &&
			JSON.stringify((stored.receipts as Record<string, unknown> | undefined)?.inApp) === JSON.stringify(['read']);
		const stored = await storedTrigger(ctx.rest, saved, holds);
		checks.check('the saved trigger holds the subscription (entityType service, both events, the In-App receipt)', holds(stored), JSON.stringify(stored));
	}
}

type StoredTrigger = { entityType?: unknown; events?: unknown; receipts?: unknown };

/**
 * The trigger's parameters as n8n stored them. n8n 2.x saves on its own a moment after the editor
 * changed, so this reads until `holds` is true or n8n has had `withinMs` to save, then returns the
 * last read.
 */
async function storedTrigger(rest: N8nRest, id: string, holds: (stored: StoredTrigger) => boolean, withinMs = 15_000): Promise<StoredTrigger> {
	const deadline = Date.now() + withinMs;
	for (;;) {
		const workflow = await rest.get<{ data: { nodes: Array<{ type: string; parameters: Record<string, unknown> }> } }>(`/rest/workflows/${id}`);
		const node = workflow.data.nodes.find((n) => n.type.endsWith('.channelEventTrigger'));
		const stored = { entityType: node?.parameters.entityType, events: node?.parameters.events, receipts: node?.parameters.receipts };
		if (holds(stored) || Date.now() > deadline) return stored;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/** Checks that a credential picker is drawn below its switch and opens the form of its own type. */
async function checkPicker(ctx: WalkContext, shot: (name: string) => Promise<string>, switchLabel: string, type: string, name: string): Promise<void> {
	const { editor, checks } = ctx;
	const pickerLabel = `Credential for ${type}`;
	const labels = await editor.credentialPickerLabels();
	const switchTop = await editor.topOf(switchLabel);
	const pickerTop = await editor.topOf(pickerLabel);
	checks.check(`"${pickerLabel}" is drawn below "${switchLabel}"`, labels.includes(pickerLabel) && switchTop >= 0 && pickerTop > switchTop, `pickers ${labels.join(' | ')}; ${switchLabel} at ${switchTop}px, picker at ${pickerTop}px`);
	const form = await checks.step(`"${pickerLabel}" → Create new credential opens the ${type} form`, async () => {
		const title = await editor.newCredentialFormOf(pickerLabel);
		await shot(`${name}-credential-form`);
		if (!title.includes(type)) throw new Error(`the form is titled "${title}"`);
		return title;
	});
	if (form) checks.check(`the new ${type} credential is named naturally`, !/^(Webhook|Webhook Key) account/.test(form), form);
	await editor.closeCredentialForm().catch(() => undefined);
}

async function walkOutbound(ctx: WalkContext, shot: (name: string) => Promise<string>): Promise<void> {
	const { editor, checks, receiver } = ctx;
	const built = await checks.step('builds Manual Trigger → Outbound Webhook from the nodes panel', async () => {
		await editor.newWorkflow();
		await editor.searchNodes('manual', 'canvas');
		await editor.addNodeFromResults('Manual Trigger', 'plain');
		await editor.waitForCanvasNode('When clicking');
		await editor.searchNodes('outbound', 'lastNodeOutput');
		await editor.addNodeFromResults(OUTBOUND, 'community');
		await editor.waitForNdv();
		return true;
	});
	if (built === undefined) return;
	await shot('outbound-added');

	// Display rules of Forward to SMPP.
	const forwardShown = async () => (await editor.parameterLabels()).includes('Forward to SMPP');
	checks.check('Service: Forward to SMPP is not offered', !(await forwardShown()));
	await editor.choose('entityType', 'App');
	checks.check('App: Forward to SMPP is not offered', !(await forwardShown()));
	await editor.choose('entityType', 'Phone Number');
	await shot('outbound-phone-number');
	checks.check('Phone Number with hub signature off: Forward to SMPP is offered', await forwardShown());
	await editor.setSwitch('forwardToSmpp', true);
	await checkPicker(ctx, shot, 'Forward to SMPP', 'SMPP ESME Bind API', 'outbound-smpp');
	await editor.closeNdv();
	const withSmpp = await editor.outputHandleLabels(OUTBOUND);
	await shot('outbound-canvas-forwarding-on');
	checks.check('canvas: forwarding on (phone number) draws Delivered, Failed, SMPP', JSON.stringify(withSmpp) === JSON.stringify(['Delivered', 'Failed', 'SMPP']), withSmpp.join(', '));
	await editor.openNode(OUTBOUND);
	await editor.setSwitch('forwardToSmpp', false);
	await editor.setSwitch('enableHubSignature', true);
	await shot('outbound-phone-number-hub-on');
	checks.check('Phone Number with hub signature on: Forward to SMPP is not offered', !(await forwardShown()));
	await checkPicker(ctx, shot, 'Enable Hub Signature', 'Hub Signature API', 'outbound-hub');
	await editor.setSwitch('enableHubSignature', false);
	await editor.choose('entityType', 'Service');

	for (const scheme of AUTH_SCHEMES) {
		await editor.choose('authentication', scheme.option);
		await checkPicker(ctx, shot, 'Authentication', scheme.picker, `outbound-${scheme.option.replace(/\W+/g, '-').toLowerCase()}`);
	}
	await editor.choose('authentication', 'None');

	// A delivery to the tier's receiver, through the UI.
	await editor.fill('url', `${receiver.origin}/ok`);
	await editor.addCollectionOption('options', 'Ignore SSL Issues (Insecure)');
	await editor.setSwitch('allowUnauthorizedCerts', true);
	await shot('outbound-configured');
	await editor.closeNdv();
	const serviceOutputs = await editor.outputHandleLabels(OUTBOUND);
	await shot('outbound-canvas-service');
	checks.check('canvas: a service draws Delivered and Failed, no SMPP output', JSON.stringify(serviceOutputs) === JSON.stringify(['Delivered', 'Failed']), serviceOutputs.join(', '));
	const id = await checks.step('saves the workflow', async () => editor.save());
	if (id === undefined) return;

	const delivered = await checks.step('executes the workflow from the editor', async () => editor.executeWorkflow().then(() => true));
	if (delivered === undefined) return;
	await editor.openNode(OUTBOUND);
	const deliveredOutput = await editor.outputJson('Delivered');
	await shot('outbound-delivered-output');
	checks.check(
		'the output panel shows the item on Delivered with status delivered and statusCode 200',
		/"status":\s*"delivered"/.test(deliveredOutput) && /"statusCode":\s*200/.test(deliveredOutput),
		deliveredOutput.slice(0, 300),
	);
	const posts = receiver.requests.filter((r) => r.method === 'POST' && r.url === '/ok');
	checks.check('the receiver got the delivery (HEAD test call, then one POST)', posts.length === 1 && receiver.requests.some((r) => r.method === 'HEAD'), receiver.requests.map((r) => `${r.method} ${r.url}`).join(', '));

	// Then a delivery the endpoint refuses.
	await editor.fill('url', `${receiver.origin}/gone`);
	await editor.closeNdv();
	await editor.save();
	const failedRun = await checks.step('executes the workflow again against an endpoint that answers 404', async () => editor.executeWorkflow().then(() => true));
	if (failedRun === undefined) return;
	await editor.openNode(OUTBOUND);
	const failedOutput = await editor.outputJson('Failed');
	await shot('outbound-failed-output');
	checks.check(
		'the Failed item shows its reason: REJECTED, 404, a hint',
		/"code":\s*"REJECTED"/.test(failedOutput) && /404/.test(failedOutput) && /"hint":/.test(failedOutput),
		failedOutput.slice(0, 400),
	);
	const firstKey = /^\s*\[?\s*\{\s*"([^"]+)"/.exec(failedOutput)?.[1];
	checks.check('a Failed item starts with its error', firstKey === 'error', `first key: ${firstKey}`);
	await editor.closeNdv();
}
