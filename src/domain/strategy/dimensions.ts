import type { FieldIssue } from '../errors.ts';
import type { Indicator, IndicatorHeadline, Sex, Target } from './types.ts';

/**
 * An indicator's dimensions: the sexes and age bands its values are split by, and its headline (the
 * sex and age band a chart and a summary show, and a target reads when it names none).
 * docs/methodology/validation.md#dimensions-an-indicator-declares
 */

/** A women–men gap in a percentage larger than this many percentage points is flagged, unless the indicator says otherwise. */
export const DEFAULT_PERCENT_GAP_THRESHOLD = 5;

type Declared = Pick<Indicator, 'sexes' | 'ageBands' | 'headline'>;

/**
 * The headline: the indicator's own, else the total (or the first sex declared when it has no total)
 * and the only or first age band (null: all ages, when it declares none).
 * @example headlineOf({ sexes: ['total', 'women', 'men'], ageBands: ['16-64', '20-64'], headline: null }) // { sex: 'total', ageBand: '16-64' }
 */
export function headlineOf(ind: Declared): IndicatorHeadline {
  if (ind.headline) return ind.headline;
  return { sex: ind.sexes.includes('total') ? 'total' : (ind.sexes[0] ?? 'total'), ageBand: ind.ageBands[0] ?? null };
}

/** The sexes and age bands values may have: the declared ones; an indicator without age bands has one, all ages (null). */
export function declaredDimensions(ind: Pick<Indicator, 'sexes' | 'ageBands'>): { sexes: Sex[]; ageBands: Array<string | null> } {
  return { sexes: [...ind.sexes], ageBands: ind.ageBands.length > 0 ? [...ind.ageBands] : [null] };
}

/** The gap between women and men worth flagging, in the indicator's unit: its own, else 5 points for a percentage, else none (null). */
export function gapThresholdOf(ind: Pick<Indicator, 'gapThreshold' | 'unitOfMeasure'>): number | null {
  return ind.gapThreshold ?? (ind.unitOfMeasure === 'percent' ? DEFAULT_PERCENT_GAP_THRESHOLD : null);
}

/** A headline must be one of the indicator's declared dimensions. Paths are relative to the indicator. */
export function headlineProblems(ind: Declared): FieldIssue[] {
  if (!ind.headline) return [];
  const out: FieldIssue[] = [];
  const { sexes, ageBands } = declaredDimensions(ind);
  if (!sexes.includes(ind.headline.sex)) out.push({ path: '/headline/sex', message: `the headline's sex "${ind.headline.sex}" is not one the indicator is split by (${sexes.join(', ')})` });
  if (!ageBands.includes(ind.headline.ageBand)) {
    out.push({
      path: '/headline/ageBand',
      message: ind.ageBands.length === 0 ? 'the indicator declares no age bands, so its headline is all ages (no band)' : `the headline's age band must be one the indicator declares (${ind.ageBands.join(', ')})`,
    });
  }
  return out;
}

/**
 * A target reads exactly one series: its own sex and age band, or its indicator's headline for what it
 * leaves open. Naming a sex or band the indicator does not declare would leave it without data for ever,
 * so it is refused; so is a relative target whose reference indicator lacks the sex or band it compares.
 * Paths are relative to the target.
 */
export function targetDimensionProblems(t: Pick<Target, 'sex' | 'ageBand'>, ind: Declared & { key: string }, reference?: (Declared & { key: string }) | null): FieldIssue[] {
  const out: FieldIssue[] = [];
  if (t.sex !== null && !ind.sexes.includes(t.sex)) out.push({ path: '/sex', message: `the indicator "${ind.key}" is not split by sex "${t.sex}" (it declares: ${ind.sexes.join(', ')})` });
  if (t.ageBand !== null && !ind.ageBands.includes(t.ageBand)) {
    out.push({ path: '/ageBand', message: `the indicator "${ind.key}" declares no age band "${t.ageBand}"${ind.ageBands.length ? ` (it declares: ${ind.ageBands.join(', ')})` : ' (it declares none)'}` });
  }
  if (reference && out.length === 0) {
    const sex = t.sex ?? headlineOf(ind).sex;
    const band = t.ageBand ?? headlineOf(reference).ageBand;
    const { sexes, ageBands } = declaredDimensions(reference);
    if (!sexes.includes(sex)) out.push({ path: '/referenceIndicator', message: `the reference indicator "${reference.key}" is not split by sex "${sex}", which the target compares` });
    else if (!ageBands.includes(band)) out.push({ path: '/referenceIndicator', message: `the reference indicator "${reference.key}" declares no age band "${band ?? 'all ages'}", which the target compares` });
  }
  return out;
}
