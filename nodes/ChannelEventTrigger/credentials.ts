import type { ICredentialDataDecryptedObject, IWebhookFunctions } from 'n8n-workflow';

/**
 * How long a trigger's credential, once read, serves the requests that follow. n8n decrypts a
 * credential on every `getCredentials` call (and n8n 2.x sets up its expression sandbox for the
 * credential's defaults each time), which bounds how many signed requests a trigger can take. A
 * secret changed in n8n is used at most this long after it was saved; during a rotation the Previous
 * Secret field keeps both valid.
 */
export const CREDENTIAL_REUSE_MS = 5_000;
/** Distinct credentials remembered per process (oldest first out). */
const MAX_REMEMBERED = 100;

interface Remembered {
	data: ICredentialDataDecryptedObject;
	until: number;
}

const remembered = new Map<string, Remembered>();

/**
 * The node's credential of `type`, read through n8n at most once per CREDENTIAL_REUSE_MS for the
 * production URL, per workflow, node and credential. Test requests (the editor's "Listen for test
 * event") always read it afresh, so an edit shows at once while a workflow is being built.
 */
export async function triggerCredential(ctx: IWebhookFunctions, type: string, now: () => number = Date.now): Promise<ICredentialDataDecryptedObject> {
	const node = ctx.getNode();
	const id = node.credentials?.[type]?.id;
	if (!id || ctx.getMode() === 'manual') return await ctx.getCredentials(type);
	// Per workflow and node as well as per credential: a read n8n refuses for one node (the credential
	// not applicable to its parameters or version, not shared with its workflow) is never answered by
	// another node's read of the same credential.
	const key = JSON.stringify([ctx.getWorkflow().id, node.name, type, id]);
	const known = remembered.get(key);
	if (known && known.until > now()) return known.data;
	const data = await ctx.getCredentials(type);
	remembered.delete(key);
	remembered.set(key, { data, until: now() + CREDENTIAL_REUSE_MS });
	if (remembered.size > MAX_REMEMBERED) remembered.delete(remembered.keys().next().value!);
	return data;
}
