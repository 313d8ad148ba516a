import { createIntl, createIntlCache, type IntlShape } from '@formatjs/intl';
import { LRUCache } from 'lru-cache';
import type { Sentence } from '../domain/attainment/explain.ts';
import { attainmentText } from '../shared/attainment-text.ts';
import type { Compilation } from '../shared/api/views.ts';
import enAttainment from '../shared/locales/en/attainment.json' with { type: 'json' };
import enCommon from '../shared/locales/en/common.json' with { type: 'json' };
import svAttainment from '../shared/locales/sv/attainment.json' with { type: 'json' };
import svCommon from '../shared/locales/sv/common.json' with { type: 'json' };

/** The languages the API words its answers in; Swedish is the reference. */
export const API_LANGS = ['sv', 'en'] as const;
export type ApiLang = (typeof API_LANGS)[number];

const MESSAGES: Record<ApiLang, Record<string, string>> = {
  sv: { ...svCommon, ...svAttainment },
  en: { ...svCommon, ...svAttainment, ...enCommon, ...enAttainment },
};
const LOCALE: Record<ApiLang, string> = { sv: 'sv-SE', en: 'en-GB' };
const cache = createIntlCache();
const intls = new Map<ApiLang, IntlShape<string>>();

function intlOf(lang: ApiLang): IntlShape<string> {
  let intl = intls.get(lang);
  if (!intl) {
    intl = createIntl({ locale: LOCALE[lang], messages: MESSAGES[lang], defaultLocale: 'sv-SE' }, cache);
    intls.set(lang, intl);
  }
  return intl;
}

/**
 * Words are a pure function of the sentence and the language, and the same sentences come back with
 * every compilation of a document: formatting them once per process saves most of the route's time
 * beyond compile() (bench/compilation.ts).
 */
const texts = new LRUCache<string, string>({ max: 20_000 });

/** A sentence in words, with the same messages and number formats as the web app and the reports. */
export function sentenceText(sentence: Sentence, lang: ApiLang = 'sv'): string {
  const key = `${lang}\u0000${JSON.stringify(sentence)}`;
  let text = texts.get(key);
  if (text === undefined) {
    text = attainmentText(intlOf(lang), sentence);
    texts.set(key, text);
  }
  return text;
}

/**
 * The compilation with every status's sentence also in words (`explanationText`), in the language asked
 * for: a client without our locale files reads the same sentence the web app and the reports show.
 */
export function withExplanationText(c: Compilation, lang: ApiLang = 'sv'): Compilation {
  const words = <T extends { sentence: Sentence }>(x: T): T & { explanationText: string } => ({ ...x, explanationText: sentenceText(x.sentence, lang) });
  return {
    ...c,
    summary: words(c.summary),
    areas: c.areas.map((a) => ({ ...a, rollUp: words(a.rollUp) })),
    goals: c.goals.map((g) => ({ ...g, rollUp: words(g.rollUp) })),
    targets: c.targets.map(words),
  };
}
