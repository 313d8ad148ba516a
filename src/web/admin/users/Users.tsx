import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useParams } from 'react-router';
import { ROLES, type Role } from '../../../domain/access/policy.ts';
import type { UserView } from '../../../shared/api/auth.ts';
import { api, ApiError, useApi } from '../../ui/api.ts';
import { Dialog, EmptyState, ErrorMessage, Field, PageTitle, QueryView } from '../../ui/components.tsx';
import { useFormat } from '../../ui/format.ts';
import { useMunicipality } from '../../ui/municipality.ts';
import { SESSION_KEY, useSession } from '../../ui/session.tsx';
import { orderUnits, type UnitNode } from '../follow-up/grid.ts';
import './users.css';

type Grant = UserView['grants'][number];
/** The strongest role first, as a person reads a list of staff. */
const ROLES_DOWN = [...ROLES].reverse() as Role[];

/** The server's field messages in the interface's words, where they are ones we know. */
function fieldText(intl: ReturnType<typeof useIntl>, message: string | undefined): string | undefined {
  if (!message) return undefined;
  const known: Record<string, string> = {
    'must be an e-mail address': 'users.error.email',
    'must be at least 12 characters long': 'auth.password.error.short',
    'must be at most 128 characters long': 'auth.password.error.long',
    'is too easy to guess; choose another': 'auth.password.error.common',
  };
  return known[message] ? intl.formatMessage({ id: known[message] }) : message;
}

/**
 * A municipality's users and their roles, for its administrators: add a user with a role (for the
 * whole municipality or a unit and those below), give a user another role, take a role away.
 */
export function Users() {
  const { code } = useParams();
  const intl = useIntl();
  const { can } = useSession();
  const m = useMunicipality(code!);
  const allowed = can('users.manage', { municipalityCode: code! });
  const usersPath = `/api/v1/municipalities/${code}/users`;
  const users = useApi<UserView[]>(allowed ? usersPath : null);
  const units = useApi<{ items: UnitNode[] }>(`/api/v1/municipalities/${code}/units?limit=500`);
  const ordered = useMemo(() => orderUnits(units.data?.items ?? []), [units.data]);
  const [adding, setAdding] = useState<UserView | null>(null);
  const [revoking, setRevoking] = useState<{ user: UserView; grant: Grant } | null>(null);
  const [announce, setAnnounce] = useState('');

  return (
    <>
      <PageTitle title={intl.formatMessage({ id: 'users.title' })} subtitle={m.data?.name} />
      {!allowed ? (
        <div className="error-box" role="alert">
          <p>
            <strong>
              <FormattedMessage id="common.forbidden" />
            </strong>{' '}
            <FormattedMessage id="users.forbidden" />
          </p>
        </div>
      ) : (
        <>
          <p className="lead">
            <FormattedMessage id="users.intro" />
          </p>
          <p role="status" className={announce ? 'saved-note' : 'visually-hidden'}>
            {announce}
          </p>
          <section aria-labelledby="users-list-h">
            <h2 id="users-list-h">
              <FormattedMessage id="users.list.heading" />
            </h2>
            <QueryView query={users}>
              {(list) =>
                list.length === 0 ? (
                  <EmptyState title={<FormattedMessage id="users.list.empty" />} />
                ) : (
                  <ul className="user-list">
                    {list.map((u) => (
                      <UserCard key={u.id} user={u} onAdd={() => setAdding(u)} onRevoke={(g) => setRevoking({ user: u, grant: g })} />
                    ))}
                  </ul>
                )
              }
            </QueryView>
          </section>
          <NewUserForm code={code!} units={ordered} onCreated={(u) => setAnnounce(intl.formatMessage({ id: 'users.created' }, { name: u.displayName }))} />
          <GrantDialog code={code!} user={adding} units={ordered} onClose={() => setAdding(null)} onDone={(u, role) => setAnnounce(intl.formatMessage({ id: 'users.granted' }, { name: u.displayName, role }))} />
          <RevokeDialog code={code!} target={revoking} onClose={() => setRevoking(null)} onDone={(u, role) => setAnnounce(intl.formatMessage({ id: 'users.revoked' }, { name: u.displayName, role }))} />
        </>
      )}
    </>
  );
}

