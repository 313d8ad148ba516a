import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useParams, useSearchParams } from 'react-router';
import type { CommentDecision, TargetKind } from '../../../domain/consultation/consultation.ts';
import type { ConsultationCompilationDto, ConsultationCommentDto, ConsultationDto, ConsultationSummaryDto } from '../../../shared/api/consultation.ts';
import type { DocumentTree } from '../../../shared/api/views.ts';
import { api, useApi, type ApiError } from '../../ui/api.ts';
import { Dialog, EmptyState, ErrorMessage, Field, Loading, PageTitle, QueryView, StatusChip } from '../../ui/components.tsx';
import { useTree } from '../../ui/documents.ts';
import { useFormat } from '../../ui/format.ts';
import { todayIso, useDocuments, useMunicipality } from '../../ui/municipality.ts';
import { unitPath, useSession } from '../../ui/session.tsx';
import './consultation.css';
import { flattenItems, type ItemText } from './items.ts';

const DECISIONS: CommentDecision[] = ['accepted', 'partly_accepted', 'rejected'];

/**
 * Consultation (remiss): a draft sent to chosen units, their comments beside the text they concern,
 * the strategist's decision and reply on each, the units that have not answered, and the compilation
 * (remissammanställning). `/m/:code/consultation` shows the municipality's latest; `/m/:code/documents/:id/consultation`
 * one document's, and lets a strategist send a draft out.
 */
export function Consultation() {
  const { code, id: documentId } = useParams();
  const intl = useIntl();
  const [params, setParams] = useSearchParams();
  const m = useMunicipality(code!);
  const list = useApi<ConsultationSummaryDto[]>(documentId ? `/api/v1/documents/${documentId}/consultations` : `/api/v1/municipalities/${code}/consultations`);
  const chosen = params.get('c') ?? list.data?.[0]?.id ?? null;
  // Sending out and closing are the strategists' work; a unit's staff comment and answer.
  const mayManage = useSession().can('consultation.manage', { municipalityCode: code! });
  return (
    <>
      <PageTitle title={intl.formatMessage({ id: 'consultation.title' })} subtitle={intl.formatMessage({ id: 'consultation.lead' }, { name: m.data?.name ?? code })} />
      <QueryView query={list}>
        {(items) => (
          <>
            {documentId && mayManage ? <SendToConsultation code={code!} documentId={documentId} hasOpen={items.some((c) => c.status === 'open')} onSent={(id) => setParams({ c: id })} /> : null}
            {items.length === 0 ? (
              documentId ? null : <NoConsultations code={code!} />
            ) : (
              <>
                {items.length > 1 ? <ConsultationPicker items={items} chosen={chosen} onChoose={(id) => setParams({ c: id })} /> : null}
                {chosen ? <ConsultationView key={chosen} id={chosen} code={code!} /> : null}
              </>
            )}
          </>
        )}
      </QueryView>
    </>
  );
}

function NoConsultations({ code }: { code: string }) {
  const docs = useDocuments(code);
  const drafts = docs.data?.items.filter((d) => d.status === 'draft') ?? [];
  return (
    <EmptyState title={<FormattedMessage id="consultation.none" />}>
      <p>
        <FormattedMessage id="consultation.noneHelp" />
      </p>
      {drafts.length > 0 ? (
        <ul>
          {drafts.map((d) => (
            <li key={d.id}>
              <Link to={`/m/${code}/documents/${d.id}/consultation`}>
                <FormattedMessage id="consultation.sendDraft" values={{ title: d.title, version: d.version }} />
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </EmptyState>
  );
}

function ConsultationPicker({ items, chosen, onChoose }: { items: ConsultationSummaryDto[]; chosen: string | null; onChoose(id: string): void }) {
  const f = useFormat();
  const intl = useIntl();
  return (
    <div className="field consultation-picker">
      <label htmlFor="consultation-pick">
        <FormattedMessage id="consultation.pick" />
      </label>
      <select id="consultation-pick" value={chosen ?? ''} onChange={(e) => onChoose(e.target.value)}>
        {items.map((c) => (
          <option key={c.id} value={c.id}>
            {intl.formatMessage({ id: 'consultation.pickOption' }, { title: c.document.title, version: c.document.version, sent: f.date(c.sentAt.slice(0, 10)), status: intl.formatMessage({ id: `consultation.status.${c.status}` }) })}
          </option>
        ))}
      </select>
    </div>
  );
}

function useInvalidate(id: string) {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: [`/api/v1/consultations/${id}`] }),
      qc.invalidateQueries({ queryKey: [`/api/v1/consultations/${id}/compilation`] }),
      qc.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).endsWith('/consultations') }),
    ]);
}

