import {
  ACTIVITY_STATUSES,
  COMPARATORS,
  DOCUMENT_TYPES,
  FREQUENCIES,
  INDICATOR_UNITS,
  RECURRENCES,
  SECTION_KINDS,
  SEXES,
  SOURCE_KINDS,
  type ContentKind,
} from '../../../domain/strategy/types.ts';

/**
 * The editor's forms as data: which fields each kind of item has, how a stored item becomes form
 * values (strings, booleans, lists) and back into a request body, which server error paths belong
 * to which field, and how two versions of a form differ. No React here, so it is tested in node.
 */

export interface ResponsibleRow {
  unit: string;
  role: string;
  lead: boolean;
}
export type FormValue = string | boolean | string[] | ResponsibleRow[];
export type Values = Record<string, FormValue>;

export type FieldType = 'text' | 'textarea' | 'select' | 'decimal' | 'integer' | 'date' | 'checkbox' | 'checkboxes' | 'lines' | 'list' | 'responsible';

export interface Option {
  value: string;
  /** A message id for the option's text, or the text itself (names from the document). */
  labelId?: string;
  label?: string;
}

export interface FormContext {
  goalLevels: string[];
  units: string[];
  /** The document's indicators; their declared sexes, age bands and unit, where known, narrow what a target may read. */
  indicators: Array<{ key: string; name: string; sexes?: string[]; ageBands?: string[]; unitOfMeasure?: string }>;
  /** Other document series of the municipality (what a document may implement). */
  series: Array<{ key: string; title: string }>;
}

export interface FieldSpec {
  name: string;
  type: FieldType;
  /** Message id of the label; its hint, if there is one, is `<labelId>Hint`. */
  labelId: string;
  hint?: boolean;
  required?: boolean;
  /** Server error paths that belong to this field (default `/<name>`); a longer path below one also does. */
  paths?: string[];
  /**
   * The choices; `values` (the form as typed, when known) lets them follow another field: a target's sexes
   * and age bands are its indicator's. Without `values` every choice the field could have is given.
   */
  options?: (ctx: FormContext, values?: Values) => Option[];
  /** Spans the whole form width. */
  wide?: boolean;
  /** The id of a <datalist> of suggestions for a text field. */
  list?: string;
}

export interface ClientIssue {
  path: string;
  messageId: string;
}

export interface FormDef {
  fields: FieldSpec[];
  /** Form values from a stored item (or an empty form with the given starting fields). */
  toForm(item: Record<string, unknown>): Values;
  /** The request body, or the fields that could not be read (a number that is not one). */
  fromForm(values: Values): { body: Record<string, unknown>; issues: ClientIssue[] };
}

const enumOptions = (values: readonly string[], prefix: string): Option[] => values.map((v) => ({ value: v, labelId: `${prefix}.${v}` }));

// ----- value conversions ---------------------------------------------------------------------

export const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
const nullable = (v: FormValue | undefined): string | null => {
  const s = typeof v === 'string' ? v.trim() : '';
  return s === '' ? null : s;
};

/** A number as a Swede writes it: `12,5`, `1 234`, `−3`; null when empty; NaN when it is not a number. */
export function parseDecimal(s: string): number | null {
  const t = s.trim().replace(/[\s\u00a0\u202f]/g, '').replace('−', '-').replace(',', '.');
  if (t === '') return null;
  if (!/^-?\d+(\.\d+)?$/.test(t)) return Number.NaN;
  return Number(t);
}

/** A number for a form field, written with the locale's decimal mark. */
export function formatDecimal(v: unknown, decimalMark: ',' | '.'): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '';
  return String(v).replace('.', decimalMark);
}

// ----- the forms -----------------------------------------------------------------------------

type Conv = {
  to(item: Record<string, unknown>, f: FieldSpec): FormValue;
  from(values: Values, f: FieldSpec, issues: ClientIssue[]): unknown;
};

