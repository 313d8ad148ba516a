import { headlineBand } from '../../shared/compilation.ts';
import fs from 'node:fs';
import path from 'node:path';
import { createIntl } from '@formatjs/intl';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTAINMENT_STATUSES, type AttainmentStatus } from '../../domain/attainment/attainment.ts';
import type { Sentence } from '../../domain/attainment/explain.ts';
import { genderGap } from '../../domain/attainment/gender-gap.ts';
import type { Db } from '../../db/open-db.ts';
import { attainmentText } from '../../shared/attainment-text.ts';
import { makeFormat } from '../../shared/format.ts';
import svAttainment from '../../shared/locales/sv/attainment.json' with { type: 'json' };
import svCommon from '../../shared/locales/sv/common.json' with { type: 'json' };
import type { CompiledBand } from '../../shared/api/views.ts';
import { officeToPdf, pdfText, scratchDir, squash } from '../../../test/support/documents.ts';
import { demoDatabase, demoFollowUpInput, demoReports, type DemoReports } from '../../../test/support/report-fixtures.ts';
import { followUpDocx } from './docx.ts';
import { followUpHtml } from './html.ts';
import { buildFollowUpReport, type FollowUpInput, type FollowUpReport, type TargetLine } from './model.ts';
import { htmlToPdf, pageFooter } from './pdf.ts';
import { reportText } from './text.ts';
import { followUpXlsx } from './xlsx.ts';

/**
 * What the follow-up report says about each status, read as a person's tools read it: the PDF
 * (Chromium) through pdftotext, the DOCX through LibreOffice and pdftotext, the XLSX through exceljs.
 * A target's reason is the same sentence the API gives (`attainmentText` over attainment.json and
 * common.json only, as src/http answers `explanationText`), with the value and year its status rests
 * on; the summary names no status that none of the targets has; the method note is there; a number
 * suppressed in an indicator's table is not let out by a sentence or a target's row; every declared
 * age band has a table and a gap of its own. Expected words are computed here from the compilation
 * and the stored values, never copied from a generated document.
 */

const sv = reportText('sv');
// The API's words: attainment.json with common.json as the fallback, and nothing from the report texts.
const apiIntl = createIntl({ locale: 'sv-SE', messages: { ...svCommon, ...svAttainment }, defaultLocale: 'sv-SE' });
const apiWords = (s: Sentence) => attainmentText(apiIntl, s);
const f = makeFormat(apiIntl);

type Name = 'tyreso' | 'ostersund2020' | 'ostersund';
const NAMES: Name[] = ['tyreso', 'ostersund2020', 'ostersund'];

interface Read {
  report: FollowUpReport;
  /** The PDF's text (Chromium), whitespace collapsed. */
  pdf: string;
  /** The DOCX printed by LibreOffice, whitespace collapsed. */
  docx: string;
  workbook: ExcelJS.Workbook;
}

let db: Db;
let dir: string;
let reports: DemoReports;
let input2025: FollowUpInput;
const read = {} as Record<Name, Read>;

beforeAll(async () => {
  db = await demoDatabase();
  reports = await demoReports(db);
  input2025 = await demoFollowUpInput(db, '2380', 2025);
  dir = scratchDir('follow-up-words');
  for (const name of NAMES) {
    const report = reports[name];
    const pdf = path.join(dir, `${name}.pdf`);
    fs.writeFileSync(pdf, await htmlToPdf(followUpHtml(report, sv), { footer: pageFooter(sv) }));
    const docxFile = path.join(dir, `${name}-docx.docx`);
    fs.writeFileSync(docxFile, await followUpDocx(report, sv));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await followUpXlsx(report, sv)) as unknown as ExcelJS.Buffer);
    read[name] = { report, pdf: squash(await pdfText(pdf)), docx: squash(await pdfText(await officeToPdf(docxFile))), workbook };
  }
}, 600_000);

