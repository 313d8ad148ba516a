import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleNames, examples } from '../../../test/support/methodology.ts';
import type { ActivityStatus, UnitType } from '../strategy/types.ts';
import type { ReportStatus } from './report-workflow.ts';
import { bestReportPerActivity, expectedReporters, reportingStatus, type ReportingInput, type ReportingUnit, type UnitReporting } from './reporting.ts';

// Worked examples: docs/methodology/report-workflow.md, "Who is expected to report" and "One
// follow-up per activity" (test names = example names).

/** The organisation of the examples, in the doc's order: id, unit name, type, the id above it. */
const ORGANISATION: Array<[string, string, UnitType, string | null]> = [
  ['af', 'Arbetsförmedlingen', 'other', null],
  ['ame', 'Arbetsmarknadsenheten', 'unit', 'ks'],
  ['bun', 'Barn- och utbildningsnämnden', 'committee', null],
  ['ifo', 'Individ- och familjeomsorgen', 'unit', 'sf'],
  ['ks', 'Kommunstyrelsen', 'executive_board', null],
  ['sf', 'Socialförvaltningen', 'administration', 'sn'],
  ['sn', 'Socialnämnden', 'committee', null],
  ['vux', 'Vuxenutbildningen', 'unit', 'bun'],
];
const UNITS: ReportingUnit[] = ORGANISATION.map(([id, unitName, type, parentId]) => ({ id, name: unitName, type, parentId }));
const ID_OF = new Map(UNITS.map((u) => [u.name, u.id]));
const id = (unitName: string) => ID_OF.get(unitName) ?? unitName;

/** The document of the examples: the goal owned by Kommunstyrelsen, Språkpraktik by Arbetsmarknadsenheten and Arbetsförmedlingen. */
const GOAL_OWNERS = ['Kommunstyrelsen'];
const SPRAKPRAKTIK = ['Arbetsmarknadsenheten', 'Arbetsförmedlingen'];
const FAMILJECENTRAL = ['Individ- och familjeomsorgen'];

/** A unit in a list as the doc writes it: "name (status)" or "name (status, via unit)". */
const shown = (u: UnitReporting<string>) => `${u.name} (${u.status}${u.via === null ? '' : `, via ${u.via}`})`;

