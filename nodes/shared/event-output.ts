import { REPLAY_FIELDS } from './delivery/replay';
import type { ChannelEvent } from './events';
import { HUB_SIGNATURE_HEADER } from './signature';
import { WEBHOOK_SIGNATURE_HEADER } from './standard-webhooks';

/** Headers that carry credentials or proofs of them; never copied into a workflow's data. */
const ALWAYS_HIDDEN = new Set(['authorization', 'proxy-authorization', 'cookie', HUB_SIGNATURE_HEADER, WEBHOOK_SIGNATURE_HEADER]);

/** The request headers minus those that carry secrets (and the API key header, when one is used). */
export function safeHeaders(
	headers: Record<string, string | string[] | undefined>,
	hidden: readonly string[] = [],
): Record<string, string | string[]> {
	// Header names are matched as the inbound check matches them: whatever the spacing and case configured.
	const hide = new Set([...ALWAYS_HIDDEN, ...hidden.map((name) => name.trim().toLowerCase())]);
	const out: Record<string, string | string[]> = {};
	for (const [name, value] of Object.entries(headers)) {
		if (value !== undefined && !hide.has(name.toLowerCase())) out[name.toLowerCase()] = value;
	}
	return out;
}

export interface OutputOptions {
	includeHeaders?: boolean;
	includeRawBody?: boolean;
	headers: Record<string, string | string[] | undefined>;
	rawBody?: Buffer;
	/** Extra header names to leave out (the API key header). */
	hiddenHeaders?: readonly string[];
}

/** The JSON of one output item: the normalised event, plus headers / raw body when asked for. */
export function eventOutput(event: ChannelEvent, options: OutputOptions): Record<string, unknown> {
	const json: Record<string, unknown> = { ...event };
	// A relayed event keeps the sender's top-level fields; those that mark a Failed item as a replay
	// are never emitted, so no POST can hand an Outbound Webhook downstream something that looks like one
	// (they stay visible in `raw`).
	for (const field of REPLAY_FIELDS) delete json[field];
	if (options.includeHeaders) json.headers = safeHeaders(options.headers, options.hiddenHeaders);
	if (options.includeRawBody) json.rawBody = options.rawBody?.toString('utf8') ?? '';
	return json;
}
