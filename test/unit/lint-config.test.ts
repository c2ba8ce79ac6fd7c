import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

/**
 * The lint configuration (eslint.config.mjs) is code too: each of its three layers must fire. Small
 * probe sources are linted as if they were files of the package, by ESLint's own API in a child
 * process (the config is an ES module, which jest's CommonJS runtime does not load).
 */
type Probe = { file: string; code: string };
type Finding = { ruleId: string | null; message: string };

const ROOT = path.resolve(__dirname, '..', '..');
const LINT_PROBES = `
import { ESLint } from 'eslint';
let input = '';
for await (const chunk of process.stdin) input += chunk;
const eslint = new ESLint({ cwd: process.cwd() });
const out = [];
for (const probe of JSON.parse(input)) {
	const [result] = await eslint.lintText(probe.code, { filePath: probe.file });
	out.push(result.messages.map((m) => ({ ruleId: m.ruleId, message: m.message })));
}
process.stdout.write(JSON.stringify(out));
`;

function lintProbes(probes: Probe[]): Finding[][] {
	const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', LINT_PROBES], {
		cwd: ROOT,
		input: JSON.stringify(probes),
		encoding: 'utf8',
	});
	return JSON.parse(stdout) as Finding[][];
}

const BOUNDARY = 'no-restricted-imports';
const refused: Probe[] = [
	{ file: 'nodes/shared/probe.ts', code: "import { NodeOperationError } from 'n8n-workflow';\nexport const e = NodeOperationError;\n" },
	{ file: 'nodes/shared/probe.ts', code: "import type { IDataObject } from 'n8n-workflow';\nexport type D = IDataObject;\n" },
	{ file: 'nodes/shared/probe.ts', code: "import { WorkflowExecute } from 'n8n-core';\nexport const w = WorkflowExecute;\n" },
	{ file: 'nodes/shared/delivery/probe.ts', code: "import { AUTH_CREDENTIAL_TYPES } from '../../OutboundWebhook/parameters';\nexport const a = AUTH_CREDENTIAL_TYPES;\n" },
	{ file: 'nodes/shared/delivery/probe.ts', code: "import { OutboundWebhook } from '../../OutboundWebhook/OutboundWebhook.node';\nexport const n = OutboundWebhook;\n" },
	{ file: 'nodes/shared/probe.ts', code: "export { readRawBody } from '../ChannelEventTrigger/request';\n" },
	{ file: 'nodes/shared/delivery/probe.ts', code: "import * as adapters from '../../n8n/errors';\nexport const c = adapters;\n" },
];
const allowed: Probe[] = [
	{ file: 'nodes/shared/delivery/probe.ts', code: "import { WebhookError } from '../errors';\nimport { z } from 'zod';\nexport const x = [WebhookError, z];\n" },
	{ file: 'nodes/OutboundWebhook/probe.ts', code: "import { NodeOperationError } from 'n8n-workflow';\nimport { WebhookError } from '../shared/errors';\nexport const y = [NodeOperationError, WebhookError];\n" },
];
// A credential that misses an icon and whose display name lacks "API": one finding of each plugin.
const credential: Probe = {
	file: 'credentials/ProbeApi.credentials.ts',
	code: [
		"import type { ICredentialType, INodeProperties } from 'n8n-workflow';",
		'export class ProbeApi implements ICredentialType {',
		"\tname = 'probeApi';",
		"\tdisplayName = 'Probe';",
		"\tdocumentationUrl = 'https://example.com/docs';",
		'\tproperties: INodeProperties[] = [];',
		'}',
		'',
	].join('\n'),
};

describe('eslint.config.mjs', () => {
	let findings: Finding[][];
	beforeAll(() => {
		findings = lintProbes([...refused, ...allowed, credential]);
	}, 120_000);

	test.each(refused.map((probe, index) => [probe.code.split('\n')[0], index]))(
		'the core boundary refuses %s in nodes/shared',
		(_line, index) => {
			const rules = findings[index as number].map((finding) => finding.ruleId);
			expect(rules).toContain(BOUNDARY);
		},
	);

	test.each(allowed.map((probe, index) => [probe.file, refused.length + index]))('the core boundary lets %s import what it may', (_file, index) => {
		const rules = findings[index as number].map((finding) => finding.ruleId);
		expect(rules).not.toContain(BOUNDARY);
	});

	test('n8n community-nodes plugin and eslint-plugin-n8n-nodes-base both check credentials', () => {
		const rules = findings[refused.length + allowed.length].map((finding) => finding.ruleId);
		expect(rules).toEqual(
			expect.arrayContaining(['@n8n/community-nodes/cred-class-field-icon-missing', 'n8n-nodes-base/cred-class-field-display-name-missing-api']),
		);
	});
});
