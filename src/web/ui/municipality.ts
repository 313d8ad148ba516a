import type { DocumentStatus, DocumentType } from '../../domain/strategy/types.ts';
import { useApi } from './api.ts';

export interface MunicipalityDto {
  code: string;
  name: string;
  lockVersion: number;
}

/** A document as the document list gives it (the fields the pages use). */
export interface DocumentSummary {
  id: string;
  key: string;
  version: number;
  type: DocumentType;
  typeLabel: string | null;
  title: string;
  status: DocumentStatus;
  decisionDate: string | null;
  validFrom: string | null;
  validUntil: string | null;
  validIndefinitely: boolean;
  implements: string | null;
  adoptedBy: { body: string; paragraph: string | null } | null;
  caseNumber: string | null;
  owner: string | null;
  lockVersion: number;
}

export function useMunicipality(code: string) {
  return useApi<MunicipalityDto>(`/api/v1/municipalities/${code}`);
}

export function useDocuments(code: string) {
  return useApi<{ items: DocumentSummary[]; total: number }>(`/api/v1/municipalities/${code}/documents?limit=500`);
}

/** Latest decision first, then the highest version. */
const byRecent = (a: DocumentSummary, b: DocumentSummary) => (b.decisionDate ?? '').localeCompare(a.decisionDate ?? '') || b.version - a.version;

const STEERING: DocumentType[] = ['strategy', 'policy', 'plan', 'programme', 'guideline'];

/**
 * The document the overview, compilation and follow-up are about: the adopted strategy (or policy,
 * plan …) that is in force today, else the latest adopted one, else the latest draft.
 */
export function mainDocument(docs: DocumentSummary[], today: string): DocumentSummary | undefined {
  const steering = docs.filter((d) => STEERING.includes(d.type));
  const inForce = (d: DocumentSummary) => d.status === 'adopted' && (d.validFrom ?? d.decisionDate ?? '') <= today && (d.validIndefinitely || !d.validUntil || d.validUntil >= today);
  return steering.filter(inForce).sort(byRecent)[0] ?? steering.filter((d) => d.status === 'adopted').sort(byRecent)[0] ?? [...steering].sort(byRecent)[0];
}

/** The latest adopted action plan, even one whose validity has ended (Tierp's ran to 2018). */
export function latestActionPlan(docs: DocumentSummary[]): DocumentSummary | undefined {
  const plans = docs.filter((d) => d.type === 'action_plan');
  return plans.filter((d) => d.status === 'adopted').sort(byRecent)[0] ?? plans.sort(byRecent)[0];
}

export const todayIso = () => new Date().toISOString().slice(0, 10);
