import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';
import { useNavigate } from 'react-router';
import { decide, type Action, type Principal, type Resource } from '../../domain/access/policy.ts';
import type { SessionView, UserView } from '../../shared/api/auth.ts';
import { principalOf } from './access.ts';
import { api, setCsrfToken, setUnauthenticatedHandler, type ApiError } from './api.ts';
import { ErrorMessage, Loading } from './components.tsx';

export { homeOf, principalOf, safeNext, unitPath } from './access.ts';

/**
 * Who is signed in, for the whole app: read once at start (GET /api/v1/auth/session), again after
 * signing in or out. The CSRF token goes to the API client; `can` asks the same pure policy the
 * server enforces, so the pages hide what the user may not do (the server still refuses it).
 */
export const SESSION_KEY = ['/api/v1/auth/session'] as const;

export interface SessionState {
  session: SessionView;
  user: UserView | null;
  principal: Principal;
  can(action: Action, resource?: Resource): boolean;
  /** After a sign-in: the answer becomes the session and every other cached answer is forgotten. */
  signedIn(session: SessionView): void;
  /** Ends the session on the server and forgets everything read with it. */
  signOut(): Promise<void>;
  /** The server ended the session (a new password, an expiry): forget it here too. */
  forget(): Promise<void>;
}

const Ctx = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const s = useContext(Ctx);
  if (!s) throw new Error('internal: useSession outside SessionProvider');
  return s;
}

const readSession = async () => {
  const s = await api<SessionView>('/api/v1/auth/session');
  setCsrfToken(s.csrfToken);
  return s;
};

export function SessionProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const query = useQuery<SessionView, ApiError>({ queryKey: SESSION_KEY, queryFn: readSession, staleTime: Infinity, gcTime: Infinity });

  const signedIn = useCallback(
    (session: SessionView) => {
      setCsrfToken(session.csrfToken);
      // What was read before belongs to someone else (or to no one): read it again as this user.
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
      qc.setQueryData(SESSION_KEY, session);
    },
    [qc],
  );
  const forget = useCallback(async () => {
    setCsrfToken(null);
    qc.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
    await qc.fetchQuery({ queryKey: SESSION_KEY, queryFn: readSession, staleTime: 0 });
  }, [qc]);
  const signOut = useCallback(async () => {
    try {
      await api('/api/v1/auth/logout', { method: 'POST' });
    } finally {
      // Whatever the answer, the page shows the session the server now has.
      await forget();
    }
  }, [forget]);

  // A 401 from the API: the session is gone (or the page needs one); sign in and come back here.
  useEffect(() => {
    setUnauthenticatedHandler(() => {
      setCsrfToken(null);
      qc.setQueryData<SessionView>(SESSION_KEY, (s) => (s ? { ...s, user: null, csrfToken: null, via: null } : s));
      const here = `${window.location.pathname}${window.location.search}`;
      if (!window.location.pathname.startsWith('/login')) navigate(`/login?next=${encodeURIComponent(here)}`, { replace: true });
    });
    return () => setUnauthenticatedHandler(null);
  }, [qc, navigate]);

  const data = query.data;
  const state = useMemo<SessionState | null>(() => {
    if (!data) return null;
    const principal = principalOf(data.user);
    return { session: data, user: data.user, principal, can: (action, resource) => decide(principal, action, resource) === 'allow', signedIn, signOut, forget };
  }, [data, signedIn, signOut, forget]);

  if (!state) {
    // The shell of index.html until the session is known.
    return (
      <>
        <header className="site-header">
          <span className="brand">
            <FormattedMessage id="common.appName" />
          </span>
        </header>
        <main id="main" tabIndex={-1}>
          {query.error ? <ErrorMessage error={query.error} /> : <Loading />}
        </main>
      </>
    );
  }
  return <Ctx.Provider value={state}>{children}</Ctx.Provider>;
}