/** Reads and writes one field by its type; the body key is the field's name. */
function conv(decimalMark: ',' | '.'): Record<FieldType, Conv> {
  return {
    text: { to: (i, f) => str(i[f.name]), from: (v, f) => (f.required ? String(v[f.name] ?? '') : nullable(v[f.name])) },
    textarea: { to: (i, f) => str(i[f.name]), from: (v, f) => (f.required ? String(v[f.name] ?? '') : nullable(v[f.name])) },
    select: { to: (i, f) => str(i[f.name]), from: (v, f) => (f.required ? String(v[f.name] ?? '') : nullable(v[f.name])) },
    date: { to: (i, f) => str(i[f.name]), from: (v, f) => nullable(v[f.name]) },
    checkbox: { to: (i, f) => i[f.name] === true, from: (v, f) => v[f.name] === true },
    checkboxes: { to: (i, f) => (Array.isArray(i[f.name]) ? (i[f.name] as string[]) : []), from: (v, f) => v[f.name] as string[] },
    lines: {
      to: (i, f) => (Array.isArray(i[f.name]) ? (i[f.name] as string[]).join('\n') : ''),
      from: (v, f) =>
        String(v[f.name] ?? '')
          .split(/\r?\n/)
          .map((s) => s.trim())
          .filter(Boolean),
    },
    list: { to: (i, f) => (Array.isArray(i[f.name]) ? [...(i[f.name] as string[])] : []), from: (v, f) => (v[f.name] as string[]).map((s) => s.trim()) },
    decimal: {
      to: (i, f) => formatDecimal(i[f.name], decimalMark),
      from: (v, f, issues) => {
        const n = parseDecimal(String(v[f.name] ?? ''));
        if (Number.isNaN(n)) issues.push({ path: `/${f.name}`, messageId: 'editor.error.number' });
        return Number.isNaN(n) ? null : n;
      },
    },
    integer: {
      to: (i, f) => str(i[f.name]),
      from: (v, f, issues) => {
        const n = parseDecimal(String(v[f.name] ?? ''));
        if (n !== null && !Number.isInteger(n)) issues.push({ path: `/${f.name}`, messageId: 'editor.error.integer' });
        return n !== null && Number.isInteger(n) ? n : null;
      },
    },
    responsible: {
      to: (i, f) => ((i[f.name] as Array<{ unit: string | null; role: string | null; lead: boolean }> | undefined) ?? []).map((r) => ({ unit: str(r.unit), role: str(r.role), lead: r.lead })),
      from: (v, f) => (v[f.name] as ResponsibleRow[]).map((r) => ({ unit: nullable(r.unit), role: nullable(r.role), lead: r.lead })),
    },
  };
}

/** A form whose fields map one to one onto the body, with optional extra handling. */
function simpleForm(
  fields: FieldSpec[],
  decimalMark: ',' | '.',
  extra: { to?(item: Record<string, unknown>, values: Values): void; from?(values: Values, body: Record<string, unknown>, issues: ClientIssue[]): void; skip?: string[] } = {},
): FormDef {
  const c = conv(decimalMark);
  const skip = new Set(extra.skip ?? []);
  return {
    fields,
    toForm(item) {
      const values: Values = {};
      for (const f of fields) if (!skip.has(f.name)) values[f.name] = c[f.type].to(item, f);
      extra.to?.(item, values);
      return values;
    },
    fromForm(values) {
      const issues: ClientIssue[] = [];
      const body: Record<string, unknown> = {};
      for (const f of fields) if (!skip.has(f.name)) body[f.name] = c[f.type].from(values, f, issues);
      extra.from?.(values, body, issues);
      return { body, issues };
    },
  };
}

/** An indicator's age bands as typed (`16–64, 65-`): trimmed, en dashes as hyphens, empty ones left out. */
export function parseAgeBands(v: FormValue | undefined): string[] {
  return String(v ?? '')
    .split(/[,;]/)
    .map((s) => s.trim().replace(/\s+/g, '').replace(/[–—]/g, '-'))
    .filter(Boolean);
}

