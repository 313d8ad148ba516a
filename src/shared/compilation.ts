import type { CompiledBand, CompiledIndicator } from './api/views.ts';

/** The band a chart and a summary show: the indicator's headline (the compilation always has it). */
export function headlineBand(ind: Pick<CompiledIndicator, 'bands'>): CompiledBand {
  return ind.bands.find((b) => b.headline) ?? ind.bands[0]!;
}
