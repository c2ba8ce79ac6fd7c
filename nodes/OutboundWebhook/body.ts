import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { WebhookError } from '../shared/errors';

function pick(source: unknown, path: string): unknown {
	return path.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as IDataObject)[key] : undefined), source);
}

/** The body of one item, as Body Content chooses it: the item's JSON, one field of it, or custom JSON. */
export function readBody(ctx: IExecuteFunctions, index: number, json: IDataObject): unknown {
	const mode = ctx.getNodeParameter('bodyContent', index, 'item') as string;
	if (mode === 'field') {
		const path = (ctx.getNodeParameter('bodyField', index, '') as string).trim();
		const value = pick(json, path);
		if (!path || value === undefined) {
			throw new WebhookError('INVALID_CONFIG', `The item has no field "${path}" to send`, {
				hint: 'Check the Field name under Body Content, or choose Whole Item.',
			});
		}
		return value;
	}
	if (mode === 'custom') {
		const value = ctx.getNodeParameter('customBody', index, '{}') as unknown;
		if (typeof value !== 'string') return value;
		try {
			return JSON.parse(value);
		} catch (error) {
			throw new WebhookError('INVALID_CONFIG', `The Custom Body is not valid JSON: ${(error as Error).message}`, {
				hint: 'Fix the JSON in Custom Body (check quotes around expressions that produce text).',
			});
		}
	}
	return json;
}
