import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildTree, type Stored } from '../../../domain/strategy/tree.ts';
import type { ActivityStatus } from '../../../domain/strategy/types.ts';
import { bundleSchema } from '../../../shared/api/interchange.ts';
import {
  applyFilter,
  defaultYear,
  followUpTarget,
  goalRuns,
  leadName,
  planGroups,
  planYears,
  problemSpans,
  readFilter,
  reportingUnit,
  responsibleUnits,
  writeFilter,
  type PlanFilter,
  type ReportSummary,
  type UnitLite,
} from './plan.ts';

// Tierp's adopted action plan, read from the demo bundle as the import reads it.
const bundle = bundleSchema.parse(parse(fs.readFileSync(path.join(import.meta.dirname, '../../../../data/demo/0360-tierp.yaml'), 'utf8')));
const plan = bundle.documents.find((d) => d.document.type === 'action_plan')!;
let n = 0;
const stored = <T extends object>(x: T): T & Stored => ({ ...x, id: `id-${n}`, lockVersion: 1, position: n++ });
const tree = buildTree({
  areas: plan.areas.map(stored),
  goals: plan.goals.map(stored),
  strategies: [],
  indicators: [],
  targets: [],
  activities: plan.activities.map(stored),
});
const units: UnitLite[] = bundle.organisation.map((u) => ({ id: `u-${u.name}`, name: u.name, type: u.type, parentId: u.parent ? `u-${u.parent}` : null }));
const activity = (key: string) => plan.activities.find((a) => a.key === key)!;
const all: PlanFilter = { area: null, unit: null, status: null, sort: 'document' };
const planned = (): ActivityStatus => 'planned';

describe("the plan's rows", () => {
  const groups = planGroups(tree, { goalRows: true });

  it("keeps Tierp's six areas in the plan's order, 25 activities and the 2 goals printed without an activity: 27 rows", () => {
    expect(groups.map((g) => g.name)).toEqual(['Arbete', 'Boende', 'Språk', 'Attityd', 'Mötesplatser', 'Samverkan']);
    expect(groups.map((g) => g.rows.length)).toEqual([7, 3, 6, 5, 2, 4]);
    const goalOnly = groups.flatMap((g) => g.rows.filter((r) => !r.activity).map((r) => r.goal!.key));
    expect(goalOnly).toEqual(['boende-2', 'samverkan-3']);
    expect(groups[1]!.rows.map((r) => r.activity?.key ?? r.goal!.key)).toEqual(['boende-1-1', 'boende-2', 'boende-3-1']);
  });

  it('prints each goal once over its activities, and merges the same problem text as the plan does', () => {
    const runs = goalRuns(groups[0]!.rows);
    expect(runs.map((r) => [r.goal!.key, r.rows.length])).toEqual([
      ['arbete-1', 5],
      ['arbete-2', 1],
      ['arbete-3', 1],
    ]);
    expect(problemSpans(runs[0]!.rows)).toEqual([5, 0, 0, 0, 0]);
    // Språk, goal 2: no problem text; a missing problem is never merged.
    const sprak = goalRuns(groups[2]!.rows);
    expect(problemSpans(sprak[1]!.rows)).toEqual([1]);
  });

  it('leaves out goal-only rows when asked (a strategy shown instead of a plan)', () => {
    const g = planGroups(tree, { goalRows: false });
    expect(g.flatMap((x) => x.rows).every((r) => r.activity)).toBe(true);
    expect(g.flatMap((x) => x.rows)).toHaveLength(25);
  });

  it('puts goals outside every area and loose activities in groups of their own', () => {
    const loose = buildTree({
      areas: [],
      goals: [stored({ ...plan.goals[0]!, area: null, key: 'lang' })],
      strategies: [],
      indicators: [],
      targets: [],
      activities: [stored({ ...activity('arbete-1-1'), area: null, goal: 'lang' }), stored({ ...activity('arbete-1-2'), area: null, goal: null })],
    });
    expect(planGroups(loose, { goalRows: true }).map((g) => [g.kind, g.rows.length])).toEqual([
      ['noArea', 1],
      ['other', 1],
    ]);
  });
});

