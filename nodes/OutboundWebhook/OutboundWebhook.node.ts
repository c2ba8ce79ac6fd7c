import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { allowedDomainsOf, assertDomainAllowed } from '../shared/net/allowed-domains';
import { deliverAll, type DeliveryJob, type DeliveryResult } from '../shared/delivery/deliver';
import { failedFields, planItem, type PlannedItem } from '../shared/delivery/durable-item';
import { DURABLE_WAIT_MIN_MS } from '../shared/delivery/extended-schedule';
import { customHeaders } from '../shared/delivery/request';
import { checkUrlHost, guardedLookup, policyFromEnv } from '../shared/net/ssrf';
import { createTransport } from '../shared/http/transport';
import { parseEndpointUrl, redactUrl } from '../shared/http/url';
import { verifyEndpointsOnce } from '../shared/delivery/verification';
import { isWebhookError, WebhookError } from '../shared/errors';
import type { HubAlgorithm, SignOptions } from '../shared/signature';
import { buildAuthorizer } from './authorizer';
import { forwardToSmpp, isIncomingMessage } from './smpp-branch';
import { smppBindApiTest } from './smpp-credential-test';
import { outboundWebhookCredentials, outboundWebhookProperties } from './description';
import { readOptions, readBody, readExtendedDelays, AUTH_CREDENTIAL_TYPES, credentialDigest, abortableSleep } from './parameters';

/** The replay and schedule fields of a Failed item (`nextAttemptAt` only while the schedule goes on). */
function failedOutput({ bodySha256, retryable, nextAttemptAt, extendedAttempts }: ReturnType<typeof failedFields>): IDataObject {
	return { bodySha256, retryable, ...(nextAttemptAt ? { nextAttemptAt } : {}), extendedAttempts };
}

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

		let extended = { delaysMs: [] as readonly number[], maxRetryAfterMs: options.maxRetryAfter * 1000 };
		try {
			extended = { ...extended, delaysMs: readExtendedDelays(options) };
		} catch (error) {
			fail(error);
		}

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
			const jobs: Array<{ index: number; job: DeliveryJob; payload: unknown; planned: PlannedItem }> = [];
			const workflowId = String(this.getWorkflow().id ?? '');
			const nodeId = String(this.getNode().id ?? this.getNode().name);
			for (let index = 0; index < items.length; index++) {
				if (forwardSmpp && isIncomingMessage(items[index].json)) {
					smppItems.push({ index, json: items[index].json });
					continue;
				}
				try {
					const url = parseEndpointUrl(this.getNodeParameter('url', index));
					assertDomainAllowed(url, allowedDomains);
					const headers = customHeaders(
						((this.getNodeParameter('options.headers.header', index, []) as Array<{ name: string; value: string }>) ?? []),
					);
					const json = items[index].json;
					const planned = planItem(
						{
							json,
							readBody: () => readBody(this, index, json),
							deliveryIdOption: String(this.getNodeParameter('options.deliveryId', index, '') ?? ''),
							workflowId,
							nodeId,
							url: url.href,
							displayUrl: redactUrl(url),
							headers,
							signing,
						},
						{ maxRetries: options.maxRetries },
					);
					jobs.push({ index, payload: planned.payload, job: planned.job, planned });
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
			for (const { index, job, payload, planned } of jobs) {
				const error = refused.get(job.url);
				if (error) {
					failedItem(index, error, {
						deliveryId: job.deliveryId,
						url: job.displayUrl,
						attempts: [...(job.previousAttempts ?? [])] as unknown as IDataObject[],
						payload: payload as IDataObject,
						...failedOutput(failedFields(planned, undefined, extended)),
					});
				}
			}
			const early = deliverable.filter(({ job }) => job.notBefore !== undefined && job.notBefore - Date.now() > DURABLE_WAIT_MIN_MS).length;
			if (early > 0) {
				this.logger.warn(
					`${early} replayed item(s) came back long before their nextAttemptAt and wait in memory (not durable). Put a Wait node (Resume: At Specified Time, {{ $json.nextAttemptAt }}) between the Failed output and this node.`,
				);
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
			results.forEach(({ exhausted: _exhausted, ...result }: DeliveryResult, position) => {
				const { index, job, payload, planned } = deliverable[position];
				const json: IDataObject = { ...result, url: job.displayUrl, entity, payload: payload as IDataObject } as unknown as IDataObject;
				if (result.status !== 'delivered') Object.assign(json, failedOutput(failedFields(planned, results[position], extended)));
				outputs[result.status === 'delivered' ? DELIVERED : FAILED].push({ json, pairedItem: { item: index } });
			});
		} finally {
			await transport.close();
		}
		for (const output of outputs) output.sort((a, b) => (a.pairedItem as { item: number }).item - (b.pairedItem as { item: number }).item);
		return outputs;
	}
}
