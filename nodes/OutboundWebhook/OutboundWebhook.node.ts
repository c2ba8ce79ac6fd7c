import { randomUUID } from 'node:crypto';

import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { allowedDomainsOf, assertDomainAllowed } from '../shared/delivery/allowed-domains';
import { deliverAll, type DeliveryJob, type DeliveryResult } from '../shared/delivery/deliver';
import { buildNotification, customHeaders } from '../shared/delivery/request';
import { checkUrlHost, guardedLookup, policyFromEnv } from '../shared/delivery/ssrf';
import { createTransport } from '../shared/delivery/transport';
import { parseEndpointUrl, redactUrl } from '../shared/delivery/url';
import { verifyEndpointsOnce } from '../shared/delivery/verification';
import { isWebhookError, WebhookError } from '../shared/errors';
import type { HubAlgorithm, SignOptions } from '../shared/signature';
import { buildAuthorizer } from './authorizer';
import { forwardToSmpp, isIncomingMessage } from './smpp-branch';
import { smppBindApiTest } from './smpp-credential-test';
import { outboundWebhookCredentials, outboundWebhookProperties } from './description';
import { readOptions, readBody, AUTH_CREDENTIAL_TYPES, credentialDigest, abortableSleep } from './parameters';

const DELIVERED = 0;
const FAILED = 1;
const SMPP = 2;

