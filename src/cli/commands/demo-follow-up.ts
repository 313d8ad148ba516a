import { currentAuditContext, withAuditContext } from '../../db/audit-context.ts';
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { DomainError } from '../../domain/errors.ts';
import { cellKey, type ValueInput } from '../../domain/follow-up/values.ts';
import { NARRATIVE_ASSESSMENTS, REPORT_ACTIONS } from '../../domain/follow-up/report-workflow.ts';
import { ACTIVITY_STATUSES } from '../../domain/strategy/types.ts';
import { parseValueFile } from '../../services/follow-up/value-files.service.ts';
import { openYear } from '../../services/follow-up/periods.service.ts';
import { createReport, listReports, putActivityFollowUp, putGoalAssessment, transitionReport } from '../../services/follow-up/reports.service.ts';
import { importValues, listValues, sameContent } from '../../services/follow-up/values.service.ts';
import { DEMO_DIR } from './demo-load.ts';

/**
 * The demo follow-up: indicator values and units' reports for the demo municipalities, on top of
 * the documents that `loadDemo` imports. Files, in data/demo/follow-up/:
 * - `<code>-<document key>.csv`: values in the long form (src/io/values/csv.ts). Apart from the
 *   figures Tyresö's strategy itself gives (section 1.4), every value is example data (Example=true).
 * - `reports.yaml`: the reports, their goal assessments, activity follow-ups and workflow steps.
 * See data/demo/follow-up/README.md for what each series is designed to show.
 */
export const FOLLOW_UP_DIR = path.join(DEMO_DIR, 'follow-up');

/** The years opened for every demo municipality, with a full year and an interim period (delår) each. */
export const DEMO_FOLLOW_UP_YEARS = { from: 2016, to: 2025 } as const;

const VALUES_FILE = /^(\d{4})-([a-z0-9][a-z0-9-]*)\.csv$/;

const actor = z.string().trim().min(3).max(200);
const reportPlanSchema = z.object({
  reports: z.array(
    z.object({
      municipality: z.string().regex(/^\d{4}$/),
      document: z.string().min(1),
      unit: z.string().min(1),
      period: z.string().min(4),
      createdBy: actor,
      goals: z.array(z.object({ goal: z.string().min(1), assessment: z.enum(NARRATIVE_ASSESSMENTS), text: z.string().min(1).nullable().default(null) })).default([]),
      activities: z
        .array(
          z.object({
            activity: z.string().min(1),
            status: z.enum(ACTIVITY_STATUSES),
            progress: z.number().int().min(0).max(100).optional(),
            comment: z.string().min(1).nullable().default(null),
          }),
        )
        .default([]),
      workflow: z.array(z.object({ action: z.enum(REPORT_ACTIONS), actor, reason: z.string().min(3).nullable().default(null) })).default([]),
    }),
  ),
});
export type DemoReportPlan = z.infer<typeof reportPlanSchema>['reports'][number];

/** Reads and checks reports.yaml; the error names the file and the field. */
export function readReportPlan(file: string): DemoReportPlan[] {
  let raw: unknown;
  try {
    raw = parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new DomainError('validation', `${file} is not valid YAML: ${(e as Error).message}`);
  }
  const parsed = reportPlanSchema.safeParse(raw);
  if (!parsed.success) {
    throw new DomainError('validation', `${file} is not a valid report plan`, {
      issues: parsed.error.issues.map((i) => ({ path: `/${i.path.join('/')}`, message: i.message })),
    });
  }
  return parsed.data.reports;
}

/** Reads one values file, refusing it as a whole (naming the file, the row and the field) when any row is wrong. */
export async function readValuesFile(file: string): Promise<ValueInput[]> {
  return parseValueFile('csv', fs.readFileSync(file), path.basename(file));
}

/** The adopted version of a document (the newest, should there be several). */
async function adoptedDocumentId(db: Kysely<Database>, code: string, key: string): Promise<string> {
  const row = await db
    .selectFrom('document')
    .select(['id'])
    .where('municipality_code', '=', code)
    .where('key', '=', key)
    .where('status', '=', 'adopted')
    .orderBy('version', 'desc')
    .executeTakeFirst();
  if (!row) throw new DomainError('not_found', `There is no adopted document "${key}" in municipality ${code}; load the demo documents first (samspel demo load)`);
  return row.id;
}

