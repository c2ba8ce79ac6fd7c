/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ["ts-jest", { tsconfig: "tsconfig.json" }],
	},
	testTimeout: 30000,
	// Real servers and real n8n engines run in every test file; two workers keep a 2-core machine busy
	// without starving the loopback servers.
	maxWorkers: 2,
	verbose: false,
	reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
