import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { AttainmentStatus } from '../../domain/attainment/attainment.ts';
import type { ActivityStatus, IndicatorUnit } from '../../domain/strategy/types.ts';
import { chartPng, indicatorChart } from './charts.ts';
import type { ActionPlanReport, ActivityLine, BandTable, FollowUpReport, GoalSection, IndicatorSection, ReportCell, YearValue } from './model.ts';
import type { ReportText } from './text.ts';
import { ageBandText, methodNote, summaryLead, targetWords } from './words.ts';

/**
 * The yearly follow-up report and the action plan as Excel workbooks (exceljs): one sheet per table,
 * every number a number with a number format in the report's language (the format carries its
 * locale, `[$-41D]` for Swedish, so Excel and LibreOffice both print "34,5 %" whatever the reader's
 * own settings), header rows bold, frozen and repeated on every printed page, A4 with the footer
 * "Sida 1 av N". The words come from the locale files through `text.t`; the model has already
 * computed statuses, suppression and grouping, and this file only lays them out.
 */

// ---------------------------------------------------------------------------------------------
// Number formats in the report's language

interface Formats {
  /** The format of an indicator value in its unit; `toCell` gives the number to store (a share for percent). */
  unit(unit: IndicatorUnit | null): string;
  /** A women–men gap: in percentage points for a percentage, else in the unit, with its sign. */
  gap(unit: IndicatorUnit): string;
  /** A share 0–1 printed as a whole percent (progress of an activity). */
  share: string;
  integer: string;
  date: string;
}

function formats(text: ReportText): Formats {
  const { f } = text;
  const locale = text.lang === 'sv' ? '[$-41D]' : '[$-809]';
  /** The unit's words and signs around the number as the locale prints them ("0 kr", "SEK 0", "0 ‰"), quoted. */
  const around = (unit: IndicatorUnit, digits: string) => {
    const sample = f.value(0, unit);
    const at = sample.indexOf('0');
    const quote = (s: string) => (s ? `"${s.replace(/"/g, '')}"` : '');
    return at < 0 ? digits : `${quote(sample.slice(0, at))}${digits}${quote(sample.slice(at + 1))}`;
  };
  const percentSign = /\s%$/u.test(f.value(12.5, 'percent')) ? '\\ %' : '%';
  const unit = (u: IndicatorUnit | null): string => {
    switch (u) {
      case 'percent':
        return `${locale}0.0${percentSign}`;
      case 'count':
        return `${locale}#,##0`;
      case 'sek':
      case 'sek_per_inhabitant':
        return `${locale}${around(u, '#,##0')}`;
      case 'per_1000':
        return `${locale}${around(u, '#,##0.0')}`;
      case 'ratio':
        return `${locale}#,##0.0#`;
      default:
        return `${locale}#,##0.0`;
    }
  };
  const gap = (u: IndicatorUnit) => {
    const digits = u === 'count' || u === 'sek' || u === 'sek_per_inhabitant' ? '#,##0' : '#,##0.0';
    return `${locale}+${digits};-${digits};${digits}`;
  };
  return { unit, gap, share: `${locale}0${percentSign}`, integer: `${locale}#,##0`, date: text.lang === 'sv' ? 'yyyy-mm-dd' : `${locale}d mmm yyyy` };
}

/** The number a cell holds: percentages are stored as shares (34.5 → 0.345) so that Excel's % format reads right. */
const stored = (v: number, unit: IndicatorUnit | null) => (unit === 'percent' ? v / 100 : v);

// ---------------------------------------------------------------------------------------------
// Cells, tables and sheets

type Plain = string | number | Date | null | undefined;
interface Spec {
  value: Plain | { text: string; hyperlink: string };
  numFmt?: string;
  bold?: boolean;
  italic?: boolean;
  fill?: string;
  align?: 'left' | 'right' | 'center';
  /** Columns this cell spans to the right (merged). */
  colSpan?: number;
  /** Rows this cell spans downwards (merged); 0: covered by a cell above. */
  rowSpan?: number;
}
type CellInput = Plain | Spec;

interface Column {
  header: string;
  /** In characters, as Excel counts them. */
  width: number;
  wrap?: boolean;
  numeric?: boolean;
  /** Short codes and flags (years, "Ja") read best centred. */
  center?: boolean;
}

const FONT = 'Calibri';
const FONT_SIZE = 10;
/**
 * Neither Excel nor LibreOffice fits a row to wrapped text when it opens a file, so every row's
 * height is set from an estimate. Measured in LibreOffice (10 pt, DejaVu Sans standing in for
 * Calibri): 11.7 pt a line and 46 characters of running text in a column 36 wide (1.28 a unit);
 * Calibri in Excel is about the same width and 12.75 pt a line. The estimate takes the larger line
 * and the narrower text, so that text is never cut off.
 */
const LINE_PT = 12.75;
const PAD_PT = 3;
const CHARS_PER_WIDTH = 1.25;
const GRID = 'FFBFBFBF';
const HEADER_FILL = 'FFDDE4EE';
const GROUP_FILL = 'FFEEF1F5';

const STATUS_FILL: Record<AttainmentStatus, string | undefined> = {
  achieved: 'FFD9EAD3',
  on_track: 'FFE2EFDA',
  off_track_moderate: 'FFFFF2CC',
  off_track_significant: 'FFFCE4D6',
  deteriorating: 'FFF8D7D0',
  not_achieved: 'FFF8D7D0',
  not_assessable: 'FFEDEDED',
};
const ACTIVITY_FILL: Record<ActivityStatus, string | undefined> = {
  planned: undefined,
  ongoing: 'FFDDEBF7',
  done: 'FFE2EFDA',
  postponed: 'FFFFF2CC',
  cancelled: 'FFEDEDED',
};

