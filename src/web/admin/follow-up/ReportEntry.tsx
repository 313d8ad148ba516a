import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useId, useMemo, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useParams, useSearchParams } from 'react-router';
import { NARRATIVE_ASSESSMENTS, type NarrativeAssessment, type ReportAction } from '../../../domain/follow-up/report-workflow.ts';
import { ACTIVITY_STATUSES, type ActivityStatus } from '../../../domain/strategy/types.ts';
import type { DocumentTree, ReportDto, ValueDto } from '../../../shared/api/views.ts';
import { api, ApiError, useApi } from '../../ui/api.ts';
import { Dialog, ErrorMessage, Field, PageTitle, QueryView, StatusChip, EmptyState } from '../../ui/components.tsx';
import { useTree } from '../../ui/documents.ts';
import { useFormat } from '../../ui/format.ts';
import { actorLabel, cellErrors, cellId, editText, flatten, gridRows, knownValueMessage, parseNumber, ROLES, SEX_COLUMNS, type IndicatorInfo, type Role } from './grid.ts';
import { unitPath, useSession } from '../../ui/session.tsx';
import type { UnitNode } from './grid.ts';
import { usePeriodLabel } from './labels.ts';
import { ValueGrid } from './ValueGrid.tsx';
import './follow-up.css';

type Activity = ReportDto['activities'][number];
type Goal = ReportDto['goals'][number];
interface ActivityDraft {
  status: ActivityStatus;
  progress: string;
  comment: string;
}
interface GoalDraft {
  assessment: NarrativeAssessment | '';
  text: string;
}
/** What the page tells the user after a step: a sentence in the live region, or a notice that stays. */
type Notice = { kind: 'ok' | 'conflict' | 'error' } & Message | null;
/** A message kept as its id and values, so that it follows a change of language. */
type Message = { id: string; values?: Record<string, string | number> };

/**
 * A unit's report for a period: indicator values in a grid (typed or pasted from a spreadsheet),
 * activity follow-up, the unit's own assessment of each goal, and the steps submit → approve
 * (or return) → lock, with reopen. Edits are kept in the page until they are saved; a save that
 * fails keeps them, and a report someone else changed meanwhile is reloaded with the edits on top.
 */
export function ReportEntry() {
  const { reportId } = useParams();
  const path = `/api/v1/reports/${reportId}`;
  const report = useApi<ReportDto>(path);
  const tree = useTree(report.data?.documentId);
  return (
    <QueryView query={report}>
      {(r) => (
        <QueryView query={tree}>
          {(t) => <ReportForm key={r.id} report={r} tree={t} path={path} />}
        </QueryView>
      )}
    </QueryView>
  );
}

