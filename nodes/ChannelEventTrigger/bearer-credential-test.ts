import type { ICredentialTestFunctions, ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

import { credentialTestFailure } from '../n8n/errors';
import { checkBearerVerifier } from '../shared/inbound-auth/bearer-check';
import { bearerAuthFromCredential } from '../shared/auth-schemes';
import { inboundAuthTransport } from './inbound-transport';

/**
 * The Webhook Bearer Token (Verify) credential's Test button: fetches the JWKS, introspects a probe
 * token, or checks the configured key (see checkBearerVerifier). Wired as the trigger's
 * `methods.credentialTest.webhookBearerTokenApiTest` and the `testedBy` of that credential.
 */
export async function webhookBearerTokenApiTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	try {
		const auth = bearerAuthFromCredential(credential.data ?? {});
		const result = await checkBearerVerifier(auth, inboundAuthTransport(auth.caCertificate));
		return { status: result.ok ? 'OK' : 'Error', message: result.message };
	} catch (error) {
		return credentialTestFailure(error);
	}
}
