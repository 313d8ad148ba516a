import type { DocumentTree } from '../../shared/api/views.ts';
import { indicatorChart } from './charts.ts';
import { reportCss } from './html-css.ts';
import {
  proposalLines,
  type ActionPlanReport,
  type ActivityLine,
  type AreaSection,
  type BandTable,
  type DocumentInfo,
  type FollowUpReport,
  type GoalSection,
  type IndicatorSection,
  type ProposalReport,
  type ReportCell,
  type TargetLine,
  type UnitLine,
} from './model.ts';
import type { ReportText } from './text.ts';
import { ageBandText, methodNote, summaryLead, tableCaption, targetWords, type ValueWords } from './words.ts';

/**
 * The generated documents as HTML: the same document the web app shows (in an iframe) and the one
 * Chromium prints to PDF (src/io/reports/pdf.ts). Semantic and accessible: one h1, headings in order,
 * tables with captions and scoped header cells, charts as inline SVG with a text alternative and the
 * same numbers in the table beside them, statuses in words. Every text is escaped; the document loads
 * nothing and runs nothing (a Content-Security-Policy says so too). Every word comes from the locale
 * files through `text.t`; the layout computes nothing the model does not already hold.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML: every character that could start markup is escaped. */
export function esc(s: string | number | null | undefined): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** A message with some values as HTML: the message is escaped, then the placeholders get the HTML. */
function tHtml(text: ReportText, id: string, values: Record<string, string | number>, html: Record<string, string>): string {
  const marks = Object.keys(html);
  const sentinel = (i: number) => `\uE000${i}\uE001`;
  const all: Record<string, string | number> = { ...values };
  marks.forEach((k, i) => (all[k] = sentinel(i)));
  let out = esc(text.t(id, all));
  marks.forEach((k, i) => (out = out.split(sentinel(i)).join(html[k]!)));
  return out;
}

