import type { Sentence, SentenceValue } from '../domain/attainment/explain.ts';
import { makeFormat, type Format, type IntlLike } from './format.ts';

/**
 * A sentence of src/domain/attainment/explain.ts in words: every tagged value formatted by locale and
 * unit (makeFormat: `47,0 %`, `6,1 %`; `1,2 procentenheter` for a difference of percentages), then the message
 * `attainment.*` of src/shared/locales/<lang>/attainment.json. Works with @formatjs/intl's
 * `createIntl` (server, reports) and react-intl's IntlShape (web app); the messages must hold
 * attainment.json and common.json (`common.reason.*`, the fallback of describeAttainment).
 * docs/methodology/attainment.md#the-reasons-in-words
 * @example attainmentText(intl, describeAttainment(target, attainment)) // "2020 var andelen 47,0 %, målet var minst 50,0 % (bedömt på målåret)."
 */
export function attainmentText(intl: IntlLike, s: Sentence): string {
  return render(intl, makeFormat(intl), s);
}

function render(intl: IntlLike, f: Format, s: Sentence): string {
  const values: Record<string, string | number> = {};
  for (const [name, v] of Object.entries(s.values)) values[name] = formatValue(intl, f, v);
  return intl.formatMessage({ id: s.id }, values);
}

function formatValue(intl: IntlLike, f: Format, v: SentenceValue): string | number {
  switch (v.kind) {
    case 'value':
      return f.value(v.value, v.unit);
    case 'change':
      // A difference of percentages is in percentage points; a count's change may be a fraction (4,5 a year).
      // One decimal, as the values; the message picks "1 procentenhet" or "2,5 procentenheter".
      if (v.unit === 'percent') return intl.formatMessage({ id: 'attainment.unit.percentagePoints' }, { n: Math.round(v.value * 10) / 10 });
      if (v.unit === 'count' || v.unit === null) return f.number(v.value, 1);
      return f.value(v.value, v.unit);
    case 'rate':
      return f.percent(v.value);
    case 'year':
      return String(v.value);
    case 'number':
      return f.number(v.value, 2);
    case 'count':
      return v.value;
    case 'choice':
      return v.value;
    case 'phrase':
      return render(intl, f, v.sentence);
    case 'list':
      return listFormat(intl.locale).format(v.items.map((item) => render(intl, f, item)));
  }
}

/** One list formatter per locale: making one costs far more than using it (about 200 sentences a compilation). */
const listFormats = new Map<string, Intl.ListFormat>();
function listFormat(locale: string): Intl.ListFormat {
  let lf = listFormats.get(locale);
  if (!lf) {
    lf = new Intl.ListFormat(locale, { type: 'conjunction' });
    listFormats.set(locale, lf);
  }
  return lf;
}
