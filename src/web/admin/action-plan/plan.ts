import type { ReportStatus } from '../../../domain/follow-up/report-workflow.ts';
import { ACTIVITY_STATUSES, type Activity, type ActivityStatus } from '../../../domain/strategy/types.ts';
import type { PlanActivity, PlanDates, PlanGroup } from '../../../domain/strategy/plan-table.ts';
export { defaultYear, goalRuns, planGroups, problemSpans, type PlanActivity, type PlanGoal, type PlanGroup, type PlanRow } from '../../../domain/strategy/plan-table.ts';

/**
 * The action plan as a table, without React: the plan's rows in document order grouped by area, the
 * filters and sort orders of the page, the years to follow up, and which unit's report records an
 * activity's status for a year.
 */

export const SORT_KEYS = ['document', 'responsible', 'status', 'end'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface PlanFilter {
  area: string | null;
  unit: string | null;
  status: ActivityStatus | null;
  sort: SortKey;
}

/** Reads the filter from the page's query string; unknown values count as no filter. */
export function readFilter(params: URLSearchParams): PlanFilter {
  const status = params.get('status');
  const sort = params.get('sort');
  return {
    area: params.get('area') || null,
    unit: params.get('unit') || null,
    status: (ACTIVITY_STATUSES as readonly string[]).includes(status ?? '') ? (status as ActivityStatus) : null,
    sort: (SORT_KEYS as readonly string[]).includes(sort ?? '') ? (sort as SortKey) : 'document',
  };
}

/** The query string for a filter (the year and anything else already in it are kept). */
export function writeFilter(params: URLSearchParams, f: PlanFilter): URLSearchParams {
  const next = new URLSearchParams(params);
  const set = (k: string, v: string | null) => (v ? next.set(k, v) : next.delete(k));
  set('area', f.area);
  set('unit', f.unit);
  set('status', f.status);
  set('sort', f.sort === 'document' ? null : f.sort);
  return next;
}

export const isFiltered = (f: PlanFilter) => f.area !== null || f.unit !== null || f.status !== null;

/** The units named responsible for the plan's activities, by name in Swedish order. */
export function responsibleUnits(groups: PlanGroup[]): string[] {
  const names = new Set<string>();
  for (const g of groups) for (const r of g.rows) for (const x of r.activity?.responsible ?? []) if (x.unit) names.add(x.unit);
  return [...names].sort((a, b) => a.localeCompare(b, 'sv'));
}

/** Who leads an activity, as a sort key: the lead unit, else any unit, else the role, else the text. */
export function leadName(a: Activity): string {
  const lead = a.responsible.find((r) => r.lead && r.unit) ?? a.responsible.find((r) => r.unit);
  return lead?.unit ?? a.responsible.find((r) => r.role)?.role ?? a.responsibleText ?? '';
}

/**
 * The filtered and sorted plan. Goal-only rows belong to the plan as printed: they stay in document
 * order while only the area is chosen, and go when rows are filtered by unit or status or sorted.
 */
export function applyFilter(groups: PlanGroup[], f: PlanFilter, statusOf: (key: string) => ActivityStatus): { groups: PlanGroup[]; shown: number; total: number } {
  const total = groups.reduce((n, g) => n + g.rows.filter((r) => r.activity).length, 0);
  const keepGoalRows = f.unit === null && f.status === null && f.sort === 'document';
  const matches = (a: PlanActivity) => (f.unit === null || a.responsible.some((r) => r.unit === f.unit)) && (f.status === null || statusOf(a.key) === f.status);
  const last = (s: string) => (s === '' ? '\uffff' : s);
  const compare: Record<SortKey, (a: PlanActivity, b: PlanActivity) => number> = {
    document: () => 0,
    responsible: (a, b) => last(leadName(a)).localeCompare(last(leadName(b)), 'sv'),
    status: (a, b) => ACTIVITY_STATUSES.indexOf(statusOf(a.key)) - ACTIVITY_STATUSES.indexOf(statusOf(b.key)),
    end: (a, b) => (a.end ?? '9999-99-99').localeCompare(b.end ?? '9999-99-99'),
  };
  let shown = 0;
  const out: PlanGroup[] = [];
  for (const g of groups) {
    if (f.area !== null && g.key !== f.area) continue;
    const rows = g.rows
      .filter((r) => (r.activity ? matches(r.activity) : keepGoalRows))
      .sort((x, y) => (x.activity && y.activity ? compare[f.sort](x.activity, y.activity) : 0) || x.order - y.order);
    shown += rows.filter((r) => r.activity).length;
    if (rows.length > 0) out.push({ ...g, rows });
  }
  return { groups: out, shown, total };
}

/** The years offered: from the plan's first year up to next year (or its last valid year, if later), with the chosen one. */
export function planYears(doc: PlanDates, lastFull: number, selected: number): number[] {
  const start = Number((doc.validFrom ?? doc.decisionDate ?? String(lastFull)).slice(0, 4));
  const end = Math.max(lastFull + 1, doc.validUntil ? Number(doc.validUntil.slice(0, 4)) : 0);
  const years = new Set<number>([selected]);
  for (let y = Math.max(start, 1990); y <= end && y <= 2200; y++) years.add(y);
  return [...years].sort((a, b) => a - b);
}

export interface UnitLite {
  id: string;
  name: string;
  type: string;
  parentId: string | null;
}

export interface ReportSummary {
  id: string;
  status: ReportStatus;
  lockVersion: number;
  unit: { id: string; name: string };
  period: string;
}

/**
 * The unit whose report records an activity's status: the lead unit, else another responsible unit of
 * the municipality, else the top of the organisation (the council), whose report covers everything
 * (an activity that names only a role, or no one). Outside bodies (type "other") never report.
 */
export function reportingUnit(a: Activity, units: UnitLite[]): UnitLite | null {
  const own = new Map(units.filter((u) => u.type !== 'other').map((u) => [u.name, u]));
  const named = [...a.responsible.filter((r) => r.lead), ...a.responsible.filter((r) => !r.lead)];
  for (const r of named) {
    const u = r.unit ? own.get(r.unit) : undefined;
    if (u) return u;
  }
  const roots = units.filter((u) => u.parentId === null && u.type !== 'other');
  return roots.find((u) => u.type === 'council') ?? roots[0] ?? null;
}

export type FollowUpTarget =
  | { kind: 'editable'; unit: { id: string; name: string }; report: ReportSummary | null }
  | { kind: 'reportLocked'; unit: string; status: Exclude<ReportStatus, 'draft'> }
  | { kind: 'periodClosed' }
  | { kind: 'notAdopted' }
  | { kind: 'noUnit' };

/**
 * Where a status for the year is recorded, or why it cannot be changed. The report that already
 * holds the activity's status for the year comes first (a locked report's status would win over any
 * new draft); else the reporting unit's report, created when it is missing.
 */
export function followUpTarget(
  a: Activity,
  ctx: { reportedBy: string | null; reports: ReportSummary[]; units: UnitLite[]; periodStatus: 'open' | 'closed' | 'missing'; documentStatus: string },
): FollowUpTarget {
  if (!['adopted', 'superseded', 'expired'].includes(ctx.documentStatus)) return { kind: 'notAdopted' };
  if (ctx.periodStatus === 'closed') return { kind: 'periodClosed' };
  const holder = ctx.reportedBy ? ctx.reports.find((r) => r.unit.name === ctx.reportedBy) : undefined;
  if (holder) return holder.status === 'draft' ? { kind: 'editable', unit: holder.unit, report: holder } : { kind: 'reportLocked', unit: holder.unit.name, status: holder.status };
  const unit = reportingUnit(a, ctx.units);
  if (!unit) return { kind: 'noUnit' };
  const report = ctx.reports.find((r) => r.unit.id === unit.id) ?? null;
  if (report && report.status !== 'draft') return { kind: 'reportLocked', unit: unit.name, status: report.status };
  return { kind: 'editable', unit: { id: unit.id, name: unit.name }, report };
}
