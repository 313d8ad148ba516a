import { describe, expect, it } from 'vitest';
import { buildTree } from '../../../domain/strategy/tree.ts';
import type { Goal, Indicator, Target } from '../../../domain/strategy/types.ts';
import type { ValueDto } from '../../../shared/api/views.ts';
import { axisRange } from '../../../shared/charts/indicator-chart.ts';
import { bandChoices, flattenTree, gapOf, headlineBand, koladaUrl, niceCeil, notesByYear, seriesFromRows, targetBand, unitValues, yearOptions, yearSpan } from './indicator-data.ts';

const ind = (over: Partial<Indicator> = {}): Indicator => ({
  key: 'i',
  area: null,
  goal: null,
  name: 'I',
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
  ...over,
});

let id = 0;
const row = (over: Partial<ValueDto>): ValueDto => ({
  id: String(++id),
  lockVersion: 1,
  indicator: 'i',
  year: 2020,
  period: null,
  unit: null,
  sex: 'total',
  ageBand: null,
  value: 1,
  numerator: null,
  denominator: null,
  status: 'final',
  source: null,
  note: null,
  seriesBreak: false,
  example: false,
  ...over,
});

describe('finding an indicator and its targets in a tree', () => {
  it('walks areas, nested goals and the top level', () => {
    const goal = (key: string, parent: string | null, area: string | null): Goal => ({ key, parent, area, level: parent ? 2 : 1, title: key, description: null, ownerUnit: null });
    const target = (key: string, goalKey: string, indicator: string): Target => ({
      key,
      goal: goalKey,
      indicator,
      comparator: 'at_least',
      value: 1,
      targetYear: 2020,
      recurrence: 'once',
      baseline: null,
      referenceIndicator: null,
      ageBand: null,
      sex: null,
      statement: key,
    });
    const tree = buildTree({
      areas: [{ key: 'a', name: 'A', description: null }],
      goals: [goal('g1', null, 'a'), goal('g2', 'g1', 'a'), goal('top', null, null)],
      strategies: [],
      indicators: [ind({ key: 'in-area', area: 'a' }), ind({ key: 'in-sub-goal', goal: 'g2' }), ind({ key: 'loose' })],
      targets: [target('t1', 'g2', 'in-sub-goal'), target('t2', 'top', 'loose')],
      activities: [],
    });
    const flat = flattenTree(tree);
    expect(flat.indicators.map((i) => i.key).sort()).toEqual(['in-area', 'in-sub-goal', 'loose']);
    expect(flat.goals.map((g) => g.key)).toEqual(['g1', 'g2', 'top']);
    expect(flat.targets.map((t) => t.key).sort()).toEqual(['t1', 't2']);
  });
});

describe('Kolada links', () => {
  it('links a KPI id and nothing else', () => {
    expect(koladaUrl({ sourceKind: 'kolada', sourceRef: 'N00973' })).toBe('https://www.kolada.se/verktyg/fri-sokning/?kpis=N00973');
    expect(koladaUrl({ sourceKind: 'kolada', sourceRef: ' U00405 ' })).toBe('https://www.kolada.se/verktyg/fri-sokning/?kpis=U00405');
    expect(koladaUrl({ sourceKind: 'own', sourceRef: 'Personalsystemet' })).toBeNull();
    expect(koladaUrl({ sourceKind: 'kolada', sourceRef: null })).toBeNull();
  });
});

