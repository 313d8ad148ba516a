import { HeadingLevel, Paragraph, TabStopType, TextRun, type FileChild, type ParagraphChild } from 'docx';
import type { IndicatorUnit } from '../../domain/strategy/types.ts';
import {
  bullet,
  chartParagraph,
  gap,
  heading,
  keepTogether,
  keyValueTable,
  labelled,
  link,
  note,
  pack,
  pageFooter,
  pageProperties,
  para,
  plainTable,
  sideBySide,
  table,
  TEXT_WIDTH,
  widths,
  type Cell,
  type Column,
} from './docx-kit.ts';
import { proposalLines, type ActionPlanReport, type ActivityLine, type AreaSection, type BandTable, type FollowUpReport, type GoalSection, type IndicatorSection, type ProposalReport, type ReportCell, type TargetLine } from './model.ts';
import type { ReportText } from './text.ts';
import { ageBandText, methodNote, summaryLead, tableCaption, targetWords, type ValueWords } from './words.ts';

/**
 * The three generated documents as Word files (docx): the yearly follow-up report, the action plan as
 * the adopted plan prints it (A4 landscape) and the decision proposal (tjänsteskrivelse). They lay out
 * the models of model.ts and compute nothing of their own: statuses, suppression and grouping are in the
 * model, every word comes from the locale files through `text.t`.
 */

type Block = FileChild;

const LOCALE: Record<ReportText['lang'], string> = { sv: 'sv-SE', en: 'en-GB' };

/** A number with exactly `digits` decimals ("0,250", "2,0"), so a column of them lines up. */
function fixed(text: ReportText, v: number, digits: number): string {
  return new Intl.NumberFormat(LOCALE[text.lang], { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v);
}

/** A value in its unit: "34,5 %", "1 234", "12 300 kr"; a ratio with three decimals (0,417), as the indicator page shows it. */
function valueOf(text: ReportText, v: number, unit: IndicatorUnit | null): string {
  return unit === 'ratio' ? fixed(text, v, 3) : text.f.value(v, unit);
}

/** A gap between women and men in words: percentage points for a percentage, else the indicator's unit. */
function gapOf(text: ReportText, v: number, unit: IndicatorUnit): string {
  return unit === 'percent' ? text.t('common.percentagePoints', { n: fixed(text, v, 1) }) : valueOf(text, v, unit);
}

/** A gap in a table column whose heading names the unit: "−5,4" for percentage points. */
function gapCell(text: ReportText, v: number, unit: IndicatorUnit): string {
  return unit === 'percent' ? fixed(text, v, 1) : valueOf(text, v, unit);
}

function adoptedByText(r: { document: FollowUpReport['document'] }): string | null {
  const a = r.document.adoptedBy;
  return a ? [a.body, a.paragraph].filter(Boolean).join(' ') : null;
}

// ---------------------------------------------------------------------------------------------------
// The yearly follow-up report
// ---------------------------------------------------------------------------------------------------

export async function followUpDocx(r: FollowUpReport, text: ReportText): Promise<Buffer> {
  const { t } = text;
  const W = TEXT_WIDTH.portrait;
  const title = t('reports.followUp.documentTitle', { title: r.document.title, year: r.year });
  const children: Block[] = [
    ...followUpCover(r, text),
    ...followUpSummary(r, text, W),
    ...methodSection(r, text, W),
    // After a one-sentence summary the first area follows on the same page.
    ...r.sections.flatMap((s, i) => areaSection(s, r, text, W, i > 0 || r.summary.targets > 0)),
    ...unitsSection(r, text, W),
    ...definitionsSection(r, text, W),
  ];
  return pack(text, { title, subject: r.document.title, description: t('reports.cover.asOf', { year: r.year, date: text.f.date(r.asOf) }), generatedAt: r.generatedAt }, [
    { properties: pageProperties('portrait'), footers: { default: pageFooter(text, title, W) }, children },
  ]);
}

function followUpCover(r: FollowUpReport, text: ReportText): Block[] {
  const { t, f } = text;
  const d = r.document;
  const from = d.validFrom ?? d.decisionDate;
  const validity = d.validIndefinitely ? (from ? t('reports.cover.validIndefinitely', { from: f.date(from) }) : t('actionPlan.meta.untilFurther')) : d.validFrom || d.validUntil ? t('reports.cover.validRange', { from: f.date(d.validFrom), to: f.date(d.validUntil) }) : null;
  const rows: Array<[string, string]> = [
    [t('reports.cover.municipality'), r.municipality.name],
    [t('reports.cover.adoptedBy'), adoptedByText(r) ?? t('common.none')],
    [t('reports.cover.decisionDate'), f.date(d.decisionDate)],
    [t('reports.cover.caseNumber'), d.caseNumber ?? t('common.none')],
    [t('reports.cover.owner'), d.owner ?? t('common.none')],
  ];
  if (validity) rows.push([t('reports.cover.validity'), validity]);
  return [
    para(r.municipality.name, { style: 'Meta', size: 28, spacingBefore: 1400, spacingAfter: 240 }),
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(t('reports.followUp.title', { year: r.year }))] }),
    new Paragraph({ style: 'Subtitle', children: [new TextRun(t('reports.followUp.of', { title: d.title }))], spacing: { after: d.subtitle && d.subtitle !== d.title ? 60 : 600 } }),
    ...(d.subtitle && d.subtitle !== d.title ? [para(d.subtitle, { style: 'Meta', spacingAfter: 600 })] : []),
    keyValueTable(rows, TEXT_WIDTH.portrait),
    gap(),
    para(t('reports.cover.asOf', { year: r.year, date: f.date(r.asOf) }), { style: 'Meta', spacingBefore: 240 }),
    para(t('reports.cover.generated', { date: f.date(r.generatedAt) }), { style: 'Meta' }),
    ...(r.inForce ? [] : [new Paragraph({ style: 'Notice', children: [new TextRun(t('reports.cover.notInForce', { year: r.year }))] })]),
    ...(r.usesExampleData ? [new Paragraph({ style: 'Notice', children: [new TextRun(t('reports.example'))] })] : []),
  ];
}