/**
 * Loads the demo follow-up into a database that holds the demo documents (`loadDemo`): opens the
 * years 2016–2025 (full year and delår) for every demo municipality, imports each values file into
 * the adopted version of its document, and creates the reports of reports.yaml.
 *
 * Idempotent: a value that is already stored as the file gives it is not written again (so neither
 * its version nor a submitted report's lock is touched), and a report that exists for the same
 * document, unit and period is skipped. Returns what this run wrote: values created or changed,
 * and reports created; a second run returns zeros.
 */
export async function loadDemoFollowUp(db: Kysely<Database>, dir = FOLLOW_UP_DIR): Promise<{ values: number; reports: number }> {
  const valueFiles = fs
    .readdirSync(dir)
    .filter((f) => VALUES_FILE.test(f))
    .sort();
  const plan = readReportPlan(path.join(dir, 'reports.yaml'));
  const parsedFiles = await Promise.all(
    valueFiles.map(async (file) => {
      const [, code, key] = VALUES_FILE.exec(file)!;
      return { file, code: code!, key: key!, rows: await readValuesFile(path.join(dir, file)) };
    }),
  );

  // Periods first: the values of an interim period (2025-D) need it to exist.
  const codes = [...new Set([...parsedFiles.map((f) => f.code), ...plan.map((r) => r.municipality)])].sort();
  for (const code of codes) {
    for (let year = DEMO_FOLLOW_UP_YEARS.from; year <= DEMO_FOLLOW_UP_YEARS.to; year++) await openYear(db, code, year, 'year_interim');
  }

  let values = 0;
  for (const { file, code, key, rows } of parsedFiles) {
    const documentId = await adoptedDocumentId(db, code, key);
    const stored = new Map((await listValues(db, documentId)).map((v) => [cellKey(v), v]));
    const changed = rows.filter((r) => {
      const s = stored.get(cellKey(r));
      return s === undefined || !sameContent(s, r);
    });
    if (changed.length === 0) continue;
    try {
      values += (await importValues(db, documentId, changed, { createPeriods: true })).written;
    } catch (e) {
      if (e instanceof DomainError) throw new DomainError(e.code, `${file}: ${e.message}`, { issues: e.issues, details: e.details });
      throw e;
    }
  }

  let reports = 0;
  for (const r of plan) {
    const where = `${r.municipality} ${r.document}, ${r.unit}, ${r.period}`;
    const documentId = await adoptedDocumentId(db, r.municipality, r.document);
    const unit = await db.selectFrom('org_unit').select(['id']).where('municipality_code', '=', r.municipality).where('name', '=', r.unit).executeTakeFirst();
    if (!unit) throw new DomainError('not_found', `reports.yaml (${where}): there is no unit named "${r.unit}"`);
    const existing = await listReports(db, documentId, { period: r.period });
    if (existing.some((x) => x.unit.id === unit.id)) continue;

    // The demo's steps are taken by the loader on behalf of the role the file names (demo:<role>), as the
    // history and the audit log then say; a real report's steps are its signed-in users'.
    const as = <T>(role: string, fn: () => Promise<T>) => withAuditContext({ ...(currentAuditContext() ?? { actor: 'demo' }), actor: `demo:${role}` }, fn);
    let report = await as(r.createdBy, () => createReport(db, documentId, { unitId: unit.id, period: r.period }));
    for (const a of r.activities) {
      const activity = report.activities.find((x) => x.key === a.activity);
      if (!activity) throw new DomainError('not_found', `reports.yaml (${where}): the activity "${a.activity}" is not in this unit's report`);
      const input = { status: a.status, comment: a.comment, evidenceUrl: null, ...(a.progress === undefined ? {} : { progress: a.progress }) };
      report = await putActivityFollowUp(db, report.id, activity.activityId, input, report.lockVersion);
    }
    for (const g of r.goals) {
      const goal = report.goals.find((x) => x.key === g.goal);
      if (!goal) throw new DomainError('not_found', `reports.yaml (${where}): the goal "${g.goal}" is not in this unit's report`);
      report = await putGoalAssessment(db, report.id, goal.goalId, { assessment: g.assessment, text: g.text }, report.lockVersion);
    }
    for (const step of r.workflow) {
      const current = report;
      report = await as(step.actor, () => transitionReport(db, current.id, step.action, { reason: step.reason }, current.lockVersion));
    }
    reports++;
  }
  return { values, reports };
}
