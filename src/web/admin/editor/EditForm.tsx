import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { ApiError } from '../../ui/api.ts';
import { Field } from '../../ui/components.tsx';
import { ConflictDialog } from './ConflictDialog.tsx';
import { errorsByField, firstInvalid, type FieldError, type FieldSpec, type FormContext, type FormDef, type FormValue, type ResponsibleRow, type Values } from './forms.ts';
import { localMessage, optionText } from './labels.ts';
import { ProblemBox } from './ProblemBox.tsx';

interface Props {
  def: FormDef;
  ctx: FormContext;
  /** The stored item (or the defaults of a new one). */
  initial: Record<string, unknown>;
  /** The version the form edits; absent for a new item. */
  lockVersion?: number;
  /** Saves; resolves with the stored result, rejects with the server's ApiError. */
  submit(body: Record<string, unknown>, lockVersion: number | undefined): Promise<Record<string, unknown>>;
  onSaved?(saved: Record<string, unknown>): void;
  onCancel?(): void;
  submitLabel: string;
  /** Names the form for assistive technology ("Redigera målet …"). */
  label: string;
  idPrefix: string;
  /** What the conflict dialog calls the thing ("dokumentet", "målet"). */
  what: string;
  busy: boolean;
  /** Show the version-conflict dialog on 409 (off for the adoption, whose fields are not the stored ones). */
  conflicts?: boolean;
  children?: ReactNode;
}

/**
 * A form for one item or the document: fields from the FormDef, the server's messages beside their
 * fields (the first invalid one gets focus, the typed values stay), and on a version conflict a
 * dialog with both versions side by side.
 */
export function EditForm({ def, ctx, initial, lockVersion, submit, onSaved, onCancel, submitLabel, label, idPrefix, what, busy, conflicts = true, children }: Props) {
  const intl = useIntl();
  const [values, setValues] = useState<Values>(() => def.toForm(initial));
  const [base, setBase] = useState<Values>(() => def.toForm(initial));
  const [version, setVersion] = useState<number | undefined>(lockVersion);
  const [errors, setErrors] = useState<{ byField: Record<string, FieldError[]>; other: FieldError[] }>({ byField: {}, other: [] });
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [conflict, setConflict] = useState<{ theirs: Values; version: number } | null>(null);
  const [saving, setSaving] = useState(false);
  const focusField = useRef<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  // A newer stored version that arrives while the form is untouched (after a save) becomes the base.
  useEffect(() => {
    if (lockVersion !== undefined && lockVersion !== version && JSON.stringify(values) === JSON.stringify(base)) {
      const fresh = def.toForm(initial);
      setValues(fresh);
      setBase(fresh);
      setVersion(lockVersion);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a new stored version resets the form
  }, [lockVersion]);

  useEffect(() => {
    const name = focusField.current;
    if (!name) return;
    focusField.current = null;
    formRef.current?.querySelector<HTMLElement>(`#${CSS.escape(`${idPrefix}-${name}`)}`)?.focus();
  }, [errors, idPrefix]);

  const set = (name: string, v: FormValue) => setValues((old) => ({ ...old, [name]: v }));

  async function save(vals: Values, ver: number | undefined) {
    setProblem(null);
    const { body, issues } = def.fromForm(vals);
    if (issues.length > 0) {
      const sorted = errorsByField(def.fields, issues.map((i) => ({ path: i.path, message: '', messageId: i.messageId })));
      focusField.current = firstInvalid(def.fields, sorted.byField) ?? null;
      setErrors(sorted);
      return;
    }
    setSaving(true);
    try {
      const saved = await submit(body, ver);
      setErrors({ byField: {}, other: [] });
      const fresh = def.toForm(saved);
      setBase(fresh);
      setValues(fresh);
      if (typeof saved.lockVersion === 'number') setVersion(saved.lockVersion);
      onSaved?.(saved);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const current = e.body.current as Record<string, unknown> | undefined;
      if (conflicts && e.code === 'version_conflict' && current && typeof e.body.currentVersion === 'number') {
        setErrors({ byField: {}, other: [] });
        setConflict({ theirs: def.toForm(current), version: e.body.currentVersion });
      } else if (e.errors.length > 0) {
        const sorted = errorsByField(def.fields, e.errors);
        focusField.current = firstInvalid(def.fields, sorted.byField) ?? null;
        setErrors(sorted);
        if (sorted.other.length > 0 || Object.keys(sorted.byField).length === 0) setProblem(e);
      } else {
        setErrors({ byField: {}, other: [] });
        setProblem(e);
      }
    } finally {
      setSaving(false);
    }
  }

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void save(values, version);
  };

  const disabled = saving || busy;
  const fieldCount = Object.keys(errors.byField).length;
  return (
    <form ref={formRef} className="edit-form" onSubmit={onSubmit} noValidate aria-label={label}>
      {fieldCount > 0 ? (
        <p className="error-summary" role="alert">
          <FormattedMessage id="editor.form.errorSummary" values={{ n: fieldCount }} />
        </p>
      ) : null}
      <div className="form-grid">
        {def.fields.map((f) => (
          <FieldInput
            key={f.name}
            spec={f}
            id={`${idPrefix}-${f.name}`}
            value={values[f.name] ?? ''}
            onChange={(v) => set(f.name, v)}
            error={errors.byField[f.name]?.map((x) => (x.messageId ? intl.formatMessage({ id: x.messageId }) : localMessage(intl, x.message))).join(' ')}
            ctx={ctx}
            values={values}
          />
        ))}
      </div>
      {children}
      {problem ? <ProblemBox error={problem} extra={errors.other} /> : null}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={disabled} aria-describedby={saving ? `${idPrefix}-saving` : undefined}>
          {saving ? <FormattedMessage id="common.saving" /> : submitLabel}
        </button>
        {onCancel ? (
          <button type="button" className="secondary" onClick={onCancel} disabled={saving}>
            <FormattedMessage id="common.cancel" />
          </button>
        ) : null}
        {saving ? (
          <span id={`${idPrefix}-saving`} className="visually-hidden">
            <FormattedMessage id="common.saving" />
          </span>
        ) : null}
      </div>
      <ConflictDialog
        open={conflict !== null}
        what={what}
        fields={def.fields}
        ctx={ctx}
        base={base}
        mine={values}
        theirs={conflict?.theirs ?? base}
        busy={saving}
        onClose={() => setConflict(null)}
        onTakeTheirs={() => {
          if (!conflict) return;
          setValues(conflict.theirs);
          setBase(conflict.theirs);
          setVersion(conflict.version);
          setConflict(null);
        }}
        onSave={(merged) => {
          if (!conflict) return;
          const v = conflict.version;
          setValues(merged);
          setBase(conflict.theirs);
          setVersion(v);
          setConflict(null);
          void save(merged, v);
        }}
      />
    </form>
  );
}