function ConsultationView({ id, code }: { id: string; code: string }) {
  const c = useApi<ConsultationDto>(`/api/v1/consultations/${id}`);
  const comp = useApi<ConsultationCompilationDto>(`/api/v1/consultations/${id}/compilation`);
  const tree = useTree(c.data?.documentId);
  return (
    <QueryView query={c}>
      {(consultation) => (
        <>
          <Header c={consultation} code={code} />
          <Recipients c={consultation} />
          {consultation.status === 'open' && !consultation.deadlinePassed ? <UnitAnswer c={consultation} tree={tree.data} /> : null}
          <QueryView query={comp}>{(compilation) => <CompilationView c={consultation} compilation={compilation} tree={tree.data} />}</QueryView>
        </>
      )}
    </QueryView>
  );
}

function Header({ c, code }: { c: ConsultationDto; code: string }) {
  const intl = useIntl();
  const f = useFormat();
  const invalidate = useInvalidate(c.id);
  const [confirm, setConfirm] = useState(false);
  const close = useMutation<unknown, ApiError>({
    mutationFn: () => api(`/api/v1/consultations/${c.id}/close`, { method: 'POST', body: { lockVersion: c.lockVersion } }),
    onSuccess: async () => {
      setConfirm(false);
      await invalidate();
    },
  });
  const mayManage = useSession().can('consultation.manage', { municipalityCode: code });
  const daysLeft = Math.round((Date.parse(`${c.deadline}T00:00:00Z`) - Date.parse(`${todayIso()}T00:00:00Z`)) / 86_400_000);
  return (
    <section aria-labelledby="consultation-doc">
      <div className="page-title">
        <div>
          <h2 id="consultation-doc">
            <Link to={`/m/${code}/documents/${c.documentId}`}>{c.document.title}</Link>
          </h2>
          <p className="subtitle">
            <FormattedMessage id="consultation.documentVersion" values={{ version: c.document.version }} />{' '}
            <StatusChip status={c.status === 'open' ? 'consultation' : 'approved'} label={intl.formatMessage({ id: `consultation.status.${c.status}` })} />
          </p>
        </div>
        {c.status === 'open' && mayManage ? (
          <div className="page-actions">
            <button type="button" className="secondary" onClick={() => setConfirm(true)}>
              <FormattedMessage id="consultation.close" />
            </button>
          </div>
        ) : null}
      </div>
      <dl className="meta">
        <dt>
          <FormattedMessage id="consultation.sent" />
        </dt>
        <dd>{f.date(c.sentAt.slice(0, 10))}</dd>
        <dt>
          <FormattedMessage id="consultation.deadline" />
        </dt>
        <dd>
          {f.date(c.deadline)}{' '}
          {c.deadlinePassed ? (
            <span className="flag">
              <FormattedMessage id="consultation.deadlinePassed" />
            </span>
          ) : c.status === 'open' ? (
            <span className="hint">
              <FormattedMessage id="consultation.daysLeft" values={{ n: daysLeft }} />
            </span>
          ) : null}
        </dd>
        <dt>
          <FormattedMessage id="consultation.answers" />
        </dt>
        <dd>
          <FormattedMessage id="consultation.answersValue" values={{ answered: c.counts.answered, total: c.counts.recipients }} />
        </dd>
        {c.closedAt ? (
          <>
            <dt>
              <FormattedMessage id="consultation.closed" />
            </dt>
            <dd>{f.date(c.closedAt.slice(0, 10))}</dd>
          </>
        ) : null}
      </dl>
      {c.message ? (
        <div className="notice">
          <h3 className="notice-title">
            <FormattedMessage id="consultation.message" />
          </h3>
          <p className="preserve-lines">{c.message}</p>
        </div>
      ) : null}
      <Dialog open={confirm} title={intl.formatMessage({ id: 'consultation.closeTitle' })} onClose={() => setConfirm(false)}>
        <p>
          <FormattedMessage id="consultation.closeText" values={{ notAnswered: c.counts.notAnswered, undecided: c.counts.undecided }} />
        </p>
        <ErrorMessage error={close.error} />
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={() => setConfirm(false)}>
            <FormattedMessage id="common.cancel" />
          </button>
          <button type="button" className="primary" disabled={close.isPending} onClick={() => close.mutate()}>
            <FormattedMessage id="consultation.close" />
          </button>
        </div>
      </Dialog>
    </section>
  );
}

