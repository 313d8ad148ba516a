import { headlineOf } from './dimensions.ts';
import { describe, expect, it } from 'vitest';
import type { DocumentContent, DocumentMeta, Indicator, OrgUnit } from './types.ts';
import { ageBandProblem, validateDocument, validateOrganisation } from './validate.ts';

// Worked examples: docs/methodology/validation.md (test names = example names).

type Doc = { meta: DocumentMeta; content: DocumentContent };

const units = new Set(['Kommunstyrelsen', 'Arbetsmarknadsenheten', 'Näringslivsenheten']);

const indicator = (key: string, name: string, extra: Partial<Indicator> = {}): Indicator => ({
  key,
  area: 'arbete',
  goal: null,
  name,
  definition: null,
  unitOfMeasure: 'percent',
  sourceKind: 'own',
  sourceRef: null,
  sexes: ['total'],
  ageBands: [],
  population: null,
  frequency: 'yearly',
  footnotes: [],
  headline: null,
  gapThreshold: null,
  ...extra,
});

/** The base document of docs/methodology/validation.md: built from the seeds, valid. */
function base(): Doc {
  return {
    meta: {
      key: 'integrationsstrategi',
      version: 1,
      type: 'strategy',
      typeLabel: null,
      title: 'Integrationsstrategi 2020',
      subtitle: null,
      status: 'adopted',
      appliesTo: null,
      adoptedBy: { body: 'Kommunfullmäktige', paragraph: null },
      decisionDate: '2017-12-11',
      caseNumber: null,
      owner: null,
      validFrom: '2018-01-01',
      validUntil: '2020-12-31',
      validIndefinitely: false,
      implements: null,
      goalLevels: ['Långsiktigt mål', 'Delmål'],
      note: null,
    },
    content: {
      sections: [{ key: 'syfte', kind: 'purpose', title: 'Syfte', body: 'Strategin ska ge en gemensam riktning för kommunens integrationsarbete.' }],
      definitions: [{ key: 'nyanland', term: 'Nyanländ', text: 'En person som har fått uppehållstillstånd och tagits emot i en kommun.', note: null }],
      areas: [
        { key: 'arbete', name: 'Arbete och sysselsättning', description: null },
        { key: 'boende', name: 'Boende', description: null },
      ],
      goals: [
        { key: 'egen-forsorjning', area: 'arbete', parent: null, level: 1, title: 'Nyanlända når egen försörjning', description: null, ownerUnit: 'Kommunstyrelsen' },
        { key: 'fler-i-arbete', area: 'arbete', parent: 'egen-forsorjning', level: 2, title: 'Fler nyanlända i arbete eller studier', description: null, ownerUnit: null },
      ],
      strategies: [{ key: 'social-hansyn', area: 'arbete', goal: 'fler-i-arbete', text: 'Kommunen ska aktivt arbeta med social hänsyn i upphandling.' }],
      indicators: [
        indicator('sysselsatta-utrikes', 'Andel utrikes födda i sysselsättning i kommunen', { goal: 'fler-i-arbete', sexes: ['women', 'men'], ageBands: ['16-64'] }),
        indicator('unga-arbetslosa-utrikes', 'Öppet arbetslösa eller i program med aktivitetsstöd, utrikes födda 18-24 år', { ageBands: ['18-24'] }),
        indicator('unga-arbetslosa-inrikes', 'Öppet arbetslösa eller i program med aktivitetsstöd, inrikes födda 18-24 år', { ageBands: ['18-24'] }),
        indicator('arbete-efter-etablering', 'Lämnat etableringsuppdraget och börjat arbeta (status efter 90 dagar), andel (%)', { sourceKind: 'kolada', sourceRef: 'N00971' }),
        indicator('praktikplatser', 'Praktikplatser och subventionerade anställningar i kommunen', { unitOfMeasure: 'count' }),
      ],
      targets: [
        {
          key: 'unga-arbetslosa-2020',
          goal: 'fler-i-arbete',
          indicator: 'unga-arbetslosa-utrikes',
          comparator: 'at_most_relative',
          value: null,
          targetYear: 2020,
          recurrence: 'once',
          baseline: null,
          referenceIndicator: 'unga-arbetslosa-inrikes',
          ageBand: '18-24',
          sex: null,
          unitOfMeasure: null,
          statement:
            'För gruppen utrikes födda ungdomar i åldern 18-24 ska andelen öppet arbetslösa eller sökande i program med aktivitetsstöd minska för att år 2020 ligga högst på samma nivå som kommunens inrikes födda i samma ålder.',
        },
        {
          key: 'arbete-efter-etablering-2020',
          goal: 'fler-i-arbete',
          indicator: 'arbete-efter-etablering',
          comparator: 'at_least',
          value: 50,
          targetYear: 2020,
          recurrence: 'once',
          baseline: { value: 38, year: 2017 },
          referenceIndicator: null,
          ageBand: null,
          sex: null,
          unitOfMeasure: null,
          statement: 'Nyanlända som efter avslutad etablering är i arbete eller studier uppgår till minst 50 procent år 2020.',
        },
        {
          key: 'sysselsattning-okar',
          goal: 'fler-i-arbete',
          indicator: 'sysselsatta-utrikes',
          comparator: 'increase',
          value: null,
          targetYear: null,
          recurrence: 'once',
          baseline: null,
          referenceIndicator: null,
          ageBand: null,
          sex: null,
          unitOfMeasure: null,
          statement: 'Andelen utrikes födda i sysselsättning ska öka.',
        },
        {
          key: 'praktikplatser-per-ar',
          goal: 'fler-i-arbete',
          indicator: 'praktikplatser',
          comparator: 'at_least',
          value: 100,
          targetYear: null,
          recurrence: 'yearly',
          baseline: null,
          referenceIndicator: null,
          ageBand: null,
          sex: null,
          unitOfMeasure: null,
          statement: 'Kommunen har en ambition att årligen erbjuda cirka ett hundratal av de som är inskrivna i etableringen en praktikplats eller subventionerad anställning.',
        },
      ],
      activities: [
        {
          key: 'studiebesok',
          area: 'arbete',
          goal: 'fler-i-arbete',
          problem: 'Vi behöver skapa förståelse bland nyanlända för hur svensk arbetsmarknad fungerar.',
          description: 'Ordna studiebesök för nyanlända i kommunens och andra arbetsgivares verksamheter.',
          responsible: [{ unit: 'Arbetsmarknadsenheten', role: null, lead: true }],
          responsibleText: 'Kommunledningsgruppen i samråd med Arbetsmarknadsenhetens chef alt Arbetsförmedlingen.',
          timelineText: '2018',
          start: '2018-01-01',
          end: '2018-12-31',
          followUpText: null,
          status: 'planned',
        },
        {
          key: 'informera-naringslivet',
          area: 'arbete',
          goal: null,
          problem: null,
          description: 'Kontinuerligt informera näringslivet om vilka möjligheter de har att bidra till integrationen.',
          responsible: [
            { unit: 'Näringslivsenheten', role: 'Chef näringslivsenheten', lead: true },
            { unit: 'Arbetsmarknadsenheten', role: null, lead: false },
          ],
          responsibleText: 'Chef näringslivsenheten i samarbete med arbetsmarknadsenheten.',
          timelineText: '2018',
          start: '2018-01-01',
          end: '2018-12-31',
          followUpText: null,
          status: 'planned',
        },
      ],
    },
  };
}

