import { normalizeEvent } from '../../../nodes/shared/events';
import { incomingMessageOf } from '../../../nodes/shared/smpp/incoming';
import { corpusBody, loadCorpus } from '../../support/platform-corpus';

describe('incomingMessageOf', () => {
	it('reads sender and text of a generic incoming message', () => {
		expect(incomingMessageOf({ event: 'incomingMessage', channel: 'sms', from: '+447700900001', to: '447700900999', text: 'Hi' })).toEqual({
			from: '+447700900001',
			to: '447700900999',
			text: 'Hi',
			channel: 'sms',
		});
	});

	it('reads the platform\'s SMS incoming message as published: oa the sender, da the number it was sent to, message the text', () => {
		const published = JSON.parse(corpusBody(loadCorpus().find((entry) => entry.file === 'sms/sms-06-mo-incoming.json')!)) as Record<string, unknown>;
		const expected = { from: published.oa, to: published.da, text: published.message, channel: 'sms' };
		expect(incomingMessageOf(published)).toEqual(expected);
		// And as the trigger emits it (a normalised event, relayed).
		expect(incomingMessageOf(JSON.parse(JSON.stringify(normalizeEvent(published)[0])))).toEqual(expected);
		// The MMS incoming message of the same shape is not an SMS: it is posted over HTTPS.
		expect(incomingMessageOf(JSON.parse(corpusBody(loadCorpus().find((entry) => entry.file === 'mms/mms-04-mo-incoming.json')!)))).toBeUndefined();
	});

	it('reads the OneAPI inbound SMS shape', () => {
		const json = {
			inboundSMSMessageNotification: { inboundSMSMessage: { senderAddress: 'tel:+447700900002', destinationAddress: '447700900999', message: 'Yes' } },
		};
		expect(incomingMessageOf(json)).toMatchObject({ from: '+447700900002', text: 'Yes' });
	});

	it('reads an event the trigger already normalised', () => {
		expect(incomingMessageOf({ kind: 'incomingMessage', channel: 'sms', from: '447700900003', text: 'ok', raw: {} })).toMatchObject({ from: '447700900003', text: 'ok' });
	});

	it.each([['whatsApp'], ['rcs'], ['inApp'], ['messenger'], [undefined]])('returns undefined for an incoming message of channel %p (only SMS maps to SMPP)', (channel) => {
		expect(incomingMessageOf({ event: 'incomingMessage', ...(channel ? { channel } : {}), from: '+447700900001', text: 'Hi' })).toBeUndefined();
	});

	it('returns undefined for a delivery receipt', () => {
		const receipt = { deliveryInfoNotification: { deliveryInfo: { deliveryStatus: 'Delivered', deliveryChannel: 'sms', destination: '447700900001' } } };
		expect(incomingMessageOf(receipt)).toBeUndefined();
	});

	it('returns undefined for an incoming message without a sender', () => {
		expect(incomingMessageOf({ event: 'incomingMessage', channel: 'sms', text: 'who am I' })).toBeUndefined();
	});

	it('returns undefined for an incoming message without a text', () => {
		expect(incomingMessageOf({ event: 'incomingMessage', channel: 'sms', from: '+447700900001' })).toBeUndefined();
	});

	it('returns undefined for a call event and for unrelated JSON', () => {
		expect(incomingMessageOf({ event: 'callEvent', from: '+447700900001', status: 'answered' })).toBeUndefined();
		expect(incomingMessageOf({ orderId: 42 })).toBeUndefined();
	});
});
