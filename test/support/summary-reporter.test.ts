import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The closing line CI reads must agree with Vitest's exit code: each kind of failure in
 * test/support/reporter-fixtures (a failed test, a failed beforeAll, a failed afterAll, an unhandled
 * rejection, a file that fails to load) counts as failed and prints a FAILED line.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const CONFIG = path.join(import.meta.dirname, 'reporter-fixtures/vitest.fixtures.config.ts');

function run(fixtures: string[]): { status: number | null; lines: string[]; summary: string | undefined } {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--config', CONFIG], {
    cwd: ROOT,
    env: { ...process.env, FIXTURES: fixtures.join(','), CI: 'true' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  const lines = `${r.stdout}\n${r.stderr}`.split('\n').map((l) => l.trim());
  return { status: r.status, lines, summary: lines.filter((l) => /^\d+ passed, \d+ failed, \d+ skipped$/.test(l)).at(-1) };
}

describe('the summary reporter', () => {
  it('reads green only on a green run', () => {
    const r = run(['passes.fixture.ts']);
    expect(r.summary).toBe('1 passed, 0 failed, 0 skipped');
    expect(r.status).toBe(0);
  });

  it('counts a failed test', () => {
    const r = run(['fails.fixture.ts']);
    expect(r.summary).toBe('1 passed, 1 failed, 0 skipped');
    expect(r.lines).toContainEqual(expect.stringMatching(/^FAILED: fails\.fixture\.ts > subtracts wrongly: /));
    expect(r.status).toBe(1);
  });

  it('counts the tests a failed beforeAll kept from running as failed, not skipped', () => {
    const r = run(['before-all.fixture.ts']);
    expect(r.summary).toBe('0 passed, 3 failed, 0 skipped');
    expect(r.lines.filter((l) => l.startsWith('FAILED: ') && l.includes('planted: the database did not open'))).toHaveLength(3);
    expect(r.status).toBe(1);
  });

  it('counts a failed afterAll', () => {
    const r = run(['after-all.fixture.ts']);
    expect(r.summary).toBe('1 passed, 1 failed, 0 skipped');
    expect(r.lines).toContainEqual(expect.stringMatching(/^FAILED: after-all\.fixture\.ts: .*planted: closing failed/));
    expect(r.status).toBe(1);
  });

  it('counts an unhandled rejection', () => {
    const r = run(['unhandled.fixture.ts']);
    expect(r.summary).toBe('1 passed, 1 failed, 0 skipped');
    expect(r.lines).toContainEqual(expect.stringMatching(/^FAILED: unhandled error: .*planted: nobody awaited this/));
    expect(r.status).toBe(1);
  });

  it('counts a file that fails to load', () => {
    const r = run(['fails-to-load.fixture.ts']);
    expect(r.summary).toBe('0 passed, 1 failed, 0 skipped');
    expect(r.lines).toContainEqual(expect.stringMatching(/^FAILED: fails-to-load\.fixture\.ts: /));
    expect(r.status).toBe(1);
  });

  it('adds every kind up in one run', () => {
    const r = run(['passes.fixture.ts', 'fails.fixture.ts', 'before-all.fixture.ts', 'after-all.fixture.ts', 'unhandled.fixture.ts', 'fails-to-load.fixture.ts']);
    expect(r.summary).toBe('4 passed, 7 failed, 0 skipped');
    expect(r.status).toBe(1);
  });
});