interface Example {
  name: string;
  change: (doc: Doc) => void;
  /** The exact issue paths, in order. */
  paths: string[];
  /** Text each issue's message must contain, one entry per issue (same order as paths). */
  mentions?: string[];
}

function examples(rows: Example[]): void {
  for (const row of rows) {
    it(row.name, () => {
      const doc = base();
      row.change(doc);
      const issues = validateDocument(doc.meta, doc.content, units);
      expect(issues.map((i) => i.path)).toEqual(row.paths);
      (row.mentions ?? []).forEach((text, i) => expect(issues[i]?.message).toContain(text));
    });
  }
}

const c = (doc: Doc) => doc.content;

describe('dimensions an indicator declares', () => {
  examples([
    { name: 'a target naming a sex its indicator is not split by', change: (d) => void (c(d).targets[1]!.sex = 'women'), paths: ['/targets/1/sex'], mentions: ['not split by sex "women"'] },
    {
      name: 'a target naming an age band its indicator does not declare',
      change: (d) => void (c(d).targets[1]!.ageBand = '20-64'),
      paths: ['/targets/1/ageBand'],
      mentions: ['declares no age band "20-64"'],
    },
    {
      name: 'a relative target whose reference lacks the sex it compares',
      change: (d) => {
        c(d).indicators[1]!.sexes = ['total', 'women', 'men'];
        c(d).targets[0]!.sex = 'women';
      },
      paths: ['/targets/0/referenceIndicator'],
      mentions: ['"unga-arbetslosa-inrikes" is not split by sex "women"'],
    },
    { name: "a target without a sex reads its indicator's headline", change: () => {}, paths: [] },
    {
      name: 'a headline sex the indicator is not split by',
      change: (d) => void (c(d).indicators[0]!.headline = { sex: 'total', ageBand: '16-64' }),
      paths: ['/indicators/0/headline/sex'],
      mentions: ['not one the indicator is split by'],
    },
    {
      name: 'a headline age band on an indicator without bands',
      change: (d) => void (c(d).indicators[3]!.headline = { sex: 'total', ageBand: '16-64' }),
      paths: ['/indicators/3/headline/ageBand'],
      mentions: ['declares no age bands'],
    },
    { name: 'a percent target measured by a count is refused', change: (d) => void (c(d).targets[3]!.unitOfMeasure = 'percent'), paths: ['/targets/3/unitOfMeasure'], mentions: ['count'] },
    { name: "a target in its indicator's own unit is accepted", change: (d) => void (c(d).targets[1]!.unitOfMeasure = 'percent'), paths: [] },
  ]);

  it('reads the headline: the total, else the first sex; the only or first band, else all ages', () => {
    expect(headlineOf({ sexes: ['total', 'women', 'men'], ageBands: ['16-64', '20-64'], headline: null })).toEqual({ sex: 'total', ageBand: '16-64' });
    expect(headlineOf({ sexes: ['women', 'men'], ageBands: [], headline: null })).toEqual({ sex: 'women', ageBand: null });
    expect(headlineOf({ sexes: ['total'], ageBands: ['20-64'], headline: { sex: 'total', ageBand: '20-64' } })).toEqual({ sex: 'total', ageBand: '20-64' });
  });
});