function followUpSummary(r: FollowUpReport, text: ReportText, W: number): Block[] {
  const { t } = text;
  const s = r.summary;
  // A document without measurable targets (Tyresö's: the committees set their own) says so instead of "0 of 0".
  if (s.targets === 0) return [heading(1, t('reports.summary.heading'), { pageBreakBefore: true }), para(t('reports.summary.noTargets'), { bold: true, size: 22 })];
  // Every status named here is one some target has: the counts, the median and its rule in words.
  const out: Block[] = [
    heading(1, t('reports.summary.heading'), { pageBreakBefore: true }),
    para(summaryLead(s, text), { bold: true, size: 24 }),
    para(t('reports.summary.assessable', { assessable: s.assessable, total: s.targets })),
    para([new TextRun(t('reports.goal.status', { status: '' })), new TextRun({ text: t(`common.status.${s.status}`), bold: true }), new TextRun(`. ${text.sentence(s.sentence)}`)]),
  ];
  if (r.perArea.length > 0) {
    const [a, b, c, d, e] = widths(W, [38, 9, 15, 14, 24]);
    out.push(
      heading(2, t('reports.summary.perArea')),
      table(
        [
          { header: t('reports.col.area'), width: a! },
          { header: t('reports.col.targets'), width: b!, align: 'right' },
          { header: t('reports.col.onTrackOf', { onTrack: r.summary.onTrack }), width: c!, align: 'right' },
          { header: t('reports.col.assessable'), width: d!, align: 'right' },
          { header: t('reports.col.status'), width: e! },
        ],
        r.perArea.map((p) => [
          { content: p.name },
          { content: text.f.number(p.targets, 0) },
          { content: text.f.number(p.achievedOrOnTrack, 0) },
          { content: text.f.number(p.assessable, 0) },
          { content: p.targets > 0 ? { text: t(`common.status.${p.status}`), bold: true } : t('common.none') },
        ]),
      ),
      gap(),
    );
  }
  const [a, b] = widths(Math.round(W * 0.6), [70, 30]);
  out.push(
    heading(2, t('reports.summary.byStatus')),
    table(
      [
        { header: t('reports.col.status'), width: a! },
        { header: t('reports.col.count'), width: b!, align: 'right' },
      ],
      s.statuses.map((st) => [{ content: t(`common.status.${st}`) }, { content: text.f.number(s.counts[st] ?? 0, 0) }]),
    ),
    gap(),
  );
  return out;
}

/**
 * How targets are judged (attainment.methodNote), after the summary: a paragraph per status with its name
 * in bold beside it. Left out when the document has no measurable targets.
 */
function methodSection(r: FollowUpReport, text: ReportText, W: number): Block[] {
  if (r.summary.targets === 0) return [];
  // On a page of its own, after the summary: it fits on one.
  const out: Block[] = [heading(1, text.t('reports.method.heading'), { pageBreakBefore: true })];
  let rows: Array<[string, string]> = [];
  const flush = () => {
    if (rows.length === 0) return;
    const [a, b] = widths(W, [26, 74]);
    out.push(plainTable(rows.map(([label, body]) => [[para(label, { style: 'TableText', bold: true, spacingAfter: 40 })], [para(body, { style: 'TableText', spacingAfter: 40 })]]), [a!, b!], { borders: false }), gap());
    rows = [];
  };
  for (const p of methodNote(text)) {
    if (p.status && p.label) {
      rows.push([p.label, p.text]);
      continue;
    }
    flush();
    out.push(para(p.text));
  }
  flush();
  return out;
}

/** A goal's or an area's computed status in bold, and the rule that gave it in words. */
function rollUpPara(prefix: string | null, id: string, r: NonNullable<AreaSection['rollUp']>, text: ReportText): Paragraph {
  const { t } = text;
  const [before, after] = t(id, { status: '\u0001' }).split('\u0001');
  return para(
    [
      new TextRun(`${prefix ? `${prefix} · ` : ''}${before ?? ''}`),
      new TextRun({ text: t(`common.status.${r.overall.status}`), bold: true }),
      new TextRun(`${after ?? ''}. ${text.sentence(r.sentence)}`),
    ],
    { style: 'Meta', keepNext: true },
  );
}

