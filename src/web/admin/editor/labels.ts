import type { IntlShape } from 'react-intl';
import { knownMessage } from './forms.ts';

/** The server's message for a field in the page's language where we know it. */
export function localMessage(intl: IntlShape, message: string): string {
  const known = knownMessage(message);
  return known ? intl.formatMessage({ id: known.id }, known.values) : message;
}

/** The text of an option: a message id, or a name from the document. */
export function optionText(intl: IntlShape, o: { labelId?: string; label?: string }): string {
  return o.labelId ? intl.formatMessage({ id: o.labelId }) : (o.label ?? '');
}

/** A long text cut to a length fit for a button's hidden label or a choice in a list. */
export function short(text: string, max = 70): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length <= max ? t : `${t.slice(0, max - 1).trimEnd()}…`;
}
