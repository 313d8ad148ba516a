import { useEffect, useId, useState } from 'react';
import { FormattedMessage, useIntl, type IntlShape } from 'react-intl';
import { Dialog } from '../../ui/components.tsx';
import { optionText, short } from './labels.ts';
import { diffVersions, mergeChoices, type FieldSpec, type FormContext, type FormValue, type ResponsibleRow, type Values } from './forms.ts';

interface Props {
  open: boolean;
  what: string;
  fields: FieldSpec[];
  ctx: FormContext;
  base: Values;
  mine: Values;
  theirs: Values;
  busy: boolean;
  onClose(): void;
  onTakeTheirs(): void;
  onSave(merged: Values): void;
}

/**
 * Someone else saved first: both versions side by side, field by field, the differing ones marked
 * (the fields that are the same are listed below them, folded).
 * Each differing field is picked from one side (her own changes and the colleague's other changes
 * by default); saving sends the picked values on the stored version. Nothing typed is thrown away
 * unless she takes the stored version.
 */
export function ConflictDialog({ open, what, fields, ctx, base, mine, theirs, busy, onClose, onTakeTheirs, onSave }: Props) {
  const intl = useIntl();
  const rows = diffVersions(fields, base, mine, theirs);
  const [choices, setChoices] = useState<Record<string, 'mine' | 'theirs'>>({});
  const name = useId();
  useEffect(() => {
    if (!open) return;
    setChoices({});
    // Start at the first difference (the dialog would start at the first focusable element).
    const frame = requestAnimationFrame(() => document.querySelector<HTMLInputElement>('.conflict-field input[data-first]')?.focus());
    return () => cancelAnimationFrame(frame);
  }, [open]);
  const differing = rows.filter((r) => r.differs);
  const same = rows.filter((r) => !r.differs);
  const choice = (n: string) => choices[n] ?? rows.find((r) => r.name === n)!.choice;
  return (
    <Dialog open={open} title={intl.formatMessage({ id: 'editor.conflict.title' })} onClose={onClose} wide>
      <p>
        <FormattedMessage id="editor.conflict.lead" values={{ what }} />
      </p>
      <p className="hint">
        <FormattedMessage id="editor.conflict.help" values={{ n: differing.length }} />
      </p>
      {differing.map((r) => {
        const f = fields.find((x) => x.name === r.name)!;
        const label = intl.formatMessage({ id: f.labelId });
        return (
          <fieldset key={r.name} className="conflict-field">
            <legend>
              {label}
              <span className="diff-mark">
                <span aria-hidden="true"> ≠ </span>
                <FormattedMessage id="editor.conflict.differs" />
              </span>
            </legend>
            <div className="sides">
              {(['theirs', 'mine'] as const).map((side) => (
                <label key={side} className={choice(r.name) === side ? `side ${side} chosen` : `side ${side}`}>
                  <input
                    type="radio"
                    name={`${name}-${r.name}`}
                    checked={choice(r.name) === side}
                    onChange={() => setChoices((c) => ({ ...c, [r.name]: side }))}
                    data-side={side}
                    {...(r === differing[0] && side === choice(r.name) ? { 'data-first': true } : {})}
                  />
                  <span>
                    <span className="side-name">
                      <FormattedMessage id={side === 'mine' ? 'editor.conflict.mine' : 'editor.conflict.theirs'} />
                    </span>
                    <span className="value">{display(intl, f, side === 'mine' ? r.mine : r.theirs, ctx)}</span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
        );
      })}
      {same.length > 0 ? (
        <details className="conflict-same">
          <summary>
            <FormattedMessage id="editor.conflict.same" values={{ n: same.length }} />
          </summary>
          <dl className="meta">
            {same.map((r) => {
              const f = fields.find((x) => x.name === r.name)!;
              return (
                <div key={r.name} className="meta-row">
                  <dt>{intl.formatMessage({ id: f.labelId })}</dt>
                  <dd>{short(display(intl, f, r.mine, ctx), 160)}</dd>
                </div>
              );
            })}
          </dl>
        </details>
      ) : null}
      <div className="dialog-actions">
        <button type="button" className="secondary" onClick={onClose} disabled={busy}>
          <FormattedMessage id="editor.conflict.back" />
        </button>
        <button type="button" className="secondary" onClick={onTakeTheirs} disabled={busy}>
          <FormattedMessage id="editor.conflict.takeTheirs" />
        </button>
        <button type="button" className="primary" onClick={() => onSave(mergeChoices(rows, choices))} disabled={busy}>
          <FormattedMessage id="editor.conflict.save" />
        </button>
      </div>
    </Dialog>
  );
}

/** A form value as a person reads it. */
export function display(intl: IntlShape, f: FieldSpec, v: FormValue, ctx: FormContext): string {
  const none = intl.formatMessage({ id: 'common.none' });
  const optionLabel = (value: string) => {
    const o = f.options?.(ctx).find((x) => x.value === value);
    return o ? optionText(intl, o) : value;
  };
  if (typeof v === 'boolean') return intl.formatMessage({ id: v ? 'common.yes' : 'common.no' });
  if (Array.isArray(v)) {
    if (v.length === 0) return none;
    if (typeof v[0] === 'string') return (v as string[]).map((x) => (f.options ? optionLabel(x) : x)).join(' · ');
    return (v as ResponsibleRow[])
      .map((r) => [r.unit, r.role].filter(Boolean).join(', ') + (r.lead ? ` (${intl.formatMessage({ id: 'editor.activity.lead' }).toLocaleLowerCase()})` : ''))
      .join('; ');
  }
  if (v.trim() === '') return f.type === 'select' && f.options ? optionLabel('') || none : none;
  return f.type === 'select' ? optionLabel(v) : v;
}
