import { useEffect, useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { ContentKind } from '../../../domain/strategy/types.ts';
import { ApiError } from '../../ui/api.ts';
import { Dialog, Field, ProgressBar } from '../../ui/components.tsx';
import { useEditor, type DialogRequest, type StatusLine } from './editor-state.tsx';
import { short } from './labels.ts';
import { ProblemBox } from './ProblemBox.tsx';
import { allGoals, dependentsOf, moveOptions, parsePlace, placeValue, planGoalMove, planItemMove, type PlaceOption } from './tree-ops.ts';

/** The delete and "move to …" dialogs of the tree's items (one of each for the whole page). */
export function ItemDialogs({ dialog, onClose, status }: { dialog: DialogRequest | null; onClose(): void; status: StatusLine }) {
  return (
    <>
      <DeleteDialog dialog={dialog?.type === 'delete' ? dialog : null} onClose={onClose} />
      <MoveDialog dialog={dialog?.type === 'move' ? dialog : null} onClose={onClose} status={status} />
    </>
  );
}

function DeleteDialog({ dialog, onClose }: { dialog: Extract<DialogRequest, { type: 'delete' }> | null; onClose(): void }) {
  const intl = useIntl();
  const { tree, send, busy } = useEditor();
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => setError(null), [dialog]);
  if (!dialog) return <Dialog open={false} title="" onClose={onClose}>{null}</Dialog>;
  const deps = dependentsOf(tree, dialog.kind, dialog.item.key);
  const depText = (Object.entries(deps) as Array<[ContentKind, number]>).map(([k, n]) => intl.formatMessage({ id: `editor.count.${k}` }, { n })).join(', ');
  const what = intl.formatMessage({ id: `editor.the.${dialog.kind}` });
  const remove = async () => {
    try {
      await send([{ method: 'DELETE', path: `/api/v1/${dialog.kind}/${dialog.item.id}?lockVersion=${dialog.item.lockVersion}` }], {
        done: intl.formatMessage({ id: 'editor.deleted' }, { what, name: short(dialog.label, 60) }),
        focus: [...dialog.focusAfter, 'structure-heading'],
      });
      onClose();
    } catch (e) {
      if (e instanceof ApiError) setError(e);
      else throw e;
    }
  };
  return (
    <Dialog open title={intl.formatMessage({ id: 'editor.delete.title' }, { what })} onClose={onClose}>
      <p className="quoted">{short(dialog.label, 300)}</p>
      {depText ? (
        <p>
          <FormattedMessage id="editor.delete.blocked" values={{ what, list: depText }} />
        </p>
      ) : (
        <p>
          <FormattedMessage id="editor.delete.confirm" values={{ what }} />
        </p>
      )}
      {error ? <ProblemBox error={error} /> : null}
      <div className="dialog-actions">
        <button type="button" className="secondary" onClick={onClose}>
          <FormattedMessage id={depText ? 'common.close' : 'common.cancel'} />
        </button>
        {depText ? null : (
          <button type="button" className="danger" onClick={() => void remove()} disabled={busy}>
            {busy ? <FormattedMessage id="common.saving" /> : <FormattedMessage id="editor.delete.action" values={{ what }} />}
          </button>
        )}
      </div>
    </Dialog>
  );
}

