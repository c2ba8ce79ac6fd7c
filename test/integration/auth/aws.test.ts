import { createAuthorizer } from '../../../nodes/shared/auth';
import { noAuth } from '../../../nodes/shared/auth/authorizer';
import { deliverWith, loopbackTransport } from '../../support/auth-delivery';
import { startSigV4Receiver, type SigV4Receiver } from '../../support/auth-servers';

const KEYS = { accessKeyId: 'AKIDLOOPBACK', secretAccessKey: 'loopback/secret+key', region: 'eu-west-1', service: 'execute-api' };

describe('AWS SigV4 against a receiver that recomputes the signature', () => {
	let receiver: SigV4Receiver;
	beforeEach(async () => {
		receiver = await startSigV4Receiver({ ...KEYS, sessionToken: undefined });
	});
	afterEach(async () => receiver.close());

	it('no credentials: refused', async () => {
		const transport = loopbackTransport(receiver.cert);
		const [result] = await deliverWith(noAuth, transport, `${receiver.origin}/prod/hook`, ['{}']);
		await transport.close();
		expect(result).toMatchObject({ status: 'failed', statusCode: 403 });
		expect(receiver.refusals).toEqual(['no SigV4 authorization']);
	});

	it('wrong secret key: signature mismatch', async () => {
		const transport = loopbackTransport(receiver.cert);
		const authorizer = createAuthorizer({ scheme: 'awsSignature', ...KEYS, secretAccessKey: 'not-the-key' });
		const [result] = await deliverWith(authorizer, transport, `${receiver.origin}/prod/hook`, ['{}']);
		await transport.close();
		expect(result.statusCode).toBe(403);
		expect(receiver.refusals).toEqual(['signature mismatch']);
	});

	it('right keys: accepted, over the exact body bytes, query and path included', async () => {
		const transport = loopbackTransport(receiver.cert);
		const authorizer = createAuthorizer({ scheme: 'awsSignature', ...KEYS });
		const bodies = ['{"text":"grüße 👋"}', '{"a":[1,2,3]}'];
		const results = await deliverWith(authorizer, transport, `${receiver.origin}/prod/web%20hook?b=2&a=1&a=0`, bodies);
		await transport.close();
		expect(results.map((r) => r.status)).toEqual(['delivered', 'delivered']);
		expect(receiver.accepted.map((r) => r.body.toString())).toEqual(expect.arrayContaining(bodies));
		expect(receiver.refusals).toEqual([]);
	});

	it('every attempt is signed afresh: a retry after an expired signature passes', async () => {
		const transport = loopbackTransport(receiver.cert);
		let calls = 0;
		// The first attempt is signed 10 minutes in the past (the receiver allows 5), the retry now.
		const now = () => (calls++ === 0 ? Date.now() - 600_000 : Date.now());
		const authorizer = createAuthorizer({ scheme: 'awsSignature', ...KEYS }, { now });
		const [result] = await deliverWith(authorizer, transport, `${receiver.origin}/prod/hook`, ['{}'], { maxRetries: 1 });
		await transport.close();
		expect(result.status).toBe('delivered');
		expect(result.attempts.map((a) => a.statusCode)).toEqual([403, 200]);
		expect(receiver.refusals).toEqual(['signature expired']);
		expect(receiver.requests[0].headers['x-amz-date']).not.toBe(receiver.requests[1].headers['x-amz-date']);
	});

	it('temporary credentials: the session token is sent and signed', async () => {
		await receiver.close();
		receiver = await startSigV4Receiver({ ...KEYS, sessionToken: 'FwoGZXIvYXdzEXAMPLE' });
		const transport = loopbackTransport(receiver.cert);
		const without = await deliverWith(createAuthorizer({ scheme: 'awsSignature', ...KEYS }), transport, `${receiver.origin}/hook`, ['{}']);
		const withToken = await deliverWith(
			createAuthorizer({ scheme: 'awsSignature', ...KEYS, sessionToken: 'FwoGZXIvYXdzEXAMPLE' }),
			transport,
			`${receiver.origin}/hook`,
			['{}'],
		);
		await transport.close();
		expect(without[0].statusCode).toBe(403);
		expect(withToken[0].status).toBe('delivered');
	});
});
