import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Navigate, useNavigate } from 'react-router';
import type { ApiTokenView } from '../../shared/api/auth.ts';
import { api, ApiError, useApi } from '../ui/api.ts';
import { Dialog, EmptyState, ErrorMessage, Field, Loading, PageTitle, QueryView } from '../ui/components.tsx';
import { useFormat } from '../ui/format.ts';
import type { MunicipalityDto } from '../ui/municipality.ts';
import { useSession } from '../ui/session.tsx';
import './auth.css';

const TOKENS = '/api/v1/auth/tokens';

/** A field message from the server in the interface's words, where it is one we know. */
function passwordMessage(intl: ReturnType<typeof useIntl>, message: string | undefined): string | undefined {
  if (!message) return undefined;
  const known: Record<string, string> = {
    'must be at least 12 characters long': 'auth.password.error.short',
    'must be at most 128 characters long': 'auth.password.error.long',
    'is too easy to guess; choose another': 'auth.password.error.common',
    'is wrong': 'auth.password.error.wrong',
  };
  return known[message] ? intl.formatMessage({ id: known[message] }) : message;
}

/** Your account: your roles, your password, your API tokens. */
export function Account() {
  const intl = useIntl();
  const { user } = useSession();
  if (!user) return <Navigate to="/login?next=%2Faccount" replace />;
  return (
    <div className="account">
      <PageTitle title={intl.formatMessage({ id: 'auth.account.title' })} subtitle={`${user.displayName} · ${user.email}`} />
      <Roles />
      <PasswordSection />
      <Tokens />
    </div>
  );
}