const isSpec = (c: CellInput): c is Spec => typeof c === 'object' && c !== null && !(c instanceof Date);

/** Lines a text needs in a column of this width, word by word (a long word breaks where it must). */
function lineCount(text: string, width: number): number {
  const perLine = Math.max(4, Math.floor(width * CHARS_PER_WIDTH));
  let lines = 0;
  for (const paragraph of text.split('\n')) {
    let used = 0;
    let n = 1;
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const len = word.length;
      if (used === 0) {
        n += Math.floor(Math.max(0, len - 1) / perLine);
        used = len % perLine || perLine;
      } else if (used + 1 + len <= perLine) used += 1 + len;
      else {
        n += 1 + Math.floor(Math.max(0, len - 1) / perLine);
        used = len % perLine || perLine;
      }
    }
    lines += n;
  }
  return lines;
}

const cellText = (v: Spec['value']): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && !(v instanceof Date)) return v.text;
  return '0000000000';
};

const heightOf = (lines: number, scale = 1) => Math.ceil((lines * LINE_PT * scale + PAD_PT) * 4) / 4;

class SheetWriter {
  readonly ws: ExcelJS.Worksheet;
  /** The next free row (1-based). */
  row = 1;
  private readonly heights = new Map<number, number>();
  private readonly tall: Array<{ row: number; span: number; need: number }> = [];
  private readonly keeps = new Map<number, number>();
  private titleRow: number | null = null;

  constructor(
    wb: ExcelJS.Workbook,
    name: string,
    readonly columns: Column[],
    private readonly page: { landscape: boolean; header: string; footer: string },
  ) {
    this.ws = wb.addWorksheet(sheetName(name), {
      properties: { defaultRowHeight: heightOf(1) },
      pageSetup: {
        paperSize: 9,
        orientation: page.landscape ? 'landscape' : 'portrait',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        margins: { left: 0.5, right: 0.5, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 },
      },
      headerFooter: { oddHeader: page.header, oddFooter: page.footer, evenHeader: page.header, evenFooter: page.footer },
    });
    this.ws.columns = columns.map((c) => ({ width: c.width }));
  }

  private width(col: number, span: number): number {
    let w = 0;
    for (let i = col; i < col + span; i++) w += this.columns[i]?.width ?? 10;
    return w;
  }

