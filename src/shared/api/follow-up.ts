import { z } from 'zod';
import { NARRATIVE_ASSESSMENTS, REPORT_STATUSES } from '../../domain/follow-up/report-workflow.ts';
import { PERIOD_SCHEMES } from '../../domain/periods/period.ts';
import { ACTIVITY_STATUSES, SEXES } from '../../domain/strategy/types.ts';
import { key, lockVersion, optionalText, text, uuid, year } from './common.ts';
import { ageBand } from './interchange.ts';
import { patchOf } from './requests.ts';

/** Request schemas of the follow-up API: periods, indicator values, unit reports. */

export const periodKey = z.string().regex(/^\d{4}(-(D|T[1-3]|Q[1-4]|M(0[1-9]|1[0-2])))?$/, 'must be a period key such as 2025, 2025-D, 2025-T1 or 2025-Q3');

export const periodsQuery = z.strictObject({ year: z.coerce.number().int().min(1900).max(2200).optional(), status: z.enum(['open', 'closed']).optional() });
export const openYearBody = z.strictObject({ year, scheme: z.enum(PERIOD_SCHEMES).default('year_interim') });

export const valueShape = {
  value: z.number().finite(),
  numerator: z.number().finite().nullable().default(null),
  denominator: z.number().finite().nullable().default(null),
  status: z.enum(['preliminary', 'final']).default('final'),
  source: optionalText(300),
  note: optionalText(2000),
  seriesBreak: z.boolean().default(false),
  example: z.boolean().default(false),
  sex: z.enum(SEXES).default('total'),
  ageBand: ageBand.nullable().default(null),
  indicator: key,
};
export const valueBody = z.strictObject({
  ...valueShape,
  year,
  period: periodKey.nullable().default(null),
  unit: optionalText(200),
  /** The version of the stored value this row changes; absent for a new cell (docs/methodology/indicator-values.md, "Editing values"). */
  lockVersion: lockVersion.optional(),
});
/** Create missing full-year periods also before the series' first year. */
const createPeriods = z.boolean().default(false).describe("Create a missing full-year period also before the series' first year");
export const valuesBody = z.strictObject({ values: z.array(valueBody).min(1).max(200_000), createPeriods });

/** PATCH /values/{id}: the value and what comes with it, never its cell; the version in the body or If-Match. */
const { value, numerator, denominator, status, source, note, seriesBreak, example } = valueShape;
export const valuePatchBody = z.strictObject({
  ...patchOf({ value, numerator, denominator, status, source, note, seriesBreak, example }),
  lockVersion: lockVersion.optional(),
});
export const valuesQuery = z.strictObject({
  indicator: key.optional(),
  period: periodKey.optional(),
  year: z.coerce.number().int().min(1900).max(2200).optional(),
  unit: text(200).optional(),
  sex: z.enum(SEXES).optional(),
});

export const reportCreate = z.strictObject({ unitId: uuid, period: periodKey });
export const reportsQuery = z.strictObject({ period: periodKey.optional(), status: z.enum(REPORT_STATUSES).optional() });
export const reportTransitionBody = z.strictObject({ lockVersion: lockVersion.optional(), reason: optionalText(2000) });
export const activityFollowUpBody = z.strictObject({
  lockVersion: lockVersion.optional(),
  status: z.enum(ACTIVITY_STATUSES),
  progress: z.number().int().min(0).max(100).optional(),
  comment: optionalText(5000),
  evidenceUrl: z.url({ protocol: /^https?$/, message: 'must be an http(s) address' }).max(2000).nullable().default(null),
});
export const goalAssessmentBody = z.strictObject({ lockVersion: lockVersion.optional(), assessment: z.enum(NARRATIVE_ASSESSMENTS), text: optionalText(10_000) });
export const reportValuesBody = z.strictObject({ lockVersion: lockVersion.optional(), values: z.array(z.strictObject(valueShape)).min(1).max(10_000) });

export const valueFileBody = z.strictObject({
  format: z.enum(['csv', 'xlsx']),
  /** The CSV text, or the XLSX file in base64. */
  content: z.string().min(1, 'must not be empty').max(60_000_000),
  /** Overwrite stored values whatever their version (the Version column is then not checked); recorded in the audit log's reason. */
  replace: z.boolean().default(false).describe('Overwrite stored values whatever their version; recorded in the audit log'),
  createPeriods,
});

export const compilationQuery = z.strictObject({
  year: z.coerce.number().int().min(1900).max(2200),
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD').optional(),
  gapThreshold: z.coerce.number().min(0).max(1_000_000).optional(),
  lang: z.enum(['sv', 'en']).optional().describe('the language of explanationText (Swedish by default)'),
});