/** The text of a value no option offers now: its label among all the field's choices, else the value itself. */
function optionLabel(intl: ReturnType<typeof useIntl>, spec: FieldSpec, ctx: FormContext, value: string): string {
  const o = spec.options?.(ctx).find((x) => x.value === value);
  return o ? optionText(intl, o) : value;
}

function FieldInput({ spec, id, value, onChange, error, ctx, values }: { spec: FieldSpec; id: string; value: FormValue; onChange(v: FormValue): void; error?: string; ctx: FormContext; values: Values }) {
  const intl = useIntl();
  const label = (
    <>
      {intl.formatMessage({ id: spec.labelId })}
      {spec.required ? <span className="required"> {intl.formatMessage({ id: 'editor.form.required' })}</span> : null}
    </>
  );
  const hint = spec.hint ? intl.formatMessage({ id: `${spec.labelId}Hint` }) : undefined;
  const cls = spec.wide ? 'wide' : undefined;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  const groupFoot = (
    <>
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
    </>
  );
  const groupHint = hint ? (
    <p className="hint" id={hintId}>
      {hint}
    </p>
  ) : null;

  switch (spec.type) {
    case 'checkbox':
      return (
        <div className={`field field-check ${error ? 'has-error' : ''} ${cls ?? ''}`}>
          <span>
            <input id={id} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} aria-invalid={error ? true : undefined} aria-describedby={describedBy} />
            <label htmlFor={id}>{label}</label>
          </span>
          {groupHint}
          {groupFoot}
        </div>
      );
    case 'checkboxes': {
      const list = value as string[];
      return (
        <fieldset className={`field-group ${error ? 'has-error' : ''} ${cls ?? ''}`} aria-describedby={describedBy}>
          <legend>{label}</legend>
          {groupHint}
          <div className="check-row">
            {(spec.options?.(ctx) ?? []).map((o, i) => (
              <span key={o.value}>
                <input
                  id={i === 0 ? id : `${id}-${o.value}`}
                  type="checkbox"
                  checked={list.includes(o.value)}
                  onChange={(e) => onChange(e.target.checked ? [...list, o.value] : list.filter((x) => x !== o.value))}
                />
                <label htmlFor={i === 0 ? id : `${id}-${o.value}`}>{optionText(intl, o)}</label>
              </span>
            ))}
          </div>
          {groupFoot}
        </fieldset>
      );
    }
    case 'list': {
      const list = value as string[];
      return (
        <fieldset className={`field-group ${error ? 'has-error' : ''} ${cls ?? ''}`} aria-describedby={describedBy}>
          <legend>{label}</legend>
          {groupHint}
          <ol className="level-list">
            {list.map((v, i) => (
              <li key={i}>
                <label htmlFor={i === 0 ? id : `${id}-${i}`}>{intl.formatMessage({ id: 'editor.meta.levelN' }, { n: i + 1 })}</label>
                <input id={i === 0 ? id : `${id}-${i}`} value={v} onChange={(e) => onChange(list.map((x, j) => (j === i ? e.target.value : x)))} aria-invalid={error ? true : undefined} />
                <button type="button" className="icon" onClick={() => onChange(list.filter((_, j) => j !== i))} disabled={list.length <= 1}>
                  {intl.formatMessage({ id: 'editor.meta.removeLevel' }, { n: i + 1 })}
                </button>
              </li>
            ))}
          </ol>
          {list.length < 6 ? (
            <button type="button" className="secondary small" onClick={() => onChange([...list, ''])}>
              {intl.formatMessage({ id: 'editor.meta.addLevel' })}
            </button>
          ) : null}
          {groupFoot}
        </fieldset>
      );
    }
    case 'responsible': {
      const rows = value as ResponsibleRow[];
      const update = (i: number, patch: Partial<ResponsibleRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
      return (
        <fieldset className={`field-group ${error ? 'has-error' : ''} ${cls ?? ''}`} aria-describedby={describedBy}>
          <legend>{label}</legend>
          {groupHint}
          {rows.length === 0 ? (
            <p className="hint">
              <FormattedMessage id="editor.activity.noResponsible" />
            </p>
          ) : null}
          <ol className="responsible-list">
            {rows.map((r, i) => (
              <li key={i}>
                <span className="field">
                  <label htmlFor={i === 0 ? id : `${id}-${i}-unit`}>{intl.formatMessage({ id: 'editor.activity.unit' }, { n: i + 1 })}</label>
                  <select id={i === 0 ? id : `${id}-${i}-unit`} value={r.unit} onChange={(e) => update(i, { unit: e.target.value })}>
                    <option value="">{intl.formatMessage({ id: 'editor.option.noUnit' })}</option>
                    {ctx.units.map((u) => (
                      <option key={u} value={u}>
                        {u}
                      </option>
                    ))}
                    {r.unit && !ctx.units.includes(r.unit) ? <option value={r.unit}>{r.unit}</option> : null}
                  </select>
                </span>
                <span className="field">
                  <label htmlFor={`${id}-${i}-role`}>{intl.formatMessage({ id: 'editor.activity.role' }, { n: i + 1 })}</label>
                  <input id={`${id}-${i}-role`} value={r.role} onChange={(e) => update(i, { role: e.target.value })} />
                </span>
                <span className="field-check">
                  <input id={`${id}-${i}-lead`} type="checkbox" checked={r.lead} onChange={(e) => update(i, { lead: e.target.checked })} />
                  <label htmlFor={`${id}-${i}-lead`}>{intl.formatMessage({ id: 'editor.activity.lead' })}</label>
                </span>
                <button type="button" className="icon" onClick={() => onChange(rows.filter((_, j) => j !== i))}>
                  {intl.formatMessage({ id: 'editor.activity.removeResponsible' }, { n: i + 1 })}
                </button>
              </li>
            ))}
          </ol>
          <button type="button" className="secondary small" onClick={() => onChange([...rows, { unit: '', role: '', lead: rows.length === 0 }])}>
            {intl.formatMessage({ id: 'editor.activity.addResponsible' })}
          </button>
          {groupFoot}
        </fieldset>
      );
    }
    default:
      return (
        <div className={cls}>
          <Field id={id} label={label} hint={hint} error={error}>
            {(p) =>
              spec.type === 'textarea' || spec.type === 'lines' ? (
                <textarea {...p} value={value as string} onChange={(e) => onChange(e.target.value)} rows={spec.type === 'lines' ? 3 : 4} />
              ) : spec.type === 'select' ? (
                <select {...p} value={value as string} onChange={(e) => onChange(e.target.value)}>
                  {(spec.options?.(ctx, values) ?? []).map((o) => (
                    <option key={o.value} value={o.value}>
                      {optionText(intl, o)}
                    </option>
                  ))}
                  {/* A stored choice the field no longer offers (a band the indicator dropped) stays visible, so the server can say what is wrong with it. */}
                  {value !== '' && !(spec.options?.(ctx, values) ?? []).some((o) => o.value === value) ? <option value={value as string}>{optionLabel(intl, spec, ctx, value as string)}</option> : null}
                </select>
              ) : (
                <input
                  {...p}
                  type={spec.type === 'date' ? 'date' : 'text'}
                  inputMode={spec.type === 'decimal' ? 'decimal' : spec.type === 'integer' ? 'numeric' : undefined}
                  list={spec.list}
                  value={value as string}
                  onChange={(e) => onChange(e.target.value)}
                  className={spec.type === 'decimal' || spec.type === 'integer' || spec.type === 'date' ? 'short' : undefined}
                />
              )
            }
          </Field>
        </div>
      );
  }
}