describe('age bands', () => {
  it('reads the headline band: the indicator’s own, else the only or first declared band, else all ages', () => {
    expect(headlineBand(ind({ ageBands: ['16-64'] }))).toBe('16-64');
    expect(headlineBand(ind({ ageBands: ['16-19', '20-64'] }))).toBe('16-19');
    expect(headlineBand(ind({ ageBands: ['16-19', '20-64'], headline: { sex: 'total', ageBand: '20-64' } }))).toBe('20-64');
    expect(headlineBand(ind({ ageBands: [] }))).toBeNull();
    expect(targetBand(ind({ ageBands: ['16-19', '20-64'] }), { ageBand: '20-64' })).toBe('20-64');
    expect(targetBand(ind({ ageBands: ['16-64'] }), { ageBand: null })).toBe('16-64');
  });

  it('offers the compilation’s bands with the headline first and marked', () => {
    const compiled = {
      bands: [
        { ageBand: '16-64', headline: false },
        { ageBand: '20-64', headline: true },
        { ageBand: null, headline: false },
      ],
    };
    const i = ind({ ageBands: ['16-64', '20-64'], headline: { sex: 'total', ageBand: '20-64' } });
    expect(bandChoices(i, compiled, [row({ ageBand: '65-' })])).toEqual([
      { band: '20-64', headline: true },
      { band: '16-64', headline: false },
      { band: null, headline: false },
    ]);
  });

  it('without the compilation, offers the headline first, then the declared bands and those the values have', () => {
    expect(bandChoices(ind({ ageBands: ['16-19', '20-64'] }), undefined, [row({ ageBand: '65-' }), row({ ageBand: '16-19' })]).map((c) => c.band)).toEqual(['16-19', '20-64', '65-']);
    expect(bandChoices(ind({ ageBands: ['16-64'] }), undefined, [row({ ageBand: '16-64' })])).toEqual([{ band: '16-64', headline: true }]);
    expect(bandChoices(ind({ ageBands: [] }), undefined, [row({ ageBand: null })])).toEqual([{ band: null, headline: true }]);
  });
});

describe('a series from the long-form values', () => {
  it('takes the municipality’s own full-year values of the band, per sex, up to the year', () => {
    const rows = [
      row({ year: 2021, sex: 'women', ageBand: '20-64', value: 40, status: 'preliminary' }),
      row({ year: 2020, sex: 'women', ageBand: '20-64', value: 38, seriesBreak: true, example: true }),
      row({ year: 2020, sex: 'men', ageBand: '20-64', value: 45 }),
      row({ year: 2020, sex: 'women', ageBand: null, value: 99 }),
      row({ year: 2020, sex: 'women', ageBand: '20-64', period: '2020-D', value: 12 }),
      row({ year: 2022, sex: 'women', ageBand: '20-64', value: 41 }),
    ];
    const s = seriesFromRows(rows, { band: '20-64', unit: 'percent', upToYear: 2021 });
    expect(s.women).toEqual([
      { year: 2020, value: 38, seriesBreak: true, example: true, preliminary: false },
      { year: 2021, value: 40, seriesBreak: false, example: false, preliminary: true },
    ]);
    expect(s.men.map((p) => p.value)).toEqual([45]);
    expect(s.total).toEqual([]);
  });

  it('adds up the units’ counts when the municipality has no value of its own, and prefers its own', () => {
    const rows = [row({ year: 2020, unit: 'A', value: 11 }), row({ year: 2020, unit: 'B', value: 5 }), row({ year: 2021, unit: 'A', value: 12 }), row({ year: 2021, value: 30 })];
    expect(seriesFromRows(rows, { band: null, unit: 'count', upToYear: 2025 }).total.map((p) => [p.year, p.value])).toEqual([
      [2020, 16],
      [2021, 30],
    ]);
  });

  it('divides the units’ numerators by their denominators for shares, and gives none without them', () => {
    const rows = [row({ unit: 'A', value: 50, numerator: 1, denominator: 2 }), row({ unit: 'B', value: 25, numerator: 1, denominator: 4 })];
    expect(seriesFromRows(rows, { band: null, unit: 'percent', upToYear: 2025 }).total[0]!.value).toBeCloseTo(100 * (2 / 6));
    const incomplete = [row({ unit: 'A', value: 50, numerator: 1, denominator: 2 }), row({ unit: 'B', value: 25 })];
    expect(seriesFromRows(incomplete, { band: null, unit: 'percent', upToYear: 2025 }).total).toEqual([]);
  });

  it('computes the women–men gap of a band with the compilation’s threshold', () => {
    const s = seriesFromRows(
      [row({ year: 2020, sex: 'women', value: 30 }), row({ year: 2020, sex: 'men', value: 40 }), row({ year: 2021, sex: 'women', value: 34 }), row({ year: 2021, sex: 'men', value: 41 })],
      { band: null, unit: 'percent', upToYear: 2025 },
    );
    const gap = gapOf(s, 5)!;
    expect(gap.latest).toMatchObject({ year: 2021, gap: -7, change: 'narrower' });
    expect(gap.overall).toBe('narrower');
    expect(gap.flagged).toBe(true);
    expect(gapOf({ total: s.total, women: [], men: [] }, 5)).toBeNull();
    // An indicator that flags no gap (a count without a threshold of its own): the gap, never flagged.
    expect(gapOf(s, null)).toMatchObject({ flagged: false, threshold: null, overall: 'narrower' });
  });
});