function areaSection(s: AreaSection, r: FollowUpReport, text: ReportText, W: number, newPage: boolean): Block[] {
  const { t } = text;
  const out: Block[] = [heading(1, s.name ?? t('reports.section.noArea'), { pageBreakBefore: newPage })];
  // An area without targets has no computed status: it would name one none of its targets has.
  if (s.rollUp && s.rollUp.total > 0) out.push(rollUpPara(null, 'reports.area.status', s.rollUp, text));
  // The goals with their targets first, then the indicators and activities that belong to the area as a whole.
  for (const g of s.goals) out.push(...goalSection(g, r, text, W));
  if (s.indicators.length > 0) {
    out.push(heading(2, t('reports.goal.indicators')));
    for (const ind of s.indicators) out.push(...indicatorBlock(ind, r, text, W, 3));
  }
  if (s.activities.length > 0) out.push(heading(2, t('reports.goal.activities')), activityTable(s.activities, text, W), gap());
  return out;
}

function goalSection(g: GoalSection, r: FollowUpReport, text: ReportText, W: number): Block[] {
  const { t } = text;
  const level = 1 + g.level;
  const empty = g.targets.length + g.narratives.length + g.indicators.length + g.activities.length === 0;
  const out: Block[] = [heading(level, g.title)];
  // A status only where there are targets to have one; the level's name in any case.
  if (g.rollUp.total > 0) out.push(rollUpPara(g.levelName, 'reports.goal.status', g.rollUp, text));
  else if (g.levelName) out.push(para(g.levelName, { style: 'Meta', keepNext: true }));

  // A goal without measurable targets says so in one line, under its heading, instead of an empty sub-section.
  if (g.targets.length === 0) out.push(para(t('reports.goal.noTargets'), { keepNext: !empty }));
  else out.push(heading(level + 1, t('reports.goal.targets')), targetsTable(g.targets, text, W), gap());

  if (g.narratives.length > 0) {
    const [a, b, c] = widths(W, [24, 20, 56]);
    out.push(
      heading(level + 1, t('reports.goal.narratives')),
      table(
        [
          { header: t('reports.col.committee'), width: a! },
          { header: t('reports.col.assessment'), width: b! },
          { header: t('reports.col.narrative'), width: c! },
        ],
        g.narratives.map((n) => [
          { content: [para(n.unit, { style: 'TableText' }), para(t(`common.reportStatus.${n.reportStatus}`), { style: 'TableText', color: '555555', size: 16 })] },
          {
            content: [
              para(t(`common.narrative.${n.assessment}`), { style: 'TableText', bold: true }),
              ...(n.disagreement ? [para(t(`reports.goal.disagreement.${n.disagreement}`), { style: 'TableText', italics: true, size: 16 })] : []),
            ],
          },
          { content: n.text ?? t('common.none') },
        ]),
      ),
      gap(),
    );
  }

  if (g.indicators.length > 0) {
    out.push(heading(level + 1, t('reports.goal.indicators')));
    for (const ind of g.indicators) out.push(...indicatorBlock(ind, r, text, W, level + 2));
  }
  if (g.activities.length > 0) out.push(heading(level + 1, t('reports.goal.activities')), activityTable(g.activities, text, W), gap());
  return out;
}

/**
 * The targets of a goal: per target a row with the target in words, the value the status rests on with
 * its year (the comparison group's beside it for a relative target, the latest value when later), the
 * baseline and the status; under it, over the whole width, the reason in words with its numbers, kept
 * on the page with its row.
 */
function targetsTable(targets: TargetLine[], text: ReportText, W: number) {
  const { t } = text;
  const [a, b, c, d, e] = widths(W, [26, 23, 15, 18, 18]);
  const small = (s: string) => para(s, { style: 'TableText', color: '555555', size: 16 });
  const value = (v: ValueWords | null, extra: string | null = null): Paragraph[] =>
    v
      ? [para(v.value, { style: 'TableText', align: 'right' }), ...[v.year, v.reference, extra].filter((x): x is string => x !== null).map((x) => para(x, { style: 'TableText', color: '555555', size: 16, align: 'right' }))]
      : [para(t('common.none'), { style: 'TableText', align: 'right' })];
  const rows: Cell[][] = targets.flatMap((x) => {
    const w = targetWords(x, text);
    return [
      [
        { content: [para(x.statement, { style: 'TableText' }), ...(w.indicator ? [small(`${t('reports.col.indicator')}: ${w.indicator}`)] : [])] },
        { content: w.target ? [para(w.target, { style: 'TableText' }), ...(w.when ? [small(w.when)] : [])] : t('common.none') },
        { content: value(w.assessed, w.latest) },
        { content: value(w.baseline) },
        { content: { text: t(`common.status.${x.status}`), bold: true } },
      ],
      [{ content: [para(w.sentence, { style: 'TableText' })], columnSpan: 5, fill: 'F5F7FA' }],
    ];
  });
  return table(
    [
      { header: t('reports.col.target'), width: a! },
      { header: t('reports.col.targetValue'), width: b! },
      { header: t('reports.col.assessed'), width: c!, align: 'right' },
      { header: t('reports.col.baseline'), width: d!, align: 'right' },
      { header: t('reports.col.status'), width: e! },
    ],
    rows,
    { keepWithNext: (i) => i % 2 === 0 },
  );
}

