import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useLocation, useParams } from 'react-router';
import type { DocumentDto, DocumentTree } from '../../../shared/api/views.ts';
import { useApi, type ApiError } from '../../ui/api.ts';
import { PageTitle, ProgressBar, QueryView, StatusChip } from '../../ui/components.tsx';
import { HistorySection } from './History.tsx';
import { useTree } from '../../ui/documents.ts';
import { useFormat } from '../../ui/format.ts';
import { useDocuments, type DocumentSummary } from '../../ui/municipality.ts';
import { useSession } from '../../ui/session.tsx';
import './editor.css';
import { EditorProvider, useEditor, useEditorWrites, type DialogRequest, type EditorState } from './editor-state.tsx';
import { EditForm } from './EditForm.tsx';
import { documentForm, type FormContext } from './forms.ts';
import { ItemDialogs } from './ItemDialogs.tsx';
import { LifecycleActions } from './Lifecycle.tsx';
import { ProblemBox } from './ProblemBox.tsx';
import { StructureSection, TextsSection } from './Structure.tsx';
import { allIndicators } from './tree-ops.ts';

/**
 * Journey 2, the steering-document editor: a strategist drafts or revises a document (its
 * metadata, areas, goals and sub-goals, targets, strategies, indicators, activities, texts and
 * terms), moves and reorders its items with mouse or keyboard, sends it on consultation and
 * adopts it; a reader opens an adopted version read-only and may start its revision.
 */
export function DocumentEditor() {
  const intl = useIntl();
  const { code, id } = useParams();
  const tree = useTree(id);
  if (tree.data) return <Editor key={tree.data.document.id} code={code!} tree={tree.data} />;
  // Loading, or no such document: the page still has its title.
  return (
    <>
      <PageTitle title={intl.formatMessage({ id: 'editor.pageTitle' })} />
      <QueryView query={tree}>{() => null}</QueryView>
    </>
  );
}

