import type { Compilation, DocumentTree } from '../../shared/api/views.ts';
import { useApi } from './api.ts';

export function useTree(documentId: string | null | undefined) {
  return useApi<DocumentTree>(documentId ? `/api/v1/documents/${documentId}/tree` : null);
}

export function useCompilation(documentId: string | null | undefined, year: number) {
  return useApi<Compilation>(documentId ? `/api/v1/documents/${documentId}/compilation?year=${year}` : null);
}

/** The last full calendar year: what a yearly follow-up is about by default. */
export const lastFullYear = () => new Date().getFullYear() - 1;