function ReportForm({ report, tree, path }: { report: ReportDto; tree: DocumentTree; path: string }) {
  const { code } = useParams();
  const intl = useIntl();
  const f = useFormat();
  const qc = useQueryClient();
  const periodLabel = usePeriodLabel();
  const [params, setParams] = useSearchParams();
  // What this user may do with this unit's report: enter it (a reporter for the unit or above), review it (a strategist).
  const { can } = useSession();
  const units = useApi<{ items: UnitNode[] }>(`/api/v1/municipalities/${code}/units?limit=500`);
  const resource = { municipalityCode: code!, unitPath: unitPath(report.unit.id, units.data?.items) };
  const allowedRoles = ROLES.filter((r) => can(r === 'reporter' ? 'followup.enter' : 'followup.review', resource));
  const requested: Role = params.get('role') === 'approver' ? 'approver' : 'reporter';
  const role: Role | null = allowedRoles.includes(requested) ? requested : (allowedRoles[0] ?? null);
  const lang = intl.locale.startsWith('sv') ? 'sv' : 'en';

  const flat = useMemo(() => flatten(tree), [tree]);
  const indicatorInfo = useMemo(() => new Map<string, IndicatorInfo>(flat.indicators.map((i) => [i.key, i])), [flat]);
  const rows = useMemo(
    () =>
      gridRows(
        report.indicators.map((i) => i.key),
        report.values,
        indicatorInfo,
      ),
    [report.indicators, report.values, indicatorInfo],
  );
  const stored = useMemo(() => new Map<string, ValueDto>(report.values.map((v) => [cellId(v.indicator, v.sex, v.ageBand), v])), [report.values]);

  const [valueDrafts, setValueDrafts] = useState<Record<string, string>>({});
  const [valueServerErrors, setValueServerErrors] = useState<Record<string, string[]>>({});
  const [valueOtherError, setValueOtherError] = useState<ApiError | null>(null);
  const [activityDrafts, setActivityDrafts] = useState<Record<string, ActivityDraft>>({});
  const [activityErrors, setActivityErrors] = useState<Record<string, ApiError>>({});
  const [goalDrafts, setGoalDrafts] = useState<Record<string, GoalDraft>>({});
  const [goalErrors, setGoalErrors] = useState<Record<string, ApiError>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [gridMessage, setGridMessage] = useState<Message | null>(null);

  const editable = report.status === 'draft' && report.period.status === 'open' && allowedRoles.includes('reporter');
  const period = periodLabel(report.period.key);

  // ---- values: what each cell shows, which cells changed, what is wrong with them
  const cellText = useCallback((id: string) => valueDrafts[id] ?? (stored.has(id) ? editText(stored.get(id)!.value, lang) : ''), [valueDrafts, stored, lang]);
  const { dirtyCells, errors, clientErrorCount } = useMemo(() => {
    const dirty = new Set<string>();
    const errs = new Map<string, string[]>();
    let clientErrorCount = 0;
    for (const [id, text] of Object.entries(valueDrafts)) {
      const p = parseNumber(text, lang);
      const before = stored.get(id);
      if (p.kind === 'invalid') {
        dirty.add(id);
        errs.set(id, [intl.formatMessage({ id: 'followUp.cellError.notANumber' })]);
        clientErrorCount++;
      } else if (p.kind === 'blank') {
        if (before) {
          dirty.add(id);
          errs.set(id, [intl.formatMessage({ id: 'followUp.cellError.cannotEmpty' })]);
          clientErrorCount++;
        }
      } else if (!before || before.value !== p.value) dirty.add(id);
    }
    for (const [id, messages] of Object.entries(valueServerErrors)) {
      if (errs.has(id)) continue;
      errs.set(
        id,
        messages.map((m) => {
          const known = knownValueMessage(m);
          return known ? intl.formatMessage({ id: known.id }, known.values) : m;
        }),
      );
    }
    return { dirtyCells: dirty, errors: errs, clientErrorCount };
  }, [valueDrafts, valueServerErrors, stored, lang, intl]);

  const activityState = (a: Activity): ActivityDraft => ({ status: a.followUp?.status ?? 'planned', progress: a.followUp ? String(a.followUp.progress) : '', comment: a.followUp?.comment ?? '' });
  const activityDirty = (a: Activity) => {
    const d = activityDrafts[a.activityId];
    if (!d) return false;
    const s = activityState(a);
    return d.status !== s.status || d.progress !== s.progress || d.comment !== s.comment;
  };
  const goalDirty = (g: Goal) => {
    const d = goalDrafts[g.goalId];
    return !!d && (d.assessment !== (g.assessment ?? '') || d.text !== (g.text ?? ''));
  };
  const unsaved = dirtyCells.size + report.activities.filter(activityDirty).length + report.goals.filter(goalDirty).length;

  // ---- saving: the current lock version, the answer into the cache, a conflict reloads with the edits kept
  const current = () => (qc.getQueryData<ReportDto>([path]) ?? report).lockVersion;
  const afterSave = (dto: ReportDto) => {
    qc.setQueryData([path], dto);
    void qc.invalidateQueries({ predicate: (q) => typeof q.queryKey[0] === 'string' && q.queryKey[0].startsWith(`/api/v1/documents/${report.documentId}/reports`) });
  };
  const save = async (what: string, call: (lockVersion: number) => Promise<ReportDto>, onProblem: (e: ApiError) => void, ok: Message): Promise<boolean> => {
    setBusy(what);
    setNotice(null);
    try {
      afterSave(await call(current()));
      setNotice({ kind: 'ok', ...ok });
      return true;
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(0, 'network', '', String(e), [], {});
      if (err.code === 'version_conflict') {
        await qc.invalidateQueries({ queryKey: [path] });
        setNotice({ kind: 'conflict', id: 'followUp.conflict' });
      } else {
        if (err.status === 409) await qc.invalidateQueries({ queryKey: [path] });
        onProblem(err);
      }
      return false;
    } finally {
      setBusy(null);
    }
  };

  const saveValues = async () => {
    setGridMessage(null);
    const ids = [...dirtyCells];
    if (ids.length === 0) {
      setNotice({ kind: 'ok', id: 'followUp.values.nothing' });
      return;
    }
    if (clientErrorCount > 0) {
      setNotice({ kind: 'error', id: 'followUp.values.fixFirst', values: { n: clientErrorCount } });
      return;
    }
    const values = ids.map((id) => {
      const [indicator, sex, ageBand] = id.split('|') as [string, (typeof SEX_COLUMNS)[number], string];
      return { indicator, sex, ageBand: ageBand === '' ? null : ageBand, value: (parseNumber(valueDrafts[id]!, lang) as { value: number }).value };
    });
    setValueOtherError(null);
    const ok = await save(
      'values',
      (lockVersion) => api<ReportDto>(`${path}/values`, { method: 'PUT', body: { values, lockVersion } }),
      (err) => {
        const { byCell, other } = cellErrors(err.errors, ids);
        setValueServerErrors(Object.fromEntries(byCell));
        if (byCell.size > 0) setNotice({ kind: 'error', id: 'followUp.values.refused', values: { n: byCell.size } });
        if (other.length > 0 || byCell.size === 0) setValueOtherError(err);
      },
      { id: 'followUp.values.saved', values: { n: values.length } },
    );
    if (ok) {
      // What was typed while the save was under way stays as an unsaved change.
      const sent = Object.fromEntries(ids.map((id) => [id, valueDrafts[id]]));
      setValueDrafts((d) => Object.fromEntries(Object.entries(d).filter(([id, text]) => !(id in sent) || sent[id] !== text)));
      setValueServerErrors({});
    }
  };

  const saveActivity = async (a: Activity) => {
    const d = activityDrafts[a.activityId] ?? activityState(a);
    const progress = d.progress.trim() === '' ? undefined : Number(d.progress);
    const ok = await save(
      `activity-${a.activityId}`,
      (lockVersion) =>
        api<ReportDto>(`${path}/activities/${a.activityId}`, {
          method: 'PUT',
          body: { lockVersion, status: d.status, ...(progress === undefined ? {} : { progress }), comment: d.comment.trim() || null, evidenceUrl: a.followUp?.evidenceUrl ?? null },
        }),
      (err) => setActivityErrors((x) => ({ ...x, [a.activityId]: err })),
      { id: 'followUp.activities.saved' },
    );
    if (ok) {
      setActivityDrafts(({ [a.activityId]: _, ...rest }) => rest);
      setActivityErrors(({ [a.activityId]: _, ...rest }) => rest);
    }
  };

  const saveGoal = async (g: Goal) => {
    const d = goalDrafts[g.goalId] ?? { assessment: g.assessment ?? '', text: g.text ?? '' };
    if (d.assessment === '') {
      setGoalErrors((x) => ({ ...x, [g.goalId]: new ApiError(400, 'validation', '', '', [{ path: '/assessment', message: intl.formatMessage({ id: 'followUp.goals.chooseFirst' }) }], {}) }));
      return;
    }
    const ok = await save(
      `goal-${g.goalId}`,
      (lockVersion) => api<ReportDto>(`${path}/goals/${g.goalId}`, { method: 'PUT', body: { lockVersion, assessment: d.assessment, text: d.text.trim() || null } }),
      (err) => setGoalErrors((x) => ({ ...x, [g.goalId]: err })),
      { id: 'followUp.goals.saved' },
    );
    if (ok) {
      setGoalDrafts(({ [g.goalId]: _, ...rest }) => rest);
      setGoalErrors(({ [g.goalId]: _, ...rest }) => rest);
    }
  };

  const transition = (action: ReportAction, reason: string | null, onProblem: (e: ApiError) => void) =>
    save(
      action,
      (lockVersion) => api<ReportDto>(`${path}/${action}`, { method: 'POST', body: { lockVersion, reason } }),
      onProblem,
      { id: `followUp.workflow.done.${action}` },
    );

  const lastBack = [...report.events].reverse().find((e) => e.action === 'return' || e.action === 'reopen');
  const goalTitle = (key: string | null) => (key ? (flat.goals.find((g) => g.key === key)?.title ?? key) : null);

  return (
    <>
      <p className="fu-back">
        <Link to={`/m/${code}/follow-up?document=${report.documentId}&period=${encodeURIComponent(report.period.key)}`}>
          <FormattedMessage id="followUp.report.back" values={{ period }} />
        </Link>
      </p>
      <PageTitle title={intl.formatMessage({ id: 'followUp.report.title' }, { unit: report.unit.name, period })} subtitle={tree.document.title}>
        <StatusChip status={report.status} label={intl.formatMessage({ id: `common.reportStatus.${report.status}` })} />
      </PageTitle>

      <div role="status" aria-live="polite" className={notice?.kind === 'ok' ? 'fu-saved' : 'visually-hidden'}>
        {notice?.kind === 'ok' ? intl.formatMessage({ id: notice.id }, notice.values) : null}
      </div>
      {notice && notice.kind !== 'ok' ? (
        <div className={notice.kind === 'conflict' ? 'notice fu-conflict' : 'error-box'} role="alert">
          <p>{intl.formatMessage({ id: notice.id }, notice.values)}</p>
        </div>
      ) : null}

      {report.period.status === 'closed' ? (
        <p className="notice">
          <FormattedMessage id="followUp.report.periodClosed" />
        </p>
      ) : report.status !== 'draft' ? (
        <p className="notice">
          <FormattedMessage id={`followUp.report.readOnly.${report.status}`} />
        </p>
      ) : lastBack ? (
        <div className="notice">
          <p>
            <FormattedMessage id={`followUp.report.sentBack.${lastBack.action}`} values={{ actor: actorLabel(lastBack), date: f.dateTime(lastBack.at) }} />
          </p>
          {lastBack.reason ? <blockquote className="fu-reason">{lastBack.reason}</blockquote> : null}
        </div>
      ) : null}

      {/* 1. Indicator values */}
      <section aria-labelledby="fu-values-h">
        <h2 id="fu-values-h">
          <FormattedMessage id="followUp.values.heading" />
        </h2>
        {rows.length === 0 ? (
          <EmptyState title={<FormattedMessage id="followUp.values.none" />}>
            <p>
              <FormattedMessage id="followUp.values.noneHelp" />
            </p>
          </EmptyState>
        ) : (
          <>
            <ValueGrid
              rows={rows}
              stored={stored}
              text={cellText}
              errors={errors}
              dirty={dirtyCells}
              editable={editable}
              caption={intl.formatMessage({ id: 'followUp.values.caption' }, { unit: report.unit.name, period })}
              onEdit={(cells) => {
                setValueDrafts((d) => ({ ...d, ...Object.fromEntries(cells) }));
                setValueServerErrors((e) => {
                  const next = { ...e };
                  for (const [id] of cells) delete next[id];
                  return next;
                });
              }}
              onAnnounce={setGridMessage}
            />
            <p role="status" className="fu-grid-status">
              {gridMessage ? intl.formatMessage({ id: gridMessage.id }, gridMessage.values) : null}
            </p>
            {valueOtherError ? <ErrorMessage error={valueOtherError} /> : null}
            {editable ? (
              <div className="fu-actions">
                <button type="button" className="primary" disabled={busy !== null} onClick={() => void saveValues()}>
                  {busy === 'values' ? <FormattedMessage id="common.saving" /> : <FormattedMessage id="followUp.values.save" />}
                </button>
                {dirtyCells.size > 0 ? (
                  <>
                    <span className="hint">
                      <FormattedMessage id="followUp.values.unsaved" values={{ n: dirtyCells.size }} />
                    </span>
                    <button
                      type="button"
                      className="secondary"
                      disabled={busy !== null}
                      onClick={() => {
                        setValueDrafts({});
                        setValueServerErrors({});
                        setGridMessage({ id: 'followUp.values.undone' });
                      }}
                    >
                      <FormattedMessage id="followUp.values.undo" />
                    </button>
                  </>
                ) : null}
              </div>
            ) : null}
          </>
        )}
      </section>

      {/* 2. Activities */}
      <section aria-labelledby="fu-activities-h">
        <h2 id="fu-activities-h">
          <FormattedMessage id="followUp.activities.heading" />
        </h2>
        {report.activities.length === 0 ? (
          <p className="hint">
            <FormattedMessage id="followUp.activities.none" />
          </p>
        ) : (
          report.activities.map((a) => (
            <ActivityBlock
              key={a.activityId}
              activity={a}
              goal={goalTitle(a.goal)}
              draft={activityDrafts[a.activityId] ?? activityState(a)}
              dirty={activityDirty(a)}
              error={activityErrors[a.activityId]}
              editable={editable}
              busy={busy}
              onChange={(d) => setActivityDrafts((x) => ({ ...x, [a.activityId]: d }))}
              onSave={() => void saveActivity(a)}
            />
          ))
        )}
      </section>

      {/* 3. Goals */}
      <section aria-labelledby="fu-goals-h">
        <h2 id="fu-goals-h">
          <FormattedMessage id="followUp.goals.heading" />
        </h2>
        {report.goals.length === 0 ? (
          <p className="hint">
            <FormattedMessage id="followUp.goals.none" />
          </p>
        ) : (
          report.goals.map((g) => (
            <GoalBlock
              key={g.goalId}
              goal={g}
              targets={report.targets.filter((t) => t.goal === g.key).map((t) => t.statement)}
              draft={goalDrafts[g.goalId] ?? { assessment: g.assessment ?? '', text: g.text ?? '' }}
              dirty={goalDirty(g)}
              error={goalErrors[g.goalId]}
              editable={editable}
              busy={busy}
              onChange={(d) => setGoalDrafts((x) => ({ ...x, [g.goalId]: d }))}
              onSave={() => void saveGoal(g)}
            />
          ))
        )}
      </section>

      {/* 4. Workflow and history */}
      <Workflow
        report={report}
        role={role}
        roles={allowedRoles}
        onRole={(r) => {
          const next = new URLSearchParams(params);
          if (r === 'reporter') next.delete('role');
          else next.set('role', r);
          setParams(next, { replace: true });
        }}
        unsaved={unsaved}
        busy={busy}
        onAction={transition}
      />
    </>
  );
}