  /** Writes one row; returns its number. */
  put(cells: CellInput[], style: { bold?: boolean; size?: number; fill?: string; border?: boolean; wrapAll?: boolean; italic?: boolean; height?: number } = {}): number {
    const r = this.row++;
    const row = this.ws.getRow(r);
    let lines = 1;
    cells.forEach((input, col) => {
      if (input === undefined) return;
      const spec: Spec = isSpec(input) ? input : { value: input };
      if (spec.rowSpan === 0) {
        if (style.border !== false) this.ws.getCell(r, col + 1).border = border();
        return;
      }
      const cell = row.getCell(col + 1);
      const v = spec.value;
      cell.value = v === undefined ? null : (v as ExcelJS.CellValue);
      const numeric = typeof v === 'number' || v instanceof Date;
      if (spec.numFmt) cell.numFmt = spec.numFmt;
      const column = this.columns[col];
      const span = spec.colSpan ?? 1;
      const wrap = !numeric && (style.wrapAll || column?.wrap || span > 1 || (spec.rowSpan ?? 1) > 1);
      cell.font = { name: FONT, size: style.size ?? FONT_SIZE, bold: spec.bold ?? style.bold, italic: spec.italic ?? style.italic };
      cell.alignment = { vertical: 'top', wrapText: wrap, horizontal: spec.align ?? (span === 1 && column?.center ? 'center' : numeric ? 'right' : undefined) };
      const fill = spec.fill ?? style.fill;
      if (fill) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: fill } };
      if (style.border !== false) cell.border = border();
      const rowSpan = spec.rowSpan ?? 1;
      if (span > 1) {
        for (let i = 1; i < span; i++) {
          const covered = row.getCell(col + 1 + i);
          if (style.border !== false) covered.border = border();
          if (fill) covered.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: fill } };
        }
        if (rowSpan <= 1) this.ws.mergeCells(r, col + 1, r, col + span);
      }
      const text = cellText(v);
      const scale = (style.size ?? FONT_SIZE) / FONT_SIZE;
      const bold = spec.bold ?? style.bold;
      const need = wrap ? lineCount(text, this.width(col, span) / scale / (bold ? 1.1 : 1)) : 1;
      if (rowSpan > 1) {
        this.ws.mergeCells(r, col + 1, r + rowSpan - 1, col + span);
        this.tall.push({ row: r, span: rowSpan, need: heightOf(need, scale) });
      } else lines = Math.max(lines, need * scale);
    });
    this.heights.set(r, style.height ?? heightOf(lines));
    return r;
  }

  /** The header row of a table: bold, shaded, wrapped. */
  header(): number {
    return this.put(
      this.columns.map((c) => ({ value: c.header, align: c.center ? 'center' : c.numeric ? 'right' : undefined })),
      { bold: true, fill: HEADER_FILL, wrapAll: true },
    );
  }

  /** A line of text over every column, without borders (a heading or a note). */
  line(value: string, style: { bold?: boolean; size?: number; italic?: boolean } = {}): number {
    return this.put([{ value, colSpan: this.columns.length }], { ...style, border: false });
  }

  blank(): number {
    const r = this.row++;
    this.heights.set(r, heightOf(1) / 2);
    return r;
  }

  /** A table without rows says so on a row of its own. */
  none(textIfEmpty: string, headerRow: number): void {
    if (this.row - 1 === headerRow) this.put([{ value: textIfEmpty, colSpan: this.columns.length, italic: true }]);
  }

  /** Freezes the rows up to and including `row`, repeats it on every printed page and filters the table below it. */
  table(headerRow: number, lastRow: number, opts: { freeze?: boolean; filter?: boolean; repeat?: boolean } = {}): void {
    if (opts.freeze !== false) this.ws.views = [{ state: 'frozen', xSplit: 0, ySplit: headerRow, topLeftCell: `A${headerRow + 1}`, activeCell: `A${headerRow + 1}` }];
    if (opts.repeat !== false) {
      this.ws.pageSetup.printTitlesRow = `${headerRow}:${headerRow}`;
      this.titleRow = headerRow;
    }
    if (opts.filter !== false && lastRow > headerRow) this.ws.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: lastRow, column: this.columns.length } };
  }

  /** Sets the row heights: each row fits its wrapped text, and a merged cell's rows share what it needs. */
  /** Rows that must be printed on one page (a goal with its activities, a chart with its table, a heading with what follows). */
  keep(from: number, to: number): void {
    if (to > from) this.keeps.set(from, Math.max(to, this.keeps.get(from) ?? to));
  }

  /**
   * Page breaks before every block that would otherwise be split, reckoned at Excel's scale for
   * "fit to one page wide" (Calibri: 7 px a unit of width and 5 px a column). LibreOffice without
   * Calibri draws the columns wider and so shrinks more; its pages then hold more, never less.
   */
  private paginate(): void {
    if (this.keeps.size === 0) return;
    const landscape = this.page.landscape;
    const usable = { width: (landscape ? 842 : 595) - 72, height: (landscape ? 595 : 842) - 108 - 4 };
    const widthPt = this.columns.reduce((sum, c) => sum + (c.width * 7 + 5) * 0.75, 0);
    const scale = Math.min(1, Math.floor((usable.width / widthPt) * 100) / 100);
    const capacity = usable.height / scale;
    const height = (r: number) => this.heights.get(r) ?? heightOf(1);
    const repeat = this.titleRow !== null ? height(this.titleRow) : 0;
    let used = 0;
    for (let r = 1; r < this.row; ) {
      const end = this.keeps.get(r) ?? r;
      let block = 0;
      for (let i = r; i <= end; i++) block += height(i);
      if (used > 0 && used + block > capacity && block <= capacity - repeat) {
        this.ws.getRow(r - 1).addPageBreak();
        used = this.titleRow !== null && r > this.titleRow ? repeat : 0;
      } else if (used + block > capacity) used = (this.titleRow !== null && r > this.titleRow ? repeat : 0) + ((used + block) % capacity);
      used += block;
      r = end + 1;
    }
  }

  finish(): void {
    for (const t of this.tall) {
      let have = 0;
      for (let i = 0; i < t.span; i++) have += this.heights.get(t.row + i) ?? heightOf(1);
      if (have < t.need) {
        const extra = (t.need - have) / t.span;
        for (let i = 0; i < t.span; i++) this.heights.set(t.row + i, (this.heights.get(t.row + i) ?? heightOf(1)) + extra);
      }
    }
    for (const [r, h] of this.heights) this.heights.set(r, Math.min(409, Math.ceil(h * 4) / 4));
    for (const [r, h] of this.heights) this.ws.getRow(r).height = h;
    this.paginate();
  }
}

const border = (): Partial<ExcelJS.Borders> => {
  const side = { style: 'thin' as const, color: { argb: GRID } };
  return { top: side, left: side, bottom: side, right: side };
};

/** Excel's limits on a sheet name: 31 characters, none of []:*?/\ */
const sheetName = (name: string) => name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31);

/** Text in a header or footer: "&" starts a code there, so a literal one is doubled. */
const hf = (s: string) => s.replace(/&/g, '&&');

function pageFrame(text: ReportText, title: string): { header: string; footer: string } {
  const page = text.t('reports.footer.page', { page: '\u0001', pages: '\u0002' });
  // &9 sets 9 pt; the font code after it ends the number, so a text starting with a digit stays text.
  const small = '&9&"-,Regular"';
  return {
    header: `&L${small}${hf(title)}`,
    footer: `&C${small}${hf(page).replace('\u0001', '&P').replace('\u0002', '&N')}`,
  };
}

const isoDate = (iso: string | null): Date | null => {
  if (!iso || !/^\d{4}-\d{2}-\d{2}/.test(iso)) return null;
  return new Date(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))));
};

function workbook(text: ReportText, title: string, generatedAt: string): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = text.t('common.appName');
  wb.title = title;
  // Written to docProps/core.xml as dc:language (exceljs has it, its types do not).
  (wb as ExcelJS.Workbook & { language: string }).language = text.lang === 'sv' ? 'sv-SE' : 'en-GB';
  const at = new Date(generatedAt);
  wb.created = at;
  wb.modified = at;
  return wb;
}

async function toBuffer(wb: ExcelJS.Workbook, pictures: Array<{ name: string; alt: string }>): Promise<Buffer> {
  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  return pictures.length > 0 ? describePictures(bytes, pictures) : bytes;
}

/**
 * exceljs cannot give a picture a description, so the alt texts are written into the drawing
 * afterwards (xdr:cNvPr@descr, which Excel shows as the picture's alt text and screen readers read).
 * The pictures are all on one sheet and appear in the drawing in the order they were added.
 */