describe('the base document', () => {
  examples([{ name: 'the base document has no issues', change: () => {}, paths: [] }]);
});

describe("the document's own metadata", () => {
  examples([
    {
      name: 'valid until a date before valid from',
      change: (d) => {
        d.meta.validUntil = '2017-12-31';
      },
      paths: ['/document/validUntil'],
      mentions: ['valid from'],
    },
    {
      name: 'an end date on a strategy valid until further notice',
      change: (d) => {
        d.meta.validIndefinitely = true;
      },
      paths: ['/document/validUntil'],
      mentions: ['tills vidare'],
    },
    {
      name: 'no goal levels named',
      change: (d) => {
        d.meta.goalLevels = [];
      },
      paths: ['/document/goalLevels', '/goals/0/level', '/goals/1/level'],
      mentions: ['at least one goal level', 'level 1 does not exist', 'level 2 does not exist'],
    },
    {
      name: 'a document that implements itself',
      change: (d) => {
        d.meta.implements = 'integrationsstrategi';
      },
      paths: ['/document/implements'],
      mentions: ['itself'],
    },
    {
      name: 'an adopted document that does not say who adopted it',
      change: (d) => {
        d.meta.adoptedBy = null;
      },
      paths: ['/document/adoptedBy'],
      mentions: ['adopted'],
    },
  ]);
});

