import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import {
	NodeHelpers,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IConnections,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IRunExecutionData,
	type IVersionedNodeType,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { TestCredentialsHelper } from './credentials';
import { packageCredentialTypes, packageNodeTypes } from './package';

/** The workflow JSON n8n exports, reduced to what the engine needs. */
export interface WorkflowJson {
	/** Nodes as exported; id, position and typeVersion may be left out. */
	nodes: Array<{ name: string; type: string; parameters: object } & Partial<Omit<INode, 'name' | 'type' | 'parameters'>>>;
	connections: IConnections;
}

export interface RunOptions {
	/** Decrypted credential data by credential type name. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Workflow static data to start from; pass the previous run's `staticData` to simulate an active workflow. */
	staticData?: IDataObject;
	mode?: WorkflowExecuteMode;
	/** Extra node types (full type name → class instance), e.g. n8n-nodes-base nodes for comparisons. */
	extraNodeTypes?: Record<string, INodeType | IVersionedNodeType>;
}

export interface RunResult {
	run: IRun;
	/** The items on each output of a node (first run of the node). */
	outputs(nodeName: string): INodeExecutionData[][];
	/** The error a node raised, if it raised one. */
	nodeError(nodeName: string): (Error & { description?: string; context?: IDataObject }) | undefined;
	staticData: IDataObject;
	credentialsHelper: TestCredentialsHelper;
	/** The engine's Workflow (e.g. for NodeHelpers.getNodeOutputs, which n8n uses to draw outputs). */
	workflow: Workflow;
}

class TestNodeTypes implements INodeTypes {
	constructor(private readonly types: Record<string, INodeType | IVersionedNodeType>) {}

	getByName(nodeType: string) {
		const type = this.types[nodeType];
		if (!type) throw new Error(`Unknown node type "${nodeType}" in test workflow`);
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

const URLS = {
	restApiUrl: 'http://127.0.0.1:5678/rest',
	instanceBaseUrl: 'http://127.0.0.1:5678/',
	formBaseUrl: 'http://127.0.0.1:5678/form',
	formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
	formTestBaseUrl: 'http://127.0.0.1:5678/form-test',
	webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
	webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
	webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
	mcpBaseUrl: 'http://127.0.0.1:5678/mcp',
	mcpTestBaseUrl: 'http://127.0.0.1:5678/mcp-test',
};

let nodeIdCounter = 0;

/**
 * Runs a workflow through n8n-core's real `WorkflowExecute`, with this package's nodes and
 * credential types, starting from the workflow's first node (a node without inputs from others).
 */
export async function runWorkflow(workflowJson: WorkflowJson, options: RunOptions = {}): Promise<RunResult> {
	const nodeTypes = new TestNodeTypes({ ...packageNodeTypes(), ...options.extraNodeTypes });
	const credentialTypes: Record<string, ICredentialType> = packageCredentialTypes();
	const credentialsHelper = new TestCredentialsHelper({ ...options.credentials }, credentialTypes);

	// Like a user picking a credential in the editor: every credential type the node declares and the
	// test provides is attached to the node (unless the test sets `credentials` itself).
	const attach = (type: string) => {
		const declared = (nodeTypes.getByNameAndVersion(type).description.credentials ?? []).map((c) => c.name);
		const provided = declared.filter((name) => options.credentials?.[name]);
		return provided.length ? Object.fromEntries(provided.map((name) => [name, { id: `cred-${name}`, name }])) : undefined;
	};
	const nodes: INode[] = workflowJson.nodes.map((node, index) => ({
		id: node.id ?? `node-${++nodeIdCounter}`,
		position: node.position ?? [index * 200, 0],
		typeVersion: node.typeVersion ?? 1,
		credentials: attach(node.type),
		...(node as Partial<INode>),
	})) as INode[];
	const workflow = new Workflow({
		id: 'test-workflow',
		name: 'test workflow',
		nodes,
		connections: workflowJson.connections,
		nodeTypes,
		active: false,
		staticData: JSON.parse(JSON.stringify(options.staticData ?? {})) as IDataObject,
		settings: { executionOrder: 'v1' },
	});

	const destinations = new Set(
		Object.values(workflowJson.connections).flatMap((byType) =>
			Object.values(byType).flatMap((outputs) => outputs.flatMap((conns) => (conns ?? []).map((c) => c.node))),
		),
	);
	const startNode = nodes.find((n) => !destinations.has(n.name));
	if (!startNode) throw new Error('Test workflow has no start node');

	const mode = options.mode ?? 'manual';
	const hooks = new ExecutionLifecycleHooks(mode, 'test-execution', {
		id: 'test-workflow',
		name: 'test workflow',
		nodes,
		connections: workflowJson.connections,
		active: false,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
	} as never);
	let resolveFinished: (run: IRun) => void = () => undefined;
	const finished = new Promise<IRun>((resolve) => (resolveFinished = resolve));
	hooks.addHandler('workflowExecuteAfter', (fullRunData) => resolveFinished(fullRunData));

	const additionalData = {
		...URLS,
		hooks,
		credentialsHelper,
		currentNodeExecutionIndex: 0,
		variables: {},
		executionId: 'test-execution',
		workflowId: 'test-workflow',
		executeWorkflow: async () => {
			throw new Error('Sub-workflows are not available in the test harness');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => undefined,
		startRunnerTask: async () => {
			throw new Error('Task runners are not available in the test harness');
		},
	} as unknown as IWorkflowExecuteAdditionalData;

	const runExecutionData: IRunExecutionData = {
		version: 1,
		startData: {},
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			metadata: {},
			nodeExecutionStack: [{ node: startNode, data: { main: [[{ json: {} }]] }, source: null }],
			waitingExecution: {},
			waitingExecutionSource: null,
		},
	} as unknown as IRunExecutionData;

	const workflowExecute = new WorkflowExecute(additionalData, mode, runExecutionData);
	await workflowExecute.processRunExecutionData(workflow);
	const run = await finished;

	const runData = run.data.resultData.runData;
	return {
		run,
		outputs: (nodeName) => {
			const task = runData[nodeName]?.[0];
			if (!task) throw new Error(`Node "${nodeName}" did not run. Error: ${run.data.resultData.error?.message ?? 'none'}`);
			return (task.data?.main ?? []).map((items) => items ?? []);
		},
		nodeError: (nodeName) => runData[nodeName]?.[0]?.error as ReturnType<RunResult['nodeError']>,
		staticData: workflow.staticData,
		workflow,
		credentialsHelper,
	};
}