async function describePictures(bytes: Buffer, pictures: Array<{ name: string; alt: string }>): Promise<Buffer> {
  const zip = await JSZip.loadAsync(bytes);
  const drawings = Object.keys(zip.files).filter((f) => /^xl\/drawings\/drawing\d+\.xml$/.test(f));
  if (drawings.length !== 1) throw new Error(`Expected the charts in one drawing, found ${drawings.length}`);
  const file = drawings[0]!;
  let i = 0;
  const xml = (await zip.file(file)!.async('string')).replace(/<xdr:cNvPr id="(\d+)" name="[^"]*"/g, (_m, id: string) => {
    const p = pictures[i++];
    return p ? `<xdr:cNvPr id="${id}" name="${xmlAttr(p.name)}" descr="${xmlAttr(p.alt)}"` : _m;
  });
  if (i !== pictures.length) throw new Error(`Found ${i} pictures for ${pictures.length} charts`);
  zip.file(file, xml);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

const xmlAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\n/g, '&#10;');

// ---------------------------------------------------------------------------------------------
// The follow-up report

interface Located<T> {
  area: string;
  goal: GoalSection | null;
  item: T;
}

/** The yearly follow-up report as a workbook, one sheet per table. */
export async function followUpXlsx(r: FollowUpReport, text: ReportText): Promise<Buffer> {
  const { t, f } = text;
  const fmt = formats(text);
  const title = t('reports.followUp.documentTitle', { title: r.document.title, year: r.year });
  const wb = workbook(text, title, r.generatedAt);
  const frame = pageFrame(text, `${title} · ${r.municipality.name}`);
  const sheet = (key: string, columns: Column[], landscape: boolean) => new SheetWriter(wb, t(`reports.sheet.${key}`), columns, { landscape, ...frame });
  const areaName = (name: string | null) => name ?? t('reports.section.noArea');
  const status = (s: AttainmentStatus): Spec => ({ value: t(`common.status.${s}`), fill: STATUS_FILL[s] });

  // Everything in reading order, with the area and goal it sits under.
  const goals: Array<Located<GoalSection>> = [];
  const indicators: Array<Located<IndicatorSection>> = [];
  const activities: Array<Located<ActivityLine>> = [];
  const seenIndicators = new Set<string>();
  const addIndicator = (area: string, goal: GoalSection | null, ind: IndicatorSection) => {
    if (seenIndicators.has(ind.key)) return;
    seenIndicators.add(ind.key);
    indicators.push({ area, goal, item: ind });
  };
  for (const s of r.sections) {
    const area = areaName(s.name);
    for (const ind of s.indicators) addIndicator(area, null, ind);
    for (const a of s.activities) activities.push({ area, goal: null, item: a });
    for (const g of s.goals) {
      goals.push({ area, goal: g, item: g });
      for (const ind of g.indicators) addIndicator(area, g, ind);
      for (const a of g.activities) activities.push({ area, goal: g, item: a });
    }
  }

  // Sammanfattning: the cover's metadata, the summary and the table per area with each area's rule in words.
  {
    const w = sheet('summary', [
      { header: t('reports.col.area'), width: 30, wrap: true },
      { header: t('reports.col.targets'), width: 8, numeric: true },
      { header: t('reports.col.onTrackOf', { onTrack: r.summary.onTrack }), width: 13, numeric: true },
      { header: t('reports.col.assessable'), width: 11, numeric: true },
      { header: t('reports.col.status'), width: 17, wrap: true },
      { header: t('reports.col.reason'), width: 58, wrap: true },
    ], true);
    const d = r.document;
    w.line(title, { bold: true, size: 15 });
    if (d.subtitle) w.line(d.subtitle, { size: 11 });
    w.line(r.municipality.name, { size: 12 });
    w.blank();
    const meta = (label: string, value: CellInput) => {
      if (value === null || value === undefined || value === '') return;
      w.put([{ value: label, bold: true }, { ...(isSpec(value) ? value : { value }), colSpan: 5, align: 'left' }], { border: false });
    };
    meta(t('reports.cover.municipality'), `${r.municipality.name} (${r.municipality.code})`);
    meta(t('reports.cover.adoptedBy'), d.adoptedBy ? [d.adoptedBy.body, d.adoptedBy.paragraph].filter(Boolean).join(' ') : null);
    meta(t('reports.cover.decisionDate'), d.decisionDate ? { value: isoDate(d.decisionDate), numFmt: fmt.date } : null);
    meta(t('reports.cover.caseNumber'), d.caseNumber);
    meta(t('reports.cover.owner'), d.owner);
    meta(
      t('reports.cover.validity'),
      d.validIndefinitely
        ? d.validFrom ?? d.decisionDate
          ? t('reports.cover.validIndefinitely', { from: f.date(d.validFrom ?? d.decisionDate) })
          : t('actionPlan.meta.untilFurther')
        : d.validFrom || d.validUntil
          ? t('reports.cover.validRange', { from: f.date(d.validFrom), to: f.date(d.validUntil) })
          : null,
    );
    w.blank();
    w.line(t('reports.cover.asOf', { year: r.year, date: f.date(r.asOf) }));
    w.line(t('reports.cover.generated', { date: f.dateTime(r.generatedAt) }));
    if (!r.inForce) w.line(t('reports.cover.notInForce', { year: r.year }), { italic: true });
    if (r.usesExampleData) w.line(t('reports.example'), { bold: true });
    w.blank();
    w.line(t('reports.summary.heading'), { bold: true, size: 13 });
    if (r.summary.targets === 0) {
      w.line(t('reports.summary.noTargets'));
      w.ws.views = [{ state: 'normal', showGridLines: false }];
      w.finish();
    } else {
      // Every status named here is one some target has: the counts, the median and its rule in words.
      w.line(summaryLead(r.summary, text));
      w.line(t('reports.summary.assessable', { assessable: r.summary.assessable, total: r.summary.targets }));
      w.blank();
      const perArea = w.line(t('reports.summary.perArea'), { bold: true, size: 12 });
      const head = w.header();
      for (const a of r.perArea) {
        w.put([
          a.name,
          { value: a.targets, numFmt: fmt.integer },
          { value: a.achievedOrOnTrack, numFmt: fmt.integer },
          { value: a.assessable, numFmt: fmt.integer },
          a.targets > 0 ? status(a.status) : t('common.none'),
          a.targets > 0 ? text.sentence(a.sentence) : null,
        ]);
      }
      const last = w.put(
        [
          t('common.total'),
          { value: r.summary.targets, numFmt: fmt.integer },
          { value: r.summary.achievedOrOnTrack, numFmt: fmt.integer },
          { value: r.summary.assessable, numFmt: fmt.integer },
          status(r.summary.status),
          { value: text.sentence(r.summary.sentence), bold: false },
        ],
        { bold: true },
      );
      w.blank();
      const byStatus = w.line(t('reports.summary.byStatus'), { bold: true, size: 12 });
      w.put([{ value: t('reports.col.status'), colSpan: 2 }, undefined, { value: t('reports.col.count'), align: 'right' }], { bold: true, fill: HEADER_FILL });
      for (const st of r.summary.statuses) w.put([{ ...status(st), colSpan: 2 }, undefined, { value: r.summary.counts[st], numFmt: fmt.integer }]);
      w.keep(perArea, last);
      w.keep(byStatus, w.row - 1);
      w.table(head, last - 1, { freeze: false, repeat: false });
      w.ws.views = [{ state: 'normal', showGridLines: false }];
      w.finish();
    }
  }

  // Så bedöms målen: the method note, a paragraph a row; a status's paragraph with its name, coloured as in the other sheets.
  if (r.summary.targets > 0) {
    const w = sheet('method', [
      { header: '', width: 22, wrap: true },
      { header: '', width: 78, wrap: true },
    ], false);
    w.line(t('reports.method.heading'), { bold: true, size: 13 });
    w.blank();
    for (const p of methodNote(text)) {
      if (p.status && p.label) w.put([{ ...status(p.status), value: p.label, bold: true }, p.text], { border: false });
      else w.put([{ value: p.text, colSpan: 2 }], { border: false });
      w.blank();
    }
    w.ws.views = [{ state: 'normal', showGridLines: false }];
    w.finish();
  }

  // Mål: every target with its computed status, the reason in words with its numbers, the target, the
  // value the status rests on and the baseline, each with its year.
  {
    const w = sheet('targets', [
      { header: t('reports.col.area'), width: 16, wrap: true },
      { header: t('reports.col.goal'), width: 18, wrap: true },
      { header: t('reports.col.measurableTarget'), width: 32, wrap: true },
      { header: t('reports.col.indicator'), width: 20, wrap: true },
      { header: t('reports.col.status'), width: 13, wrap: true },
      { header: t('reports.col.reason'), width: 46, wrap: true },
      { header: t('reports.col.targetValue'), width: 15, wrap: true },
      { header: t('reports.col.targetYear'), width: 8, center: true },
      { header: t('reports.col.assessed'), width: 9, numeric: true },
      { header: t('reports.col.assessedYear'), width: 9, center: true },
      { header: t('reports.col.reference'), width: 16, numeric: true },
      { header: t('reports.col.baseline'), width: 13, numeric: true },
      { header: t('reports.col.baselineYear'), width: 10, center: true },
      { header: t('reports.col.latest'), width: 9, numeric: true },
      { header: t('reports.col.latestYear'), width: 9, center: true },
      { header: t('reports.col.note'), width: 12, wrap: true },
    ], true);
    const head = w.header();
    const num = (v: YearValue | null, unit: IndicatorUnit | null, pick: (v: YearValue) => number | null = (x) => x.value): CellInput => {
      const n = v ? pick(v) : null;
      return n !== null ? { value: stored(n, unit), numFmt: fmt.unit(unit) } : null;
    };
    for (const { area, item: g } of goals) {
      for (const tl of g.targets) {
        const words = targetWords(tl, text);
        // The latest value is the one the status rests on, unless a verdict rests on an earlier year.
        const latest = tl.latest ?? tl.assessed;
        w.put([
          area,
          g.title,
          tl.statement,
          words.indicator,
          status(tl.status),
          words.sentence,
          words.target,
          tl.recurrence === 'yearly' ? t('reports.target.everyYear') : tl.targetYear,
          num(tl.assessed, tl.unit),
          tl.assessed?.year ?? null,
          num(tl.assessed, tl.unit, (x) => x.reference),
          num(tl.baseline, tl.unit),
          tl.baseline?.year ?? null,
          num(latest, tl.unit),
          latest?.year ?? null,
          tl.usesExampleData ? t('indicator.example') : null,
        ]);
      }
    }
    w.none(t('reports.targets.none'), head);
    w.table(head, w.row - 1);
    w.finish();
  }

  // Bedömningar: the committees' assessments of each goal beside the computed status.
  {
    const w = sheet('narratives', [
      { header: t('reports.col.area'), width: 22, wrap: true },
      { header: t('reports.col.goal'), width: 34, wrap: true },
      { header: t('reports.col.computedStatus'), width: 15, wrap: true },
      { header: t('reports.col.reason'), width: 36, wrap: true },
      { header: t('reports.col.committee'), width: 20, wrap: true },
      { header: t('reports.col.reportStatus'), width: 11, wrap: true },
      { header: t('reports.col.assessment'), width: 13, wrap: true },
      { header: t('reports.col.narrative'), width: 46, wrap: true },
      { header: t('reports.col.disagreement'), width: 20, wrap: true },
    ], true);
    const head = w.header();
    for (const { area, item: g } of goals) {
      // A goal without targets has no computed status (nor a rule to give one).
      const computed = g.rollUp.total > 0 ? status(g.rollUp.overall.status) : t('common.none');
      const rule = g.rollUp.total > 0 ? text.sentence(g.rollUp.sentence) : null;
      if (g.narratives.length === 0) w.put([area, g.title, computed, rule, null, null, null, null, null]);
      for (const n of g.narratives) {
        w.put([
          area,
          g.title,
          computed,
          rule,
          n.unit,
          t(`common.reportStatus.${n.reportStatus}`),
          t(`common.narrative.${n.assessment}`),
          n.text,
          n.disagreement ? t(`reports.goal.disagreement.${n.disagreement}`) : null,
        ]);
      }
    }
    w.none(t('reports.units.none'), head);
    w.table(head, w.row - 1);
    w.finish();
  }

  // Indikatorer: the values in long form, one row per indicator, age band, year and sex (the headline band first).
  const bandsOf = (ind: IndicatorSection): BandTable[] => [ind, ...ind.otherBands];
  let anySuppressed = false;
  {
    const w = sheet('indicators', [
      { header: t('reports.col.area'), width: 24, wrap: true },
      { header: t('reports.col.indicator'), width: 42, wrap: true },
      { header: t('reports.col.ageBand'), width: 13, wrap: true },
      { header: t('reports.col.unit'), width: 14, wrap: true },
      { header: t('reports.col.year'), width: 7, center: true },
      { header: t('reports.col.sex'), width: 9, center: true },
      { header: t('reports.col.value'), width: 12, numeric: true },
      { header: t('reports.col.preliminary'), width: 12, center: true },
      { header: t('reports.col.seriesBreak'), width: 12, center: true },
      { header: t('reports.col.example'), width: 13, center: true },
      { header: t('reports.col.note'), width: 24, wrap: true },
    ], true);
    const head = w.header();
    const yes = t('common.yes');
    for (const { area, item: ind } of indicators) {
      for (const band of bandsOf(ind)) {
        for (const row of band.rows) {
          for (const s of band.sexes) {
            const c = row.cells[s];
            if (!c) continue;
            if (c.suppressed) anySuppressed = true;
            w.put([
              area,
              ind.name,
              ageBandText(text, band.ageBand),
              t(`indicator.unit.${ind.unit}`),
              row.year,
              t(`common.sex.${s}`),
              valueCell(c, ind.unit, fmt, text),
              c.preliminary ? yes : null,
              c.seriesBreak ? yes : null,
              c.example ? yes : null,
              c.suppressed ? t(`reports.disclosure.cell.${c.suppressed}`) : null,
            ]);
          }
        }
      }
    }
    w.none(t('reports.indicator.noValues'), head);
    const last = w.row - 1;
    if (anySuppressed) {
      w.blank();
      w.line(t('reports.disclosure.note', { threshold: r.disclosure.threshold }), { italic: true });
    }
    w.table(head, last);
    w.finish();
  }

  // Diagram: each indicator's chart with its numbers in a table under it, two to a printed page.
  const pictures: Array<{ name: string; alt: string }> = [];
  {
    const charts = indicators.map(({ item }) => ({ ind: item, chart: indicatorChart(item, text) })).filter((c) => c.chart !== null);
    const years = Math.max(1, ...charts.map((c) => c.ind.rows.length));
    const yearWidth = 9;
    const columns: Column[] = [{ header: '', width: Math.max(12, 92 - yearWidth * years) }, ...Array.from({ length: years }, () => ({ header: '', width: yearWidth, numeric: true }))];
    const w = sheet('charts', columns, false);
    w.ws.views = [{ state: 'normal', showGridLines: false }];
    // 600 × 300 px is 450 × 225 pt: fifteen rows of 15 pt, whatever the font's width.
    const picture = { width: 600, height: 300 };
    const rowPt = 15;
    const chartRows = Math.ceil((picture.height * 0.75) / rowPt);
    for (const { ind, chart } of charts) {
      const first = w.line(ind.name, { bold: true, size: 11 });
      const id = wb.addImage({ buffer: chartPng(chart!) as unknown as ExcelJS.Buffer, extension: 'png' });
      w.ws.addImage(id, { tl: { col: 0, row: w.row - 1 }, ext: picture, editAs: 'oneCell' });
      pictures.push({ name: ind.name, alt: chart!.alt });
      for (let k = 0; k <= chartRows; k++) w.put([], { border: false, height: rowPt });
      w.put([{ value: t('reports.col.year'), bold: true }, ...ind.rows.map((row) => ({ value: row.year, bold: true, align: 'right' as const }))], { fill: HEADER_FILL });
      for (const s of ind.sexes) {
        w.put([t(`common.sex.${s}`), ...ind.rows.map((row) => (row.cells[s] ? valueCell(row.cells[s]!, ind.unit, fmt, text, 'mark') : null))]);
      }
      if (ind.rows.some((row) => Object.values(row.cells).some((c) => c?.preliminary && !c.suppressed))) w.line(t('reports.indicator.preliminaryNote'), { italic: true });
      for (const year of ind.seriesBreaks) w.line(t('indicator.chart.breakNote', { year }), { italic: true });
      if (ind.anySuppressed) w.line(t('reports.disclosure.note', { threshold: r.disclosure.threshold }), { italic: true });
      w.line(chart!.alt, { italic: true });
      const last = w.line(t('reports.indicator.source', { source: sourceText(ind, text) }), { italic: true });
      w.keep(first, last);
      w.blank();
    }
    w.finish();
  }

  // Kvinnor och män: the gap year by year.
  {
    const w = sheet('gaps', [
      { header: t('reports.col.indicator'), width: 42, wrap: true },
      { header: t('reports.col.ageBand'), width: 13, wrap: true },
      { header: t('reports.col.year'), width: 7, center: true },
      { header: t('common.sex.women'), width: 11, numeric: true },
      { header: t('common.sex.men'), width: 11, numeric: true },
      { header: t('reports.col.gap'), width: 13, numeric: true },
      { header: t('reports.col.gapUnit'), width: 16, wrap: true },
      { header: t('reports.col.gapChange'), width: 16, wrap: true },
      { header: t('reports.col.note'), width: 30, wrap: true },
    ], true);
    const head = w.header();
    for (const { item: ind } of indicators) {
      for (const band of bandsOf(ind)) {
        const gap = band.genderGap;
        if (!gap || gap.years.length === 0) continue;
        const gapUnit = ind.unit === 'percent' ? t('reports.unit.points') : t(`reports.unit.${ind.unit}`);
        for (const y of gap.years) {
          const flagged = gap.flagged && gap.latest?.year === y.year;
          w.put([
            ind.name,
            ageBandText(text, band.ageBand),
            y.year,
            { value: stored(y.women, ind.unit), numFmt: fmt.unit(ind.unit) },
            { value: stored(y.men, ind.unit), numFmt: fmt.unit(ind.unit) },
            { value: y.gap, numFmt: fmt.gap(ind.unit), fill: flagged ? STATUS_FILL.off_track_significant : undefined },
            gapUnit,
            y.change ? t(`reports.gap.change.${y.change}`) : null,
            flagged ? t('indicator.gap.flagged', { threshold: f.value(gap.threshold, ind.unit === 'percent' ? 'points' : ind.unit) }) : null,
          ]);
        }
      }
    }
    w.none(t('reports.units.none'), head);
    const last = w.row - 1;
    if (indicators.some(({ item }) => bandsOf(item).some((b) => b.genderGap?.years.length))) {
      w.blank();
      w.line(t('indicator.table.gapHint'), { italic: true });
    }
    w.table(head, last);
    w.finish();
  }

  // Aktiviteter
  {
    const w = sheet('activities', [
      { header: t('reports.col.area'), width: 22, wrap: true },
      { header: t('reports.col.goal'), width: 28, wrap: true },
      { header: t('reports.col.activity'), width: 44, wrap: true },
      { header: t('reports.col.status'), width: 12 },
      { header: t('reports.col.progress'), width: 10, numeric: true },
      { header: t('reports.col.comment'), width: 36, wrap: true },
      { header: t('reports.col.reportedBy'), width: 20, wrap: true },
    ], true);
    const head = w.header();
    for (const { area, goal, item: a } of activities) {
      w.put([
        area,
        goal?.title ?? null,
        a.description,
        { value: t(`common.activityStatus.${a.status}`), fill: ACTIVITY_FILL[a.status] },
        a.progress !== null ? { value: a.progress / 100, numFmt: fmt.share } : null,
        a.comment,
        a.reportedBy,
      ]);
    }
    w.none(t('reports.units.none'), head);
    w.table(head, w.row - 1);
    w.finish();
  }

  // Rapporter: which committees and units have reported.
  {
    const w = sheet('units', [
      { header: t('reports.col.reportGroup'), width: 28, wrap: true },
      { header: t('reports.col.committee'), width: 36, wrap: true },
      { header: t('reports.col.reportStatus'), width: 14 },
      { header: t('reports.col.via'), width: 30, wrap: true },
    ], false);
    const head = w.header();
    const groups = [
      ['notSubmitted', r.units.notSubmitted],
      ['notApproved', r.units.notApproved],
      ['approved', r.units.approved],
    ] as const;
    for (const [key, units] of groups) {
      for (const u of units) w.put([t(`reports.units.${key}`), u.name, t(`common.reportStatus.${u.status}`), u.via]);
    }
    w.none(t('reports.units.none'), head);
    w.table(head, w.row - 1);
    w.finish();
  }

  // Definitioner: the document's terms, then the indicators' definitions and sources.
  {
    const w = sheet('definitions', [
      { header: t('reports.col.term'), width: 30, wrap: true },
      { header: t('reports.col.definition'), width: 60, wrap: true },
      { header: t('reports.col.unit'), width: 16, wrap: true },
      { header: t('reports.col.source'), width: 22, wrap: true },
      { header: t('reports.col.note'), width: 34, wrap: true },
    ], true);
    const head = w.header();
    for (const d of r.definitions) w.put([d.term, d.text, null, null, d.note]);
    for (const { item: ind } of indicators) {
      const source = sourceText(ind, text);
      const notes = [ind.population ? t('reports.indicator.population', { population: ind.population }) : null, ...ind.footnotes].filter(Boolean).join('\n');
      w.put([ind.name, ind.definition, t(`indicator.unit.${ind.unit}`), ind.source.url ? { value: { text: source, hyperlink: ind.source.url } } : source, notes || null]);
    }
    w.none(t('reports.units.none'), head);
    w.table(head, w.row - 1);
    w.finish();
  }

  return toBuffer(wb, pictures);
}