describe('notes and units', () => {
  it('gives the notes of the municipality’s own values in the band, per year', () => {
    const rows = [row({ year: 2022, note: 'Nytt personalsystem.', seriesBreak: true }), row({ year: 2022, sex: 'women', note: 'Nytt personalsystem.' }), row({ year: 2022, unit: 'A', note: 'Enhetens egen.' }), row({ year: 2023, ageBand: '16-64', note: 'Annat band.' })];
    expect([...notesByYear(rows, null)]).toEqual([[2022, ['Nytt personalsystem.']]]);
  });

  it('tabulates the units’ own totals by year', () => {
    const rows = [row({ year: 2024, unit: 'Servicecenter', value: 6 }), row({ year: 2024, unit: 'Integrationsenheten', value: 16 }), row({ year: 2025, unit: 'Integrationsenheten', value: 17 }), row({ year: 2026, unit: 'Integrationsenheten', value: 18 }), row({ year: 2025, value: 20 })];
    const t = unitValues(rows, null, 2025);
    expect(t.units).toEqual(['Integrationsenheten', 'Servicecenter']);
    expect(t.years.map((y) => [y.year, y.values.get('Servicecenter')?.value ?? null, y.values.get('Integrationsenheten')?.value])).toEqual([
      [2024, 6, 16],
      [2025, null, 17],
    ]);
  });
});

describe('years and axes', () => {
  it('spans every year from the first to the last, with a target year beyond the data', () => {
    const p = (year: number) => ({ year, value: 1, seriesBreak: false, example: false, preliminary: false });
    expect(yearSpan({ total: [p(2018), p(2020)], women: [p(2017)], men: [] }, [2022])).toEqual([2017, 2018, 2019, 2020, 2021, 2022]);
    expect(yearSpan({ total: [], women: [], men: [] })).toEqual([]);
  });

  it('rounds up to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect([niceCeil(0.54), niceCeil(2.6), niceCeil(30.2), niceCeil(7), niceCeil(100), niceCeil(0)]).toEqual([1, 5, 50, 10, 100, 0]);
  });

  it('fits the value axis to the values and the target, on round steps, never below zero for positive values', () => {
    expect(axisRange([58.1, 71.1])).toEqual({ min: 55, max: 75, interval: 5 });
    expect(axisRange([5.3, 6.6, 8])).toEqual({ min: 5, max: 9, interval: 1 });
    expect(axisRange([1, 300])).toMatchObject({ min: 0 });
    expect(axisRange([-11.3, -5.4])).toEqual({ min: -12, max: -4, interval: 2 });
    expect(axisRange([0.3, 0.4])).toEqual({ min: 0.28, max: 0.42, interval: 0.02 });
  });

  it('offers the years from the one before the document to the current one', () => {
    expect(yearOptions({ validFrom: null, decisionDate: '2016-05-10' }, 2025, 2025)).toEqual([2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    expect(yearOptions({ validFrom: '2024-01-01', decisionDate: null }, 2019, 2025)).toEqual([2019, 2023, 2024, 2025, 2026]);
  });
});
