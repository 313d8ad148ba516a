import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import { SMOKE } from './stats.ts';
import type { Activity, DocumentExport, Goal, Indicator, OrgUnit, Target } from '../../src/domain/strategy/types.ts';

/**
 * The data of the compilation benchmark (bench/compilation.ts): a fictional municipality
 * (9998 Sammanställningskommun) with 50 committees and one adopted action plan of
 * 8 areas × 5 goals × 5 indicators = 200 indicators (3 percent with numerator/denominator, 2 counts
 * per goal; sexes total/women/men) and 100 targets of mixed comparators; then a value for every
 * committee × indicator × year 2016–2025 × sex = 300,000 rows, written by INSERT … SELECT in the
 * database (one statement per year), plus the municipality's own values for area 1's indicators.
 */
export const COMP_MUNICIPALITY = { code: '9998', name: 'Sammanställningskommun' } as const;
// The smoke run (bench/all.ts --smoke) uses 3 committees: 18,000 rows instead of 300,000.
export const COMP_SHAPE = { committees: SMOKE ? 3 : 50, areas: 8, goalsPerArea: 5, indicatorsPerGoal: 5, firstYear: 2016, lastYear: 2025, sexes: 3 } as const;
/** Committee rows: committees × indicators × years × sexes. */
export const COMP_UNIT_ROWS = COMP_SHAPE.committees * COMP_SHAPE.areas * COMP_SHAPE.goalsPerArea * COMP_SHAPE.indicatorsPerGoal * (COMP_SHAPE.lastYear - COMP_SHAPE.firstYear + 1) * COMP_SHAPE.sexes;

const pad = (n: number) => String(n).padStart(2, '0');
const AREA_NAMES = ['Arbete och försörjning', 'Boende', 'Språk och utbildning', 'Hälsa', 'Mötesplatser och fritid', 'Barn och unga', 'Civilsamhälle', 'Samverkan och styrning'];
const OUTCOMES = ['arbete', 'studier', 'egen bostad'];

export const committeeName = (n: number) => `Nämnd ${pad(n)}`;

export interface CompilationData {
  document: DocumentExport;
  counts: { committees: number; areas: number; goals: number; indicators: number; percentIndicators: number; targets: number; comparators: Record<string, number>; activities: number };
}

