import type { IsoDate } from './types.ts';

export interface ParsedTimeline {
  start: IsoDate;
  end: IsoDate;
}

const MONTHS: Record<string, number> = {
  januari: 1, februari: 2, mars: 3, april: 4, maj: 5, juni: 6, juli: 7, augusti: 8, september: 9, oktober: 10, november: 11, december: 12,
  jan: 1, feb: 2, mar: 3, apr: 4, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, okt: 10, nov: 11, dec: 12,
};

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const monthStart = (y: number, m: number) => `${y}-${pad(m)}-01`;
const monthEnd = (y: number, m: number) => `${y}-${pad(m)}-${pad(lastDay(y, m))}`;

/**
 * Reads start and end dates out of an action plan's free-text timeline (tidplan), where the text
 * allows it; the text itself is always kept. Returns null when the text names no date.
 * Worked examples: docs/methodology/timeline.md.
 * @example parseTimeline('2018, minst två gånger per termin.') // { start: '2018-01-01', end: '2018-12-31' }
 */
export function parseTimeline(text: string | null): ParsedTimeline | null {
  if (text === null) return null;
  const t = text.toLowerCase().replace(/\u2013|\u2014/g, '-');

  const iso = [...t.matchAll(/\b(\d{4})-(\d{2})-(\d{2})\b/g)].map((m) => `${m[1]}-${m[2]}-${m[3]}`);
  if (iso.length >= 2) return order(iso[0]!, iso[iso.length - 1]!);

  const monthYear = [...t.matchAll(/\b([a-zåäö]+)\s+(\d{4})\b/g)].filter((m) => MONTHS[m[1]!] !== undefined);
  if (monthYear.length >= 1) {
    const first = monthYear[0]!;
    const last = monthYear[monthYear.length - 1]!;
    return order(monthStart(Number(first[2]), MONTHS[first[1]!]!), monthEnd(Number(last[2]), MONTHS[last[1]!]!));
  }

  const half = /\b(vt|ht)\s*-?\s*(\d{4})\b/.exec(t);
  if (half) {
    const y = Number(half[2]);
    return half[1] === 'vt' ? { start: `${y}-01-01`, end: `${y}-06-30` } : { start: `${y}-07-01`, end: `${y}-12-31` };
  }

  const quarter = /\b(?:kv|q)\s*([1-4])\s*(\d{4})\b/.exec(t);
  if (quarter) {
    const q = Number(quarter[1]);
    const y = Number(quarter[2]);
    return { start: monthStart(y, q * 3 - 2), end: monthEnd(y, q * 3) };
  }

  const range = /\b(\d{4})\s*-\s*(\d{4})\b/.exec(t);
  if (range) return order(`${range[1]}-01-01`, `${range[2]}-12-31`);

  const isoOne = iso[0];
  if (isoOne) return { start: isoOne, end: isoOne };

  const years = [...t.matchAll(/\b(19|20)(\d{2})\b/g)].map((m) => Number(m[1]! + m[2]!));
  if (years.length > 0) {
    const lo = Math.min(...years);
    const hi = Math.max(...years);
    return { start: `${lo}-01-01`, end: `${hi}-12-31` };
  }
  return null;
}

function order(a: IsoDate, b: IsoDate): ParsedTimeline {
  return a <= b ? { start: a, end: b } : { start: b, end: a };
}