afterAll(async () => {
  await db?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const targetsOf = (r: FollowUpReport): TargetLine[] => r.sections.flatMap((s) => s.goals.flatMap((g) => g.targets));
const compiled = (key: string) => input2025.compilation.targets.find((t) => t.key === key)!;

/** The cells of a sheet as text, row by row. */
function sheetRows(wb: ExcelJS.Workbook, name: string): string[][] {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`No sheet ${name}`);
  const rows: string[][] = [];
  ws.eachRow((row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (c) => cells.push(c.value === null || c.value === undefined ? '' : typeof c.value === 'object' && 'text' in c.value ? String(c.value.text) : String(c.value)));
    rows.push(cells);
  });
  return rows;
}

/** Whether a phrase's words come in this order in a text, though other text (a table beside it) may come between them. */
function inOrder(text: string, phrase: string): boolean {
  let at = 0;
  for (const word of phrase.split(' ')) {
    const i = text.indexOf(word, at);
    if (i < 0) return false;
    at = i + word.length;
  }
  return true;
}

/** The part of a text from `from` up to `to` (exclusive; to the end when `to` is null or absent). */
function between(text: string, from: string, to: string | null): string {
  const start = text.indexOf(from);
  expect(start, `"${from}" is in the text`).toBeGreaterThanOrEqual(0);
  const end = to === null ? -1 : text.indexOf(to, start + from.length);
  return text.slice(start, end < 0 ? undefined : end);
}