function ActivityBlock({
  activity,
  goal,
  draft,
  dirty,
  error,
  editable,
  busy,
  onChange,
  onSave,
}: {
  activity: Activity;
  goal: string | null;
  draft: ActivityDraft;
  dirty: boolean;
  error: ApiError | undefined;
  editable: boolean;
  busy: string | null;
  onChange(d: ActivityDraft): void;
  onSave(): void;
}) {
  const intl = useIntl();
  const id = useId();
  const title = activity.description ?? activity.key;
  const fu = activity.followUp;
  return (
    <article className="goal fu-item" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{title}</h3>
      {goal ? (
        <p className="hint">
          <FormattedMessage id="followUp.activities.goal" values={{ goal }} />
        </p>
      ) : null}
      {editable ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            onSave();
          }}
        >
          <div className="form-grid">
            <Field label={<FormattedMessage id="followUp.activities.status" />} error={error?.fieldMessage('/status')}>
              {(p) => (
                <select {...p} value={draft.status} onChange={(e) => onChange({ ...draft, status: e.target.value as ActivityStatus })}>
                  {ACTIVITY_STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {intl.formatMessage({ id: `common.activityStatus.${s}` })}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={<FormattedMessage id="followUp.activities.progress" />} hint={<FormattedMessage id="followUp.activities.progressHint" />} error={error?.fieldMessage('/progress')}>
              {(p) => (
                <span className="fu-suffixed">
                  <input {...p} type="number" inputMode="numeric" min={0} max={100} step={1} value={draft.progress} onChange={(e) => onChange({ ...draft, progress: e.target.value })} />
                  <span aria-hidden="true">%</span>
                </span>
              )}
            </Field>
          </div>
          <Field label={<FormattedMessage id="followUp.activities.comment" />} error={error?.fieldMessage('/comment')}>
            {(p) => <textarea {...p} rows={3} value={draft.comment} onChange={(e) => onChange({ ...draft, comment: e.target.value })} />}
          </Field>
          {error && !error.errors.length ? <ErrorMessage error={error} /> : null}
          <div className="fu-actions">
            <button type="submit" className="secondary" disabled={busy !== null}>
              {busy === `activity-${activity.activityId}` ? <FormattedMessage id="common.saving" /> : <FormattedMessage id="followUp.activities.save" />}
              <span className="visually-hidden"> {title}</span>
            </button>
            {dirty ? (
              <span className="hint">
                <FormattedMessage id="followUp.unsavedMark" />
              </span>
            ) : null}
          </div>
        </form>
      ) : (
        <dl className="meta">
          <dt>
            <FormattedMessage id="followUp.activities.status" />
          </dt>
          <dd>{fu ? <StatusChip status={fu.status} label={intl.formatMessage({ id: `common.activityStatus.${fu.status}` })} /> : <FormattedMessage id="followUp.activities.notReported" />}</dd>
          {fu ? (
            <>
              <dt>
                <FormattedMessage id="followUp.activities.progress" />
              </dt>
              <dd>{intl.formatNumber(fu.progress / 100, { style: 'percent' })}</dd>
              <dt>
                <FormattedMessage id="followUp.activities.comment" />
              </dt>
              <dd>{fu.comment ?? <FormattedMessage id="common.none" />}</dd>
            </>
          ) : null}
        </dl>
      )}
    </article>
  );
}

