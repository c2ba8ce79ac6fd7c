/**
 * Prints one closing line "tests: N passed, M failed[, K skipped]" after jest's own summary, the
 * plain form CI reads in any language.
 */
class SummaryReporter {
	onRunComplete(_contexts, results) {
		const skipped = results.numPendingTests + results.numTodoTests;
		const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
		process.stdout.write(`tests: ${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
	}
}
module.exports = SummaryReporter;
