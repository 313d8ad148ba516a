import { useEffect, useRef, useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import type { SessionView } from '../../shared/api/auth.ts';
import { api, ApiError } from '../ui/api.ts';
import { Field, PageTitle } from '../ui/components.tsx';
import { homeOf, safeNext, useSession } from '../ui/session.tsx';
import './auth.css';

/**
 * The demo accounts by municipality: their names are "<role>, <municipality> (demo)", so the part
 * after the comma groups them and the part before labels the button. A name of another form stands alone.
 */
function demoGroups(accounts: Array<{ email: string; displayName: string }>): Array<{ name: string; accounts: Array<{ email: string; displayName: string; label: string }> }> {
  const groups = new Map<string, Array<{ email: string; displayName: string; label: string }>>();
  for (const a of accounts) {
    const m = /^(.+?), (.+?)(?: \(demo\))?$/.exec(a.displayName);
    const name = m ? m[2]! : '';
    groups.set(name, [...(groups.get(name) ?? []), { ...a, label: m ? m[1]! : a.displayName }]);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b, 'sv')).map(([name, list]) => ({ name, accounts: list }));
}

/** Why the sign-in failed, in the interface's words. */
function failure(e: unknown): { id: string; values?: Record<string, number> } {
  if (!(e instanceof ApiError)) return { id: 'common.error' };
  if (e.status === 0) return { id: 'common.networkError' };
  if (e.status === 401) return { id: 'auth.login.error.wrong' };
  if (e.status === 429) {
    const seconds = Number(e.body.retryAfterSeconds);
    return { id: 'auth.login.error.tooMany', values: { minutes: Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds / 60) : 15 } };
  }
  if (e.status === 403) return { id: 'auth.login.error.stale' };
  if (e.status === 400) return { id: 'auth.login.error.invalid' };
  return { id: 'common.error' };
}

/**
 * Signing in: e-mail and password, or the organisation's own sign-in (single sign-on) when the
 * server has one; in demo mode the demo accounts, each a button that fills the form. Afterwards
 * the page the user came from (`next`, a path of this app only) or their first municipality.
 */
