/**
 * The stylesheet of the generated HTML documents: one for the screen (the web app shows the same
 * document in an iframe: readable at 1280 px and on a phone) and one for print, which is what
 * Chromium's page.pdf lays out (A4 portrait, the action plan A4 landscape as the adopted plan prints
 * it). Inlined into the document: a report loads nothing from outside.
 */

export type PageOrientation = 'portrait' | 'landscape';

/** Page margins of the PDF, shared by @page and page.pdf() so that the footer sits in the bottom margin. */
export const PAGE_MARGINS: Record<PageOrientation, { top: string; right: string; bottom: string; left: string }> = {
  portrait: { top: '18mm', right: '18mm', bottom: '20mm', left: '20mm' },
  landscape: { top: '14mm', right: '14mm', bottom: '16mm', left: '14mm' },
};

const BASE = `
:root {
  --ink: #1b1f24;
  --muted: #4a5360;
  --line: #c9d0d8;
  --soft: #f3f5f8;
  --accent: #0b5cad;
  --ok-bg: #dff3e4; --ok-ink: #0f5323;
  --warn-bg: #fff1cc; --warn-ink: #6b4500;
  --bad-bg: #fde2e1; --bad-ink: #8a1111;
  --grey-bg: #e9ecef; --grey-ink: #3d4550;
}
*, *::before, *::after { box-sizing: border-box; }
html {
  font-family: 'DejaVu Sans', 'Segoe UI', system-ui, Arial, sans-serif;
  color: var(--ink);
  background: #fff;
  line-height: 1.45;
  -webkit-text-size-adjust: 100%;
  text-size-adjust: 100%;
  -webkit-print-color-adjust: exact;
  print-color-adjust: exact;
}
body { margin: 0; }
main { max-width: 62rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
p, li, dd, td, th, caption, figcaption { overflow-wrap: break-word; }
p, li, dd, td { hyphens: auto; }
h1, h2, h3, h4, h5, h6 { line-height: 1.25; margin: 1.5em 0 0.5em; break-after: avoid; page-break-after: avoid; break-inside: avoid; page-break-inside: avoid; }
h1 { font-size: 2rem; margin-top: 0; }
h2 { font-size: 1.5rem; padding-bottom: 0.2em; border-bottom: 2px solid var(--accent); }
h3 { font-size: 1.25rem; }
h4 { font-size: 1.1rem; }
h5 { font-size: 1rem; }
h6 { font-size: 0.95rem; }
p { margin: 0.4em 0 0.8em; orphans: 3; widows: 3; }
a { color: var(--accent); }
ul, ol { padding-inline-start: 1.5rem; }
.sr-only, .plan-area-title { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.muted, .sub { color: var(--muted); }
.sub { display: block; font-size: 0.9em; margin-top: 0.15em; }
.lead { font-size: 1.15rem; font-weight: 600; }
.note { font-size: 0.9rem; color: var(--muted); margin: 0.2em 0; }
.notice { border-inline-start: 4px solid var(--accent); background: #eef5fc; padding: 0.5rem 0.9rem; margin: 0.75rem 0; }
.notice.example { border-color: #6b4500; background: var(--warn-bg); }
.kicker { display: block; font-size: 0.8em; font-weight: 600; letter-spacing: 0.02em; color: var(--muted); text-transform: none; }

/* Status in words, coloured as in the web app; the word carries the meaning, the colour only helps. */
.status { display: inline-block; padding: 0.05em 0.55em; border-radius: 999px; font-weight: 600; font-size: 0.88em; white-space: nowrap; background: var(--grey-bg); color: var(--grey-ink); border: 1px solid #aab3bd; }
.status-achieved, .status-on_track, .status-fulfilled, .status-done, .status-approved, .status-locked, .status-accepted { background: var(--ok-bg); color: var(--ok-ink); border-color: #8cc79b; }
.status-off_track_moderate, .status-partly_fulfilled, .status-submitted, .status-postponed, .status-partly_accepted, .status-ongoing { background: var(--warn-bg); color: var(--warn-ink); border-color: #e0c06a; }
.status-off_track_significant, .status-deteriorating, .status-not_achieved, .status-not_fulfilled, .status-missing, .status-cancelled, .status-rejected { background: var(--bad-bg); color: var(--bad-ink); border-color: #e5a3a0; }
.status-ongoing { background: #e3eefa; color: #0b3f78; border-color: #9cbde3; }

/* Tables */
.table-wrap { margin: 0.5rem 0 1rem; padding: 0 1px; }
@media screen { .table-wrap { overflow-x: auto; position: relative; } .print-only { display: none; } }
.table-wrap:focus-visible { outline: 3px solid #b3541e; outline-offset: 2px; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
caption { caption-side: top; text-align: start; font-weight: 600; padding: 0.2rem 0 0.35rem; }
th, td { text-align: start; vertical-align: top; padding: 0.35rem 0.5rem; border-bottom: 1px solid var(--line); }
thead th { background: var(--soft); border-bottom: 2px solid #6b7785; font-weight: 600; vertical-align: bottom; }
tbody th { font-weight: 600; }
.num { text-align: end; font-variant-numeric: tabular-nums; white-space: nowrap; }
th.num { text-align: end; white-space: normal; hyphens: manual; }
.table-notes { margin: -0.5rem 0 1rem; break-before: avoid; page-break-before: avoid; }
.caption-note { font-weight: normal; font-size: 0.9em; color: var(--muted); margin-inline-start: 0.75rem; }
.table-notes p { font-size: 0.85rem; color: var(--muted); margin: 0.15em 0; }
thead { display: table-header-group; break-after: avoid; }
tbody tr:first-child { break-before: avoid; }
tr { break-inside: avoid; page-break-inside: avoid; }

/* Metadata lists */
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.3rem 1.25rem; margin: 1rem 0; }
dl.meta dt { font-weight: 600; color: var(--muted); }
dl.meta dd { margin: 0; }

/* Charts */
figure { margin: 0.5rem 0 0.75rem; break-inside: avoid; page-break-inside: avoid; }
.chart-image { max-width: 640px; }
.chart-image svg { display: block; width: 100%; height: auto; }
figcaption { font-size: 0.85rem; color: var(--muted); margin-top: 0.25rem; max-width: 640px; }
ul.facts { list-style: none; padding: 0; margin: 0.25rem 0 0.5rem; display: flex; flex-wrap: wrap; gap: 0.2rem 1.5rem; font-size: 0.92rem; }
`;

