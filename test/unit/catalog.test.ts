import {
	CHANNELS,
	ENTITY_KINDS,
	EVENT_KINDS,
	channelsForEntity,
	findChannel,
	resolveChannelId,
	resolveStatusId,
} from '../../nodes/shared/catalog';

/**
 * The spec's table ("The below table shows which notifications are available for each channel
 * supported by Webex Connect", spec/outbound-webhooks-source.txt), copied row by row as printed,
 * typo included ("Trombone Releas").
 */
const SPEC_TABLE: Array<[string, string[]]> = [
	['SMS', ['Submitted', 'Delivered', 'Undelivered', 'Failed', 'Clicked']],
	['Voice', ['Offered', 'Accepted', 'Answered', 'Dropped', 'Rejected', 'Released', 'Disconnected', 'Trombone Connect', 'Trombone Releas']],
	['MMS', ['Submitted', 'Delivered', 'Failed']],
	['Messenger', ['Submitted', 'Delivered', 'Failed', 'Read']],
	['In-App Messaging / Live Chat', ['Submitted', 'Delivered', 'Read', 'Failed', 'Clicked']],
	['WhatsApp', ['Submitted', 'Delivered', 'Read', 'Failed']],
	['Push', ['Submitted', 'Delivered', 'Read', 'Failed']],
	['Email', ['Submitted', 'Delivered', 'Not verified', 'Invalid', 'Bounced', 'Complaint', 'Failed', 'Read', 'Clicked']],
	['Apple Messages for Business', ['Submitted']],
	['RCS', ['Submitted', 'Delivered', 'Read', 'Failed']],
	['Instagram', ['Read', 'Submitted', 'Failed']],
	['Google Business Messages', ['Submitted', 'Delivered', 'Read', 'Failed']],
];
/** "Note: Delivered, Not verified, Invalid, Bounced, Complaint, Read, and Clicked events are only available if Email via AWS SES is the selected route." */
const EMAIL_AWS_SES_ONLY = ['Delivered', 'Not verified', 'Invalid', 'Bounced', 'Complaint', 'Read', 'Clicked'];

/**
 * Statuses the platform's receipts carry that the spec's row lacks (test/fixtures/platform/): the
 * catalog adds them after the row, never renaming one of it.
 */
const PLATFORM_ADDED: Record<string, string[]> = {
	Voice: ['Failed'],
	'Apple Messages for Business': ['Failed'],
};

const specName = (name: string) => (name === 'Trombone Release' ? 'Trombone Releas' : name);

describe('catalog', () => {
	test('has exactly the channels of the spec table, in its order', () => {
		expect(CHANNELS.map((channel) => channel.name)).toEqual(SPEC_TABLE.map(([name]) => name));
	});

	test.each(SPEC_TABLE)('%s has exactly the statuses of its row, in order, then those the platform\'s receipts add', (name, statuses) => {
		const channel = CHANNELS.find((c) => c.name === name)!;
		expect(channel.statuses.map((status) => specName(status.name))).toEqual([...statuses, ...(PLATFORM_ADDED[name] ?? [])]);
	});

	test('Voice has the nine call statuses of the spec, then Failed; "Trombone Releas" is catalogued as Trombone Release', () => {
		const voice = findChannel('voice')!;
		expect(voice.statuses).toHaveLength(10);
		expect(voice.statuses.at(8)).toEqual({ id: 'tromboneRelease', name: 'Trombone Release' });
		expect(resolveStatusId('voice', 'Trombone Releas')).toBe('tromboneRelease');
	});

	test('Email marks exactly the AWS-SES-only statuses of the spec note', () => {
		const email = findChannel('email')!;
		expect(email.statuses.filter((s) => s.awsSesOnly).map((s) => s.name)).toEqual(EMAIL_AWS_SES_ONLY);
		expect(email.statuses.filter((s) => !s.awsSesOnly).map((s) => s.name)).toEqual(['Submitted', 'Failed']);
		expect(CHANNELS.filter((c) => c.id !== 'email').flatMap((c) => c.statuses).some((s) => s.awsSesOnly)).toBe(false);
	});

	test('ids are unique camelCase values (workflows store them)', () => {
		const ids = CHANNELS.map((c) => c.id);
		expect(new Set(ids).size).toBe(ids.length);
		for (const channel of CHANNELS) {
			expect(channel.id).toMatch(/^[a-z][a-zA-Z0-9]*$/);
			const statusIds = channel.statuses.map((s) => s.id);
			expect(new Set(statusIds).size).toBe(statusIds.length);
			for (const id of statusIds) expect(id).toMatch(/^[a-z][a-zA-Z0-9]*$/);
		}
	});

	test('stored ids stay stable', () => {
		expect(CHANNELS.map((c) => c.id)).toEqual([
			'sms', 'voice', 'mms', 'messenger', 'inApp', 'whatsApp', 'push', 'email', 'appleMessages', 'rcs', 'instagram', 'googleBusinessMessages',
		]);
		expect(findChannel('email')!.statuses.map((s) => s.id)).toEqual([
			'submitted', 'delivered', 'notVerified', 'invalid', 'bounced', 'complaint', 'failed', 'read', 'clicked',
		]);
	});

	test('entity kinds are service, app and phoneNumber; the App entity offers the channels of app assets', () => {
		expect(ENTITY_KINDS.map((k) => k.id)).toEqual(['service', 'app', 'phoneNumber']);
		expect(channelsForEntity('app').map((c) => c.id)).toEqual([
			'messenger', 'inApp', 'whatsApp', 'push', 'email', 'appleMessages', 'rcs', 'instagram', 'googleBusinessMessages',
		]);
		expect(channelsForEntity('service')).toHaveLength(12);
		expect(channelsForEntity('phoneNumber')).toHaveLength(12);
	});

	test('event kinds: incoming message, incoming call, call events, delivery receipt, customer events', () => {
		expect(EVENT_KINDS.map((k) => k.id)).toEqual(['incomingMessage', 'incomingCall', 'callEvent', 'deliveryReceipt', 'customerEvent']);
	});

	test('resolveChannelId matches names loosely and returns undefined for an unknown channel', () => {
		expect(resolveChannelId('WhatsApp')).toBe('whatsApp');
		expect(resolveChannelId('live_chat')).toBe('inApp');
		expect(resolveChannelId('In-App Messaging / Live Chat')).toBe('inApp');
		expect(resolveChannelId('GOOGLE BUSINESS MESSAGES')).toBe('googleBusinessMessages');
		expect(resolveChannelId('carrier pigeon')).toBeUndefined();
	});

	test('resolveStatusId matches within the channel, and returns undefined for an unknown status', () => {
		expect(resolveStatusId('email', 'NOT_VERIFIED')).toBe('notVerified');
		expect(resolveStatusId('sms', 'DELIVERED')).toBe('delivered');
		expect(resolveStatusId('sms', 'Trombone Connect')).toBeUndefined();
		expect(resolveStatusId(undefined, 'Trombone Connect')).toBe('tromboneConnect');
		expect(resolveStatusId('sms', 'landed')).toBeUndefined();
	});
});
