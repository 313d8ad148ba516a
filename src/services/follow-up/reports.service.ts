import { currentAuditContext, withAllTenants } from '../../db/audit-context.ts';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import {
  assertReportEditable,
  defaultProgress,
  nextReportStatus,
  type NarrativeAssessment,
  type ReportAction,
  type ReportStatus,
} from '../../domain/follow-up/report-workflow.ts';
import type { ValueInput } from '../../domain/follow-up/values.ts';
import type { ActivityStatus } from '../../domain/strategy/types.ts';
import { conflictOnUniqueViolation } from '../db-errors.ts';
import { checkLockVersion } from '../strategy/documents.service.ts';
import { findDocumentRow, loadContent, type Db } from '../strategy/document.repo.ts';
import { getPeriod, resolvePeriods } from './periods.service.ts';
import { importValues, listValues } from './values.service.ts';
import type { ReportDto } from '../../shared/api/views.ts';

export type { ReportDto } from '../../shared/api/views.ts';

type ReportRow = { id: string; municipality_code: string; document_id: string; unit_id: string; period_id: string; status: string; lock_version: number };

async function findReport(db: Db, id: string, forUpdate = false): Promise<ReportRow> {
  let q = db.selectFrom('report').select(['id', 'municipality_code', 'document_id', 'unit_id', 'period_id', 'status', 'lock_version']).where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new DomainError('not_found', `There is no report with the id ${id}`, { details: { id } });
  return row;
}

/** The unit and everything below it, by id and name. */
async function subtree(db: Db, unitId: string): Promise<{ ids: Set<string>; names: Set<string>; isRoot: boolean; name: string }> {
  const rows = await sql<{ id: string; name: string; parent_id: string | null; depth: number }>`
    with recursive down(id, name, parent_id, depth) as (
      select id, name, parent_id, 0 from org_unit where id = ${unitId}
      union all select u.id, u.name, u.parent_id, down.depth + 1 from org_unit u join down on u.parent_id = down.id where down.depth < 50
    ) select id, name, parent_id, depth from down`.execute(db);
  const top = rows.rows.find((r) => r.depth === 0);
  if (!top) throw new DomainError('not_found', `There is no organisation unit with the id ${unitId}`);
  return { ids: new Set(rows.rows.map((r) => r.id)), names: new Set(rows.rows.map((r) => r.name)), isRoot: top.parent_id === null, name: top.name };
}

/**
 * Who takes a step in a report's workflow: the signed-in user (`user:<id>`, shown by name) or the process
 * (the CLI, the demo loader), from the same context the audit log records; never what a client says.
 */
function actorOfWork(): string {
  return currentAuditContext()?.actor || 'system';
}

/** Starts a unit's report for a period (a draft). A unit has one report per document and period. */
export async function createReport(db: Db, documentId: string, input: { unitId: string; period: string }): Promise<ReportDto> {
  const id = await db.transaction().execute(async (trx) => {
    const doc = await findDocumentRow(trx, documentId);
    if (!['adopted', 'superseded', 'expired'].includes(doc.status)) {
      throw new DomainError('invalid_transition', `Follow-up is reported on an adopted document; this version is ${doc.status}`, { details: { documentStatus: doc.status } });
    }
    const unit = await trx.selectFrom('org_unit').select(['id']).where('id', '=', input.unitId).where('municipality_code', '=', doc.municipality_code).executeTakeFirst();
    if (!unit) throw new DomainError('validation', 'The unit is not in this municipality', { issues: [{ path: '/unitId', message: 'there is no such unit in this municipality' }] });
    const period = (await resolvePeriods(trx, doc.municipality_code, [input.period], false)).get(input.period);
    if (!period) throw new DomainError('validation', `There is no period "${input.period}"`, { issues: [{ path: '/period', message: 'open the year with its periods first' }] });
    if (period.status === 'closed') throw new DomainError('document_frozen', `The period "${input.period}" is closed`);
    const newId = randomUUID();
    await conflictOnUniqueViolation(
      () => trx.insertInto('report').values({ id: newId, municipality_code: doc.municipality_code, document_id: documentId, unit_id: input.unitId, period_id: period.id }).execute(),
      `This unit already has a report for ${input.period} on this document`,
    );
    await trx.insertInto('report_event').values({ municipality_code: doc.municipality_code, report_id: newId, action: 'create', from_status: null, to_status: 'draft', actor: actorOfWork() }).execute();
    return newId;
  });
  return getReport(db, id);
}