describe('who is expected to report', () => {
  examples<{
    name: string;
    goalOwners?: string[];
    activityResponsibles?: string[];
    reports: Array<[unit: string, status: ReportStatus]>;
    lastYear?: string[];
    approved: string[];
    notApproved: string[];
    notSubmitted: string[];
  }>([
    {
      name: 'nobody has reported: the committees, the goal owner and the units named for activities are missing',
      reports: [],
      approved: [], notApproved: [],
      notSubmitted: ['Arbetsmarknadsenheten (missing)', 'Barn- och utbildningsnämnden (missing)', 'Kommunstyrelsen (missing)', 'Socialnämnden (missing)'],
    },
    {
      name: 'an outside body is not expected, even when it has started a report',
      reports: [['Arbetsförmedlingen', 'draft']],
      approved: [], notApproved: [],
      notSubmitted: ['Arbetsmarknadsenheten (missing)', 'Barn- och utbildningsnämnden (missing)', 'Kommunstyrelsen (missing)', 'Socialnämnden (missing)'],
    },
    {
      name: 'the executive board is expected only when it owns a goal or is named for an activity',
      goalOwners: [], reports: [],
      approved: [], notApproved: [],
      notSubmitted: ['Arbetsmarknadsenheten (missing)', 'Barn- och utbildningsnämnden (missing)', 'Socialnämnden (missing)'],
    },
    {
      name: 'an approved report of the board above covers a unit without a report',
      reports: [['Kommunstyrelsen', 'approved']],
      approved: ['Arbetsmarknadsenheten (approved, via Kommunstyrelsen)', 'Kommunstyrelsen (approved)'],
      notApproved: [],
      notSubmitted: ['Barn- och utbildningsnämnden (missing)', 'Socialnämnden (missing)'],
    },
    {
      name: 'the own draft of a unit counts before the approved report above it',
      reports: [['Kommunstyrelsen', 'approved'], ['Arbetsmarknadsenheten', 'draft']],
      approved: ['Kommunstyrelsen (approved)'],
      notApproved: [],
      notSubmitted: ['Arbetsmarknadsenheten (draft)', 'Barn- och utbildningsnämnden (missing)', 'Socialnämnden (missing)'],
    },
    {
      name: 'a draft above a unit leaves both not submitted',
      reports: [['Kommunstyrelsen', 'draft']],
      approved: [], notApproved: [],
      notSubmitted: ['Arbetsmarknadsenheten (draft, via Kommunstyrelsen)', 'Barn- och utbildningsnämnden (missing)', 'Kommunstyrelsen (draft)', 'Socialnämnden (missing)'],
    },
    {
      name: 'a submitted report waits for approval and a locked one counts as approved',
      reports: [['Socialnämnden', 'submitted'], ['Barn- och utbildningsnämnden', 'locked']],
      approved: ['Barn- och utbildningsnämnden (locked)'],
      notApproved: ['Socialnämnden (submitted)'],
      notSubmitted: ['Arbetsmarknadsenheten (missing)', 'Kommunstyrelsen (missing)'],
    },
    {
      name: 'a unit that reported last year is expected again',
      reports: [], lastYear: ['Vuxenutbildningen'],
      approved: [], notApproved: [],
      notSubmitted: ['Arbetsmarknadsenheten (missing)', 'Barn- och utbildningsnämnden (missing)', 'Kommunstyrelsen (missing)', 'Socialnämnden (missing)', 'Vuxenutbildningen (missing)'],
    },
    {
      name: 'a committee covers a named unit through an administration without a report',
      activityResponsibles: [...SPRAKPRAKTIK, ...FAMILJECENTRAL],
      reports: [['Socialnämnden', 'approved']],
      approved: ['Individ- och familjeomsorgen (approved, via Socialnämnden)', 'Socialnämnden (approved)'],
      notApproved: [],
      notSubmitted: ['Arbetsmarknadsenheten (missing)', 'Barn- och utbildningsnämnden (missing)', 'Kommunstyrelsen (missing)'],
    },
    {
      name: 'the nearest unit above with a report covers, and a unit that started a report is expected',
      activityResponsibles: [...SPRAKPRAKTIK, ...FAMILJECENTRAL],
      reports: [['Socialförvaltningen', 'submitted'], ['Socialnämnden', 'approved']],
      approved: ['Socialnämnden (approved)'],
      notApproved: ['Individ- och familjeomsorgen (submitted, via Socialförvaltningen)', 'Socialförvaltningen (submitted)'],
      notSubmitted: ['Arbetsmarknadsenheten (missing)', 'Barn- och utbildningsnämnden (missing)', 'Kommunstyrelsen (missing)'],
    },
    {
      name: 'a unit with reports under two versions of the document counts the one furthest along',
      reports: [['Socialnämnden', 'draft'], ['Socialnämnden', 'approved']],
      approved: ['Socialnämnden (approved)'],
      notApproved: [],
      notSubmitted: ['Arbetsmarknadsenheten (missing)', 'Barn- och utbildningsnämnden (missing)', 'Kommunstyrelsen (missing)'],
    },
  ], ({ goalOwners, activityResponsibles, reports, lastYear, approved, notApproved, notSubmitted }) => {
    const input: ReportingInput = {
      units: UNITS,
      goalOwners: goalOwners ?? GOAL_OWNERS,
      activityResponsibles: activityResponsibles ?? SPRAKPRAKTIK,
      reports: reports.map(([unit, status]) => ({ unitId: id(unit), status })),
      reportedLastYear: (lastYear ?? []).map(id),
    };
    const got = reportingStatus(input);
    expect(got.approved.map(shown)).toEqual(approved);
    expect(got.notApproved.map(shown)).toEqual(notApproved);
    expect(got.notSubmitted.map(shown)).toEqual(notSubmitted);
    // Each unit once, with its own id, and exactly the expected ones.
    const listed = [...got.approved, ...got.notApproved, ...got.notSubmitted];
    for (const u of listed) expect(u.id).toBe(id(u.name));
    expect(listed.map((u) => u.id).sort()).toEqual(expectedReporters(input).map((u) => u.id).sort());
  });

  it('gives the expected units in the order they are given, with their own fields', () => {
    const input: ReportingInput = { units: [...UNITS].reverse(), goalOwners: GOAL_OWNERS, activityResponsibles: SPRAKPRAKTIK, reports: [], reportedLastYear: new Set<string>() };
    expect(expectedReporters(input).map((u) => u.id)).toEqual(['sn', 'ks', 'bun', 'ame']);
    expect(reportingStatus(input).notSubmitted.map((u) => u.id)).toEqual(['sn', 'ks', 'bun', 'ame']);
    expect(expectedReporters(input)[3]).toBe(UNITS[1]);
  });

  it('stops at a loop in the organisation instead of running forever', () => {
    const looped: ReportingUnit[] = [
      { ...UNITS[1]!, parentId: 'ks' },
      { ...UNITS[4]!, parentId: 'ame' },
    ];
    const got = reportingStatus({ units: looped, goalOwners: [], activityResponsibles: ['Arbetsmarknadsenheten'], reports: [], reportedLastYear: [] });
    expect(got.notSubmitted.map(shown)).toEqual(['Arbetsmarknadsenheten (missing)']);
    expect(got.notSubmitted[0]!.id).toBe('ame');
  });
});

