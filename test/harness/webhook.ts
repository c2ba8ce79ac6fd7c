import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createGunzip, createInflate } from 'node:zlib';

import { HookContext, WebhookContext } from 'n8n-core';
import {
	NodeHelpers,
	Workflow,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IHttpRequestMethods,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type INodeTypes,
	type IVersionedNodeType,
	type IWebhookData,
	type IWebhookDescription,
	type IWebhookResponseData,
	type IWorkflowExecuteAdditionalData,
	type WorkflowActivateMode,
} from 'n8n-workflow';

import { testCertificate } from '../support/certs';
import { TestCredentialsHelper } from './credentials';
import { PACKAGE_NAME, packageCredentialTypes, packageNodeTypes } from './package';

/**
 * Serves one trigger node of this package over real HTTP(S) on loopback, the way n8n's webhook
 * server does for an active workflow, with n8n-core's own `WebhookContext` and `HookContext`:
 *
 * - routes `/<webhook|webhook-test>/<webhookId>/<path>` by method to the node's webhook
 *   descriptions (unregistered method or path: 404, as n8n answers);
 * - prepares the request as n8n's `rawBodyReader` + `parseBody` do for a version-1 node: `rawBody`
 *   holds the exact (decompressed) bytes, `readRawBody()` exists, and `body` is parsed by content
 *   type, with 422 for JSON n8n cannot parse (`preParse: false` skips that step, as n8n does when
 *   a node opts out of pre-parsing);
 * - calls `webhook()`, then answers like n8n's `handleImmediateWebhookResponse` when the node did
 *   not answer itself, and records every `workflowData` (each is one workflow run);
 * - evaluates the webhook's `responseMode` and `responseData` as n8n does (an expression over the
 *   node's parameters): with `lastNode` and a node that left the answer to n8n, it hands the run to
 *   `options.run` and answers when that ends, as n8n's executeWebhook (webhook-helpers.js, 1.123 and
 *   2.41): 500 `{"message":"Error in workflow"}` for a run that failed, else 200 with the
 *   `responseData` (`noData`: an empty body).
 */

export interface TriggerServerOptions {
	/** The trigger's node parameters (defaults are filled as n8n does). */
	parameters: INodeParameters;
	/** Decrypted credential data by credential type name. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Node type name without the package prefix; default `channelEventTrigger`. */
	nodeType?: string;
	/** Serve HTTPS with the loopback test certificate (for senders that refuse http:). */
	https?: boolean;
	/** Emulate n8n's body pre-parsing (default true). */
	preParse?: boolean;
	/** Limit of n8n's own raw-body reader (N8N_PAYLOAD_SIZE_MAX, 16 MiB by default). */
	n8nPayloadLimitBytes?: number;
	/**
	 * The workflow run a request starts, given the trigger's items; by default one that succeeds at
	 * once. A run that resolves with `error` (or rejects) failed. n8n starts it after answering with
	 * `onReceived`, and answers when it has ended with `lastNode`.
	 */
	run?: (items: INodeExecutionData[]) => Promise<{ error?: unknown }>;
}

export interface TriggerRun {
	method: string;
	items: INodeExecutionData[];
}

export interface TriggerServer {
	/** Production URL of the node's `default` webhook. */
	url: string;
	/** Test URL (`/webhook-test/...`) of the same webhook. */
	testUrl: string;
	/** One entry per request that started a run. */
	runs: TriggerRun[];
	/** Every request's answer status, in order. */
	statuses: number[];
	/** What `webhook()` returned, per request that reached it, in order. */
	results: IWebhookResponseData[];
	node: INode;
	workflow: Workflow;
	/** Runs one of the node's `webhookMethods` as n8n does on activation / deactivation. */
	hook(method: 'checkExists' | 'create' | 'delete', options?: { isTest?: boolean; activation?: WorkflowActivateMode }): Promise<boolean>;
	close(): Promise<void>;
}

class NodeTypes implements INodeTypes {
	constructor(private readonly types: Record<string, INodeType | IVersionedNodeType>) {}
	getByName(name: string) {
		const type = this.types[name];
		if (!type) throw new Error(`Unknown node type "${name}"`);
		return type;
	}
	getByNameAndVersion(name: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(name), version);
	}
	getKnownTypes(): IDataObject {
		return {};
	}
}

const WEBHOOK_ID = '5f3c2a9e-1b7d-4c1e-9a51-0c3e7d2b8f41';
const DEFAULT_N8N_LIMIT = 16 * 1024 * 1024;

type N8nLikeRequest = IncomingMessage & {
	rawBody?: Buffer;
	readRawBody?: () => Promise<void>;
	body?: unknown;
	query?: Record<string, string>;
	params?: Record<string, string>;
	contentType?: string;
	encoding?: BufferEncoding;
	_body?: boolean;
};

