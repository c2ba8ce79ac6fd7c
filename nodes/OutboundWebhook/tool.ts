import type { INode } from 'n8n-workflow';

/**
 * Whether the node runs as an AI agent's tool. n8n offers a node with `usableAsTool` a second time,
 * as the type `<name>Tool` (its loader's convertNodeToAiTool), and hands the agent only the items of
 * that node's first output.
 */
export function runsAsTool(node: Pick<INode, 'type'>): boolean {
	return node.type.endsWith('Tool');
}
