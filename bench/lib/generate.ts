import type { Activity, Area, DocumentExport, Goal, Indicator, OrgUnit, Strategy, Target } from '../../src/domain/strategy/types.ts';

/**
 * A generated `samspel/document@1` action plan of a fictional municipality (9999 Benchkommun),
 * sized for the tree benchmark:
 *   8 areas × 5 goals, and per goal: 3 sub-goals, 2 targets, 3 indicators, 6 activities
 *   (2 responsible units each) and 1 strategy; per sub-goal: 1 target and 2 activities.
 * That is 8 + 40 × 25 = 1,008 items (nodes) in the tree.
 */
export const BENCH_MUNICIPALITY = { code: '9999', name: 'Benchkommun' } as const;

export const SHAPE = { areas: 8, goalsPerArea: 5, subGoalsPerGoal: 3, targetsPerGoal: 2, indicatorsPerGoal: 3, activitiesPerGoal: 6, strategiesPerGoal: 1, targetsPerSubGoal: 1, activitiesPerSubGoal: 2, responsiblePerActivity: 2 } as const;

const AREA_NAMES = ['Arbete och försörjning', 'Boende', 'Språk och utbildning', 'Hälsa', 'Mötesplatser och fritid', 'Barn och unga', 'Civilsamhälle', 'Samverkan och styrning'];

const ORGANISATION: OrgUnit[] = [
  { name: 'Kommunfullmäktige', type: 'council', parent: null },
  { name: 'Kommunstyrelsen', type: 'executive_board', parent: 'Kommunfullmäktige' },
  { name: 'Arbetsmarknadsförvaltningen', type: 'administration', parent: 'Kommunstyrelsen' },
  { name: 'Utbildningsförvaltningen', type: 'administration', parent: 'Kommunstyrelsen' },
  { name: 'Socialförvaltningen', type: 'administration', parent: 'Kommunstyrelsen' },
  { name: 'Kultur- och fritidsförvaltningen', type: 'administration', parent: 'Kommunstyrelsen' },
  { name: 'Samhällsbyggnadsförvaltningen', type: 'administration', parent: 'Kommunstyrelsen' },
  { name: 'Vuxenutbildningen', type: 'unit', parent: 'Utbildningsförvaltningen' },
  { name: 'Flyktingmottagningen', type: 'unit', parent: 'Socialförvaltningen' },
  { name: 'Integrationsrådet', type: 'group', parent: 'Kommunstyrelsen' },
];
const UNITS = ORGANISATION.slice(2).map((u) => u.name);
const STATUSES: Activity['status'][] = ['planned', 'ongoing', 'done', 'postponed', 'ongoing', 'planned'];

const pad = (n: number) => String(n).padStart(2, '0');

function activity(key: string, area: string, goal: string, n: number): Activity {
  const unitA = UNITS[n % UNITS.length]!;
  const unitB = UNITS[(n + 3) % UNITS.length]!;
  return {
    key,
    area,
    goal,
    problem: `Alltför få nyanlända i målgruppen nås av insatsen i dag (aktivitet ${n}); samordningen mellan förvaltningarna brister och uppföljningen saknar gemensamma nyckeltal.`,
    description: `Insats ${n}: utveckla arbetssättet tillsammans med civilsamhället och arbetsgivare, med språkstöd, mentorer och individuella planer för deltagarna.`,
    responsible: [
      { unit: unitA, role: 'Förvaltningschef', lead: true },
      { unit: unitB, role: null, lead: false },
    ],
    responsibleText: `${unitA} (ansvarig), ${unitB}`,
    timelineText: `${2025 + (n % 3)}–${2027 + (n % 3)}`,
    start: `${2025 + (n % 3)}-01-01`,
    end: `${2027 + (n % 3)}-12-31`,
    followUpText: n % 4 === 0 ? 'Följs upp i delårsrapporten och i årsredovisningen.' : null,
    status: STATUSES[n % STATUSES.length]!,
  };
}

export interface Generated {
  document: DocumentExport;
  counts: { areas: number; goals: number; targets: number; indicators: number; strategies: number; activities: number; nodes: number; responsible: number };
}

