// Lint for the community package (ESLint 9, flat config). `npm run lint` runs three layers:
// 1. n8n's current rules for community nodes: @n8n/eslint-plugin-community-nodes, `recommended`;
// 2. the rule sets of eslint-plugin-n8n-nodes-base that n8n's tooling applied before (`community` on
//    package.json, `credentials` on credential types, `nodes` on node files);
// 3. this package's own boundary: the core in nodes/shared never imports n8n or a node folder.
// A rule that this package's design contradicts is switched off only for the files where it applies,
// each with its reason (section "Design exceptions" below). test/unit/lint-config.test.ts checks
// that each layer fires.
import tsParser from '@typescript-eslint/parser';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

const sources = ['nodes/**/*.ts', 'credentials/**/*.ts'];
const community = '@n8n/community-nodes';

export default [
	{ ignores: ['dist/**', 'node_modules/**', '**/*.js', '**/*.mjs'] },
	{
		// None of the rules below needs type information, so no TypeScript program is built.
		files: [...sources, 'package.json'],
		languageOptions: {
			parser: tsParser,
			parserOptions: { sourceType: 'module', extraFileExtensions: ['.json'] },
		},
		linterOptions: { reportUnusedDisableDirectives: 'error' },
	},

	// 1. n8n's current community-node rules.
	{ ...n8nCommunityNodesPlugin.configs.recommended, files: [...sources, 'package.json'] },

	// 2. The rule sets of eslint-plugin-n8n-nodes-base, as before.
	{
		files: ['package.json'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.community.rules,
			'n8n-nodes-base/community-package-json-name-still-default': 'off',
		},
	},
	{
		files: ['credentials/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// Applies to n8n's main repository only (its docs are addressed by camelCase slug); a
			// community package links its own README.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// The Outbound Webhook node has three outputs (Delivered, Failed, SMPP) by design; this rule
			// assumes every node has one.
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			// The older plugin asks for the literal ['main']; n8n's current plugin asks for
			// NodeConnectionTypes.Main (node-connection-type-literal). The current one wins.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
		},
	},

	// 3. The core boundary: nodes/shared is plain TypeScript that n8n adapters call, never the reverse.
	{
		files: ['nodes/shared/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					paths: [
						{ name: 'n8n-workflow', message: 'The core (nodes/shared) never imports n8n: take plain values, return plain values.' },
						{ name: 'n8n-core', message: 'The core (nodes/shared) never imports n8n: take plain values, return plain values.' },
					],
					patterns: [
						{
							group: ['n8n-workflow/*', 'n8n-core/*', '@n8n/*'],
							message: 'The core (nodes/shared) never imports n8n: take plain values, return plain values.',
						},
						{
							group: [
								'**/OutboundWebhook',
								'**/OutboundWebhook/**',
								'**/ChannelEventTrigger',
								'**/ChannelEventTrigger/**',
								'**/n8n',
								'**/n8n/**',
							],
							message: 'The core (nodes/shared) never imports a node folder or the n8n adapters (nodes/n8n): they import the core, not the reverse.',
						},
					],
				},
			],
		},
	},

	// Design exceptions: rules of layer 1 that this package's design contradicts, off where they apply.
	{
		// Runtime dependencies are a design decision (undici, aws4, zod, smpp; the package targets
		// self-hosted n8n, as README "Install" says).
		files: ['package.json'],
		rules: { [`${community}/no-runtime-dependencies`]: 'off' },
	},
	{
		// The package's own HTTP client (undici: per-connection DNS guard, TLS options, pooling), AWS
		// SigV4 (aws4), SMPP (smpp), and the Node modules they and the SSRF guard need (dns, net, tls,
		// http status texts), available on self-hosted n8n.
		files: [
			'nodes/shared/http/transport.ts',
			'nodes/shared/net/ssrf.ts',
			'nodes/shared/net/ssrf-ranges.ts',
			'nodes/shared/delivery/failure.ts',
			'nodes/shared/auth/aws.ts',
			'nodes/shared/smpp/session.ts',
			'nodes/shared/smpp/smpp.d.ts',
		],
		rules: { [`${community}/no-restricted-imports`]: 'off' },
	},
	{
		// The core never imports n8n-workflow: it throws its own WebhookError (stable code, message,
		// hint, data), which the one converter at the node boundary (nodes/n8n/errors.ts) turns into
		// NodeOperationError / NodeApiError.
		files: ['nodes/shared/**/*.ts'],
		rules: { [`${community}/require-node-api-error`]: 'off' },
	},
	{
		// SMPP protocol timers (response deadlines, enquire_link keep-alive) live in the session; the core
		// has no n8n helper to use instead.
		files: ['nodes/shared/smpp/session.ts'],
		rules: { [`${community}/no-restricted-globals`]: 'off' },
	},
	{
		// process.nextTick keeps the guarded DNS lookup asynchronous, as dns.lookup is.
		files: ['nodes/shared/net/ssrf.ts'],
		rules: { [`${community}/no-restricted-globals`]: 'off' },
	},
	{
		// process.env: n8n's own SSRF variables (N8N_SSRF_*), which the node applies to its own client.
		files: ['nodes/OutboundWebhook/OutboundWebhook.node.ts', 'nodes/ChannelEventTrigger/inbound-transport.ts'],
		rules: { [`${community}/no-restricted-globals`]: 'off' },
	},
	{
		// setTimeout/clearTimeout: the core's cancellable wait between retries (n8n-workflow's
		// sleepWithAbort is out of the core's reach, and it leaves its abort listener after each wait),
		// and the one deadline timer an execution's attempts share (deadlines.ts).
		files: ['nodes/shared/sleep.ts', 'nodes/shared/delivery/deadlines.ts'],
		rules: { [`${community}/no-restricted-globals`]: 'off' },
	},
	{
		// Helpers of the node folder throw the core's WebhookError; the one converter at the node
		// boundary (nodes/n8n/errors.ts) turns it into NodeOperationError / NodeApiError.
		files: ['nodes/OutboundWebhook/authorizer.ts', 'nodes/OutboundWebhook/body.ts'],
		rules: { [`${community}/require-node-api-error`]: 'off' },
	},
	{
		// False alarm: AUTH_CREDENTIAL_TYPES.oAuth2 holds a credential type name, not a secret.
		files: ['nodes/OutboundWebhook/credential-types.ts'],
		rules: { [`${community}/no-hardcoded-secrets`]: 'off' },
	},
	{
		// These credentials name no server to test against: the endpoint is the node's URL, and the
		// node's verification call (made with the credential) is the test. Smpp Bind is tested by the
		// Outbound Webhook node (`testedBy: 'smppBindApiTest'` in its description.ts), which the rule
		// cannot see: it reads only credential lists written inline in a node class.
		files: [
			'credentials/HubSignatureApi.credentials.ts',
			'credentials/SmppBindApi.credentials.ts',
			'credentials/StandardWebhooksApi.credentials.ts',
			'credentials/WebhookApiKeyApi.credentials.ts',
			'credentials/WebhookAwsSignatureApi.credentials.ts',
			'credentials/WebhookBasicAuthApi.credentials.ts',
			'credentials/WebhookDigestAuthApi.credentials.ts',
			// Verifies tokens others issue: its keys and endpoints are used when a token arrives.
			'credentials/WebhookBearerTokenApi.credentials.ts',
		],
		rules: { [`${community}/credential-test-required`]: 'off' },
	},
];