/** The headline's sex: the default, or one of the sexes ticked in the same form. */
const headlineSexOptions = (_ctx: FormContext, values?: Values): Option[] => {
  const ticked = values && Array.isArray(values.sexes) ? (values.sexes as string[]) : [...SEXES];
  return [{ value: '', labelId: 'editor.option.headlineSexDefault' }, ...enumOptions(SEXES.filter((s) => ticked.includes(s)), 'common.sex')];
};

/** The headline's age band: the default, or one of the bands typed in the same form (none typed: all ages). */
const headlineBandOptions = (_ctx: FormContext, values?: Values): Option[] => {
  const bands = values ? parseAgeBands(values.ageBands) : [];
  if (values && bands.length === 0) return [{ value: '', labelId: 'editor.option.allAges' }];
  return [{ value: '', labelId: 'editor.option.headlineBandDefault' }, ...bands.map((b) => ({ value: b, label: b }))];
};

/** The indicator a target form names, with what it declares (undefined: none chosen, or not known). */
const chosenIndicator = (ctx: FormContext, values?: Values) => {
  const key = values && typeof values.indicator === 'string' ? values.indicator : '';
  return key ? ctx.indicators.find((i) => i.key === key) : undefined;
};

/** A target reads one of its indicator's declared sexes, or leaves it to the indicator's headline. */
const targetSexOptions = (ctx: FormContext, values?: Values): Option[] => {
  const declared = chosenIndicator(ctx, values)?.sexes;
  return [{ value: '', labelId: 'editor.option.headlineSex' }, ...enumOptions(declared ? SEXES.filter((s) => declared.includes(s)) : SEXES, 'common.sex')];
};

/** A target reads one of its indicator's declared age bands, or leaves it to the indicator's headline. */
const targetBandOptions = (ctx: FormContext, values?: Values): Option[] => {
  const ind = chosenIndicator(ctx, values);
  const bands = ind ? (ind.ageBands ?? []) : values ? [] : ctx.indicators.flatMap((i) => i.ageBands ?? []);
  return [{ value: '', labelId: 'editor.option.headlineBand' }, ...[...new Set(bands)].map((b) => ({ value: b, label: b }))];
};

/** A target's unit of measure: its indicator's (the default); a target without an indicator may name any. */
const targetUnitOptions = (ctx: FormContext, values?: Values): Option[] => {
  const unit = chosenIndicator(ctx, values)?.unitOfMeasure;
  return [{ value: '', labelId: 'editor.option.sameUnit' }, ...enumOptions(unit ? INDICATOR_UNITS.filter((u) => u === unit) : INDICATOR_UNITS, 'editor.unit')];
};

const unitOptions = (ctx: FormContext): Option[] => [{ value: '', labelId: 'editor.option.noUnit' }, ...ctx.units.map((u) => ({ value: u, label: u }))];
const indicatorOptions = (ctx: FormContext): Option[] => [{ value: '', labelId: 'editor.option.noIndicator' }, ...ctx.indicators.map((i) => ({ value: i.key, label: i.name }))];