export function generateCompilationDocument(): CompilationData {
  const organisation: OrgUnit[] = [
    { name: 'Kommunfullmäktige', type: 'council', parent: null },
    { name: 'Kommunstyrelsen', type: 'executive_board', parent: 'Kommunfullmäktige' },
  ];
  for (let n = 1; n <= COMP_SHAPE.committees; n++) organisation.push({ name: committeeName(n), type: 'committee', parent: 'Kommunfullmäktige' });

  const areas = AREA_NAMES.slice(0, COMP_SHAPE.areas).map((name, i) => ({ key: `omrade-${pad(i + 1)}`, name, description: null }));
  const goals: Goal[] = [];
  const indicators: Indicator[] = [];
  const targets: Target[] = [];
  const activities: Activity[] = [];
  let goalNo = 0;
  for (let a = 1; a <= COMP_SHAPE.areas; a++) {
    const area = `omrade-${pad(a)}`;
    for (let g = 1; g <= COMP_SHAPE.goalsPerArea; g++) {
      goalNo++;
      const goal = `mal-${pad(a)}-${pad(g)}`;
      goals.push({ key: goal, area, parent: null, level: 1, title: `Mål ${a}.${g}: fler nyanlända ska vara etablerade inom ${AREA_NAMES[a - 1]!.toLowerCase()}`, description: null, ownerUnit: committeeName(((goalNo - 1) % COMP_SHAPE.committees) + 1) });
      const ind = (i: number) => `ind-${pad(a)}-${pad(g)}-${i}`;
      for (let i = 1; i <= COMP_SHAPE.indicatorsPerGoal; i++) {
        const percent = i <= 3;
        indicators.push({
          key: ind(i),
          area,
          goal,
          name: percent ? `Andel nyanlända med ${OUTCOMES[i - 1]} efter ett år (${a}.${g})` : `Antal deltagare i insats ${i - 3} (${a}.${g})`,
          definition: percent ? 'Antal i målgruppen med utfallet dividerat med alla i målgruppen, i procent.' : 'Antal unika deltagare under året.',
          unitOfMeasure: percent ? 'percent' : 'count',
          sourceKind: 'own',
          sourceRef: 'Nämndernas rapportering',
          sexes: ['total', 'women', 'men'],
          ageBands: [],
          population: 'Nyanlända 20–64 år',
          frequency: 'yearly',
          footnotes: [],
          headline: null,
          gapThreshold: null,
        });
      }
      const atLeast = 45 + ((a + g) % 20);
      targets.push({ key: `${goal}-m1`, goal, indicator: ind(1), comparator: 'at_least', value: atLeast, targetYear: 2027, recurrence: 'once', baseline: { value: 30, year: 2016 }, referenceIndicator: null, ageBand: null, sex: 'total', unitOfMeasure: null, statement: `Andelen ska vara minst ${atLeast} procent år 2027.` });
      targets.push({ key: `${goal}-m2`, goal, indicator: ind(4), comparator: 'increase', value: null, targetYear: null, recurrence: 'yearly', baseline: null, referenceIndicator: null, ageBand: null, sex: null, unitOfMeasure: null, statement: 'Antalet deltagare ska öka varje år.' });
      if (goalNo % 4 === 1) {
        targets.push({ key: `${goal}-m3`, goal, indicator: ind(2), comparator: 'at_least_relative', value: null, targetYear: null, recurrence: 'yearly', baseline: null, referenceIndicator: ind(3), ageBand: null, sex: 'women', unitOfMeasure: null, statement: 'Andelen bland kvinnor ska varje år vara minst lika hög som i jämförelsegruppen.' });
      } else if (goalNo % 4 === 3) {
        targets.push({ key: `${goal}-m3`, goal, indicator: ind(5), comparator: 'at_most', value: 20_000, targetYear: 2025, recurrence: 'once', baseline: null, referenceIndicator: null, ageBand: null, sex: 'total', unitOfMeasure: null, statement: 'Antalet ska vara högst 20 000 år 2025.' });
      }
      const lead = committeeName(((goalNo * 7) % COMP_SHAPE.committees) + 1);
      const other = committeeName(((goalNo * 11) % COMP_SHAPE.committees) + 1);
      activities.push({
        key: `akt-${pad(a)}-${pad(g)}`,
        area,
        goal,
        problem: null,
        description: `Insats för mål ${a}.${g}: språkstöd, mentorer och individuella planer.`,
        responsible: [
          { unit: lead, role: 'Förvaltningschef', lead: true },
          ...(other !== lead ? [{ unit: other, role: null, lead: false }] : []),
        ],
        responsibleText: null,
        timelineText: '2016–2025',
        start: '2016-01-01',
        end: '2025-12-31',
        followUpText: null,
        status: 'ongoing',
      });
    }
  }
  const document: DocumentExport = {
    format: 'samspel/document@1',
    municipality: { ...COMP_MUNICIPALITY },
    organisation,
    document: {
      key: 'bench-sammanstallning',
      version: 1,
      type: 'action_plan',
      typeLabel: 'Handlingsplan',
      title: 'Handlingsplan för integration 2016– (genererad för benchmark av sammanställningen)',
      subtitle: null,
      status: 'adopted',
      appliesTo: 'Alla nämnder',
      adoptedBy: { body: 'Kommunfullmäktige', paragraph: '§ 42' },
      decisionDate: '2015-12-14',
      caseNumber: null,
      owner: 'Kommunstyrelsen',
      validFrom: '2016-01-01',
      validUntil: null,
      validIndefinitely: true,
      implements: null,
      goalLevels: ['Mål'],
      note: null,
    },
    sections: [],
    definitions: [],
    areas,
    goals,
    strategies: [],
    indicators,
    targets,
    activities,
  };
  const comparators: Record<string, number> = {};
  for (const t of targets) comparators[t.comparator] = (comparators[t.comparator] ?? 0) + 1;
  return {
    document,
    counts: { committees: COMP_SHAPE.committees, areas: areas.length, goals: goals.length, indicators: indicators.length, percentIndicators: indicators.filter((i) => i.unitOfMeasure === 'percent').length, targets: targets.length, comparators, activities: activities.length },
  };
}

