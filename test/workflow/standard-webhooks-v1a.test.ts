import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { Webhook } from 'standardwebhooks';
import nacl from 'tweetnacl';

import { runWorkflow } from '../harness/workflow';
import { reply, startHttpsServer, type TestHttpsServer } from '../support/https-server';

/**
 * The Outbound Webhook node signing Standard Webhooks `v1a` (ed25519) with the credential's whsk_
 * secret key, in n8n-core's WorkflowExecute, to a loopback HTTPS receiver: tweetnacl (an independent
 * ed25519) verifies the `v1a` signature with the public key alone, the standardwebhooks package the
 * `v1` one beside it.
 */
const NODE = 'n8n-nodes-outbound-webhooks.outboundWebhook';
const SECRET = 'whsec_' + Buffer.from('outbound standard webhooks key!!').toString('base64');
const pair = nacl.sign.keyPair.fromSeed(Buffer.alloc(32, 42));
const WHSK = `whsk_${Buffer.from(pair.secretKey).toString('base64')}`;

let server: TestHttpsServer;
afterEach(async () => server?.close());

async function run(credential: ICredentialDataDecryptedObject) {
	server = await startHttpsServer((_req, res) => reply(res, 200, 'ok'));
	return await runWorkflow(
		{
			nodes: [
				{ name: 'Source', type: 'test.source', parameters: { items: JSON.stringify([{ n: 1 }, { n: 2 }]) } },
				{
					name: 'Webhook',
					type: NODE,
					parameters: {
						url: `${server.origin}/hook`,
						entityType: 'service',
						authentication: 'none',
						enableHubSignature: true,
						signatureScheme: 'standardWebhooks',
						options: { caCertificate: server.cert, retryInterval: 0.01, timeout: 3000, maxRetries: 1 },
					},
					credentials: { standardWebhooksApi: { id: 'sw-1', name: 'sw' } },
				},
			],
			connections: { Source: { main: [[{ node: 'Webhook', type: 'main', index: 0 }]] } },
		},
		{ credentials: { standardWebhooksApi: credential } },
	);
}

const v1aVerifies = (post: { body: Buffer; headers: Record<string, unknown> }) => {
	const signatures = String(post.headers['webhook-signature']).split(' ').filter((s) => s.startsWith('v1a,'));
	const content = Buffer.concat([Buffer.from(`${String(post.headers['webhook-id'])}.${String(post.headers['webhook-timestamp'])}.`), post.body]);
	return signatures.length === 1 && nacl.sign.detached.verify(content, Buffer.from(signatures[0].slice(4), 'base64'), pair.publicKey);
};

describe('Standard Webhooks v1a on the sending side', () => {
	test('Secret and Secret Key: each POST carries v1 then v1a; the v1a verifies with the public key, the v1 with the secret', async () => {
		const result = await run({ secret: SECRET, signingKey: WHSK });
		expect(result.outputs('Webhook')[0]).toHaveLength(2);
		const posts = server.requests.filter((r) => r.method === 'POST');
		expect(posts).toHaveLength(2);
		for (const post of posts) {
			expect(post.headers['webhook-signature']).toMatch(/^v1,\S+ v1a,\S+$/);
			expect(v1aVerifies(post)).toBe(true);
			expect(new Webhook(SECRET).verify(post.body.toString('utf8'), post.headers as Record<string, string>)).toMatchObject({ n: expect.any(Number) });
		}
	});

	test('Secret Key alone: only a v1a signature, verified with the public key; a changed body fails it', async () => {
		const result = await run({ secret: '', signingKey: WHSK });
		expect(result.outputs('Webhook')[0]).toHaveLength(2);
		const post = server.requests.find((r) => r.method === 'POST')!;
		expect(post.headers['webhook-signature']).toMatch(/^v1a,[A-Za-z0-9+/]{86}==$/);
		expect(v1aVerifies(post)).toBe(true);
		expect(v1aVerifies({ ...post, body: Buffer.from(post.body.toString('utf8').replace('1', '3')) })).toBe(false);
	});
});