describe('unique keys', () => {
  examples([
    {
      name: 'the same key twice in one list',
      change: (d) => {
        c(d).areas[1]!.key = 'arbete';
      },
      paths: ['/areas/1/key'],
      mentions: ['"arbete" is used twice in areas'],
    },
    {
      name: 'the same key in two lists is allowed',
      change: (d) => {
        c(d).strategies.push({ key: 'arbete', area: 'arbete', goal: null, text: 'Arbetsmarknadsenheten samverkar med näringslivet.' });
      },
      paths: [],
    },
  ]);
});

describe('references resolve', () => {
  examples([
    {
      name: 'a strategy under a goal that does not exist',
      change: (d) => {
        c(d).strategies[0]!.goal = 'fler-i-jobb';
      },
      paths: ['/strategies/0/goal'],
      mentions: ['no goal with the key "fler-i-jobb"'],
    },
    {
      name: 'a target measured by an indicator that does not exist',
      change: (d) => {
        c(d).targets[1]!.indicator = 'arbete-efter-sfi';
      },
      paths: ['/targets/1/indicator'],
      mentions: ['no indicator with the key "arbete-efter-sfi"'],
    },
  ]);
});

describe('goal levels', () => {
  examples([
    {
      name: 'a goal at a level the document does not name',
      change: (d) => {
        c(d).goals[1]!.level = 3;
      },
      paths: ['/goals/1/level'],
      mentions: ['level 3'],
    },
    {
      name: 'a goal at level 0',
      change: (d) => {
        c(d).goals[0]!.level = 0;
      },
      paths: ['/goals/0/level'],
      mentions: ['level 0'],
    },
    {
      name: 'a sub-goal at the same level as its parent',
      change: (d) => {
        c(d).goals[1]!.level = 1;
      },
      paths: ['/goals/1/level'],
      mentions: ['deeper level than its parent "egen-forsorjning"'],
    },
  ]);
});

describe('no cycles', () => {
  examples([
    {
      name: "two goals that are each other's parent",
      change: (d) => {
        c(d).goals[0]!.parent = 'fler-i-arbete';
      },
      paths: ['/goals/0/level', '/goals/0/parent', '/goals/1/parent'],
      mentions: ['deeper level than its parent "fler-i-arbete"', 'own ancestor', 'own ancestor'],
    },
    {
      name: 'a goal that is its own parent',
      change: (d) => {
        c(d).goals[0]!.parent = 'egen-forsorjning';
      },
      paths: ['/goals/0/level', '/goals/0/parent'],
      mentions: ['deeper level than its parent "egen-forsorjning"', 'own ancestor'],
    },
  ]);
});

describe("what a target's comparator needs", () => {
  examples([
    {
      name: 'a relative target without its reference indicator',
      change: (d) => {
        c(d).targets[0]!.referenceIndicator = null;
      },
      paths: ['/targets/0/referenceIndicator'],
      mentions: ['relative target names the indicator'],
    },
    {
      name: 'a relative target with a value of its own',
      change: (d) => {
        c(d).targets[0]!.value = 0;
      },
      paths: ['/targets/0/value'],
      mentions: ['no value of its own'],
    },
    {
      name: 'a minimum target without a value',
      change: (d) => {
        c(d).targets[1]!.value = null;
      },
      paths: ['/targets/1/value'],
      mentions: ['"at least" needs a value'],
    },
    {
      name: 'a direction-only target with a value',
      change: (d) => {
        c(d).targets[2]!.value = 60;
      },
      paths: ['/targets/2/value'],
      mentions: ['ska öka'],
    },
    {
      name: 'an absolute target with a reference indicator',
      change: (d) => {
        c(d).targets[1]!.referenceIndicator = 'unga-arbetslosa-inrikes';
      },
      paths: ['/targets/1/referenceIndicator'],
      mentions: ['only a relative target'],
    },
    {
      name: 'a yearly target with a target year',
      change: (d) => {
        c(d).targets[3]!.targetYear = 2020;
      },
      paths: ['/targets/3/targetYear'],
      mentions: ['yearly'],
    },
    {
      name: 'a baseline after the target year',
      change: (d) => {
        c(d).targets[1]!.baseline = { value: 45, year: 2021 };
      },
      paths: ['/targets/1/baseline'],
      mentions: ['baseline year is after the target year'],
    },
    {
      name: 'a baseline in the target year itself',
      change: (d) => {
        c(d).targets[1]!.baseline = { value: 45, year: 2020 };
      },
      paths: [],
    },
  ]);
});

