import {
  AlignmentType,
  BorderStyle,
  Document,
  ExternalHyperlink,
  Footer,
  HeadingLevel,
  ImageRun,
  LineRuleType,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type ISectionOptions,
  type ParagraphChild,
} from 'docx';
import { chartPng, indicatorChart } from './charts.ts';
import type { IndicatorSection } from './model.ts';
import type { ReportText } from './text.ts';

/**
 * The building blocks the DOCX reports share: the styles (real Heading1… so Word's navigation pane and
 * a screen reader see the structure), A4 pages with the "Sida X av Y" footer, tables whose header row
 * repeats on every page, charts as PNG with alt text, and the document properties. No words here: every
 * text comes from the caller, which takes it from the locale files through `ReportText`.
 */

/** A4 in twips (1/20 pt), portrait. */
export const A4 = { width: 11906, height: 16838 } as const;
const MARGIN = { portrait: { top: 1247, bottom: 1247, left: 1418, right: 1418 }, landscape: { top: 1077, bottom: 1077, left: 1077, right: 1077 } } as const;
/** The width of the text on a page, in twips. */
export const TEXT_WIDTH = {
  portrait: A4.width - MARGIN.portrait.left - MARGIN.portrait.right,
  landscape: A4.height - MARGIN.landscape.left - MARGIN.landscape.right,
} as const;

const FONT = 'Arial';
const INK = '1A1A1A';
const MUTED = '555555';
const ACCENT = '1F3B5C';
const RULE = '8C9AAB';
const HEADER_FILL = 'DCE4EE';
const GROUP_FILL = 'EEF2F6';

export const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4, HeadingLevel.HEADING_5, HeadingLevel.HEADING_6] as const;

/** A heading at a level from 1 (Heading1) to 6; deeper levels stay at Heading6. */
export function heading(level: number, text: string, opts: { pageBreakBefore?: boolean } = {}): Paragraph {
  const l = Math.min(Math.max(level, 1), 6);
  return new Paragraph({ heading: HEADINGS[l - 1], children: [new TextRun(text)], keepNext: true, keepLines: true, pageBreakBefore: opts.pageBreakBefore });
}

export interface ParaOptions {
  bold?: boolean;
  italics?: boolean;
  size?: number;
  color?: string;
  align?: 'left' | 'right' | 'center';
  keepNext?: boolean;
  style?: string;
  spacingAfter?: number;
  spacingBefore?: number;
  indent?: number;
}

const ALIGN = { left: AlignmentType.LEFT, right: AlignmentType.RIGHT, center: AlignmentType.CENTER } as const;

/** A paragraph of plain text; line breaks in the text become line breaks in the paragraph. */
export function para(text: string | ParagraphChild[], opts: ParaOptions = {}): Paragraph {
  const children = typeof text === 'string' ? runs(text, opts) : text;
  return new Paragraph({
    children,
    style: opts.style,
    alignment: opts.align ? ALIGN[opts.align] : undefined,
    keepNext: opts.keepNext,
    indent: opts.indent ? { left: opts.indent } : undefined,
    spacing: opts.spacingAfter !== undefined || opts.spacingBefore !== undefined ? { after: opts.spacingAfter, before: opts.spacingBefore } : undefined,
  });
}

/** Text runs, with a break for each line break in the text. */
export function runs(text: string, opts: Pick<ParaOptions, 'bold' | 'italics' | 'size' | 'color'> = {}): TextRun[] {
  return text.split('\n').map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : undefined, bold: opts.bold, italics: opts.italics, size: opts.size, color: opts.color }));
}

export function bullet(text: string | ParagraphChild[], level = 0): Paragraph {
  return new Paragraph({ children: typeof text === 'string' ? runs(text) : text, bullet: { level }, spacing: { after: 60 } });
}

/** A small note under a table or chart (source, disclosure, footnotes). */
export function note(text: string | ParagraphChild[], opts: { keepNext?: boolean } = {}): Paragraph {
  return new Paragraph({ style: 'Note', children: typeof text === 'string' ? runs(text) : text, keepNext: opts.keepNext });
}