/** The document's own metadata (what PATCH /documents/:id takes). */
export function documentForm(decimalMark: ',' | '.'): FormDef {
  return simpleForm(
    [
      { name: 'title', type: 'text', labelId: 'editor.meta.title', required: true, wide: true },
      { name: 'subtitle', type: 'text', labelId: 'editor.meta.subtitle', wide: true },
      { name: 'type', type: 'select', labelId: 'editor.meta.type', required: true, options: () => enumOptions(DOCUMENT_TYPES, 'common.documentType') },
      { name: 'typeLabel', type: 'text', labelId: 'editor.meta.typeLabel', hint: true },
      { name: 'owner', type: 'text', labelId: 'editor.meta.owner', hint: true },
      { name: 'caseNumber', type: 'text', labelId: 'editor.meta.caseNumber', hint: true },
      { name: 'appliesTo', type: 'text', labelId: 'editor.meta.appliesTo' },
      { name: 'implements', type: 'select', labelId: 'editor.meta.implements', hint: true, options: (ctx) => [{ value: '', labelId: 'editor.option.none' }, ...ctx.series.map((s) => ({ value: s.key, label: s.title }))] },
      { name: 'validFrom', type: 'date', labelId: 'editor.meta.validFrom' },
      { name: 'validUntil', type: 'date', labelId: 'editor.meta.validUntil' },
      { name: 'validIndefinitely', type: 'checkbox', labelId: 'editor.meta.validIndefinitely' },
      { name: 'goalLevels', type: 'list', labelId: 'editor.meta.goalLevels', hint: true, wide: true },
      { name: 'note', type: 'textarea', labelId: 'editor.meta.note', wide: true },
    ],
    decimalMark,
  );
}

/** The adoption decision (POST /documents/:id/adopt): who decided, when, and from when it is in force. */
export function adoptForm(decimalMark: ',' | '.'): FormDef {
  return simpleForm(
    [
      { name: 'body', type: 'text', labelId: 'editor.adopt.body', hint: true, required: true, list: 'adopt-bodies', paths: ['/adoptedBy/body', '/adoptedBy', '/document/adoptedBy'] },
      { name: 'paragraph', type: 'text', labelId: 'editor.adopt.paragraph', hint: true, paths: ['/adoptedBy/paragraph'] },
      { name: 'decisionDate', type: 'date', labelId: 'editor.adopt.decisionDate', required: true },
      { name: 'caseNumber', type: 'text', labelId: 'editor.meta.caseNumber', hint: true },
      { name: 'validFrom', type: 'date', labelId: 'editor.adopt.validFrom', hint: true },
      { name: 'validUntil', type: 'date', labelId: 'editor.meta.validUntil' },
      { name: 'validIndefinitely', type: 'checkbox', labelId: 'editor.meta.validIndefinitely' },
    ],
    decimalMark,
    {
      skip: ['body', 'paragraph', 'decisionDate'],
      to: (item, values) => {
        const by = item.adoptedBy as { body: string; paragraph: string | null } | null | undefined;
        values.body = str(by?.body);
        values.paragraph = str(by?.paragraph);
        values.decisionDate = str(item.decisionDate);
      },
      from: (values, body) => {
        body.adoptedBy = { body: String(values.body ?? ''), paragraph: nullable(values.paragraph) };
        // An empty date is sent as it is, so the server names the field.
        body.decisionDate = String(values.decisionDate ?? '');
      },
    },
  );
}