function cellText(text: ReportText, c: ReportCell | null | undefined, unit: IndicatorUnit): string {
  if (!c) return text.t('common.none');
  if (c.suppressed) return text.suppressed;
  if (c.value === null) return text.t('common.none');
  return `${valueOf(text, c.value, unit)}${c.preliminary ? ' *' : ''}`;
}

/**
 * An indicator: its headline age band's chart by sex with baseline and target, the same numbers as a
 * table, and the notes that go with them; then a table of every other declared age band, each with its
 * own women–men gap, named in its caption.
 */
function indicatorBlock(ind: IndicatorSection, r: FollowUpReport, text: ReportText, W: number, level: number): Block[] {
  const { t, f } = text;
  const out: Block[] = [heading(level, ind.name)];
  if (ind.namesBand) out.push(para(t('reports.indicator.band', { band: ageBandText(text, ind.ageBand) }), { style: 'Meta', keepNext: true }));
  if (ind.rows.length === 0) {
    out.push(para(t('reports.indicator.noValues')));
  } else {
    const showGap = (ind.genderGap?.years.length ?? 0) > 0;
    // A table of one or two series is narrow: it stands beside the chart; a wider one goes under it.
    const narrow = ind.sexes.length + (showGap ? 1 : 0) <= 2;
    const sideWidths: [number, number] = [Math.round(W * 0.63), W - Math.round(W * 0.63)];
    const chart = chartParagraph(ind, text, narrow ? sideWidths[0] : Math.round(W * 0.72));
    const { captionPara, values, short } = bandTable(ind, ind, text, narrow ? sideWidths[1] - 170 : W);
    if (narrow && chart && short) out.push(sideBySide([chart], [captionPara, values], sideWidths));
    else if (short) out.push(keepTogether([...(chart ? [chart] : []), captionPara, values], W));
    else out.push(...(chart ? [chart] : []), captionPara, values);
  }

  const notes: Array<string | ParagraphChild[]> = [...bandNotes(ind, r, text)];
  if (ind.baseline) notes.push(t('indicator.fact.baseline', { value: valueOf(text, ind.baseline.value, ind.unit), year: ind.baseline.year }));
  if (ind.target) notes.push(ind.target.year !== null ? t('indicator.fact.target', { value: valueOf(text, ind.target.value, ind.unit), year: ind.target.year }) : t('indicator.chart.targetLevel', { value: valueOf(text, ind.target.value, ind.unit) }));
  const source = [t(`indicator.sourceKind.${ind.source.kind}`), ind.source.ref].filter(Boolean).join(' ');
  const sourceLine = t('reports.indicator.source', { source: '\u0001' }).split('\u0001');
  notes.push([new TextRun(sourceLine[0] ?? ''), ind.source.url ? link(source, ind.source.url) : new TextRun(source), new TextRun(sourceLine[1] ?? '')]);
  for (const fn of ind.footnotes) notes.push(fn);
  out.push(...notes.map((n) => note(n)));

  const sentences = [...gapSentences(ind, ind.unit, text), ...(ind.stale.stale ? [t('reports.indicator.stale', { date: f.date(ind.stale.expectedBy) })] : [])];
  if (sentences.length > 0) out.push(para(sentences.join(' '), { spacingBefore: 60 }));

  // The other age bands: a table each, under the headline's, with their own notes and gap.
  for (const band of ind.otherBands) {
    if (band.rows.length === 0) {
      out.push(para(`${tableCaption(ind, band.ageBand, text)}: ${t('reports.indicator.noValues')}`, { spacingBefore: 120 }));
      continue;
    }
    const { captionPara, values, short } = bandTable(ind, band, text, W);
    out.push(para('', { spacingAfter: 0, spacingBefore: 60 }));
    out.push(short ? keepTogether([captionPara, values], W) : captionPara, ...(short ? [] : [values]));
    out.push(...bandNotes(band, r, text).map((n) => note(n)));
    const gapWords = gapSentences(band, ind.unit, text);
    if (gapWords.length > 0) out.push(para(gapWords.join(' '), { spacingBefore: 60 }));
  }
  out.push(gap());
  return out;
}

/** An age band's values by year and sex, with the women–men gap, under its caption (the indicator, its unit and, where it names bands, the band). */
function bandTable(ind: IndicatorSection, band: BandTable, text: ReportText, maxWidth: number) {
  const { t } = text;
  const captionPara = para(tableCaption(ind, band.ageBand, text), { bold: true, keepNext: true, spacingAfter: 60, size: 18 });
  const gapYears = new Map((band.genderGap?.years ?? []).map((y) => [y.year, y]));
  const showGap = gapYears.size > 0;
  const weights = [14, ...band.sexes.map(() => 20), ...(showGap ? [26] : [])];
  const cw = widths(Math.min(maxWidth, 1500 * weights.length + (showGap ? 1500 : 0)), weights);
  const columns: Column[] = [
    { header: t('reports.col.year'), width: cw[0]! },
    ...band.sexes.map((s, i) => ({ header: t(`common.sex.${s}`), width: cw[i + 1]!, align: 'right' as const })),
    ...(showGap ? [{ header: t(ind.unit === 'percent' ? 'indicator.table.gapPoints' : 'indicator.table.gap'), width: cw.at(-1)!, align: 'right' as const }] : []),
  ];
  const breaks = new Set(band.seriesBreaks);
  const rows: Cell[][] = band.rows.map((row) => {
    const g = gapYears.get(row.year);
    return [
      { content: breaks.has(row.year) ? `${row.year} |` : String(row.year) },
      ...band.sexes.map((s) => ({ content: cellText(text, row.cells[s], ind.unit) })),
      ...(showGap ? [{ content: g ? gapCell(text, g.gap, ind.unit) : t('common.none') }] : []),
    ];
  });
  // A short table stays with its chart on one page; a long one runs on with its header row repeated.
  const short = rows.length <= 20;
  return { captionPara, values: table(columns, rows, { keepTogether: short }), short };
}

