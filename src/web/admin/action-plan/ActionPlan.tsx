import { keepPreviousData, useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useParams, useSearchParams } from 'react-router';
import { ACTIVITY_STATUSES, type ActivityStatus } from '../../../domain/strategy/types.ts';
import type { Compilation, DocumentDto, DocumentTree, ReportDto } from '../../../shared/api/views.ts';
import { api, ApiError, useApi } from '../../ui/api.ts';
import { EmptyState, ErrorMessage, Field, Loading, PageTitle, QueryView, StatusChip } from '../../ui/components.tsx';
import { YearSelect } from '../../ui/YearSelect.tsx';
import { lastFullYear, useTree } from '../../ui/documents.ts';
import { useFormat } from '../../ui/format.ts';
import { latestActionPlan, mainDocument, todayIso, useDocuments, useMunicipality } from '../../ui/municipality.ts';
import { unitPath, useSession } from '../../ui/session.tsx';
import './actionPlan.css';
import {
  applyFilter,
  defaultYear,
  followUpTarget,
  goalRuns,
  isFiltered,
  planGroups,
  planYears,
  problemSpans,
  readFilter,
  responsibleUnits,
  SORT_KEYS,
  writeFilter,
  type FollowUpTarget,
  type PlanActivity,
  type PlanFilter,
  type PlanGroup,
  type ReportSummary,
  type UnitLite,
} from './plan.ts';

type CompiledActivity = Compilation['activities'][number];
interface Period {
  id: string;
  key: string;
  status: 'open' | 'closed';
  lockVersion: number;
}

/**
 * Journey 3, the action plan: the adopted plan's table as it is printed (Mål/delmål, Problem/behov,
 * Aktivitet, Huvudansvar, Tidplan, Uppföljning/resultat), grouped by the plan's areas, with this year's
 * status of each activity, filters that live in the address, and status changes made in the row.
 * Without an id it shows the municipality's latest adopted action plan; a municipality without one
 * gets the activities of its strategy in force, with a note saying so.
 */
export function ActionPlan() {
  const { code, id } = useParams();
  const docs = useDocuments(code!);
  const m = useMunicipality(code!);
  if (id) return <PlanPage code={code!} docId={id} mode="document" />;
  return (
    <QueryView query={docs}>
      {(d) => {
        const plan = latestActionPlan(d.items);
        if (plan) return <PlanPage code={code!} docId={plan.id} mode="plan" />;
        const main = mainDocument(d.items, todayIso());
        if (main) return <PlanPage code={code!} docId={main.id} mode="fallback" municipality={m.data?.name ?? code!} />;
        return <NoDocuments municipality={m.data?.name ?? code!} />;
      }}
    </QueryView>
  );
}

function NoDocuments({ municipality }: { municipality: string }) {
  const intl = useIntl();
  return (
    <>
      <PageTitle title={intl.formatMessage({ id: 'actionPlan.title' })} subtitle={municipality} />
      <EmptyState title={<FormattedMessage id="actionPlan.noDocuments" values={{ municipality }} />}>
        <p>
          <FormattedMessage id="actionPlan.noDocumentsHelp" />
        </p>
      </EmptyState>
    </>
  );
}

function PlanPage({ code, docId, mode, municipality }: { code: string; docId: string; mode: 'plan' | 'document' | 'fallback'; municipality?: string }) {
  const tree = useTree(docId);
  return <QueryView query={tree}>{(t) => <PlanView code={code} tree={t} mode={mode} municipality={municipality ?? ''} />}</QueryView>;
}

