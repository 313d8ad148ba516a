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
const months = (y: number, first: number, last: number): ParsedTimeline => ({ start: monthStart(y, first), end: monthEnd(y, last) });

/**
 * Reads start and end dates out of an action plan's free-text timeline (tidplan), where the text
 * allows it; the text itself is always kept. Returns null when the text names no date.
 * Worked examples: docs/methodology/timeline.md.
 * @example parseTimeline('2018, minst två gånger per termin.') // { start: '2018-01-01', end: '2018-12-31' }
 */
export function parseTimeline(text: string | null): ParsedTimeline | null {
  if (text === null) return null;
  // Figure dash, en dash, em dash, horizontal bar and minus sign are all read as a hyphen.
  const t = text.toLowerCase().replace(/[\u2012-\u2015\u2212]/g, '-');

  const iso = [...t.matchAll(/\b(\d{4})-(\d{2})-(\d{2})\b/g)].map((m) => `${m[1]}-${m[2]}-${m[3]}`);
  if (iso.length >= 2) return order(iso[0]!, iso[iso.length - 1]!);

  // "mars 2019", "januari–juni 2019", "november–februari 2020" (the year belongs to the last month).
  const monthSpans = [...t.matchAll(/\b([a-zåäö]+)(?:\s*-\s*([a-zåäö]+))?\s+(\d{4})\b/g)].flatMap((m): ParsedTimeline[] => {
    const y = Number(m[3]);
    const first = MONTHS[m[1]!];
    const last = m[2] === undefined ? first : MONTHS[m[2]];
    if (first !== undefined && last !== undefined) {
      return [first <= last ? months(y, first, last) : { start: monthStart(y - 1, first), end: monthEnd(y, last) }];
    }
    return last !== undefined && m[2] !== undefined ? [months(y, last, last)] : [];
  });
  if (monthSpans.length > 0) return cover(monthSpans);

  // Named periods: terms (vt/ht, våren/hösten), school years, quarters, four-month periods (tertial).
  const periods: ParsedTimeline[] = [];
  for (const m of t.matchAll(/\b(vt|vårterminen|våren|ht|höstterminen|hösten)\s*-?\s*(\d{4})\b/g)) {
    const y = Number(m[2]);
    periods.push(m[1]!.startsWith('v') ? months(y, 1, 6) : months(y, 7, 12));
  }
  for (const m of t.matchAll(/\bläsår(?:et|en)?\s*(\d{4})\s*[/-]\s*(\d{4}|\d{2})\b/g)) {
    const y = Number(m[1]);
    const second = m[2]!.length === 2 ? Math.floor(y / 100) * 100 + Number(m[2]) : Number(m[2]);
    periods.push({ start: monthStart(y, 7), end: monthEnd(second, 6) });
  }
  for (const m of t.matchAll(/\b(?:kv|kvartal|q)\s*([1-4])\s*(\d{4})\b/g)) {
    const q = Number(m[1]);
    periods.push(months(Number(m[2]), q * 3 - 2, q * 3));
  }
  for (const m of t.matchAll(/\btertial\s*([1-3])\s*(\d{4})\b/g)) {
    const n = Number(m[1]);
    periods.push(months(Number(m[2]), n * 4 - 3, n * 4));
  }
  if (periods.length > 0) return cover(periods);

  const range = /\b(\d{4})\s*-\s*(\d{4})\b/.exec(t);
  if (range) {
    const [a, b] = [Number(range[1]), Number(range[2])];
    return { start: `${Math.min(a, b)}-01-01`, end: `${Math.max(a, b)}-12-31` };
  }

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

/** The smallest span that covers all the given ones. */
function cover(spans: ParsedTimeline[]): ParsedTimeline {
  return {
    start: spans.map((s) => s.start).reduce((a, b) => (a <= b ? a : b)),
    end: spans.map((s) => s.end).reduce((a, b) => (a >= b ? a : b)),
  };
}