const FOLLOW_UP = `
.cover { border-bottom: 3px solid var(--accent); padding-bottom: 1rem; margin-bottom: 1.5rem; }
.cover .municipality { font-size: 1.1rem; font-weight: 600; margin: 0 0 1rem; color: var(--accent); }
.cover h1 .kicker { font-size: 0.55em; color: var(--accent); margin-bottom: 0.3em; }
.cover .subtitle { font-size: 1.15rem; color: var(--muted); margin-top: 0; }
.cover .dates { font-size: 0.95rem; color: var(--muted); margin: 0.15em 0; }
section.area, section.units { margin-top: 2.5rem; }
section.goal { margin-top: 1.5rem; }
section.goal.level-2, section.goal.level-3 { padding-inline-start: 1rem; border-inline-start: 3px solid var(--line); }
.goal-title { font-size: 1.15rem; }
.goal.level-2 .goal-title, .goal.level-3 .goal-title { font-size: 0.98rem; font-weight: 600; }
.goal.level-2, .goal.level-3 { margin-top: 1rem; }
ul.subgoals li { margin-bottom: 0.35rem; }
.goal-status { margin: 0.25rem 0 0.75rem; break-after: avoid; page-break-after: avoid; break-inside: avoid; page-break-inside: avoid; }
ul.facts { break-after: avoid; }
.targets tbody th, .activities tbody th { font-weight: normal; }
section.indicator { break-inside: avoid; page-break-inside: avoid; }
section.indicator .band { margin-top: 0.75rem; break-inside: avoid; page-break-inside: avoid; }
table.by-sex { font-size: 0.8rem; }
table.by-sex th, table.by-sex td { padding: 0.25rem 0.3rem; }
table.by-sex tbody th { font-weight: 600; min-width: 5.5rem; }
table.by-sex tr.gap-row th, table.by-sex tr.gap-row td { border-top: 2px solid var(--line); }
table.by-year, table.narrow { width: auto; min-width: 22rem; }
.definitions-table col.c-term { width: 22%; }
.summary-top { display: grid; grid-template-columns: minmax(0, 1fr) auto; gap: 0 2rem; align-items: start; }
.summary-top table.narrow { min-width: 14rem; }
.latest-values tbody th { font-weight: normal; }
.latest-values { font-size: 0.85rem; }
.latest-values th, .latest-values td, .per-area th, .per-area td { padding-top: 0.15rem; padding-bottom: 0.15rem; }
.per-area { table-layout: fixed; }
.per-area col.c-area { width: 38%; }
.per-area col.c-n { width: 8%; }
.per-area col.c-n2 { width: 16%; }
.per-area col.c-n3 { width: 15%; }
.per-area col.c-st { width: 23%; }
.summary-top .table-wrap { margin-bottom: 0.25rem; }
.latest-values tr.group th { font-weight: 600; background: var(--soft); padding-top: 0.45rem; }
.latest-values col.c-value { width: 8.5rem; }
.latest-values col.c-year { width: 4.5rem; }
.indicator-sources col.c-name { width: 32%; }
.indicator-sources col.c-unit { width: 12%; }
.indicator-sources col.c-source { width: 18%; }
.part-title { font-size: 1rem; color: var(--muted); margin-top: 1rem; }
section.indicator { margin: 1rem 0 1.5rem; padding-top: 0.5rem; border-top: 1px solid var(--line); }
.indicator-title { font-size: 1rem; margin-top: 0.5rem; }
/* A target's row, and its reason in words over the whole width under it: one tbody, kept together. */
.targets { table-layout: fixed; font-size: 0.85rem; }
.targets col.c-statement { width: 30%; }
.targets col.c-target { width: 18%; }
.targets col.c-value { width: 17%; }
.targets col.c-status { width: 18%; }
.targets th, .targets td { overflow-wrap: normal; hyphens: manual; }
.targets .status { white-space: normal; }
.targets tbody.target { break-inside: avoid; page-break-inside: avoid; }
.targets tbody.target > tr:first-child > th, .targets tbody.target > tr:first-child > td { border-bottom: none; padding-bottom: 0.1rem; }
.targets tr.reason td { padding-top: 0.1rem; padding-bottom: 0.45rem; color: var(--ink); font-size: 0.95em; hyphens: manual; }
.targets tbody.target + tbody.target > tr:first-child > * { border-top: 1px solid var(--line); }
.targets td.num { white-space: normal; }
.goal-status .rollup, p.rollup { color: var(--muted); }
p.rollup { margin-top: -0.4em; }
section.method { margin-top: 2rem; }
section.method p { max-width: 46rem; }
dl.method-statuses { margin: 0.5rem 0 1rem; max-width: 46rem; }
dl.method-statuses > div { display: grid; grid-template-columns: 10.5rem 1fr; gap: 0 1rem; margin: 0 0 0.45rem; break-inside: avoid; page-break-inside: avoid; }
dl.method-statuses dt, dl.method-statuses dd { margin: 0; }
.narratives col.c-unit { width: 24%; }
.narratives col.c-assessment { width: 16%; }
.activities col.c-activity { width: 38%; }
.activities col.c-status { width: 13%; }
.activities col.c-progress { width: 10%; }
`;

