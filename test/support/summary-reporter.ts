import type { Reporter, SerializedError, TestCase, TestModule, TestRunEndReason, TestSuite } from 'vitest/node';

/**
 * Prints the closing line CI reads: `N passed, N failed, N skipped`.
 * Before it, one `FAILED: file > test: first line of the error` line per failure, so the tail of a
 * long CI log still says what failed. The line never reads green on a failing run:
 * - a module that failed to load counts as one failure;
 * - a failed `beforeAll` (of the file or of a describe block) makes every test it kept from running a
 *   failure, not a skip; a failed `afterAll` (or any other error of a file or block whose tests all
 *   ran) counts as one failure per error;
 * - every unhandled error or rejection counts as one failure;
 * - a run Vitest ends as failed with none of the above still shows at least one failure.
 * Checked by test/support/summary-reporter.test.ts over fixtures with each kind of failure.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError> = [], reason?: TestRunEndReason): void {
    const count = { passed: 0, failed: 0, skipped: 0 };
    const failures: string[] = [];
    const fail = (line: string) => {
      count.failed++;
      failures.push(`FAILED: ${line}`);
    };

    for (const mod of modules) {
      const tests = [...mod.children.allTests()];
      if (tests.length === 0 && (mod.state() === 'failed' || mod.errors().length > 0)) {
        fail(`${mod.relativeModuleId}: ${firstLine(mod.errors()[0]?.message)}`);
        continue;
      }
      walk(mod.relativeModuleId, mod.errors(), [...mod.children], null, count, fail);
    }
    for (const e of unhandledErrors) fail(`unhandled error: ${firstLine(e.message ?? String(e))}`);
    if (reason === 'failed' && count.failed === 0) fail('the run failed, but no test or hook says why (see the log above)');

    for (const line of failures) console.log(line);
    console.log(`${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped`);
  }
}

type Counts = { passed: number; failed: number; skipped: number };

/**
 * Counts the tests of one file or block. `hookError`: the error of an enclosing block's hook, which
 * kept the tests below it from running. The block's own errors are a `beforeAll` failure when they
 * kept tests from running, else (an `afterAll`, say) one failure each.
 */
function walk(
  file: string,
  errors: ReadonlyArray<{ message?: string }>,
  children: Array<TestCase | TestSuite>,
  hookError: string | null,
  count: Counts,
  fail: (line: string) => void,
): void {
  const own = errors[0] ? firstLine(errors[0].message) : null;
  const inherited = own ?? hookError;
  let kept = 0;
  for (const child of children) {
    if (child.type === 'suite') {
      walk(file, child.errors(), [...child.children], inherited, count, fail);
      continue;
    }
    const result = child.result();
    if (result.state === 'passed') count.passed++;
    else if (result.state === 'failed') fail(`${file} > ${child.fullName}: ${firstLine(result.errors?.[0]?.message)}`);
    else if (inherited !== null && !isDeliberateSkip(child)) {
      kept++;
      fail(`${file} > ${child.fullName}: did not run, a hook failed: ${inherited}`);
    } else count.skipped++;
  }
  if (own !== null && kept === 0) for (const e of errors) fail(`${file}: ${firstLine(e.message)}`);
}

/** A test marked skip or todo in the source is skipped on purpose, not because a hook failed. */
function isDeliberateSkip(t: TestCase): boolean {
  return t.options.mode === 'skip' || t.options.mode === 'todo';
}

function firstLine(message: string | undefined): string {
  return (message ?? 'no message').split('\n')[0]!.slice(0, 300);
}