describe('a target’s reason in words', () => {
  // 2380-integrationsstrategi-2020.csv: nyanlanda-arbete-eller-studier has values up to 2021, so its verdict on
  // the target year 2020 (44.3 %) is older than its latest value; the relative target compares 2020's 21.4 %
  // with the comparison group's value that year; the yearly target counts its record over four years.
  const KNOWN = ['arbete-eller-studier-minst-50', 'unga-arbetslosa-hogst-som-inrikes-fodda', 'mottagna-minst-300', 'behorighet-hogre-studier-oka'];

  it('is the API’s sentence, with the value and year the verdict rests on, word for word in the PDF, the DOCX and the XLSX', () => {
    const targets = sheetRows(read.ostersund.workbook, 'Mål');
    const header = targets[0]!;
    const reasonColumn = header.indexOf(sv.t('reports.col.reason'));
    const statementColumn = header.indexOf(sv.t('reports.col.measurableTarget'));
    expect(reasonColumn).toBeGreaterThan(0);
    for (const key of KNOWN) {
      const t = compiled(key);
      expect(t.sentence.id, key).toMatch(/^attainment\.reason\./);
      const expected = apiWords(t.sentence);
      expect(read.ostersund.pdf, `${key} in the PDF`).toContain(squash(expected));
      expect(read.ostersund.docx, `${key} in the DOCX`).toContain(squash(expected));
      const row = targets.find((r) => r[statementColumn] === t.statement);
      expect(row?.[reasonColumn], `${key} in the XLSX`).toBe(expected);
    }
    // The verdict's year and value (not the latest value's) are in the sentence.
    const verdict = compiled('arbete-eller-studier-minst-50').explanation.verdict!;
    const latest = compiled('arbete-eller-studier-minst-50').explanation.latest!;
    expect(latest.year).toBeGreaterThan(verdict.year);
    const words = apiWords(compiled('arbete-eller-studier-minst-50').sentence);
    expect(words).toContain(String(verdict.year));
    expect(words).toContain(f.value(verdict.value, 'percent'));
    // The relative target: its own value and the comparison group's, that year.
    const relative = compiled('unga-arbetslosa-hogst-som-inrikes-fodda');
    const year = relative.explanation.verdict!.year;
    const comparison = relative.explanation.comparisons!.find((c) => c.year === year)!;
    const relativeWords = apiWords(relative.sentence);
    for (const s of [String(year), f.value(comparison.value, 'percent'), f.value(comparison.reference, 'percent')]) expect(relativeWords).toContain(s);
  });

  it('has replaced the bare reasons without numbers in every format', () => {
    for (const key of KNOWN) {
      const bare = sv.t(`common.reason.${compiled(key).reason}`);
      expect(read.ostersund.pdf, key).not.toContain(bare);
      expect(read.ostersund.docx, key).not.toContain(bare);
    }
  });

  it('prints per target the target, the value the status rests on and the baseline, each with its year', () => {
    const line = targetsOf(read.ostersund.report).find((t) => t.key === 'arbete-eller-studier-minst-50')!;
    const e = compiled('arbete-eller-studier-minst-50').explanation;
    expect(line.assessed).toMatchObject({ year: e.verdict!.year, value: e.verdict!.value, verdict: true });
    expect(line.latest).toMatchObject({ year: e.latest!.year, value: e.latest!.value });
    expect(line.baseline).toMatchObject({ year: e.baseline!.year, value: e.baseline!.value });
    expect(sv.sentence(line.targetPhrase!)).toBe(apiIntl.formatMessage({ id: 'attainment.target.at_least' }, { value: f.value(e.target!.value!, 'percent') }));

    const relative = targetsOf(read.ostersund.report).find((t) => t.key === 'unga-arbetslosa-hogst-som-inrikes-fodda')!;
    const r = compiled('unga-arbetslosa-hogst-som-inrikes-fodda').explanation;
    const at = (y: number) => r.comparisons!.find((c) => c.year === y)!;
    expect(sv.sentence(relative.targetPhrase!)).toBe(apiIntl.formatMessage({ id: 'attainment.target.at_most_relative' }));
    expect(relative.assessed).toMatchObject({ year: r.verdict!.year, value: r.verdict!.value, reference: at(r.verdict!.year).reference });
    expect(relative.baseline).toMatchObject({ year: r.baseline!.year, value: r.baseline!.value, reference: at(r.baseline!.year).reference });

    // The XLSX has them as numbers, each with its year.
    const rows = sheetRows(read.ostersund.workbook, 'Mål');
    const col = (id: string) => rows[0]!.indexOf(sv.t(id));
    const row = rows.find((x) => x[col('reports.col.measurableTarget')] === relative.statement)!;
    expect(row[col('reports.col.targetValue')]).toBe(sv.sentence(relative.targetPhrase!));
    expect(Number(row[col('reports.col.assessed')])).toBeCloseTo(r.verdict!.value / 100, 10);
    expect(row[col('reports.col.assessedYear')]).toBe(String(r.verdict!.year));
    expect(Number(row[col('reports.col.reference')])).toBeCloseTo(at(r.verdict!.year).reference / 100, 10);
    expect(Number(row[col('reports.col.baseline')])).toBeCloseTo(r.baseline!.value / 100, 10);
    expect(row[col('reports.col.baselineYear')]).toBe(String(r.baseline!.year));
  });

  it('gives each goal’s, each area’s and the whole document’s computed status with its rule in words, the API’s roll-up sentence', () => {
    const c = input2025.compilation;
    for (const g of c.goals.filter((x) => x.rollUp.total > 0)) {
      const words = squash(apiWords(g.rollUp.sentence));
      expect(read.ostersund.pdf, g.key).toContain(words);
      expect(read.ostersund.docx, g.key).toContain(words);
      const row = sheetRows(read.ostersund.workbook, 'Bedömningar').find((r) => r[1] === g.title);
      expect(row, g.key).toContain(apiWords(g.rollUp.sentence));
    }
    const summary = sheetRows(read.ostersund.workbook, 'Sammanfattning');
    for (const a of c.areas) {
      const words = squash(apiWords(a.rollUp.sentence));
      expect(read.ostersund.pdf, a.key).toContain(words);
      expect(read.ostersund.docx, a.key).toContain(words);
      expect(summary.find((r) => r[0] === a.name), a.key).toContain(apiWords(a.rollUp.sentence));
    }
    // The summary's sentence stands beside the table of statuses in the PDF: its lines interleave with the table's.
    const words = apiWords(c.summary.sentence);
    expect(inOrder(between(read.ostersund.pdf, sv.t('reports.summary.heading'), sv.t('reports.method.heading')), squash(words))).toBe(true);
    expect(read.ostersund.docx).toContain(squash(words));
    expect(summary.find((r) => r[0] === sv.t('common.total'))).toContain(words);
  });
});

