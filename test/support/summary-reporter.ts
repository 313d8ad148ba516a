import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints the closing line CI reads: `N passed, N failed, N skipped`.
 * Before it, one `FAILED: file > test: first line of the error` line per failure, so the tail of a
 * long CI log still says what failed.
 * A module that failed to load (no tests collected) counts as one failure, so a broken import is never green.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const failures: string[] = [];
    for (const mod of modules) {
      const tests = [...mod.children.allTests()];
      if (tests.length === 0 && mod.state() === 'failed') {
        failed++;
        failures.push(`FAILED: ${mod.moduleId}: ${firstLine(mod.errors()[0]?.message)}`);
      }
      for (const t of tests) {
        const result = t.result();
        if (result.state === 'passed') passed++;
        else if (result.state === 'failed') {
          failed++;
          failures.push(`FAILED: ${mod.relativeModuleId} > ${t.fullName}: ${firstLine(result.errors?.[0]?.message)}`);
        } else skipped++;
      }
    }
    for (const line of failures) console.log(line);
    console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  }
}

function firstLine(message: string | undefined): string {
  return (message ?? 'no message').split('\n')[0]!.slice(0, 300);
}
