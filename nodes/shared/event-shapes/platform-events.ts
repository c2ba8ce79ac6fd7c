import { looseKey } from '../catalog';
import type { ChannelEventKind } from '../event-model';
import { camelCase } from './fields';

/**
 * What the platform's `event` field says, keyed by `looseKey` of its value. Messages and the
 * customer's replies (a postback, a quick reply, a list-picker answer: the customer chose something)
 * are incoming messages; everything else the customer's app or the platform reports (typing,
 * a profile created, an unsubscribe, a conversation closed) is a `customerEvent`, never a message.
 */
const MESSAGE_EVENTS: Record<string, 'incomingMessage'> = {
	mo: 'incomingMessage',
	message: 'incomingMessage',
	incomingmessage: 'incomingMessage',
	onmessage: 'incomingMessage',
	onpostback: 'incomingMessage',
	postback: 'incomingMessage',
	onquickreply: 'incomingMessage',
	quickreply: 'incomingMessage',
	onlistpicker: 'incomingMessage',
	listpicker: 'incomingMessage',
	onbuttonclick: 'incomingMessage',
};

/** Customer events whose name the platform words as a command or a noun: their past-tense name. */
const CUSTOMER_EVENT_NAMES: Record<string, string> = {
	onprofilecreate: 'profileCreated',
	profilecreate: 'profileCreated',
	onprofileupdate: 'profileUpdated',
	profileupdate: 'profileUpdated',
	onunsubscribe: 'unsubscribed',
	unsubscribe: 'unsubscribed',
	onsubscribe: 'subscribed',
	subscribe: 'subscribed',
	onconversationclose: 'conversationClosed',
	conversationclose: 'conversationClosed',
	onthreadclose: 'threadClosed',
};

/** The kind of a platform event name; undefined when the name is unknown (a customer event then). */
export function platformEventKind(eventName: string, _view: Record<string, unknown>): Exclude<ChannelEventKind, 'unknown'> | undefined {
	const key = looseKey(eventName);
	if (MESSAGE_EVENTS[key]) return MESSAGE_EVENTS[key];
	if (key === 'typingindicator' || key in CUSTOMER_EVENT_NAMES || key.startsWith('on')) return 'customerEvent';
	return undefined;
}

/**
 * The `eventType` of a customer event: a typing indicator names its state in `type` (`typingStart`,
 * `typingStop`); a known event its past-tense name; any other its own name without a leading "On",
 * camelCase (`OnAgentJoin` → `agentJoin`).
 */
export function customerEventOf(eventName: string, view: Record<string, unknown>): string | undefined {
	const key = looseKey(eventName);
	if (key === 'typingindicator') return typeof view.type === 'string' && view.type.trim() !== '' ? camelCase(view.type) : 'typing';
	if (CUSTOMER_EVENT_NAMES[key]) return CUSTOMER_EVENT_NAMES[key];
	const name = camelCase(eventName.replace(/^on(?=[A-Z_ -])/i, ''));
	return name === '' ? undefined : name;
}

/** Whether the reply is a postback, a quick reply, a list-picker answer or a button, from the event name. */
export function replyTypeOf(eventName: string | undefined): string | undefined {
	if (eventName === undefined) return undefined;
	const key = looseKey(eventName).replace(/^on/, '');
	if (key === 'postback') return 'postback';
	if (key === 'quickreply') return 'quickReply';
	if (key === 'listpicker') return 'listPicker';
	if (key === 'buttonclick') return 'button';
	return undefined;
}