describe('the summary', () => {
  /** The words each status is named by: its label, and the forms the roll-up's counts use ("1 uppnått", "5 inte uppnådda"). */
  const forms = (s: AttainmentStatus): string[] => {
    const label = sv.t(`common.status.${s}`).toLocaleLowerCase('sv');
    const counted = [1, 2].map((n) => sv.t('attainment.rollUp.count', { n, status: s }).replace(/^\d+\s+/, '').toLocaleLowerCase('sv'));
    return s === 'not_assessable' ? [label] : [...new Set([label, ...counted])];
  };
  /** The statuses a text names, longest words first so that "inte uppnått" is not also read as "uppnått". */
  function named(text: string): Set<AttainmentStatus> {
    const words = ATTAINMENT_STATUSES.flatMap((s) => forms(s).map((w) => ({ s, w }))).sort((a, b) => b.w.length - a.w.length);
    let rest = text.toLocaleLowerCase('sv');
    const found = new Set<AttainmentStatus>();
    for (const { s, w } of words) {
      const re = new RegExp(`(?<!\\p{L})${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\p{L})`, 'gu');
      if (re.test(rest)) found.add(s);
      rest = rest.replace(re, ' ');
    }
    return found;
  }

  it.each(NAMES)('%s names only statuses that at least one of its targets has, in the PDF, the DOCX and the XLSX', (name) => {
    const { report, pdf, docx, workbook } = read[name];
    const has = new Set(targetsOf(report).map((t) => t.status));
    const heading = sv.t('reports.summary.heading');
    // The summary runs up to the method note, or (without targets) to the first area.
    const end = report.summary.targets > 0 ? sv.t('reports.method.heading') : report.sections[0]!.name!;
    const parts = {
      pdf: between(pdf, heading, end),
      docx: between(docx, heading, end),
      xlsx: sheetRows(workbook, sv.t('reports.sheet.summary')).flat().join(' '),
    };
    for (const [format, text] of Object.entries(parts)) {
      const statuses = named(text);
      for (const s of statuses) expect(has.has(s), `${name} ${format} names "${sv.t(`common.status.${s}`)}"`).toBe(true);
      if (report.summary.targets > 0) expect(statuses.has(report.summary.status), `${name} ${format}`).toBe(true);
      else expect([...statuses], `${name} ${format}`).toEqual([]);
    }
    // The overall status is one of the targets' own (the median), and the counts are the targets'.
    if (report.summary.targets > 0) expect(has.has(report.summary.status)).toBe(true);
    for (const s of ATTAINMENT_STATUSES) expect(report.summary.counts[s], s).toBe(targetsOf(report).filter((t) => t.status === s).length);
  });
});

describe('the method note', () => {
  const paragraphs = sv
    .t('attainment.methodNote')
    .split(/\n\s*\n/)
    .map((p) => p.trim());

  it('follows the summary in the PDF and the DOCX, and is a sheet of its own in the XLSX', () => {
    for (const name of ['ostersund2020', 'ostersund'] as const) {
      const { pdf, docx, workbook } = read[name];
      for (const text of [pdf, docx]) {
        const note = between(text, sv.t('reports.method.heading'), read[name].report.sections[0]!.name!);
        expect(text.indexOf(sv.t('reports.method.heading'))).toBeGreaterThan(text.indexOf(sv.t('reports.summary.heading')));
        // Every paragraph, a status's name and its explanation in the order written.
        for (const p of paragraphs) {
          const m = /^([^:]{2,40}):\s+(.*)$/s.exec(p);
          if (m) {
            expect(note).toContain(m[1]);
            expect(note).toContain(squash(m[2]!));
          } else expect(note).toContain(squash(p));
        }
      }
      const sheet = sheetRows(workbook, sv.t('reports.sheet.method')).flat().join('\n');
      for (const p of paragraphs) for (const part of p.split(/:\s+/)) expect(sheet).toContain(part.trim());
      expect(workbook.worksheets.map((w) => w.name).slice(0, 3)).toEqual([sv.t('reports.sheet.summary'), sv.t('reports.sheet.method'), sv.t('reports.sheet.targets')]);
    }
  });

  it('is left out of a report without measurable targets (Tyresö’s)', () => {
    expect(read.tyreso.pdf).not.toContain(sv.t('reports.method.heading'));
    expect(read.tyreso.docx).not.toContain(sv.t('reports.method.heading'));
    expect(read.tyreso.workbook.getWorksheet(sv.t('reports.sheet.method'))).toBeUndefined();
  });
});

