import type { IWebhookFunctions } from 'n8n-workflow';

import { CREDENTIAL_REUSE_MS, triggerCredential } from '../../../nodes/ChannelEventTrigger/credentials';

/**
 * The trigger reads its credential through n8n at most once per CREDENTIAL_REUSE_MS on the production
 * URL (n8n decrypts it on every read), always afresh for test requests, and per workflow, node and
 * credential id.
 */
function context(id: string | undefined, mode: 'webhook' | 'manual' = 'webhook', where = { workflowId: 'wf-1', node: 'Channel Event Trigger' }) {
	let secret = 'first';
	let refusal: Error | undefined;
	const reads: string[] = [];
	const ctx = {
		getNode: () => ({ name: where.node, credentials: id ? { hubSignatureApi: { id, name: 'hub' } } : {} }),
		getWorkflow: () => ({ id: where.workflowId }),
		getMode: () => mode,
		getCredentials: async (type: string) => {
			reads.push(type);
			if (refusal) throw refusal;
			return { secret };
		},
	} as unknown as IWebhookFunctions;
	return { ctx, reads, change: (value: string) => (secret = value), refuse: (error: Error) => (refusal = error) };
}

let unique = 0;
const newId = () => `cred-${++unique}`;

describe('triggerCredential', () => {
	test('a production request within the reuse time uses the credential read before', async () => {
		let now = 1_000;
		const { ctx, reads, change } = context(newId());
		expect(await triggerCredential(ctx, 'hubSignatureApi', () => now)).toEqual({ secret: 'first' });
		change('second');
		now += CREDENTIAL_REUSE_MS - 1;
		expect(await triggerCredential(ctx, 'hubSignatureApi', () => now)).toEqual({ secret: 'first' });
		expect(reads).toHaveLength(1);
	});

	test('after the reuse time the credential is read again, and the change is seen', async () => {
		let now = 1_000;
		const { ctx, reads, change } = context(newId());
		await triggerCredential(ctx, 'hubSignatureApi', () => now);
		change('second');
		now += CREDENTIAL_REUSE_MS;
		expect(await triggerCredential(ctx, 'hubSignatureApi', () => now)).toEqual({ secret: 'second' });
		expect(reads).toHaveLength(2);
	});

	test('test requests (manual mode) always read the credential afresh', async () => {
		const { ctx, reads, change } = context(newId(), 'manual');
		await triggerCredential(ctx, 'hubSignatureApi', () => 0);
		change('second');
		expect(await triggerCredential(ctx, 'hubSignatureApi', () => 0)).toEqual({ secret: 'second' });
		expect(reads).toHaveLength(2);
	});

	test('two credentials are remembered apart, by id', async () => {
		const a = context(newId());
		const b = context(newId());
		b.change('other');
		expect(await triggerCredential(a.ctx, 'hubSignatureApi', () => 0)).toEqual({ secret: 'first' });
		expect(await triggerCredential(b.ctx, 'hubSignatureApi', () => 0)).toEqual({ secret: 'other' });
	});

	test('a read n8n refuses for one node is not answered by another node\'s read of the same credential', async () => {
		const id = newId();
		const allowed = context(id, 'webhook', { workflowId: 'wf-1', node: 'Channel Event Trigger' });
		const otherNode = context(id, 'webhook', { workflowId: 'wf-1', node: 'Channel Event Trigger1' });
		const otherWorkflow = context(id, 'webhook', { workflowId: 'wf-2', node: 'Channel Event Trigger' });
		otherNode.refuse(new Error('Credentials not found'));
		otherWorkflow.refuse(new Error('Credentials not found'));
		expect(await triggerCredential(allowed.ctx, 'hubSignatureApi', () => 0)).toEqual({ secret: 'first' });
		await expect(triggerCredential(otherNode.ctx, 'hubSignatureApi', () => 0)).rejects.toThrow('Credentials not found');
		await expect(triggerCredential(otherWorkflow.ctx, 'hubSignatureApi', () => 0)).rejects.toThrow('Credentials not found');
		expect([allowed.reads.length, otherNode.reads.length, otherWorkflow.reads.length]).toEqual([1, 1, 1]);
	});

	test('a node without a credential reference reads through n8n every time (n8n says what is missing)', async () => {
		const { ctx, reads } = context(undefined);
		await triggerCredential(ctx, 'hubSignatureApi', () => 0);
		await triggerCredential(ctx, 'hubSignatureApi', () => 0);
		expect(reads).toHaveLength(2);
	});
});