describe('age bands', () => {
  const bands: Array<{ name: string; band: string; problem: string | null }> = [
    { name: 'working age 16-64 is a band', band: '16-64', problem: null },
    { name: 'an open-ended band 65- is a band', band: '65-', problem: null },
    { name: 'a single year of age 18-18 is a band', band: '18-18', problem: null },
    { name: 'a band written with an en dash is not read', band: '16\u201364', problem: '"16\u201364" is not an age band' },
    { name: 'a band that ends before it starts', band: '64-16', problem: 'ends before it starts' },
    { name: 'an age without a band', band: '65', problem: 'not an age band' },
    { name: 'a band without a lower end', band: '-24', problem: 'not an age band' },
  ];
  for (const { name, band, problem } of bands) {
    it(name, () => {
      const found = ageBandProblem(band);
      if (problem === null) expect(found).toBeNull();
      else expect(found).toContain(problem);
    });
  }

  examples([
    {
      name: "an indicator's age band written with år",
      change: (d) => {
        c(d).indicators[0]!.ageBands = ['16-64 år'];
      },
      paths: ['/indicators/0/ageBands/0'],
      mentions: ['"16-64 år" is not an age band'],
    },
    {
      name: "a target's age band that ends before it starts",
      change: (d) => {
        c(d).targets[0]!.ageBand = '24-18';
      },
      paths: ['/targets/0/ageBand'],
      mentions: ['"24-18" ends before it starts'],
    },
  ]);
});

describe('indicators: sexes and Kolada KPI ids', () => {
  examples([
    {
      name: 'a sex listed twice',
      change: (d) => {
        c(d).indicators[0]!.sexes = ['women', 'men', 'women'];
      },
      paths: ['/indicators/0/sexes'],
      mentions: ['twice'],
    },
    {
      name: 'a Kolada source without a KPI id',
      change: (d) => {
        c(d).indicators[3]!.sourceRef = null;
      },
      paths: ['/indicators/3/sourceRef'],
      mentions: ['KPI id such as N00973'],
    },
    {
      name: 'a Kolada id in lower case',
      change: (d) => {
        c(d).indicators[3]!.sourceRef = 'n00971';
      },
      paths: ['/indicators/3/sourceRef'],
      mentions: ['KPI id such as N00973'],
    },
    {
      name: 'a Kolada id with four digits',
      change: (d) => {
        c(d).indicators[3]!.sourceRef = 'N0971';
      },
      paths: ['/indicators/3/sourceRef'],
      mentions: ['KPI id such as N00973'],
    },
    {
      name: 'a Kolada id starting with U',
      change: (d) => {
        c(d).indicators[3]!.sourceRef = 'U01805';
      },
      paths: [],
    },
  ]);
});

