import { Resvg } from '@resvg/resvg-js';
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, MarkPointComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { buildChartOption, LINE_STYLES, type ChartInput } from '../../shared/charts/indicator-chart.ts';
import type { IndicatorSection } from './model.ts';
import type { ReportText } from './text.ts';

echarts.use([LineChart, GridComponent, LegendComponent, MarkLineComponent, MarkPointComponent, SVGRenderer]);

/**
 * An indicator's chart for a report: the web app's chart option (src/shared/charts), drawn by ECharts
 * on the server to SVG (no DOM: ECharts' SSR mode) and, for DOCX and XLSX, to PNG with resvg. The
 * legend is drawn into the image, since a document has no page legend beside it; the alt text says
 * what the chart shows and that the table beside it holds the same numbers.
 */
export interface ReportChart {
  svg: string;
  alt: string;
  width: number;
  height: number;
}

export const CHART_SIZE = { width: 640, height: 320 } as const;

/** null when the indicator has no values to draw. */
export function indicatorChart(ind: IndicatorSection, text: ReportText): ReportChart | null {
  const { t, f } = text;
  const years = ind.rows.map((r) => r.year);
  if (years.length === 0) return null;
  const sexName = (s: string) => t(`common.sex.${s}`);
  const lines: ChartInput['lines'] = ind.sexes.map((s) => ({ id: s, name: sexName(s), points: ind.series[s] ?? [] })).filter((l) => l.points.length > 0);
  if (lines.length === 0) return null;
  const headline = lines[0]!.id;
  const input: ChartInput = {
    years,
    lines,
    targets: ind.target ? [{ line: headline, year: ind.target.year, value: ind.target.value, label: t(ind.target.year === null ? 'indicator.chart.targetLevel' : 'indicator.chart.target', { value: f.value(ind.target.value, ind.unit), year: ind.target.year ?? 0 }) }] : [],
    baselines: ind.baseline && years.includes(ind.baseline.year) ? [{ line: headline, year: ind.baseline.year, value: ind.baseline.value, label: t('indicator.chart.baseline', { value: f.value(ind.baseline.value, ind.unit) }) }] : [],
    breaks: ind.seriesBreaks.filter((y) => years.includes(y)).map((y) => ({ year: y, label: t('indicator.chart.break', { year: y }) })),
    format: (v) => f.value(v, ind.unit),
    axisFormat: (v) => (ind.unit === 'percent' ? f.value(v, 'percent').replace(/,0(?=\s?%)/, '') : f.number(v)),
    notes: { preliminary: '', example: '', seriesBreak: '' },
    markExample: false,
  };
  const option = buildChartOption(input) as Record<string, unknown> & { grid: Record<string, unknown> };
  delete option.tooltip;
  option.legend = {
    show: true,
    top: 0,
    left: 0,
    itemWidth: 16,
    itemHeight: 10,
    itemGap: 18,
    textStyle: { fontSize: 13 },
    data: lines.map((l) => ({ name: l.name, icon: LINE_STYLES[l.id].symbol })),
  };
  option.grid = { ...option.grid, top: 56 };
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: CHART_SIZE.width, height: CHART_SIZE.height });
  try {
    chart.setOption(option);
    const svg = chart.renderToSVGString();
    const alt = t('reports.chart.alt', { name: ind.name, from: years[0]!, to: years.at(-1)!, lines: lines.map((l) => l.name).join(', ') });
    return { svg, alt, ...CHART_SIZE };
  } finally {
    chart.dispose();
  }
}

/** The chart as a PNG at twice its size, for documents (Word and Excel do not all show SVG). */
export function chartPng(chart: ReportChart): Buffer {
  const resvg = new Resvg(chart.svg, {
    fitTo: { mode: 'width', value: chart.width * 2 },
    background: '#ffffff',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}