/** A label in bold followed by its value: "Antagen av: Kommunfullmäktige". */
export function labelled(label: string, value: string): Paragraph {
  return new Paragraph({ children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun(value)], spacing: { after: 60 } });
}

export function link(text: string, url: string): ExternalHyperlink {
  return new ExternalHyperlink({ link: url, children: [new TextRun({ text, style: 'Hyperlink' })] });
}

/** A cell's content: text, or paragraphs laid out by the caller. */
export type CellContent = string | Paragraph[] | { text: string; bold?: boolean; italics?: boolean; color?: string };

export interface Cell {
  content: CellContent;
  /** Rows the cell reaches down over (vertical merge); 0 is never given, covered cells are left out of the row. */
  rowSpan?: number;
  columnSpan?: number;
  align?: 'left' | 'right' | 'center';
  fill?: string;
}

export interface Column {
  header: string;
  /** Width in twips. */
  width: number;
  align?: 'left' | 'right' | 'center';
}

export interface TableOptions {
  /** Full-width rows above the column headings that repeat with them on every page (an area's name). */
  groupRows?: string[];
  /** The table's font size in half-points; 18 (9 pt) by default. */
  size?: number;
  /** Rows may not break across pages (true by default). */
  cantSplit?: boolean;
  /** Keep the whole table on one page (a short table of values with its chart), when it fits. */
  keepTogether?: boolean;
  /** Rows (by index) kept on the page of the row after them: a group's heading row. */
  keepWithNext?: (row: number) => boolean;
}

const BORDER = { style: BorderStyle.SINGLE, size: 4, color: RULE } as const;
const BORDERS = { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER, insideHorizontal: BORDER, insideVertical: BORDER } as const;

function cellParagraphs(content: CellContent, align: Column['align'], size: number, header = false): Paragraph[] {
  if (Array.isArray(content)) return content;
  const c = typeof content === 'string' ? { text: content } : content;
  return c.text.split('\n').map(
    (line) =>
      new Paragraph({
        style: 'TableText',
        alignment: align ? ALIGN[align] : undefined,
        children: [new TextRun({ text: line, bold: header || c.bold, italics: 'italics' in c ? c.italics : undefined, color: 'color' in c ? c.color : undefined, size })],
      }),
  );
}

/**
 * A table with its column headings as the first row, repeated on every page it runs over (and the group
 * rows above them, when given), a fixed grid so long words wrap instead of widening a column, and rows
 * that stay whole on one page.
 */
export function table(columns: Column[], rows: Cell[][], opts: TableOptions = {}): Table {
  const size = opts.size ?? 18;
  const total = columns.reduce((s, c) => s + c.width, 0);
  const cantSplit = opts.cantSplit ?? true;
  const headerRows = [
    ...(opts.groupRows ?? []).map(
      (g) =>
        new TableRow({
          tableHeader: true,
          cantSplit: true,
          children: [new TableCell({ columnSpan: columns.length, shading: { type: ShadingType.CLEAR, fill: GROUP_FILL, color: 'auto' }, children: cellParagraphs({ text: g, bold: true }, 'left', size + 2) })],
        }),
    ),
    new TableRow({
      tableHeader: true,
      cantSplit: true,
      children: columns.map(
        (c) =>
          new TableCell({
            width: { size: c.width, type: WidthType.DXA },
            shading: { type: ShadingType.CLEAR, fill: HEADER_FILL, color: 'auto' },
            verticalAlign: VerticalAlignTable.BOTTOM,
            children: cellParagraphs(c.header, c.align, size, true),
          }),
      ),
    }),
  ];
  const bodyRows = rows.map((row, r) => {
    let col = 0;
    const cells = row.map((cell) => {
      const span = cell.columnSpan ?? 1;
      const width = columns.slice(col, col + span).reduce((s, c) => s + c.width, 0);
      const align = cell.align ?? columns[col]?.align;
      col += span;
      return new TableCell({
        width: { size: width, type: WidthType.DXA },
        columnSpan: span > 1 ? span : undefined,
        rowSpan: cell.rowSpan && cell.rowSpan > 1 ? cell.rowSpan : undefined,
        shading: cell.fill ? { type: ShadingType.CLEAR, fill: cell.fill, color: 'auto' } : undefined,
        children: cellParagraphs(cell.content, align, size),
      });
    });
    return new TableRow({ cantSplit, keepNext: (opts.keepTogether || opts.keepWithNext?.(r)) && r < rows.length - 1 ? true : undefined, children: cells });
  });
  return new Table({
    width: { size: total, type: WidthType.DXA },
    columnWidths: columns.map((c) => c.width),
    layout: TableLayoutType.FIXED,
    borders: BORDERS,
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    rows: [...headerRows, ...bodyRows],
  });
}

