import type { Sex } from '../../domain/strategy/types.ts';
import type { SeriesPoint } from '../api/views.ts';

/** The smallest round number (1, 2, 2.5 or 5 times a power of ten) at or above x. */
export function niceCeil(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return x > 0 ? x : 0;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= x - 1e-12) return m * p;
  return 10 * p;
}

/**
 * The ECharts option of the indicator chart, built from plain values so that it can be tested
 * without a browser, and drawn by the web app and on the server for the reports alike. Every line differs in colour, dash pattern and symbol, so that it can be told
 * apart in greyscale; preliminary values have hollow symbols; targets, baselines and series breaks
 * are labelled in words, not only by colour.
 */

export type LineId = Sex | 'reference';

export interface ChartLine {
  id: LineId;
  name: string;
  points: SeriesPoint[];
}

export interface ChartInput {
  years: number[];
  lines: ChartLine[];
  /** A target with a year is a point; without a year (or every year) it is a horizontal line. */
  targets: Array<{ line: LineId; label: string; year: number | null; value: number }>;
  baselines: Array<{ line: LineId; label: string; year: number; value: number }>;
  breaks: Array<{ year: number; label: string }>;
  /** A value as the tooltip shows it (`34,5 %`). */
  format(v: number): string;
  /** A value as the axis shows it (`35 %`). */
  axisFormat(v: number): string;
  /** Words appended to a value in the tooltip. */
  notes: { preliminary: string; example: string; seriesBreak: string };
  /** Whether example values are marked (when only some values are example data). */
  markExample: boolean;
}

/** Colour, dash pattern and symbol of each line: distinguishable without colour. */
export const LINE_STYLES: Record<LineId, { color: string; type: 'solid' | 'dashed' | 'dotted' | number[]; symbol: string; width: number }> = {
  total: { color: '#1b1f24', type: 'solid', symbol: 'circle', width: 3 },
  women: { color: '#8f3a8f', type: 'dashed', symbol: 'triangle', width: 2.5 },
  men: { color: '#1f6f8b', type: 'dotted', symbol: 'rect', width: 2.5 },
  reference: { color: '#5c6673', type: [10, 4, 2, 4], symbol: 'diamond', width: 2 },
};

const TARGET_COLOUR = '#a4461a';
const BASELINE_COLOUR = '#3d4550';
const BREAK_COLOUR = '#6b4500';
const FONT = "system-ui, 'Segoe UI', 'DejaVu Sans', 'Noto Sans', Arial, sans-serif";

const hollow = (symbol: string) => `empty${symbol[0]!.toUpperCase()}${symbol.slice(1)}`;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

interface PointDatum {
  value: number;
  symbol: string;
  symbolSize: number;
  itemStyle?: { opacity: number };
  point: SeriesPoint;
}

/**
 * The value axis: a round step (1, 2, 2.5 or 5 times a power of ten) giving about five intervals, and
 * bounds on steps a little outside the lowest and highest value; never below zero for values that are not.
 */
export function axisRange(values: readonly number[]): { min: number; max: number; interval: number } {
  if (values.length === 0) return { min: 0, max: 1, interval: 0.2 };
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const span = hi - lo || Math.abs(hi) || 1;
  const interval = niceCeil(span / 5);
  let min = Math.floor((lo - span * 0.1) / interval) * interval;
  if (lo >= 0 && min < 0) min = 0;
  const max = Math.ceil((hi + span * 0.1) / interval) * interval;
  // Binary fractions (0.1 + 0.2) would show as 0.30000000000000004 on the axis.
  const round = (x: number) => Number(x.toPrecision(12));
  return { min: round(min), max: round(max), interval: round(interval) };
}

/** Room on the right for the labels of level targets, drawn beyond the line's end (about 7.5 px a character at 13 px). */
function levelLabelRoom(input: ChartInput): number {
  const longest = Math.max(0, ...input.targets.filter((t) => t.year === null).map((t) => t.label.length));
  return longest === 0 ? 24 : Math.min(160, 16 + Math.ceil(longest * 7.5));
}

