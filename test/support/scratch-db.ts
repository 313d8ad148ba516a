import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Database settings for code that opens its own database (the CLI, a server process): a fresh
 * PGlite directory, or on CI's PostgreSQL pass a fresh database of its own, dropped afterwards.
 */
export async function scratchDatabaseEnv(): Promise<{ env: Record<string, string>; cleanup(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `samspel_scratch_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${name}`;
    return {
      env: { DATABASE_URL: u.toString() },
      cleanup: async () => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samspel-scratch-'));
  return {
    env: { PGLITE_DIR: path.join(dir, 'db') },
    cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
