import type { IWebhookFunctions } from 'n8n-workflow';

/** The request n8n hands a webhook (an http.IncomingMessage underneath), by n8n's own type. */
type IncomingMessage = ReturnType<IWebhookFunctions['getRequestObject']>;

/**
 * n8n keeps the exact request bytes in `req.rawBody` (its raw-body middleware, decompressed) and
 * offers `req.readRawBody()` to read them when it did not pre-parse the body. The signature is
 * checked over those bytes, never over a re-serialised `req.body`.
 */
export type N8nRequest = Omit<IncomingMessage, 'rawBody' | 'readRawBody'> & {
	// n8n-workflow declares both on IncomingMessage; outside n8n's server they may be missing.
	rawBody?: Buffer;
	readRawBody?: () => Promise<void>;
	body?: unknown;
	query?: Record<string, unknown>;
	/** Express keeps the request-target as received here (Digest and AWS SigV4 sign it). */
	originalUrl?: string;
};

export type RawBodyResult = { kind: 'ok'; body: Buffer } | { kind: 'tooLarge' };

/** Reads the stream ourselves (when nothing upstream did), stopping once `limit` is passed. */
function readStream(req: N8nRequest, limit: number): Promise<RawBodyResult> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > limit) {
				req.removeAllListeners('data');
				req.resume();
				resolve({ kind: 'tooLarge' });
				return;
			}
			chunks.push(chunk);
		});
		req.once('end', () => resolve({ kind: 'ok', body: Buffer.concat(chunks) }));
		req.once('error', reject);
	});
}

export async function readRawBody(req: N8nRequest, limit: number): Promise<RawBodyResult> {
	if (!Buffer.isBuffer(req.rawBody) && typeof req.readRawBody === 'function') await req.readRawBody();
	if (Buffer.isBuffer(req.rawBody)) return { kind: 'ok', body: req.rawBody };
	if (req.readable && !req.readableEnded) return await readStream(req, limit);
	// The body was consumed and parsed upstream without keeping the bytes: the closest we can get.
	const body = req.body;
	if (body === undefined || (typeof body === 'object' && body !== null && Object.keys(body).length === 0)) {
		return { kind: 'ok', body: Buffer.alloc(0) };
	}
	return { kind: 'ok', body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8') };
}
