import { describe, expect, it } from 'vitest';
import { cellErrors, cellId, defaultPeriod, editText, gridRows, isBlock, knownValueMessage, orderUnits, parseClipboard, parseNumber, parsePeriodKey, planPaste, unitScope, type IndicatorInfo } from './grid.ts';

const employment: IndicatorInfo = { key: 'sysselsattning', name: 'Andel i sysselsättning', unitOfMeasure: 'percent', sexes: ['total', 'women', 'men'], ageBands: ['16-64'] };
const received: IndicatorInfo = { key: 'mottagna', name: 'Antal mottagna', unitOfMeasure: 'count', sexes: ['total'], ageBands: [] };
const indicators = new Map([employment, received].map((i) => [i.key, i]));

describe('parseNumber', () => {
  it.each([
    ['34,5', 34.5],
    ['34.5', 34.5],
    ['1 234', 1234],
    ['1\u00a0234,5', 1234.5],
    ['1\u202f234', 1234],
    ['34,5 %', 34.5],
    ['34,5%', 34.5],
    ['−3', -3],
    ['-0,25', -0.25],
    ['"12,0"', 12],
    ['1.234,5', 1234.5],
    [' 7 ', 7],
    ['0', 0],
  ])('reads the Swedish %j as %d', (text, value) => {
    expect(parseNumber(text, 'sv')).toEqual({ kind: 'number', value });
  });

  it.each([['abc'], ['12,3,4'], ['1 2a'], ['--3'], ['3-'], ['%'], ['12 kr']])('refuses %j', (text) => {
    expect(parseNumber(text, 'sv')).toEqual({ kind: 'invalid' });
  });

  it('reads an empty cell, or one of spaces, as blank', () => {
    expect(parseNumber('', 'sv')).toEqual({ kind: 'blank' });
    expect(parseNumber(' \u00a0', 'sv')).toEqual({ kind: 'blank' });
  });

  it('reads English thousands and decimals', () => {
    expect(parseNumber('1,234', 'en')).toEqual({ kind: 'number', value: 1234 });
    expect(parseNumber('1,234.5', 'en')).toEqual({ kind: 'number', value: 1234.5 });
    expect(parseNumber('34.5 %', 'en')).toEqual({ kind: 'number', value: 34.5 });
    expect(parseNumber('34,5', 'en')).toEqual({ kind: 'number', value: 34.5 });
  });

  it('writes a stored number back with the language’s decimal sign and no grouping', () => {
    expect(editText(1234.5, 'sv')).toBe('1234,5');
    expect(editText(1234.5, 'en')).toBe('1234.5');
    expect(parseNumber(editText(-0.063, 'sv'), 'sv')).toEqual({ kind: 'number', value: -0.063 });
  });
});

describe('parseClipboard', () => {
  it('splits rows on newlines and cells on tabs, without a row for the final newline', () => {
    expect(parseClipboard('63,8\t58,1\t69,4\r\n12\t13\t11\r\n')).toEqual([
      ['63,8', '58,1', '69,4'],
      ['12', '13', '11'],
    ]);
  });

  it('keeps empty cells in their place', () => {
    expect(parseClipboard('1\t\t3\n\t5\t')).toEqual([
      ['1', '', '3'],
      ['', '5', ''],
    ]);
  });

  it('reads a cell Excel quoted as one cell', () => {
    expect(parseClipboard('"a\tb"\t2\n"say ""hi"""\t3')).toEqual([
      ['a\tb', '2'],
      ['say "hi"', '3'],
    ]);
  });

  it('tells a block from a single value', () => {
    expect(isBlock('34,5')).toBe(false);
    expect(isBlock('34,5\r\n')).toBe(false);
    expect(isBlock('34,5\t12')).toBe(true);
    expect(isBlock('34,5\n12')).toBe(true);
  });
});

describe('the grid', () => {
  it('has a row per age band, and one for all ages where the indicator declares none', () => {
    const rows = gridRows(['sysselsattning', 'mottagna'], [], indicators);
    expect(rows.map((r) => [r.indicator, r.ageBand, r.first, r.span])).toEqual([
      ['sysselsattning', '16-64', true, 1],
      ['mottagna', null, true, 1],
    ]);
  });

  it('shows a stored value for all ages of an indicator with age bands, and an indicator the report has values for', () => {
    const rows = gridRows(['mottagna'], [{ indicator: 'sysselsattning', ageBand: null }], indicators);
    expect(rows.map((r) => [r.indicator, r.ageBand, r.first])).toEqual([
      ['mottagna', null, true],
      ['sysselsattning', '16-64', true],
      ['sysselsattning', null, false],
    ]);
  });

  it('pastes a block from the cell it was pasted into, and counts what falls outside', () => {
    const rows = gridRows(['sysselsattning', 'mottagna'], [], indicators);
    const plan = planPaste(rows, { row: 0, col: 0 }, [
      ['63,8', '58,1', '69,4', '99'],
      ['12', '', 'x'],
      ['5'],
    ]);
    expect(plan.writes).toEqual([
      { row: 0, col: 0, text: '63,8' },
      { row: 0, col: 1, text: '58,1' },
      { row: 0, col: 2, text: '69,4' },
      { row: 1, col: 0, text: '12' },
    ]);
    // 99 is past the last column, x is on a sex the count is not split by, 5 is below the last row.
    expect(plan.skipped).toBe(3);
  });

  it('puts the server’s row errors in the cells they name', () => {
    const sent = [cellId('sysselsattning', 'women', '16-64'), cellId('mottagna', 'total', null)];
    const { byCell, other } = cellErrors(
      [
        { path: '/rows/2/value', message: 'row 2: a count cannot be negative' },
        { path: '/rows/2/value', message: 'row 2: a count is a whole number' },
        { path: '/values/0/value', message: 'Invalid input' },
        { path: '/lockVersion', message: 'is required' },
      ],
      sent,
    );
    expect(byCell.get(sent[1]!)).toEqual(['a count cannot be negative', 'a count is a whole number']);
    expect(byCell.get(sent[0]!)).toEqual(['Invalid input']);
    expect(other).toEqual([{ path: '/lockVersion', message: 'is required' }]);
  });

  it('knows the server’s sentences about one value', () => {
    expect(knownValueMessage('a count cannot be negative')).toEqual({ id: 'followUp.cellError.countNegative' });
    expect(knownValueMessage('is 34.6 but numerator/denominator give 34.5')).toEqual({ id: 'followUp.cellError.numerator', values: { value: '34.6', computed: '34.5' } });
    expect(knownValueMessage('something new')).toBeNull();
  });
});

