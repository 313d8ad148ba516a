import { describe, expect, it } from 'vitest';
import { compareVersions, type Comparison, type FieldChange, type ItemChange } from './compare.ts';
import type { Activity, Area, DocumentContent, DocumentMeta, Target } from './types.ts';

// Worked examples: docs/methodology/document-lifecycle.md#comparing-versions (test names = example names).

type Version = DocumentContent & { document: DocumentMeta };

const area = (key: string, name: string): Area => ({ key, name, description: null });

const responsibleAme = { unit: 'Arbetsmarknadsenheten', role: null, lead: true };
const responsibleNle = { unit: 'Näringslivsenheten', role: null, lead: false };

const targetStatement = 'Minst 50 procent är i arbete eller studier efter etableringen år 2020.';
const activityDescription = 'Ordna studiebesök för nyanlända i kommunens och andra arbetsgivares verksamheter.';

/** The example document: a shortened action plan modelled on Tierp's (six items). */
function base(): Version {
  const target: Target = {
    key: 'arbete-efter-etablering',
    goal: 'fler-i-arbete',
    indicator: null,
    comparator: 'at_least',
    value: 50,
    targetYear: 2020,
    recurrence: 'once',
    baseline: null,
    referenceIndicator: null,
    ageBand: null,
    sex: null,
    unitOfMeasure: null,
    statement: targetStatement,
  };
  const activity: Activity = {
    key: 'studiebesok',
    area: 'arbete',
    goal: 'fler-i-arbete',
    problem: null,
    description: activityDescription,
    responsible: [responsibleAme],
    responsibleText: null,
    timelineText: '2018',
    start: '2018-01-01',
    end: '2018-12-31',
    followUpText: null,
    status: 'planned',
  };
  return {
    document: {
      key: 'handlingsplan-integration',
      version: 1,
      type: 'action_plan',
      typeLabel: 'Handlingsplan',
      title: 'Handlingsplan för integration',
      subtitle: null,
      status: 'adopted',
      appliesTo: null,
      adoptedBy: { body: 'Kommunstyrelsen', paragraph: '§ 72' },
      decisionDate: '2017-05-30',
      caseNumber: 'KS 2017.411',
      owner: 'Kommunchef',
      validFrom: '2017-05-30',
      validUntil: '2018-12-31',
      validIndefinitely: false,
      implements: null,
      goalLevels: ['Mål'],
      note: null,
    },
    sections: [],
    definitions: [],
    areas: [area('arbete', 'Arbete'), area('boende', 'Boende'), area('sprak', 'Språk')],
    goals: [{ key: 'fler-i-arbete', area: 'arbete', parent: null, level: 1, title: 'Fler i arbete', description: null, ownerUnit: null }],
    strategies: [],
    indicators: [],
    targets: [target],
    activities: [activity],
  };
}

const reorder = (v: Version, keys: string[]) => {
  v.areas = keys.map((k) => v.areas.find((a) => a.key === k)!);
};

const item = (kind: ItemChange['kind'], key: string, label: string, change: ItemChange['change'], fields: FieldChange[] = [], moved = false): ItemChange => ({
  kind,
  key,
  label,
  change,
  fields,
  moved,
});

interface Example {
  name: string;
  change: (after: Version) => void;
  items: ItemChange[];
  document?: FieldChange[];
  summary: Comparison['summary'];
}

function examples(rows: Example[]): void {
  for (const row of rows) {
    it(row.name, () => {
      const before = base();
      const after = base();
      row.change(after);
      const result = compareVersions(before, after);
      expect(result.items).toEqual(row.items);
      expect(result.document).toEqual(row.document ?? []);
      expect(result.summary).toEqual(row.summary);
    });
  }
}

