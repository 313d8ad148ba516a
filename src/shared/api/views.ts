import type { Attainment } from '../../domain/attainment/attainment.ts';
import type { GenderGap } from '../../domain/attainment/gender-gap.ts';
import type { Disagreement, RollUp } from '../../domain/attainment/rollup.ts';
import type { Sentence } from '../../domain/attainment/explain.ts';
import type { Staleness } from '../../domain/attainment/staleness.ts';
import type { NarrativeAssessment, ReportStatus } from '../../domain/follow-up/report-workflow.ts';
import type { ValueInput } from '../../domain/follow-up/values.ts';
import type { Stored, Tree } from '../../domain/strategy/tree.ts';
import type { ActivityStatus, DocumentContent, DocumentMeta, IndicatorHeadline, IndicatorUnit, Sex } from '../../domain/strategy/types.ts';

/**
 * The shapes the API answers with, as TypeScript types: the services build them, the web app reads
 * them. Types only (no runtime code), so every layer may name them.
 */

export interface DocumentDto extends DocumentMeta {
  id: string;
  municipalityCode: string;
  lockVersion: number;
  createdAt: string;
  updatedAt: string;
}

export type DocumentTree = { document: DocumentDto } & Pick<DocumentContent, 'sections' | 'definitions'> & Tree<Stored>;

/** A stored value in the long form, as the API and the CSV/XLSX exports give it. */
export type ValueDto = Omit<ValueInput, 'row'> & { id: string; lockVersion: number };

/** A unit's report for a period under a strategy: what it owns, how it went, and the history. */
export interface ReportDto {
  id: string;
  municipalityCode: string;
  documentId: string;
  unit: { id: string; name: string };
  period: { id: string; key: string; label: string; status: 'open' | 'closed' };
  status: ReportStatus;
  lockVersion: number;
  goals: Array<{ goalId: string; key: string; title: string; level: number; assessment: NarrativeAssessment | null; text: string | null }>;
  targets: Array<{ targetId: string; key: string; goal: string; statement: string }>;
  indicators: Array<{ indicatorId: string; key: string; name: string }>;
  activities: Array<{
    activityId: string;
    key: string;
    description: string | null;
    goal: string | null;
    followUp: { status: ActivityStatus; progress: number; comment: string | null; evidenceUrl: string | null } | null;
  }>;
  values: ValueDto[];
  /** `actor`: `user:<id>` or a process (cli, demo); `actorName`: the user's name. */
  events: Array<{ action: string; from: string | null; to: string; actor: string; actorName: string | null; reason: string | null; at: string }>;
}


/**
 * The yearly compilation of a strategy (Tyresö 6.1: "en gång per år görs en sammanställning av
 * samtliga nämndplaners arbete med delmålen"): per goal the committees' own assessments beside the
 * computed status, every target's status with its reason, the activities' statuses, the gender gaps,
 * stale indicators, and the units that have not submitted or not been approved.
 */
export interface Compilation {
  document: { id: string; key: string; version: number; title: string; inForce: boolean };
  year: number;
  asOf: string;
  summary: RollUpView & { targets: number };
  areas: Array<{ key: string; name: string; rollUp: RollUpView }>;
  goals: Array<{
    key: string;
    title: string;
    level: number;
    area: string | null;
    parent: string | null;
    rollUp: RollUpView;
    narratives: Array<{ unit: string; reportStatus: ReportStatus; assessment: NarrativeAssessment; text: string | null; disagreement: Disagreement['direction'] | null }>;
  }>;
  /** `sex` and `ageBand`: the series the target read (its own, or its indicator's headline); `unitOfMeasure`: its own, else its indicator's. */
  targets: Array<{ key: string; goal: string; statement: string; indicator: string | null; sex: Sex; ageBand: string | null; unitOfMeasure: IndicatorUnit | null } & Attainment & TargetWords & { usesExampleData: boolean }>;
  indicators: CompiledIndicator[];
  activities: Array<{ key: string; description: string | null; area: string | null; goal: string | null; status: ActivityStatus; progress: number | null; comment: string | null; reportedBy: string | null }>;
  /** `via`: the unit above whose report covers this one, when it has none of its own. */
  units: {
    approved: Array<{ id: string; name: string; via: string | null; status: ReportStatus }>;
    notApproved: Array<{ id: string; name: string; via: string | null; status: ReportStatus }>;
    notSubmitted: Array<{ id: string; name: string; via: string | null; status: ReportStatus | 'missing' }>;
  };
}

/**
 * A status's reason in words: `sentence` is the message (id and the numbers that decided it) that
 * `attainmentText` (src/shared/attainment-text.ts) words in a locale; `explanationText` is that sentence
 * in the language the API was asked for (`?lang=`, Swedish by default).
 */
export interface TargetWords {
  sentence: Sentence;
  explanationText?: string;
}

/** A roll-up with its rule in words (`sentence`, and `explanationText` in the API's answer). */
export type RollUpView = RollUp & TargetWords;

/** An indicator in the compilation: its headline, and every declared age band with its series per sex. */
export interface CompiledIndicator {
  key: string;
  name: string;
  unitOfMeasure: IndicatorUnit;
  /** The sex and age band a chart and the summary show. */
  headline: IndicatorHeadline;
  /** The women–men gap worth flagging, in the indicator's unit; null: none is flagged. */
  gapThreshold: number | null;
  /** The headline's latest value up to the compilation year. */
  latest: { year: number; value: number; example: boolean; preliminary: boolean } | null;
  seriesBreaks: number[];
  /**
   * Every declared age band (and all ages where values were entered for it), each with its yearly values
   * per sex up to the compilation year and its own women–men gap; the headline band (`headline: true`) is
   * the one a chart and the summary show (`headlineBand`). Each series appears once in the answer.
   */
  bands: CompiledBand[];
  stale: Staleness;
}

/** One age band of an indicator (null: all ages): its series per sex, its latest headline-sex value and its own women–men gap. */
export interface CompiledBand {
  ageBand: string | null;
  headline: boolean;
  series: Record<Sex, SeriesPoint[]>;
  latest: { year: number; value: number; example: boolean; preliminary: boolean } | null;
  genderGap: CompiledGenderGap | null;
}

/** A gender gap; `threshold` null when the indicator flags none. */
export type CompiledGenderGap = Omit<GenderGap, 'threshold'> & { threshold: number | null };

/** One year of a series as the charts and their tables show it. */
export interface SeriesPoint {
  year: number;
  value: number;
  seriesBreak: boolean;
  example: boolean;
  preliminary: boolean;
  /** The counts a share was computed from, when they were entered (small-count suppression reads them). */
  numerator?: number | null;
  denominator?: number | null;
}