export function generateDocument(): Generated {
  const areas: Area[] = [];
  const goals: Goal[] = [];
  const targets: Target[] = [];
  const indicators: Indicator[] = [];
  const strategies: Strategy[] = [];
  const activities: Activity[] = [];
  let activityNo = 0;
  for (let a = 1; a <= SHAPE.areas; a++) {
    const areaKey = `omrade-${pad(a)}`;
    areas.push({ key: areaKey, name: AREA_NAMES[a - 1] ?? `Område ${a}`, description: `Insatsområde ${a}: ${AREA_NAMES[a - 1] ?? ''}. Kommunens arbete ska bidra till att nyanlända snabbt blir etablerade.` });
    for (let g = 1; g <= SHAPE.goalsPerArea; g++) {
      const goalKey = `mal-${pad(a)}-${pad(g)}`;
      goals.push({ key: goalKey, area: areaKey, parent: null, level: 1, title: `Mål ${a}.${g}: fler nyanlända ska vara etablerade inom ${AREA_NAMES[a - 1]?.toLowerCase() ?? 'området'}`, description: 'Målet gäller under hela planperioden och följs upp årligen.', ownerUnit: UNITS[(a + g) % UNITS.length]! });
      const indicatorKeys: string[] = [];
      for (let i = 1; i <= SHAPE.indicatorsPerGoal; i++) {
        const k = `ind-${pad(a)}-${pad(g)}-${i}`;
        indicatorKeys.push(k);
        const kolada = i === 1;
        indicators.push({
          key: k,
          area: areaKey,
          goal: goalKey,
          name: `Andel nyanlända med ${['arbete', 'utbildning', 'egen bostad'][i - 1]} efter 90 dagar (${a}.${g})`,
          definition: 'Antal personer i målgruppen med utfallet dividerat med alla personer i målgruppen, i procent.',
          unitOfMeasure: 'percent',
          sourceKind: kolada ? 'kolada' : 'own',
          sourceRef: kolada ? `N${String(10000 + a * 100 + g * 10 + i).padStart(5, '0')}` : 'Egen uppföljning, verksamhetssystemet',
          sexes: ['total', 'women', 'men'],
          ageBands: ['20-64'],
          population: 'Nyanlända 20–64 år, folkbokförda i kommunen',
          frequency: 'yearly',
          footnotes: i === 2 ? ['Uppgiften redovisas med ett års eftersläpning.'] : [],
          headline: null,
          gapThreshold: null,
        });
      }
      targets.push({ key: `mal-${pad(a)}-${pad(g)}-m1`, goal: goalKey, indicator: indicatorKeys[0]!, comparator: 'at_least', value: 50 + a + g, targetYear: 2030, recurrence: 'once', baseline: { value: 30 + a, year: 2023 }, referenceIndicator: null, ageBand: '20-64', sex: 'total', unitOfMeasure: null, statement: `Andelen ska vara minst ${50 + a + g} procent år 2030.` });
      targets.push({ key: `mal-${pad(a)}-${pad(g)}-m2`, goal: goalKey, indicator: indicatorKeys[1]!, comparator: 'at_least_relative', value: null, targetYear: null, recurrence: 'yearly', baseline: null, referenceIndicator: indicatorKeys[2]!, ageBand: null, sex: 'women', unitOfMeasure: null, statement: 'Andelen bland kvinnor ska varje år vara minst lika hög som i jämförelsegruppen.' });
      strategies.push({ key: `str-${pad(a)}-${pad(g)}`, area: areaKey, goal: goalKey, text: 'Vi arbetar i samverkan över förvaltningsgränserna och med civilsamhället, och utgår från individens förutsättningar.' });
      for (let n = 1; n <= SHAPE.activitiesPerGoal; n++) activities.push(activity(`akt-${pad(a)}-${pad(g)}-${n}`, areaKey, goalKey, ++activityNo));
      for (let s = 1; s <= SHAPE.subGoalsPerGoal; s++) {
        const subKey = `${goalKey}-d${s}`;
        goals.push({ key: subKey, area: areaKey, parent: goalKey, level: 2, title: `Delmål ${a}.${g}.${s}: insatserna ska nå fler i målgruppen`, description: null, ownerUnit: null });
        targets.push({ key: `${subKey}-m1`, goal: subKey, indicator: indicatorKeys[s - 1] ?? null, comparator: 'increase', value: null, targetYear: null, recurrence: 'yearly', baseline: null, referenceIndicator: null, ageBand: null, sex: null, unitOfMeasure: null, statement: 'Andelen ska öka varje år.' });
        for (let n = 1; n <= SHAPE.activitiesPerSubGoal; n++) activities.push(activity(`akt-${pad(a)}-${pad(g)}-d${s}-${n}`, areaKey, subKey, ++activityNo));
      }
    }
  }
  const document: DocumentExport = {
    format: 'samspel/document@1',
    municipality: { ...BENCH_MUNICIPALITY },
    organisation: ORGANISATION,
    document: {
      key: 'bench-handlingsplan',
      version: 1,
      type: 'action_plan',
      typeLabel: 'Handlingsplan',
      title: 'Handlingsplan för integration 2025–2030 (genererad för benchmark)',
      subtitle: null,
      status: 'draft',
      appliesTo: 'Alla nämnder och förvaltningar',
      adoptedBy: null,
      decisionDate: null,
      caseNumber: null,
      owner: 'Kommunstyrelsen',
      validFrom: null,
      validUntil: null,
      validIndefinitely: false,
      implements: null,
      goalLevels: ['Mål', 'Delmål'],
      note: null,
    },
    sections: [],
    definitions: [],
    areas,
    goals,
    strategies,
    indicators,
    targets,
    activities,
  };
  const counts = {
    areas: areas.length,
    goals: goals.length,
    targets: targets.length,
    indicators: indicators.length,
    strategies: strategies.length,
    activities: activities.length,
    nodes: areas.length + goals.length + targets.length + indicators.length + strategies.length + activities.length,
    responsible: activities.reduce((n, x) => n + x.responsible.length, 0),
  };
  return { document, counts };
}

/** Counts the items in a tree response (GET /documents/{id}/tree) by walking it. */
export function countTreeNodes(tree: unknown): Generated['counts'] {
  const c = { areas: 0, goals: 0, targets: 0, indicators: 0, strategies: 0, activities: 0, nodes: 0, responsible: 0 };
  type Node = Record<string, unknown>;
  const list = (v: unknown): Node[] => (Array.isArray(v) ? (v as Node[]) : []);
  const leaves = (n: Node) => {
    for (const kind of ['targets', 'indicators', 'strategies', 'activities'] as const) {
      for (const item of list(n[kind])) {
        c[kind]++;
        if (kind === 'activities') c.responsible += list(item.responsible).length;
      }
    }
  };
  const goal = (g: Node) => {
    c.goals++;
    list(g.goals).forEach(goal);
    leaves(g);
  };
  const root = (tree ?? {}) as Node;
  for (const a of list(root.areas)) {
    c.areas++;
    list(a.goals).forEach(goal);
    leaves(a);
  }
  list(root.goals).forEach(goal);
  leaves(root);
  c.nodes = c.areas + c.goals + c.targets + c.indicators + c.strategies + c.activities;
  return c;
}