class PayloadTooLarge extends Error {}

/** n8n's `rawBodyReader`: decompresses gzip / deflate, caps the size, keeps the bytes. */
function installRawBodyReader(req: N8nLikeRequest, limit: number): void {
	const type = req.headers['content-type'];
	const [mime, ...params] = (type ?? '').split(';').map((part) => part.trim());
	req.contentType = mime ? mime.toLowerCase() : undefined;
	const charset = params.find((p) => p.toLowerCase().startsWith('charset='))?.slice(8).toLowerCase();
	req.encoding = (charset === 'utf-8' || !charset ? 'utf8' : charset) as BufferEncoding;
	req.readRawBody = async () => {
		if (req.rawBody) return;
		const encoding = req.headers['content-encoding'];
		const stream = encoding === 'gzip' ? req.pipe(createGunzip()) : encoding === 'deflate' ? req.pipe(createInflate()) : req;
		const chunks: Buffer[] = [];
		let size = 0;
		for await (const chunk of stream) {
			size += (chunk as Buffer).length;
			if (size > limit) throw new PayloadTooLarge();
			chunks.push(chunk as Buffer);
		}
		req.rawBody = Buffer.concat(chunks);
		req._body = true;
	};
}

/** n8n's `parseBody` (JSON, form, text; XML is not needed by this package's nodes). */
async function parseBodyLikeN8n(req: N8nLikeRequest): Promise<void> {
	await req.readRawBody!();
	const raw = req.rawBody!;
	if (!raw.length) return;
	const text = raw.toString(req.encoding);
	if (req.contentType === 'application/json') req.body = JSON.parse(text);
	else if (req.contentType === 'application/x-www-form-urlencoded') req.body = Object.fromEntries(new URLSearchParams(text));
	else if (req.contentType === 'text/plain') req.body = text;
}

function send(res: ServerResponse, status: number, body: unknown): void {
	if (res.writableEnded) return;
	res.statusCode = status;
	res.setHeader('content-type', 'application/json; charset=utf-8');
	res.end(JSON.stringify(body));
}