const ACTION_PLAN = `
main.action-plan { max-width: 90rem; }
.plan-meta { display: grid; grid-template-columns: max-content 1fr max-content 1fr; gap: 0.25rem 1rem; margin: 0.75rem 0 1rem; font-size: 0.92rem; border-top: 1px solid var(--line); border-bottom: 1px solid var(--line); padding: 0.5rem 0; }
.plan-meta dt { font-weight: 600; color: var(--muted); }
.plan-meta dd { margin: 0; }
.plan-area { margin-top: 1.25rem; }
table.plan { font-size: 0.82rem; table-layout: fixed; min-width: 56rem; }
table.plan th, table.plan td { border: 1px solid #9aa4af; padding: 0.3rem 0.4rem; }
table.plan thead th { background: #dfe6ee; border-bottom: 2px solid #6b7785; }
table.plan tbody th.goal { background: var(--soft); font-weight: 600; }
table.plan col.c-goal { width: 16%; }
table.plan col.c-problem { width: 15%; }
table.plan col.c-activity { width: 22%; }
table.plan col.c-responsible { width: 15%; }
table.plan col.c-timeline { width: 6.5%; }
table.plan col.c-status { width: 9%; }
table.plan col.c-followup { width: 16.5%; }
table.plan .progress { display: block; font-size: 0.9em; margin-top: 0.2em; }
table.plan .plan-text { display: block; color: var(--muted); margin-top: 0.2em; }
table.plan td p { margin: 0 0 0.3em; }
table.plan tr { break-inside: auto; page-break-inside: auto; }
`;