function UserCard({ user, onAdd, onRevoke }: { user: UserView; onAdd(): void; onRevoke(g: Grant): void }) {
  const intl = useIntl();
  const f = useFormat();
  const grants = [...user.grants].sort((a, b) => ROLES_DOWN.indexOf(a.role) - ROLES_DOWN.indexOf(b.role));
  return (
    <li className="card user-card">
      <h3>{user.displayName}</h3>
      <p className="user-email">{user.email}</p>
      <p className="user-facts">
        {user.disabled ? (
          <span className="flag">
            <FormattedMessage id="users.disabled" />
          </span>
        ) : null}
        {user.demo ? (
          <span className="tag">
            <FormattedMessage id="users.demo" />
          </span>
        ) : null}
        <span className="tag">
          <FormattedMessage id={user.hasPassword ? 'users.signIn.password' : 'users.signIn.sso'} />
        </span>
        <span className="hint">
          {user.lastLoginAt ? intl.formatMessage({ id: 'users.lastLogin' }, { when: f.dateTime(user.lastLoginAt) }) : intl.formatMessage({ id: 'users.neverLoggedIn' })}
        </span>
      </p>
      <h4 className="visually-hidden">
        <FormattedMessage id="users.roles" values={{ name: user.displayName }} />
      </h4>
      <ul className="grant-list">
        {grants.map((g) => {
          const role = intl.formatMessage({ id: `auth.role.${g.role}` });
          const scope = g.unitName ?? intl.formatMessage({ id: 'auth.wholeMunicipality' });
          return (
            <li key={g.id}>
              <span>
                <strong>{role}</strong> <span className="grant-scope">{scope}</span>
              </span>
              <button type="button" className="link" onClick={() => onRevoke(g)} aria-label={intl.formatMessage({ id: 'users.revoke.named' }, { role, scope, name: user.displayName })}>
                <FormattedMessage id="users.revoke.button" />
              </button>
            </li>
          );
        })}
      </ul>
      <button type="button" className="secondary" onClick={onAdd} aria-label={intl.formatMessage({ id: 'users.grant.named' }, { name: user.displayName })}>
        <FormattedMessage id="users.grant.button" />
      </button>
    </li>
  );
}

/**
 * The role and the unit it covers (a select of the units in the organisation's order). Each hint
 * sits below its select, so that the two selects stay on one line however long the role's hint is.
 */
function RoleFields({ role, unitId, units, onRole, onUnit, errors }: { role: Role; unitId: string; units: Array<UnitNode & { depth: number }>; onRole(r: Role): void; onUnit(u: string): void; errors: { role?: string | undefined; unit?: string | undefined } }) {
  const intl = useIntl();
  const id = useId();
  const describe = (name: string, error: string | undefined) => [`${id}-${name}-hint`, error ? `${id}-${name}-error` : null].filter(Boolean).join(' ');
  return (
    <div className="form-grid role-fields">
      <div className={errors.role ? 'field has-error' : 'field'}>
        <label htmlFor={`${id}-role`}>
          <FormattedMessage id="users.field.role" />
        </label>
        <select id={`${id}-role`} value={role} onChange={(e) => onRole(e.target.value as Role)} aria-describedby={describe('role', errors.role)} aria-invalid={errors.role ? true : undefined}>
          {ROLES_DOWN.map((r) => (
            <option key={r} value={r}>
              {intl.formatMessage({ id: `auth.role.${r}` })}
            </option>
          ))}
        </select>
        <p className="hint" id={`${id}-role-hint`}>
          <FormattedMessage id={`users.roleHint.${role}`} />
        </p>
        {errors.role ? (
          <p className="field-error" id={`${id}-role-error`}>
            {errors.role}
          </p>
        ) : null}
      </div>
      <div className={errors.unit ? 'field has-error' : 'field'}>
        <label htmlFor={`${id}-unit`}>
          <FormattedMessage id="users.field.unit" />
        </label>
        <select id={`${id}-unit`} value={unitId} onChange={(e) => onUnit(e.target.value)} aria-describedby={describe('unit', errors.unit)} aria-invalid={errors.unit ? true : undefined}>
          <option value="">{intl.formatMessage({ id: 'auth.wholeMunicipality' })}</option>
          {units.map((u) => (
            <option key={u.id} value={u.id}>
              {`${'\u00a0\u00a0'.repeat(u.depth)}${u.name}`}
            </option>
          ))}
        </select>
        <p className="hint" id={`${id}-unit-hint`}>
          <FormattedMessage id="users.field.unitHint" />
        </p>
        {errors.unit ? (
          <p className="field-error" id={`${id}-unit-error`}>
            {errors.unit}
          </p>
        ) : null}
      </div>
    </div>
  );
}

