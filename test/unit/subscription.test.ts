import type { ChannelEvent } from '../../nodes/shared/events';
import { applicableSubscription, filterEvent, isEmptySubscription, type Subscription } from '../../nodes/shared/subscription';

const subscription = (): Subscription => ({
	entityType: 'service',
	entityId: 'svc-1',
	events: ['incomingMessage', 'callEvent'],
	receipts: { sms: ['delivered', 'failed'], email: ['bounced'] },
});
const receipt = (): ChannelEvent => ({ kind: 'deliveryReceipt', channel: 'sms', status: 'delivered', entity: { type: 'service', id: 'svc-1' }, raw: {} });

describe('filterEvent', () => {
	test('a subscribed receipt of the entity is accepted', () => {
		expect(filterEvent(subscription(), receipt())).toEqual({ accept: true });
	});

	test('a status not ticked for the channel is dropped as notSubscribed', () => {
		expect(filterEvent(subscription(), { ...receipt(), status: 'clicked' })).toEqual({ accept: false, reason: 'notSubscribed' });
	});

	test('a status ticked for another channel does not count', () => {
		expect(filterEvent(subscription(), { ...receipt(), channel: 'email', status: 'delivered' })).toEqual({ accept: false, reason: 'notSubscribed' });
	});

	test('nothing selected (the default) accepts nothing', () => {
		const none: Subscription = { entityType: 'service', entityId: '', events: [], receipts: {} };
		for (const kind of ['incomingMessage', 'incomingCall', 'callEvent'] as const) {
			expect(filterEvent(none, { kind, channel: 'sms', raw: {} }).accept).toBe(false);
		}
		expect(filterEvent(none, receipt()).accept).toBe(false);
	});

	test('another entity id is dropped as otherEntity', () => {
		expect(filterEvent(subscription(), { ...receipt(), entity: { type: 'service', id: 'svc-2' } })).toEqual({ accept: false, reason: 'otherEntity' });
	});

	test('an event naming no entity is accepted (the URL is the trigger\'s own)', () => {
		const { entity: _entity, ...withoutEntity } = receipt();
		expect(filterEvent(subscription(), withoutEntity as ChannelEvent).accept).toBe(true);
	});

	test('a phone number entity matches by digits, also on the `to` of an incoming message', () => {
		const phone: Subscription = { entityType: 'phoneNumber', entityId: '+44 7700 900123', events: ['incomingMessage'], receipts: {} };
		expect(filterEvent(phone, { kind: 'incomingMessage', channel: 'sms', to: '447700900123', raw: {} }).accept).toBe(true);
		expect(filterEvent(phone, { kind: 'incomingMessage', channel: 'sms', to: '447700900999', raw: {} })).toEqual({ accept: false, reason: 'otherEntity' });
	});

	test('entities as the platform configures them: a Service keeps its numbers\' and apps\' events, an App or Phone Number drops another type', () => {
		const toNumber: ChannelEvent = { kind: 'incomingMessage', channel: 'sms', entity: { type: 'phoneNumber', id: '56263' }, to: '56263', raw: {} };
		const toApp: ChannelEvent = { kind: 'incomingMessage', channel: 'whatsApp', entity: { type: 'app', id: 'a_1' }, to: 'a_1', raw: {} };
		// The platform's notifications name the number or app, never the service.
		expect(filterEvent(subscription(), toNumber)).toEqual({ accept: true });
		expect(filterEvent(subscription(), { ...toApp, channel: 'whatsApp' })).toEqual({ accept: true });
		const app: Subscription = { entityType: 'app', entityId: 'a_1', events: ['incomingMessage'], receipts: {} };
		expect(filterEvent(app, toApp)).toEqual({ accept: true });
		expect(filterEvent(app, { ...toApp, entity: { type: 'app', id: 'a_2' } })).toEqual({ accept: false, reason: 'otherEntity' });
		// A number whose digits happen to be the app id's digits is still not the app.
		expect(filterEvent({ ...app, entityId: 'a_56263' }, toNumber)).toEqual({ accept: false, reason: 'otherEntity' });
		const phone: Subscription = { entityType: 'phoneNumber', entityId: '56263', events: ['incomingMessage'], receipts: {} };
		expect(filterEvent(phone, toNumber)).toEqual({ accept: true });
		expect(filterEvent(phone, { ...toApp, entity: { type: 'app', id: '56263' } })).toEqual({ accept: false, reason: 'otherEntity' });
	});

	test('a customer event is emitted only when Customer Events is subscribed, never as an incoming message', () => {
		const typing: ChannelEvent = { kind: 'customerEvent', eventType: 'typingStart', channel: 'inApp', raw: {} };
		expect(filterEvent(subscription(), typing)).toEqual({ accept: false, reason: 'notSubscribed' });
		expect(filterEvent({ ...subscription(), events: ['customerEvent'] }, typing)).toEqual({ accept: true });
	});

	test('the App entity is offered app channels only: an SMS receipt is dropped as channelNotOffered', () => {
		const app: Subscription = { entityType: 'app', entityId: '', events: ['incomingMessage'], receipts: { sms: ['delivered'], inApp: ['read'] } };
		expect(filterEvent(app, { ...receipt(), entity: undefined })).toEqual({ accept: false, reason: 'channelNotOffered' });
		expect(filterEvent(app, { kind: 'deliveryReceipt', channel: 'inApp', status: 'read', raw: {} }).accept).toBe(true);
	});

	test('an incoming message on a channel the catalog does not know is still an incoming message', () => {
		expect(filterEvent(subscription(), { kind: 'incomingMessage', channel: 'tikTok', raw: {} }).accept).toBe(true);
	});

	test('an incoming call is dropped when only messages and call events are subscribed', () => {
		expect(filterEvent(subscription(), { kind: 'incomingCall', channel: 'voice', raw: {} })).toEqual({ accept: false, reason: 'notSubscribed' });
	});

	test('unknown kind, or a receipt of unknown channel/status, is unrecognised unless asked for', () => {
		const events: ChannelEvent[] = [
			{ kind: 'unknown', raw: 1 },
			{ ...receipt(), channel: 'carrierPigeon' },
			{ ...receipt(), status: 'teleported' },
			{ ...receipt(), status: undefined },
		];
		for (const event of events) {
			expect(filterEvent(subscription(), event)).toEqual({ accept: false, reason: 'unrecognised' });
			expect(filterEvent({ ...subscription(), includeUnrecognised: true }, event)).toEqual({ accept: true });
		}
	});
});

