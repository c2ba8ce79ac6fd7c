import type { IExecuteFunctions } from 'n8n-workflow';

/** Reads one node parameter for one item, like `getNodeParameter(name, index, fallback)`. */
export type ReadParameter = (name: string, index: number, fallback?: unknown) => unknown;

/** Whether a stored parameter value holds an n8n expression anywhere (a string starting with "="). */
export function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(holdsExpression);
	if (value !== null && typeof value === 'object') return Object.values(value).some(holdsExpression);
	return false;
}

function storedValue(parameters: unknown, path: string): unknown {
	let value = parameters;
	for (const key of path.split('.')) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as Record<string, unknown>)[key];
	}
	return value;
}

/**
 * Per-item parameter reads for an execution. n8n's `getNodeParameter` copies, resolves and validates
 * the value on every call, even a fixed one; a parameter whose stored value holds no expression is the
 * same for every item, so it is read once, with n8n's own call, and reused. Parameters with an expression are evaluated by n8n for every item, as always.
 * Only values the node treats as read-only may be shared between items (`shared`); other objects
 * are read per item, so no two output items share a nested object.
 *
 * A plain text parameter (`plainText`: no validateType, not a collection) that is one expression is
 * evaluated with n8n's `evaluateExpression` for the item: the same call `getNodeParameter` makes for
 * it (`resolveSimpleParameterValue` of the stored `=...` text), without the per-item lookup and the
 * schema check that finds nothing to check in a plain text (a URL by expression).
 */
export function itemParameters(ctx: IExecuteFunctions, shared: ReadonlySet<string> = new Set(), plainText: ReadonlySet<string> = new Set()): ReadParameter {
	const stored = ctx.getNode().parameters;
	// How each parameter is read, decided at its first read: its stored value is the same for every item.
	const readers = new Map<string, ReadParameter>();
	const firstRead: ReadParameter = (name, index, fallback) => {
		const raw = storedValue(stored, name);
		if (plainText.has(name) && typeof raw === 'string' && raw.startsWith('=')) {
			const expression = raw.slice(1);
			const evaluate: ReadParameter = (_name, item) => ctx.evaluateExpression(expression, item);
			readers.set(name, evaluate);
			return evaluate(name, index);
		}
		const value = ctx.getNodeParameter(name, index, fallback);
		const fixed = !holdsExpression(raw) && (value === null || typeof value !== 'object' || shared.has(name));
		readers.set(name, fixed ? () => value : (_name, item, itemFallback) => ctx.getNodeParameter(name, item, itemFallback));
		return value;
	};
	return (name, index, fallback) => (readers.get(name) ?? firstRead)(name, index, fallback);
}
