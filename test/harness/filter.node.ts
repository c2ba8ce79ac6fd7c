import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

/**
 * A test-only filter, standing in for n8n's IF / Filter node (n8n-nodes-base is not a
 * devDependency): passes on the items whose field `field` is `true`, drops the others.
 */
export class TestFilter implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Test Filter',
		name: 'testFilter',
		group: ['transform'],
		version: 1,
		description: 'Passes items whose field is true',
		defaults: { name: 'Test Filter' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [{ displayName: 'Field', name: 'field', type: 'string', default: '' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const field = this.getNodeParameter('field', 0) as string;
		return [this.getInputData().filter((item) => item.json[field] === true)];
	}
}