describe('applicableSubscription', () => {
	test('an App keeps its incoming messages and In-App receipts, and leaves out calls and other channels', () => {
		const stale: Subscription = {
			entityType: 'app',
			entityId: '',
			events: ['incomingMessage', 'incomingCall', 'callEvent'],
			receipts: { sms: ['delivered'], inApp: ['read', 'notAStatus'] },
		};
		expect(applicableSubscription(stale)).toEqual({ ...stale, events: ['incomingMessage'], receipts: { inApp: ['read'] } });
	});

	test('a service keeps everything it was given', () => {
		expect(applicableSubscription(subscription())).toEqual(subscription());
	});

	test('an incoming call to an App with a stale Incoming Call subscription is not accepted', () => {
		const stale: Subscription = { entityType: 'app', entityId: '', events: ['incomingCall'], receipts: {} };
		const call = { kind: 'incomingCall', raw: {} } as unknown as ChannelEvent;
		expect(filterEvent(applicableSubscription(stale), call).accept).toBe(false);
		expect(isEmptySubscription(stale)).toBe(true);
	});

	test('empty: no event and no receipt status; Emit Unrecognised Events makes it non-empty', () => {
		const none: Subscription = { entityType: 'service', entityId: '', events: [], receipts: { sms: [] } };
		expect(isEmptySubscription(none)).toBe(true);
		expect(isEmptySubscription({ ...none, includeUnrecognised: true })).toBe(false);
		expect(isEmptySubscription(subscription())).toBe(false);
	});
});
