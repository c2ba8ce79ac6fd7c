/**
 * n8n's own lint rules for community packages: the `community` set on package.json, the
 * `credentials` set on credential types and the `nodes` set on node files.
 * @type {import('@types/eslint').ESLint.ConfigData}
 */
module.exports = {
	root: true,
	env: { browser: false, es6: true, node: true },
	parser: '@typescript-eslint/parser',
	parserOptions: {
		project: ['./tsconfig.json'],
		sourceType: 'module',
		extraFileExtensions: ['.json'],
	},
	ignorePatterns: ['.eslintrc.js', '**/*.js', '**/node_modules/**', '**/dist/**'],
	overrides: [
		{
			// The core knows nothing of n8n: it takes plain values and returns plain values (DESIGN.md).
			files: ['./nodes/shared/**/*.ts'],
			rules: {
				'no-restricted-imports': [
					'error',
					{
						paths: [
							{ name: 'n8n-workflow', message: 'nodes/shared is the n8n-free core: translate in the node files.' },
							{ name: 'n8n-core', message: 'nodes/shared is the n8n-free core: translate in the node files.' },
						],
						patterns: [
							{ group: ['n8n-workflow/*', 'n8n-core/*'], message: 'nodes/shared is the n8n-free core.' },
							{ group: ['**/OutboundWebhook/**', '**/ChannelEventTrigger/**', '**/n8n/**'], message: 'The core may not import the node folders or the n8n adapters.' },
						],
					},
				],
			},
		},
		{
			files: ['package.json'],
			plugins: ['eslint-plugin-n8n-nodes-base'],
			extends: ['plugin:n8n-nodes-base/community'],
			rules: { 'n8n-nodes-base/community-package-json-name-still-default': 'off' },
		},
		{
			files: ['./credentials/**/*.ts'],
			plugins: ['eslint-plugin-n8n-nodes-base'],
			extends: ['plugin:n8n-nodes-base/credentials'],
			rules: {
				// Applies to n8n's main repository only (its docs are addressed by camelCase slug); a
				// community package links its own README.
				'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			},
		},
		{
			files: ['./nodes/**/*.ts'],
			plugins: ['eslint-plugin-n8n-nodes-base'],
			extends: ['plugin:n8n-nodes-base/nodes'],
			rules: {
				// The Outbound Webhook node has three outputs (Delivered, Failed, SMPP) by design; this rule
				// assumes every node has one.
				'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			},
		},
	],
};
