import { genderGap } from '../../../domain/attainment/gender-gap.ts';
import { SCALE } from '../../../domain/follow-up/values.ts';
import { declaredDimensions, headlineOf } from '../../../domain/strategy/dimensions.ts';
import type { Indicator, IndicatorUnit, Sex, Target } from '../../../domain/strategy/types.ts';
import type { CompiledGenderGap, SeriesPoint, ValueDto } from '../../../shared/api/views.ts';

/**
 * Pure helpers of the indicator page: finding an indicator and the targets that use it in a
 * document tree, the age bands to choose between, and a yearly series by sex from the long-form
 * values (for a band the compilation does not carry).
 */

export type Series = Record<Sex, SeriesPoint[]>;


export { koladaUrl } from '../../../domain/strategy/sources.ts';
export { flattenTree } from '../../../domain/strategy/tree.ts';

/** The age band the chart opens on: the indicator's headline (its own, else the only or first declared band; null: all ages). */
export function headlineBand(ind: Pick<Indicator, 'sexes' | 'ageBands' | 'headline'>): string | null {
  return headlineOf(ind).ageBand;
}

/** The band a target reads: its own, else the headline. */
export function targetBand(ind: Pick<Indicator, 'sexes' | 'ageBands' | 'headline'>, target: Pick<Target, 'ageBand'>): string | null {
  return target.ageBand ?? headlineBand(ind);
}

/** One choice of age band: null is all ages; `headline` marks the band the chart and the summary show. */
export interface BandChoice {
  band: string | null;
  headline: boolean;
}

/**
 * The age bands a reader can choose between, the headline first. From the compilation when it has
 * the indicator (every declared band, and all ages where values were entered); otherwise the declared
 * bands and those the values have.
 */
export function bandChoices(
  ind: Pick<Indicator, 'sexes' | 'ageBands' | 'headline'>,
  compiled: { bands: ReadonlyArray<{ ageBand: string | null; headline: boolean }> } | undefined,
  rows: ReadonlyArray<Pick<ValueDto, 'ageBand'>>,
): BandChoice[] {
  const headline = compiled?.bands.find((b) => b.headline)?.ageBand ?? headlineBand(ind);
  const out: Array<string | null> = [headline];
  const rest = compiled ? compiled.bands.map((b) => b.ageBand) : [...declaredDimensions(ind).ageBands, ...rows.map((r) => r.ageBand)];
  for (const b of rest) if (!out.includes(b)) out.push(b);
  return out.map((band, i) => ({ band, headline: i === 0 }));
}

const ADDITIVE: IndicatorUnit[] = ['count', 'sek'];

/**
 * A yearly series per sex for one age band from the long-form values, as the compilation computes
 * it: the municipality's own value (unit blank) for the full year; without one, the units' values
 * added up for counts and amounts, or their numerators over their denominators for shares and rates.
 * Years after `upToYear` are left out.
 */
export function seriesFromRows(rows: readonly ValueDto[], opts: { band: string | null; unit: IndicatorUnit; upToYear: number }): Series {
  const out: Series = { total: [], women: [], men: [] };
  const cells = new Map<string, ValueDto[]>();
  for (const r of rows) {
    if (r.period !== null || r.ageBand !== opts.band || r.year > opts.upToYear) continue;
    const k = `${r.sex}|${r.year}`;
    cells.set(k, [...(cells.get(k) ?? []), r]);
  }
  for (const [k, list] of cells) {
    const [sex, year] = k.split('|') as [Sex, string];
    const own = list.find((r) => r.unit === null);
    const units = list.filter((r) => r.unit !== null);
    let value: number | null = own ? own.value : null;
    if (value === null && units.length > 0) {
      if (ADDITIVE.includes(opts.unit)) value = units.reduce((s, r) => s + r.value, 0);
      else {
        const scale = SCALE[opts.unit];
        const complete = units.every((r) => r.numerator !== null && r.denominator !== null);
        const num = units.reduce((s, r) => s + (r.numerator ?? 0), 0);
        const den = units.reduce((s, r) => s + (r.denominator ?? 0), 0);
        if (scale !== undefined && complete && den !== 0) value = (scale * num) / den;
      }
    }
    if (value === null) continue;
    const used = own ? [own] : units;
    out[sex].push({
      year: Number(year),
      value,
      seriesBreak: used.some((r) => r.seriesBreak),
      example: used.some((r) => r.example),
      preliminary: used.some((r) => r.status === 'preliminary'),
    });
  }
  for (const s of Object.values(out)) s.sort((a, b) => a.year - b.year);
  return out;
}

/**
 * The women–men gap of a series, with the indicator's threshold as the compilation computes it (null:
 * nothing is flagged); null when there are no values for women or men.
 */
export function gapOf(series: Series, threshold: number | null): CompiledGenderGap | null {
  if (series.women.length === 0 && series.men.length === 0) return null;
  const gap = genderGap(series.women, series.men, { threshold: threshold ?? 0 });
  return threshold === null ? { ...gap, flagged: false, threshold: null } : gap;
}

/** The notes of the municipality's own full-year values in one band, per year (series breaks explain themselves here). */
export function notesByYear(rows: readonly ValueDto[], band: string | null): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const r of rows) {
    if (r.period !== null || r.unit !== null || r.ageBand !== band || !r.note) continue;
    const list = out.get(r.year) ?? [];
    if (!list.includes(r.note)) list.push(r.note);
    out.set(r.year, list);
  }
  return out;
}

/** The units' own full-year totals in one band: the unit names (sorted) and, per year, each unit's value. */
export function unitValues(rows: readonly ValueDto[], band: string | null, upToYear: number): { units: string[]; years: Array<{ year: number; values: Map<string, ValueDto> }> } {
  const byYear = new Map<number, Map<string, ValueDto>>();
  const units = new Set<string>();
  for (const r of rows) {
    if (r.unit === null || r.period !== null || r.sex !== 'total' || r.ageBand !== band || r.year > upToYear) continue;
    units.add(r.unit);
    const m = byYear.get(r.year) ?? new Map<string, ValueDto>();
    m.set(r.unit, r);
    byYear.set(r.year, m);
  }
  return {
    units: [...units].sort((a, b) => a.localeCompare(b, 'sv')),
    years: [...byYear.entries()].sort((a, b) => a[0] - b[0]).map(([year, values]) => ({ year, values })),
  };
}

/** Every year from the first to the last of the series, plus the extra years (a target year, a baseline year). */
export function yearSpan(series: Series, extra: readonly number[] = []): number[] {
  const years = [...Object.values(series).flatMap((s) => s.map((p) => p.year)), ...extra];
  if (years.length === 0) return [];
  const out: number[] = [];
  for (let y = Math.min(...years); y <= Math.max(...years); y++) out.push(y);
  return out;
}

export { niceCeil } from '../../../shared/charts/indicator-chart.ts';

/** The years the overview, the indicator page and the compilation offer: the year before the document to the current year. */
export function yearOptions(doc: { validFrom: string | null; decisionDate: string | null }, year: number, lastFull: number): number[] {
  const first = Math.max(Number((doc.validFrom ?? doc.decisionDate ?? `${lastFull}`).slice(0, 4)) - 1, 2000);
  const years: number[] = [];
  for (let y = first; y <= lastFull + 1; y++) years.push(y);
  if (!years.includes(year)) years.push(year);
  return years.sort((a, b) => a - b);
}
