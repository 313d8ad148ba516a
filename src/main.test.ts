import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { scratchDatabaseEnv } from '../test/support/scratch-db.ts';
import { demoWanted } from './cli/commands/demo-load.ts';
import { readConfig } from './config.ts';
import { startServer, type Running } from './main.ts';

describe('demo data by default only where it cannot be mistaken for production', () => {
  it.each([
    ['auto', 'pglite', true],
    ['auto', 'postgres', false],
    ['on', 'postgres', true],
    ['on', 'pglite', true],
    ['off', 'pglite', false],
    ['off', 'postgres', false],
  ] as const)('DEMO_DATA=%s on %s loads the demo: %s', (setting, kind, expected) => {
    expect(demoWanted(setting, kind)).toBe(expected);
  });
});

/**
 * `npm start` with nothing but a database: on the embedded database the demo (and its demo accounts)
 * loads; on a PostgreSQL server (CI's second pass) nothing does, no account is created, and the start
 * says how to create the first administrator.
 */
describe('a first start with the default settings', () => {
  let running: Running;
  let cleanup: () => Promise<void>;
  const printed: string[] = [];

  beforeAll(async () => {
    const scratch = await scratchDatabaseEnv();
    cleanup = scratch.cleanup;
    const r = readConfig({ ...scratch.env, PORT: '0', LOG_LEVEL: 'silent', REPORT_WORKER: 'off' });
    if (!r.ok) throw new Error(r.problems.join('; '));
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void printed.push(a.join(' ')));
    vi.spyOn(console, 'warn').mockImplementation((...a: unknown[]) => void printed.push(a.join(' ')));
    running = await startServer(r.config);
  }, 300_000);
  afterAll(async () => {
    vi.restoreAllMocks();
    await running?.stop();
    await cleanup?.();
  });

  it(process.env.DATABASE_URL ? 'creates no account and no data on a PostgreSQL server, and says how to create the first administrator' : 'loads the demo with its accounts on the embedded database', async () => {
    const users = await running.db.db.selectFrom('app_user').select('email').execute();
    const municipalities = await running.db.db.selectFrom('municipality').select('code').execute();
    const text = printed.join('\n');
    if (running.db.kind === 'postgres') {
      expect(users).toEqual([]);
      expect(municipalities).toEqual([]);
      expect(text).toContain('npx samspel user create');
      expect(text).not.toContain('DEMO MODE');
    } else {
      expect(users.length).toBe(16);
      expect(municipalities.map((m) => m.code).sort()).toEqual(['0138', '0360', '0481', '2380']);
      expect(text).toContain('DEMO MODE');
      expect(text).not.toContain('npx samspel user create');
    }
  });
});