/** A published number, or the suppression mark; `mark`: a preliminary value gets the asterisk the note under the table explains. */
function valueCell(c: ReportCell, unit: IndicatorUnit, fmt: Formats, text: ReportText, preliminary: 'mark' | 'flagged' = 'flagged'): CellInput {
  if (c.suppressed) return { value: text.suppressed, align: 'right' };
  if (c.value === null) return null;
  const mark = preliminary === 'mark' && c.preliminary ? text.t('reports.indicator.preliminaryNote').trim().charAt(0) : '';
  return { value: stored(c.value, unit), numFmt: mark ? `${fmt.unit(unit)}"${mark}"` : fmt.unit(unit) };
}

function sourceText(ind: IndicatorSection, text: ReportText): string {
  return [text.t(`indicator.sourceKind.${ind.source.kind}`), ind.source.ref].filter(Boolean).join(' ');
}

// ---------------------------------------------------------------------------------------------
// The action plan

/** The action plan as the adopted plan prints it, with the year's status, on one landscape sheet. */
export async function actionPlanXlsx(r: ActionPlanReport, text: ReportText): Promise<Buffer> {
  const { t, f } = text;
  const fmt = formats(text);
  const d = r.document;
  const title = t('reports.actionPlan.title', { title: d.title });
  const wb = workbook(text, title, r.generatedAt);
  const w = new SheetWriter(
    wb,
    t('reports.sheet.plan'),
    [
      { header: t('actionPlan.col.goal'), width: 30, wrap: true },
      { header: t('actionPlan.col.problem'), width: 30, wrap: true },
      { header: t('actionPlan.col.activity'), width: 40, wrap: true },
      { header: t('actionPlan.col.responsible'), width: 22, wrap: true },
      { header: t('actionPlan.col.timeline'), width: 12, wrap: true },
      { header: t('actionPlan.col.followUp', { year: r.year }), width: 32, wrap: true },
      { header: t('reports.actionPlan.status', { year: r.year }), width: 12, wrap: true },
      { header: t('reports.col.progress'), width: 10, numeric: true },
    ],
    { landscape: true, ...pageFrame(text, `${title} · ${r.municipality.name}`) },
  );
  w.line(title, { bold: true, size: 15 });
  // The plan's own head: label and value pairs, as the adopted document prints them.
  const pairs: Array<[string, string | null]> = [
    [t('actionPlan.meta.adoptedBy'), d.adoptedBy ? [d.adoptedBy.body, d.adoptedBy.paragraph].filter(Boolean).join(' ') : null],
    [t('actionPlan.meta.decisionDate'), d.decisionDate ? f.date(d.decisionDate) : null],
    [t('actionPlan.meta.caseNumber'), d.caseNumber],
    [t('actionPlan.meta.owner'), d.owner],
    [t('actionPlan.meta.appliesTo'), d.appliesTo],
    [t('actionPlan.meta.validUntil'), d.validIndefinitely ? t('actionPlan.meta.untilFurther') : d.validUntil ? f.date(d.validUntil) : null],
  ];
  const given = pairs.filter((p): p is [string, string] => p[1] !== null);
  // Two pairs a row: label in A, value over B–C; label in D, value over E–H.
  for (let i = 0; i < given.length; i += 2) {
    const [left, right] = [given[i]!, given[i + 1]];
    w.put(
      [{ value: left[0], bold: true }, { value: left[1], colSpan: 2 }, undefined, ...(right ? [{ value: right[0], bold: true }, { value: right[1], colSpan: 4 }] : [])],
      { border: false, wrapAll: true },
    );
  }
  w.line(
    `${t('reports.actionPlan.followUpYear', { year: r.year })}. ${t('reports.actionPlan.statusSummary', { year: r.year, ...r.statusCounts })}`,
    { italic: true },
  );
  const head = w.header();
  for (const g of r.groups) {
    const name = g.name !== null ? t('reports.actionPlan.area', { area: g.name }) : t(g.key === '-' ? 'reports.actionPlan.noArea' : 'reports.actionPlan.other');
    const heading = w.put([{ value: name, colSpan: 8 }], { bold: true, fill: GROUP_FILL, size: 11 });
    g.rows.forEach((row, i) => {
      const followUp = [row.comment, row.followUpText ? t('actionPlan.planFollowUp', { text: row.followUpText }) : null].filter(Boolean).join('\n');
      // A goal is printed once for its rows: they stay on one page, and the area's heading with the first goal.
      if (row.goalSpan > 1) w.keep(w.row, w.row + row.goalSpan - 1);
      if (i === 0) w.keep(heading, w.row + Math.max(row.goalSpan, 1) - 1);
      w.put([
        row.goalSpan === 0 ? { value: null, rowSpan: 0 } : { value: row.goal, rowSpan: row.goalSpan, bold: false },
        row.problemSpan === 0 ? { value: null, rowSpan: 0 } : { value: row.problem, rowSpan: row.problemSpan },
        row.activity,
        row.responsible,
        row.timeline,
        followUp || null,
        row.status ? { value: t(`common.activityStatus.${row.status}`), fill: ACTIVITY_FILL[row.status] } : null,
        row.progress !== null ? { value: row.progress / 100, numFmt: fmt.share } : null,
      ]);
    });
  }
  w.table(head, w.row - 1, { filter: false });
  w.finish();
  return toBuffer(wb, []);
}
