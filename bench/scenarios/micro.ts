/**
 * Scenario 6: signature and auth overheads in isolation, per operation, in one warmed-up process:
 * hub signature (HMAC SHA256 / SHA512 over 1 KB and 1 MB), verification on the trigger side, a
 * whole notification build (JSON + HMAC), AWS SigV4 signing of a 1 KB POST (aws4, via the
 * package's authorizer), and the RFC 7616 digest response computation.
 */
import { randomBytes } from 'node:crypto';

import { createAwsAuthorizer } from '../../nodes/shared/auth/aws';
import { digestResponse, type DigestInput } from '../../nodes/shared/auth/digest-response';
import { buildNotification } from '../../nodes/shared/delivery/notification';
import { signBody, verifySignature } from '../../nodes/shared/signature';
import { benchEvent } from '../lib/items';
import { benchArgs, emit, main, peakRssKb, rssKb } from '../lib/report';

const args = benchArgs({ targetMs: 1000 });
const SECRET = 'bench-hub-secret';

type Op = () => unknown | Promise<unknown>;

/** Runs `op` in batches until `targetMs` has passed (after a short warm-up); returns ops and time. */
async function measure(op: Op, isAsync: boolean): Promise<{ ops: number; ms: number }> {
	const runBatch = async (n: number) => {
		if (isAsync) for (let i = 0; i < n; i++) await op();
		else for (let i = 0; i < n; i++) op();
	};
	await runBatch(20);
	let batch = 1;
	let ops = 0;
	const started = performance.now();
	let elapsed = 0;
	while (elapsed < args.targetMs) {
		await runBatch(batch);
		ops += batch;
		elapsed = performance.now() - started;
		if (elapsed < args.targetMs / 10) batch *= 2;
	}
	return { ops, ms: elapsed };
}

main(async () => {
	const kb = Buffer.from(JSON.stringify(benchEvent(1)));
	const mb = randomBytes(1024 * 1024);
	const kbSig256 = signBody(kb, { secret: SECRET, algorithm: 'sha256' });
	const aws = createAwsAuthorizer({ scheme: 'awsSignature', accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', region: 'eu-west-1', service: 'execute-api' });
	const request = { method: 'POST' as const, url: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/hook', headers: { 'content-type': 'application/json; charset=utf-8', 'x-hub-signature': kbSig256 }, body: kb };
	const digestInput = (algorithm: DigestInput['algorithm'], qop: DigestInput['qop']): DigestInput => ({
		algorithm,
		username: 'Mufasa',
		password: 'Circle of Life',
		realm: 'http-auth@example.org',
		nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
		method: 'POST',
		uri: '/hook',
		qop,
		nc: '00000001',
		cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
		body: kb,
	});

	const ops: Array<[string, Op, boolean]> = [
		['HMAC SHA256, 1 KB body (sign)', () => signBody(kb, { secret: SECRET, algorithm: 'sha256' }), false],
		['HMAC SHA512, 1 KB body (sign)', () => signBody(kb, { secret: SECRET, algorithm: 'sha512' }), false],
		['HMAC SHA256, 1 MB body (sign)', () => signBody(mb, { secret: SECRET, algorithm: 'sha256' }), false],
		['HMAC SHA512, 1 MB body (sign)', () => signBody(mb, { secret: SECRET, algorithm: 'sha512' }), false],
		['verify x-hub-signature SHA256, 1 KB (trigger)', () => verifySignature(kb, kbSig256, { secrets: [SECRET], algorithm: 'sha256' }), false],
		['build notification: JSON 1 KB + HMAC SHA256', () => buildNotification({ body: benchEvent(1), signing: { secret: SECRET, algorithm: 'sha256' } }), false],
		['AWS SigV4 sign, 1 KB POST (aws4)', () => aws.authorize(request), true],
		['Digest response, MD5, qop=auth', () => digestResponse(digestInput('MD5', 'auth')), false],
		['Digest response, SHA-256, qop=auth', () => digestResponse(digestInput('SHA-256', 'auth')), false],
		['Digest response, SHA-256, qop=auth-int, 1 KB', () => digestResponse(digestInput('SHA-256', 'auth-int')), false],
	];
	const baselineRssKb = rssKb();
	for (const [name, op, isAsync] of ops) {
		const { ops: count, ms } = await measure(op, isAsync);
		emit({
			scenario: 'micro',
			side: name,
			variant: 'in-process',
			items: count,
			wallMs: ms,
			perSecond: (count / ms) * 1000,
			peakRssKb: peakRssKb(),
			baselineRssKb,
			ok: true,
			details: { microsecondsPerOp: (ms * 1000) / count },
		});
	}
});
