/**
 * A small trend line drawn as SVG. Written by hand on purpose: the overview shows one per indicator,
 * and loading ECharts (about 180 KB gzipped) on the landing page for a dozen polylines would triple
 * what a first visit downloads. Full charts (IndicatorChart) use ECharts and load it lazily.
 * Decorative: the value beside it and the indicator page's table carry the information.
 */
export function Sparkline({ points, width = 120, height = 32 }: { points: Array<{ year: number; value: number }>; width?: number; height?: number }) {
  if (points.length < 2) return null;
  const xs = points.map((p) => p.year);
  const ys = points.map((p) => p.value);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const pad = 3;
  const sx = (x: number) => pad + ((x - x0) / (x1 - x0 || 1)) * (width - 2 * pad);
  const sy = (y: number) => height - pad - ((y - y0) / (y1 - y0 || 1)) * (height - 2 * pad);
  const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${sx(p.year).toFixed(1)},${sy(p.value).toFixed(1)}`).join(' ');
  const last = points.at(-1)!;
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} aria-hidden="true" focusable="false">
      <path d={d} fill="none" stroke="currentColor" strokeWidth="1.5" />
      <circle cx={sx(last.year)} cy={sy(last.value)} r="2.5" fill="currentColor" />
    </svg>
  );
}
