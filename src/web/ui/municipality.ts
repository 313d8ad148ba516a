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

export { latestActionPlan, mainDocument } from '../../domain/strategy/main-document.ts';

export const todayIso = () => new Date().toISOString().slice(0, 10);