function GoalBlock({
  goal,
  targets,
  draft,
  dirty,
  error,
  editable,
  busy,
  onChange,
  onSave,
}: {
  goal: Goal;
  targets: string[];
  draft: GoalDraft;
  dirty: boolean;
  error: ApiError | undefined;
  editable: boolean;
  busy: string | null;
  onChange(d: GoalDraft): void;
  onSave(): void;
}) {
  const intl = useIntl();
  const id = useId();
  const assessmentError = error?.fieldMessage('/assessment');
  return (
    <article className="goal fu-item" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{goal.title}</h3>
      {targets.length ? (
        <ul className="fu-targets" aria-label={intl.formatMessage({ id: 'followUp.goals.targets' })}>
          {targets.map((t) => (
            <li key={t}>{t}</li>
          ))}
        </ul>
      ) : null}
      {editable ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            onSave();
          }}
        >
          <fieldset className={assessmentError ? 'fu-radios has-error' : 'fu-radios'} aria-describedby={assessmentError ? `${id}-err` : undefined}>
            <legend>
              <FormattedMessage id="followUp.goals.assessment" />
            </legend>
            {NARRATIVE_ASSESSMENTS.map((a) => (
              <label key={a} className="fu-radio">
                <input type="radio" name={`${id}-assessment`} value={a} checked={draft.assessment === a} onChange={() => onChange({ ...draft, assessment: a })} />
                <FormattedMessage id={`common.narrative.${a}`} />
              </label>
            ))}
            {assessmentError ? (
              <p className="field-error" id={`${id}-err`}>
                {assessmentError}
              </p>
            ) : null}
          </fieldset>
          <Field label={<FormattedMessage id="followUp.goals.text" />} hint={<FormattedMessage id="followUp.goals.textHint" />} error={error?.fieldMessage('/text')}>
            {(p) => <textarea {...p} rows={4} value={draft.text} onChange={(e) => onChange({ ...draft, text: e.target.value })} />}
          </Field>
          {error && !error.errors.length ? <ErrorMessage error={error} /> : null}
          <div className="fu-actions">
            <button type="submit" className="secondary" disabled={busy !== null}>
              {busy === `goal-${goal.goalId}` ? <FormattedMessage id="common.saving" /> : <FormattedMessage id="followUp.goals.save" />}
              <span className="visually-hidden"> {goal.title}</span>
            </button>
            {dirty ? (
              <span className="hint">
                <FormattedMessage id="followUp.unsavedMark" />
              </span>
            ) : null}
          </div>
        </form>
      ) : (
        <dl className="meta">
          <dt>
            <FormattedMessage id="followUp.goals.assessment" />
          </dt>
          <dd>{goal.assessment ? <StatusChip status={goal.assessment} label={intl.formatMessage({ id: `common.narrative.${goal.assessment}` })} /> : <FormattedMessage id="followUp.goals.notAssessed" />}</dd>
          <dt>
            <FormattedMessage id="followUp.goals.text" />
          </dt>
          <dd>{goal.text ?? <FormattedMessage id="common.none" />}</dd>
        </dl>
      )}
    </article>
  );
}