describe('periods and units', () => {
  it('reads period keys', () => {
    expect(parsePeriodKey('2025')).toEqual({ year: 2025, kind: 'year', n: null });
    expect(parsePeriodKey('2025-D')).toEqual({ year: 2025, kind: 'interim', n: null });
    expect(parsePeriodKey('2024-T3')).toEqual({ year: 2024, kind: 'tertial', n: 3 });
    expect(parsePeriodKey('2024-Q1')).toEqual({ year: 2024, kind: 'quarter', n: 1 });
    expect(parsePeriodKey('2024-M02')).toEqual({ year: 2024, kind: 'month', n: 2 });
    expect(parsePeriodKey('2024-X')).toBeNull();
  });

  it('shows the last full year first, else the newest open full year, else the newest period', () => {
    const p = (key: string, kind: 'year' | 'interim', year: number, status: 'open' | 'closed' = 'open') => ({ key, kind, year, status });
    expect(defaultPeriod([p('2024', 'year', 2024), p('2025-D', 'interim', 2025), p('2025', 'year', 2025), p('2026', 'year', 2026)], 2025)).toBe('2025');
    expect(defaultPeriod([p('2023', 'year', 2023), p('2024', 'year', 2024, 'closed'), p('2024-D', 'interim', 2024)], 2025)).toBe('2023');
    expect(defaultPeriod([p('2024-D', 'interim', 2024, 'closed')], 2025)).toBe('2024-D');
    expect(defaultPeriod([], 2025)).toBeUndefined();
  });

  const units = [
    { id: 'ks', name: 'Kommunstyrelsen', type: 'executive_board', parentId: 'kf' },
    { id: 'kf', name: 'Kommunfullmäktige', type: 'council', parentId: null },
    { id: 'ifo', name: 'Individ- och familjeomsorgen', type: 'administration', parentId: 'ks' },
    { id: 'ame', name: 'Arbetsmarknadsenheten', type: 'unit', parentId: 'ifo' },
  ];

  it('orders units as the organisation, each above those under it', () => {
    expect(orderUnits(units).map((u) => [u.name, u.depth])).toEqual([
      ['Kommunfullmäktige', 0],
      ['Kommunstyrelsen', 1],
      ['Individ- och familjeomsorgen', 2],
      ['Arbetsmarknadsenheten', 3],
    ]);
  });

  it('gives the top of the organisation everything, and a unit what it or a unit below it owns', () => {
    const s = { id: '', lockVersion: 1, position: 0 };
    const doc = {
      goals: [
        { ...s, key: 'arbete', area: null, parent: null, level: 1, title: 'Arbete', description: null, ownerUnit: 'Arbetsmarknadsenheten' },
        { ...s, key: 'boende', area: null, parent: null, level: 1, title: 'Boende', description: null, ownerUnit: null },
      ],
      targets: [],
      indicators: [
        { ...s, ...employment, area: null, goal: 'arbete', definition: null, sourceKind: 'own' as const, sourceRef: null, population: null, frequency: 'yearly' as const, footnotes: [] },
        { ...s, ...received, area: null, goal: 'boende', definition: null, sourceKind: 'own' as const, sourceRef: null, population: null, frequency: 'yearly' as const, footnotes: [] },
      ],
      activities: [
        { ...s, key: 'a1', area: null, goal: 'arbete', problem: null, description: null, responsible: [{ unit: 'Individ- och familjeomsorgen', role: null, lead: true }], responsibleText: null, timelineText: null, start: null, end: null, followUpText: null, status: 'planned' as const },
      ],
    };
    expect(unitScope(units[1]!, units, doc)).toEqual({ goals: 2, indicators: 2, activities: 1 });
    expect(unitScope(units[2]!, units, doc)).toEqual({ goals: 1, indicators: 1, activities: 1 });
    expect(unitScope(units[3]!, units, doc)).toEqual({ goals: 1, indicators: 1, activities: 0 });
  });
});
