import { looseKey } from '../catalog';
import { camelCase } from './fields';

/**
 * What the platform's `event` field says, keyed by `looseKey` of its value. The pages use one word
 * per channel for the same thing (`MO`, `ATTACHMENT`, `Location`, `postback`, `OnPostback`, `list`,
 * `reply`). Messages and the customer's replies (a postback, a quick reply, a list-picker row, a
 * reply button, a form: the customer chose or answered something) are incoming messages; what the
 * customer's app or the platform reports besides (typing, a profile created or updated, subscribe /
 * unsubscribe, a marketing preference) is a `customerEvent`, never a message.
 */
const MESSAGE_EVENTS = new Set([
	'mo',
	'message',
	'incomingmessage',
	'inboundmessage',
	'onmessage',
	'text',
	'attachment',
	'image',
	'video',
	'audio',
	'document',
	'file',
	'sticker',
	'contacts',
	'location',
	'onpostback',
	'postback',
	'onquickreply',
	'quickreply',
	'list',
	'listpicker',
	'onlistpicker',
	'reply',
	'onformresponse',
	'formresponse',
]);

/** Customer events the pages show. */
const CUSTOMER_EVENTS = new Set([
	'typingindicator',
	'onprofilecreate',
	'onprofileupdate',
	'subscribe',
	'unsubscribe',
	'userpreference',
	'conversationclosed',
	'onoptin',
]);

/** Names that are not the platform's word camelCased: the In-App page's commands, in the past tense. */
const EVENT_TYPE_NAMES: Record<string, string> = {
	onprofilecreate: 'profileCreated',
	onprofileupdate: 'profileUpdated',
	// Apple Messages spells it CONVERSATIONCLOSED: one word, no case to split it by.
	conversationclosed: 'conversationClosed',
	// Messenger's OnOptin: the customer opted in (Messenger's "opt-in").
	onoptin: 'optIn',
};


/**
 * The kind of a platform event name: a known message or customer event; for a name the pages do not
 * show, a message when it carries something the customer sent (`hasContent`), a customer event
 * otherwise.
 */
export function platformEventKind(eventName: string, hasContent: boolean): 'incomingMessage' | 'customerEvent' {
	const key = looseKey(eventName);
	// Apple Messages: the customer's answer to an interactive message (list / time picker, form, ...).
	if (MESSAGE_EVENTS.has(key) || key.endsWith('response')) return 'incomingMessage';
	if (CUSTOMER_EVENTS.has(key)) return 'customerEvent';
	return hasContent ? 'incomingMessage' : 'customerEvent';
}

/** Typing states as the pages spell them (`typingStart`, `typing_start`, `typing_end`), keyed by `looseKey`. */
const TYPING_STATES: Record<string, string> = {
	typingstart: 'typingStart',
	typingstop: 'typingStop',
	typingend: 'typingEnd',
};

/**
 * The `eventType` of a customer event: a typing indicator names its state in `type` (`typingStart`,
 * `typingStop`); the In-App profile events their past-tense name; any other the platform's word,
 * camelCase, without the "On" of In-App and Messenger events (`SUBSCRIBE` → `subscribe`,
 * `user_preference` → `userPreference`, `OnAgentJoin` → `agentJoin`). Names the pages show are
 * matched whatever their case (`TYPINGSTART`, `typingstart` → `typingStart`).
 */
export function customerEventType(eventName: string, type: unknown): string {
	const key = looseKey(eventName);
	if (key === 'typingindicator') {
		if (typeof type !== 'string' || type.trim() === '') return 'typing';
		return TYPING_STATES[looseKey(type)] ?? camelCase(type);
	}
	return EVENT_TYPE_NAMES[key] ?? (camelCase(eventName.trim().replace(/^On(?=[A-Z])/, '')) || 'event');
}

/**
 * Reply types of the event names the pages show, keyed by `looseKey` (so `QuickReplyResponse`,
 * `QUICKREPLYRESPONSE` and `quickreplyresponse` are one): `OnPostback` → postback, `list` →
 * listPicker, `reply` → button, and Apple's `<Kind>Response` → kind (`AuthenticationResponse` and
 * `NewAuthenticationResponse` → authentication, `iMessageAppResponse` → iMessageApp).
 */
const REPLY_TYPES: Record<string, string> = {
	postback: 'postback',
	onpostback: 'postback',
	quickreply: 'quickReply',
	onquickreply: 'quickReply',
	quickreplyresponse: 'quickReply',
	list: 'listPicker',
	listpicker: 'listPicker',
	onlistpicker: 'listPicker',
	reply: 'button',
	formresponse: 'form',
	onformresponse: 'form',
	authenticationresponse: 'authentication',
	newauthenticationresponse: 'authentication',
	imessageappresponse: 'iMessageApp',
	paymentresponse: 'payment',
	invitationresponse: 'invitation',
};

/**
 * The reply type an event name implies (REPLY_TYPES); another `<Kind>Response` name gives its kind
 * camelCase (`OrderResponse` → order). Apple's `INTERACTIVERESPONSE` names no kind: its field does.
 */
export function replyTypeOfEvent(eventName: string | undefined): string | undefined {
	if (eventName === undefined) return undefined;
	const key = looseKey(eventName);
	if (REPLY_TYPES[key] !== undefined) return REPLY_TYPES[key];
	if (key.endsWith('response') && key !== 'interactiveresponse') {
		const kind = camelCase(eventName.trim().replace(/response$/i, '').replace(/^[Nn]ew(?=[A-Z])/, ''));
		return kind === '' ? undefined : kind;
	}
	return undefined;
}
