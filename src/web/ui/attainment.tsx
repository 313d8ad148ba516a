import { useCallback } from 'react';
import { FormattedMessage, useIntl, type IntlShape } from 'react-intl';
import type { Sentence } from '../../domain/attainment/explain.ts';
import { attainmentText } from '../../shared/attainment-text.ts';

/**
 * A status's reason in words, the same sentence the API (`explanationText`) and the generated reports
 * give: `attainmentText` over the interface language's messages (attainment.json and common.json).
 */
export function useSentence(): (s: Sentence) => string {
  const intl = useIntl();
  return useCallback((s: Sentence) => attainmentText(intl, s), [intl]);
}

/** An age band as a reader says it: `16–64 år`, `65 år och äldre`, `alla åldrar` (null). */
export function ageBandText(intl: IntlShape, band: string | null): string {
  if (band === null) return intl.formatMessage({ id: 'common.ageBand.all' });
  const range = /^(\d+)-(\d+)$/.exec(band);
  if (range) return intl.formatMessage({ id: 'common.ageBand.range' }, { from: range[1]!, to: range[2]! });
  const open = /^(\d+)-$/.exec(band);
  if (open) return intl.formatMessage({ id: 'common.ageBand.open' }, { from: open[1]! });
  return band;
}

/**
 * How statuses are judged, for a reader (attainment.methodNote), behind a short disclosure. The note's
 * paragraphs are separated by blank lines in the message; a paragraph that starts with a status's name
 * and a colon has the name in bold.
 */
export function MethodNote() {
  const intl = useIntl();
  const paragraphs = intl
    .formatMessage({ id: 'attainment.methodNote' })
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return (
    <details className="method-note">
      <summary>
        <FormattedMessage id="common.methodNote.summary" />
      </summary>
      <div className="method-note-body">
        {paragraphs.map((p) => {
          const m = /^([^:.]{2,40}):\s(.*)$/s.exec(p);
          return <p key={p}>{m ? <><strong>{m[1]}:</strong> {m[2]}</> : p}</p>;
        })}
      </div>
    </details>
  );
}
