import type { Sentence } from '../../domain/attainment/explain.ts';
import type { ReportLang } from '../../domain/reports/kinds.ts';
import { createIntl, createIntlCache, type IntlShape } from '@formatjs/intl';
import { attainmentText } from '../../shared/attainment-text.ts';
import { makeFormat, type Format } from '../../shared/format.ts';
import enActionPlan from '../../shared/locales/en/actionPlan.json' with { type: 'json' };
import enAttainment from '../../shared/locales/en/attainment.json' with { type: 'json' };
import enCommon from '../../shared/locales/en/common.json' with { type: 'json' };
import enIndicator from '../../shared/locales/en/indicator.json' with { type: 'json' };
import enReports from '../../shared/locales/en/reports.json' with { type: 'json' };
import svActionPlan from '../../shared/locales/sv/actionPlan.json' with { type: 'json' };
import svAttainment from '../../shared/locales/sv/attainment.json' with { type: 'json' };
import svCommon from '../../shared/locales/sv/common.json' with { type: 'json' };
import svIndicator from '../../shared/locales/sv/indicator.json' with { type: 'json' };
import svReports from '../../shared/locales/sv/reports.json' with { type: 'json' };

export type { ReportLang } from '../../domain/reports/kinds.ts';

const MESSAGES: Record<ReportLang, Record<string, string>> = {
  sv: { ...svCommon, ...svAttainment, ...svActionPlan, ...svIndicator, ...svReports },
  en: { ...svCommon, ...svAttainment, ...svActionPlan, ...svIndicator, ...svReports, ...enCommon, ...enAttainment, ...enActionPlan, ...enIndicator, ...enReports },
};
const INTL_LOCALE: Record<ReportLang, string> = { sv: 'sv-SE', en: 'en-GB' };

/** The words and number formats of a generated report: the same locale files and rules as the web app. */
export interface ReportText {
  lang: ReportLang;
  /** A message from src/shared/locales/<lang>/{common,attainment,actionPlan,indicator,reports}.json. */
  t(id: string, values?: Record<string, string | number>): string;
  /**
   * A sentence of the compilation (a status's reason, a roll-up's rule, the target in words) in words:
   * `attainmentText` with the same messages and number formats as the web app and the API's `explanationText`.
   */
  sentence(s: Sentence): string;
  f: Format;
  /** The mark a suppressed number is printed as, in every format (docs/methodology/disclosure.md). */
  suppressed: string;
}

const cache = createIntlCache();
const texts = new Map<ReportLang, ReportText>();

export function reportText(lang: ReportLang = 'sv'): ReportText {
  let text = texts.get(lang);
  if (!text) {
    const intl: IntlShape<string> = createIntl({ locale: INTL_LOCALE[lang], messages: MESSAGES[lang], defaultLocale: 'sv-SE' }, cache);
    const t = (id: string, values?: Record<string, string | number>) => {
      if (!(id in MESSAGES[lang])) throw new Error(`No message "${id}" in the report texts`);
      return intl.formatMessage({ id }, values) as string;
    };
    const sentence = (s: Sentence) => {
      if (!(s.id in MESSAGES[lang])) throw new Error(`No message "${s.id}" in the report texts`);
      return attainmentText(intl, s);
    };
    text = { lang, t, sentence, f: makeFormat({ locale: intl.locale, formatNumber: (v, o) => intl.formatNumber(v, o as Parameters<typeof intl.formatNumber>[1]), formatDate: (d, o) => intl.formatDate(d, o as Parameters<typeof intl.formatDate>[1]), formatMessage: (d, v) => t(d.id, v) }), suppressed: '..' };
    texts.set(lang, text);
  }
  return text;
}