function Roles() {
  const intl = useIntl();
  const { user } = useSession();
  const municipalities = useApi<MunicipalityDto[] | { items: MunicipalityDto[] }>('/api/v1/municipalities');
  const list = municipalities.data ? (Array.isArray(municipalities.data) ? municipalities.data : municipalities.data.items) : [];
  const nameOf = (code: string) => list.find((m) => m.code === code)?.name ?? code;
  const grants = [...(user?.grants ?? [])].sort((a, b) => nameOf(a.municipalityCode).localeCompare(nameOf(b.municipalityCode), 'sv'));
  return (
    <section aria-labelledby="account-roles-h" className="account-roles">
      <h2 id="account-roles-h">
        <FormattedMessage id="auth.account.roles.heading" />
      </h2>
      {user?.instanceAdmin ? (
        <p className="notice">
          <FormattedMessage id="auth.account.roles.instanceAdmin" />
        </p>
      ) : null}
      {grants.length === 0 ? (
        user?.instanceAdmin ? null : <EmptyState title={<FormattedMessage id="auth.account.roles.none" />} />
      ) : municipalities.isPending ? (
        // The table waits for the municipalities' names: a code shown for a moment and then replaced reads as a fault.
        <Loading />
      ) : (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">
              <FormattedMessage id="auth.account.roles.caption" />
            </caption>
            <thead>
              <tr>
                <th scope="col">
                  <FormattedMessage id="auth.account.roles.municipality" />
                </th>
                <th scope="col">
                  <FormattedMessage id="auth.account.roles.role" />
                </th>
                <th scope="col">
                  <FormattedMessage id="auth.account.roles.unit" />
                </th>
              </tr>
            </thead>
            <tbody>
              {grants.map((g) => (
                <tr key={g.id}>
                  <td>{nameOf(g.municipalityCode)}</td>
                  <td>{intl.formatMessage({ id: `auth.role.${g.role}` })}</td>
                  <td>{g.unitName ?? intl.formatMessage({ id: 'auth.wholeMunicipality' })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function PasswordSection() {
  const intl = useIntl();
  const navigate = useNavigate();
  const { user } = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [errors, setErrors] = useState<{ current?: string; next?: string }>({});
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  if (!user?.hasPassword) {
    return (
      <section aria-labelledby="account-password-h">
        <h2 id="account-password-h">
          <FormattedMessage id="auth.password.heading" />
        </h2>
        <p>
          <FormattedMessage id="auth.password.none" />
        </p>
      </section>
    );
  }
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    const local = {
      ...(current ? {} : { current: intl.formatMessage({ id: 'auth.password.error.currentMissing' }) }),
      ...([...next].length >= 12 ? {} : { next: intl.formatMessage({ id: 'auth.password.error.short' }) }),
    };
    setErrors(local);
    if (local.current || local.next) return;
    setBusy(true);
    try {
      await api('/api/v1/auth/password', { method: 'POST', body: { currentPassword: current, newPassword: next } });
      // The server ends every session of yours with a new password, this one too: the sign-in page forgets it here.
      navigate('/login?next=%2Faccount', { state: { passwordChanged: true } });
      return;
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        setErrors({
          current: passwordMessage(intl, err.fieldMessage('/currentPassword')),
          next: passwordMessage(intl, err.fieldMessage('/password') ?? err.fieldMessage('/newPassword')),
        });
        if (err.errors.length === 0) setProblem(err);
      } else setProblem(err as ApiError);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="account-password-h">
      <h2 id="account-password-h">
        <FormattedMessage id="auth.password.heading" />
      </h2>
      <form onSubmit={onSubmit} noValidate className="narrow-form">
        {/* A hidden user name lets a password manager know whose password this is. */}
        <input type="email" name="username" autoComplete="username" value={user.email} readOnly hidden />
        <Field label={<FormattedMessage id="auth.password.current" />} error={errors.current}>
          {(p) => <input {...p} type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />}
        </Field>
        <Field label={<FormattedMessage id="auth.password.new" />} hint={<FormattedMessage id="auth.password.rule" />} error={errors.next}>
          {(p) => <input {...p} type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} />}
        </Field>
        <ErrorMessage error={problem} />
        <p className="hint">
          <FormattedMessage id="auth.password.afterwards" />
        </p>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? <FormattedMessage id="common.saving" /> : <FormattedMessage id="auth.password.submit" />}
        </button>
      </form>
    </section>
  );
}

function Tokens() {
  const intl = useIntl();
  const f = useFormat();
  const qc = useQueryClient();
  const tokens = useApi<ApiTokenView[]>(TOKENS);
  const [name, setName] = useState('');
  const [scope, setScope] = useState<'read' | 'write'>('read');
  const [nameError, setNameError] = useState<string | undefined>();
  const [created, setCreated] = useState<{ token: string; apiToken: ApiTokenView } | null>(null);
  const [revoking, setRevoking] = useState<ApiTokenView | null>(null);
  const [announce, setAnnounce] = useState('');
  const scopeId = useId();

  const create = useMutation<{ token: string; apiToken: ApiTokenView }, ApiError, void>({
    mutationFn: () => api(TOKENS, { method: 'POST', body: { name: name.trim(), scope } }),
    onSuccess: (r) => {
      setCreated(r);
      setName('');
      setScope('read');
      void qc.invalidateQueries({ queryKey: [TOKENS] });
    },
  });
  const revoke = useMutation<ApiTokenView, ApiError, ApiTokenView>({
    mutationFn: (t) => api(`${TOKENS}/${t.id}/revoke`, { method: 'POST' }),
    onSuccess: (t) => {
      setRevoking(null);
      setAnnounce(intl.formatMessage({ id: 'auth.tokens.revoked' }, { name: t.name }));
      if (created?.apiToken.id === t.id) setCreated(null);
      void qc.invalidateQueries({ queryKey: [TOKENS] });
    },
  });

  const onCreate = (e: FormEvent) => {
    e.preventDefault();
    setAnnounce('');
    if (!name.trim()) {
      setNameError(intl.formatMessage({ id: 'auth.tokens.nameMissing' }));
      return;
    }
    setNameError(undefined);
    create.mutate();
  };

  return (
    <section aria-labelledby="account-tokens-h">
      <h2 id="account-tokens-h">
        <FormattedMessage id="auth.tokens.heading" />
      </h2>
      <p className="lead">
        <FormattedMessage id="auth.tokens.intro" />
      </p>
      <p role="status" className={announce ? 'saved-note' : 'visually-hidden'}>
        {announce}
      </p>
      {created ? <NewToken created={created} onDone={() => setCreated(null)} /> : null}
      <QueryView query={tokens}>
        {(list) =>
          list.length === 0 ? (
            <EmptyState title={<FormattedMessage id="auth.tokens.none" />} />
          ) : (
            <div className="token-table-wrap">
              <table className="token-table">
                <caption>
                  <FormattedMessage id="auth.tokens.caption" />
                </caption>
                <thead>
                  <tr>
                    <th scope="col">
                      <FormattedMessage id="auth.tokens.name" />
                    </th>
                    <th scope="col">
                      <FormattedMessage id="auth.tokens.prefix" />
                    </th>
                    <th scope="col">
                      <FormattedMessage id="auth.tokens.scope" />
                    </th>
                    <th scope="col">
                      <FormattedMessage id="auth.tokens.created" />
                    </th>
                    <th scope="col">
                      <FormattedMessage id="auth.tokens.lastUsed" />
                    </th>
                    <th scope="col">
                      <FormattedMessage id="auth.tokens.status" />
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((t) => (
                    <tr key={t.id}>
                      <th scope="row">{t.name}</th>
                      {/* data-label: the column's name, shown beside each value when a phone stacks the row. */}
                      <td data-label={intl.formatMessage({ id: 'auth.tokens.prefix' })}>
                        <code>{t.prefix}…</code>
                      </td>
                      <td data-label={intl.formatMessage({ id: 'auth.tokens.scope' })}>{intl.formatMessage({ id: `auth.tokens.scope.${t.scope}` })}</td>
                      <td data-label={intl.formatMessage({ id: 'auth.tokens.created' })} className="nowrap">
                        {f.date(t.createdAt)}
                      </td>
                      <td data-label={intl.formatMessage({ id: 'auth.tokens.lastUsed' })} className="nowrap">
                        {t.lastUsedAt ? f.dateTime(t.lastUsedAt) : intl.formatMessage({ id: 'auth.tokens.neverUsed' })}
                      </td>
                      <td data-label={intl.formatMessage({ id: 'auth.tokens.status' })}>
                        {t.revokedAt ? (
                          <FormattedMessage id="auth.tokens.revokedAt" values={{ date: f.date(t.revokedAt) }} />
                        ) : t.expiresAt && t.expiresAt < new Date().toISOString() ? (
                          <FormattedMessage id="auth.tokens.expiredAt" values={{ date: f.date(t.expiresAt) }} />
                        ) : (
                          <button type="button" className="danger" onClick={() => setRevoking(t)} aria-label={intl.formatMessage({ id: 'auth.tokens.revokeNamed' }, { name: t.name })}>
                            <FormattedMessage id="auth.tokens.revoke" />
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>

      <form onSubmit={onCreate} noValidate className="panel narrow-form" aria-labelledby="account-token-new-h">
        <h3 id="account-token-new-h">
          <FormattedMessage id="auth.tokens.new" />
        </h3>
        <Field label={<FormattedMessage id="auth.tokens.name" />} hint={<FormattedMessage id="auth.tokens.nameHint" />} error={nameError ?? create.error?.fieldMessage('/name')}>
          {(p) => <input {...p} type="text" maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <fieldset>
          <legend>
            <FormattedMessage id="auth.tokens.scope" />
          </legend>
          {(['read', 'write'] as const).map((s) => (
            <div className="choice" key={s}>
              <input type="radio" id={`${scopeId}-${s}`} name="token-scope" value={s} checked={scope === s} onChange={() => setScope(s)} aria-describedby={`${scopeId}-${s}-hint`} />
              <label htmlFor={`${scopeId}-${s}`}>{intl.formatMessage({ id: `auth.tokens.scope.${s}` })}</label>
              <p className="hint" id={`${scopeId}-${s}-hint`}>
                <FormattedMessage id={`auth.tokens.scope.${s}.hint`} />
              </p>
            </div>
          ))}
        </fieldset>
        {create.error && !create.error.fieldMessage('/name') ? <ErrorMessage error={create.error} /> : null}
        <button type="submit" className="primary" disabled={create.isPending}>
          {create.isPending ? <FormattedMessage id="common.saving" /> : <FormattedMessage id="auth.tokens.create" />}
        </button>
      </form>

      <Dialog open={revoking !== null} title={intl.formatMessage({ id: 'auth.tokens.confirm.title' })} onClose={() => { setRevoking(null); revoke.reset(); }}>
        <p>
          <FormattedMessage id="auth.tokens.confirm.text" values={{ name: revoking?.name ?? '', strong: (s) => <strong>{s}</strong> }} />
        </p>
        <ErrorMessage error={revoke.error} />
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={() => { setRevoking(null); revoke.reset(); }}>
            <FormattedMessage id="common.cancel" />
          </button>
          <button type="button" className="danger" disabled={revoke.isPending} onClick={() => revoking && revoke.mutate(revoking)}>
            <FormattedMessage id="auth.tokens.confirm.submit" />
          </button>
        </div>
      </Dialog>
    </section>
  );
}

/** The new token, shown once: a copy button and the warning that it cannot be shown again. */
function NewToken({ created, onDone }: { created: { token: string; apiToken: ApiTokenView }; onDone(): void }) {
  const intl = useIntl();
  const inputRef = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'select' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.token);
      setCopied('yes');
    } catch {
      // No clipboard (an insecure page, a refusal): select it for Ctrl+C instead.
      inputRef.current?.select();
      setCopied('select');
    }
  };
  return (
    <div className="new-token" role="region" aria-labelledby="new-token-h">
      <h3 id="new-token-h">
        <FormattedMessage id="auth.tokens.shown.heading" values={{ name: created.apiToken.name }} />
      </h3>
      <p className="warning-text">
        <FormattedMessage id="auth.tokens.shown.warning" />
      </p>
      <div className="token-copy">
        <label htmlFor="new-token-value" className="visually-hidden">
          <FormattedMessage id="auth.tokens.shown.label" />
        </label>
        <input id="new-token-value" ref={inputRef} readOnly value={created.token} onFocus={(e) => e.target.select()} spellCheck={false} />
        <button type="button" className="primary" onClick={() => void copy()}>
          <FormattedMessage id="auth.tokens.shown.copy" />
        </button>
      </div>
      <p role="status" className="hint">
        {copied ? intl.formatMessage({ id: copied === 'yes' ? 'auth.tokens.shown.copied' : 'auth.tokens.shown.selected' }) : null}
      </p>
      <button type="button" className="secondary" onClick={onDone}>
        <FormattedMessage id="auth.tokens.shown.done" />
      </button>
    </div>
  );
}
