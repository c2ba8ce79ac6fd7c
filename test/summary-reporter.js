const { writeSync } = require('node:fs');

/**
 * Prints one closing line "tests: N passed, M failed[, K skipped]" as the very last line of the run
 * (at process exit, after jest's own summary): the plain form CI reads in any language.
 */
class SummaryReporter {
	onRunComplete(_contexts, results) {
		const skipped = results.numPendingTests + results.numTodoTests;
		const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
		const line = `tests: ${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`;
		process.once('exit', () => writeSync(2, line));
	}
}
module.exports = SummaryReporter;
