import fs from 'node:fs';
import path from 'node:path';
import { createIntl, createIntlCache, type IntlShape } from '@formatjs/intl';
import type { Sentence } from '../../../src/domain/attainment/explain.ts';
import { attainmentText } from '../../../src/shared/attainment-text.ts';
import { PROJECT_ROOT } from '../../support/server-process.ts';

/**
 * The words a page should show, computed here and not copied from the page: a status's sentence
 * through `attainmentText` with @formatjs/intl over the same locale files the web app loads (every
 * src/shared/locales/<lang>/*.json, Swedish under the other language, as src/web/i18n.tsx does).
 */

const LOCALES = path.join(PROJECT_ROOT, 'src', 'shared', 'locales');
const INTL_LOCALE = { sv: 'sv-SE', en: 'en-GB' } as const;
const cache = createIntlCache();
const intls = new Map<string, IntlShape<string>>();

function messagesOf(lang: string): Record<string, string> {
  const dir = path.join(LOCALES, lang);
  return Object.assign({}, ...fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Record<string, string>));
}

export function intlFor(lang: 'sv' | 'en' = 'sv'): IntlShape<string> {
  let intl = intls.get(lang);
  if (!intl) {
    intl = createIntl({ locale: INTL_LOCALE[lang], messages: { ...messagesOf('sv'), ...(lang === 'sv' ? {} : messagesOf(lang)) }, defaultLocale: 'sv-SE' }, cache);
    intls.set(lang, intl);
  }
  return intl;
}

/** A status's sentence in words, as the web app, the API (`explanationText`) and the reports give it. */
export function sentenceText(s: Sentence, lang: 'sv' | 'en' = 'sv'): string {
  return attainmentText(intlFor(lang), s);
}

/** Whitespace as a reader sees it: every run of spaces (also the no-break spaces in numbers) as one space. */
export const norm = (s: string | null | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();