/** The steps a role can take on a report in its status, the reason dialog for return and reopen, and the history. */
function Workflow({
  report,
  role,
  roles,
  onRole,
  unsaved,
  busy,
  onAction,
}: {
  report: ReportDto;
  /** null: this user may neither enter nor review the report. */
  role: Role | null;
  /** The roles this user has for the report's unit; the choice is offered only when there are two. */
  roles: readonly Role[];
  onRole(r: Role): void;
  unsaved: number;
  busy: string | null;
  onAction(action: ReportAction, reason: string | null, onProblem: (e: ApiError) => void): Promise<boolean>;
}) {
  const intl = useIntl();
  const f = useFormat();
  const [dialog, setDialog] = useState<'return' | 'reopen' | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [blocked, setBlocked] = useState(false);

  const actions: ReportAction[] =
    role === null
      ? []
      : role === 'reporter'
      ? report.status === 'draft'
        ? ['submit']
        : []
      : report.status === 'submitted'
        ? ['approve', 'return']
        : report.status === 'approved'
          ? ['lock', 'reopen']
          : report.status === 'locked'
            ? ['reopen']
            : [];

  const take = async (action: ReportAction) => {
    setProblem(null);
    if (action === 'return' || action === 'reopen') {
      setReason('');
      setReasonError(undefined);
      setDialog(action);
      return;
    }
    if (action === 'submit' && unsaved > 0) {
      setBlocked(true);
      return;
    }
    setBlocked(false);
    await onAction(action, null, setProblem);
  };
  const confirm = async () => {
    if (!dialog) return;
    if (reason.trim().length < 3) {
      setReasonError(intl.formatMessage({ id: 'followUp.workflow.reasonRequired' }));
      return;
    }
    const ok = await onAction(dialog, reason.trim(), (e) => {
      const m = e.fieldMessage('/reason');
      if (m) setReasonError(m);
      else setProblem(e);
    });
    if (ok) setDialog(null);
  };

  return (
    <section aria-labelledby="fu-workflow-h">
      <h2 id="fu-workflow-h">
        <FormattedMessage id="followUp.workflow.heading" />
      </h2>
      {roles.length > 1 && role ? (
        <div className="filters fu-filters">
          <Field label={<FormattedMessage id="followUp.workflow.role" />} hint={<FormattedMessage id="followUp.workflow.roleHint" />}>
            {(p) => (
              <select {...p} value={role} onChange={(e) => onRole(e.target.value as Role)}>
                {roles.map((r) => (
                  <option key={r} value={r}>
                    {intl.formatMessage({ id: `followUp.role.${r}` })}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
      ) : null}
      <p>
        <FormattedMessage id={`followUp.workflow.state.${report.status}`} />
      </p>
      {actions.length > 0 ? (
        <div className="fu-actions">
          {actions.map((a) => (
            <button key={a} type="button" className={a === 'return' || a === 'reopen' ? 'secondary' : 'primary'} disabled={busy !== null} onClick={() => void take(a)}>
              {busy === a ? <FormattedMessage id="followUp.workflow.working" /> : <FormattedMessage id={`followUp.workflow.action.${a}`} />}
            </button>
          ))}
        </div>
      ) : (
        <p className="hint">
          <FormattedMessage id={role === null ? 'followUp.workflow.nothingForRole' : `followUp.workflow.nothingFor.${role}`} />
        </p>
      )}
      {blocked && unsaved > 0 ? (
        <div className="error-box" role="alert">
          <p>
            <FormattedMessage id="followUp.workflow.saveFirst" values={{ n: unsaved }} />
          </p>
        </div>
      ) : null}
      {problem ? <ErrorMessage error={problem} /> : null}

      <Dialog open={dialog !== null} title={dialog ? intl.formatMessage({ id: `followUp.workflow.dialog.${dialog}` }) : ''} onClose={() => setDialog(null)}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void confirm();
          }}
        >
          <p>
            <FormattedMessage id={`followUp.workflow.dialogLead.${dialog ?? 'return'}`} />
          </p>
          <Field label={<FormattedMessage id="followUp.workflow.reason" />} hint={<FormattedMessage id="followUp.workflow.reasonHint" />} error={reasonError}>
            {(p) => <textarea {...p} rows={4} value={reason} aria-required="true" onChange={(e) => setReason(e.target.value)} />}
          </Field>
          <div className="dialog-actions">
            <button type="button" className="secondary" onClick={() => setDialog(null)}>
              <FormattedMessage id="common.cancel" />
            </button>
            <button type="submit" className="primary" disabled={busy !== null}>
              {busy === dialog ? <FormattedMessage id="followUp.workflow.working" /> : <FormattedMessage id={`followUp.workflow.action.${dialog ?? 'return'}`} />}
            </button>
          </div>
        </form>
      </Dialog>

      <h3>
        <FormattedMessage id="followUp.history.heading" />
      </h3>
      <ol className="fu-history">
        {report.events.map((e, i) => (
          <li key={`${e.at}-${i}`}>
            <p>
              <strong>{intl.formatMessage({ id: `followUp.history.action.${e.action}`, defaultMessage: e.action })}</strong>
              {' · '}
              <time dateTime={e.at}>{f.dateTime(e.at)}</time>
              {' · '}
              <FormattedMessage id="followUp.history.by" values={{ actor: actorLabel(e) }} />
            </p>
            <p className="hint">
              {e.from ? (
                <FormattedMessage
                  id="followUp.history.fromTo"
                  values={{ from: intl.formatMessage({ id: `common.reportStatus.${e.from}` }), to: intl.formatMessage({ id: `common.reportStatus.${e.to}` }) }}
                />
              ) : (
                <FormattedMessage id="followUp.history.to" values={{ to: intl.formatMessage({ id: `common.reportStatus.${e.to}` }) }} />
              )}
            </p>
            {e.reason ? (
              <blockquote className="fu-reason">
                <span className="visually-hidden">
                  <FormattedMessage id="followUp.history.reason" />{' '}
                </span>
                {e.reason}
              </blockquote>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

