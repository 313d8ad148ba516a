import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useNavigate } from 'react-router';
import type { DocumentDto } from '../../../shared/api/views.ts';
import { ApiError } from '../../ui/api.ts';
import { Dialog } from '../../ui/components.tsx';
import type { DocumentSummary } from '../../ui/municipality.ts';
import { useEditor } from './editor-state.tsx';
import { EditForm } from './EditForm.tsx';
import { adoptForm } from './forms.ts';
import { ProblemBox } from './ProblemBox.tsx';

type Action = 'consultation' | 'return' | 'adopt' | 'revise';

/**
 * The document's lifecycle as buttons beside its title: a draft goes on consultation (remiss) or is
 * adopted; a document on consultation comes back to draft or is adopted; an adopted one is revised
 * into a new draft (or, if that draft exists, the page links to it).
 */
export function LifecycleActions({ doc, series, mayEdit }: { doc: DocumentDto; series: DocumentSummary[]; mayEdit: boolean }) {
  const intl = useIntl();
  const { code, busy } = useEditor();
  const [open, setOpen] = useState<Action | null>(null);
  const openDraft = series.find((d) => d.id !== doc.id && (d.status === 'draft' || d.status === 'consultation'));
  // An older version is not revised: the newest is (or is being) the one to work on.
  const newest = [...series].sort((a, b) => b.version - a.version)[0];
  const newer = !openDraft && newest && newest.version > doc.version ? newest : undefined;
  const buttons: Array<[Action, string, string]> = !mayEdit
    ? []
    : doc.status === 'draft'
      ? [
          ['consultation', 'editor.lifecycle.toConsultation', 'secondary'],
          ['adopt', 'editor.lifecycle.adopt', 'primary'],
        ]
      : doc.status === 'consultation'
        ? [
            ['return', 'editor.lifecycle.toDraft', 'secondary'],
            ['adopt', 'editor.lifecycle.adopt', 'primary'],
          ]
        : openDraft || newer
          ? []
          : [['revise', 'editor.lifecycle.revise', 'primary']];
  return (
    <>
      {openDraft && buttons.length === 0 ? (
        <Link className="button primary" to={`/m/${code}/documents/${openDraft.id}`}>
          {intl.formatMessage({ id: 'editor.lifecycle.openDraft' }, { version: openDraft.version, status: intl.formatMessage({ id: `common.documentStatus.${openDraft.status}` }) })}
        </Link>
      ) : null}
      {newer && buttons.length === 0 ? (
        <Link className="button primary" to={`/m/${code}/documents/${newer.id}`}>
          {intl.formatMessage({ id: 'editor.lifecycle.openLatest' }, { version: newer.version })}
        </Link>
      ) : null}
      {buttons.map(([action, id, cls]) => (
        <button key={action} type="button" className={cls} onClick={() => setOpen(action)} disabled={busy} data-focus={`lifecycle-${action}`}>
          <FormattedMessage id={id} />
        </button>
      ))}
      <ConfirmDialog doc={doc} action={open === 'consultation' || open === 'return' || open === 'revise' ? open : null} onClose={() => setOpen(null)} />
      <AdoptDialog doc={doc} series={series} open={open === 'adopt'} onClose={() => setOpen(null)} />
    </>
  );
}

function ConfirmDialog({ doc, action, onClose }: { doc: DocumentDto; action: 'consultation' | 'return' | 'revise' | null; onClose(): void }) {
  const intl = useIntl();
  const navigate = useNavigate();
  const { code, send, busy } = useEditor();
  const [error, setError] = useState<ApiError | null>(null);
  const path = { consultation: 'consultation', return: 'return-to-draft', revise: 'revise' } as const;
  const run = async () => {
    if (!action) return;
    setError(null);
    try {
      const [result] = await send([{ method: 'POST', path: `/api/v1/documents/${doc.id}/${path[action]}`, body: { lockVersion: doc.lockVersion } }], {
        done: intl.formatMessage({ id: `editor.lifecycle.done.${action}` }),
        focus: ['lifecycle-adopt', 'lifecycle-revise', 'lifecycle-consultation'],
      });
      onClose();
      if (action === 'revise') navigate(`/m/${code}/documents/${(result as DocumentDto).id}`, { state: { done: 'revise' } });
    } catch (e) {
      if (e instanceof ApiError) setError(e);
      else throw e;
    }
  };
  const close = () => {
    setError(null);
    onClose();
  };
  return (
    <Dialog open={action !== null} title={action ? intl.formatMessage({ id: `editor.lifecycle.confirm.${action}.title` }) : ''} onClose={close}>
      {action ? (
        <>
          <p>
            <FormattedMessage id={`editor.lifecycle.confirm.${action}.text`} values={{ title: doc.title, version: doc.version, next: doc.version + 1 }} />
          </p>
          {error ? <ProblemBox error={error} /> : null}
          <div className="dialog-actions">
            <button type="button" className="secondary" onClick={close} disabled={busy}>
              <FormattedMessage id="common.cancel" />
            </button>
            <button type="button" className="primary" onClick={() => void run()} disabled={busy}>
              {busy ? <FormattedMessage id="common.saving" /> : <FormattedMessage id={`editor.lifecycle.confirm.${action}.action`} />}
            </button>
          </div>
        </>
      ) : null}
    </Dialog>
  );
}

function AdoptDialog({ doc, series, open, onClose }: { doc: DocumentDto; series: DocumentSummary[]; open: boolean; onClose(): void }) {
  const intl = useIntl();
  const { ctx, send, busy } = useEditor();
  const decimal = intl.formatNumber(1.5).includes(',') ? ',' : '.';
  // The body that adopted the previous version is the likely one this time too.
  const previous = series.filter((d) => d.id !== doc.id && d.adoptedBy).sort((a, b) => b.version - a.version)[0];
  return (
    <Dialog open={open} title={intl.formatMessage({ id: 'editor.adopt.title' })} onClose={onClose} wide>
      <p>
        <FormattedMessage id="editor.adopt.lead" values={{ title: doc.title, version: doc.version }} />
      </p>
      <datalist id="adopt-bodies">
        {ctx.units.map((u) => (
          <option key={u} value={u} />
        ))}
      </datalist>
      <EditForm
        def={adoptForm(decimal)}
        ctx={ctx}
        initial={{ ...doc, adoptedBy: doc.adoptedBy ?? (previous?.adoptedBy ? { body: previous.adoptedBy.body, paragraph: null } : null), decisionDate: doc.decisionDate ?? '' }}
        idPrefix="adopt"
        label={intl.formatMessage({ id: 'editor.adopt.title' })}
        what={intl.formatMessage({ id: 'editor.the.document' })}
        busy={busy}
        conflicts={false}
        submitLabel={intl.formatMessage({ id: 'editor.adopt.action' })}
        submit={async (body) => {
          const { validFrom, ...rest } = body;
          const [saved] = await send([{ method: 'POST', path: `/api/v1/documents/${doc.id}/adopt`, body: { ...rest, ...(validFrom ? { validFrom } : {}), lockVersion: doc.lockVersion } }], {
            done: intl.formatMessage({ id: 'editor.lifecycle.done.adopt' }),
            focus: ['lifecycle-revise', 'main-heading'],
          });
          return saved as Record<string, unknown>;
        }}
        onSaved={onClose}
        onCancel={onClose}
      />
    </Dialog>
  );
}
