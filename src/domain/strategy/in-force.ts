import type { DocumentStatus, IsoDate } from './types.ts';

export interface VersionSpan {
  version: number;
  status: DocumentStatus;
  decisionDate: IsoDate | null;
  validFrom: IsoDate | null;
  validUntil: IsoDate | null;
}

const EVER_IN_FORCE: DocumentStatus[] = ['adopted', 'superseded', 'expired'];

/**
 * The version of a document series that was in force on a date, so that a follow-up is tied to the
 * version its period fell under. A version is in force from its validFrom (or decision date) until
 * its validUntil, or until the day before the next adopted version starts. Drafts never are.
 * Worked examples: docs/methodology/document-lifecycle.md#version-in-force.
 */
export function versionInForce<T extends VersionSpan>(versions: T[], date: IsoDate): T | null {
  const adopted = versions
    .filter((v) => EVER_IN_FORCE.includes(v.status) && (v.validFrom ?? v.decisionDate) !== null)
    .sort((a, b) => a.version - b.version);
  let found: T | null = null;
  adopted.forEach((v, i) => {
    const start = (v.validFrom ?? v.decisionDate)!;
    const next = adopted[i + 1];
    const nextStart = next ? (next.validFrom ?? next.decisionDate)! : null;
    const end = minDate(v.validUntil, nextStart ? dayBefore(nextStart) : null);
    if (start <= date && (end === null || date <= end)) found = v;
  });
  return found;
}

function minDate(a: IsoDate | null, b: IsoDate | null): IsoDate | null {
  if (a === null) return b;
  if (b === null) return a;
  return a < b ? a : b;
}

function dayBefore(d: IsoDate): IsoDate {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() - 1);
  return t.toISOString().slice(0, 10);
}

/**
 * The base year of a document series' targets: the last calendar year completed on the day the series
 * was first adopted (its first adopted version's decision date, else its validFrom); null for a series
 * never adopted. A revision does not move it. docs/methodology/document-lifecycle.md#the-base-year-of-a-series-targets
 * @example seriesBaseYear([{ version: 1, status: 'adopted', decisionDate: '2023-06-01', validFrom: null, validUntil: null }]) // 2022
 */
export function seriesBaseYear(versions: readonly VersionSpan[]): number | null {
  const first = versions
    .filter((v) => EVER_IN_FORCE.includes(v.status) && (v.decisionDate ?? v.validFrom) !== null)
    .sort((a, b) => a.version - b.version)[0];
  if (!first) return null;
  const date = (first.decisionDate ?? first.validFrom)!;
  const year = Number(date.slice(0, 4));
  return date.slice(5) === '12-31' ? year : year - 1;
}