/** The form of each kind of content. */
export function itemForm(kind: ContentKind, decimalMark: ',' | '.'): FormDef {
  switch (kind) {
    case 'sections':
      return simpleForm(
        [
          { name: 'kind', type: 'select', labelId: 'editor.section.kind', required: true, options: () => enumOptions(SECTION_KINDS, 'editor.sectionKind') },
          { name: 'title', type: 'text', labelId: 'editor.section.title' },
          { name: 'body', type: 'textarea', labelId: 'editor.section.body', required: true, wide: true },
        ],
        decimalMark,
      );
    case 'definitions':
      return simpleForm(
        [
          { name: 'term', type: 'text', labelId: 'editor.definition.term', required: true },
          { name: 'note', type: 'text', labelId: 'editor.definition.note', hint: true },
          { name: 'text', type: 'textarea', labelId: 'editor.definition.text', required: true, wide: true },
        ],
        decimalMark,
      );
    case 'areas':
      return simpleForm(
        [
          { name: 'name', type: 'text', labelId: 'editor.area.name', required: true, wide: true },
          { name: 'description', type: 'textarea', labelId: 'editor.area.description', wide: true },
        ],
        decimalMark,
      );
    case 'goals':
      return simpleForm(
        [
          { name: 'title', type: 'textarea', labelId: 'editor.goal.title', required: true, wide: true },
          { name: 'description', type: 'textarea', labelId: 'editor.goal.description', wide: true },
          { name: 'level', type: 'select', labelId: 'editor.goal.level', hint: true, options: (ctx) => ctx.goalLevels.map((name, i) => ({ value: String(i + 1), label: name })) },
          { name: 'ownerUnit', type: 'select', labelId: 'editor.goal.ownerUnit', hint: true, options: unitOptions },
        ],
        decimalMark,
        {
          skip: ['level'],
          to: (item, values) => (values.level = str(item.level ?? 1)),
          from: (values, body) => (body.level = Number(values.level) || 1),
        },
      );
    case 'strategies':
      return simpleForm([{ name: 'text', type: 'textarea', labelId: 'editor.strategy.text', required: true, wide: true }], decimalMark);
    case 'indicators':
      return simpleForm(
        [
          { name: 'name', type: 'text', labelId: 'editor.indicator.name', required: true, wide: true },
          { name: 'definition', type: 'textarea', labelId: 'editor.indicator.definition', wide: true },
          { name: 'unitOfMeasure', type: 'select', labelId: 'editor.indicator.unit', required: true, options: () => enumOptions(INDICATOR_UNITS, 'editor.unit') },
          { name: 'frequency', type: 'select', labelId: 'editor.indicator.frequency', required: true, options: () => enumOptions(FREQUENCIES, 'editor.frequency') },
          { name: 'sourceKind', type: 'select', labelId: 'editor.indicator.sourceKind', required: true, options: () => enumOptions(SOURCE_KINDS, 'editor.sourceKind') },
          { name: 'sourceRef', type: 'text', labelId: 'editor.indicator.sourceRef', hint: true },
          { name: 'sexes', type: 'checkboxes', labelId: 'editor.indicator.sexes', hint: true, options: () => enumOptions(SEXES, 'common.sex') },
          { name: 'ageBands', type: 'text', labelId: 'editor.indicator.ageBands', hint: true },
          { name: 'headlineSex', type: 'select', labelId: 'editor.indicator.headlineSex', hint: true, paths: ['/headline/sex', '/headline'], options: headlineSexOptions },
          { name: 'headlineAgeBand', type: 'select', labelId: 'editor.indicator.headlineAgeBand', paths: ['/headline/ageBand'], options: headlineBandOptions },
          { name: 'gapThreshold', type: 'decimal', labelId: 'editor.indicator.gapThreshold', hint: true },
          { name: 'population', type: 'text', labelId: 'editor.indicator.population', wide: true },
          { name: 'footnotes', type: 'lines', labelId: 'editor.indicator.footnotes', hint: true, wide: true },
        ],
        decimalMark,
        {
          skip: ['ageBands', 'headlineSex', 'headlineAgeBand'],
          to: (item, values) => {
            values.ageBands = Array.isArray(item.ageBands) ? (item.ageBands as string[]).join(', ') : '';
            const h = item.headline as { sex: string; ageBand: string | null } | null | undefined;
            values.headlineSex = h ? h.sex : '';
            values.headlineAgeBand = h ? str(h.ageBand) : '';
          },
          from: (values, body) => {
            const bands = parseAgeBands(values.ageBands);
            body.ageBands = bands;
            // Both left at the default: no headline of its own (headlineOf: the total and the first band).
            // One of them chosen: the other is its default, so the headline is always a declared series.
            const sex = nullable(values.headlineSex);
            const band = nullable(values.headlineAgeBand);
            const sexes = Array.isArray(values.sexes) ? (values.sexes as string[]) : [];
            body.headline = sex === null && band === null ? null : { sex: sex ?? (sexes.includes('total') ? 'total' : (sexes[0] ?? 'total')), ageBand: band ?? bands[0] ?? null };
          },
        },
      );
    case 'targets':
      return simpleForm(
        [
          { name: 'statement', type: 'textarea', labelId: 'editor.target.statement', hint: true, required: true, wide: true },
          { name: 'indicator', type: 'select', labelId: 'editor.target.indicator', options: indicatorOptions },
          { name: 'comparator', type: 'select', labelId: 'editor.target.comparator', required: true, options: () => enumOptions(COMPARATORS, 'editor.comparator') },
          { name: 'value', type: 'decimal', labelId: 'editor.target.value', hint: true },
          { name: 'unitOfMeasure', type: 'select', labelId: 'editor.target.unitOfMeasure', hint: true, options: targetUnitOptions },
          { name: 'targetYear', type: 'integer', labelId: 'editor.target.targetYear' },
          { name: 'recurrence', type: 'select', labelId: 'editor.target.recurrence', required: true, options: () => enumOptions(RECURRENCES, 'editor.recurrence') },
          { name: 'referenceIndicator', type: 'select', labelId: 'editor.target.referenceIndicator', hint: true, options: indicatorOptions },
          { name: 'baselineValue', type: 'decimal', labelId: 'editor.target.baselineValue', paths: ['/baseline/value', '/baseline'] },
          { name: 'baselineYear', type: 'integer', labelId: 'editor.target.baselineYear', paths: ['/baseline/year'] },
          { name: 'sex', type: 'select', labelId: 'editor.target.sex', hint: true, options: targetSexOptions },
          { name: 'ageBand', type: 'select', labelId: 'editor.target.ageBand', hint: true, options: targetBandOptions },
        ],
        decimalMark,
        {
          skip: ['baselineValue', 'baselineYear'],
          to: (item, values) => {
            const b = item.baseline as { value: number; year: number } | null | undefined;
            values.baselineValue = b ? formatDecimal(b.value, decimalMark) : '';
            values.baselineYear = b ? String(b.year) : '';
          },
          from: (values, body, issues) => {
            const value = parseDecimal(String(values.baselineValue ?? ''));
            const year = parseDecimal(String(values.baselineYear ?? ''));
            if (Number.isNaN(value)) issues.push({ path: '/baseline/value', messageId: 'editor.error.number' });
            if (year !== null && !Number.isInteger(year)) issues.push({ path: '/baseline/year', messageId: 'editor.error.integer' });
            if (value === null && year !== null) issues.push({ path: '/baseline/value', messageId: 'editor.error.baselineBoth' });
            if (year === null && value !== null && !Number.isNaN(value)) issues.push({ path: '/baseline/year', messageId: 'editor.error.baselineBoth' });
            body.baseline = value !== null && year !== null && !Number.isNaN(value) && Number.isInteger(year) ? { value, year } : null;
          },
        },
      );
    case 'activities':
      return simpleForm(
        [
          { name: 'description', type: 'textarea', labelId: 'editor.activity.description', wide: true },
          { name: 'problem', type: 'textarea', labelId: 'editor.activity.problem', wide: true },
          { name: 'responsible', type: 'responsible', labelId: 'editor.activity.responsible', hint: true, wide: true },
          { name: 'responsibleText', type: 'text', labelId: 'editor.activity.responsibleText', hint: true, wide: true },
          { name: 'timelineText', type: 'text', labelId: 'editor.activity.timelineText', hint: true },
          { name: 'status', type: 'select', labelId: 'editor.activity.status', required: true, options: () => enumOptions(ACTIVITY_STATUSES, 'common.activityStatus') },
          { name: 'start', type: 'date', labelId: 'editor.activity.start' },
          { name: 'end', type: 'date', labelId: 'editor.activity.end' },
          { name: 'followUpText', type: 'textarea', labelId: 'editor.activity.followUpText', wide: true },
        ],
        decimalMark,
      );
  }
}