/** Multi-paragraph text as stored (paragraphs separated by blank lines, line breaks kept). */
function paragraphs(s: string | null | undefined, cls?: string): string {
  if (!s) return '';
  return s
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p${cls ? ` class="${cls}"` : ''}>${esc(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

const clampLevel = (n: number) => Math.min(6, Math.max(1, n));
const heading = (level: number, inner: string, attrs = '') => `<h${clampLevel(level)}${attrs ? ` ${attrs}` : ''}>${inner}</h${clampLevel(level)}>`;

/** Ids for headings and captions, unique within one document. */
class Ids {
  private n = 0;
  next(prefix: string): string {
    this.n += 1;
    return `${prefix}-${this.n}`;
  }
}

function statusBadge(kind: 'status' | 'activityStatus' | 'narrative' | 'reportStatus' | 'decision', code: string, text: ReportText): string {
  const id = kind === 'decision' ? `reports.decision.${code}` : `common.${kind}.${code}`;
  return `<span class="status status-${esc(code)}">${esc(text.t(id))}</span>`;
}

interface Column {
  label: string;
  num?: boolean;
  cls?: string;
}

/**
 * A table with a caption, a header row that repeats on every printed page, and a first column of row
 * headers when `rowHeaders` is set. Cells are HTML (already escaped).
 */
function table(opts: { caption: string; captionHidden?: boolean; columns: Column[]; rows: string[][]; rowHeaders?: boolean; cls?: string; stack?: boolean; ids: Ids }): string {
  const { caption, columns, rows, rowHeaders, ids } = opts;
  const cls = [opts.cls, opts.stack ? 'stack' : null].filter(Boolean).join(' ');
  const id = ids.next('t');
  const colgroup = columns.some((c) => c.cls) ? `<colgroup>${columns.map((c) => `<col${c.cls ? ` class="${c.cls}"` : ''}>`).join('')}</colgroup>` : '';
  const head = `<thead><tr>${columns.map((c) => `<th scope="col"${c.num ? ' class="num"' : ''}>${esc(c.label)}</th>`).join('')}</tr></thead>`;
  const body = rows
    .map(
      (cells) =>
        `<tr>${cells
          .map((cell, i) => {
            const num = columns[i]?.num ? ' class="num"' : '';
            if (i === 0 && rowHeaders) return `<th scope="row"${num}>${cell}</th>`;
            return `<td${num}${opts.stack ? ` data-label="${esc(columns[i]?.label)}"` : ''}>${cell}</td>`;
          })
          .join('')}</tr>`,
    )
    .join('');
  return `<div class="table-wrap" role="region" tabindex="0" aria-labelledby="${id}"><table${cls ? ` class="${cls}"` : ''}><caption id="${id}"${opts.captionHidden ? ' class="sr-only"' : ''}>${esc(caption)}</caption>${colgroup}${head}<tbody>${body}</tbody></table></div>`;
}

function page(opts: { lang: string; title: string; kind: 'follow-up' | 'action-plan' | 'proposal'; body: string }): string {
  return [
    '<!DOCTYPE html>',
    `<html lang="${esc(opts.lang)}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="Samspel">',
    `<title>${esc(opts.title)}</title>`,
    `<style>${reportCss(opts.kind)}</style>`,
    '</head>',
    `<body>`,
    `<main class="${opts.kind}">`,
    opts.body,
    '</main>',
    '</body>',
    '</html>',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Shared pieces
// ---------------------------------------------------------------------------------------------

function notGiven(text: ReportText): string {
  return `<span class="muted">${esc(text.t('indicator.about.notGiven'))}</span>`;
}

function adoptedBy(doc: DocumentInfo): string | null {
  if (!doc.adoptedBy) return null;
  return [doc.adoptedBy.body, doc.adoptedBy.paragraph].filter(Boolean).join(' ');
}

function validity(doc: DocumentInfo, text: ReportText): string | null {
  const { t, f } = text;
  if (doc.validUntil) return t('reports.cover.validRange', { from: doc.validFrom ? f.date(doc.validFrom) : '', to: f.date(doc.validUntil) }).trim();
  if (doc.validIndefinitely) return doc.validFrom ? t('reports.cover.validIndefinitely', { from: f.date(doc.validFrom) }) : t('actionPlan.meta.untilFurther');
  return null;
}

function metaList(items: Array<[string, string | null]>, text: ReportText, cls = 'meta'): string {
  return `<dl class="${cls}">${items.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v === null ? notGiven(text) : esc(v)}</dd>`).join('')}</dl>`;
}

function unitName(unit: string, text: ReportText): string {
  return text.t(`reports.unit.${unit}`);
}

/** A value as the tables print it: ".." when suppressed (read out as the reason), "–" when there is none, "*" after a preliminary value. */
function cellHtml(c: ReportCell | null | undefined, unit: IndicatorSection['unit'], text: ReportText): string {
  if (!c) return esc(text.t('common.none'));
  if (c.suppressed) return `<span aria-hidden="true">${esc(text.suppressed)}</span><span class="sr-only">${esc(text.t(`reports.disclosure.cell.${c.suppressed}`))}</span>`;
  const v = esc(text.f.value(c.value, unit));
  return c.preliminary ? `${v}<span aria-hidden="true">*</span><span class="sr-only"> (${esc(text.t('reports.indicator.preliminary'))})</span>` : v;
}

// ---------------------------------------------------------------------------------------------
// Follow-up report
// ---------------------------------------------------------------------------------------------

/** The yearly follow-up report as a complete HTML document. */
export function followUpHtml(r: FollowUpReport, text: ReportText): string {
  const { t } = text;
  const ids = new Ids();
  const title = t('reports.followUp.documentTitle', { title: r.document.title, year: r.year });
  const hasAreas = r.sections.some((s) => s.name !== null);
  const parts = [
    cover(r, text),
    summary(r, text, ids),
    methodSection(r, text),
    ...r.sections.map((s) => areaSection(s, hasAreas, r.disclosure.threshold, text, ids)),
    unitsSection(r, text),
    definitionsSection(r, text, ids),
  ];
  return page({ lang: text.lang, title, kind: 'follow-up', body: parts.join('\n') });
}

function exampleNotice(text: ReportText, cls = ''): string {
  return `<p class="notice example${cls ? ` ${cls}` : ''}">${esc(text.t('reports.example'))}</p>`;
}

function cover(r: FollowUpReport, text: ReportText): string {
  const { t, f } = text;
  const d = r.document;
  const meta = metaList(
    [
      [t('reports.cover.municipality'), r.municipality.name],
      [t('reports.cover.adoptedBy'), adoptedBy(d)],
      [t('reports.cover.decisionDate'), d.decisionDate ? f.date(d.decisionDate) : null],
      [t('reports.cover.caseNumber'), d.caseNumber],
      [t('reports.cover.owner'), d.owner],
      [t('reports.cover.validity'), validity(d, text)],
    ],
    text,
  );
  return `<header class="cover">
<p class="municipality">${esc(r.municipality.name)}</p>
<h1><span class="kicker">${esc(t('reports.followUp.title', { year: r.year }))}</span> ${esc(t('reports.followUp.of', { title: d.title }))}</h1>
${d.subtitle && d.subtitle !== d.title ? `<p class="subtitle">${esc(d.subtitle)}</p>` : ''}
<div class="cover-foot">
${meta}
<p class="dates">${esc(t('reports.cover.asOf', { year: r.year, date: f.date(r.asOf) }))}</p>
<p class="dates">${esc(t('reports.cover.generated', { date: f.date(r.generatedAt) }))}</p>
${r.inForce ? '' : `<p class="notice">${esc(t('reports.cover.notInForce', { year: r.year }))}</p>`}
${r.usesExampleData ? exampleNotice(text) : ''}
</div>
</header>`;
}

function summary(r: FollowUpReport, text: ReportText, ids: Ids): string {
  const { t, f } = text;
  const s = r.summary;
  const out = [`<section class="summary" aria-labelledby="summary-heading">`, heading(2, esc(t('reports.summary.heading')), 'id="summary-heading"')];
  if (r.usesExampleData) out.push(exampleNotice(text, 'print-only'));
  if (s.targets === 0) {
    out.push(`<p class="lead">${esc(t('reports.summary.noTargets'))}</p>`, latestValues(r, text, ids), '</section>');
    return out.join('\n');
  }
  // Every status named here is one some target has: the counts, the median and its rule in words.
  out.push(`<div class="summary-top"><div>`);
  out.push(`<p class="lead">${esc(summaryLead(s, text))}</p>`);
  out.push(`<p>${esc(t('reports.summary.assessable', { assessable: s.assessable, total: s.targets }))}</p>`);
  out.push(`<p>${tHtml(text, 'reports.goal.status', {}, { status: statusBadge('status', s.status, text) })}</p>`);
  out.push(`<p class="rollup">${esc(text.sentence(s.sentence))}</p>`);
  out.push('</div>');
  out.push(
    table({
      ids,
      caption: t('reports.summary.byStatus'),
      cls: 'narrow',
      columns: [{ label: t('reports.col.status') }, { label: t('reports.col.count'), num: true }],
      rowHeaders: true,
      rows: s.statuses.map((st) => [statusBadge('status', st, text), esc(f.number(s.counts[st], 0))]),
    }),
  );
  out.push('</div>');
  if (r.perArea.length > 0) {
    out.push(
      table({
        ids,
        caption: t('reports.summary.perArea'),
        cls: 'per-area',
        columns: [{ label: t('reports.col.area'), cls: 'c-area' }, { label: t('reports.col.targets'), num: true, cls: 'c-n' }, { label: t('reports.col.onTrackOf', { onTrack: r.summary.onTrack }), num: true, cls: 'c-n2' }, { label: t('reports.col.assessable'), num: true, cls: 'c-n3' }, { label: t('reports.col.status'), cls: 'c-st' }],
        rowHeaders: true,
        rows: r.perArea.map((a) => [esc(a.name), esc(f.number(a.targets, 0)), esc(f.number(a.achievedOrOnTrack, 0)), esc(f.number(a.assessable, 0)), a.targets > 0 ? statusBadge('status', a.status, text) : esc(t('common.none'))]),
      }),
    );
  }
  out.push(latestValues(r, text, ids), '</section>');
  return out.join('\n');
}

/**
 * How targets are judged (attainment.methodNote), after the summary: a paragraph per status, its name
 * as the status badge the tables show. Left out when the document has no measurable targets.
 */
function methodSection(r: FollowUpReport, text: ReportText): string {
  if (r.summary.targets === 0) return '';
  const paragraphs = methodNote(text);
  const out = [`<section class="method" aria-labelledby="method-heading">`, heading(2, esc(text.t('reports.method.heading')), 'id="method-heading"')];
  let list: string[] = [];
  const flush = () => {
    if (list.length > 0) out.push(`<dl class="method-statuses">${list.join('')}</dl>`);
    list = [];
  };
  for (const p of paragraphs) {
    if (p.status) {
      list.push(`<div><dt>${statusBadge('status', p.status, text)}</dt><dd>${esc(p.text)}</dd></div>`);
      continue;
    }
    flush();
    out.push(`<p>${esc(p.text)}</p>`);
  }
  flush();
  out.push('</section>');
  return out.join('\n');
}

/** Every indicator's latest value at a glance, area by area, as the model gives it (none when suppressed). */
function latestValues(r: FollowUpReport, text: ReportText, ids: Ids): string {
  const { t, f } = text;
  const groups = r.sections
    .map((a) => ({ name: a.name ?? t('reports.section.noArea'), indicators: [...a.goals.flatMap((g) => g.indicators), ...a.indicators] }))
    .filter((g) => g.indicators.length > 0);
  if (groups.length === 0) return '';
  const id = ids.next('t');
  const preliminary = groups.some((g) => g.indicators.some((i) => i.latest?.preliminary));
  const bodies = groups.map((g) => {
    const rows = g.indicators.map((i) => {
      const value = i.latest ? `${esc(f.value(i.latest.value, i.unit))}${i.latest.preliminary ? '*' : ''}` : esc(t('common.none'));
      return `<tr><th scope="row">${esc(i.name)}</th><td class="num">${value}</td><td class="num">${i.latest ? esc(i.latest.year) : ''}</td></tr>`;
    });
    return `<tbody><tr class="group"><th scope="colgroup" colspan="3">${esc(g.name)}</th></tr>${rows.join('')}</tbody>`;
  });
  return `<div class="table-wrap" role="region" tabindex="0" aria-labelledby="${id}"><table class="latest-values"><caption id="${id}">${esc(t('reports.summary.indicators'))}${preliminary ? ` <span class="caption-note">${esc(t('reports.indicator.preliminaryNote'))}</span>` : ''}</caption><colgroup><col class="c-name"><col class="c-value"><col class="c-year"></colgroup><thead><tr><th scope="col">${esc(t('reports.col.indicator'))}</th><th scope="col" class="num">${esc(t('reports.col.latest'))}</th><th scope="col" class="num">${esc(t('reports.col.year'))}</th></tr></thead>${bodies.join('')}</table></div>`;
}

function areaSection(a: AreaSection, hasAreas: boolean, threshold: number, text: ReportText, ids: Ids): string {
  const { t } = text;
  // Without areas at all (Östersund's goals stand alone) the goals are the chapters: h2.
  const chapter = hasAreas || a.name !== null;
  const base = chapter ? 2 : 1;
  const id = ids.next('area');
  const out = [`<section class="area"${chapter ? ` aria-labelledby="${id}"` : ''}>`];
  if (chapter) {
    out.push(heading(2, esc(a.name ?? t('reports.section.noArea')), `id="${id}"`));
    if (a.rollUp && a.rollUp.total > 0) out.push(rollUpLine('reports.area.status', a.rollUp, text));
  }
  // Sub-goals with nothing to report (no targets, assessments, indicators or activities) are listed
  // together under their parent rather than each under a heading of its own.
  const empty = (g: GoalSection) => g.level > 1 && g.targets.length + g.narratives.length + g.indicators.length + g.activities.length === 0;
  for (let i = 0; i < a.goals.length; i++) {
    const g = a.goals[i]!;
    if (!empty(g)) {
      out.push(goalSection(g, base, threshold, text, ids));
      continue;
    }
    const run = [g];
    while (i + 1 < a.goals.length && empty(a.goals[i + 1]!) && a.goals[i + 1]!.level === g.level) run.push(a.goals[++i]!);
    const label = t('reports.goal.withoutTargets', { level: g.levelName ?? t('reports.col.goal') });
    out.push(`<section class="goal level-${Math.min(3, g.level)} goal-list">${heading(base + g.level, esc(label), 'class="goal-title"')}<ul class="subgoals">${run.map((x) => `<li>${esc(x.title)}</li>`).join('')}</ul></section>`);
  }
  if (a.indicators.length > 0) {
    const lead = heading(base + 1, esc(t('reports.goal.indicators')), 'class="part-title"');
    a.indicators.forEach((ind, i) => out.push(indicatorBlock(ind, base + 2, threshold, text, ids, i === 0 ? lead : '')));
  }
  if (a.activities.length > 0) {
    out.push(heading(base + 1, esc(t('reports.goal.activities')), 'class="part-title"'));
    out.push(activitiesTable(a.activities, t('reports.goal.activities'), text, ids));
  }
  out.push('</section>');
  return out.join('\n');
}

function goalSection(g: GoalSection, base: number, threshold: number, text: ReportText, ids: Ids): string {
  const { t } = text;
  const level = base + g.level;
  const id = ids.next('goal');
  const kicker = g.levelName ? `<span class="kicker">${esc(g.levelName)}</span> ` : '';
  const out = [`<section class="goal level-${Math.min(3, g.level)}" aria-labelledby="${id}">`, heading(level, `${kicker}${esc(g.title)}`, `id="${id}" class="goal-title"`)];
  if (g.rollUp.total > 0) out.push(rollUpLine('reports.goal.status', g.rollUp, text));

  if (g.targets.length > 0) {
    out.push(heading(level + 1, esc(t('reports.goal.targets')), 'class="part-title"'));
    out.push(targetsTable(g.targets, g.title, text, ids));
  } else {
    out.push(`<p class="note">${esc(t('reports.goal.noTargets'))}</p>`);
  }
  if (g.narratives.length > 0) {
    out.push(heading(level + 1, esc(t('reports.goal.narratives')), 'class="part-title"'));
    out.push(
      table({
        ids,
        caption: `${t('reports.goal.narratives')}: ${g.title}`,
        captionHidden: true,
        cls: 'narratives', stack: true,
        columns: [{ label: t('reports.col.committee'), cls: 'c-unit' }, { label: t('reports.col.assessment'), cls: 'c-assessment' }, { label: t('reports.col.narrative') }],
        rowHeaders: true,
        rows: g.narratives.map((n) => [
          `${esc(n.unit)}<span class="sub">${esc(t('reports.col.reportStatus'))}: ${esc(t(`common.reportStatus.${n.reportStatus}`))}</span>`,
          statusBadge('narrative', n.assessment, text),
          `${n.text ? esc(n.text) : esc(t('common.none'))}${n.disagreement ? `<span class="sub">${esc(t(`reports.goal.disagreement.${n.disagreement}`))}</span>` : ''}`,
        ]),
      }),
    );
  }
  if (g.indicators.length > 0) {
    const lead = heading(level + 1, esc(t('reports.goal.indicators')), 'class="part-title"');
    g.indicators.forEach((ind, i) => out.push(indicatorBlock(ind, level + 2, threshold, text, ids, i === 0 ? lead : '')));
  }
  if (g.activities.length > 0) {
    out.push(heading(level + 1, esc(t('reports.goal.activities')), 'class="part-title"'));
    out.push(activitiesTable(g.activities, `${t('reports.goal.activities')}: ${g.title}`, text, ids));
  }
  out.push('</section>');
  return out.join('\n');
}

/** A goal's or an area's computed status, and the rule that gave it in words. */
function rollUpLine(id: string, r: NonNullable<AreaSection['rollUp']>, text: ReportText): string {
  return `<p class="goal-status">${tHtml(text, id, {}, { status: statusBadge('status', r.overall.status, text) })} <span class="rollup">${esc(text.sentence(r.sentence))}</span></p>`;
}

/**
 * The targets of a goal: per target a row with the target in words, the value the status rests on with
 * its year (and the comparison group's for a relative target, the latest when later), the baseline and
 * the status, and under it, over the whole width, the reason in words with its numbers. A target's two
 * rows are one tbody, kept together on a printed page.
 */
function targetsTable(targets: TargetLine[], goalTitle: string, text: ReportText, ids: Ids): string {
  const { t } = text;
  const none = esc(t('common.none'));
  const id = ids.next('t');
  const columns = [
    { label: t('reports.col.target'), cls: 'c-statement' },
    { label: t('reports.col.targetValue'), cls: 'c-target' },
    { label: t('reports.col.assessed'), cls: 'c-value', num: true },
    { label: t('reports.col.baseline'), cls: 'c-value', num: true },
    { label: t('reports.col.status'), cls: 'c-status' },
  ];
  const label = (i: number) => ` data-label="${esc(columns[i]!.label)}"`;
  const sub = (s: string | null) => (s ? `<span class="sub">${esc(s)}</span>` : '');
  const value = (v: ValueWords | null, extra: string | null = null) => (v ? `${esc(v.value)}${sub(v.year)}${sub(v.reference)}${sub(extra)}` : none);
  const bodies = targets.map((x) => {
    const w = targetWords(x, text);
    const cells = [
      `<th scope="row">${esc(x.statement)}${w.indicator ? sub(`${t('reports.col.indicator')}: ${w.indicator}`) : ''}</th>`,
      `<td${label(1)}>${w.target ? `${esc(w.target)}${sub(w.when)}` : none}</td>`,
      `<td class="num"${label(2)}>${value(w.assessed, w.latest)}</td>`,
      `<td class="num"${label(3)}>${value(w.baseline)}</td>`,
      `<td${label(4)}>${statusBadge('status', x.status, text)}</td>`,
    ];
    const reason = `<tr class="reason"><td colspan="${columns.length}"><span class="sr-only">${esc(t('reports.col.reason'))}: </span>${esc(w.sentence)}</td></tr>`;
    return `<tbody class="target"><tr>${cells.join('')}</tr>${reason}</tbody>`;
  });
  return `<div class="table-wrap" role="region" tabindex="0" aria-labelledby="${id}"><table class="targets stack"><caption id="${id}" class="sr-only">${esc(`${t('reports.goal.targets')}: ${goalTitle}`)}</caption><colgroup>${columns.map((c) => `<col class="${c.cls}">`).join('')}</colgroup><thead><tr>${columns.map((c) => `<th scope="col"${c.num ? ' class="num"' : ''}>${esc(c.label)}</th>`).join('')}</tr></thead>${bodies.join('')}</table></div>`;
}

function activitiesTable(activities: ActivityLine[], caption: string, text: ReportText, ids: Ids): string {
  const { t, f } = text;
  const none = esc(t('common.none'));
  return table({
    ids,
    caption,
    captionHidden: true,
    cls: 'activities', stack: true,
    columns: [
      { label: t('reports.col.activity'), cls: 'c-activity' },
      { label: t('reports.col.status'), cls: 'c-status' },
      { label: t('reports.col.progress'), num: true, cls: 'c-progress' },
      { label: t('reports.col.comment') },
      { label: t('reports.col.reportedBy') },
    ],
    rowHeaders: true,
    rows: activities.map((a) => [
      a.description ? esc(a.description) : none,
      statusBadge('activityStatus', a.status, text),
      a.progress !== null ? esc(f.percent(a.progress / 100)) : none,
      a.comment ? esc(a.comment) : none,
      a.reportedBy ? esc(a.reportedBy) : none,
    ]),
  });
}

/** A difference in percentage points with one decimal, as the values themselves ("−5,4"). */
function points(v: number, text: ReportText): string {
  return text.f.value(v, 'percent').replace(/[\s\u00a0\u202f]*%$/, '');
}

/**
 * One indicator: heading, facts, the chart of its headline age band (inline SVG with its text
 * alternative) and the table of the same numbers, kept on one page; then a table of every other declared
 * age band, each with its own women–men gap. `lead` (a part heading) stays with the indicator's heading.
 */
function indicatorBlock(ind: IndicatorSection, level: number, threshold: number, text: ReportText, ids: Ids, lead = ''): string {
  const { t, f } = text;
  const id = ids.next('ind');

  const out = [`<section class="indicator" aria-labelledby="${id}">`, lead, heading(level, esc(ind.name), `id="${id}" class="indicator-title"`)];
  const facts: string[] = [];
  if (ind.namesBand) facts.push(t('reports.indicator.band', { band: ageBandText(text, ind.ageBand) }));
  if (ind.latest) facts.push(t('indicator.fact.latest', { value: f.value(ind.latest.value, ind.unit), year: ind.latest.year }) + (ind.latest.preliminary ? ` (${t('reports.indicator.preliminary')})` : ''));
  if (ind.baseline) facts.push(t('indicator.fact.baseline', { value: f.value(ind.baseline.value, ind.unit), year: ind.baseline.year }));
  if (ind.target) facts.push(ind.target.year !== null ? t('indicator.fact.target', { value: f.value(ind.target.value, ind.unit), year: ind.target.year }) : t('indicator.fact.targetNoYear', { value: f.value(ind.target.value, ind.unit) }));
  if (facts.length > 0) out.push(`<ul class="facts">${facts.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>`);

  const hasPreliminary = ind.rows.some((r) => Object.values(r.cells).some((c) => c?.preliminary && !c.suppressed));
  const chart = indicatorChart(ind, text);
  if (chart) {
    const notes = [
      t('indicator.chart.heading'),
      ind.target ? t(ind.target.year !== null ? 'indicator.chart.targetNote' : 'indicator.chart.levelNote') : null,
      ind.baseline ? t('indicator.chart.baselineNote') : null,
      hasPreliminary ? t('indicator.chart.preliminaryNote') : null,
      ...ind.seriesBreaks.filter((y) => ind.rows.some((r) => r.year === y)).map((y) => t('indicator.chart.breakNote', { year: y })),
    ].filter((x): x is string => !!x);
    out.push(`<figure class="chart"><div class="chart-image" role="img" aria-label="${esc(chart.alt)}">${chart.svg}</div><figcaption>${notes.map(esc).join(' · ')}</figcaption></figure>`);
  }

  out.push(bandBlock(ind, ind, threshold, text, ids));
  // The other age bands follow the headline's, each a table and a gap of its own, named in the caption.
  for (const band of ind.otherBands) out.push(`<div class="band">${bandBlock(ind, band, threshold, text, ids)}</div>`);
  if (ind.stale.stale && ind.stale.expectedBy) out.push(`<p class="note">${esc(t('reports.indicator.stale', { date: f.date(ind.stale.expectedBy) }))}</p>`);
  const source = sourceText(ind, text);
  out.push(`<p class="note">${esc(t('reports.indicator.source', { source }))}${ind.source.url ? ` <a href="${esc(ind.source.url)}">${esc(ind.source.url)}</a>` : ''}</p>`);
  out.push('</section>');
  return out.join('\n');
}

/**
 * An age band's table: by year from left to right under the chart, as the chart's axis runs, with a row
 * per sex and one for the gap; values too wide for that (kronor) or too many years get a row per year
 * instead. Then its notes and its women–men gap in words.
 */
function bandBlock(ind: IndicatorSection, band: BandTable, threshold: number, text: ReportText, ids: Ids): string {
  const { t, f } = text;
  const caption = tableCaption(ind, band.ageBand, text);
  if (band.rows.length === 0) return `<p class="note">${esc(band === ind ? t('reports.indicator.noValues') : `${caption}: ${t('reports.indicator.noValues')}`)}</p>`;
  const out: string[] = [];
  const gapByYear = new Map((band.genderGap?.years ?? []).map((y) => [y.year, y]));
  const showGap = gapByYear.size > 0;
  const hasPreliminary = band.rows.some((r) => Object.values(r.cells).some((c) => c?.preliminary && !c.suppressed));
  const breaks = new Set(band.seriesBreaks);
  const yearLabel = (year: number) => (breaks.has(year) ? `${esc(year)} <span aria-hidden="true">|</span><span class="sr-only"> (${esc(t('indicator.seriesBreak'))})</span>` : esc(year));
  const gapCell = (year: number) => {
    const g = gapByYear.get(year);
    return g ? esc(ind.unit === 'percent' ? points(g.gap, text) : f.value(g.gap, ind.unit)) : esc(t('common.none'));
  };
  const gapLabel = t(ind.unit === 'percent' ? 'indicator.table.gapPoints' : 'indicator.table.gap');
  const byYear = ind.unit === 'sek' || ind.unit === 'sek_per_inhabitant' || band.rows.length > 12;
  if (byYear) {
    const columns: Column[] = [{ label: t('reports.col.year') }, ...band.sexes.map((s) => ({ label: t(`common.sex.${s}`), num: true }))];
    if (showGap) columns.push({ label: gapLabel, num: true });
    const rows = band.rows.map((row) => [yearLabel(row.year), ...band.sexes.map((s) => cellHtml(row.cells[s], ind.unit, text)), ...(showGap ? [gapCell(row.year)] : [])]);
    out.push(table({ ids, caption, cls: 'values by-year', columns, rows, rowHeaders: true }));
  } else {
    const captionId = ids.next('t');
    const head = `<thead><tr><th scope="col" class="corner">${esc(t('reports.col.year'))}</th>${band.rows.map((r) => `<th scope="col" class="num">${yearLabel(r.year)}</th>`).join('')}</tr></thead>`;
    const bodyRows = band.sexes.map((s) => `<tr><th scope="row">${esc(t(`common.sex.${s}`))}</th>${band.rows.map((r) => `<td class="num">${cellHtml(r.cells[s], ind.unit, text)}</td>`).join('')}</tr>`);
    if (showGap) bodyRows.push(`<tr class="gap-row"><th scope="row">${esc(gapLabel)}</th>${band.rows.map((r) => `<td class="num">${gapCell(r.year)}</td>`).join('')}</tr>`);
    out.push(`<div class="table-wrap" role="region" tabindex="0" aria-labelledby="${captionId}"><table class="values by-sex"><caption id="${captionId}">${esc(caption)}</caption>${head}<tbody>${bodyRows.join('')}</tbody></table></div>`);
  }
  const notes: string[] = [];
  if (hasPreliminary) notes.push(t('reports.indicator.preliminaryNote'));
  if (band.rows.some((r) => breaks.has(r.year))) notes.push(t('reports.indicator.breakNote'));
  if (band.anySuppressed) notes.push(t('reports.disclosure.note', { threshold: f.number(threshold, 0) }));
  if (notes.length > 0) out.push(`<div class="table-notes">${notes.map((n) => `<p>${esc(n)}</p>`).join('')}</div>`);
  out.push(gapText(band, ind.unit, text));
  return out.join('\n');
}

function gapText(band: BandTable, unit: IndicatorSection['unit'], text: ReportText): string {
  const { t, f } = text;
  const g = band.genderGap;
  if (!g || !g.latest) return '';
  const fmt = (v: number) => f.value(v, unit);
  const size = (v: number) => f.value(v, unit === 'percent' ? 'points' : unit);
  const l = g.latest;
  const id = l.gap < 0 ? 'indicator.gap.latestWomenLower' : l.gap > 0 ? 'indicator.gap.latestWomenHigher' : 'indicator.gap.latestEqual';
  const parts = [t(id, { year: l.year, women: fmt(l.women), men: fmt(l.men), size: size(l.size) })];
  const first = g.years[0];
  if (g.overall && first && first.year !== l.year) parts.push(t(`indicator.gap.overall.${g.overall}`, { first: first.year, size: size(first.size) }));
  if (g.flagged && g.threshold !== null) parts.push(t('reports.indicator.gapFlagged', { threshold: size(g.threshold) }));
  return `<p class="gap">${esc(parts.join(' '))}</p>`;
}

function sourceText(ind: IndicatorSection, text: ReportText): string {
  const kind = text.t(`indicator.sourceKind.${ind.source.kind}`);
  return ind.source.ref ? `${kind} ${ind.source.ref}` : kind;
}

function unitsSection(r: FollowUpReport, text: ReportText): string {
  const { t } = text;
  const list = (units: UnitLine[], withStatus: boolean) =>
    units.length === 0
      ? `<p>${esc(t('reports.units.none'))}</p>`
      : `<ul>${units
          .map((u) => `<li>${esc(u.name)}${u.via ? ` <span class="muted">(${esc(t('reports.units.via', { unit: u.via }))})</span>` : ''}${withStatus ? ` ${statusBadge('reportStatus', u.status, text)}` : ''}</li>`)
          .join('')}</ul>`;
  return `<section class="units" aria-labelledby="units-heading">
${heading(2, esc(t('reports.units.heading')), 'id="units-heading"')}
${heading(3, esc(t('reports.units.notSubmitted')))}
${list(r.units.notSubmitted, false)}
${heading(3, esc(t('reports.units.notApproved')))}
${list(r.units.notApproved, true)}
${heading(3, esc(t('reports.units.approved')))}
${list(r.units.approved, false)}
</section>`;
}

function allIndicators(r: FollowUpReport): IndicatorSection[] {
  const seen = new Map<string, IndicatorSection>();
  for (const a of r.sections) {
    for (const g of a.goals) for (const i of g.indicators) if (!seen.has(i.key)) seen.set(i.key, i);
    for (const i of a.indicators) if (!seen.has(i.key)) seen.set(i.key, i);
  }
  return [...seen.values()];
}

function definitionsSection(r: FollowUpReport, text: ReportText, ids: Ids): string {
  const { t } = text;
  const out = [`<section class="definitions" aria-labelledby="definitions-heading">`, heading(2, esc(t('reports.definitions.heading')), 'id="definitions-heading"')];
  if (r.definitions.length > 0) {
    out.push(
      table({
        ids,
        caption: t('reports.definitions.heading'),
        captionHidden: true,
        cls: 'definitions-table', stack: true,
        columns: [{ label: t('reports.col.term'), cls: 'c-term' }, { label: t('reports.col.definition') }],
        rowHeaders: true,
        rows: r.definitions.map((d) => [esc(d.term), `${esc(d.text)}${d.note ? `<span class="sub">${esc(d.note)}</span>` : ''}`]),
      }),
    );
  }
  const inds = allIndicators(r);
  if (inds.length > 0) {
    out.push(heading(3, esc(t('reports.definitions.indicators'))));
    out.push(
      table({
        ids,
        caption: t('reports.definitions.indicators'),
        captionHidden: true,
        cls: 'indicator-sources', stack: true,
        columns: [{ label: t('reports.col.indicator'), cls: 'c-name' }, { label: t('reports.col.definition') }, { label: t('reports.col.unit'), cls: 'c-unit' }, { label: t('reports.col.source'), cls: 'c-source' }],
        rowHeaders: true,
        rows: inds.map((i) => [
          esc(i.name),
          [
            i.definition ? esc(i.definition) : notGiven(text),
            i.population ? `<span class="sub">${esc(t('reports.indicator.population', { population: i.population }))}</span>` : '',
            ...i.footnotes.map((n) => `<span class="sub">${esc(n)}</span>`),
          ].join(''),
          esc(unitName(i.unit, text)),
          `${esc(sourceText(i, text))}${i.source.url ? `<span class="sub"><a href="${esc(i.source.url)}">${esc(i.source.url)}</a></span>` : ''}`,
        ]),
      }),
    );
  }
  out.push('</section>');
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Action plan
// ---------------------------------------------------------------------------------------------

/** The action plan as the adopted plan prints it (A4 landscape), with the year's status and follow-up. */
export function actionPlanHtml(r: ActionPlanReport, text: ReportText): string {
  const { t, f } = text;
  const ids = new Ids();
  const d = r.document;
  const meta = metaList(
    [
      [t('reports.cover.documentType'), d.typeLabel ?? t(`common.documentType.${d.type}`)],
      [t('actionPlan.meta.appliesTo'), d.appliesTo],
      [t('actionPlan.meta.adoptedBy'), adoptedBy(d)],
      [t('actionPlan.meta.decisionDate'), d.decisionDate ? f.date(d.decisionDate) : null],
      [t('actionPlan.meta.owner'), d.owner],
      [t('actionPlan.meta.validUntil'), d.validUntil ? f.date(d.validUntil) : d.validIndefinitely ? t('actionPlan.meta.untilFurther') : null],
      [t('actionPlan.meta.caseNumber'), d.caseNumber],
      [t('reports.cover.version'), String(d.version)],
    ],
    text,
    'plan-meta',
  );
  const c = r.statusCounts;
  const head = `<header class="plan-head">
<h1>${d.subtitle && d.subtitle !== d.title ? `${esc(d.title)}<span class="kicker">${esc(d.subtitle)}</span>` : esc(t('reports.actionPlan.title', { title: d.title }))}</h1>
${meta}
<p><strong>${esc(t('reports.actionPlan.followUpYear', { year: r.year }))}.</strong> ${esc(t('reports.actionPlan.statusSummary', { year: r.year, done: c.done, ongoing: c.ongoing, planned: c.planned, postponed: c.postponed, cancelled: c.cancelled }))}</p>
</header>`;
  const groups = r.groups.map((g) => planGroup(g, r, text, ids));
  return page({ lang: text.lang, title: d.title, kind: 'action-plan', body: [head, ...groups].join('\n') });
}

function planGroup(g: ActionPlanReport['groups'][number], r: ActionPlanReport, text: ReportText, ids: Ids): string {
  const { t, f } = text;
  const name = g.name ?? t(g.key === '--' ? 'actionPlan.group.other' : 'actionPlan.group.noArea');
  const headingId = ids.next('area');
  const captionId = ids.next('t');
  const cols = [
    { label: g.name ? t('actionPlan.col.goalInArea', { area: g.name }) : t('actionPlan.col.goal'), cls: 'c-goal' },
    { label: t('actionPlan.col.problem'), cls: 'c-problem' },
    { label: t('actionPlan.col.activity'), cls: 'c-activity' },
    { label: t('actionPlan.col.responsible'), cls: 'c-responsible' },
    { label: t('actionPlan.col.timeline'), cls: 'c-timeline' },
    { label: t('reports.actionPlan.status', { year: r.year }), cls: 'c-status' },
    { label: t('actionPlan.col.followUp', { year: r.year }), cls: 'c-followup' },
  ];
  const bodies: string[] = [];
  let rows: string[] = [];
  const flush = () => {
    if (rows.length > 0) bodies.push(`<tbody>${rows.join('')}</tbody>`);
    rows = [];
  };
  for (const row of g.rows) {
    if (row.goalSpan > 0) flush();
    const cells: string[] = [];
    if (row.goalSpan > 0) cells.push(`<th scope="rowgroup" class="goal"${row.goalSpan > 1 ? ` rowspan="${row.goalSpan}"` : ''}>${esc(row.goal ?? '')}</th>`);
    const label = (i: number) => ` data-label="${esc(cols[i]!.label)}"`;
    if (row.problemSpan > 0) cells.push(`<td${label(1)}${row.problemSpan > 1 ? ` rowspan="${row.problemSpan}"` : ''}>${esc(row.problem ?? '')}</td>`);
    cells.push(`<td${label(2)}>${esc(row.activity ?? '')}</td>`);
    cells.push(`<td${label(3)}>${esc(row.responsible ?? '')}</td>`);
    cells.push(`<td${label(4)}>${esc(row.timeline ?? '')}</td>`);
    const progress = row.progress !== null && row.status === 'ongoing' ? `<span class="progress">${esc(t('actionPlan.progress', { progress: f.percent(row.progress / 100) }))}</span>` : '';
    cells.push(`<td${label(5)}>${row.status ? statusBadge('activityStatus', row.status, text) + progress : ''}</td>`);
    const follow = [row.comment ? `<p>${esc(row.comment)}</p>` : '', row.followUpText ? `<span class="plan-text">${esc(t('actionPlan.planFollowUp', { text: row.followUpText }))}</span>` : ''].join('');
    cells.push(`<td${label(6)}>${follow}</td>`);
    rows.push(`<tr>${cells.join('')}</tr>`);
  }
  flush();
  return `<section class="plan-area" aria-labelledby="${headingId}">
${heading(2, esc(t('reports.actionPlan.area', { area: name })), `id="${headingId}" class="plan-area-title"`)}
<div class="table-wrap" role="region" tabindex="0" aria-labelledby="${captionId}">
<table class="plan stack"><caption id="${captionId}" class="sr-only">${esc(t('actionPlan.caption', { title: r.document.title, area: name, year: r.year }))}</caption>
<colgroup>${cols.map((c) => `<col class="${c.cls}">`).join('')}</colgroup>
<thead><tr>${cols.map((c) => `<th scope="col">${esc(c.label)}</th>`).join('')}</tr></thead>
${bodies.join('\n')}
</table>
</div>
</section>`;
}

// ---------------------------------------------------------------------------------------------
// Decision proposal (tjänsteskrivelse)
// ---------------------------------------------------------------------------------------------

/** The decision proposal laid out as Tyresö's tjänsteskrivelse, with the document and the consultation as appendices. */
export function proposalHtml(r: ProposalReport, text: ReportText): string {
  const { t, f } = text;
  const ids = new Ids();
  const { proposals, signatures } = proposalLines(r, t);
  const lower = (s: string) => s.charAt(0).toLocaleLowerCase(text.lang) + s.slice(1);
  const decider = r.route.at(-1);
  const appendixDoc = t('reports.proposal.appendixDocument', { title: r.appendix.document.document.title });
  const appendixConsultation = t('reports.proposal.appendixConsultation');
  const out: string[] = [];
  out.push(`<header class="letterhead">
<div><p class="sender">${esc(t('reports.proposal.municipality', { name: r.municipality.name }))}</p>${r.administration ? `<p>${esc(r.administration)}</p>` : ''}</div>
<div><p class="doc-kind">${esc(t('reports.proposal.heading').toLocaleUpperCase(text.lang))}</p>
<dl><dt>${esc(t('reports.proposal.date'))}</dt><dd>${esc(f.date(r.date))}</dd><dt>${esc(t('reports.proposal.caseNumber'))}</dt><dd>${r.caseNumber ? esc(r.caseNumber) : notGiven(text)}</dd></dl></div>
</header>`);
  if (r.committee) out.push(`<p class="committee">${esc(r.committee)}</p>`);
  out.push(heading(1, esc(r.title)));
  if (r.committee && decider) out.push(`<p class="proposal-to">${esc(t('reports.proposal.proposalTo', { committee: r.committee, route: lower(decider) }))}</p>`);
  out.push(`<ol class="proposals">${proposals.map((p) => `<li>${esc(p)}</li>`).join('')}</ol>`);
  out.push(`<div class="signatures">${r.administration ? `<p class="administration">${esc(r.administration)}</p>` : ''}<ul class="signature-roles" aria-label="${esc(t('reports.proposal.signatures'))}">${signatures.map((s) => `<li><span class="line">${esc(s)}</span></li>`).join('')}</ul></div>`);
  out.push(heading(2, esc(t('reports.proposal.description'))));
  out.push(r.description.map((p) => paragraphs(p)).join(''));
  const route = [r.committee, ...r.route].filter(Boolean);
  if (route.length > 1) {
    out.push(heading(2, esc(t('reports.proposal.routeHeading'))));
    out.push(`<ol class="route">${route.map((b) => `<li>${esc(b)}</li>`).join('')}</ol>`);
  }
  out.push(heading(2, esc(t('reports.proposal.appendices'))));
  out.push(`<ol class="appendix-list"><li>${esc(appendixDoc)}</li><li>${esc(appendixConsultation)}</li></ol>`);
  out.push(`<section class="appendix" aria-labelledby="appendix-1">${heading(2, esc(appendixDoc), 'id="appendix-1"')}${documentAppendix(r.appendix.document, text, ids)}</section>`);
  out.push(`<section class="appendix" aria-labelledby="appendix-2">${heading(2, esc(appendixConsultation), 'id="appendix-2"')}${consultationAppendix(r, text, ids)}</section>`);
  return page({ lang: text.lang, title: `${t('reports.proposal.heading')}: ${r.title}`, kind: 'proposal', body: out.join('\n') });
}

function documentAppendix(tree: DocumentTree, text: ReportText, ids: Ids): string {
  const { t, f } = text;
  const d = tree.document;
  const out: string[] = [];
  if (d.subtitle && d.subtitle !== d.title) out.push(`<p class="lead">${esc(d.subtitle)}</p>`);
  out.push(
    metaList(
      [
        [t('reports.cover.adoptedBy'), adoptedBy({ ...d })],
        [t('reports.cover.decisionDate'), d.decisionDate ? f.date(d.decisionDate) : null],
        [t('reports.cover.caseNumber'), d.caseNumber],
        [t('reports.cover.owner'), d.owner],
        [t('reports.cover.validity'), validity({ ...d }, text)],
      ],
      text,
    ),
  );
  for (const s of tree.sections) {
    if (s.title) out.push(heading(3, esc(s.title)));
    out.push(paragraphs(s.body));
  }
  const goalBlock = (g: DocumentTree['goals'][number], level: number): string => {
    const parts = [`<div class="goal-block">`, heading(level, `${d.goalLevels[g.level - 1] ? `<span class="kicker">${esc(d.goalLevels[g.level - 1])}</span> ` : ''}${esc(g.title)}`)];
    parts.push(paragraphs(g.description));
    if (g.strategies.length > 0) parts.push(`<p class="note">${esc(t('reports.document.strategies'))}</p><ul>${g.strategies.map((s) => `<li>${esc(s.text)}</li>`).join('')}</ul>`);
    if (g.targets.length > 0) parts.push(`<p class="note">${esc(t('reports.document.targets'))}</p><ul>${g.targets.map((x) => `<li>${esc(x.statement)}</li>`).join('')}</ul>`);
    if (g.indicators.length > 0) parts.push(`<p class="note">${esc(t('reports.goal.indicators'))}</p><ul>${g.indicators.map((x) => `<li>${esc(x.name)}</li>`).join('')}</ul>`);
    if (g.activities.length > 0) parts.push(`<p class="note">${esc(t('reports.goal.activities'))}</p><ul>${g.activities.map((x) => `<li>${esc(x.description ?? '')}</li>`).join('')}</ul>`);
    for (const sub of g.goals) parts.push(goalBlock(sub, level + 1));
    parts.push('</div>');
    return parts.join('');
  };
  for (const a of tree.areas) {
    out.push(heading(3, esc(a.name)));
    out.push(paragraphs(a.description));
    if (a.strategies.length > 0) out.push(`<p class="note">${esc(t('reports.document.strategies'))}</p><ul>${a.strategies.map((s) => `<li>${esc(s.text)}</li>`).join('')}</ul>`);
    for (const g of a.goals) out.push(goalBlock(g, 4));
    if (a.indicators.length > 0) out.push(`<p class="note">${esc(t('reports.goal.indicators'))}</p><ul>${a.indicators.map((x) => `<li>${esc(x.name)}</li>`).join('')}</ul>`);
    if (a.activities.length > 0) out.push(`<p class="note">${esc(t('reports.goal.activities'))}</p><ul>${a.activities.map((x) => `<li>${esc(x.description ?? '')}</li>`).join('')}</ul>`);
  }
  for (const g of tree.goals) out.push(goalBlock(g, 3));
  if (tree.definitions.length > 0) {
    out.push(heading(3, esc(t('reports.document.definitions'))));
    out.push(
      table({
        ids,
        caption: t('reports.document.definitions'),
        stack: true,
        captionHidden: true,
        columns: [{ label: t('reports.col.term') }, { label: t('reports.col.definition') }],
        rowHeaders: true,
        rows: tree.definitions.map((x) => [esc(x.term), `${esc(x.text)}${x.note ? `<span class="sub">${esc(x.note)}</span>` : ''}`]),
      }),
    );
  }
  return out.join('\n');
}

function consultationAppendix(r: ProposalReport, text: ReportText, ids: Ids): string {
  const { t, f } = text;
  const c = r.appendix.consultation;
  if (!c) return `<p>${esc(t('reports.proposal.noConsultation'))}</p>`;
  const none = esc(t('common.none'));
  const out = [`<p class="lead">${esc(c.title)}</p>`];
  if (c.deadline) out.push(`<p>${esc(t('reports.proposal.deadline', { date: f.date(c.deadline) }))}</p>`);
  out.push(`<p>${esc(t('reports.proposal.answered', { units: c.answered.length > 0 ? c.answered.join(', ') : t('common.none') }))}</p>`);
  out.push(`<p>${esc(t('reports.proposal.notAnswered', { units: c.notAnswered.length > 0 ? c.notAnswered.join(', ') : t('common.none') }))}</p>`);
  if (c.comments.length > 0) {
    out.push(
      table({
        ids,
        caption: t('reports.proposal.appendixConsultation'),
        captionHidden: true,
        cls: 'consultation', stack: true,
        columns: [
          { label: t('reports.col.committee'), cls: 'c-unit' },
          { label: t('reports.col.remark'), cls: 'c-remark' },
          { label: t('reports.col.decision'), cls: 'c-decision' },
          { label: t('reports.col.reply'), cls: 'c-reply' },
        ],
        rowHeaders: true,
        rows: c.comments.map((x) => [
          `${esc(x.unit)}${x.item ? `<span class="sub">${esc(t('reports.col.item'))}: ${esc(x.item)}</span>` : ''}`,
          esc(x.text),
          x.decision ? statusBadge('decision', x.decision, text) : esc(t('reports.decision.none')),
          x.reply ? esc(x.reply) : none,
        ]),
      }),
    );
  }
  return out.join('\n');
}