describe('comparing versions', () => {
  examples([
    {
      name: 'identical versions show no change',
      change: () => {},
      items: [],
      summary: { added: 0, removed: 0, changed: 0, unchanged: 6 },
    },
    {
      name: 'a new area at the end is added',
      change: (v) => v.areas.push(area('halsa', 'Hälsa')),
      items: [item('areas', 'halsa', 'Hälsa', 'added')],
      summary: { added: 1, removed: 0, changed: 0, unchanged: 6 },
    },
    {
      name: 'a removed area is reported with its old name',
      change: (v) => reorder(v, ['arbete', 'boende']),
      items: [item('areas', 'sprak', 'Språk', 'removed')],
      summary: { added: 0, removed: 1, changed: 0, unchanged: 5 },
    },
    {
      name: 'removing an area in the middle moves nothing',
      change: (v) => reorder(v, ['arbete', 'sprak']),
      items: [item('areas', 'boende', 'Boende', 'removed')],
      summary: { added: 0, removed: 1, changed: 0, unchanged: 5 },
    },
    {
      name: "a goal's new title is one field change",
      change: (v) => {
        v.goals[0]!.title = 'Fler i arbete eller studier';
      },
      items: [item('goals', 'fler-i-arbete', 'Fler i arbete eller studier', 'changed', [{ field: 'title', before: 'Fler i arbete', after: 'Fler i arbete eller studier' }])],
      summary: { added: 0, removed: 0, changed: 1, unchanged: 5 },
    },
    {
      name: "a target's value and year are two field changes",
      change: (v) => {
        v.targets[0]!.value = 60;
        v.targets[0]!.targetYear = 2022;
      },
      items: [
        item('targets', 'arbete-efter-etablering', targetStatement, 'changed', [
          { field: 'value', before: 50, after: 60 },
          { field: 'targetYear', before: 2020, after: 2022 },
        ]),
      ],
      summary: { added: 0, removed: 0, changed: 1, unchanged: 5 },
    },
    {
      name: 'a new responsible unit is one change of the whole list',
      change: (v) => {
        v.activities[0]!.responsible = [responsibleAme, responsibleNle];
      },
      items: [item('activities', 'studiebesok', activityDescription, 'changed', [{ field: 'responsible', before: [responsibleAme], after: [responsibleAme, responsibleNle] }])],
      summary: { added: 0, removed: 0, changed: 1, unchanged: 5 },
    },
    {
      name: 'moving one area to the end moves only that area',
      change: (v) => reorder(v, ['boende', 'sprak', 'arbete']),
      items: [item('areas', 'arbete', 'Arbete', 'changed', [], true)],
      summary: { added: 0, removed: 0, changed: 1, unchanged: 5 },
    },
    {
      name: 'moving one area to the front moves only that area',
      change: (v) => reorder(v, ['sprak', 'arbete', 'boende']),
      items: [item('areas', 'sprak', 'Språk', 'changed', [], true)],
      summary: { added: 0, removed: 0, changed: 1, unchanged: 5 },
    },
    {
      name: 'when two neighbours swap, the one now first is reported as moved',
      change: (v) => reorder(v, ['boende', 'arbete', 'sprak']),
      items: [item('areas', 'boende', 'Boende', 'changed', [], true)],
      summary: { added: 0, removed: 0, changed: 1, unchanged: 5 },
    },
    {
      name: 'a renamed and moved area reports both',
      change: (v) => {
        reorder(v, ['sprak', 'arbete', 'boende']);
        v.areas[0]!.name = 'Språk och kommunikation';
      },
      items: [item('areas', 'sprak', 'Språk och kommunikation', 'changed', [{ field: 'name', before: 'Språk', after: 'Språk och kommunikation' }], true)],
      summary: { added: 0, removed: 0, changed: 1, unchanged: 5 },
    },
    {
      name: 'a new key is a new item, even with the same name',
      change: (v) => {
        v.areas[1]!.key = 'bostad';
      },
      items: [item('areas', 'boende', 'Boende', 'removed'), item('areas', 'bostad', 'Boende', 'added')],
      summary: { added: 1, removed: 1, changed: 0, unchanged: 5 },
    },
    {
      name: 'changes are listed kind by kind',
      change: (v) => {
        v.targets.push({ ...v.targets[0]!, key: 'praktikplatser', value: 100, targetYear: null, recurrence: 'yearly', statement: 'Minst 100 praktikplatser per år.' });
        v.areas.push(area('halsa', 'Hälsa'));
      },
      items: [item('areas', 'halsa', 'Hälsa', 'added'), item('targets', 'praktikplatser', 'Minst 100 praktikplatser per år.', 'added')],
      summary: { added: 2, removed: 0, changed: 0, unchanged: 6 },
    },
    {
      name: "the revised draft's metadata changes field by field",
      change: (v) => {
        v.document = { ...v.document, version: 2, status: 'draft', adoptedBy: null, decisionDate: null, validFrom: null, validUntil: null };
      },
      items: [],
      document: [
        { field: 'version', before: 1, after: 2 },
        { field: 'status', before: 'adopted', after: 'draft' },
        { field: 'adoptedBy', before: { body: 'Kommunstyrelsen', paragraph: '§ 72' }, after: null },
        { field: 'decisionDate', before: '2017-05-30', after: null },
        { field: 'validFrom', before: '2017-05-30', after: null },
        { field: 'validUntil', before: '2018-12-31', after: null },
      ],
      summary: { added: 0, removed: 0, changed: 0, unchanged: 6 },
    },
  ]);
});
