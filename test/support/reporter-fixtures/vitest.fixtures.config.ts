import { defineConfig } from 'vitest/config';

/** Runs the reporter fixtures (not part of the suite): `FIXTURES` names the files, comma-separated. */
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: (process.env.FIXTURES ?? '*.fixture.ts').split(','),
    reporters: ['../summary-reporter.ts'],
    pool: 'forks',
    maxWorkers: 1,
  },
});
