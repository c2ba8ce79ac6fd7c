import { createHash, createHmac } from 'node:crypto';

import { accepted, first, headerValue, refused, safeEqual, type AuthVerdict, type InboundRequestAuthData } from './types';

/**
 * AWS Signature Version 4 on receipt: the signature is recomputed over the request as received
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html): method, canonical
 * path, canonical query, the signed headers, and the SHA-256 of the body bytes; with the credential's
 * secret, for the date, region and service of the credential scope.
 */
export interface AwsInboundAuth {
	type: 'awsSignature';
	accessKeyId: string;
	secretAccessKey: string;
	region: string;
	service: string;
	/** When set, the request's x-amz-security-token must be this one. */
	sessionToken?: string;
	/** How far x-amz-date may lie from the trigger's clock, either way (AWS: 15 minutes). */
	clockSkewSeconds?: number;
}

export const DEFAULT_AWS_CLOCK_SKEW_SECONDS = 15 * 60;
const ALGORITHM = 'AWS4-HMAC-SHA256';
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/** RFC 3986 percent-encoding of everything but unreserved characters, as SigV4 asks. */
const encode = (value: string) => encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const decode = (value: string): string => {
	try {
		return decodeURIComponent(value.replace(/\+/g, ' '));
	} catch {
		return value;
	}
};

/**
 * The canonical URI. For every service but S3 the path is normalised (empty, `.` and `..`
 * segments) and each segment, as sent (already percent-encoded), is encoded again: SigV4's double
 * encoding. S3 encodes the decoded segments once and keeps the path as it is.
 */
export function canonicalPath(path: string, service: string): string {
	if (path === '' || path === '/') return '/';
	const s3 = service === 's3';
	const pieces: string[] = [];
	for (const piece of (s3 ? path : path.replace(/\/{2,}/g, '/')).split('/')) {
		if (!s3 && piece === '..') pieces.pop();
		else if (s3 || piece !== '.') pieces.push(encode(s3 ? decode(piece) : piece));
	}
	const joined = pieces.join('/');
	return joined.startsWith('/') ? joined : `/${joined}`;
}

/** The canonical query: every parameter decoded, encoded again, sorted by name then value. */
export function canonicalQuery(search: string): string {
	const pairs: Array<[string, string]> = [];
	for (const part of search.replace(/^\?/, '').split('&')) {
		if (part === '') continue;
		const eq = part.indexOf('=');
		const name = decode(eq < 0 ? part : part.slice(0, eq));
		if (name === '') continue;
		pairs.push([encode(name), encode(eq < 0 ? '' : decode(part.slice(eq + 1)))]);
	}
	pairs.sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
	return pairs.map(([name, value]) => `${name}=${value}`).join('&');
}

interface ParsedAuthorization {
	accessKeyId: string;
	date: string;
	region: string;
	service: string;
	signedHeaders: string[];
	signature: string;
}

