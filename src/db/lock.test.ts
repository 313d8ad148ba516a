import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { DirectoryInUseError, acquireDirectoryLock, lockFileFor } from './lock.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'samspel-lock-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('PGlite directory lock', () => {
  it('refuses a second holder and names the directory and the process', () => {
    const dir = path.join(root, 'a');
    const release = acquireDirectoryLock(dir);
    try {
      expect(() => acquireDirectoryLock(dir)).toThrowError(DirectoryInUseError);
      try {
        acquireDirectoryLock(dir);
      } catch (e) {
        expect((e as Error).message).toContain(path.resolve(dir));
        expect((e as Error).message).toContain(`process ${process.pid}`);
      }
    } finally {
      release();
    }
    expect(fs.existsSync(lockFileFor(dir))).toBe(false);
  });

  it('recovers a lock whose process is gone', () => {
    const dir = path.join(root, 'b');
    // A process that has exited: its pid is free, as after kill -9.
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    fs.writeFileSync(lockFileFor(dir), gone.stdout);
    const release = acquireDirectoryLock(dir);
    expect(fs.readFileSync(lockFileFor(dir), 'utf8')).toBe(String(process.pid));
    release();
  });

  it('recovers a lock file with garbage in it', () => {
    const dir = path.join(root, 'c');
    fs.writeFileSync(lockFileFor(dir), 'not a pid');
    const release = acquireDirectoryLock(dir);
    expect(fs.readFileSync(lockFileFor(dir), 'utf8')).toBe(String(process.pid));
    release();
  });
});