export class OutboundWebhook implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Outbound Webhook',
		name: 'outboundWebhook',
		icon: 'file:outboundWebhook.svg',
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["url"]}}',
		description: 'Deliver each item to an HTTPS endpoint: verified, signed, authorized and retried',
		// n8n opens a node's own documentationUrl as it is; the codex URL (.node.json) gets ?utm_...
		// appended after any #fragment, so that one names no fragment.
		documentationUrl: 'https://github.com/n8n-nodes-outbound-webhooks/n8n-nodes-outbound-webhooks#outbound-webhook',
		defaults: { name: 'Outbound Webhook' },
		inputs: ['main'],
		outputs: ['main', 'main', 'main'],
		outputNames: ['Delivered', 'Failed', 'SMPP'],
		credentials: outboundWebhookCredentials,
		properties: outboundWebhookProperties,
	};

	methods = { credentialTest: { smppBindApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const outputs: INodeExecutionData[][] = [[], [], []];
		const options = readOptions(this);
		const scheme = this.getNodeParameter('authentication', 0) as string;
		const entity = { type: this.getNodeParameter('entityType', 0) as string, id: this.getNodeParameter('entityId', 0, '') as string };

		const fail = (error: unknown, itemIndex?: number): never => {
			const known = isWebhookError(error) ? error : undefined;
			throw new NodeOperationError(this.getNode(), known?.message ?? (error as Error).message, {
				itemIndex,
				description: known?.hint,
			});
		};
		const failedItem = (index: number, error: WebhookError | { code: string; message: string; hint?: string }, extra: IDataObject = {}) =>
			outputs[FAILED].push({
				json: { status: 'failed', error: { code: error.code, message: error.message, hint: (error as WebhookError).hint }, entity, ...extra },
				pairedItem: { item: index },
			});

		let signing: SignOptions | undefined;
		if (this.getNodeParameter('enableHubSignature', 0) as boolean) {
			const credential = await this.getCredentials('hubSignatureApi');
			if (!credential.secret) {
				fail(new WebhookError('INVALID_CONFIG', 'The Hub Signature credential has no secret', { hint: 'Open the Hub Signature credential and enter a secret.' }));
			}
			signing = { secret: String(credential.secret), algorithm: (credential.algorithm as HubAlgorithm) ?? 'sha256', prefix: options.signaturePrefix };
		}
		const authCredential = scheme === 'none' ? undefined : await this.getCredentials(AUTH_CREDENTIAL_TYPES[scheme]);
		const authDigest = authCredential ? credentialDigest(authCredential) : 'none';
		const allowedDomains = authCredential && allowedDomainsOf(authCredential);

		// n8n's SSRF settings (N8N_SSRF_*) and the node's own option guard every connection this
		// execution makes: deliveries, the test call and OAuth token requests share this transport.
		const ssrf = policyFromEnv(process.env, { blockPrivateNetworks: options.blockPrivateNetworks });
		for (const issue of ssrf.issues) this.logger.warn(issue);
		const guard = { lookup: guardedLookup(ssrf), checkHost: (url: string | URL) => checkUrlHost(ssrf, url) };
		const transport = createTransport({
			rejectUnauthorized: !options.allowUnauthorizedCerts,
			ca: options.caCertificate || undefined,
			connections: options.concurrency,
			timeoutMs: options.timeout,
			...guard,
		});
		try {
			const authorizer = await buildAuthorizer(this, scheme, transport);

			// Forward to SMPP (the spec: a phone number's incoming messages, hub signature off) takes the
			// incoming messages; every other item is posted as usual.
			const forwardSmpp = entity.type === 'phoneNumber' && !signing && (this.getNodeParameter('forwardToSmpp', 0, false) as boolean);
			const smppItems: Array<{ index: number; json: IDataObject }> = [];

			// 1. Build one job per item; an item whose parameters are wrong fails on its own.
			const jobs: Array<{ index: number; job: DeliveryJob; payload: unknown }> = [];
			for (let index = 0; index < items.length; index++) {
				if (forwardSmpp && isIncomingMessage(items[index].json)) {
					smppItems.push({ index, json: items[index].json });
					continue;
				}
				try {
					const url = parseEndpointUrl(this.getNodeParameter('url', index));
					assertDomainAllowed(url, allowedDomains);
					const payload = readBody(this, index, items[index].json);
					const headers = customHeaders(
						((this.getNodeParameter('options.headers.header', index, []) as Array<{ name: string; value: string }>) ?? []),
					);
					const deliveryId = String(this.getNodeParameter('options.deliveryId', index, '') || randomUUID());
					const notification = buildNotification({ body: payload, headers, signing });
					jobs.push({
						index,
						payload,
						job: { url: url.href, displayUrl: redactUrl(url), body: notification.body, headers: notification.headers, deliveryId },
					});
				} catch (error) {
					if (!this.continueOnFail()) fail(error, index);
					failedItem(index, isWebhookError(error) ? error : new WebhookError('INVALID_CONFIG', (error as Error).message));
				}
			}

			// 2. The test call, once per endpoint configuration (remembered in the workflow's static data).
			const staticData = this.getWorkflowStaticData('node') as { verifiedEndpoints?: Record<string, string> };
			const refused = options.verifyEndpoint
				? await verifyEndpointsOnce(
						jobs.map(({ job }) => job),
						(staticData.verifiedEndpoints ??= {}),
						{
							method: options.verificationMethod,
							timeoutMs: options.timeout,
							signing,
							identity: { scheme, authDigest, signing: signing && credentialDigest({ ...signing }) },
						},
						{ transport, authorizer },
					)
				: new Map<string, WebhookError>();
			const firstRefused = jobs.find(({ job }) => refused.has(job.url));
			if (firstRefused && !this.continueOnFail()) fail(refused.get(firstRefused.job.url), firstRefused.index);

			// 3. Deliver what may be delivered, then route every item to exactly one output.
			const deliverable = jobs.filter(({ job }) => !refused.has(job.url));
			for (const { index, job, payload } of jobs) {
				const error = refused.get(job.url);
				if (error) failedItem(index, error, { deliveryId: job.deliveryId, url: job.displayUrl, attempts: [], payload: payload as IDataObject });
			}
			const retryIntervalMs = options.retryInterval * 1000;
			const [results, forwarded] = await Promise.all([
				deliverAll(
					deliverable.map(({ job }) => job),
					{
						schedule: { maxRetries: options.maxRetries, retryIntervalMs, maxRetryAfterMs: options.maxRetryAfter * 1000 },
						timeoutMs: options.timeout,
						concurrency: options.concurrency,
					},
					{ transport, authorizer, now: Date.now, sleep: abortableSleep(this) },
				),
				forwardToSmpp(this, smppItems, {
					maxRetries: options.maxRetries,
					retryIntervalMs,
					destination: entity.id,
					guard,
				}),
			]);
			for (const { index, outcome, json } of forwarded) {
				outputs[outcome === 'forwarded' ? SMPP : FAILED].push({ json: { ...json, entity }, pairedItem: { item: index } });
			}
			results.forEach((result: DeliveryResult, position) => {
				const { index, job, payload } = deliverable[position];
				const json: IDataObject = { ...result, url: job.displayUrl, entity, payload: payload as IDataObject } as unknown as IDataObject;
				outputs[result.status === 'delivered' ? DELIVERED : FAILED].push({ json, pairedItem: { item: index } });
			});
		} finally {
			await transport.close();
		}
		for (const output of outputs) output.sort((a, b) => (a.pairedItem as { item: number }).item - (b.pairedItem as { item: number }).item);
		return outputs;
	}
}
