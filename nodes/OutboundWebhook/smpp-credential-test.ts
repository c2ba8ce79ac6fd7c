import type { ICredentialTestFunctions, ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

import { credentialTestFailure } from '../n8n/errors';
import { bindConfigFromCredential } from '../shared/smpp/bind-config';
import { checkBind } from '../shared/smpp/check-bind';

/**
 * The ESME Bind credential's test: binds to the SMSC and unbinds. Wired as the node's
 * `methods.credentialTest.smppBindApiTest` and the `testedBy` of its `smppBindApi` credential.
 */
export async function smppBindApiTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	try {
		const result = await checkBind(bindConfigFromCredential(credential.data ?? {}));
		return { status: result.ok ? 'OK' : 'Error', message: result.message };
	} catch (error) {
		return credentialTestFailure(error);
	}
}