/** What a new item of a kind starts with. */
export function newItemDefaults(kind: ContentKind): Record<string, unknown> {
  switch (kind) {
    case 'sections':
      return { kind: 'other' };
    case 'indicators':
      return { unitOfMeasure: 'percent', frequency: 'yearly', sourceKind: 'own', sexes: ['total'], ageBands: [], footnotes: [] };
    case 'targets':
      return { comparator: 'at_least', recurrence: 'once' };
    case 'activities':
      return { status: 'planned', responsible: [] };
    case 'goals':
      return { level: 1 };
    default:
      return {};
  }
}

// ----- server errors at their fields ---------------------------------------------------------

export interface FieldError {
  path: string;
  /** The server's words; shown in the page's language where knownMessage knows them. */
  message: string;
  /** Our own message (a number that is not one), said in the page's language. */
  messageId?: string;
}

/**
 * Sorts the server's errors onto the form's fields: `/title`, `/baseline/year`, `/goalLevels/1`
 * (and, for the document, `/document/validUntil`) belong to a field; the rest are shown together.
 */
export function errorsByField(fields: FieldSpec[], errors: FieldError[]): { byField: Record<string, FieldError[]>; other: FieldError[] } {
  const byField: Record<string, FieldError[]> = {};
  const other: FieldError[] = [];
  for (const e of errors) {
    const path = e.path.replace(/^\/document(?=\/)/, '');
    // The field with the longest path that covers this one (`/baseline/year` before `/baseline`).
    let field: FieldSpec | undefined;
    let best = 0;
    for (const f of fields) {
      for (const p of f.paths ?? [`/${f.name}`]) {
        if ((path === p || path.startsWith(`${p}/`)) && p.length > best) {
          field = f;
          best = p.length;
        }
      }
    }
    if (field) (byField[field.name] ??= []).push({ ...e, path });
    else other.push(e);
  }
  return { byField, other };
}

