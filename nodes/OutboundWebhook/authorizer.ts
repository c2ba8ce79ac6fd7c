import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { noAuth, type Authorizer, type Transport } from '../shared/delivery/types';

/**
 * Builds the authorizer for the node's `authentication` parameter. (Interim version: only `none`;
 * the authorization schemes replace this file.)
 */
export async function buildAuthorizer(ctx: IExecuteFunctions, scheme: string, _transport: Transport): Promise<Authorizer> {
	if (scheme === 'none') return noAuth;
	throw new NodeOperationError(ctx.getNode(), `Authentication "${scheme}" is not available yet`);
}