/**
 * Writes the committees' values of one year for every indicator of the document: per committee ×
 * indicator a denominator and a share for women and for men from a hash of the ids (so the same on
 * both databases, up to the generated uuids), the shares rising 2 points a year; total = women + men.
 * Percent indicators carry numerator/denominator and value = 100 × n / d; counts carry n as the value.
 */
export async function insertCommitteeValues(db: Kysely<Database>, code: string, documentId: string, periodId: string, year: number): Promise<number> {
  const r = await sql`
    insert into indicator_value (municipality_code, document_key, indicator_key, period_id, unit_id, sex, value, numerator, denominator)
    select ${code}, b.document_key, b.indicator_key, ${periodId}::uuid, b.unit_id, s.sex,
      case when b.unit = 'percent' then round(100.0 * s.n / s.d, 2) else s.n end,
      case when b.unit = 'percent' then s.n end,
      case when b.unit = 'percent' then s.d end
    from (
      select h.*, h.wd * h.wp / 100 as wn, h.md * h.mp / 100 as mn
      from (
        select i.id as indicator_id, d.key as document_key, i.key as indicator_key, i.unit, u.id as unit_id,
          40 + abs(hashtext(i.id::text || u.id::text || 'wd' || ${year}::int::text)::bigint) % 160 as wd,
          40 + abs(hashtext(i.id::text || u.id::text || 'md' || ${year}::int::text)::bigint) % 160 as md,
          25 + (${year}::int - 2016) * 2 + abs(hashtext(i.id::text || u.id::text || 'wp' || ${year}::int::text)::bigint) % 30 as wp,
          20 + (${year}::int - 2016) * 2 + abs(hashtext(i.id::text || u.id::text || 'mp' || ${year}::int::text)::bigint) % 30 as mp
        from indicator i join document d on d.id = i.document_id cross join org_unit u
        where i.document_id = ${documentId}::uuid and u.municipality_code = ${code} and u.type = 'committee'
      ) h
    ) b
    cross join lateral (values ('women', b.wn, b.wd), ('men', b.mn, b.md), ('total', b.wn + b.mn, b.wd + b.md)) as s(sex, n, d)`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/** The municipality's own values (unit blank) for area 1's indicators, every year and sex: the committees' rolled up. */
export async function insertMunicipalValues(db: Kysely<Database>, code: string, documentId: string): Promise<number> {
  const r = await sql`
    insert into indicator_value (municipality_code, document_key, indicator_key, period_id, unit_id, sex, value, numerator, denominator)
    select ${code}, v.document_key, v.indicator_key, v.period_id, null, v.sex,
      case when i.unit = 'percent' then round(100.0 * sum(v.numerator) / sum(v.denominator), 2) else sum(v.value) end,
      case when i.unit = 'percent' then sum(v.numerator) end,
      case when i.unit = 'percent' then sum(v.denominator) end
    from indicator_value v join indicator i on i.key = v.indicator_key and i.document_id = ${documentId}::uuid
      join document d on d.id = i.document_id and d.key = v.document_key and d.municipality_code = v.municipality_code
      join area a on a.id = i.area_id
    where a.key = 'omrade-01' and v.unit_id is not null
    group by v.document_key, v.indicator_key, v.period_id, v.sex, i.unit`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/**
 * The baseline (B): the obvious core of the compilation written by hand, one statement over the
 * same committee rows: per indicator × year × sex the sums of value, numerator and denominator and
 * the count over the committees. The rows are fetched through the same driver as the app's.
 */
export async function handWrittenAggregate(db: Kysely<Database>, documentId: string, upToYear: number): Promise<number> {
  const r = await sql`
    select v.indicator_key, p.year, v.sex, sum(v.value) as value, sum(v.numerator) as numerator, sum(v.denominator) as denominator, count(*) as n
    from indicator_value v join period p on p.id = v.period_id
    where (v.municipality_code, v.document_key) = (select municipality_code, key from document where id = ${documentId}::uuid)
      and v.unit_id is not null and p.year <= ${upToYear}::int
    group by v.indicator_key, p.year, v.sex`.execute(db);
  return r.rows.length;
}