/** The notes under an age band's table: preliminary values, series breaks, suppression. */
function bandNotes(band: BandTable, r: FollowUpReport, text: ReportText): string[] {
  const { t } = text;
  const notes: string[] = [];
  const breaks = new Set(band.seriesBreaks);
  if (band.rows.some((row) => Object.values(row.cells).some((c) => c?.preliminary && !c.suppressed))) notes.push(t('reports.indicator.preliminaryNote'));
  if (band.rows.some((row) => breaks.has(row.year))) notes.push(t('reports.indicator.breakNote'));
  if (band.anySuppressed) notes.push(t('reports.disclosure.note', { threshold: r.disclosure.threshold }));
  return notes;
}

/** The women–men gap of an age band in words, as the indicator page says it. */
function gapSentences(band: BandTable, unit: IndicatorUnit, text: ReportText): string[] {
  const { t } = text;
  const gg = band.genderGap;
  if (!gg || !(band.sexes.includes('women') || band.sexes.includes('men'))) return [];
  const latest = gg.latest;
  if (!latest) return [t(`indicator.gap.${gg.reason}`)];
  const first = gg.years[0]!;
  const out = [
    t(latest.gap < 0 ? 'indicator.gap.latestWomenLower' : latest.gap > 0 ? 'indicator.gap.latestWomenHigher' : 'indicator.gap.latestEqual', {
      year: latest.year,
      women: valueOf(text, latest.women, unit),
      men: valueOf(text, latest.men, unit),
      size: gapOf(text, latest.size, unit),
    }),
  ];
  if (gg.overall) out.push(t(`indicator.gap.overall.${gg.overall}`, { first: first.year, size: gapOf(text, first.size, unit) }));
  if (latest.change && gg.years.length > 2) out.push(t(`indicator.gap.change.${latest.change}`));
  if (gg.flagged && gg.threshold !== null) out.push(`${t('indicator.gap.flagged', { threshold: gapOf(text, gg.threshold, unit) })}.`);
  return out;
}

function activityTable(activities: ActivityLine[], text: ReportText, W: number) {
  const { t, f } = text;
  const [a, b, c, d, e] = widths(W, [34, 13, 11, 26, 16]);
  return table(
    [
      { header: t('reports.col.activity'), width: a! },
      { header: t('reports.col.status'), width: b! },
      { header: t('reports.col.progress'), width: c!, align: 'right' },
      { header: t('reports.col.comment'), width: d! },
      { header: t('reports.col.reportedBy'), width: e! },
    ],
    activities.map((x) => [
      { content: x.description ?? t('common.none') },
      { content: { text: t(`common.activityStatus.${x.status}`), bold: true } },
      { content: x.progress !== null ? f.percent(x.progress / 100) : t('common.none') },
      { content: x.comment ?? t('common.none') },
      { content: x.reportedBy ?? t('common.none') },
    ]),
  );
}

function unitsSection(r: FollowUpReport, text: ReportText, W: number): Block[] {
  const { t } = text;
  const out: Block[] = [heading(1, t('reports.units.heading'), { pageBreakBefore: true })];
  const [a, b] = widths(Math.round(W * 0.8), [70, 30]);
  const part = (key: 'notSubmitted' | 'notApproved' | 'approved') => {
    const units = r.units[key];
    out.push(heading(2, t(`reports.units.${key}`)));
    if (units.length === 0) {
      out.push(para(t('reports.units.none')));
      return;
    }
    out.push(
      table(
        [
          { header: t('reports.col.committee'), width: a! },
          { header: t('reports.col.status'), width: b! },
        ],
        units.map((u) => [{ content: u.via ? `${u.name}\n${t('reports.units.via', { unit: u.via })}` : u.name }, { content: t(`common.reportStatus.${u.status}`) }]),
      ),
      gap(),
    );
  };
  part('notSubmitted');
  part('notApproved');
  part('approved');
  return out;
}

/** A term's definition, with its footnote mark or source as printed in a smaller line under it. */
function definitionCell(d: { text: string; note: string | null }): Paragraph[] {
  return [para(d.text, { style: 'TableText' }), ...(d.note ? [para(d.note, { style: 'TableText', size: 15, color: '555555' })] : [])];
}

function allIndicators(r: FollowUpReport): IndicatorSection[] {
  const seen = new Map<string, IndicatorSection>();
  for (const s of r.sections) {
    for (const i of s.indicators) seen.set(i.key, i);
    for (const g of s.goals) for (const i of g.indicators) seen.set(i.key, i);
  }
  return [...seen.values()];
}