describe('filters and sorting', () => {
  const groups = planGroups(tree, { goalRows: true });

  it('counts every activity and shows all of them unfiltered', () => {
    const r = applyFilter(groups, all, planned);
    expect([r.shown, r.total]).toEqual([25, 25]);
    expect(r.groups.flatMap((g) => g.rows)).toHaveLength(27);
  });

  it('filters by responsible unit, lead or not, and drops the goal-only rows', () => {
    const r = applyFilter(groups, { ...all, unit: 'Näringslivsenheten' }, planned);
    expect(r.groups.flatMap((g) => g.rows.map((x) => x.activity!.key))).toEqual(['arbete-1-2', 'arbete-1-3', 'arbete-1-4', 'arbete-1-5']);
    expect([r.shown, r.total]).toEqual([4, 25]);
  });

  it('filters by area (keeping the goal-only rows) and by this year’s status', () => {
    expect(applyFilter(groups, { ...all, area: 'boende' }, planned).groups.flatMap((g) => g.rows)).toHaveLength(3);
    const status = (k: string): ActivityStatus => (k.startsWith('sprak') ? 'done' : 'planned');
    const r = applyFilter(groups, { ...all, status: 'done' }, status);
    expect(r.shown).toBe(6);
    expect(r.groups.map((g) => g.name)).toEqual(['Språk']);
  });

  it('sorts within each area by responsible, status or end date, document order breaking ties', () => {
    const byResp = applyFilter(groups, { ...all, sort: 'responsible' }, planned).groups[0]!.rows.map((r) => leadName(r.activity!));
    expect(byResp).toEqual([...byResp].sort((a, b) => a.localeCompare(b, 'sv')));
    const status = (k: string): ActivityStatus => (k === 'arbete-1-5' ? 'done' : k === 'arbete-2-1' ? 'ongoing' : 'planned');
    expect(applyFilter(groups, { ...all, sort: 'status' }, status).groups[0]!.rows.map((r) => r.activity!.key).slice(0, 3)).toEqual(['arbete-1-1', 'arbete-1-2', 'arbete-1-3']);
    expect(applyFilter(groups, { ...all, sort: 'status' }, status).groups[0]!.rows.map((r) => r.activity!.key).slice(-2)).toEqual(['arbete-2-1', 'arbete-1-5']);
    // Mötesplatser: the second activity has no dates and goes last.
    expect(applyFilter(groups, { ...all, sort: 'end' }, planned).groups[4]!.rows.map((r) => r.activity!.key)).toEqual(['motesplatser-1-1', 'motesplatser-2-1']);
  });

  it('reads and writes the filter in the query string, ignoring values it does not know', () => {
    const f = readFilter(new URLSearchParams('year=2019&unit=N%C3%A4ringslivsenheten&status=done&sort=end&area=arbete'));
    expect(f).toEqual({ area: 'arbete', unit: 'Näringslivsenheten', status: 'done', sort: 'end' });
    expect(readFilter(new URLSearchParams('status=finished&sort=random'))).toEqual(all);
    expect(writeFilter(new URLSearchParams('year=2019&sort=end'), { ...all, unit: 'Förskolan' }).toString()).toBe('year=2019&unit=F%C3%B6rskolan');
  });

  it('offers the units named responsible', () => {
    expect(responsibleUnits(groups)).toContain('Näringslivsenheten');
    expect(responsibleUnits(groups)).not.toContain('Personalchef');
  });
});