/** A report with its scope: the goals the unit (or a unit below it) owns, their targets and indicators, its activities. */
export async function getReport(db: Db, id: string): Promise<ReportDto> {
  const r = await findReport(db, id);
  const [period, scope, content, assessments, followUps, events] = await Promise.all([
    getPeriod(db, r.period_id),
    subtree(db, r.unit_id),
    loadContent(db, r.document_id, r.municipality_code),
    db.selectFrom('goal_assessment').select(['goal_id', 'assessment', 'text']).where('report_id', '=', id).execute(),
    db.selectFrom('activity_follow_up').select(['activity_id', 'status', 'progress', 'comment', 'evidence_url']).where('report_id', '=', id).execute(),
    db.selectFrom('report_event').select(['action', 'from_status', 'to_status', 'actor', 'reason', 'at']).where('report_id', '=', id).orderBy('at').orderBy('id').execute(),
  ]);
  const owns = (unitName: string | null) => scope.isRoot || (unitName !== null && scope.names.has(unitName));
  const goals = content.goals.filter((g) => owns(g.ownerUnit));
  const goalKeys = new Set(goals.map((g) => g.key));
  const targets = content.targets.filter((t) => goalKeys.has(t.goal));
  const indicatorKeys = new Set([...targets.flatMap((t) => [t.indicator, t.referenceIndicator]), ...content.indicators.filter((i) => i.goal && goalKeys.has(i.goal)).map((i) => i.key)]);
  const indicators = content.indicators.filter((i) => scope.isRoot || indicatorKeys.has(i.key));
  const activities = content.activities.filter((a) => scope.isRoot || a.responsible.some((x) => owns(x.unit)));
  const assessmentOf = new Map(assessments.map((a) => [a.goal_id, a]));
  const followUpOf = new Map(followUps.map((f) => [f.activity_id, f]));
  const values = (await listValues(db, r.document_id, { period: period.key })).filter((v) => v.unit === scope.name);
  const userIds = [...new Set(events.flatMap((e) => (e.actor.startsWith('user:') ? [e.actor.slice(5)] : [])))];
  const names = new Map(
    (userIds.length ? await withAllTenants(() => db.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', userIds).execute()) : []).map((u) => [`user:${u.id}`, u.display_name]),
  );
  return {
    id: r.id,
    municipalityCode: r.municipality_code,
    documentId: r.document_id,
    unit: { id: r.unit_id, name: scope.name },
    period: { id: period.id, key: period.key, label: period.label, status: period.status },
    status: r.status as ReportStatus,
    lockVersion: r.lock_version,
    goals: goals.map((g) => ({ goalId: g.id, key: g.key, title: g.title, level: g.level, assessment: (assessmentOf.get(g.id)?.assessment as NarrativeAssessment) ?? null, text: assessmentOf.get(g.id)?.text ?? null })),
    targets: targets.map((t) => ({ targetId: t.id, key: t.key, goal: t.goal, statement: t.statement })),
    indicators: indicators.map((i) => ({ indicatorId: i.id, key: i.key, name: i.name })),
    activities: activities.map((a) => {
      const f = followUpOf.get(a.id);
      return {
        activityId: a.id,
        key: a.key,
        description: a.description,
        goal: a.goal,
        followUp: f ? { status: f.status as ActivityStatus, progress: f.progress, comment: f.comment, evidenceUrl: f.evidence_url } : null,
      };
    }),
    values,
    events: events.map((e) => ({
      action: e.action,
      from: e.from_status,
      to: e.to_status,
      actor: e.actor,
      // A user by name; the demo's steps by the role the demo file names.
      actorName: names.get(e.actor) ?? (e.actor.startsWith('demo:') ? e.actor.slice(5) : null),
      reason: e.reason,
      at: new Date(e.at).toISOString(),
    })),
  };
}

export async function listReports(db: Db, documentId: string, f: { period?: string; status?: ReportStatus } = {}) {
  await findDocumentRow(db, documentId);
  let q = db
    .selectFrom('report as r')
    .innerJoin('org_unit as u', 'u.id', 'r.unit_id')
    .innerJoin('period as p', 'p.id', 'r.period_id')
    .select(['r.id', 'r.status', 'r.lock_version', 'u.id as unit_id', 'u.name as unit_name', 'p.key as period_key'])
    .where('r.document_id', '=', documentId);
  if (f.period) q = q.where('p.key', '=', f.period);
  if (f.status) q = q.where('r.status', '=', f.status);
  const rows = await q.orderBy('p.key').orderBy('u.name').execute();
  return rows.map((x) => ({ id: x.id, status: x.status as ReportStatus, lockVersion: x.lock_version, unit: { id: x.unit_id, name: x.unit_name }, period: x.period_key }));
}

/** Runs an edit of a draft report: checks the version, the status and the period, bumps the version, all in one transaction. */
async function editReport<T>(db: Db, id: string, lockVersion: number, edit: (trx: Db, r: ReportRow) => Promise<T>): Promise<ReportDto> {
  await db.transaction().execute(async (trx) => {
    const r = await findReport(trx, id, true);
    checkLockVersion(r.lock_version, lockVersion, 'report', { id, status: r.status, lockVersion: r.lock_version });
    const period = await getPeriod(trx, r.period_id);
    assertReportEditable(r.status as ReportStatus, period.status);
    await edit(trx, r);
    await trx.updateTable('report').set({ lock_version: r.lock_version + 1, updated_at: sql`now()` }).where('id', '=', id).execute();
  });
  return getReport(db, id);
}

/** Records an activity's status, progress, comment and evidence in the report. */
export async function putActivityFollowUp(
  db: Db,
  id: string,
  activityId: string,
  input: { status: ActivityStatus; progress?: number; comment: string | null; evidenceUrl: string | null },
  lockVersion: number,
): Promise<ReportDto> {
  const report = await getReport(db, id);
  if (!report.activities.some((a) => a.activityId === activityId)) {
    throw new DomainError('not_found', 'The activity is not part of this report (not in the document, or not this unit’s)', { details: { activityId } });
  }
  return editReport(db, id, lockVersion, async (trx, r) => {
    const values = { status: input.status, progress: input.progress ?? defaultProgress(input.status), comment: input.comment, evidence_url: input.evidenceUrl };
    await trx
      .insertInto('activity_follow_up')
      .values({ municipality_code: r.municipality_code, report_id: id, activity_id: activityId, ...values })
      .onConflict((oc) => oc.columns(['report_id', 'activity_id']).doUpdateSet({ ...values, updated_at: sql`now()` }))
      .execute();
  });
}

/** Records the committee's own judgement of a goal: uppfyllt / delvis uppfyllt / ej uppfyllt / ej bedömt, with text. */
export async function putGoalAssessment(db: Db, id: string, goalId: string, input: { assessment: NarrativeAssessment; text: string | null }, lockVersion: number): Promise<ReportDto> {
  const report = await getReport(db, id);
  if (!report.goals.some((g) => g.goalId === goalId)) {
    throw new DomainError('not_found', 'The goal is not part of this report (not in the document, or not owned by this unit)', { details: { goalId } });
  }
  return editReport(db, id, lockVersion, async (trx, r) => {
    await trx
      .insertInto('goal_assessment')
      .values({ municipality_code: r.municipality_code, report_id: id, goal_id: goalId, assessment: input.assessment, text: input.text })
      .onConflict((oc) => oc.columns(['report_id', 'goal_id']).doUpdateSet({ assessment: input.assessment, text: input.text, updated_at: sql`now()` }))
      .execute();
  });
}

/**
 * Enters the report's indicator values (its unit and period), all or nothing. The report's own
 * lockVersion guards them, so its rows replace the unit's values of those cells without a version per
 * row; a row identical to the stored value writes nothing.
 */
export async function putReportValues(db: Db, id: string, rows: Array<Omit<ValueInput, 'unit' | 'year' | 'period'>>, lockVersion: number): Promise<ReportDto> {
  const report = await getReport(db, id);
  const period = await getPeriod(db, report.period.id);
  return editReport(db, id, lockVersion, async (trx) => {
    await importValues(
      trx,
      report.documentId,
      rows.map((v) => ({ ...v, unit: report.unit.name, year: period.year, period: period.kind === 'year' ? null : period.key })),
      { replace: true },
    );
  });
}

/** Submit, return, approve, lock or reopen; each step is recorded with who, when and why. */
export async function transitionReport(db: Db, id: string, action: ReportAction, input: { reason: string | null }, lockVersion: number): Promise<ReportDto> {
  await db.transaction().execute(async (trx) => {
    const r = await findReport(trx, id, true);
    checkLockVersion(r.lock_version, lockVersion, 'report', { id, status: r.status, lockVersion: r.lock_version });
    const to = nextReportStatus(r.status as ReportStatus, action, input.reason);
    await trx.updateTable('report').set({ status: to, lock_version: r.lock_version + 1, updated_at: sql`now()` }).where('id', '=', id).execute();
    await trx.insertInto('report_event').values({ municipality_code: r.municipality_code, report_id: id, action, from_status: r.status, to_status: to, actor: actorOfWork(), reason: input.reason }).execute();
  });
  return getReport(db, id);
}