function definitionsSection(r: FollowUpReport, text: ReportText, W: number): Block[] {
  const { t } = text;
  const out: Block[] = [heading(1, t('reports.definitions.heading'), { pageBreakBefore: true })];
  if (r.definitions.length > 0) {
    const [a, b] = widths(W, [25, 75]);
    out.push(
      table(
        [
          { header: t('reports.col.term'), width: a! },
          { header: t('reports.col.definition'), width: b! },
        ],
        r.definitions.map((d) => [{ content: { text: d.term, bold: true } }, { content: definitionCell(d) }]),
      ),
      gap(),
    );
  }
  const indicators = allIndicators(r);
  if (indicators.length > 0) {
    // The definition column only when some indicator has a definition or a population to show.
    const described = indicators.some((i) => i.definition || i.population);
    const cw = described ? widths(W, [34, 44, 22]) : widths(W, [70, 30]);
    const columns: Column[] = [
      { header: t('reports.col.indicator'), width: cw[0]! },
      ...(described ? [{ header: t('reports.col.definition'), width: cw[1]! }] : []),
      { header: t('reports.col.source'), width: cw.at(-1)! },
    ];
    out.push(
      heading(2, t('reports.definitions.indicators')),
      table(
        columns,
        indicators.map((i) => {
          const source = [t(`indicator.sourceKind.${i.source.kind}`), i.source.ref].filter(Boolean).join(' ');
          return [
            { content: [para(i.name, { style: 'TableText', bold: true }), para(t(`reports.unit.${i.unit}`), { style: 'TableText', color: '555555', size: 16 })] },
            ...(described
              ? [{ content: [para(i.definition ?? t('common.none'), { style: 'TableText' }), ...(i.population ? [para(t('reports.indicator.population', { population: i.population }), { style: 'TableText', size: 16, color: '555555' })] : [])] }]
              : []),
            { content: [new Paragraph({ style: 'TableText', children: [i.source.url ? link(source, i.source.url) : new TextRun(source)] })] },
          ];
        }),
      ),
      gap(),
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// The action plan
// ---------------------------------------------------------------------------------------------------

export async function actionPlanDocx(r: ActionPlanReport, text: ReportText): Promise<Buffer> {
  const { t, f } = text;
  const W = TEXT_WIDTH.landscape;
  const d = r.document;
  const title = t('reports.actionPlan.title', { title: d.title });
  const meta: Array<[string, string, string, string]> = [
    [t('reports.cover.documentType'), d.typeLabel ?? t(`common.documentType.${d.type}`), t('actionPlan.meta.appliesTo'), d.appliesTo ?? t('common.none')],
    [t('actionPlan.meta.adoptedBy'), adoptedByText(r) ?? t('common.none'), t('actionPlan.meta.decisionDate'), f.date(d.decisionDate)],
    [t('actionPlan.meta.owner'), d.owner ?? t('common.none'), t('actionPlan.meta.validUntil'), d.validIndefinitely ? t('actionPlan.meta.untilFurther') : f.date(d.validUntil)],
    [t('actionPlan.meta.caseNumber'), d.caseNumber ?? t('common.none'), t('reports.cover.version'), String(d.version)],
  ];
  const children: Block[] = [
    para(r.municipality.name, { style: 'Meta', size: 22 }),
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(title)] }),
    ...(d.subtitle ? [new Paragraph({ style: 'Subtitle', children: [new TextRun(d.subtitle)] })] : []),
    plainTable(
      meta.map((row) => row),
      widths(W, [16, 29, 16, 39]),
      { boldColumns: [0, 2] },
    ),
    gap(),
    heading(1, t('reports.actionPlan.followUpYear', { year: r.year })),
    para(t('reports.actionPlan.statusSummary', { year: r.year, ...r.statusCounts })),
  ];
  const cw = widths(W, [16, 16, 20, 16, 7, 15, 10]);
  for (const g of r.groups) {
    const area = g.key === '-' ? t('reports.actionPlan.noArea') : g.key === '--' || g.name === null ? t('reports.actionPlan.other') : t('reports.actionPlan.area', { area: g.name });
    const columns: Column[] = [
      // The group row above names the area, so the column keeps the plain heading.
      { header: t('actionPlan.col.goal'), width: cw[0]! },
      { header: t('actionPlan.col.problem'), width: cw[1]! },
      { header: t('actionPlan.col.activity'), width: cw[2]! },
      { header: t('actionPlan.col.responsible'), width: cw[3]! },
      { header: t('actionPlan.col.timeline'), width: cw[4]! },
      { header: t('actionPlan.col.followUp', { year: r.year }), width: cw[5]! },
      { header: t('reports.actionPlan.status', { year: r.year }), width: cw[6]! },
    ];
    const rows: Cell[][] = g.rows.map((row) => {
      const cells: Cell[] = [];
      if (row.goalSpan > 0) cells.push({ content: { text: row.goal ?? '', bold: true }, rowSpan: row.goalSpan });
      if (row.problemSpan > 0) cells.push({ content: row.problem ?? '', rowSpan: row.problemSpan });
      const followUp = [row.comment, row.followUpText ? t('actionPlan.planFollowUp', { text: row.followUpText }) : null].filter((x): x is string => !!x);
      cells.push(
        { content: row.activity ?? '' },
        { content: row.responsible ?? '' },
        { content: row.timeline ?? '' },
        { content: followUp.join('\n') },
        {
          content: row.status
            ? [
                para(t(`common.activityStatus.${row.status}`), { style: 'TableText', bold: true }),
                ...(row.progress !== null ? [para(t('actionPlan.progress', { progress: f.percent(row.progress / 100) }), { style: 'TableText', size: 15 })] : []),
              ]
            : '',
        },
      );
      return cells;
    });
    // The last row never stands alone on a page under the repeated headings.
    children.push(table(columns, rows, { groupRows: [area], size: 16, keepWithNext: (i) => i === rows.length - 2 }), gap());
  }
  return pack(text, { title, subject: title, description: t('reports.actionPlan.followUpYear', { year: r.year }), generatedAt: r.generatedAt }, [
    { properties: pageProperties('landscape'), footers: { default: pageFooter(text, title, W) }, children },
  ]);
}