describe('small-count suppression of what a target prints', () => {
  /** Östersund 2025 with one value of an indicator's headline band changed (a count, or a share's counts). */
  function withValue(indicator: string, year: number, change: { value?: number; numerator?: number; denominator?: number }): FollowUpReport {
    const input = structuredClone(input2025);
    const ind = input.compilation.indicators.find((i) => i.key === indicator)!;
    for (const band of ind.bands.filter((b) => b.headline)) Object.assign(band.series.total.find((p) => p.year === year)!, change);
    Object.assign(headlineBand(ind).series.total.find((p) => p.year === year)!, change);
    return buildFollowUpReport(input);
  }
  const line = (r: FollowUpReport, key: string) => targetsOf(r).find((t) => t.key === key)!;
  /** A target's rows in the HTML: its tbody. */
  const rowsHtml = (html: string, statement: string) => {
    const at = html.indexOf(statement.replace(/&/g, '&amp;'));
    return html.slice(html.lastIndexOf('<tbody', at), html.indexOf('</tbody>', at));
  };

  it('leaves out the verdict’s value and prints the reason without numbers when the verdict’s share rests on too few people', () => {
    // andel-utrikes-fodda 2020 (the verdict of "minst 10 % … år 2020"): 10.2 %, now of 29 people, 3 of them.
    const key = 'utrikes-fodda-minst-10';
    const t = compiled(key);
    const report = withValue('andel-utrikes-fodda', 2020, { numerator: 3, denominator: 29 });
    const ind = report.sections.flatMap((s) => [...s.indicators, ...s.goals.flatMap((g) => g.indicators)]).find((i) => i.key === 'andel-utrikes-fodda')!;
    expect(ind.rows.find((r) => r.year === 2020)!.cells.total!.suppressed).not.toBeNull();
    const l = line(report, key);
    expect(l.sentence).toEqual({ id: `common.reason.${t.reason}`, values: {} });
    expect(l.assessed).toBeNull();
    // The other values are published and still printed: the baseline (2016) and the latest (2025).
    expect(l.baseline).toMatchObject({ year: t.explanation.baseline!.year, value: t.explanation.baseline!.value });
    expect(l.latest).toMatchObject({ year: t.explanation.latest!.year, value: t.explanation.latest!.value });

    const html = followUpHtml(report, sv);
    const rows = rowsHtml(html, t.statement);
    expect(rows).toContain(sv.t(`common.reason.${t.reason}`));
    expect(rows).not.toContain(f.value(t.explanation.verdict!.value, 'percent').replace(/\u00a0/g, ' '));
    expect(rows).not.toContain(f.value(t.explanation.verdict!.value, 'percent'));
    expect(html).not.toContain(apiWords(t.sentence));
    // The same report unchanged prints the full sentence.
    expect(followUpHtml(read.ostersund.report, sv)).toContain(apiWords(t.sentence));
  });

  it('prints the reason without numbers when the comparison group’s value that year is suppressed, and leaves that value out', () => {
    const key = 'unga-arbetslosa-hogst-som-inrikes-fodda';
    const t = compiled(key);
    const year = t.explanation.verdict!.year;
    const report = withValue('unga-inrikes-fodda-arbetslosa', year, { numerator: 2, denominator: 22 });
    const l = line(report, key);
    expect(l.sentence.id).toBe(`common.reason.${t.reason}`);
    // Its own value that year is published; the comparison group's is not.
    expect(l.assessed).toMatchObject({ year, value: t.explanation.verdict!.value, reference: null });
    expect(followUpHtml(report, sv)).not.toContain(apiWords(t.sentence));
  });

  it('prints the reason without numbers when a year of a yearly target’s record is suppressed, and keeps the published values', async () => {
    // antal-kommunmottagna 2023 as a count below the threshold: the record 2022–2025 rests on it.
    const key = 'mottagna-minst-300';
    const t = compiled(key);
    const record = t.explanation.record!;
    expect(record.fromYear).toBeLessThanOrEqual(2023);
    const report = withValue('antal-kommunmottagna', 2023, { value: 3 });
    const l = line(report, key);
    expect(l.sentence.id).toBe(`common.reason.${t.reason}`);
    expect(l.assessed).toMatchObject({ year: t.explanation.latest!.year, value: t.explanation.latest!.value });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await followUpXlsx(report, sv)) as unknown as ExcelJS.Buffer);
    const rows = sheetRows(wb, 'Mål');
    const col = (id: string) => rows[0]!.indexOf(sv.t(id));
    expect(rows.find((r) => r[col('reports.col.measurableTarget')] === t.statement)![col('reports.col.reason')]).toBe(sv.t(`common.reason.${t.reason}`));
  });
});