/** The first field, in form order, that has an error. */
export function firstInvalid(fields: FieldSpec[], byField: Record<string, unknown[]>): string | undefined {
  return fields.find((f) => (byField[f.name]?.length ?? 0) > 0)?.name;
}

/**
 * The server's English message as a message id of ours where we know it, so a Swedish page
 * speaks Swedish; an unknown message is shown as the server wrote it.
 */
export function knownMessage(message: string): { id: string; values?: Record<string, string | number> } | null {
  const m = message.trim();
  const rules: Array<[RegExp, string | ((x: RegExpExecArray) => string), ((x: RegExpExecArray) => Record<string, string | number>)?]> = [
    [/^must not be empty$/, 'editor.error.empty'],
    [/^must be a date written YYYY-MM-DD$/, 'editor.error.date'],
    [/^is not a real calendar date$/, 'editor.error.calendarDate'],
    [/^a target ".*" needs a value$/, 'editor.error.targetNeedsValue'],
    [/^a direction-only target .* has no value$/, 'editor.error.directionNoValue'],
    [/^a relative target names the indicator it is compared with$/, 'editor.error.relativeNeedsReference'],
    [/^a relative target has no value of its own/, 'editor.error.relativeNoValue'],
    [/^only a relative target has a reference indicator$/, 'editor.error.onlyRelativeReference'],
    [/^a yearly target holds every year/, 'editor.error.yearlyNoYear'],
    [/^the baseline year is after the target year$/, 'editor.error.baselineAfterTarget'],
    [/^the end date is before the start date$/, 'editor.error.endBeforeStart'],
    [/^the document cannot be valid until a date before/, 'editor.error.validUntilBeforeFrom'],
    [/^a document valid until further notice .* has no end date$/, 'editor.error.indefiniteNoEnd'],
    [/^name at least one goal level$/, 'editor.error.goalLevels'],
    [/^level (\d+) does not exist: the document names (\d+) goal level/, 'editor.error.levelMissing', (x) => ({ level: Number(x[1]), n: Number(x[2]) })],
    [/^a goal must be at a deeper level than its parent/, 'editor.error.levelDeeper'],
    [/^name a unit, a role or both$/, 'editor.error.unitOrRole'],
    [/^a Kolada source needs a KPI id/, 'editor.error.kolada'],
    [/^a sex is listed twice$/, 'editor.error.sexTwice'],
    // A target names only what its indicator declares; a headline is one of the indicator's own series.
    [/^the indicator ".*" is not split by sex "(total|women|men)"/, (x) => `editor.error.sexNotDeclared.${x[1]}`],
    [/^the indicator ".*" declares no age band "([^"]*)" \(it declares none\)/, 'editor.error.ageBandNoneDeclared', (x) => ({ band: x[1]! })],
    [/^the indicator ".*" declares no age band "([^"]*)"(?: \(it declares: (.*)\))?/, 'editor.error.ageBandNotDeclared', (x) => ({ band: x[1]!, declared: x[2] ?? '' })],
    [/^the reference indicator ".*" (?:is not split by sex|declares no age band)/, 'editor.error.referenceDimension'],
    [/^the headline's sex ".*" is not one the indicator is split by/, 'editor.error.headlineSex'],
    [/^the indicator declares no age bands, so its headline is all ages/, 'editor.error.headlineNoBands'],
    [/^the headline's age band must be one the indicator declares \((.*)\)/, 'editor.error.headlineAgeBand', (x) => ({ declared: x[1]! })],
    [/^the target is in ".*" but its indicator ".*" is measured in/, 'editor.error.targetUnit'],
    [/age band/, 'editor.error.ageBand'],
    [/^Too big: expected string to have <=(\d+) characters$/, 'editor.error.tooLong', (x) => ({ max: Number(x[1]) })],
    [/^Too small: expected number to be >=(\d+)$/, 'editor.error.tooSmall', (x) => ({ min: Number(x[1]) })],
    [/^Too big: expected number to be <=(\d+)$/, 'editor.error.tooBig', (x) => ({ max: Number(x[1]) })],
    [/^Too small: expected array to have >=1 items$/, 'editor.error.atLeastOne'],
    [/^Too big: expected array to have <=(\d+) items$/, 'editor.error.tooMany', (x) => ({ max: Number(x[1]) })],
  ];
  for (const [re, id, values] of rules) {
    const x = re.exec(m);
    if (!x) continue;
    const messageId = typeof id === 'function' ? id(x) : id;
    return values ? { id: messageId, values: values(x) } : { id: messageId };
  }
  return null;
}

