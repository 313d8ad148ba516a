import type { UnitType } from '../strategy/types.ts';
import type { ReportStatus } from './report-workflow.ts';

/** How far a report has come: locked > approved > submitted > draft. */
export const REPORT_RANK: Readonly<Record<ReportStatus, number>> = Object.freeze({ locked: 3, approved: 2, submitted: 1, draft: 0 });

/** An organisation unit of the municipality. */
export interface ReportingUnit {
  id: string;
  name: string;
  type: UnitType;
  parentId: string | null;
}

/** What decides who is expected to report for a document in a period, and how far they have come. */
export interface ReportingInput {
  /** Every organisation unit of the municipality; the lists of `reportingStatus` keep this order. */
  units: ReportingUnit[];
  /** The names of the units that own a goal of the document (`Goal.ownerUnit`). */
  goalOwners: readonly string[];
  /** The names of the units named responsible for an activity of the document (`Responsible.unit`). */
  activityResponsibles: readonly string[];
  /** This period's reports on the document (any version), by unit. */
  reports: ReadonlyArray<{ unitId: string; status: ReportStatus }>;
  /** The ids of the units that had a report in the same period of the year before. */
  reportedLastYear: Iterable<string>;
}

/** One expected unit: `via` names the unit above it whose report covers it (null: its own report, or none). */
export interface UnitReporting<S> {
  id: string;
  name: string;
  via: string | null;
  status: S;
}

/** The same shape as `Compilation['units']` (src/shared/api/views.ts). */
export interface ReportingStatus {
  approved: Array<UnitReporting<ReportStatus>>;
  notApproved: Array<UnitReporting<ReportStatus>>;
  notSubmitted: Array<UnitReporting<ReportStatus | 'missing'>>;
}

/**
 * Who is expected to report: every committee, every unit that owns a goal of the document, every
 * unit named responsible for an activity, and every unit that started a report this period or had
 * one the year before — but never an outside body (type `other`, such as Arbetsförmedlingen), even
 * when it is named or has a report. In the order of `input.units`.
 * Worked examples: docs/methodology/report-workflow.md#who-is-expected-to-report.
 */
export function expectedReporters(input: ReportingInput): ReportingUnit[] {
  const named = new Set([...input.goalOwners, ...input.activityResponsibles]);
  const reported = new Set([...input.reportedLastYear, ...input.reports.map((r) => r.unitId)]);
  return input.units.filter((u) => u.type !== 'other' && (u.type === 'committee' || named.has(u.name) || reported.has(u.id)));
}

/**
 * How far each expected unit has come: its own report's status (the furthest, when it has several),
 * or else the status of the nearest unit above it that has a report (`via` names that unit), or
 * `missing`. Approved and locked count as approved; submitted waits for approval; a draft or no
 * report at all is not submitted. Each list keeps the order of `input.units`.
 */
export function reportingStatus(input: ReportingInput): ReportingStatus {
  const own = new Map<string, ReportStatus>();
  for (const r of input.reports) {
    const prev = own.get(r.unitId);
    if (prev === undefined || REPORT_RANK[r.status] > REPORT_RANK[prev]) own.set(r.unitId, r.status);
  }
  const byId = new Map(input.units.map((u) => [u.id, u]));
  const statusOf = (unit: ReportingUnit): { status: ReportStatus; via: string | null } | null => {
    const seen = new Set<string>();
    for (let u: ReportingUnit | undefined = unit; u && !seen.has(u.id); u = u.parentId === null ? undefined : byId.get(u.parentId)) {
      seen.add(u.id);
      const s = own.get(u.id);
      if (s !== undefined) return { status: s, via: u.id === unit.id ? null : u.name };
    }
    return null;
  };
  const out: ReportingStatus = { approved: [], notApproved: [], notSubmitted: [] };
  for (const u of expectedReporters(input)) {
    const found = statusOf(u);
    const entry = { id: u.id, name: u.name, via: found?.via ?? null };
    if (found?.status === 'approved' || found?.status === 'locked') out.approved.push({ ...entry, status: found.status });
    else if (found?.status === 'submitted') out.notApproved.push({ ...entry, status: found.status });
    else out.notSubmitted.push({ ...entry, status: found?.status ?? 'missing' });
  }
  return out;
}

/** One unit's follow-up of an activity in its report: what `bestReportPerActivity` compares. */
export interface FollowUpCandidate {
  activity: string;
  /** The status of the report the follow-up is part of. */
  reportStatus: ReportStatus;
  /** When the follow-up was last changed, as an ISO 8601 timestamp in UTC (`Date.toISOString()`); null: unknown, older than any. */
  updatedAt: string | null;
  /** The name of the reporting unit. */
  unit: string;
}

/**
 * Per activity, the follow-up the compilation shows: the one from the report that has come
 * furthest (locked > approved > submitted > draft); on a tie the most recently updated, then the
 * unit name first in character (Unicode) order, then the first given.
 * Worked examples: docs/methodology/report-workflow.md#one-follow-up-per-activity.
 */
export function bestReportPerActivity<F extends FollowUpCandidate>(followUps: Iterable<F>): Map<string, F> {
  const best = new Map<string, F>();
  for (const f of followUps) {
    const current = best.get(f.activity);
    if (current === undefined || better(f, current)) best.set(f.activity, f);
  }
  return best;
}

/** Whether `a` is chosen over `b`; false when they tie on everything (the first given stays). */
function better(a: FollowUpCandidate, b: FollowUpCandidate): boolean {
  if (REPORT_RANK[a.reportStatus] !== REPORT_RANK[b.reportStatus]) return REPORT_RANK[a.reportStatus] > REPORT_RANK[b.reportStatus];
  const ta = a.updatedAt ?? '';
  const tb = b.updatedAt ?? '';
  if (ta !== tb) return ta > tb;
  return a.unit < b.unit;
}
