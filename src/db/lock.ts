import fs from 'node:fs';
import path from 'node:path';

/**
 * PGlite has no lock of its own: two processes on one data directory both open it and silently
 * lose rows (docs/decisions/001-pglite-directory-lock.md). This lock file, created with O_EXCL and
 * holding the owner's pid, refuses a second process and recovers a lock left by a killed one.
 */
export class DirectoryInUseError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
    readonly lockFile: string,
  ) {
    super(
      `The database directory ${path.resolve(dir)} is in use by process ${pid} (lock file ${path.resolve(lockFile)}). ` +
        'Stop that process, or point PGLITE_DIR at another directory.',
    );
    this.name = 'DirectoryInUseError';
  }
}

/** Path of the lock file for a data directory: beside it, so the directory itself stays PGlite's. */
export function lockFileFor(dir: string): string {
  const abs = path.resolve(dir);
  return path.join(path.dirname(abs), `${path.basename(abs)}.lock`);
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else; it still holds the lock.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const heldHere = new Set<string>();

/** Takes the lock or throws DirectoryInUseError; returns the function that releases it. */
export function acquireDirectoryLock(dir: string): () => void {
  fs.mkdirSync(path.dirname(path.resolve(dir)), { recursive: true });
  const lockFile = lockFileFor(dir);
  if (heldHere.has(lockFile)) throw new DirectoryInUseError(dir, process.pid, lockFile);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(lockFile, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      heldHere.add(lockFile);
      const release = () => {
        // Released by hand (the database closed): the exit listener goes too, or every open would add one.
        process.off('exit', release);
        heldHere.delete(lockFile);
        try {
          if (fs.readFileSync(lockFile, 'utf8') === String(process.pid)) fs.rmSync(lockFile);
        } catch {
          // Already gone: nothing to release.
        }
      };
      process.once('exit', release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let pid = Number.NaN;
      try {
        pid = Number(fs.readFileSync(lockFile, 'utf8').trim());
      } catch {
        continue; // removed between our open and read: try again
      }
      if (pid !== process.pid && isAlive(pid)) throw new DirectoryInUseError(dir, pid, lockFile);
      // Stale: its owner was killed (kill -9 leaves the file). Remove it and try again.
      fs.rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${lockFile} after three attempts`);
}