function Recipients({ c }: { c: ConsultationDto }) {
  const intl = useIntl();
  const f = useFormat();
  const sorted = [...c.recipients].sort((a, b) => (a.status === b.status ? a.unitName.localeCompare(b.unitName, 'sv') : a.status === 'not_answered' ? -1 : 1));
  return (
    <section aria-labelledby="recipients-heading">
      <h2 id="recipients-heading">
        <FormattedMessage id="consultation.recipients" />
      </h2>
      {c.counts.notAnswered > 0 ? (
        <p>
          <FormattedMessage id="consultation.notAnsweredLead" values={{ n: c.counts.notAnswered }} />
        </p>
      ) : null}
      <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="recipients-heading">
        <table>
          <thead>
            <tr>
              <th scope="col">
                <FormattedMessage id="consultation.unit" />
              </th>
              <th scope="col">
                <FormattedMessage id="consultation.answerStatus" />
              </th>
              <th scope="col">
                <FormattedMessage id="consultation.answeredAt" />
              </th>
              <th scope="col" className="num">
                <FormattedMessage id="consultation.commentCount" />
              </th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((r) => (
              <tr key={r.unitId}>
                <td>
                  {r.unitName}
                  {r.role ? <span className="hint"> ({r.role})</span> : null}
                </td>
                <td>
                  <StatusChip
                    status={r.status === 'answered' ? 'approved' : 'missing'}
                    label={intl.formatMessage({ id: r.status === 'answered' ? (r.noComments ? 'consultation.answeredNoComments' : 'consultation.answered') : 'consultation.notAnswered' })}
                  />
                </td>
                <td>{r.answeredAt ? f.date(r.answeredAt.slice(0, 10)) : '–'}</td>
                <td className="num">{r.comments}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function kindLabel(intl: ReturnType<typeof useIntl>, kind: TargetKind): string {
  return intl.formatMessage({ id: `consultation.kind.${kind}` });
}

/** A recipient unit writes comments on the whole or on single items, then answers. */
function UnitAnswer({ c, tree }: { c: ConsultationDto; tree: DocumentTree | undefined }) {
  const intl = useIntl();
  const invalidate = useInvalidate(c.id);
  const { code } = useParams();
  const { can } = useSession();
  const units = useApi<{ items: Array<{ id: string; parentId: string | null }> }>(`/api/v1/municipalities/${code}/units?limit=500`);
  // The units that have not answered and that this user may answer for (their unit and those below, or all).
  const open = c.recipients.filter((r) => r.status === 'not_answered' && can('consultation.respond', { municipalityCode: code!, unitPath: unitPath(r.unitId, units.data?.items) }));
  // null: not chosen yet, the first unit this user may answer for.
  const [chosenUnit, setUnitId] = useState<string | null>(null);
  const unitId = chosenUnit ?? open[0]?.unitId ?? '';
  const [target, setTarget] = useState('document:');
  const [text, setText] = useState('');
  const [role, setRole] = useState('');
  const [noComments, setNoComments] = useState(false);
  const [announce, setAnnounce] = useState('');
  const items = useMemo(() => (tree ? flattenItems(tree) : []), [tree]);
  const comment = useMutation<unknown, ApiError>({
    mutationFn: () => {
      const [kind, key] = target.split(':');
      return api(`/api/v1/consultations/${c.id}/comments`, { method: 'POST', body: { unitId, target: { kind, key: key || null }, text, role: role || null } });
    },
    onSuccess: async () => {
      setText('');
      setAnnounce(intl.formatMessage({ id: 'consultation.commentSaved' }));
      await invalidate();
    },
  });
  const answer = useMutation<unknown, ApiError>({
    mutationFn: () => api(`/api/v1/consultations/${c.id}/answers`, { method: 'POST', body: { unitId, noComments, role: role || null } }),
    onSuccess: async () => {
      setAnnounce(intl.formatMessage({ id: 'consultation.answerSaved' }));
      setUnitId('');
      await invalidate();
    },
  });
  if (open.length === 0) return null;
  const unit = c.recipients.find((r) => r.unitId === unitId);
  const groups = new Map<string, ItemText[]>();
  for (const i of items) groups.set(i.kind, [...(groups.get(i.kind) ?? []), i]);
  return (
    <section aria-labelledby="answer-heading" className="answer-panel">
      <h2 id="answer-heading">
        <FormattedMessage id="consultation.answerTitle" />
      </h2>
      <p className="hint">
        <FormattedMessage id="consultation.answerLead" />
      </p>
      <div className="form-grid">
        <Field label={<FormattedMessage id="consultation.answerAs" />}>
          {(p) => (
            <select {...p} value={unitId} onChange={(e) => setUnitId(e.target.value)}>
              {open.map((r) => (
                <option key={r.unitId} value={r.unitId}>
                  {r.unitName}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={<FormattedMessage id="consultation.role" />} hint={<FormattedMessage id="consultation.roleHint" />} error={comment.error?.fieldMessage('/role') ?? answer.error?.fieldMessage('/role')}>
          {(p) => <input {...p} value={role} onChange={(e) => setRole(e.target.value)} autoComplete="organization-title" />}
        </Field>
      </div>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          comment.mutate();
        }}
      >
        <Field label={<FormattedMessage id="consultation.concerns" />} error={comment.error?.fieldMessage('/target/key') ?? comment.error?.fieldMessage('/target')}>
          {(p) => (
            <select {...p} value={target} onChange={(e) => setTarget(e.target.value)}>
              <option value="document:">{intl.formatMessage({ id: 'consultation.wholeDocument' })}</option>
              {[...groups.entries()].map(([kind, list]) => (
                <optgroup key={kind} label={kindLabel(intl, kind as TargetKind)}>
                  {list.map((i) => (
                    <option key={`${i.kind}:${i.key}`} value={`${i.kind}:${i.key}`}>
                      {i.title.length > 90 ? `${i.title.slice(0, 90)} …` : i.title}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          )}
        </Field>
        <Field label={<FormattedMessage id="consultation.commentText" />} error={comment.error?.fieldMessage('/text')}>
          {(p) => <textarea {...p} value={text} onChange={(e) => setText(e.target.value)} rows={4} />}
        </Field>
        {comment.error && !comment.error.errors.length ? <ErrorMessage error={comment.error} /> : null}
        <button type="submit" className="primary" disabled={comment.isPending || !unitId}>
          <FormattedMessage id="consultation.addComment" />
        </button>
      </form>
      <div className="answer-submit">
        <p>
          <FormattedMessage id="consultation.submitLead" values={{ unit: unit?.unitName ?? '', n: unit?.comments ?? 0 }} />
        </p>
        <label className="checkbox">
          <input type="checkbox" checked={noComments} onChange={(e) => setNoComments(e.target.checked)} /> <FormattedMessage id="consultation.noComments" />
        </label>
        {answer.error ? <ErrorMessage error={answer.error} /> : null}
        <button type="button" className="secondary" disabled={answer.isPending || !unitId} onClick={() => answer.mutate()}>
          <FormattedMessage id="consultation.submitAnswer" />
        </button>
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announce}
      </p>
    </section>
  );
}

function CompilationView({ c, compilation, tree }: { c: ConsultationDto; compilation: ConsultationCompilationDto; tree: DocumentTree | undefined }) {
  const intl = useIntl();
  const [onlyUndecided, setOnlyUndecided] = useState(false);
  const texts = useMemo(() => new Map((tree ? flattenItems(tree) : []).map((i) => [`${i.kind}:${i.key}`, i])), [tree]);
  const targets = compilation.targets
    .map((t) => ({ ...t, comments: onlyUndecided ? t.comments.filter((x) => x.decision === null) : t.comments }))
    .filter((t) => t.comments.length > 0);
  const k = compilation.counts;
  return (
    <section aria-labelledby="compilation-heading">
      <h2 id="compilation-heading">
        <FormattedMessage id="consultation.compilation" />
      </h2>
      <ul className="cards decision-cards" aria-label={intl.formatMessage({ id: 'consultation.decisionCounts' })}>
        <li className="card">
          <p className="summary-figure">{k.total}</p>
          <p>
            <FormattedMessage id="consultation.countTotal" values={{ n: k.total }} />
          </p>
        </li>
        {DECISIONS.map((d) => (
          <li className="card" key={d}>
            <p className="summary-figure">{k[d]}</p>
            <p>
              <StatusChip status={d} label={intl.formatMessage({ id: `consultation.decision.${d}` })} />
            </p>
          </li>
        ))}
        <li className="card">
          <p className="summary-figure">{k.undecided}</p>
          <p>
            <StatusChip status="undecided" label={intl.formatMessage({ id: 'consultation.undecided' })} />
          </p>
        </li>
      </ul>
      {compilation.targets.length === 0 ? (
        <EmptyState title={<FormattedMessage id="consultation.empty.title" />}>
          <p>
            <FormattedMessage id="consultation.empty.help" />
          </p>
        </EmptyState>
      ) : (
        <>
          <label className="checkbox">
            <input type="checkbox" checked={onlyUndecided} onChange={(e) => setOnlyUndecided(e.target.checked)} /> <FormattedMessage id="consultation.onlyUndecided" />
          </label>
          {targets.length === 0 ? (
            <p className="hint">
              <FormattedMessage id="consultation.allDecided" />
            </p>
          ) : null}
          {targets.map((t) => {
            const text = t.target.key ? texts.get(`${t.target.kind}:${t.target.key}`) : undefined;
            const headingId = `target-${t.target.kind}-${t.target.key ?? 'document'}`;
            return (
              <article key={headingId} className="comment-target" aria-labelledby={headingId}>
                <div className="comment-text">
                  <p className="kind">{kindLabel(intl, t.target.kind)}</p>
                  <h3 id={headingId}>{t.label}</h3>
                  {!t.inDocument ? (
                    <p className="flag">
                      <FormattedMessage id="consultation.notInDocument" />
                    </p>
                  ) : null}
                  {text?.body && text.body.trim() !== t.label.trim() && text.body.trim() !== text.title.trim() ? <p className="preserve-lines quoted">{text.body}</p> : null}
                </div>
                <ol className="comments" aria-label={intl.formatMessage({ id: 'consultation.commentsOn' }, { label: t.label })}>
                  {t.comments.map((x) => (
                    <CommentCard key={x.id} comment={x} consultation={c} />
                  ))}
                </ol>
              </article>
            );
          })}
        </>
      )}
    </section>
  );
}

function CommentCard({ comment, consultation }: { comment: ConsultationCommentDto; consultation: ConsultationDto }) {
  const intl = useIntl();
  const f = useFormat();
  const invalidate = useInvalidate(consultation.id);
  const [editing, setEditing] = useState(false);
  const [decision, setDecision] = useState<CommentDecision>(comment.decision ?? 'accepted');
  const [reply, setReply] = useState(comment.reply ?? '');
  const groupId = useId();
  const save = useMutation<unknown, ApiError>({
    mutationFn: () => api(`/api/v1/consultation-comments/${comment.id}`, { method: 'PATCH', body: { lockVersion: comment.lockVersion, decision, reply: reply.trim() || null } }),
    onSuccess: async () => {
      setEditing(false);
      await invalidate();
    },
    onError: async (e) => {
      // Someone else decided first: show theirs, keep what this user wrote in the form.
      if (e.status === 409) await invalidate();
    },
  });
  return (
    <li className="comment">
      <p className="comment-meta">
        <strong>{comment.unitName}</strong>
        {comment.role ? ` (${comment.role})` : ''} · {f.date(comment.createdAt.slice(0, 10))}
      </p>
      <p className="preserve-lines">{comment.text}</p>
      {comment.decision ? (
        <div className="decision">
          <StatusChip status={comment.decision} label={intl.formatMessage({ id: `consultation.decision.${comment.decision}` })} />
          {comment.reply ? (
            <p className="reply">
              <span className="visually-hidden">
                <FormattedMessage id="consultation.reply" />:{' '}
              </span>
              {comment.reply}
            </p>
          ) : null}
        </div>
      ) : (
        <StatusChip status="undecided" label={intl.formatMessage({ id: 'consultation.undecided' })} />
      )}
      {!comment.decision && !editing ? (
        <p>
          <button type="button" className="secondary" onClick={() => setEditing(true)}>
            <FormattedMessage id="consultation.decide" />
          </button>
        </p>
      ) : null}
      {editing ? (
        <form
          className="decision-form"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          <fieldset>
            <legend id={groupId}>
              <FormattedMessage id="consultation.decisionFor" values={{ unit: comment.unitName }} />
            </legend>
            {DECISIONS.map((d) => (
              <label key={d} className="checkbox">
                <input type="radio" name={`decision-${comment.id}`} value={d} checked={decision === d} onChange={() => setDecision(d)} /> <FormattedMessage id={`consultation.decision.${d}`} />
              </label>
            ))}
          </fieldset>
          <Field
            label={<FormattedMessage id="consultation.reply" />}
            hint={<FormattedMessage id="consultation.replyHint" />}
            error={save.error?.fieldMessage('/reply')}
          >
            {(p) => <textarea {...p} value={reply} onChange={(e) => setReply(e.target.value)} rows={3} />}
          </Field>
          {save.error && !save.error.fieldMessage('/reply') ? <ErrorMessage error={save.error} /> : null}
          <div className="dialog-actions">
            <button type="button" className="secondary" onClick={() => setEditing(false)}>
              <FormattedMessage id="common.cancel" />
            </button>
            <button type="submit" className="primary" disabled={save.isPending}>
              <FormattedMessage id="consultation.saveDecision" />
            </button>
          </div>
        </form>
      ) : null}
    </li>
  );
}

/** A strategist sends a draft to chosen units with a deadline and a cover letter. */
function SendToConsultation({ code, documentId, hasOpen, onSent }: { code: string; documentId: string; hasOpen: boolean; onSent(id: string): void }) {
  const intl = useIntl();
  const qc = useQueryClient();
  const doc = useApi<{ id: string; title: string; status: string; lockVersion: number }>(`/api/v1/documents/${documentId}`);
  const units = useApi<{ items: Array<{ id: string; name: string; type: string }> }>(`/api/v1/municipalities/${code}/units?limit=500`);
  const [recipients, setRecipients] = useState<string[]>([]);
  const [deadline, setDeadline] = useState('');
  const [message, setMessage] = useState('');
  const send = useMutation<ConsultationDto, ApiError>({
    mutationFn: () => api<ConsultationDto>(`/api/v1/documents/${documentId}/consultations`, { method: 'POST', body: { lockVersion: doc.data!.lockVersion, recipients, deadline, message: message.trim() || null } }),
    onSuccess: async (c) => {
      await qc.invalidateQueries();
      onSent(c.id);
    },
  });
  if (!doc.data || doc.data.status !== 'draft' || hasOpen) return doc.isPending ? <Loading /> : null;
  return (
    <section aria-labelledby="send-heading" className="send-panel">
      <h2 id="send-heading">
        <FormattedMessage id="consultation.sendTitle" values={{ title: doc.data.title }} />
      </h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          send.mutate();
        }}
      >
        <fieldset aria-describedby={send.error?.fieldMessage('/recipients') ? 'recipients-error' : undefined}>
          <legend>
            <FormattedMessage id="consultation.chooseRecipients" />
          </legend>
          <ul className="unit-choices">
            {(units.data?.items ?? [])
              .filter((u) => u.type !== 'council' && u.type !== 'other')
              .map((u) => (
                <li key={u.id}>
                  <label className="checkbox">
                    <input
                      type="checkbox"
                      checked={recipients.includes(u.id)}
                      onChange={(e) => setRecipients((r) => (e.target.checked ? [...r, u.id] : r.filter((x) => x !== u.id)))}
                    />{' '}
                    {u.name}
                  </label>
                </li>
              ))}
          </ul>
          {send.error?.fieldMessage('/recipients') ? (
            <p className="field-error" id="recipients-error">
              {send.error.fieldMessage('/recipients')}
            </p>
          ) : null}
        </fieldset>
        <div className="form-grid">
          <Field label={<FormattedMessage id="consultation.deadline" />} error={send.error?.fieldMessage('/deadline')}>
            {(p) => <input {...p} type="date" value={deadline} min={todayIso()} onChange={(e) => setDeadline(e.target.value)} required />}
          </Field>
        </div>
        <Field label={<FormattedMessage id="consultation.message" />} hint={<FormattedMessage id="consultation.messageHint" />} error={send.error?.fieldMessage('/message')}>
          {(p) => <textarea {...p} value={message} onChange={(e) => setMessage(e.target.value)} rows={4} />}
        </Field>
        {send.error && send.error.errors.length === 0 ? <ErrorMessage error={send.error} /> : null}
        <button type="submit" className="primary" disabled={send.isPending}>
          {intl.formatMessage({ id: 'consultation.send' }, { n: recipients.length })}
        </button>
      </form>
    </section>
  );
}
