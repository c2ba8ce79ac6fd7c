/** Demo JSON files hold placeholders like `__HTTPS_ORIGIN__` inside string values; this fills them. */
import { readFileSync } from 'node:fs';

export function fillTemplate<T = unknown>(file: string, values: Record<string, string>): T {
	const fill = (value: unknown): unknown => {
		if (typeof value === 'string') {
			return value.replace(/__([A-Z0-9_]+?)__/g, (match, name: string) => values[name] ?? match);
		}
		if (Array.isArray(value)) return value.map(fill);
		if (value && typeof value === 'object') {
			return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v)]));
		}
		return value;
	};
	const filled = fill(JSON.parse(readFileSync(file, 'utf8')));
	const left = JSON.stringify(filled).match(/__[A-Z0-9_]+?__/g);
	if (left) throw new Error(`${file}: no value for ${[...new Set(left)].join(', ')}`);
	return filled as T;
}
