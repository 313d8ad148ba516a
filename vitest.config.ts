import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ['./test/support/global-setup.ts'],
    // expect.poll waits for a browser page or a server; 1 s (the default) is too short on a busy two-core machine.
    expect: { poll: { timeout: 15_000 } },
  },
});
