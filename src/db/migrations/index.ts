import type { Migration } from 'kysely';
import * as m001 from './2026-11-23-001-create-strategy-model.ts';
import * as m002 from './2026-11-23-002-document-content-version.ts';
import * as m003 from './2026-11-23-003-create-follow-up.ts';
import * as m004 from './2026-11-23-004-indicator-value-partial-indexes.ts';
import * as m005 from './2026-11-29-005-create-consultation.ts';
import * as m006 from './2026-11-29-006-create-report-job.ts';
import * as m007 from './2026-11-29-007-create-audit-log.ts';
import * as m008 from './2026-11-29-008-create-accounts.ts';
import * as m009 from './2026-12-07-009-values-by-series.ts';
import * as m010 from './2026-12-07-010-grant-source.ts';

/**
 * The static list of migrations, in order. Forward-only: a merged migration is never edited;
 * a change is a new file. (Kysely's FileMigrationProvider cannot import .ts under Vitest on Node 20.)
 */
export const migrations: Record<string, Migration> = {
  '2026-11-23-001-create-strategy-model': m001,
  '2026-11-23-002-document-content-version': m002,
  '2026-11-23-003-create-follow-up': m003,
  '2026-11-23-004-indicator-value-partial-indexes': m004,
  '2026-11-29-005-create-consultation': m005,
  '2026-11-29-006-create-report-job': m006,
  '2026-11-29-007-create-audit-log': m007,
  '2026-11-29-008-create-accounts': m008,
  '2026-12-07-009-values-by-series': m009,
  '2026-12-07-010-grant-source': m010,
};
