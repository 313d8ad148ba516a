import { ATTAINMENT_STATUSES, type AttainmentStatus } from '../../domain/attainment/attainment.ts';
import type { FollowUpReport, IndicatorSection, TargetLine, YearValue } from './model.ts';
import type { ReportText } from './text.ts';

/**
 * The words the three renderers of the follow-up report share, so the HTML (and PDF), the DOCX and
 * the XLSX say the same thing: a target's row in words, the summary's lead, an age band, a table's
 * caption and the method note. Everything from the locale files through `text`; the numbers as the
 * model gives them (already through suppression).
 */

/** An age band as a reader says it, in the web app's words (`common.ageBand.*`): `16–64 år`, `65 år och äldre`, `alla åldrar` (null). */
export function ageBandText(text: ReportText, band: string | null): string {
  if (band === null) return text.t('common.ageBand.all');
  const range = /^(\d+)-(\d+)$/.exec(band);
  if (range) return text.t('common.ageBand.range', { from: range[1]!, to: range[2]! });
  const open = /^(\d+)-$/.exec(band);
  if (open) return text.t('common.ageBand.open', { from: open[1]! });
  return band;
}

/** "Andel …, procent": the unit is left out when the name already ends with it, and a closing full stop before it goes; the age band after it when the indicator's tables name one. */
export function tableCaption(ind: Pick<IndicatorSection, 'name' | 'unit' | 'namesBand'>, band: string | null, text: ReportText): string {
  const unit = text.t(`reports.unit.${ind.unit}`);
  const name = ind.name.replace(/\.\s*$/, '');
  const caption = name.toLocaleLowerCase(text.lang).endsWith(`, ${unit.toLocaleLowerCase(text.lang)}`) ? name : text.t('reports.indicator.tableCaption', { name, unit });
  return ind.namesBand ? text.t('reports.indicator.bandCaption', { caption, band: ageBandText(text, band) }) : caption;
}

/** A value with its year and, for a relative target, the comparison group's value that year. */
export interface ValueWords {
  value: string;
  year: string;
  /** "jämförelsegruppen 9,1 %" */
  reference: string | null;
}

/** A target's row in words, the same in every format. */
export interface TargetWords {
  /** The indicator, with the series the target reads when it is not the headline one ("… (20–64 år)"). */
  indicator: string | null;
  /** "minst 10,0 %", "högst jämförelsegruppens nivå"; null: the target has no value. */
  target: string | null;
  /** "2020", "varje år"; null: no year. */
  when: string | null;
  /** The value the status rests on. */
  assessed: ValueWords | null;
  /** "senaste: 11,6 % (2025)", when later than the assessed value. */
  latest: string | null;
  baseline: ValueWords | null;
  /** The reason in words, with its numbers. */
  sentence: string;
}

export function targetWords(x: TargetLine, text: ReportText): TargetWords {
  const { t, f } = text;
  const valueWords = (v: YearValue | null): ValueWords | null =>
    v ? { value: f.value(v.value, x.unit), year: String(v.year), reference: v.reference !== null ? t('reports.target.reference', { value: f.value(v.reference, x.unit) }) : null } : null;
  const series = [x.ageBand !== null ? ageBandText(text, x.ageBand) : null, x.sex !== null ? t(`common.sex.${x.sex}`).toLocaleLowerCase(text.lang) : null].filter((s): s is string => s !== null);
  return {
    indicator: x.indicatorName === null ? null : series.length > 0 ? t('reports.target.series', { indicator: x.indicatorName, series: series.join(', ') }) : x.indicatorName,
    target: x.targetPhrase ? text.sentence(x.targetPhrase) : null,
    when: x.recurrence === 'yearly' ? t('reports.target.everyYear') : x.targetYear !== null ? String(x.targetYear) : null,
    assessed: valueWords(x.assessed),
    latest: x.latest ? t('reports.target.latest', { value: f.value(x.latest.value, x.unit), year: x.latest.year }) : null,
    baseline: valueWords(x.baseline),
    sentence: text.sentence(x.sentence),
  };
}

/**
 * "2 av 9 mål är uppnådda eller i fas.": only the statuses some target has are named (and the column
 * of that count is headed the same way, `reports.col.onTrackOf`).
 */
export function summaryLead(s: FollowUpReport['summary'], text: ReportText): string {
  if (s.onTrack === 'none') return text.t('reports.summary.targetsNone', { total: s.targets });
  return text.t('reports.summary.targets', { achieved: s.achievedOrOnTrack, total: s.targets, onTrack: s.onTrack });
}

/** A paragraph of the method note; `status` when it explains a status ("Uppnått: …"): `label` is its name, `text` the rest. */
export interface MethodParagraph {
  status: AttainmentStatus | null;
  label: string | null;
  text: string;
}

/**
 * How targets are judged, for a reader (attainment.methodNote): its paragraphs (separated by blank
 * lines), the ones that start with a status's name and a colon split into the name and the rest.
 */
export function methodNote(text: ReportText): MethodParagraph[] {
  const names = new Map(ATTAINMENT_STATUSES.map((s) => [text.t(`common.status.${s}`).toLocaleLowerCase(text.lang), s]));
  return text
    .t('attainment.methodNote')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const m = /^([^:.]{2,40}):\s+(.*)$/s.exec(p);
      const status = m ? names.get(m[1]!.toLocaleLowerCase(text.lang)) : undefined;
      return status ? { status, label: m![1]!, text: m![2]! } : { status: null, label: null, text: p };
    });
}