describe('one follow-up per activity', () => {
  type FollowUp = { activity: string; unit: string; reportStatus: ReportStatus; updatedAt: string | null; status: ActivityStatus; progress: number };
  const sprakpraktik = (unit: string, reportStatus: ReportStatus, updatedAt: string, status: ActivityStatus, progress: number): FollowUp => ({
    activity: 'sprakpraktik', unit, reportStatus, updatedAt, status, progress,
  });

  examples<{ name: string; followUps: FollowUp[]; shown: { unit: string; status: ActivityStatus; progress: number } }>([
    {
      name: 'the report furthest along wins, whatever its date',
      followUps: [
        sprakpraktik('Arbetsmarknadsenheten', 'submitted', '2025-12-15T09:30:00.000Z', 'ongoing', 70),
        sprakpraktik('Kommunstyrelsen', 'approved', '2025-11-20T14:00:00.000Z', 'ongoing', 60),
      ],
      shown: { unit: 'Kommunstyrelsen', status: 'ongoing', progress: 60 },
    },
    {
      name: 'a locked report wins over a later approved one',
      followUps: [
        sprakpraktik('Socialnämnden', 'approved', '2026-01-10T10:00:00.000Z', 'done', 100),
        sprakpraktik('Kommunstyrelsen', 'locked', '2025-12-01T08:00:00.000Z', 'ongoing', 80),
      ],
      shown: { unit: 'Kommunstyrelsen', status: 'ongoing', progress: 80 },
    },
    {
      name: 'between reports equally far along the most recently updated follow-up wins',
      followUps: [
        sprakpraktik('Kommunstyrelsen', 'approved', '2025-11-20T14:00:00.000Z', 'ongoing', 60),
        sprakpraktik('Arbetsmarknadsenheten', 'approved', '2025-12-15T09:30:00.000Z', 'ongoing', 70),
      ],
      shown: { unit: 'Arbetsmarknadsenheten', status: 'ongoing', progress: 70 },
    },
    {
      name: 'with the same status and time the unit name first in character order wins',
      followUps: [
        sprakpraktik('Socialnämnden', 'approved', '2025-12-01T08:00:00.000Z', 'done', 100),
        sprakpraktik('Arbetsmarknadsenheten', 'approved', '2025-12-01T08:00:00.000Z', 'ongoing', 90),
      ],
      shown: { unit: 'Arbetsmarknadsenheten', status: 'ongoing', progress: 90 },
    },
    {
      name: 'a draft is shown when it is the only follow-up',
      followUps: [sprakpraktik('Arbetsmarknadsenheten', 'draft', '2025-10-03T13:15:00.000Z', 'ongoing', 30)],
      shown: { unit: 'Arbetsmarknadsenheten', status: 'ongoing', progress: 30 },
    },
  ], ({ followUps, shown: expected }) => {
    for (const order of [followUps, [...followUps].reverse()]) {
      const best = bestReportPerActivity(order);
      expect([...best.keys()]).toEqual(['sprakpraktik']);
      const f = best.get('sprakpraktik')!;
      expect({ unit: f.unit, status: f.status, progress: f.progress }).toEqual(expected);
    }
  });

  it('chooses per activity, keeps the caller\'s own fields, and gives nothing for no follow-ups', () => {
    const best = bestReportPerActivity([
      { activity: 'sprakpraktik', unit: 'Arbetsmarknadsenheten', reportStatus: 'submitted' as ReportStatus, updatedAt: '2025-12-15T09:30:00.000Z', comment: 'Tolv platser i kommunens verksamheter' },
      { activity: 'familjecentral', unit: 'Individ- och familjeomsorgen', reportStatus: 'approved' as ReportStatus, updatedAt: '2025-11-02T10:00:00.000Z', comment: null },
      { activity: 'sprakpraktik', unit: 'Kommunstyrelsen', reportStatus: 'draft' as ReportStatus, updatedAt: '2026-01-05T10:00:00.000Z', comment: 'Utkast' },
    ]);
    expect(best.get('sprakpraktik')?.comment).toBe('Tolv platser i kommunens verksamheter');
    expect(best.get('familjecentral')?.unit).toBe('Individ- och familjeomsorgen');
    expect(bestReportPerActivity([]).size).toBe(0);
  });

  it('an unknown update time is older than any known one', () => {
    const best = bestReportPerActivity([
      { activity: 'sprakpraktik', unit: 'Arbetsmarknadsenheten', reportStatus: 'approved' as ReportStatus, updatedAt: null },
      { activity: 'sprakpraktik', unit: 'Socialnämnden', reportStatus: 'approved' as ReportStatus, updatedAt: '2025-01-01T00:00:00.000Z' },
    ]);
    expect(best.get('sprakpraktik')?.unit).toBe('Socialnämnden');
  });
});

describe('docs/methodology/report-workflow.md', () => {
  const doc = fs.readFileSync(path.resolve(import.meta.dirname, '../../../docs/methodology/report-workflow.md'), 'utf8');
  const namesIn = (file: string) => [...fs.readFileSync(file, 'utf8').matchAll(/\bname: '(.*?)'/g)].map((m) => m[1]!);

  it('has a test case for every worked example, and no test case that is not one', () => {
    const documented = exampleNames(doc);
    const tested = [path.resolve(import.meta.dirname, 'report-workflow.test.ts'), import.meta.filename].flatMap(namesIn);
    expect(documented.length).toBe(57);
    expect(new Set(documented).size).toBe(documented.length);
    expect([...tested].sort()).toEqual([...documented].sort());
  });

  it('has these sixteen examples of who reports and which follow-up is shown', () => {
    expect(exampleNames(doc.slice(doc.indexOf('## Who is expected to report')))).toEqual(namesIn(import.meta.filename));
  });
});
