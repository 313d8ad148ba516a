/** Settings and statistics shared by the benchmarks. */

/** Whether this is the smoke run (`npm run bench -- --smoke`): every benchmark once, as small as it goes. */
export const SMOKE = process.env.BENCH_SMOKE === '1';

/**
 * An integer setting from the environment, checked against its range; the default when unset, or in the
 * smoke run the smallest value (or `smoke`, where the smallest would not make sense).
 */
export function intSetting(name: string, dflt: number, min: number, max: number, smoke: number = min): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return SMOKE ? smoke : dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer from ${min} to ${max}, not "${raw}"`);
  return n;
}

/** The median of the finite numbers (the mean of the middle two for an even count); NaN for none. */
export function median(xs: readonly number[]): number {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