export function Login() {
  const intl = useIntl();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const { session, user, signedIn, signOut, forget } = useSession();
  const next = safeNext(params.get('next'));
  // The server sends a failed single sign-on back here with its reason (src/http/oidc.ts).
  const SSO_REASONS = ['state', 'browser', 'answer', 'provider', 'unreachable', 'disabled'];
  const ssoError = params.get('error') === 'sso' ? (SSO_REASONS.includes(params.get('reason') ?? '') ? params.get('reason') : 'answer') : null;
  const arrived = (location.state as { signOut?: boolean; signedOut?: boolean; passwordChanged?: boolean; done?: boolean } | null) ?? {};
  // Arriving to sign out, or after a new password (the server has ended the session): the session
  // is dropped here, once this page is shown and no other page is left to ask for internal data.
  // The history entry then says it is done, so that going back to it does not sign out again.
  const leaving = (arrived.signOut || arrived.passwordChanged) && !arrived.done;
  useEffect(() => {
    if (!leaving) return;
    const here = `${location.pathname}${location.search}`;
    void (arrived.signOut ? signOut() : forget()).then(() => navigate(here, { replace: true, state: arrived.signOut ? { signedOut: true, done: true } : { passwordChanged: true, done: true } }));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, on arrival
  }, []);

  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<{ email?: string; password?: string }>({});
  const [problem, setProblem] = useState<{ id: string; values?: Record<string, number> } | null>(null);
  const [filled, setFilled] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submitRef = useRef<HTMLButtonElement>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    const errors = {
      ...(email.trim() ? {} : { email: intl.formatMessage({ id: 'auth.login.email.missing' }) }),
      ...(password ? {} : { password: intl.formatMessage({ id: 'auth.login.password.missing' }) }),
    };
    setFieldErrors(errors);
    if (errors.email) return emailRef.current?.focus();
    if (errors.password) return passwordRef.current?.focus();
    setBusy(true);
    try {
      const s = await api<SessionView>('/api/v1/auth/login', { method: 'POST', body: { email: email.trim(), password } });
      signedIn(s);
      navigate(next ?? homeOf(s.user), { replace: true });
    } catch (err) {
      setProblem(failure(err));
      setPassword('');
      passwordRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  const sso = session.singleSignOn;
  const demo = session.demo;
  return (
    <div className="login">
      <PageTitle title={intl.formatMessage({ id: 'auth.login.title' })} />
      {ssoError && !user ? (
        <div className="error-box" role="alert">
          <FormattedMessage id={`auth.login.ssoError.${ssoError}`} />
        </div>
      ) : null}
      {(arrived.signOut || arrived.signedOut) && !user ? (
        <p className="notice" role="status">
          <FormattedMessage id="auth.login.signedOut" />
        </p>
      ) : null}
      {arrived.passwordChanged && !user ? (
        <p className="notice" role="status">
          <FormattedMessage id="auth.login.passwordChanged" />
        </p>
      ) : null}
      {next && !user && !arrived.passwordChanged && !arrived.signOut && !arrived.signedOut ? (
        <p className="notice">
          <FormattedMessage id="auth.login.needed" />
        </p>
      ) : null}
      {user && !leaving ? (
        <p className="notice">
          <FormattedMessage id="auth.login.already" values={{ name: user.displayName }} />{' '}
          <Link to={next ?? homeOf(user)}>
            <FormattedMessage id="auth.login.continue" />
          </Link>
        </p>
      ) : null}

      <div className="login-layout">
        <section className="panel login-panel" aria-labelledby="login-form-h">
          <h2 id="login-form-h">
            <FormattedMessage id="auth.login.formHeading" />
          </h2>
          <form onSubmit={onSubmit} noValidate>
            <Field label={<FormattedMessage id="auth.login.email" />} error={fieldErrors.email} id="login-email">
              {(p) => <input {...p} ref={emailRef} type="email" name="email" autoComplete="username" spellCheck={false} value={email} onChange={(e) => setEmail(e.target.value)} />}
            </Field>
            <Field label={<FormattedMessage id="auth.login.password" />} error={fieldErrors.password} id="login-password">
              {(p) => <input {...p} ref={passwordRef} type="password" name="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
            </Field>
            {problem ? (
              <div className="error-box" role="alert">
                <p>
                  <strong>{intl.formatMessage({ id: problem.id }, problem.values)}</strong>
                </p>
              </div>
            ) : null}
            <p className="visually-hidden" role="status" aria-live="polite">
              {filled ? intl.formatMessage({ id: 'auth.login.demo.filled' }, { name: filled }) : null}
            </p>
            <div className="actions">
              <button type="submit" className="primary" ref={submitRef} disabled={busy}>
                {busy ? <FormattedMessage id="auth.login.working" /> : <FormattedMessage id="auth.login.submit" />}
              </button>
            </div>
          </form>
          {sso.enabled ? (
            <div className="sso">
              <p className="sso-or">
                <FormattedMessage id="auth.login.or" />
              </p>
              <a className="button" href={`/api/v1/auth/oidc/login?${new URLSearchParams({ returnTo: next ?? '/' })}`}>
                <FormattedMessage id="auth.login.sso" />
              </a>
              {sso.label ? (
                <p className="hint">
                  <FormattedMessage id="auth.login.ssoVia" values={{ label: sso.label }} />
                </p>
              ) : null}
            </div>
          ) : null}
        </section>

        {demo ? (
          <section className="demo-box" aria-labelledby="login-demo-h">
            <h2 id="login-demo-h">
              <FormattedMessage id="auth.login.demo.heading" />
            </h2>
            <p>
              <FormattedMessage id="auth.login.demo.warning" />
            </p>
            <p>
              <FormattedMessage id="auth.login.demo.password" values={{ password: demo.password, code: (s) => <code className="demo-password">{s}</code> }} />
            </p>
            <p className="hint" id="login-demo-hint">
              <FormattedMessage id="auth.login.demo.hint" />
            </p>
            <div className="demo-groups">
              {demoGroups(demo.accounts).map((g) => (
                <div className="demo-group" key={g.name}>
                  {g.name ? <h3>{g.name}</h3> : null}
                  <ul className="demo-accounts">
                    {g.accounts.map((a) => (
                      <li key={a.email}>
                        <button
                          type="button"
                          className="demo-account"
                          // The account's whole name: the group's heading says the municipality only to the eye.
                          aria-label={`${a.displayName}, ${a.email}`}
                          aria-describedby="login-demo-hint"
                          onClick={() => {
                            setEmail(a.email);
                            setPassword(demo.password);
                            setFieldErrors({});
                            setProblem(null);
                            setFilled(a.displayName);
                            submitRef.current?.focus();
                          }}
                        >
                          <span className="demo-name">{a.label}</span>
                          <span className="demo-email">{a.email}</span>
                        </button>
                      </li>
                    ))}
                  </ul>
                </div>
              ))}
            </div>
          </section>
        ) : null}
      </div>
    </div>
  );
}