describe('years', () => {
  const tierp = { validFrom: null, decisionDate: '2017-05-30', validUntil: '2018-12-31' };
  it("defaults to the plan's last valid year when its validity has ended, else the last full year", () => {
    expect(defaultYear(tierp, '2026-11-29', 2025)).toBe(2018);
    expect(defaultYear({ validFrom: '2024-01-01', decisionDate: null, validUntil: '2027-12-31' }, '2026-11-29', 2025)).toBe(2025);
    expect(defaultYear({ validFrom: null, decisionDate: '2020-01-01', validUntil: null }, '2026-11-29', 2025)).toBe(2025);
  });
  it('offers the years from the plan’s first year to next year', () => {
    expect(planYears(tierp, 2025, 2018)).toEqual([2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    expect(planYears({ validFrom: '2024-01-01', decisionDate: null, validUntil: '2028-12-31' }, 2025, 2020)).toEqual([2020, 2024, 2025, 2026, 2027, 2028]);
  });
});

describe('where a status is recorded', () => {
  const ctx = { reportedBy: null, reports: [] as ReportSummary[], units, periodStatus: 'open' as const, documentStatus: 'adopted' };
  const report = (unit: string, status: ReportSummary['status']): ReportSummary => ({ id: `r-${unit}`, status, lockVersion: 3, unit: { id: `u-${unit}`, name: unit }, period: '2019' });

  it("records in the lead unit's report, else another responsible unit's, else the council's", () => {
    expect(reportingUnit(activity('arbete-1-3'), units)?.name).toBe('Näringslivsenheten');
    expect(reportingUnit(activity('arbete-2-1'), units)?.name).toBe('Kommunledningsgruppen');
    // Only a role (Personalchef) or no one: the council's report covers it.
    expect(reportingUnit(activity('arbete-1-1'), units)?.name).toBe('Kommunfullmäktige');
    expect(reportingUnit(activity('sprak-2-1'), units)?.name).toBe('Kommunfullmäktige');
    // Arbetsförmedlingen is not part of the municipality and never reports.
    expect(reportingUnit({ ...activity('arbete-2-1'), responsible: [{ unit: 'Arbetsförmedlingen', role: null, lead: true }] }, units)?.name).toBe('Kommunfullmäktige');
  });

  it("creates the unit's report when it is missing, and uses its draft when there is one", () => {
    expect(followUpTarget(activity('arbete-1-3'), ctx)).toEqual({ kind: 'editable', unit: { id: 'u-Näringslivsenheten', name: 'Näringslivsenheten' }, report: null });
    const draft = report('Näringslivsenheten', 'draft');
    expect(followUpTarget(activity('arbete-1-3'), { ...ctx, reports: [draft] })).toMatchObject({ kind: 'editable', report: draft });
  });

  it('refuses where the report holding the status is submitted, approved or locked, and says whose it is', () => {
    // Tierp 2018: Kommunstyrelsen's locked report holds the status of 21 activities.
    expect(followUpTarget(activity('arbete-1-3'), { ...ctx, reportedBy: 'Kommunstyrelsen', reports: [report('Kommunstyrelsen', 'locked')] })).toEqual({
      kind: 'reportLocked',
      unit: 'Kommunstyrelsen',
      status: 'locked',
    });
    expect(followUpTarget(activity('arbete-1-3'), { ...ctx, reports: [report('Näringslivsenheten', 'submitted')] })).toEqual({ kind: 'reportLocked', unit: 'Näringslivsenheten', status: 'submitted' });
    // The holder's draft is where the status is changed, even when it is not the lead unit's.
    expect(followUpTarget(activity('arbete-1-3'), { ...ctx, reportedBy: 'Kommunstyrelsen', reports: [report('Kommunstyrelsen', 'draft')] })).toMatchObject({
      kind: 'editable',
      unit: { name: 'Kommunstyrelsen' },
    });
  });

  it('refuses in a closed period and on a plan that is not adopted', () => {
    expect(followUpTarget(activity('arbete-1-3'), { ...ctx, periodStatus: 'closed' })).toEqual({ kind: 'periodClosed' });
    expect(followUpTarget(activity('arbete-1-3'), { ...ctx, documentStatus: 'draft' })).toEqual({ kind: 'notAdopted' });
    expect(followUpTarget(activity('arbete-1-3'), { ...ctx, units: [] })).toEqual({ kind: 'noUnit' });
  });
});
