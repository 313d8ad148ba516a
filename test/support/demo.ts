import { loadDemo } from '../../src/cli/commands/demo-load.ts';
import type { Db } from '../../src/db/open-db.ts';

/** Loads the four demo municipalities (data/demo) through the real import. */
export async function withDemo(db: Db): Promise<void> {
  await loadDemo(db.db);
}