function PlanView({ code, tree, mode, municipality }: { code: string; tree: DocumentTree; mode: 'plan' | 'document' | 'fallback'; municipality: string }) {
  const intl = useIntl();
  const f = useFormat();
  const doc = tree.document;
  const isPlan = doc.type === 'action_plan';
  const [params, setParams] = useSearchParams();
  // React Router hands a functional update the address of the last render, so two changes made before
  // the next render (a year, then at once a unit) would undo each other: the latest address is kept here.
  const latest = useRef(params);
  latest.current = params;
  const updateParams = (change: (prev: URLSearchParams) => URLSearchParams) => {
    const next = change(latest.current);
    latest.current = next;
    setParams(next, { replace: true });
  };
  const today = todayIso();
  const year = Number(params.get('year')) || defaultYear(doc, today, lastFullYear());
  const filter = readFilter(params);
  const groups = useMemo(() => planGroups(tree, { goalRows: isPlan }), [tree, isPlan]);
  const total = groups.reduce((n, g) => n + g.rows.filter((r) => r.activity).length, 0);
  const docName = doc.title;
  const title = mode === 'fallback' ? intl.formatMessage({ id: 'actionPlan.fallback.title' }, { title: docName }) : docName;
  const subtitle =
    mode === 'fallback'
      ? intl.formatMessage({ id: 'actionPlan.fallback.subtitle' }, { municipality })
      : [doc.typeLabel ?? intl.formatMessage({ id: `common.documentType.${doc.type}` }), doc.adoptedBy ? [doc.adoptedBy.body, doc.adoptedBy.paragraph].filter(Boolean).join(' ') : null, doc.decisionDate ? f.date(doc.decisionDate) : null]
          .filter(Boolean)
          .join(' · ');
  const ended = doc.validUntil !== null && doc.validUntil < today && !doc.validIndefinitely;

  return (
    <div className="action-plan">
      <PageTitle title={title} subtitle={subtitle}>
        {total > 0 ? (
          <button type="button" className="secondary" onClick={() => window.print()}>
            <FormattedMessage id="actionPlan.print" />
          </button>
        ) : null}
        <Link className="button secondary" to={`/m/${code}/documents/${doc.id}`}>
          <FormattedMessage id="actionPlan.openDocument" />
        </Link>
      </PageTitle>
      {mode === 'fallback' ? (
        <p className="notice">
          <FormattedMessage id="actionPlan.fallback.notice" values={{ municipality, title: docName }} />
        </p>
      ) : !isPlan ? (
        <p className="notice">
          <FormattedMessage id="actionPlan.notPlan.notice" values={{ title: docName, type: doc.typeLabel ?? intl.formatMessage({ id: `common.documentType.${doc.type}` }) }} />
        </p>
      ) : null}
      <PlanMeta doc={doc} />
      {ended && isPlan ? (
        <p className="notice ap-screen-only">
          <FormattedMessage id={year === defaultYear(doc, today, lastFullYear()) ? 'actionPlan.ended' : 'actionPlan.endedOther'} values={{ date: f.date(doc.validUntil), year }} />
        </p>
      ) : null}
      {total === 0 ? (
        <EmptyState title={<FormattedMessage id="actionPlan.noActivities" values={{ title: docName }} />}>
          <p>
            <FormattedMessage id={mode === 'fallback' ? 'actionPlan.fallback.emptyHelp' : 'actionPlan.noActivitiesHelp'} />
          </p>
          <p>
            <Link to={`/m/${code}/documents/${doc.id}`}>
              <FormattedMessage id="actionPlan.openNamed" values={{ title: docName }} />
            </Link>
          </p>
        </EmptyState>
      ) : (
        <FollowUpTable
          code={code}
          doc={doc}
          groups={groups}
          year={year}
          filter={filter}
          // Updates start from the address as it is now, so two quick changes do not undo each other.
          onYear={(y) =>
            updateParams((prev) => {
              const next = new URLSearchParams(prev);
              next.set('year', String(y));
              return next;
            })
          }
          onFilter={(nf) => updateParams((prev) => writeFilter(prev, nf))}
        />
      )}
    </div>
  );
}