// ---------------------------------------------------------------------------------------------------
// The decision proposal (tjänsteskrivelse)
// ---------------------------------------------------------------------------------------------------

export async function proposalDocx(r: ProposalReport, text: ReportText): Promise<Buffer> {
  const { t, f } = text;
  const W = TEXT_WIDTH.portrait;
  const { proposals, signatures } = proposalLines(r, t);
  const sentenceCase = (s: string) => (text.lang === 'sv' ? s.charAt(0).toLocaleLowerCase('sv') + s.slice(1) : s);
  const decides = r.route.at(-1);
  const appendixDoc = t('reports.proposal.appendixDocument', { title: r.document.title });
  const appendixConsultation = r.appendix.consultation ? t('reports.proposal.appendixConsultation') : null;

  const children: Block[] = [
    // The letterhead as in Tyresö's tjänsteskrivelse: municipality and administration on the left; the
    // document kind, its date and the case number on the right.
    plainTable(
      [
        [
          [para(r.municipality.name, { style: 'TableText', bold: true, size: 22 }), ...(r.administration ? [para(r.administration, { style: 'TableText', size: 20 })] : [])],
          [
            para(t('reports.proposal.heading').toLocaleUpperCase(LOCALE[text.lang]), { style: 'TableText', bold: true, size: 22 }),
            para(f.date(r.date), { style: 'TableText', size: 20, spacingAfter: 120 }),
            ...(r.caseNumber ? [para(t('reports.proposal.caseNumber'), { style: 'TableText', size: 16, color: '555555' }), para(r.caseNumber, { style: 'TableText', size: 20 })] : []),
          ],
        ],
      ],
      widths(W, [55, 45]),
      { borders: false },
    ),
    para(r.committee, { bold: true, spacingBefore: 480, spacingAfter: 240 }),
    heading(1, r.title),
    para(decides ? t('reports.proposal.proposalTo', { committee: r.committee, route: sentenceCase(decides) }) : r.committee, { bold: true, keepNext: true }),
    ...proposals.map((p, i) => new Paragraph({ children: [new TextRun(`${i + 1}.\t${p}`)], indent: { left: 425, hanging: 425 }, tabStops: [{ type: TabStopType.LEFT, position: 425 }], spacing: { after: 80 } })),
    ...(r.route.length > 0 ? [labelled(t('reports.proposal.routeHeading'), [r.committee, ...r.route].join(' → '))] : []),
    // The signature block names roles only: officials' names are not stored.
    para(r.administration, { spacingBefore: 360, keepNext: true }),
    ...signatures.flatMap((role, i) => [
      new Paragraph({ children: [new TextRun('______________________________')], spacing: { before: 600, after: 0 }, keepNext: true }),
      new Paragraph({ children: [new TextRun(role)], keepNext: i < signatures.length - 1 }),
    ]),
    heading(2, t('reports.proposal.description')),
    ...r.description.map((p) => para(p)),
    heading(2, t('reports.proposal.appendices')),
    bullet(appendixDoc),
    ...(appendixConsultation ? [bullet(appendixConsultation)] : [para(t('reports.proposal.noConsultation'))]),
    ...documentAppendix(r, text, appendixDoc, W),
    ...(r.appendix.consultation && appendixConsultation ? consultationAppendix(r.appendix.consultation, text, appendixConsultation, W) : []),
  ];
  const title = `${t('reports.proposal.heading')}: ${r.title}`;
  return pack(text, { title, subject: r.document.title, description: r.caseNumber ?? undefined, generatedAt: r.generatedAt }, [
    { properties: pageProperties('portrait'), footers: { default: pageFooter(text, t('reports.proposal.heading'), W) }, children },
  ]);
}

type Tree = ProposalReport['appendix']['document'];
type TreeGoal = Tree['goals'][number];

