import type { FieldIssue } from '../errors.ts';
import type { Indicator, IndicatorUnit, Target } from '../strategy/types.ts';
import { SCALE } from './values.ts';

/**
 * What is known of one cell (indicator × year × sex × age band) before it is given one value: the
 * municipality's own value, and the units' values summed (as one GROUP BY in the database does).
 * A sum over no value is null.
 */
export interface CellAggregate {
  /** The municipality's own value (organisation unit blank), with its numerator and denominator. */
  municipal: number | null;
  municipalNumerator: number | null;
  municipalDenominator: number | null;
  /** The sum of the units' values. */
  unitSum: number | null;
  /** The sums of the units' numerators and denominators, over the values that have them. */
  unitNumerator: number | null;
  unitDenominator: number | null;
  /** How many unit values there are. */
  unitCount: number;
  /**
   * How many of the unit values lack a numerator or a denominator (or both). A share is rolled up
   * only when this is 0: otherwise the sums above cover only some units.
   * SQL: `count(*) filter (where v.numerator is null or v.denominator is null)`.
   */
  unitCountIncomplete: number;
}

/** The one value of a cell, with the counts it comes from (small-count suppression reads them). */
export interface AggregatedValue {
  value: number;
  numerator: number | null;
  denominator: number | null;
  /** `municipal`: the municipality's own value; `units`: the units' values rolled up. */
  source: 'municipal' | 'units';
}

/** Units of measure whose values add up: counts of people or events, and amounts in kronor. */
export const ADDITIVE_UNITS: readonly IndicatorUnit[] = ['count', 'sek'];

/**
 * The value of a cell: the municipality's own value when it is entered; otherwise the units'
 * values rolled up where the unit of measure allows it — counts and kronor are summed, a percent,
 * a rate per 1000 or a ratio is recomputed from the summed numerators and denominators (only when
 * every unit value has both and the denominators do not sum to 0); an amount per inhabitant, an
 * index or another measure is not rolled up. Null when there is no honest value.
 * Worked examples: docs/methodology/indicator-values.md#one-value-per-cell-the-municipality-or-its-units-rolled-up.
 */
export function aggregateCell(cell: CellAggregate, unitOfMeasure: IndicatorUnit): AggregatedValue | null {
  if (cell.municipal !== null) {
    return { value: cell.municipal, numerator: cell.municipalNumerator, denominator: cell.municipalDenominator, source: 'municipal' };
  }
  if (cell.unitCount === 0) return null;
  const complete = cell.unitCountIncomplete === 0 && cell.unitNumerator !== null && cell.unitDenominator !== null;
  const numerator = complete ? cell.unitNumerator : null;
  const denominator = complete ? cell.unitDenominator : null;
  if (ADDITIVE_UNITS.includes(unitOfMeasure)) {
    return cell.unitSum === null ? null : { value: cell.unitSum, numerator, denominator, source: 'units' };
  }
  const scale = SCALE[unitOfMeasure];
  if (scale === undefined || numerator === null || denominator === null || denominator === 0) return null;
  return { value: (scale * numerator) / denominator, numerator, denominator, source: 'units' };
}

/** The unit of measure a target's value is in: its own, or else its indicator's. */
export function targetUnitOfMeasure(target: Pick<Target, 'unitOfMeasure'>, indicator: Pick<Indicator, 'unitOfMeasure'>): IndicatorUnit {
  return target.unitOfMeasure ?? indicator.unitOfMeasure;
}

/**
 * A target whose own unit of measure differs from its indicator's cannot be assessed against the
 * indicator's values (a percent target on a count indicator): the issue at `path`, or null.
 */
export function checkTargetUnit(
  target: Pick<Target, 'unitOfMeasure'>,
  indicator: Pick<Indicator, 'key' | 'unitOfMeasure'>,
  path = '/unitOfMeasure',
): FieldIssue | null {
  if (target.unitOfMeasure === null || target.unitOfMeasure === indicator.unitOfMeasure) return null;
  return {
    path,
    message: `the target is in "${target.unitOfMeasure}" but its indicator "${indicator.key}" is measured in "${indicator.unitOfMeasure}"; a target is assessed in its indicator's unit`,
  };
}