describe('units named exist', () => {
  examples([
    {
      name: 'a responsible unit that is not in the organisation',
      change: (d) => {
        c(d).activities[0]!.responsible[0]!.unit = 'Arbetsförmedlingen';
      },
      paths: ['/activities/0/responsible/0/unit'],
      mentions: ['no organisation unit named "Arbetsförmedlingen"'],
    },
    {
      name: 'a goal owner that is not in the organisation',
      change: (d) => {
        c(d).goals[0]!.ownerUnit = 'Kommunledningsgruppen';
      },
      paths: ['/goals/0/ownerUnit'],
      mentions: ['no organisation unit named "Kommunledningsgruppen"'],
    },
    {
      name: 'a responsible row with neither unit nor role',
      change: (d) => {
        c(d).activities[0]!.responsible = [{ unit: null, role: null, lead: true }];
      },
      paths: ['/activities/0/responsible/0'],
      mentions: ['a unit, a role or both'],
    },
    {
      name: 'a role without a unit is enough',
      change: (d) => {
        c(d).activities[0]!.responsible = [{ unit: null, role: 'Personalchef', lead: true }];
      },
      paths: [],
    },
  ]);
});

describe('activity dates and areas', () => {
  examples([
    {
      name: 'an activity that ends before it starts',
      change: (d) => {
        c(d).activities[0]!.start = '2018-12-31';
        c(d).activities[0]!.end = '2018-01-01';
      },
      paths: ['/activities/0/end'],
      mentions: ['before the start date'],
    },
    {
      name: 'an activity that starts and ends on the same day',
      change: (d) => {
        c(d).activities[0]!.start = '2018-05-30';
        c(d).activities[0]!.end = '2018-05-30';
      },
      paths: [],
    },
    {
      name: 'an activity in another area than its goal',
      change: (d) => {
        c(d).activities[0]!.area = 'boende';
      },
      paths: ['/activities/0/area'],
      mentions: ['area "boende" differs from its goal\'s area "arbete"'],
    },
    {
      name: 'an activity with a goal and no area of its own',
      change: (d) => {
        c(d).activities[0]!.area = null;
      },
      paths: [],
    },
  ]);
});

describe('the organisation', () => {
  const organisation = (): OrgUnit[] => [
    { name: 'Kommunfullmäktige', type: 'council', parent: null },
    { name: 'Kommunstyrelsen', type: 'executive_board', parent: 'Kommunfullmäktige' },
    { name: 'Arbetsmarknadsenheten', type: 'unit', parent: 'Kommunstyrelsen' },
    { name: 'Näringslivsenheten', type: 'unit', parent: 'Kommunstyrelsen' },
  ];
  const rows: Array<{ name: string; units: () => OrgUnit[]; existing?: string[]; paths: string[]; mentions?: string[] }> = [
    { name: 'the base organisation has no issues', units: organisation, paths: [] },
    {
      name: 'a unit listed twice',
      units: () => [...organisation(), { name: 'Näringslivsenheten', type: 'unit', parent: 'Kommunstyrelsen' }],
      paths: ['/organisation/4/name'],
      mentions: ['"Näringslivsenheten" is listed twice'],
    },
    {
      name: 'a unit whose parent is not listed',
      units: () => organisation().map((u, i) => (i === 2 ? { ...u, parent: 'Socialnämnden' } : u)),
      paths: ['/organisation/2/parent'],
      mentions: ['no unit named "Socialnämnden"'],
    },
    {
      name: 'a parent that the municipality already has',
      units: () => [{ name: 'Arbetsmarknadsenheten', type: 'unit', parent: 'Kommunstyrelsen' }],
      existing: ['Kommunstyrelsen'],
      paths: [],
    },
    {
      name: "two units that are each other's parent",
      units: () => organisation().map((u, i) => (i === 0 ? { ...u, parent: 'Kommunstyrelsen' } : u)),
      paths: ['/organisation/0/parent', '/organisation/1/parent'],
      mentions: ['own ancestor', 'own ancestor'],
    },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const issues = validateOrganisation(row.units(), new Set(row.existing ?? []));
      expect(issues.map((i) => i.path)).toEqual(row.paths);
      (row.mentions ?? []).forEach((text, i) => expect(issues[i]?.message).toContain(text));
    });
  }
});