function PlanMeta({ doc }: { doc: DocumentDto }) {
  const f = useFormat();
  const intl = useIntl();
  const rows: Array<[string, string]> = [];
  if (doc.adoptedBy) rows.push(['actionPlan.meta.adoptedBy', [doc.adoptedBy.body, doc.adoptedBy.paragraph].filter(Boolean).join(' ')]);
  if (doc.decisionDate) rows.push(['actionPlan.meta.decisionDate', f.date(doc.decisionDate)]);
  if (doc.caseNumber) rows.push(['actionPlan.meta.caseNumber', doc.caseNumber]);
  if (doc.owner) rows.push(['actionPlan.meta.owner', doc.owner]);
  if (doc.appliesTo) rows.push(['actionPlan.meta.appliesTo', doc.appliesTo]);
  if (doc.validIndefinitely) rows.push(['actionPlan.meta.validUntil', intl.formatMessage({ id: 'actionPlan.meta.untilFurther' })]);
  else if (doc.validUntil) rows.push(['actionPlan.meta.validUntil', f.date(doc.validUntil)]);
  rows.push(['actionPlan.meta.status', intl.formatMessage({ id: `common.documentStatus.${doc.status}` })]);
  return (
    <dl className="meta ap-meta">
      {rows.map(([k, v]) => (
        <div key={k} className="ap-meta-item">
          <dt>
            <FormattedMessage id={k} />
          </dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function FollowUpTable({
  code,
  doc,
  groups,
  year,
  filter,
  onYear,
  onFilter,
}: {
  code: string;
  doc: DocumentDto;
  groups: PlanGroup[];
  year: number;
  filter: PlanFilter;
  onYear(y: number): void;
  onFilter(f: PlanFilter): void;
}) {
  const intl = useIntl();
  const comp = useApi<Compilation>(`/api/v1/documents/${doc.id}/compilation?year=${year}`, { placeholderData: keepPreviousData });
  const reports = useApi<ReportSummary[]>(`/api/v1/documents/${doc.id}/reports?period=${year}`, { placeholderData: keepPreviousData });
  const periods = useApi<Period[]>(`/api/v1/municipalities/${code}/periods?year=${year}`, { placeholderData: keepPreviousData });
  const units = useApi<{ items: UnitLite[] }>(`/api/v1/municipalities/${code}/units?limit=500`);
  const years = planYears(doc, lastFullYear(), year);
  const unitNames = useMemo(() => responsibleUnits(groups), [groups]);
  const compiled = useMemo(() => new Map((comp.data?.activities ?? []).map((a) => [a.key, a])), [comp.data]);
  const statusOf = (key: string): ActivityStatus => compiled.get(key)?.status ?? 'planned';
  const view = applyFilter(groups, filter, statusOf);
  const areaOptions = groups.filter((g) => g.kind === 'area');
  const period = periods.data?.find((p) => p.key === String(year));
  const periodStatus = periods.data ? (period?.status ?? 'missing') : 'open';
  const error = comp.error ?? reports.error ?? periods.error ?? units.error;
  const ready = comp.data && reports.data && periods.data && units.data;
  const [announcement, setAnnouncement] = useState('');
  const { can } = useSession();
  // A status is recorded in the reporting unit's report: by someone who may enter it (a reporter for the unit or above, or more).
  const targetOf = (a: PlanActivity): ShownTarget => {
    const t = followUpTarget(a, { reportedBy: compiled.get(a.key)?.reportedBy ?? null, reports: reports.data ?? [], units: units.data?.items ?? [], periodStatus, documentStatus: doc.status });
    if (t.kind === 'editable' && !can('followup.enter', { municipalityCode: code, unitPath: unitPath(t.unit.id, units.data?.items) })) return { kind: 'notYours', unit: t.unit.name };
    return t;
  };
  const anyLocked = ready ? view.groups.some((g) => g.rows.some((r) => r.activity && targetOf(r.activity).kind === 'reportLocked')) : false;

  return (
    <>
      <form className="filters ap-filters" aria-label={intl.formatMessage({ id: 'actionPlan.filters' })} onSubmit={(e) => e.preventDefault()}>
        <YearSelect id="ap-year" label={<FormattedMessage id="actionPlan.year" />} years={years} value={year} onChange={onYear} />
        {areaOptions.length > 1 ? (
          <div className="field">
            <label htmlFor="ap-area">
              <FormattedMessage id="actionPlan.filter.area" />
            </label>
            <select id="ap-area" value={filter.area ?? ''} onChange={(e) => onFilter({ ...filter, area: e.target.value || null })}>
              <option value="">{intl.formatMessage({ id: 'actionPlan.filter.allAreas' })}</option>
              {areaOptions.map((g) => (
                <option key={g.key} value={g.key}>
                  {g.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="field ap-wide">
          <label htmlFor="ap-unit">
            <FormattedMessage id="actionPlan.filter.unit" />
          </label>
          <select id="ap-unit" value={filter.unit ?? ''} onChange={(e) => onFilter({ ...filter, unit: e.target.value || null })}>
            <option value="">{intl.formatMessage({ id: 'actionPlan.filter.allUnits' })}</option>
            {unitNames.map((u) => (
              <option key={u} value={u}>
                {u}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="ap-status">
            <FormattedMessage id="actionPlan.filter.status" values={{ year }} />
          </label>
          <select id="ap-status" value={filter.status ?? ''} onChange={(e) => onFilter({ ...filter, status: (e.target.value || null) as ActivityStatus | null })}>
            <option value="">{intl.formatMessage({ id: 'actionPlan.filter.allStatuses' })}</option>
            {ACTIVITY_STATUSES.map((s) => (
              <option key={s} value={s}>
                {intl.formatMessage({ id: `common.activityStatus.${s}` })}
              </option>
            ))}
          </select>
        </div>
        <div className="field ap-wide">
          <label htmlFor="ap-sort">
            <FormattedMessage id="actionPlan.sortLabel" />
          </label>
          <select id="ap-sort" value={filter.sort} onChange={(e) => onFilter({ ...filter, sort: e.target.value as PlanFilter['sort'] })}>
            {SORT_KEYS.map((s) => (
              <option key={s} value={s}>
                {intl.formatMessage({ id: `actionPlan.sort.${s}` })}
              </option>
            ))}
          </select>
        </div>
        {isFiltered(filter) ? (
          <div className="field ap-reset">
            <button type="button" className="secondary" onClick={() => onFilter({ ...filter, area: null, unit: null, status: null })}>
              <FormattedMessage id="actionPlan.filter.reset" />
            </button>
          </div>
        ) : null}
      </form>
      <p className="ap-count" role="status">
        {ready ? <FormattedMessage id="actionPlan.count" values={{ shown: view.shown, total: view.total }} /> : null}
      </p>
      <p className="visually-hidden" role="status" aria-live="polite" data-testid="ap-announcement">
        {announcement}
      </p>
      {error ? (
        <ErrorMessage error={error} />
      ) : !ready ? (
        <Loading />
      ) : (
        <>
          <PeriodNotice code={code} year={year} status={periodStatus} onOpened={() => setAnnouncement(intl.formatMessage({ id: 'actionPlan.period.opened' }, { year }))} />
          {anyLocked ? (
            <p className="notice ap-screen-only">
              <FormattedMessage id="actionPlan.lockedNotice" />
            </p>
          ) : null}
          {view.shown === 0 ? (
            <EmptyState title={<FormattedMessage id="actionPlan.noMatch" />}>
              <button type="button" className="secondary" onClick={() => onFilter({ ...filter, area: null, unit: null, status: null })}>
                <FormattedMessage id="actionPlan.filter.reset" />
              </button>
            </EmptyState>
          ) : (
            view.groups.map((g) => (
              <AreaTable
                key={`${g.key}-${year}`}
                group={g}
                year={year}
                code={code}
                doc={doc}
                compiled={compiled}
                targetOf={targetOf}
                announce={setAnnouncement}
              />
            ))
          )}
        </>
      )}
    </>
  );
}

/** Where a status is recorded, or why not; 'notYours': the user's role does not reach the unit that reports it. */
type ShownTarget = FollowUpTarget | { kind: 'notYours'; unit: string };

function PeriodNotice({ code, year, status, onOpened }: { code: string; year: number; status: 'open' | 'closed' | 'missing'; onOpened(): void }) {
  const qc = useQueryClient();
  // Opening a year is the strategists' work.
  const mayOpen = useSession().can('followup.manage', { municipalityCode: code });
  const open = useMutation<unknown, ApiError>({
    mutationFn: () => api(`/api/v1/municipalities/${code}/periods`, { method: 'POST', body: { year } }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: [`/api/v1/municipalities/${code}/periods?year=${year}`] });
      onOpened();
    },
  });
  if (status === 'open') return null;
  if (status === 'closed') {
    return (
      <p className="notice">
        <FormattedMessage id="actionPlan.period.closed" values={{ year }} />
      </p>
    );
  }
  return (
    <div className="notice">
      <p>
        <FormattedMessage id="actionPlan.period.missing" values={{ year }} />
      </p>
      {mayOpen ? (
        <button type="button" className="secondary" disabled={open.isPending} onClick={() => open.mutate()}>
          <FormattedMessage id="actionPlan.period.open" values={{ year }} />
        </button>
      ) : null}
      <ErrorMessage error={open.error} />
    </div>
  );
}

function AreaTable({
  group,
  year,
  code,
  doc,
  compiled,
  targetOf,
  announce,
}: {
  group: PlanGroup;
  year: number;
  code: string;
  doc: DocumentDto;
  compiled: Map<string, CompiledActivity>;
  targetOf(a: PlanActivity): ShownTarget;
  announce(text: string): void;
}) {
  const intl = useIntl();
  const headingId = useId();
  const name = group.kind === 'area' ? group.name! : intl.formatMessage({ id: group.kind === 'noArea' ? 'actionPlan.group.noArea' : 'actionPlan.group.other' });
  const cols = {
    goal: intl.formatMessage({ id: 'actionPlan.col.goal' }),
    problem: intl.formatMessage({ id: 'actionPlan.col.problem' }),
    activity: intl.formatMessage({ id: 'actionPlan.col.activity' }),
    responsible: intl.formatMessage({ id: 'actionPlan.col.responsible' }),
    timeline: intl.formatMessage({ id: 'actionPlan.col.timeline' }),
    followUp: intl.formatMessage({ id: 'actionPlan.col.followUp' }, { year }),
  };
  return (
    <section className="ap-area" aria-labelledby={headingId}>
      <h2 id={headingId}>{name}</h2>
      <div className="table-scroll ap-scroll" tabIndex={0} role="region" aria-label={intl.formatMessage({ id: 'actionPlan.tableRegion' }, { area: name })}>
        <table className="ap-table">
          <caption className="visually-hidden">
            <FormattedMessage id="actionPlan.caption" values={{ area: name, title: doc.title, year }} />
          </caption>
          <colgroup>
            <col className="ap-col-goal" />
            <col className="ap-col-problem" />
            <col className="ap-col-activity" />
            <col className="ap-col-responsible" />
            <col className="ap-col-timeline" />
            <col className="ap-col-followup" />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">{group.kind === 'area' ? intl.formatMessage({ id: 'actionPlan.col.goalInArea' }, { area: name }) : cols.goal}</th>
              <th scope="col">{cols.problem}</th>
              <th scope="col">{cols.activity}</th>
              <th scope="col">{cols.responsible}</th>
              <th scope="col">{cols.timeline}</th>
              <th scope="col">{cols.followUp}</th>
            </tr>
          </thead>
          {goalRuns(group.rows).map((run) => {
            const spans = problemSpans(run.rows);
            return (
              <tbody key={run.rows[0]!.activity?.id ?? `goal-${run.goal?.id}`}>
                {run.rows.map((row, i) => (
                  <tr key={row.activity?.id ?? `goal-${row.goal?.id}`} className={row.activity ? undefined : 'ap-goal-only'}>
                    {i === 0 ? (
                      <th scope="rowgroup" rowSpan={run.rows.length} data-label={cols.goal} className="ap-goal">
                        {run.goal?.title ?? ''}
                      </th>
                    ) : null}
                    {row.activity ? (
                      <ActivityCells
                        activity={row.activity}
                        problemSpan={spans[i]!}
                        cols={cols}
                        year={year}
                        code={code}
                        doc={doc}
                        goalTitle={run.goal?.title ?? null}
                        compiled={compiled.get(row.activity.key)}
                        target={targetOf(row.activity)}
                        announce={announce}
                      />
                    ) : (
                      <>
                        <td data-label={cols.problem} />
                        <td data-label={cols.activity} />
                        <td data-label={cols.responsible} />
                        <td data-label={cols.timeline} />
                        <td data-label={cols.followUp} />
                      </>
                    )}
                  </tr>
                ))}
              </tbody>
            );
          })}
        </table>
      </div>
    </section>
  );
}

function ActivityCells({
  activity: a,
  problemSpan,
  cols,
  year,
  code,
  doc,
  goalTitle,
  compiled,
  target,
  announce,
}: {
  activity: PlanActivity;
  problemSpan: number;
  cols: Record<'goal' | 'problem' | 'activity' | 'responsible' | 'timeline' | 'followUp', string>;
  year: number;
  code: string;
  doc: DocumentDto;
  goalTitle: string | null;
  compiled: CompiledActivity | undefined;
  target: ShownTarget;
  announce(text: string): void;
}) {
  const f = useFormat();
  const responsible =
    a.responsibleText ??
    (a.responsible
      .map((r) => [r.role, r.unit].filter(Boolean).join(', '))
      .filter(Boolean)
      .join('; ') ||
      '');
  const timeline = a.timelineText ?? (a.start || a.end ? `${f.date(a.start)} – ${f.date(a.end)}` : '');
  return (
    <>
      {problemSpan > 0 ? (
        <td rowSpan={problemSpan} data-label={cols.problem}>
          {a.problem ?? ''}
        </td>
      ) : null}
      <td data-label={cols.activity} className="ap-activity">
        {a.description ?? ''}
      </td>
      <td data-label={cols.responsible}>{responsible}</td>
      <td data-label={cols.timeline}>{timeline}</td>
      <td data-label={cols.followUp} className="ap-followup">
        <FollowUpCell activity={a} year={year} code={code} doc={doc} goalTitle={goalTitle} compiled={compiled} target={target} announce={announce} />
      </td>
    </>
  );
}

function FollowUpCell({
  activity: a,
  year,
  code,
  doc,
  goalTitle,
  compiled,
  target,
  announce,
}: {
  activity: PlanActivity;
  year: number;
  code: string;
  doc: DocumentDto;
  goalTitle: string | null;
  compiled: CompiledActivity | undefined;
  target: ShownTarget;
  announce(text: string): void;
}) {
  const intl = useIntl();
  const qc = useQueryClient();
  const status = compiled?.status ?? a.status;
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const [choice, setChoice] = useState<{ status: ActivityStatus; comment: string }>({ status, comment: '' });
  const editButton = useRef<HTMLButtonElement>(null);
  const selectRef = useRef<HTMLSelectElement>(null);
  const formId = useId();
  const descId = useId();
  const name = a.description ?? intl.formatMessage({ id: 'actionPlan.unnamedActivity' }, { goal: goalTitle ?? '' });
  const reportsKey = `/api/v1/documents/${doc.id}/reports?period=${year}`;
  const periodsKey = `/api/v1/municipalities/${code}/periods?year=${year}`;

  const save = useMutation<ReportDto, ApiError, { status: ActivityStatus; comment: string }>({
    mutationFn: async (input) => {
      if (target.kind !== 'editable') throw new Error('not editable');
      const report = target.report
        ? await api<ReportDto>(`/api/v1/reports/${target.report.id}`)
        : await api<ReportDto>(`/api/v1/documents/${doc.id}/reports`, { method: 'POST', body: { unitId: target.unit.id, period: String(year) } });
      const existing = report.activities.find((x) => x.activityId === a.id)?.followUp ?? null;
      return api<ReportDto>(`/api/v1/reports/${report.id}/activities/${a.id}`, {
        method: 'PUT',
        body: {
          lockVersion: report.lockVersion,
          status: input.status,
          comment: input.comment.trim() || null,
          evidenceUrl: existing?.evidenceUrl ?? null,
          ...(existing && existing.status === input.status ? { progress: existing.progress } : {}),
        },
      });
    },
    onSettled: () =>
      Promise.all([qc.invalidateQueries({ queryKey: [reportsKey] }), qc.invalidateQueries({ queryKey: [`/api/v1/documents/${doc.id}/compilation?year=${year}`] })]),
    onSuccess: (_r, input) => {
      setEditing(false);
      setSaved(true);
      announce(intl.formatMessage({ id: 'actionPlan.savedAnnouncement' }, { activity: name, status: intl.formatMessage({ id: `common.activityStatus.${input.status}` }) }));
    },
  });
  const openYear = useMutation<unknown, ApiError>({
    mutationFn: () => api(`/api/v1/municipalities/${code}/periods`, { method: 'POST', body: { year } }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: [periodsKey] });
      save.reset();
    },
  });

  useEffect(() => {
    if (editing) selectRef.current?.focus();
  }, [editing]);
  useEffect(() => {
    if (saved) editButton.current?.focus();
  }, [saved]);

  const start = () => {
    setChoice({ status, comment: compiled?.reportedBy && target.kind === 'editable' && target.unit.name === compiled.reportedBy ? (compiled.comment ?? '') : '' });
    setSaved(false);
    save.reset();
    setEditing(true);
  };
  const cancel = () => {
    setEditing(false);
    save.reset();
    requestAnimationFrame(() => editButton.current?.focus());
  };
  const err = save.error;
  const periodMissing = err?.fieldMessage('/period') !== undefined;
  const known = err && (periodMissing || err.code === 'document_frozen' || err.code === 'version_conflict' || err.status === 0);

  return (
    <div className="ap-fu">
      <div className="ap-fu-status ap-status-cell">
        <StatusChip status={status} label={intl.formatMessage({ id: `common.activityStatus.${status}` })} />
        {compiled?.progress !== null && compiled?.progress !== undefined && status === 'ongoing' ? (
          <span className="ap-progress">
            <FormattedMessage id="actionPlan.progress" values={{ progress: intl.formatNumber(compiled.progress / 100, { style: 'percent' }) }} />
          </span>
        ) : null}
      </div>
      {compiled?.comment ? <p className="ap-comment">{compiled.comment}</p> : null}
      <p className="hint">
        {compiled?.reportedBy ? (
          <FormattedMessage id="actionPlan.reportedBy" values={{ unit: compiled.reportedBy, year }} />
        ) : (
          <FormattedMessage id="actionPlan.notReported" values={{ year }} />
        )}
      </p>
      {a.followUpText ? (
        <p className="ap-plan-followup">
          <FormattedMessage id="actionPlan.planFollowUp" values={{ text: a.followUpText }} />
        </p>
      ) : null}
      <div className="ap-edit">
        {target.kind === 'editable' ? (
          editing ? (
            <form
              id={formId}
              className="ap-form"
              aria-label={intl.formatMessage({ id: 'actionPlan.form.label' }, { year, activity: name })}
              onSubmit={(e) => {
                e.preventDefault();
                save.mutate(choice);
              }}
              onKeyDown={(e) => {
                if (e.key === 'Escape') {
                  e.preventDefault();
                  cancel();
                }
              }}
            >
              <Field label={<FormattedMessage id="actionPlan.form.status" values={{ year }} />} error={err?.fieldMessage('/status')}>
                {(p) => (
                  <select {...p} ref={selectRef} value={choice.status} onChange={(e) => setChoice({ ...choice, status: e.target.value as ActivityStatus })}>
                    {ACTIVITY_STATUSES.map((s) => (
                      <option key={s} value={s}>
                        {intl.formatMessage({ id: `common.activityStatus.${s}` })}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label={<FormattedMessage id="actionPlan.form.comment" />} error={err?.fieldMessage('/comment')}>
                {(p) => <textarea {...p} rows={3} maxLength={5000} value={choice.comment} onChange={(e) => setChoice({ ...choice, comment: e.target.value })} />}
              </Field>
              <p className="hint">
                {target.report ? (
                  <FormattedMessage id="actionPlan.form.into" values={{ unit: target.unit.name, year }} />
                ) : (
                  <FormattedMessage id="actionPlan.form.createReport" values={{ unit: target.unit.name, year }} />
                )}
              </p>
              {err ? (
                known ? (
                  <div className="error-box" role="alert">
                    <p>
                      {periodMissing ? (
                        <FormattedMessage id="actionPlan.error.periodMissing" values={{ year }} />
                      ) : err.code === 'version_conflict' ? (
                        <FormattedMessage id="actionPlan.error.conflict" />
                      ) : err.status === 0 ? (
                        <FormattedMessage id="common.networkError" />
                      ) : err.body.periodStatus === 'closed' ? (
                        <FormattedMessage id="actionPlan.period.closed" values={{ year }} />
                      ) : (
                        <FormattedMessage id="actionPlan.error.frozen" values={{ status: String(err.body.reportStatus ?? 'locked'), unit: target.unit.name, year }} />
                      )}
                    </p>
                    {periodMissing ? (
                      <button type="button" className="secondary" disabled={openYear.isPending} onClick={() => openYear.mutate()}>
                        <FormattedMessage id="actionPlan.period.open" values={{ year }} />
                      </button>
                    ) : null}
                    <ErrorMessage error={openYear.error} />
                  </div>
                ) : (
                  <ErrorMessage error={err} />
                )
              ) : null}
              <div className="ap-form-actions">
                <button type="submit" className="primary" disabled={save.isPending}>
                  {save.isPending ? <FormattedMessage id="common.saving" /> : <FormattedMessage id="common.save" />}
                </button>
                <button type="button" className="secondary" onClick={cancel}>
                  <FormattedMessage id="common.cancel" />
                </button>
              </div>
            </form>
          ) : (
            // The row tells which activity; the activity's text is the button's description, not its name.
            <>
              <button type="button" className="secondary ap-edit-button" ref={editButton} onClick={start} aria-describedby={descId}>
                <FormattedMessage id="actionPlan.edit" />
              </button>
              <span id={descId} hidden>
                <FormattedMessage id="actionPlan.editFor" values={{ activity: name }} />
              </span>
            </>
          )
        ) : (
          <p className="ap-locked">
            <span className="ap-locked-mark" aria-hidden="true" />
            {target.kind === 'reportLocked' ? (
              <FormattedMessage id="actionPlan.locked.report" values={{ unit: target.unit, year, status: target.status }} />
            ) : target.kind === 'periodClosed' ? (
              <FormattedMessage id="actionPlan.locked.period" values={{ year }} />
            ) : target.kind === 'notAdopted' ? (
              <FormattedMessage id="actionPlan.locked.notAdopted" />
            ) : target.kind === 'notYours' ? (
              <FormattedMessage id="actionPlan.locked.role" values={{ unit: target.unit }} />
            ) : (
              <FormattedMessage id="actionPlan.locked.noUnit" />
            )}
          </p>
        )}
        {saved ? (
          <span className="ap-saved">
            <span className="ap-saved-mark" aria-hidden="true" />
            <FormattedMessage id="common.saved" />
          </span>
        ) : null}
      </div>
    </div>
  );
}