describe('every declared age band', () => {
  /** Tyresö 2025 with a second age band, 20–64, for the employment rate (its headline is 16–64): the values a point higher for women. */
  async function withBand(): Promise<{ report: FollowUpReport; band: CompiledBand }> {
    const input = await demoFollowUpInput(db, '0138', 2025);
    const ind = input.compilation.indicators.find((i) => i.key === 'utrikes-fodda-i-sysselsattning')!;
    const headline = ind.bands.find((b) => b.headline)!;
    const series = structuredClone(headline.series);
    for (const p of series.women) p.value = Math.round((p.value + 1) * 10) / 10;
    const gap = genderGap(series.women, series.men, { threshold: ind.gapThreshold ?? 0 });
    const band: CompiledBand = { ageBand: '20-64', headline: false, series, latest: headline.latest, genderGap: { ...gap, threshold: ind.gapThreshold } };
    ind.bands.push(band);
    return { report: buildFollowUpReport(input), band };
  }

  it('prints a table and a women–men gap for each band, the band named in the caption, in every format', async () => {
    const { report, band } = await withBand();
    const ind = report.sections.flatMap((s) => [...s.indicators, ...s.goals.flatMap((g) => g.indicators)]).find((i) => i.key === 'utrikes-fodda-i-sysselsattning')!;
    expect(ind.ageBand).toBe('16-64');
    expect(ind.otherBands.map((b) => b.ageBand)).toEqual(['20-64']);
    expect(ind.otherBands[0]!.genderGap?.latest?.gap).toBe(band.genderGap!.latest!.gap);
    expect(ind.otherBands[0]!.genderGap?.latest?.gap).not.toBe(ind.genderGap?.latest?.gap);

    const range = (from: string, to: string) => sv.t('common.ageBand.range', { from, to });
    const caption = (b: string) => sv.t('reports.indicator.bandCaption', { caption: sv.t('reports.indicator.tableCaption', { name: ind.name.replace(/\.\s*$/, ''), unit: sv.t('reports.unit.percent') }), band: b });
    const latest = band.genderGap!.latest!;
    const gapWords = sv.t(latest.gap < 0 ? 'indicator.gap.latestWomenLower' : 'indicator.gap.latestWomenHigher', {
      year: latest.year,
      women: f.value(latest.women, 'percent'),
      men: f.value(latest.men, 'percent'),
      size: f.value(latest.size, 'points'),
    });

    const html = followUpHtml(report, sv);
    expect(html).toContain(`>${caption(range('16', '64'))}</caption>`);
    expect(html).toContain(`>${caption(range('20', '64'))}</caption>`);
    expect(html).toContain(gapWords);

    const zip = await JSZip.loadAsync(await followUpDocx(report, sv));
    const xml = (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
    expect(xml).toContain(caption(range('20', '64')));
    expect(xml).toContain(gapWords);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await followUpXlsx(report, sv)) as unknown as ExcelJS.Buffer);
    const values = sheetRows(wb, 'Indikatorer');
    const women2025 = band.series.women.find((p) => p.year === 2025)!;
    expect(values.some((r) => r[1] === ind.name && r[2] === range('20', '64') && r[4] === '2025' && r[5] === 'Kvinnor' && Math.abs(Number(r[6]) - women2025.value / 100) < 1e-9)).toBe(true);
    const gaps = sheetRows(wb, 'Kvinnor och män');
    expect(gaps.some((r) => r[0] === ind.name && r[1] === range('20', '64') && r[2] === String(latest.year) && Math.abs(Number(r[5]) - latest.gap) < 1e-9)).toBe(true);
  });
});