export async function startTriggerServer(options: TriggerServerOptions): Promise<TriggerServer> {
	const typeName = `${PACKAGE_NAME}.${options.nodeType ?? 'channelEventTrigger'}`;
	const nodeTypes = new NodeTypes(packageNodeTypes());
	const nodeType = nodeTypes.getByNameAndVersion(typeName, 1);
	const credentialsHelper = new TestCredentialsHelper({ ...options.credentials }, packageCredentialTypes());
	// Ids unique per server, as n8n's are per credential: a trigger remembers a credential by its id
	// for a few seconds (credentials.ts), and servers of different tests hold different secrets.
	const serverId = randomUUID().slice(0, 8);
	const credentialRefs = Object.fromEntries(
		Object.keys(options.credentials ?? {}).map((type) => [type, { id: `${type}-${serverId}`, name: type }]),
	);
	const node: INode = {
		id: 'trigger-node',
		name: 'Channel Event Trigger',
		type: typeName,
		typeVersion: 1,
		position: [0, 0],
		webhookId: WEBHOOK_ID,
		parameters: options.parameters,
		credentials: credentialRefs,
	};
	const workflow = new Workflow({
		id: 'trigger-workflow',
		name: 'trigger workflow',
		nodes: [node],
		connections: {},
		nodeTypes,
		active: true,
		staticData: {},
		settings: { executionOrder: 'v1' },
	});

	const runs: TriggerRun[] = [];
	const statuses: number[] = [];
	const results: IWebhookResponseData[] = [];
	const descriptions: IWebhookDescription[] = nodeType.description.webhooks ?? [];
	let baseUrl = '';

	const additionalDataFor = (req?: IncomingMessage, res?: ServerResponse) =>
		({
			credentialsHelper,
			webhookBaseUrl: `${baseUrl}/webhook`,
			webhookTestBaseUrl: `${baseUrl}/webhook-test`,
			webhookWaitingBaseUrl: `${baseUrl}/webhook-waiting`,
			formBaseUrl: `${baseUrl}/form`,
			formTestBaseUrl: `${baseUrl}/form-test`,
			formWaitingBaseUrl: `${baseUrl}/form-waiting`,
			instanceBaseUrl: `${baseUrl}/`,
			restApiUrl: `${baseUrl}/rest`,
			variables: {},
			executionId: 'trigger-execution',
			workflowId: workflow.id,
			currentNodeExecutionIndex: 0,
			httpRequest: req,
			httpResponse: res,
		}) as unknown as IWorkflowExecuteAdditionalData;

	const webhookDataFor = (description: IWebhookDescription, method: IHttpRequestMethods, isTest: boolean): IWebhookData => ({
		httpMethod: method,
		node: node.name,
		path: `${WEBHOOK_ID}/${String(description.path)}`,
		webhookDescription: description,
		workflowId: workflow.id,
		workflowExecuteAdditionalData: additionalDataFor(),
		webhookId: WEBHOOK_ID,
		isTest,
	});

	const handle = async (req: N8nLikeRequest, res: ServerResponse) => {
		const url = new URL(req.url ?? '/', 'http://localhost');
		const match = /^\/(webhook|webhook-test)\/([^/]+)\/(.+)$/.exec(url.pathname);
		const method = (req.method ?? 'GET').toUpperCase() as IHttpRequestMethods;
		const description = descriptions.find((d) => d.httpMethod === method && match && match[2] === WEBHOOK_ID && d.path === match[3]);
		if (!match || !description) {
			send(res, 404, { code: 404, message: 'The requested webhook is not registered.' });
			return;
		}
		req.query = Object.fromEntries(url.searchParams);
		req.params = {};
		installRawBodyReader(req, options.n8nPayloadLimitBytes ?? DEFAULT_N8N_LIMIT);
		if (options.preParse !== false && method !== 'GET' && method !== 'HEAD') {
			try {
				await parseBodyLikeN8n(req);
			} catch (error) {
				if (error instanceof PayloadTooLarge) send(res, 413, { code: 413, message: 'request entity too large' });
				else send(res, 422, { code: 422, message: 'Failed to parse request body' });
				return;
			}
		}
		if (req.body === undefined) req.body = {};

		const isTest = match[1] === 'webhook-test';
		const additionalData = additionalDataFor(req, res);
		const context = new WebhookContext(
			workflow,
			node,
			additionalData,
			isTest ? 'manual' : 'webhook',
			webhookDataFor(description, method, isTest),
			[],
			null,
		);
		const result = await nodeType.webhook!.call(context);
		results.push(result);
		const mode = isTest ? 'manual' : 'webhook';
		const responseMode = workflow.expression.getSimpleParameterValue(node, description.responseMode, mode, {}, undefined, 'onReceived');
		const items = result.workflowData?.[0] ?? [];
		if (result.workflowData !== undefined) runs.push({ method, items });
		const answerAfterRun = responseMode === 'lastNode' && result.workflowData !== undefined && result.noWebhookResponse !== true;
		if (result.noWebhookResponse !== true && !answerAfterRun) {
			send(
				res,
				200,
				result.webhookResponse ?? { message: result.workflowData ? 'Workflow was started' : 'Webhook call received' },
			);
		}
		if (result.workflowData === undefined) return;
		const run: Promise<{ error?: unknown }> = (options.run ?? (async () => ({})))(items).catch((error: unknown) => ({ error: error ?? 'rejected' }));
		if (!answerAfterRun) return;
		const outcome = await run;
		if (outcome.error !== undefined) {
			send(res, 500, { message: 'Error in workflow' });
			return;
		}
		const responseData = workflow.expression.getComplexParameterValue(node, description.responseData, mode, {}, undefined, 'firstEntryJson');
		if (responseData !== 'noData') throw new Error(`the harness answers lastNode runs only with responseData noData, not ${String(responseData)}`);
		// n8n: res.json(undefined), an empty body.
		res.statusCode = 200;
		res.setHeader('content-type', 'application/json; charset=utf-8');
		res.end();
	};

	const listener = (req: IncomingMessage, res: ServerResponse) => {
		res.on('finish', () => statuses.push(res.statusCode));
		handle(req as N8nLikeRequest, res).catch((error: Error) => {
			// n8n answers 500 "Workflow could not be started!" when the node throws.
			send(res, 500, { code: 500, message: 'Workflow Webhook Error: Workflow could not be started!', cause: error.message });
		});
	};
	const server: Server = options.https
		? createHttpsServer(await testCertificate(), listener)
		: createHttpServer(listener);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	baseUrl = `${options.https ? 'https' : 'http'}://127.0.0.1:${port}`;

	const defaultDescription = descriptions.find((d) => d.name === 'default')!;
	return {
		url: `${baseUrl}/webhook/${WEBHOOK_ID}/${String(defaultDescription.path)}`,
		testUrl: `${baseUrl}/webhook-test/${WEBHOOK_ID}/${String(defaultDescription.path)}`,
		runs,
		statuses,
		results,
		node,
		workflow,
		async hook(name, { isTest = false, activation = 'activate' } = {}) {
			const methods = nodeType.webhookMethods?.default;
			if (!methods) throw new Error(`${typeName} has no webhookMethods.default`);
			const webhookData = webhookDataFor(defaultDescription, 'POST', isTest);
			const context = new HookContext(workflow, node, additionalDataFor(), isTest ? 'manual' : 'trigger', activation, webhookData);
			return await methods[name].call(context);
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve());
			}),
	};
}
