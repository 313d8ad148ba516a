import type { DocumentType } from './types.ts';

/** What choosing a municipality's main documents needs to know of each version. */
export interface DocumentChoice {
  type: DocumentType;
  status: string;
  decisionDate: string | null;
  version: number;
  validFrom: string | null;
  validUntil: string | null;
  validIndefinitely: boolean;
}

/** Latest decision first, then the highest version. */
const byRecent = (a: DocumentChoice, b: DocumentChoice) => (b.decisionDate ?? '').localeCompare(a.decisionDate ?? '') || b.version - a.version;

const STEERING: DocumentType[] = ['strategy', 'policy', 'plan', 'programme', 'guideline'];

/**
 * The document the overview, compilation, follow-up and the yearly report are about: the adopted
 * strategy (or policy, plan …) in force on `date`, else the latest adopted one, else the latest draft.
 */
export function mainDocument<D extends DocumentChoice>(docs: readonly D[], date: string): D | undefined {
  const steering = docs.filter((d) => STEERING.includes(d.type));
  const inForce = (d: D) => d.status === 'adopted' && (d.validFrom ?? d.decisionDate ?? '') <= date && (d.validIndefinitely || !d.validUntil || d.validUntil >= date);
  return steering.filter(inForce).sort(byRecent)[0] ?? steering.filter((d) => d.status === 'adopted').sort(byRecent)[0] ?? [...steering].sort(byRecent)[0];
}

/** The latest adopted action plan, even one whose validity has ended (Tierp's ran to 2018). */
export function latestActionPlan<D extends DocumentChoice>(docs: readonly D[]): D | undefined {
  const plans = docs.filter((d) => d.type === 'action_plan');
  return plans.filter((d) => d.status === 'adopted').sort(byRecent)[0] ?? [...plans].sort(byRecent)[0];
}