function Editor({ code, tree }: { code: string; tree: DocumentTree }) {
  const intl = useIntl();
  const doc = tree.document;
  // The tree is fetched again after every save; the history follows it.
  const treeFetchedAt = useMemo(() => String(Date.now()), [tree]);
  const docs = useDocuments(code);
  const units = useApi<{ items: Array<{ name: string }> }>(`/api/v1/municipalities/${code}/units?limit=500`);
  const writes = useEditorWrites(code, doc.id, intl.formatMessage({ id: 'common.saved' }));
  const [dialog, setDialog] = useState<DialogRequest | null>(null);
  const [pageError, setPageError] = useState<ApiError | null>(null);
  const [focusTick, setFocusTick] = useState(0);
  const { can } = useSession();
  // Only a strategist (or an administrator) for the whole municipality edits; everyone else reads.
  const mayEdit = can('document.edit', { municipalityCode: code });
  const mayReadHistory = can('audit.read', { municipalityCode: code });
  const editable = doc.status === 'draft' && mayEdit;
  const series = useMemo(() => (docs.data?.items ?? []).filter((d) => d.key === doc.key).sort((a, b) => a.version - b.version), [docs.data, doc.key]);

  const ctx: FormContext = useMemo(
    () => ({
      goalLevels: doc.goalLevels,
      units: (units.data?.items ?? []).map((u) => u.name).sort((a, b) => a.localeCompare(b, 'sv')),
      indicators: allIndicators(tree).map((i) => ({ key: i.key, name: i.name, sexes: i.sexes, ageBands: i.ageBands, unitOfMeasure: i.unitOfMeasure })),
      series: [...new Map((docs.data?.items ?? []).filter((d) => d.key !== doc.key).map((d) => [d.key, { key: d.key, title: d.title }])).values()],
    }),
    [doc.goalLevels, doc.key, units.data, tree, docs.data],
  );

  const { send, busy, status, announce, clear } = writes;
  // A message said in one language is not repeated in another.
  useEffect(() => clear(), [intl.locale, clear]);
  const location = useLocation();
  const pendingFocus = useRef<string[] | null>(null);
  const focusLater = useCallback((key: string | string[]) => {
    pendingFocus.current = Array.isArray(key) ? key : [key];
    setFocusTick((n) => n + 1);
  }, []);
  const sendAndFocus: EditorState['send'] = useCallback(
    async (requests, options = {}) => {
      const out = await send(requests, options);
      if (options.focus) focusLater(options.focus);
      return out;
    },
    [send, focusLater],
  );
  // Focus what the last action named, once the page shows the document as it now is.
  useEffect(() => {
    const keys = pendingFocus.current;
    if (!keys) return;
    const frame = requestAnimationFrame(() => {
      for (const k of keys) {
        const el = document.querySelector<HTMLElement>(`[data-focus="${CSS.escape(k)}"]`);
        if (el && !(el as HTMLButtonElement).disabled) {
          el.focus();
          pendingFocus.current = null;
          return;
        }
      }
    });
    return () => cancelAnimationFrame(frame);
  }, [focusTick, tree, pendingFocus]);

  // Arriving from a revision: say so, and start at the top of the new draft.
  useEffect(() => {
    const done = (location.state as { done?: string } | null)?.done;
    if (done === 'revise') {
      announce(intl.formatMessage({ id: 'editor.lifecycle.done.revise' }));
      focusLater('main-heading');
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, on arrival
  }, []);

  const state: EditorState = useMemo(
    () => ({ code, tree, editable, ctx, busy, send: sendAndFocus, focusLater, announce, openDialog: setDialog, pageError, setPageError }),
    [code, tree, editable, ctx, busy, sendAndFocus, focusLater, announce, pageError],
  );

  const typeName = doc.typeLabel ?? intl.formatMessage({ id: `common.documentType.${doc.type}` });
  return (
    <EditorProvider value={state}>
      <PageTitle
        title={doc.title}
        subtitle={
          <span className="title-line">
            <span>{intl.formatMessage({ id: 'editor.subtitle' }, { type: typeName, version: doc.version })}</span>
            <StatusChip status={doc.status} label={intl.formatMessage({ id: `common.documentStatus.${doc.status}` })} />
          </span>
        }
      >
        <LifecycleActions doc={doc} series={series} mayEdit={mayEdit} />
      </PageTitle>
      <p className={`save-status ${status.state}`} role="status" aria-live="polite">
        {busy ? <FormattedMessage id="common.saving" /> : status.text}
      </p>
      {busy && status.progress && !dialog ? <ProgressBar label={status.progress.label} value={status.progress.value} /> : null}
      {!mayEdit ? (
        <p className="notice">
          <FormattedMessage id="editor.notice.readOnlyRole" />
        </p>
      ) : null}
      <StatusNotice doc={doc} series={series} />
      <nav className="editor-toc" aria-label={intl.formatMessage({ id: 'editor.toc.label' })}>
        <ul>
          <li>
            <a href="#meta-heading">
              <FormattedMessage id="editor.meta.heading" />
            </a>
          </li>
          <li>
            <a href="#structure-heading">
              <FormattedMessage id="editor.structure.heading" />
            </a>
          </li>
          <li>
            <a href="#sections-heading">
              <FormattedMessage id="editor.sections.heading" />
            </a>
          </li>
          <li>
            <a href="#definitions-heading">
              <FormattedMessage id="editor.definitions.heading" />
            </a>
          </li>
          {mayReadHistory ? (
            <li>
              <a href="#history-heading">
                <FormattedMessage id="editor.history.heading" />
              </a>
            </li>
          ) : null}
        </ul>
      </nav>
      <MetaSection doc={doc} />
      {pageError ? (
        <div className="page-error">
          <ProblemBox error={pageError} />
          <button type="button" className="link" onClick={() => setPageError(null)}>
            <FormattedMessage id="common.close" />
          </button>
        </div>
      ) : null}
      <StructureSection />
      <TextsSection kind="sections" />
      <TextsSection kind="definitions" />
      {mayReadHistory ? <HistorySection code={code} documentId={doc.id} version={treeFetchedAt} /> : null}
      <ItemDialogs dialog={dialog} onClose={() => setDialog(null)} status={status} />
    </EditorProvider>
  );
}

/** What the reader may do with this version, and the other versions of the series. */
function StatusNotice({ doc, series }: { doc: DocumentDto; series: DocumentSummary[] }) {
  const intl = useIntl();
  const f = useFormat();
  const { code } = useEditor();
  const others = series.filter((d) => d.id !== doc.id);
  return (
    <>
      {doc.status !== 'draft' ? (
        <p className="notice">
          <FormattedMessage id={`editor.notice.${doc.status}`} />
          {doc.status === 'consultation' ? (
            <>
              {' '}
              <Link to={`/m/${code}/documents/${doc.id}/consultation`}>
                <FormattedMessage id="editor.notice.consultationLink" />
              </Link>
            </>
          ) : null}
        </p>
      ) : null}
      {others.length > 0 ? (
        <p className="versions">
          <FormattedMessage id="editor.versions.label" />{' '}
          {others.map((d, i) => (
            <span key={d.id}>
              {i > 0 ? ', ' : null}
              <Link to={`/m/${code}/documents/${d.id}`}>
                {intl.formatMessage(
                  { id: d.decisionDate ? 'editor.versions.itemDecided' : 'editor.versions.item' },
                  { version: d.version, status: intl.formatMessage({ id: `common.documentStatus.${d.status}` }).toLocaleLowerCase(), date: f.date(d.decisionDate) },
                )}
              </Link>
            </span>
          ))}
        </p>
      ) : null}
    </>
  );
}

function MetaSection({ doc }: { doc: DocumentDto }) {
  const intl = useIntl();
  const f = useFormat();
  const { editable, ctx, send, busy } = useEditor();
  const decimal = intl.formatNumber(1.5).includes(',') ? ',' : '.';
  const none = intl.formatMessage({ id: 'common.none' });
  const implemented = doc.implements ? (ctx.series.find((s) => s.key === doc.implements)?.title ?? doc.implements) : null;
  const validity = doc.validIndefinitely
    ? doc.validFrom || doc.decisionDate
      ? intl.formatMessage({ id: 'editor.meta.untilFurther' }, { from: f.date(doc.validFrom ?? doc.decisionDate) })
      : intl.formatMessage({ id: 'editor.meta.indefinitely' })
    : doc.validFrom || doc.validUntil
      ? `${f.date(doc.validFrom ?? doc.decisionDate)} – ${f.date(doc.validUntil)}`
      : doc.decisionDate
        ? intl.formatMessage({ id: 'editor.meta.fromDate' }, { from: f.date(doc.decisionDate) })
        : none;
  return (
    <section aria-labelledby="meta-heading" className="editor-section">
      <h2 id="meta-heading" tabIndex={-1} data-focus="main-heading">
        <FormattedMessage id="editor.meta.heading" />
      </h2>
      {editable ? (
        <EditForm
          def={documentForm(decimal)}
          ctx={ctx}
          initial={doc as unknown as Record<string, unknown>}
          lockVersion={doc.lockVersion}
          idPrefix="meta"
          label={intl.formatMessage({ id: 'editor.meta.heading' })}
          what={intl.formatMessage({ id: 'editor.the.document' })}
          busy={busy}
          submitLabel={intl.formatMessage({ id: 'editor.meta.save' })}
          submit={async (body, lockVersion) => {
            const [saved] = await send([{ method: 'PATCH', path: `/api/v1/documents/${doc.id}`, body: { ...body, lockVersion } }]);
            return saved as Record<string, unknown>;
          }}
        />
      ) : (
        <dl className="meta">
          <dt>
            <FormattedMessage id="editor.meta.type" />
          </dt>
          <dd>{doc.typeLabel ?? intl.formatMessage({ id: `common.documentType.${doc.type}` })}</dd>
          {doc.subtitle ? (
            <>
              <dt>
                <FormattedMessage id="editor.meta.subtitle" />
              </dt>
              <dd>{doc.subtitle}</dd>
            </>
          ) : null}
          <dt>
            <FormattedMessage id="editor.meta.adoptedBy" />
          </dt>
          <dd>{doc.adoptedBy ? [doc.adoptedBy.body, doc.adoptedBy.paragraph].filter(Boolean).join(' ') : none}</dd>
          <dt>
            <FormattedMessage id="editor.adopt.decisionDate" />
          </dt>
          <dd>{f.date(doc.decisionDate)}</dd>
          <dt>
            <FormattedMessage id="editor.meta.caseNumber" />
          </dt>
          <dd>{doc.caseNumber ?? none}</dd>
          <dt>
            <FormattedMessage id="editor.meta.owner" />
          </dt>
          <dd>{doc.owner ?? none}</dd>
          {doc.appliesTo ? (
            <>
              <dt>
                <FormattedMessage id="editor.meta.appliesTo" />
              </dt>
              <dd>{doc.appliesTo}</dd>
            </>
          ) : null}
          <dt>
            <FormattedMessage id="editor.meta.validity" />
          </dt>
          <dd>{validity}</dd>
          <dt>
            <FormattedMessage id="editor.meta.goalLevels" />
          </dt>
          <dd>{doc.goalLevels.join(' → ')}</dd>
          {implemented ? (
            <>
              <dt>
                <FormattedMessage id="editor.meta.implements" />
              </dt>
              <dd>{implemented}</dd>
            </>
          ) : null}
          {doc.note ? (
            <>
              <dt>
                <FormattedMessage id="editor.meta.note" />
              </dt>
              <dd>{doc.note}</dd>
            </>
          ) : null}
        </dl>
      )}
    </section>
  );
}