export function buildChartOption(input: ChartInput): Record<string, unknown> {
  const categories = input.years.map(String);
  const values = input.lines.flatMap((l) => l.points.map((p) => p.value));
  const markerValues = [...input.targets.map((t) => t.value), ...input.baselines.map((b) => b.value)];
  const axis = axisRange([...values, ...markerValues]);

  const series = input.lines.map((line, index) => {
    const style = LINE_STYLES[line.id];
    const byYear = new Map(line.points.map((p) => [p.year, p]));
    const data: Array<PointDatum | null> = input.years.map((y) => {
      const p = byYear.get(y);
      if (!p) return null;
      return {
        value: p.value,
        symbol: p.preliminary ? hollow(style.symbol) : style.symbol,
        symbolSize: p.preliminary ? 11 : 8,
        ...(input.markExample && p.example ? { itemStyle: { opacity: 0.55 } } : {}),
        point: p,
      };
    });
    const points = input.targets.filter((t) => t.line === line.id && t.year !== null);
    const levels = input.targets.filter((t) => t.line === line.id && t.year === null);
    const baselines = input.baselines.filter((b) => b.line === line.id);
    // Series breaks are drawn once, on the first line.
    const breaks = index === 0 ? input.breaks : [];
    return {
      type: 'line',
      id: line.id,
      name: line.name,
      data,
      connectNulls: false,
      symbol: style.symbol,
      symbolSize: 8,
      showAllSymbol: true,
      color: style.color,
      lineStyle: { color: style.color, type: style.type, width: style.width },
      itemStyle: { color: style.color, borderColor: style.color, borderWidth: 2 },
      emphasis: { focus: 'series' },
      markPoint:
        points.length + baselines.length > 0
          ? {
              silent: true,
              data: [
                ...points.map((t) => ({
                  name: t.label,
                  coord: [String(t.year), t.value],
                  symbol: 'diamond',
                  symbolSize: 18,
                  itemStyle: { color: TARGET_COLOUR, borderColor: '#ffffff', borderWidth: 1 },
                  label: { show: true, position: 'top', formatter: t.label, color: TARGET_COLOUR, fontWeight: 'bold', fontSize: 13, fontFamily: FONT },
                })),
                ...baselines.map((b) => ({
                  name: b.label,
                  coord: [String(b.year), b.value],
                  symbol: 'rect',
                  symbolSize: 14,
                  itemStyle: { color: BASELINE_COLOUR, borderColor: '#ffffff', borderWidth: 1 },
                  label: { show: true, position: 'bottom', formatter: b.label, color: BASELINE_COLOUR, fontSize: 13, fontFamily: FONT },
                })),
              ],
            }
          : undefined,
      markLine:
        breaks.length + levels.length > 0
          ? {
              silent: true,
              symbol: ['none', 'none'],
              data: [
                ...breaks.map((b) => ({
                  name: b.label,
                  xAxis: String(b.year),
                  lineStyle: { type: 'dashed', color: BREAK_COLOUR, width: 2 },
                  label: { show: true, formatter: b.label, position: 'end', distance: 6, color: BREAK_COLOUR, fontSize: 13, fontFamily: FONT },
                })),
                ...levels.map((t) => ({
                  name: t.label,
                  yAxis: t.value,
                  lineStyle: { type: 'solid', color: TARGET_COLOUR, width: 2 },
                  // Beyond the line's end, where no data point can cover it (the grid leaves room on the right).
                  label: { show: true, formatter: t.label, position: 'end', distance: 6, color: TARGET_COLOUR, fontWeight: 'bold', fontSize: 13, fontFamily: FONT },
                })),
              ],
            }
          : undefined,
    };
  });

  return {
    animation: false,
    aria: { enabled: false },
    textStyle: { fontFamily: FONT, fontSize: 13, color: '#1b1f24' },
    // The legend is the page's own, under the chart (in words, with a sample of each line).
    legend: { show: false },
    // ECharts 6's form of the old containLabel: the axis labels stay inside the grid's box.
    grid: { left: 8, right: levelLabelRoom(input), top: 44, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    tooltip: {
      trigger: 'axis',
      formatter: (params: Array<{ axisValue: string; seriesName: string; marker: string; data: PointDatum | null }>) => {
        const rows = params
          .filter((p) => p.data)
          .map((p) => {
            const pt = p.data!.point;
            const flags = [pt.preliminary ? input.notes.preliminary : null, pt.seriesBreak ? input.notes.seriesBreak : null, input.markExample && pt.example ? input.notes.example : null].filter(Boolean);
            return `${p.marker}${escapeHtml(p.seriesName)}: <strong>${escapeHtml(input.format(pt.value))}</strong>${flags.length ? ` (${escapeHtml(flags.join(', '))})` : ''}`;
          });
        return [escapeHtml(params[0]?.axisValue ?? ''), ...rows].join('<br>');
      },
    },
    xAxis: {
      type: 'category',
      data: categories,
      boundaryGap: false,
      axisLabel: { color: '#3d4550', fontSize: 13, hideOverlap: true },
      axisLine: { lineStyle: { color: '#6b7785' } },
    },
    yAxis: {
      type: 'value',
      // Fitted to the values and the markers (ECharts alone would leave a target outside the axis).
      ...axis,
      axisLabel: { color: '#3d4550', fontSize: 13, formatter: (v: number) => input.axisFormat(v) },
      splitLine: { lineStyle: { color: '#dde2e8' } },
    },
    series,
  };
}