/** Column widths in twips from relative weights, filling `total`. */
export function widths(total: number, weights: number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  const out = weights.map((w) => Math.floor((total * w) / sum));
  out[out.length - 1]! += total - out.reduce((s, w) => s + w, 0);
  return out;
}

/** The space after a table, so the next heading or paragraph does not touch it. */
export function gap(): Paragraph {
  return new Paragraph({ style: 'TableGap', children: [] });
}

/**
 * An indicator's chart as a PNG with its alt text (title and description), kept on the page with the
 * table that follows it; null when there is nothing to draw.
 */
export function chartParagraph(ind: IndicatorSection, text: ReportText, widthTwips: number): Paragraph | null {
  const chart = indicatorChart(ind, text);
  if (!chart) return null;
  const widthPx = Math.min(Math.round(widthTwips / 15), chart.width);
  const heightPx = Math.round((widthPx * chart.height) / chart.width);
  return new Paragraph({
    keepNext: true,
    spacing: { before: 60, after: 60 },
    children: [new ImageRun({ type: 'png', data: chartPng(chart), transformation: { width: widthPx, height: heightPx }, altText: { name: ind.name, title: ind.name, description: chart.alt } })],
  });
}

/**
 * The footer "Sida X av Y": the message t('reports.footer.page') split around its two placeholders, with
 * Word's page fields where they stood, and the document's short title on the left.
 */
export function pageFooter(text: ReportText, title: string, widthTwips: number): Footer {
  const P = '\u0001';
  const N = '\u0002';
  const message = text.t('reports.footer.page', { page: P, pages: N });
  const parts: ParagraphChild[] = [];
  let rest = message;
  while (rest.length > 0) {
    const i = rest.search(/[\u0001\u0002]/);
    if (i < 0) {
      parts.push(new TextRun(rest));
      break;
    }
    if (i > 0) parts.push(new TextRun(rest.slice(0, i)));
    parts.push(new TextRun({ children: [rest[i] === P ? PageNumber.CURRENT : PageNumber.TOTAL_PAGES] }));
    rest = rest.slice(i + 1);
  }
  return new Footer({
    children: [
      new Paragraph({
        style: 'Footer',
        tabStops: [{ type: TabStopType.RIGHT, position: widthTwips }],
        border: { top: { style: BorderStyle.SINGLE, size: 4, color: RULE, space: 4 } },
        children: [new TextRun(title), new TextRun({ children: ['\t'] }), ...parts],
      }),
    ],
  });
}

export function pageProperties(orientation: 'portrait' | 'landscape'): NonNullable<ISectionOptions['properties']> {
  return {
    page: {
      size: { width: A4.width, height: A4.height, orientation: orientation === 'landscape' ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT },
      margin: { ...MARGIN[orientation], header: 567, footer: 567 },
    },
  };
}

export interface DocumentProps {
  title: string;
  subject?: string;
  description?: string;
  /** When the report was generated: the document's created and modified dates. */
  generatedAt: string;
}

