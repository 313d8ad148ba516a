import { describe, expect, it } from 'vitest';
import { buildChartOption, LINE_STYLES, type ChartInput } from './indicator-chart.ts';

describe('the chart option', () => {
  const point = (year: number, value: number, over: Partial<{ preliminary: boolean; example: boolean; seriesBreak: boolean }> = {}) => ({ year, value, seriesBreak: false, example: true, preliminary: false, ...over });
  const input = (over: Partial<ChartInput> = {}): ChartInput => ({
    years: [2019, 2020, 2021, 2022],
    lines: [
      { id: 'total', name: 'Totalt', points: [point(2019, 30), point(2020, 31), point(2022, 33, { preliminary: true, seriesBreak: true })] },
      { id: 'women', name: 'Kvinnor', points: [point(2019, 28), point(2020, 29)] },
      { id: 'men', name: 'Män', points: [point(2019, 32), point(2020, 33)] },
    ],
    targets: [{ line: 'total', label: 'Mål 60 % (2021)', year: 2021, value: 60 }],
    baselines: [{ line: 'total', label: 'Utgångsvärde 30 %', year: 2019, value: 30 }],
    breaks: [{ year: 2022, label: 'Serieavbrott 2022' }],
    format: (v) => `${v} %`,
    axisFormat: (v) => `${v} %`,
    notes: { preliminary: 'preliminärt', example: 'exempeldata', seriesBreak: 'serieavbrott' },
    markExample: false,
    ...over,
  });
  type Series = Array<{ id: string; data: Array<{ value: number; symbol: string } | null>; lineStyle: { type: unknown }; markPoint?: { data: Array<{ coord: unknown[]; name: string }> }; markLine?: { data: Array<Record<string, unknown>> } }>;

  it('draws each sex with its own dash pattern and symbol, gaps as gaps, preliminary values hollow', () => {
    const o = buildChartOption(input());
    const series = o.series as Series;
    expect(series.map((s) => s.id)).toEqual(['total', 'women', 'men']);
    expect(new Set(series.map((s) => JSON.stringify(s.lineStyle.type))).size).toBe(3);
    expect(new Set(Object.values(LINE_STYLES).map((s) => s.symbol)).size).toBe(4);
    expect(series[0]!.data.map((d) => d?.value ?? null)).toEqual([30, 31, null, 33]);
    expect(series[0]!.data[3]!.symbol).toBe('emptyCircle');
    expect(series[1]!.data[0]!.symbol).toBe('triangle');
    expect((o.xAxis as { data: string[] }).data).toEqual(['2019', '2020', '2021', '2022']);
  });

  it('puts the target and the baseline as labelled points, the series break as a labelled vertical line, and keeps the target on the axis', () => {
    const o = buildChartOption(input());
    const total = (o.series as Series)[0]!;
    expect(total.markPoint!.data.map((d) => [d.name, d.coord])).toEqual([
      ['Mål 60 % (2021)', ['2021', 60]],
      ['Utgångsvärde 30 %', ['2019', 30]],
    ]);
    expect(total.markLine!.data).toEqual([expect.objectContaining({ xAxis: '2022', name: 'Serieavbrott 2022' })]);
    expect((o.series as Series)[1]!.markLine).toBeUndefined();
    expect((o.yAxis as { max: number }).max).toBeGreaterThanOrEqual(60);
  });

  it('draws a target without a year as a horizontal line', () => {
    const o = buildChartOption(input({ targets: [{ line: 'total', label: 'Mål 300', year: null, value: 300 }], breaks: [], baselines: [] }));
    expect((o.series as Series)[0]!.markLine!.data).toEqual([expect.objectContaining({ yAxis: 300, name: 'Mål 300' })]);
  });

  it('writes the tooltip with formatted values and the value’s flags in words', () => {
    const o = buildChartOption(input());
    const total = (o.series as Series)[0]!;
    const formatter = (o.tooltip as { formatter(p: unknown[]): string }).formatter;
    const text = formatter([{ axisValue: '2022', seriesName: 'Totalt', marker: '', data: total.data[3] }, { axisValue: '2022', seriesName: 'Kvinnor', marker: '', data: null }]);
    expect(text).toBe('2022<br>Totalt: <strong>33 %</strong> (preliminärt, serieavbrott)');
  });
});
