/**
 * The strategy model as plain values. Swedish terms are mapped in docs/glossary.md.
 * These are the shapes of the interchange format (`samspel/document@1`): references between
 * items are by `key` (stable across versions), organisation units by name.
 */

export const UNIT_TYPES = ['council', 'executive_board', 'committee', 'administration', 'unit', 'group', 'company', 'other'] as const;
export type UnitType = (typeof UNIT_TYPES)[number];

export const DOCUMENT_TYPES = ['strategy', 'policy', 'plan', 'action_plan', 'programme', 'guideline'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const DOCUMENT_STATUSES = ['draft', 'consultation', 'adopted', 'superseded', 'expired'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

export const SECTION_KINDS = ['vision', 'purpose', 'background', 'target_groups', 'scope', 'implementation', 'follow_up', 'other'] as const;
export type SectionKind = (typeof SECTION_KINDS)[number];

export const INDICATOR_UNITS = ['count', 'percent', 'per_1000', 'sek', 'sek_per_inhabitant', 'ratio', 'index', 'other'] as const;
export type IndicatorUnit = (typeof INDICATOR_UNITS)[number];

export const SOURCE_KINDS = ['kolada', 'scb', 'own', 'other'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const SEXES = ['total', 'women', 'men'] as const;
export type Sex = (typeof SEXES)[number];

export const FREQUENCIES = ['yearly', 'interim', 'quarterly', 'monthly', 'once', 'irregular'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const COMPARATORS = ['at_least', 'at_most', 'equal', 'increase', 'decrease', 'at_least_relative', 'at_most_relative'] as const;
export type Comparator = (typeof COMPARATORS)[number];

export const RECURRENCES = ['once', 'yearly'] as const;
export type Recurrence = (typeof RECURRENCES)[number];

export const ACTIVITY_STATUSES = ['planned', 'ongoing', 'done', 'postponed', 'cancelled'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

/** An ISO calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

export interface Municipality {
  code: string;
  name: string;
}

export interface OrgUnit {
  name: string;
  type: UnitType;
  parent: string | null;
}

export interface DocumentMeta {
  key: string;
  version: number;
  type: DocumentType;
  /** The document type as the document itself names it ("Övrig plan"), kept verbatim. */
  typeLabel: string | null;
  title: string;
  subtitle: string | null;
  status: DocumentStatus;
  appliesTo: string | null;
  adoptedBy: { body: string; paragraph: string | null } | null;
  decisionDate: IsoDate | null;
  caseNumber: string | null;
  owner: string | null;
  validFrom: IsoDate | null;
  validUntil: IsoDate | null;
  /** "Gäller tills vidare": valid until further notice. */
  validIndefinitely: boolean;
  /** Key of the document series this one implements (Tierp's action plan implements its strategy). */
  implements: string | null;
  /** Names of the goal levels, outermost first ("Långsiktigt mål", "Delmål"). */
  goalLevels: string[];
  note: string | null;
}

export interface Section {
  key: string;
  kind: SectionKind;
  title: string | null;
  body: string;
}

export interface Definition {
  key: string;
  term: string;
  text: string;
  /** Footnote mark or source as printed. */
  note: string | null;
}

export interface Area {
  key: string;
  name: string;
  description: string | null;
}

export interface Goal {
  key: string;
  area: string | null;
  parent: string | null;
  /** 1-based index into the document's goalLevels. */
  level: number;
  title: string;
  description: string | null;
  /** Name of the organisation unit that owns the goal in the cascade to committees. */
  ownerUnit: string | null;
}

export interface Strategy {
  key: string;
  area: string | null;
  goal: string | null;
  text: string;
}

export interface Indicator {
  key: string;
  area: string | null;
  goal: string | null;
  name: string;
  definition: string | null;
  /** What the values measure (percent, count …); an organisation unit is a `unit` elsewhere. */
  unitOfMeasure: IndicatorUnit;
  sourceKind: SourceKind;
  /** A Kolada KPI id (N00973), an SCB table, or a description of the own source. */
  sourceRef: string | null;
  sexes: Sex[];
  ageBands: string[];
  population: string | null;
  frequency: Frequency;
  footnotes: string[];
  /**
   * The sex and age band a chart and a summary show, and a target without its own reads. Null: the
   * total (or the first sex declared) and the only or first age band (`headlineOf`).
   */
  headline: IndicatorHeadline | null;
  /** A women–men gap larger than this, in the indicator's unit, is flagged; null: no flag (`gapThresholdOf`). */
  gapThreshold: number | null;
}

/** One of an indicator's declared dimensions: a sex and an age band (null: all ages). */
export interface IndicatorHeadline {
  sex: Sex;
  ageBand: string | null;
}

export interface Target {
  key: string;
  goal: string;
  indicator: string | null;
  comparator: Comparator;
  value: number | null;
  targetYear: number | null;
  recurrence: Recurrence;
  baseline: { value: number; year: number } | null;
  /** For relative comparators: the indicator whose level is the bar. */
  referenceIndicator: string | null;
  /** The age band and sex the target reads; null: the indicator's headline. */
  ageBand: string | null;
  sex: Sex | null;
  /** What the target value measures; null: the indicator's unit of measure. */
  unitOfMeasure: IndicatorUnit | null;
  /** The document's own sentence, verbatim. */
  statement: string;
}

export interface Responsible {
  unit: string | null;
  role: string | null;
  lead: boolean;
}

export interface Activity {
  key: string;
  area: string | null;
  goal: string | null;
  problem: string | null;
  description: string | null;
  responsible: Responsible[];
  responsibleText: string | null;
  timelineText: string | null;
  start: IsoDate | null;
  end: IsoDate | null;
  followUpText: string | null;
  status: ActivityStatus;
}

export interface DocumentContent {
  sections: Section[];
  definitions: Definition[];
  areas: Area[];
  goals: Goal[];
  strategies: Strategy[];
  indicators: Indicator[];
  targets: Target[];
  activities: Activity[];
}

/** A whole document version with the units it refers to: the interchange and first backup format. */
export interface DocumentExport extends DocumentContent {
  format: typeof DOCUMENT_FORMAT;
  municipality: Municipality;
  organisation: OrgUnit[];
  document: DocumentMeta;
}

/** Several documents of one municipality with its organisation: the demo data files. */
export interface Bundle {
  format: typeof BUNDLE_FORMAT;
  municipality: Municipality;
  organisation: OrgUnit[];
  documents: Array<DocumentContent & { document: DocumentMeta }>;
}

export const DOCUMENT_FORMAT = 'samspel/document@1' as const;
export const BUNDLE_FORMAT = 'samspel/bundle@1' as const;

export const CONTENT_KINDS = ['sections', 'definitions', 'areas', 'goals', 'strategies', 'indicators', 'targets', 'activities'] as const;
export type ContentKind = (typeof CONTENT_KINDS)[number];