function MoveDialog({ dialog, onClose, status }: { dialog: Extract<DialogRequest, { type: 'move' }> | null; onClose(): void; status: StatusLine }) {
  const intl = useIntl();
  const { tree, send, busy } = useEditor();
  const [value, setValue] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    setValue('');
    setError(null);
  }, [dialog]);
  if (!dialog) return <Dialog open={false} title="" onClose={onClose}>{null}</Dialog>;
  const levels = tree.document.goalLevels;
  const item = dialog.item as Record<string, unknown> & { id: string; key: string; lockVersion: number; position: number; area?: string | null; goal?: string | null; parent?: string | null };
  const options = moveOptions(tree, dialog.kind, item, levels.length);
  const what = intl.formatMessage({ id: `editor.the.${dialog.kind}` });
  const areaName = (key: string | null) => (key === null ? intl.formatMessage({ id: 'editor.structure.noArea' }) : (tree.areas.find((a) => a.key === key)?.name ?? key));
  const groups = new Map<string | null, PlaceOption[]>();
  for (const o of options) groups.set(o.area, [...(groups.get(o.area) ?? []), o]);
  const optionLabel = (o: PlaceOption) => {
    if (o.place.type === 'document') return intl.formatMessage({ id: dialog.kind === 'goals' ? 'editor.move.toDocumentGoal' : 'editor.move.toDocument' });
    if (o.place.type === 'area') return intl.formatMessage({ id: dialog.kind === 'goals' ? 'editor.move.toAreaGoal' : 'editor.move.toArea' }, { name: short(o.label, 60), level: levels[0] ?? '' });
    const prefix = '\u2003'.repeat(Math.max(0, o.level - 1));
    return `${prefix}${intl.formatMessage({ id: dialog.kind === 'goals' ? 'editor.move.underGoal' : 'editor.move.toGoal' }, { name: short(o.label, 70), level: levels[o.level - 1] ?? '' })}`;
  };
  const placeName = (v: string) => {
    const o = options.find((x) => placeValue(x.place) === v);
    if (!o) return '';
    return o.place.type === 'document' ? intl.formatMessage({ id: 'editor.structure.noArea' }) : short(o.label, 60);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const place = parsePlace(value);
    if (!place) return;
    setError(null);
    const steps = dialog.kind === 'goals' ? planGoalMove(tree, item.key, place) : [planItemMove(tree, dialog.kind, item, place)];
    try {
      await send(
        steps.map((s) => ({ method: 'PATCH' as const, path: `/api/v1/${s.kind}/${s.id}`, body: { ...s.patch, lockVersion: s.lockVersion }, itemId: s.id })),
        {
          progressLabel: intl.formatMessage({ id: 'editor.move.progress' }, { what }),
          done: intl.formatMessage({ id: 'editor.moved.to' }, { what, name: short(dialog.label, 50), place: placeName(value) }),
          focus: [`move-${item.id}`, `more-${item.id}`, `item-${item.id}`],
        },
      );
      onClose();
    } catch (err) {
      if (err instanceof ApiError) setError(err);
      else throw err;
    }
  };

  const movedGoal = dialog.kind === 'goals' ? allGoals(tree).find((g) => g.key === item.key) : undefined;
  return (
    <Dialog open title={intl.formatMessage({ id: 'editor.move.title' }, { what })} onClose={onClose}>
      <p className="quoted">{short(dialog.label, 300)}</p>
      {options.length === 0 ? (
        <p>
          <FormattedMessage id="editor.move.nowhere" values={{ what }} />
        </p>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <Field label={intl.formatMessage({ id: 'editor.move.where' })} hint={movedGoal && movedGoal.goals.length > 0 ? intl.formatMessage({ id: 'editor.move.withSubGoals' }) : undefined}>
            {(p) => (
              <select {...p} value={value} onChange={(e) => setValue(e.target.value)} data-autofocus>
                <option value="">{intl.formatMessage({ id: 'editor.move.choose' })}</option>
                {[...groups.entries()].map(([area, list]) => (
                  <optgroup key={area ?? '-'} label={areaName(area)}>
                    {list.map((o) => (
                      <option key={placeValue(o.place)} value={placeValue(o.place)}>
                        {optionLabel(o)}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            )}
          </Field>
          {busy && status.progress ? <ProgressBar label={status.progress.label} value={status.progress.value} /> : null}
          {error ? <ProblemBox error={error} /> : null}
          <div className="dialog-actions">
            <button type="button" className="secondary" onClick={onClose} disabled={busy}>
              <FormattedMessage id="common.cancel" />
            </button>
            <button type="submit" className="primary" disabled={busy || value === ''}>
              {busy ? <FormattedMessage id="common.saving" /> : <FormattedMessage id="editor.move.action" />}
            </button>
          </div>
        </form>
      )}
      {options.length === 0 ? (
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={onClose}>
            <FormattedMessage id="common.close" />
          </button>
        </div>
      ) : null}
    </Dialog>
  );
}
