import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { IntlProvider } from 'react-intl';

/**
 * UI text lives only in src/shared/locales/<language>/<feature>.json (flat keys, ICU messages,
 * each key prefixed with its file's name). Swedish is the default and the fallback.
 */
export const LOCALES = ['sv', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
/** The Intl locale each interface language formats numbers and dates with. */
export const INTL_LOCALE: Record<Locale, string> = { sv: 'sv-SE', en: 'en-GB' };
const RTL = new Set<string>(['ar', 'fa', 'prs']);

const files = import.meta.glob<Record<string, string>>('../shared/locales/*/*.json', { eager: true, import: 'default' });
const MESSAGES: Record<string, Record<string, string>> = {};
for (const [file, messages] of Object.entries(files)) {
  const lang = file.split('/').at(-2)!;
  MESSAGES[lang] = { ...MESSAGES[lang], ...messages };
}

const STORAGE_KEY = 'samspel.lang';

function initialLocale(): Locale {
  const fromUrl = new URLSearchParams(window.location.search).get('lang');
  const stored = fromUrl ?? window.localStorage.getItem(STORAGE_KEY);
  return (LOCALES as readonly string[]).includes(stored ?? '') ? (stored as Locale) : 'sv';
}

interface LocaleState {
  locale: Locale;
  setLocale(l: Locale): void;
}
const LocaleContext = createContext<LocaleState>({ locale: 'sv', setLocale: () => {} });

export function useLocale(): LocaleState {
  return useContext(LocaleContext);
}

export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const setLocale = useCallback((l: Locale) => {
    window.localStorage.setItem(STORAGE_KEY, l);
    setLocaleState(l);
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
    document.documentElement.dir = RTL.has(locale) ? 'rtl' : 'ltr';
  }, [locale]);
  const state = useMemo(() => ({ locale, setLocale }), [locale, setLocale]);
  return (
    <LocaleContext.Provider value={state}>
      <IntlProvider locale={INTL_LOCALE[locale]} messages={{ ...MESSAGES.sv, ...MESSAGES[locale] }} defaultLocale="sv-SE">
        {children}
      </IntlProvider>
    </LocaleContext.Provider>
  );
}