// ----- two versions side by side ---------------------------------------------------------------

const same = (a: FormValue | undefined, b: FormValue | undefined): boolean => JSON.stringify(normal(a)) === JSON.stringify(normal(b));
const normal = (v: FormValue | undefined): unknown => (typeof v === 'string' ? v.trim() : v === undefined ? '' : v);

export interface DiffRow {
  name: string;
  mine: FormValue;
  theirs: FormValue;
  differs: boolean;
  /** The user changed this field from what she loaded. */
  changedByMe: boolean;
  /** The colleague changed it from what the user loaded. */
  changedByThem: boolean;
  /** What a save keeps unless the user picks otherwise: her own change, else the stored value. */
  choice: 'mine' | 'theirs';
}

/** Every field of a form in three versions: as loaded, as typed, as now stored. */
export function diffVersions(fields: FieldSpec[], base: Values, mine: Values, theirs: Values): DiffRow[] {
  return fields.map((f) => {
    const changedByMe = !same(mine[f.name], base[f.name]);
    const changedByThem = !same(theirs[f.name], base[f.name]);
    const differs = !same(mine[f.name], theirs[f.name]);
    return { name: f.name, mine: mine[f.name] ?? '', theirs: theirs[f.name] ?? '', differs, changedByMe, changedByThem, choice: changedByMe ? 'mine' : 'theirs' };
  });
}

/** The values a save after a conflict sends: each field from the side chosen for it. */
export function mergeChoices(rows: DiffRow[], choices: Record<string, 'mine' | 'theirs'>): Values {
  const out: Values = {};
  for (const r of rows) out[r.name] = (choices[r.name] ?? r.choice) === 'mine' ? r.mine : r.theirs;
  return out;
}