const PROPOSAL = `
.letterhead { display: grid; grid-template-columns: 1fr auto; gap: 1rem; align-items: start; margin-bottom: 1.5rem; }
.letterhead p { margin: 0; }
.letterhead .sender { font-weight: 600; }
.letterhead .doc-kind { font-weight: 700; letter-spacing: 0.08em; text-align: end; }
.letterhead dl { margin: 0.4rem 0 0; display: grid; grid-template-columns: max-content auto; gap: 0.1rem 0.75rem; text-align: start; }
.letterhead dt { color: var(--muted); }
.letterhead dd { margin: 0; }
.committee { font-weight: 600; margin-bottom: 1rem; }
.proposal-to { font-weight: 600; }
ol.proposals li { margin-bottom: 0.3rem; }
.signatures { margin: 1.5rem 0 2rem; break-inside: avoid; }
.signatures .administration { font-weight: 600; }
.signature-roles { display: flex; flex-wrap: wrap; gap: 1.5rem 3rem; list-style: none; padding: 0; margin: 0; }
.signature-roles li { min-width: 14rem; padding-top: 2.5rem; }
.signature-roles .line { display: block; border-top: 1px solid var(--ink); padding-top: 0.2rem; }
ol.route { padding-inline-start: 1.5rem; }
ol.appendix-list { list-style: none; padding: 0; }
.appendix { margin-top: 2.5rem; }
.appendix .goal-block { margin-inline-start: 0.5rem; }
.consultation { font-size: 0.85rem; }
.consultation { table-layout: fixed; }
.consultation col.c-unit { width: 25%; }
.consultation col.c-remark { width: 30%; }
.consultation col.c-decision { width: 21%; }
.consultation col.c-reply { width: 24%; }
.consultation tbody th { font-weight: normal; }
`;

