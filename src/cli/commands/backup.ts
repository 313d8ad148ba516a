import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../../config.ts';
import { openMigrated } from '../../db/open-db.ts';
import { DomainError } from '../../domain/errors.ts';
import { restoreBackup, writeBackup } from '../../services/system/backup.service.ts';

type Out = { log: (s: string) => void; error: (s: string) => void };

/** The exit codes of main.ts's EXIT that these commands use (kept here so main.ts is not imported back). */
const OK = 0;
const DATA_ERROR = 65;
const NOT_FOUND = 66;

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
const kb = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024))} KB`;

/**
 * `samspel backup FILE [--municipality CODE …]` and `samspel restore FILE`: the logical backup of
 * src/services/system/backup.service.ts, with each table's row count on standard error and the result on
 * standard output. `argv` is the whole command line: `--municipality` may be repeated here (main.ts's
 * shared options keep only the last), and each may be a comma list.
 */
export async function backupCommand(config: Config, command: 'backup' | 'restore', argv: string[], out: Out, usage: (msg: string) => number): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { municipality: { type: 'string', multiple: true } } });
  } catch (e) {
    return usage(`${command}: ${(e as Error).message}`);
  }
  const [, file, extra] = parsed.positionals;
  if (!file) return usage(`${command} needs a file, such as: samspel ${command} kommun.samspel`);
  if (extra !== undefined) return usage(`${command} takes one file, not "${extra}" as well`);
  const codes = (parsed.values.municipality ?? []).flatMap((m) => m.split(',')).map((m) => m.trim()).filter((m) => m !== '');
  if (command === 'restore' && codes.length > 0) return usage('restore takes no --municipality: it restores every municipality in the file (back up only the ones to move)');
  const bad = codes.filter((c) => !/^\d{4}$/.test(c));
  if (bad.length > 0) return usage(`--municipality must be four-digit municipality codes, such as 2380 or 0138,2380 (not ${bad.join(', ')})`);
  if (command === 'restore' && !fs.existsSync(file)) {
    out.error(`Error: there is no file ${file}`);
    return NOT_FOUND;
  }
  if (command === 'backup' && !fs.existsSync(path.dirname(path.resolve(file)))) {
    out.error(`Error: there is no directory ${path.dirname(path.resolve(file))} to write ${file} in`);
    return NOT_FOUND;
  }

  const db = await openMigrated(config.database);
  const started = performance.now();
  try {
    if (command === 'backup') {
      const r = await writeBackup(db.db, file, { municipalities: codes, onTable: (t) => out.error(`${t.table}: ${t.rows} row(s)`) });
      const which = r.municipalities.length === 1 ? 'municipality' : 'municipalities';
      out.log(`Wrote ${file} (${kb(r.bytes)}): ${r.municipalities.length} ${which} (${r.municipalities.join(', ') || 'none'}), ${r.tables.length} tables, ${r.rows} rows, migration ${r.migration}, in ${seconds(started)}`);
      return OK;
    }
    const r = await restoreBackup(db.db, file, {
      onVerified: (h, t) => out.error(`${file}: ${h.format} of ${h.createdAt}, migration ${h.migration}, ${h.municipalities.join(', ') || 'no municipality'}, ${t.total} rows; checksum correct`),
      onTable: (t) => out.error(`${t.table}: ${t.rows} row(s)`),
    });
    const which = r.municipalities.length === 1 ? 'municipality' : 'municipalities';
    out.log(`Restored ${r.municipalities.length} ${which} (${r.municipalities.join(', ') || 'none'}) from ${file}: ${r.tables.length} tables, ${r.rows} rows, in ${seconds(started)}`);
    if (r.keptAccounts.length > 0) out.log(`Kept ${r.keptAccounts.length === 1 ? 'the account' : `${r.keptAccounts.length} accounts`} this database already had, as ${r.keptAccounts.length === 1 ? 'it was' : 'they were'}: ${r.keptAccounts.join(', ')}`);
    out.log('No session was restored: everyone signs in again.');
    return OK;
  } catch (e) {
    // A file that cannot be restored here (damaged, newer, a municipality or an account already present) is invalid data.
    if (e instanceof DomainError && (e.code === 'validation' || e.code === 'conflict')) {
      out.error(`Error: ${e.message}`);
      for (const i of e.issues) out.error(`  ${i.path}: ${i.message}`);
      return DATA_ERROR;
    }
    throw e;
  } finally {
    await db.close();
  }
}