function parseAuthorization(header: string): ParsedAuthorization | string {
	const match = /^\s*(\S+)\s+(.*)$/s.exec(header);
	if (!match || match[1] !== ALGORITHM) return `the Authorization header is not ${ALGORITHM}`;
	const fields: Record<string, string> = {};
	for (const part of match[2].split(',')) {
		const eq = part.indexOf('=');
		if (eq > 0) fields[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
	}
	const scope = (fields.Credential ?? '').split('/');
	if (scope.length !== 5 || scope[4] !== 'aws4_request') return 'the Credential of the Authorization header is not key/date/region/service/aws4_request';
	if (!fields.SignedHeaders) return 'the Authorization header has no SignedHeaders';
	if (!/^[0-9a-f]{64}$/.test(fields.Signature ?? '')) return 'the Signature of the Authorization header is not 64 hex digits';
	const [accessKeyId, date, region, service] = scope;
	return { accessKeyId, date, region, service, signedHeaders: fields.SignedHeaders.split(';'), signature: fields.Signature };
}

const canonicalHeaderValue = (value: string) => value.trim().replace(/\s+/g, ' ');

export function verifyAwsSignature(auth: AwsInboundAuth, request: InboundRequestAuthData, nowMs: number): AuthVerdict {
	const header = first(request.headers.authorization);
	if (header === undefined) return refused('AWS Signature: the Authorization header is missing');
	const parsed = parseAuthorization(header);
	if (typeof parsed === 'string') return refused(`AWS Signature: ${parsed}`);

	const accessKeyOk = safeEqual(parsed.accessKeyId, auth.accessKeyId);
	if (!accessKeyOk) return refused('AWS Signature: the access key ID is not the credential\'s');
	if (parsed.region !== auth.region) return refused(`AWS Signature: signed for region ${parsed.region.slice(0, 40)}, the credential says ${auth.region}`);
	if (parsed.service !== auth.service) return refused(`AWS Signature: signed for service ${parsed.service.slice(0, 40)}, the credential says ${auth.service}`);

	const amzDate = first(request.headers['x-amz-date']);
	const when = AMZ_DATE.exec(amzDate ?? '');
	if (!amzDate || !when) return refused('AWS Signature: the x-amz-date header is missing or not YYYYMMDDTHHMMSSZ');
	if (!parsed.signedHeaders.includes('host') || !parsed.signedHeaders.includes('x-amz-date')) {
		return refused('AWS Signature: host and x-amz-date must be among the signed headers');
	}
	if (amzDate.slice(0, 8) !== parsed.date) return refused('AWS Signature: the date of the credential scope is not the day of x-amz-date');
	const signedAt = Date.UTC(+when[1], +when[2] - 1, +when[3], +when[4], +when[5], +when[6]);
	const skewMs = (auth.clockSkewSeconds ?? DEFAULT_AWS_CLOCK_SKEW_SECONDS) * 1000;
	if (Math.abs(nowMs - signedAt) > skewMs) {
		return refused(`AWS Signature: x-amz-date is ${Math.round((nowMs - signedAt) / 1000)} s from the trigger's clock (allowed: ±${skewMs / 1000} s)`);
	}

	const token = first(request.headers['x-amz-security-token']);
	if (token !== undefined && !parsed.signedHeaders.includes('x-amz-security-token')) {
		return refused('AWS Signature: x-amz-security-token is present but not signed');
	}
	if ((auth.sessionToken ?? '') !== '' && (token === undefined || !safeEqual(token, auth.sessionToken!))) {
		return refused('AWS Signature: the x-amz-security-token is missing or not the credential\'s Session Token');
	}

	const body = request.rawBody ?? Buffer.alloc(0);
	const bodyHash = sha256Hex(body);
	const declared = first(request.headers['x-amz-content-sha256']);
	if (declared !== undefined && declared.toLowerCase() !== bodyHash) {
		return refused('AWS Signature: x-amz-content-sha256 is not the SHA-256 of the body (unsigned payloads are refused)');
	}

	const canonicalHeaders: string[] = [];
	for (const name of parsed.signedHeaders) {
		const value = headerValue(request.headers, name);
		if (value === undefined) return refused(`AWS Signature: the signed header ${name.slice(0, 60)} is missing`);
		canonicalHeaders.push(`${name}:${canonicalHeaderValue(value)}\n`);
	}
	const url = request.url ?? '/';
	const q = url.indexOf('?');
	const canonicalRequest = [
		(request.method ?? 'POST').toUpperCase(),
		canonicalPath(q < 0 ? url : url.slice(0, q), auth.service),
		canonicalQuery(q < 0 ? '' : url.slice(q + 1)),
		canonicalHeaders.join(''),
		parsed.signedHeaders.join(';'),
		declared?.toLowerCase() ?? bodyHash,
	].join('\n');
	const scope = `${parsed.date}/${auth.region}/${auth.service}/aws4_request`;
	const stringToSign = [ALGORITHM, amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
	const key = ['aws4_request'].reduce(
		(k, part) => hmac(k, part),
		hmac(hmac(hmac(`AWS4${auth.secretAccessKey}`, parsed.date), auth.region), auth.service),
	);
	const expected = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
	if (!safeEqual(parsed.signature, expected)) return refused('AWS Signature: the signature does not match (wrong secret, or the request was changed on the way)');
	return accepted;
}