const PHONE = `
@media screen and (max-width: 40rem) {
  main { padding: 1rem 0.75rem 2rem; }
  h1 { font-size: 1.6rem; }
  h2 { font-size: 1.3rem; }
  dl.meta, .plan-meta { grid-template-columns: 1fr; gap: 0.1rem; }
  dl.method-statuses > div { grid-template-columns: 1fr; }
  dl.meta dd, .plan-meta dd { margin-bottom: 0.4rem; }
  .letterhead, .summary-top { grid-template-columns: 1fr; }
  .letterhead .doc-kind { text-align: start; }
  table.by-year, table.narrow { min-width: 0; }
  table { font-size: 0.85rem; }
  section.goal.level-2, section.goal.level-3 { padding-inline-start: 0.6rem; }
  .plan-area-title { position: static; width: auto; height: auto; margin: 1.5rem 0 0.5rem; overflow: visible; clip: auto; white-space: normal; }
  /* Text tables become one card per row, each value under its column's name. */
  table.stack, table.stack tbody, table.stack tr, table.stack th, table.stack td { display: block; width: 100%; }
  table.stack { min-width: 0; }
  table.stack colgroup { display: none; }
  table.stack thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table.stack tr { border: 1px solid var(--line); border-radius: 6px; margin-bottom: 0.6rem; padding: 0.35rem 0.6rem; }
  table.stack th, table.stack td, table.plan.stack th, table.plan.stack td { border: none; padding: 0.15rem 0; text-align: start; }
  table.stack td:empty { display: none; }
  table.stack td[data-label]::before { content: attr(data-label); display: block; font-size: 0.8em; font-weight: 600; color: var(--muted); }
  table.stack .num { text-align: start; }
  table.targets.stack tbody.target { border: 1px solid var(--line); border-radius: 6px; margin-bottom: 0.6rem; padding: 0.35rem 0.6rem; }
  table.targets.stack tbody.target tr { border: none; border-radius: 0; margin: 0; padding: 0; }
  table.targets.stack tbody.target + tbody.target > tr:first-child > * { border-top: none; }
  table.plan.stack tbody { border-top: 3px solid var(--accent); padding-top: 0.4rem; margin-top: 0.6rem; }
  table.plan.stack th.goal { background: none; font-size: 1.05em; margin-bottom: 0.3rem; }
}
`;

function print(orientation: PageOrientation, kind: 'follow-up' | 'action-plan' | 'proposal'): string {
  const m = PAGE_MARGINS[orientation];
  return `
@page { size: A4 ${orientation}; margin: ${m.top} ${m.right} ${m.bottom} ${m.left}; }
@media print {
  html { font-size: ${orientation === 'landscape' ? '9pt' : '10pt'}; }
  main, main.action-plan { max-width: none; margin: 0; padding: 0; }
  th, td { padding: 0.25rem 0.45rem; }
  .chart-image, figcaption { max-width: 118mm; }
  section.indicator { margin: 0.4rem 0 0.6rem; padding-top: 0.3rem; }
  section.area, section.units { margin-top: 1.5rem; }
  .indicator p.note, .indicator p.gap { margin: 0.2em 0; }
  .indicator .table-wrap { margin: 0.3rem 0 0.5rem; }
  figure { margin: 0.3rem 0 0.5rem; }
  table.plan { min-width: 0; }
  table.plan tbody th.goal { background: none; }
  a { color: inherit; text-decoration: none; }
  h2, h3, h4, h5, h6 { break-after: avoid; page-break-after: avoid; }
  ${
    kind === 'follow-up'
      ? `.cover { min-height: 250mm; display: flex; flex-direction: column; border-bottom: none; break-after: page; page-break-after: always; margin: 0; padding-top: 40mm; }
  .cover h1 { font-size: 26pt; }
  .cover .cover-foot { margin-top: auto; border-top: 2px solid var(--accent); padding-top: 4mm; }
  section.summary, section.summary + section.area, section.method + section.area, section.definitions { break-before: page; page-break-before: always; margin-top: 0; }
  section.area > h2:first-child, section.units > h2:first-child, section.definitions > h2:first-child, section.summary > h2:first-child { margin-top: 0; }`
      : ''
  }
  ${kind === 'proposal' ? `.appendix { break-before: page; page-break-before: always; margin-top: 0; } .appendix > h2:first-child { margin-top: 0; }` : ''}
}
`;
}

/** The whole stylesheet of one kind of document. */
export function reportCss(kind: 'follow-up' | 'action-plan' | 'proposal'): string {
  const orientation: PageOrientation = kind === 'action-plan' ? 'landscape' : 'portrait';
  const own = kind === 'follow-up' ? FOLLOW_UP : kind === 'action-plan' ? ACTION_PLAN : PROPOSAL;
  return (BASE + own + PHONE + print(orientation, kind)).replace(/\n\s*/g, '\n').trim();
}
