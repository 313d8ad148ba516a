import { useMutation, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useState } from 'react';
import type { ContentKind } from '../../../domain/strategy/types.ts';
import type { DocumentTree } from '../../../shared/api/views.ts';
import { api, type ApiError, type Method } from '../../ui/api.ts';
import type { FormContext } from './forms.ts';

/** One request the editor sends. `itemId`: the item whose lockVersion a later step should take from an earlier answer. */
export interface EditorRequest {
  method: Method;
  path: string;
  body?: Record<string, unknown>;
  itemId?: string;
}

export interface SendOptions {
  /** Said in the live region after "Sparat" (a move says where the item went). */
  done?: string;
  /** `data-focus` of the element to focus once the tree has been read again. */
  focus?: string | string[];
  /** Label of the progress bar for a move of several steps. */
  progressLabel?: string;
}

export type DialogRequest =
  | { type: 'delete'; kind: ContentKind; item: { id: string; key: string; lockVersion: number }; label: string; focusAfter: string[] }
  | { type: 'move'; kind: 'goals' | 'strategies' | 'indicators' | 'activities' | 'targets'; item: { id: string; key: string; lockVersion: number; position: number }; label: string };

export interface EditorState {
  code: string;
  tree: DocumentTree;
  editable: boolean;
  ctx: FormContext;
  busy: boolean;
  /** Sends the requests one after another, then reads the document again. Throws the first ApiError. */
  send(requests: EditorRequest[], options?: SendOptions): Promise<unknown[]>;
  focusLater(key: string | string[]): void;
  announce(text: string): void;
  openDialog(d: DialogRequest): void;
  /** A problem of a move or a delete that belongs to no form. */
  pageError: ApiError | null;
  setPageError(e: ApiError | null): void;
}

const Ctx = createContext<EditorState | null>(null);

export function useEditor(): EditorState {
  const s = useContext(Ctx);
  if (!s) throw new Error('internal: useEditor outside the editor');
  return s;
}

export const EditorProvider = Ctx.Provider;

export const treePath = (id: string) => `/api/v1/documents/${id}/tree`;
export const documentsPath = (code: string) => `/api/v1/municipalities/${code}/documents?limit=500`;

export interface StatusLine {
  state: 'idle' | 'saving' | 'saved';
  text: string;
  progress: { label: string; value: number } | null;
}

/**
 * The editor's writes: one mutation that runs a list of requests in order (a move can take
 * several), carries each answer's new lockVersion to the next step on the same item, and reads
 * the tree and the document list again when it is done, whether it worked or not. The status
 * line says "Sparar …" while it runs and "Sparat" when it is done.
 */
export function useEditorWrites(code: string, documentId: string, savedText: string) {
  const qc = useQueryClient();
  const [status, setStatus] = useState<StatusLine>({ state: 'idle', text: '', progress: null });
  const mutation = useMutation<unknown[], ApiError, { requests: EditorRequest[]; options: SendOptions }>({
    mutationFn: async ({ requests, options }) => {
      const versions = new Map<string, number>();
      const out: unknown[] = [];
      for (const [i, r] of requests.entries()) {
        if (requests.length > 1) setStatus((s) => ({ ...s, progress: { label: options.progressLabel ?? '', value: Math.round((i / requests.length) * 100) } }));
        const body = r.body && r.itemId && versions.has(r.itemId) ? { ...r.body, lockVersion: versions.get(r.itemId) } : r.body;
        const res = await api<Record<string, unknown> | undefined>(r.path, { method: r.method, ...(body ? { body } : {}) });
        if (res && typeof res.id === 'string' && typeof res.lockVersion === 'number') versions.set(res.id, res.lockVersion);
        out.push(res);
      }
      return out;
    },
    onMutate: () => setStatus((s) => ({ ...s, state: 'saving' })),
    onSettled: async () => {
      await Promise.all([qc.invalidateQueries({ queryKey: [treePath(documentId)] }), qc.invalidateQueries({ queryKey: [documentsPath(code)] })]);
    },
  });
  const { mutateAsync } = mutation;

  const send = useCallback(
    async (requests: EditorRequest[], options: SendOptions = {}) => {
      try {
        const out = await mutateAsync({ requests, options });
        setStatus({ state: 'saved', text: options.done ? `${savedText}. ${options.done}` : savedText, progress: null });
        return out;
      } catch (e) {
        setStatus({ state: 'idle', text: '', progress: null });
        throw e;
      }
    },
    [mutateAsync, savedText],
  );

  const announce = useCallback((text: string) => setStatus({ state: 'saved', text, progress: null }), []);
  /** Forgets the last message (it was said in the language the page had then). */
  const clear = useCallback(() => setStatus((s) => (s.state === 'saving' ? s : { state: 'idle', text: '', progress: null })), []);

  return { send, busy: mutation.isPending, status, announce, clear };
}