function NewUserForm({ code, units, onCreated }: { code: string; units: Array<UnitNode & { depth: number }>; onCreated(u: UserView): void }) {
  const intl = useIntl();
  const qc = useQueryClient();
  const methodId = useId();
  const empty = { email: '', displayName: '', role: 'reader' as Role, unitId: '', method: 'password' as 'password' | 'sso', password: '' };
  const [form, setForm] = useState(empty);
  const [local, setLocal] = useState<Record<string, string>>({});
  const set = <K extends keyof typeof empty>(k: K, v: (typeof empty)[K]) => setForm((f) => ({ ...f, [k]: v }));
  const create = useMutation<UserView, ApiError, void>({
    mutationFn: () =>
      api<UserView>(`/api/v1/municipalities/${code}/users`, {
        method: 'POST',
        body: { email: form.email.trim(), displayName: form.displayName.trim(), role: form.role, unitId: form.unitId || null, ...(form.method === 'password' ? { password: form.password } : {}) },
      }),
    onSuccess: (u) => {
      setForm(empty);
      onCreated(u);
      void qc.invalidateQueries({ queryKey: [`/api/v1/municipalities/${code}/users`] });
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!/^[^\s@]+@[^\s@]+$/.test(form.email.trim())) errs.email = intl.formatMessage({ id: 'users.error.email' });
    if (!form.displayName.trim()) errs.displayName = intl.formatMessage({ id: 'users.error.name' });
    if (form.method === 'password' && [...form.password].length < 12) errs.password = intl.formatMessage({ id: 'auth.password.error.short' });
    setLocal(errs);
    if (Object.keys(errs).length > 0) {
      document.getElementById(`new-user-${Object.keys(errs)[0]}`)?.focus();
      return;
    }
    create.mutate();
  };
  const server = (path: string) => fieldText(intl, create.error?.fieldMessage(path));
  const known = ['/email', '/displayName', '/password', '/role', '/unitId'];
  const otherError = create.error && !create.error.errors.some((e) => known.includes(e.path)) ? create.error : null;
  return (
    <section aria-labelledby="users-new-h" className="panel">
      <h2 id="users-new-h">
        <FormattedMessage id="users.new.heading" />
      </h2>
      <p className="hint">
        <FormattedMessage id="users.new.hint" />
      </p>
      <form onSubmit={onSubmit} noValidate className="users-form">
        <div className="form-grid">
          <Field id="new-user-email" label={<FormattedMessage id="users.field.email" />} error={local.email ?? server('/email')}>
            {(p) => <input {...p} type="email" autoComplete="off" spellCheck={false} value={form.email} onChange={(e) => set('email', e.target.value)} />}
          </Field>
          <Field id="new-user-displayName" label={<FormattedMessage id="users.field.name" />} error={local.displayName ?? server('/displayName')}>
            {(p) => <input {...p} type="text" autoComplete="off" value={form.displayName} onChange={(e) => set('displayName', e.target.value)} />}
          </Field>
        </div>
        <RoleFields role={form.role} unitId={form.unitId} units={units} onRole={(r) => set('role', r)} onUnit={(u) => set('unitId', u)} errors={{ role: server('/role'), unit: server('/unitId') }} />
        <fieldset>
          <legend>
            <FormattedMessage id="users.signIn.legend" />
          </legend>
          {(['password', 'sso'] as const).map((mth) => (
            <div className="choice" key={mth}>
              <input type="radio" id={`${methodId}-${mth}`} name="new-user-method" checked={form.method === mth} onChange={() => set('method', mth)} aria-describedby={`${methodId}-${mth}-hint`} />
              <label htmlFor={`${methodId}-${mth}`}>{intl.formatMessage({ id: `users.signIn.choice.${mth}` })}</label>
              <p className="hint" id={`${methodId}-${mth}-hint`}>
                <FormattedMessage id={`users.signIn.choice.${mth}.hint`} />
              </p>
            </div>
          ))}
          {form.method === 'password' ? (
            <div className="password-field">
              <Field id="new-user-password" label={<FormattedMessage id="users.field.password" />} hint={<FormattedMessage id="auth.password.rule" />} error={local.password ?? server('/password')}>
                {(p) => <input {...p} type="password" autoComplete="new-password" value={form.password} onChange={(e) => set('password', e.target.value)} />}
              </Field>
            </div>
          ) : null}
        </fieldset>
        <ErrorMessage error={otherError} />
        <button type="submit" className="primary" disabled={create.isPending}>
          {create.isPending ? <FormattedMessage id="common.saving" /> : <FormattedMessage id="users.new.submit" />}
        </button>
      </form>
    </section>
  );
}

function GrantDialog({ code, user, units, onClose, onDone }: { code: string; user: UserView | null; units: Array<UnitNode & { depth: number }>; onClose(): void; onDone(u: UserView, role: string): void }) {
  const intl = useIntl();
  const qc = useQueryClient();
  const [role, setRole] = useState<Role>('reader');
  const [unitId, setUnitId] = useState('');
  const grant = useMutation<unknown, ApiError, UserView>({
    mutationFn: (u) => api(`/api/v1/municipalities/${code}/users/${u.id}/grants`, { method: 'POST', body: { role, unitId: unitId || null } }),
    onSuccess: (_, u) => {
      onDone(u, intl.formatMessage({ id: `auth.role.${role}` }));
      close();
      void qc.invalidateQueries({ queryKey: [`/api/v1/municipalities/${code}/users`] });
    },
  });
  const close = () => {
    setRole('reader');
    setUnitId('');
    grant.reset();
    onClose();
  };
  return (
    <Dialog open={user !== null} title={intl.formatMessage({ id: 'users.grant.title' }, { name: user?.displayName ?? '' })} onClose={close}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (user) grant.mutate(user);
        }}
      >
        <RoleFields role={role} unitId={unitId} units={units} onRole={setRole} onUnit={setUnitId} errors={{ role: grant.error?.fieldMessage('/role'), unit: grant.error?.fieldMessage('/unitId') }} />
        {grant.error && grant.error.errors.length === 0 ? <ErrorMessage error={grant.error} /> : null}
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={close}>
            <FormattedMessage id="common.cancel" />
          </button>
          <button type="submit" className="primary" disabled={grant.isPending}>
            <FormattedMessage id="users.grant.submit" />
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function RevokeDialog({ code, target, onClose, onDone }: { code: string; target: { user: UserView; grant: Grant } | null; onClose(): void; onDone(u: UserView, role: string): void }) {
  const intl = useIntl();
  const qc = useQueryClient();
  const { user: me } = useSession();
  const revoke = useMutation<unknown, ApiError, { user: UserView; grant: Grant }>({
    mutationFn: (t) => api(`/api/v1/municipalities/${code}/grants/${t.grant.id}/revoke`, { method: 'POST' }),
    onSuccess: (_, t) => {
      onDone(t.user, intl.formatMessage({ id: `auth.role.${t.grant.role}` }));
      close();
      void qc.invalidateQueries({ queryKey: [`/api/v1/municipalities/${code}/users`] });
      // Your own role taken away: what you may do changes at once.
      if (t.user.id === me?.id) void qc.invalidateQueries({ queryKey: SESSION_KEY });
    },
  });
  const close = () => {
    revoke.reset();
    onClose();
  };
  const role = target ? intl.formatMessage({ id: `auth.role.${target.grant.role}` }) : '';
  const scope = target ? (target.grant.unitName ?? intl.formatMessage({ id: 'auth.wholeMunicipality' })) : '';
  return (
    <Dialog open={target !== null} title={intl.formatMessage({ id: 'users.revoke.title' })} onClose={close}>
      <p>
        <FormattedMessage id="users.revoke.text" values={{ role, scope, name: target?.user.displayName ?? '', strong: (s) => <strong>{s}</strong> }} />
      </p>
      {target && me && target.user.id === me.id ? (
        <p className="notice">
          <FormattedMessage id="users.revoke.self" />
        </p>
      ) : null}
      <ErrorMessage error={revoke.error} />
      <div className="dialog-actions">
        <button type="button" className="secondary" onClick={close}>
          <FormattedMessage id="common.cancel" />
        </button>
        <button type="button" className="danger" disabled={revoke.isPending} onClick={() => target && revoke.mutate(target)}>
          <FormattedMessage id="users.revoke.submit" />
        </button>
      </div>
    </Dialog>
  );
}
