import { useEffect, useId, useRef, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { AttainmentStatus } from '../../domain/attainment/attainment.ts';
import type { ApiError } from './api.ts';

/** Sets the page's <title> and gives it one <h1>. */
export function PageTitle({ title, subtitle, children }: { title: string; subtitle?: ReactNode; children?: ReactNode }) {
  const intl = useIntl();
  useEffect(() => {
    document.title = `${title} – ${intl.formatMessage({ id: 'common.appName' })}`;
  }, [title, intl]);
  return (
    <header className="page-title">
      <div>
        <h1>{title}</h1>
        {subtitle ? <p className="subtitle">{subtitle}</p> : null}
      </div>
      {children ? <div className="page-actions">{children}</div> : null}
    </header>
  );
}

/** A status chip: colour, icon shape and text together, so colour is never the only signal. */
export function StatusChip({ status, label, title }: { status: string; label?: string; title?: string }) {
  const intl = useIntl();
  const text = label ?? intl.formatMessage({ id: `common.status.${status}`, defaultMessage: status });
  return (
    <span className={`chip chip-${status}`} title={title}>
      <span className="chip-mark" aria-hidden="true" />
      {text}
    </span>
  );
}

export const ATTAINMENT_ORDER: AttainmentStatus[] = ['achieved', 'on_track', 'off_track_moderate', 'off_track_significant', 'deteriorating', 'not_achieved', 'not_assessable'];

/** What to do when a list is empty: a sentence and, where there is one, the next step. */
export function EmptyState({ title, children }: { title: ReactNode; children?: ReactNode }) {
  return (
    <div className="empty-state" role="status">
      <p className="empty-title">{title}</p>
      {children ? <div>{children}</div> : null}
    </div>
  );
}

export function Loading() {
  return (
    <p className="loading" role="status" aria-live="polite">
      <FormattedMessage id="common.loading" />
    </p>
  );
}

/** An API error as a person reads it: the server's sentence and each field's message. */
export function ErrorMessage({ error }: { error: ApiError | Error | null | undefined }) {
  if (!error) return null;
  const e = error as Partial<ApiError>;
  // Refusals are said in the interface's language: what happened and what to do about it.
  if (e.status === 403 || e.status === 401) {
    return (
      <div className="error-box" role="alert">
        <p>
          <strong>
            <FormattedMessage id={e.status === 403 ? 'common.forbidden' : 'common.unauthenticated'} />
          </strong>{' '}
          <FormattedMessage id={e.status === 403 ? 'common.forbiddenHelp' : 'common.unauthenticatedHelp'} />
        </p>
      </div>
    );
  }
  return (
    <div className="error-box" role="alert">
      <p>
        <strong>{e.status === 0 ? <FormattedMessage id="common.networkError" /> : e.title ?? <FormattedMessage id="common.error" />}</strong>
        {e.detail ? ` ${e.detail}` : null}
      </p>
      {e.errors && e.errors.length > 0 ? (
        <ul>
          {e.errors.map((x) => (
            <li key={`${x.path}-${x.message}`}>
              <code>{x.path}</code> {x.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** Loading, error or the content, for one query. */
export function QueryView<T>({ query, children }: { query: { data?: T; error: ApiError | null; isPending: boolean }; children: (data: T) => ReactNode }) {
  if (query.error) return <ErrorMessage error={query.error} />;
  if (query.isPending || query.data === undefined) return <Loading />;
  return <>{children(query.data)}</>;
}

/** A modal dialog on the native <dialog> element: focus is trapped, Escape closes it. */
export function Dialog({ open, title, onClose, children, wide }: { open: boolean; title: string; onClose(): void; children: ReactNode; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={ref} className={wide ? 'dialog wide' : 'dialog'} aria-labelledby={titleId} onClose={onClose} onCancel={onClose}>
      <h2 id={titleId}>{title}</h2>
      {open ? children : null}
    </dialog>
  );
}

/** A progress bar for long operations; without `value` it says that work is going on. */
export function ProgressBar({ label, value }: { label: string; value?: number }) {
  return (
    <div className="progress" role="status" aria-live="polite">
      <label>
        {label}
        <progress max={100} value={value} />
      </label>
    </div>
  );
}

/** A labelled form field with its message from the server beside it. */
export function Field({ label, error, hint, children, id }: { label: ReactNode; error?: string; hint?: ReactNode; children: (props: { id: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string }) => ReactNode; id?: string }) {
  const auto = useId();
  const fieldId = id ?? auto;
  const hintId = `${fieldId}-hint`;
  const errorId = `${fieldId}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={error ? 'field has-error' : 'field'}>
      <label htmlFor={fieldId}>{label}</label>
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {children({ id: fieldId, ...(error ? { 'aria-invalid': true } : {}), ...(describedBy ? { 'aria-describedby': describedBy } : {}) })}
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
