import { describe, expect, it } from 'vitest';
import { readConfig } from './config.ts';

describe('configuration', () => {
  it('works with no settings at all: PGlite in ./data/db on port 3000', () => {
    const r = readConfig({});
    expect(r).toEqual({
      ok: true,
      config: expect.objectContaining({ port: 3000, host: '127.0.0.1', database: { kind: 'pglite', dataDir: './data/db', sharedBuffers: '16MB' }, demoData: 'auto' }),
    });
  });

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    const r = readConfig({ DATABASE_URL: 'postgres://u@h:5432/d', DATABASE_POOL_SIZE: '4' });
    expect(r.ok && r.config.database).toEqual({ kind: 'postgres', url: 'postgres://u@h:5432/d', poolSize: 4 });
  });

  it('treats an empty value as not set', () => {
    const r = readConfig({ DATABASE_URL: '', PORT: '' });
    expect(r.ok && r.config.database.kind).toBe('pglite');
    expect(r.ok && r.config.port).toBe(3000);
  });

  it('lists every problem at once, each naming its setting', () => {
    const r = readConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', DEMO_DATA: 'sometimes', LOG_LEVEL: 'loud' });
    expect(r.ok).toBe(false);
    const problems = r.ok ? [] : r.problems;
    expect(problems).toHaveLength(4);
    for (const key of ['PORT', 'DATABASE_URL', 'DEMO_DATA', 'LOG_LEVEL']) expect(problems.some((p) => p.startsWith(`${key}:`))).toBe(true);
  });
});
