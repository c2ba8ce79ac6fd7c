import { createHash } from 'node:crypto';

import aws4 from 'aws4';

import { WebhookError } from '../errors';
import type { Authorizer } from './authorizer';
import type { OutgoingRequest } from '../http/types';

/** AWS Signature Version 4 for API Gateway, Lambda function URLs and other AWS-fronted receivers. */
export interface AwsSignatureConfig {
	scheme: 'awsSignature';
	accessKeyId: string;
	secretAccessKey: string;
	region: string;
	service: string;
	/** Only for temporary credentials (STS). */
	sessionToken?: string;
}

export interface AwsDeps {
	/** Milliseconds since the epoch; the signing time of each attempt. */
	now?: () => number;
}

/** Headers a previous signing may have left on a request; each attempt is signed from scratch. */
const SIGNING_HEADERS = ['authorization', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256'];
/** Services that want the payload hash as a header too (Lambda function URLs, S3). */
const PAYLOAD_HASH_HEADER_SERVICES = new Set(['lambda', 's3']);

/** `20150830T123600Z`: the ISO basic format SigV4 signs. */
export function amzDate(epochMs: number): string {
	return new Date(epochMs).toISOString().replace(/[:-]|\.\d{3}/g, '');
}

function required(value: string | undefined, field: string): string {
	const trimmed = (value ?? '').trim();
	if (!trimmed) {
		throw new WebhookError('INVALID_CONFIG', `The AWS Signature credential has no ${field}`, {
			hint: `Fill "${field}" in the AWS Signature credential`,
			data: { scheme: 'awsSignature' },
		});
	}
	return trimmed;
}

/**
 * Signs every attempt afresh (a new X-Amz-Date each time, since AWS refuses signatures older than
 * five minutes) over the exact body bytes that go on the wire. The credentials are always handed to
 * aws4 explicitly: aws4 reads the host's AWS_* environment variables when given none, and a node
 * must never sign with the n8n host's own identity.
 */
export function createAwsAuthorizer(config: AwsSignatureConfig, deps: AwsDeps = {}): Authorizer {
	const now = deps.now ?? Date.now;
	const credentials = {
		accessKeyId: required(config.accessKeyId, 'Access Key ID'),
		secretAccessKey: required(config.secretAccessKey, 'Secret Access Key'),
		...(config.sessionToken?.trim() ? { sessionToken: config.sessionToken.trim() } : {}),
	};
	const region = required(config.region, 'Region');
	const service = required(config.service, 'Service Name');

	return {
		scheme: 'awsSignature',
		secrets: [credentials.secretAccessKey, credentials.sessionToken ?? ''],
		async authorize(request: OutgoingRequest) {
			const url = new URL(request.url);
			const headers: Record<string, string> = {};
			for (const [name, value] of Object.entries(request.headers)) {
				if (!SIGNING_HEADERS.includes(name)) headers[name] = value;
			}
			headers.host = url.host;
			headers['x-amz-date'] = amzDate(now());
			const body = request.body ?? Buffer.alloc(0);
			if (PAYLOAD_HASH_HEADER_SERVICES.has(service)) {
				headers['x-amz-content-sha256'] = createHash('sha256').update(body).digest('hex');
			}
			// `extraHeadersToIgnore` is an aws4 option its type declarations do not list yet.
			const toSign: aws4.Request & { extraHeadersToIgnore: Record<string, boolean> } = {
				method: request.method,
				host: url.host,
				path: `${url.pathname}${url.search}`,
				headers,
				body: request.body && request.body.length > 0 ? request.body : undefined,
				service,
				region,
				// Content-Length is not signed (SigV4 does not require it; the suite's vectors leave it out).
				extraHeadersToIgnore: { 'content-length': true },
			};
			const signed = aws4.sign(toSign, credentials);
			// aws4 adds Authorization, Content-Length (for a body) and X-Amz-Security-Token with
			// capitalised names; the request carries lower-case names only.
			const out: Record<string, string> = {};
			for (const [name, value] of Object.entries(signed.headers ?? {})) {
				if (value === undefined) continue;
				out[name.toLowerCase()] = String(value);
			}
			// The transport derives Host from the URL, exactly as signed (url.host, default port omitted).
			delete out.host;
			return { ...request, headers: out };
		},
	};
}