/** Appendix 1: the document itself, its sections, areas, goals and targets as headings and paragraphs. */
function documentAppendix(r: ProposalReport, text: ReportText, headingText: string, W: number): Block[] {
  const { t } = text;
  const tree = r.appendix.document;
  const d = tree.document;
  const out: Block[] = [heading(1, headingText, { pageBreakBefore: true })];
  if (d.subtitle && d.subtitle !== d.title) out.push(para(d.subtitle, { style: 'Subtitle' }));
  const meta: Array<[string, string]> = [[t('reports.cover.documentType'), d.typeLabel ?? t(`common.documentType.${d.type}`)]];
  if (d.adoptedBy) meta.push([t('reports.cover.adoptedBy'), adoptedByText({ document: { ...d, id: d.id } }) ?? t('common.none')]);
  if (d.caseNumber) meta.push([t('reports.cover.caseNumber'), d.caseNumber]);
  if (d.owner) meta.push([t('reports.cover.owner'), d.owner]);
  meta.push([t('reports.cover.version'), String(d.version)]);
  out.push(...meta.map(([k, v]) => labelled(k, v)));

  const paragraphs = (body: string) => body.split(/\n{2,}/).map((p) => p.trim()).filter(Boolean).map((p) => para(p));
  for (const s of tree.sections) {
    if (s.title) out.push(heading(2, s.title));
    out.push(...paragraphs(s.body));
  }
  const goalBlocks = (goals: TreeGoal[], level: number) => {
    for (const g of goals) {
      out.push(heading(level, g.title));
      if (g.description) out.push(...paragraphs(g.description));
      if (g.strategies.length > 0) out.push(para(t('reports.document.strategies'), { bold: true, keepNext: true }), ...g.strategies.map((s) => bullet(s.text)));
      if (g.targets.length > 0) out.push(para(t('reports.document.targets'), { bold: true, keepNext: true }), ...g.targets.map((x) => bullet(x.statement)));
      if (g.indicators.length > 0) out.push(para(t('reports.goal.indicators'), { bold: true, keepNext: true }), ...g.indicators.map((x) => bullet(x.name)));
      if (g.activities.length > 0) out.push(para(t('reports.goal.activities'), { bold: true, keepNext: true }), ...g.activities.map((x) => bullet(x.description ?? t('common.none'))));
      goalBlocks(g.goals, level + 1);
    }
  };
  for (const a of tree.areas) {
    out.push(heading(2, a.name));
    if (a.description) out.push(...paragraphs(a.description));
    if (a.strategies.length > 0) out.push(para(t('reports.document.strategies'), { bold: true, keepNext: true }), ...a.strategies.map((s) => bullet(s.text)));
    if (a.indicators.length > 0) out.push(para(t('reports.goal.indicators'), { bold: true, keepNext: true }), ...a.indicators.map((x) => bullet(x.name)));
    if (a.activities.length > 0) out.push(para(t('reports.goal.activities'), { bold: true, keepNext: true }), ...a.activities.map((x) => bullet(x.description ?? t('common.none'))));
    goalBlocks(a.goals, 3);
  }
  goalBlocks(tree.goals, 2);
  if (tree.strategies.length > 0) out.push(heading(2, t('reports.document.strategies')), ...tree.strategies.map((s) => bullet(s.text)));
  if (tree.definitions.length > 0) {
    const [a, b] = widths(W, [25, 75]);
    out.push(
      heading(2, t('reports.document.definitions')),
      table(
        [
          { header: t('reports.col.term'), width: a! },
          { header: t('reports.col.definition'), width: b! },
        ],
        tree.definitions.map((x) => [{ content: { text: x.term, bold: true } }, { content: definitionCell(x) }]),
      ),
      gap(),
    );
  }
  return out;
}

/** Appendix 2: the consultation compilation, the comments with the decisions on them. */
function consultationAppendix(c: NonNullable<ProposalReport['appendix']['consultation']>, text: ReportText, headingText: string, W: number): Block[] {
  const { t, f } = text;
  const out: Block[] = [heading(1, headingText, { pageBreakBefore: true }), para(c.title, { style: 'Subtitle' })];
  if (c.deadline) out.push(para(t('reports.proposal.deadline', { date: f.date(c.deadline) })));
  out.push(para(t('reports.proposal.answered', { units: c.answered.length > 0 ? c.answered.join(', ') : t('common.none') })));
  out.push(para(t('reports.proposal.notAnswered', { units: c.notAnswered.length > 0 ? c.notAnswered.join(', ') : t('common.none') })));
  if (c.comments.length > 0) {
    // One row per comment, under a full-width row naming what the comments concern (the item in the document).
    const cw = widths(W, [27, 40, 33]);
    const rows: Cell[][] = [];
    let item: string | null | undefined;
    for (const x of c.comments) {
      if (x.item !== item) {
        item = x.item;
        rows.push([{ content: { text: `${t('reports.col.item')}: ${x.item ?? t('common.none')}`, bold: true }, columnSpan: 3, fill: 'F3F5F8' }]);
      }
      rows.push([
        { content: x.unit },
        { content: x.text },
        { content: [para(t(`reports.decision.${x.decision ?? 'none'}`), { style: 'TableText', bold: true }), ...(x.reply ? [para(x.reply, { style: 'TableText' })] : [])] },
      ]);
    }
    out.push(
      table(
        [
          { header: t('reports.col.committee'), width: cw[0]! },
          { header: t('reports.col.remark'), width: cw[1]! },
          { header: t('reports.col.decision'), width: cw[2]! },
        ],
        rows,
        { keepWithNext: (i) => rows[i]!.length === 1 },
      ),
      gap(),
    );
  }
  return out;
}