const LANGUAGE: Record<ReportText['lang'], string> = { sv: 'sv-SE', en: 'en-GB' };

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The core properties as Word writes them, with the language (dc:language), which the docx package does not
 * write itself, and the report's own time instead of the moment of packing, so the same report packs the same.
 */
function coreXml(props: DocumentProps, creator: string, language: string): string {
  const el = (name: string, value: string | undefined) => (value ? `<${name}>${xmlEscape(value)}</${name}>` : '');
  const time = new Date(props.generatedAt).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    el('dc:title', props.title) +
    el('dc:subject', props.subject) +
    el('dc:creator', creator) +
    el('dc:description', props.description) +
    el('cp:lastModifiedBy', creator) +
    el('dc:language', language) +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${time}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${time}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

/** The document with the report styles, packed to a .docx file's bytes. */
export async function pack(text: ReportText, props: DocumentProps, sections: ISectionOptions[]): Promise<Buffer> {
  const language = LANGUAGE[text.lang];
  const creator = text.t('common.appName');
  const doc = new Document({
    title: props.title,
    subject: props.subject,
    description: props.description,
    creator,
    lastModifiedBy: creator,
    styles: {
      default: {
        document: {
          run: { font: FONT, size: 20, color: INK, language: { value: language } },
          paragraph: { spacing: { after: 120, line: 264, lineRule: LineRuleType.AUTO } },
        },
        title: { run: { font: FONT, size: 52, bold: true, color: ACCENT }, paragraph: { spacing: { before: 0, after: 160 } } },
        heading1: { run: { font: FONT, size: 32, bold: true, color: ACCENT }, paragraph: { spacing: { before: 360, after: 160 }, keepNext: true, keepLines: true } },
        heading2: { run: { font: FONT, size: 26, bold: true, color: ACCENT }, paragraph: { spacing: { before: 300, after: 120 }, keepNext: true, keepLines: true } },
        heading3: { run: { font: FONT, size: 23, bold: true, color: INK }, paragraph: { spacing: { before: 240, after: 100 }, keepNext: true, keepLines: true } },
        heading4: { run: { font: FONT, size: 21, bold: true, color: INK }, paragraph: { spacing: { before: 200, after: 80 }, keepNext: true, keepLines: true } },
        heading5: { run: { font: FONT, size: 20, bold: true, italics: true, color: INK }, paragraph: { spacing: { before: 160, after: 60 }, keepNext: true, keepLines: true } },
        heading6: { run: { font: FONT, size: 20, italics: true, color: INK }, paragraph: { spacing: { before: 120, after: 60 }, keepNext: true, keepLines: true } },
        listParagraph: { run: { font: FONT, size: 20 } },
      },
      paragraphStyles: [
        { id: 'Subtitle', name: 'Subtitle', basedOn: 'Normal', next: 'Normal', quickFormat: true, run: { size: 30, color: MUTED }, paragraph: { spacing: { after: 240 } } },
        { id: 'TableText', name: 'Table Text', basedOn: 'Normal', quickFormat: true, run: { size: 18 }, paragraph: { spacing: { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO } } },
        { id: 'TableGap', name: 'Table Gap', basedOn: 'Normal', run: { size: 8 }, paragraph: { spacing: { before: 0, after: 120, line: 240, lineRule: LineRuleType.AUTO } } },
        { id: 'Note', name: 'Note', basedOn: 'Normal', quickFormat: true, run: { size: 17, color: MUTED }, paragraph: { spacing: { before: 40, after: 80, line: 240, lineRule: LineRuleType.AUTO } } },
        { id: 'Meta', name: 'Meta', basedOn: 'Normal', quickFormat: true, run: { size: 19, color: MUTED }, paragraph: { spacing: { before: 0, after: 100 } } },
        { id: 'Notice', name: 'Notice', basedOn: 'Normal', quickFormat: true, run: { size: 19, bold: true }, paragraph: { spacing: { before: 120, after: 120 }, border: { left: { style: BorderStyle.SINGLE, size: 18, color: 'B8860B', space: 8 } }, indent: { left: 170 } } },
        { id: 'Footer', name: 'footer', basedOn: 'Normal', run: { size: 16, color: MUTED }, paragraph: { spacing: { before: 0, after: 0 } } },
      ],
    },
    sections,
  });
  return Packer.toBuffer(doc, false, [{ path: 'docProps/core.xml', data: coreXml(props, creator, language) }]);
}

export interface PlainTableOptions {
  /** Columns whose text is bold (labels). */
  boldColumns?: number[];
  /** [row, column] of single cells in bold. */
  boldCells?: Array<[number, number]>;
  /** Thin horizontal rules between rows (true), or no lines at all (a letterhead). */
  borders?: boolean;
}

const NONE = { style: BorderStyle.NONE, size: 0, color: 'auto' } as const;
const RULES = { top: BORDER, bottom: BORDER, left: NONE, right: NONE, insideHorizontal: BORDER, insideVertical: NONE } as const;

/** A table without a header row: a document's metadata (label, value), or a letterhead's blocks. */
export function plainTable(rows: Array<Array<string | Paragraph[]>>, columnWidths: number[], opts: PlainTableOptions = {}): Table {
  const bold = (r: number, c: number) => (opts.boldColumns ?? []).includes(c) || (opts.boldCells ?? []).some(([br, bc]) => br === r && bc === c);
  return new Table({
    width: { size: columnWidths.reduce((s, w) => s + w, 0), type: WidthType.DXA },
    columnWidths,
    layout: TableLayoutType.FIXED,
    borders: opts.borders === false ? { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE } : RULES,
    margins: { top: 60, bottom: 60, left: opts.borders === false ? 0 : 80, right: 80 },
    rows: rows.map(
      (row, r) =>
        new TableRow({
          cantSplit: true,
          children: row.map(
            (cell, c) =>
              new TableCell({
                width: { size: columnWidths[c]!, type: WidthType.DXA },
                children:
                  typeof cell === 'string'
                    ? cell.split('\n').map((line) => new Paragraph({ style: 'TableText', spacing: { after: 20, line: 260, lineRule: LineRuleType.AUTO }, children: [new TextRun({ text: line, bold: bold(r, c), size: 20 })] }))
                    : cell,
              }),
          ),
        }),
    ),
  });
}

/** Label and value on each row: the cover's facts about the document. */
export function keyValueTable(rows: Array<[string, string]>, width: number): Table {
  return plainTable(rows, widths(width, [30, 70]), { boldColumns: [0] });
}

/**
 * Two blocks side by side without lines (a chart and its short table of values), kept on one page. A cell
 * that ends with a table gets an empty paragraph after it, as Word requires.
 */
export function sideBySide(left: Array<Paragraph | Table>, right: Array<Paragraph | Table>, columnWidths: [number, number]): Table {
  return layoutTable([left, right], columnWidths);
}

/**
 * Blocks that stay together on one page (a chart and the table of its values): one row of borderless
 * cells that may not break. LibreOffice keeps a heading with a table that follows it more reliably than
 * with a chain of paragraphs kept with the next, so a chart goes in one of these even on its own.
 */
export function keepTogether(blocks: Array<Paragraph | Table>, width: number): Table {
  return layoutTable([blocks], [width]);
}

function layoutTable(cells: Array<Array<Paragraph | Table>>, columnWidths: number[]): Table {
  const none = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };
  const cell = (children: Array<Paragraph | Table>, width: number, padLeft: number) =>
    new TableCell({
      width: { size: width, type: WidthType.DXA },
      margins: { top: 0, bottom: 0, left: padLeft, right: 0 },
      children: children.at(-1) instanceof Table ? [...children, new Paragraph({ style: 'TableGap', spacing: { after: 0 }, children: [] })] : children,
    });
  return new Table({
    width: { size: columnWidths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths,
    layout: TableLayoutType.FIXED,
    borders: none,
    rows: [new TableRow({ cantSplit: true, children: cells.map((c, i) => cell(c, columnWidths[i]!, i === 0 ? 0 : 170)) })],
  });
}
