import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type CSSProperties } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type { PeriodScheme } from '../../../domain/periods/period.ts';
import type { ReportDto } from '../../../shared/api/views.ts';
import { api, ApiError, useApi } from '../../ui/api.ts';
import { EmptyState, ErrorMessage, Field, Loading, PageTitle, QueryView, StatusChip } from '../../ui/components.tsx';
import { lastFullYear, useTree } from '../../ui/documents.ts';
import { mainDocument, todayIso, useDocuments, useMunicipality, type DocumentSummary } from '../../ui/municipality.ts';
import { defaultPeriod, flatten, orderUnits, unitScope, type PeriodDto, type ReportSummary, type UnitNode } from './grid.ts';
import { unitPath, useSession } from '../../ui/session.tsx';
import { usePeriodLabel } from './labels.ts';
import './follow-up.css';

/** Documents a unit can report on: adopted ones (and earlier adopted versions, for old periods). */
const FOLLOWED: DocumentSummary['status'][] = ['adopted', 'superseded', 'expired'];
const SCHEMES: PeriodScheme[] = ['year_interim', 'year_tertials', 'year_quarters', 'year'];

/**
 * Follow-up: choose the document and the period, and see every unit's report for it with its
 * status; start a unit's report and open it. A year that has not been opened for follow-up is
 * opened here with its periods.
 */
export function FollowUp() {
  const { code } = useParams();
  const intl = useIntl();
  const [params, setParams] = useSearchParams();
  const m = useMunicipality(code!);
  const docs = useDocuments(code!);
  const periods = useApi<PeriodDto[]>(`/api/v1/municipalities/${code}/periods`);
  const periodLabel = usePeriodLabel();
  const { can } = useSession();
  // Opening a year is the strategists' work; the others see the periods there are.
  const mayOpen = can('followup.manage', { municipalityCode: code! });

  const followed = (docs.data?.items ?? []).filter((d) => FOLLOWED.includes(d.status));
  const main = docs.data ? mainDocument(docs.data.items, todayIso()) : undefined;
  // The document and period in the address, else the strategy in force and the last full year.
  const doc = followed.find((d) => d.id === params.get('document')) ?? followed.find((d) => d.id === main?.id) ?? followed[0];
  const period = periods.data?.find((p) => p.key === params.get('period')) ?? periods.data?.find((p) => p.key === defaultPeriod(periods.data ?? [], lastFullYear()));
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next, { replace: true });
  };

  return (
    <>
      <PageTitle title={intl.formatMessage({ id: 'followUp.title' })} subtitle={intl.formatMessage({ id: 'followUp.lead' }, { name: m.data?.name ?? code })} />
      <QueryView query={docs}>
        {() =>
          followed.length === 0 ? (
            <EmptyState title={<FormattedMessage id="followUp.noDocuments" />}>
              <p>
                <FormattedMessage id="followUp.noDocumentsHelp" />{' '}
                <Link to={`/m/${code}`}>
                  <FormattedMessage id="followUp.toOverview" />
                </Link>
              </p>
            </EmptyState>
          ) : (
            <QueryView query={periods}>
              {(ps) => (
                <>
                  <div className="filters fu-filters" role="group" aria-label={intl.formatMessage({ id: 'followUp.choose' })}>
                    <div className="field">
                      <label htmlFor="fu-document">
                        <FormattedMessage id="followUp.document" />
                      </label>
                      <select id="fu-document" value={doc?.id ?? ''} onChange={(e) => set('document', e.target.value)}>
                        {followed.map((d) => (
                          <option key={d.id} value={d.id}>
                            {intl.formatMessage(
                              { id: 'followUp.documentOption' },
                              { title: d.title, version: d.version, status: intl.formatMessage({ id: `common.documentStatus.${d.status}` }) },
                            )}
                          </option>
                        ))}
                      </select>
                    </div>
                    {ps.length > 0 ? (
                      <div className="field">
                        <label htmlFor="fu-period">
                          <FormattedMessage id="followUp.period" />
                        </label>
                        <select id="fu-period" value={period?.key ?? ''} onChange={(e) => set('period', e.target.value)}>
                          {[...new Set(ps.map((p) => p.year))]
                            .sort((a, b) => b - a)
                            .map((y) => (
                              <optgroup key={y} label={String(y)}>
                                {ps
                                  .filter((p) => p.year === y)
                                  .map((p) => (
                                    <option key={p.key} value={p.key}>
                                      {p.status === 'closed' ? intl.formatMessage({ id: 'followUp.periodClosedOption' }, { period: periodLabel(p.key) }) : periodLabel(p.key)}
                                    </option>
                                  ))}
                              </optgroup>
                            ))}
                        </select>
                      </div>
                    ) : null}
                  </div>
                  {!ps.some((p) => p.status === 'open') ? (
                    <EmptyState title={<FormattedMessage id="followUp.noOpenPeriod" />}>
                      <p>
                        <FormattedMessage id="followUp.noOpenPeriodHelp" />
                      </p>
                      {mayOpen ? <OpenYear code={code!} periods={ps} prominent onOpened={(key) => set('period', key)} /> : null}
                    </EmptyState>
                  ) : null}
                  {doc && period ? <ReportList code={code!} doc={doc} period={period} /> : null}
                  {mayOpen && ps.some((p) => p.status === 'open') ? (
                    <details className="fu-open-year">
                      <summary>
                        <FormattedMessage id="followUp.openYear.summary" />
                      </summary>
                      <OpenYear code={code!} periods={ps} onOpened={(key) => set('period', key)} />
                    </details>
                  ) : null}
                </>
              )}
            </QueryView>
          )
        }
      </QueryView>
    </>
  );
}

/** Opens a year for follow-up: POST /municipalities/:code/periods with the scheme of its periods. */
function OpenYear({ code, periods, prominent, onOpened }: { code: string; periods: PeriodDto[]; prominent?: boolean; onOpened(key: string): void }) {
  const intl = useIntl();
  const qc = useQueryClient();
  const periodLabel = usePeriodLabel();
  const years = new Set(periods.map((p) => p.year));
  const suggested = !years.has(lastFullYear()) ? lastFullYear() : Math.max(...years) + 1;
  const [year, setYear] = useState(String(suggested));
  const [scheme, setScheme] = useState<PeriodScheme>('year_interim');
  const [done, setDone] = useState<{ year: string; keys: string[] } | null>(null);
  const open = useMutation<PeriodDto[], ApiError>({
    mutationFn: () => api<PeriodDto[]>(`/api/v1/municipalities/${code}/periods`, { method: 'POST', body: { year: Number(year), scheme } }),
    onSuccess: async (created) => {
      await qc.invalidateQueries({ queryKey: [`/api/v1/municipalities/${code}/periods`] });
      setDone({ year, keys: created.map((p) => p.key) });
      const full = created.find((p) => p.kind === 'year');
      if (full) onOpened(full.key);
    },
  });
  const yearNumber = Number(year);
  const yearError = open.error?.fieldMessage('/year') ?? (year !== '' && (!Number.isInteger(yearNumber) || yearNumber < 1900 || yearNumber > 2200) ? intl.formatMessage({ id: 'followUp.openYear.badYear' }) : undefined);
  return (
    <form
      className={prominent ? 'fu-open-form prominent' : 'fu-open-form'}
      onSubmit={(e) => {
        e.preventDefault();
        if (!yearError && year !== '') open.mutate();
      }}
    >
      <div className="filters fu-filters">
        <Field label={<FormattedMessage id="followUp.openYear.year" />} error={yearError}>
          {(p) => <input {...p} type="number" inputMode="numeric" min={1900} max={2200} value={year} onChange={(e) => setYear(e.target.value)} className="fu-year-input" />}
        </Field>
        <Field label={<FormattedMessage id="followUp.openYear.scheme" />} error={open.error?.fieldMessage('/scheme')}>
          {(p) => (
            <select {...p} value={scheme} onChange={(e) => setScheme(e.target.value as PeriodScheme)}>
              {SCHEMES.map((s) => (
                <option key={s} value={s}>
                  {intl.formatMessage({ id: `followUp.scheme.${s}` })}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="field">
          <button type="submit" className="primary" disabled={open.isPending}>
            {open.isPending ? <FormattedMessage id="followUp.openYear.opening" /> : <FormattedMessage id="followUp.openYear.button" values={{ year: year || '…' }} />}
          </button>
        </div>
      </div>
      {open.error && !open.error.fieldMessage('/year') ? <ErrorMessage error={open.error} /> : null}
      <p role="status" className="fu-status">
        {done ? intl.formatMessage({ id: 'followUp.openYear.done' }, { year: done.year, periods: done.keys.map(periodLabel).join(', ') }) : null}
      </p>
    </form>
  );
}

interface UnitDto extends UnitNode {
  lockVersion: number;
}

/** Every unit with its report for the period (or none yet), what it reports on, and the way in. */
function ReportList({ code, doc, period }: { code: string; doc: DocumentSummary; period: PeriodDto }) {
  const intl = useIntl();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const periodLabel = usePeriodLabel();
  const captionId = useId();
  const reportsPath = `/api/v1/documents/${doc.id}/reports?period=${encodeURIComponent(period.key)}`;
  const reports = useApi<ReportSummary[]>(reportsPath);
  const units = useApi<{ items: UnitDto[] }>(`/api/v1/municipalities/${code}/units?limit=500`);
  const tree = useTree(doc.id);
  const { can } = useSession();
  const start = useMutation<ReportDto, ApiError, UnitDto>({
    mutationFn: (u) => api<ReportDto>(`/api/v1/documents/${doc.id}/reports`, { method: 'POST', body: { unitId: u.id, period: period.key } }),
    onSuccess: async (r) => {
      await qc.invalidateQueries({ queryKey: [reportsPath] });
      navigate(`/m/${code}/reports/${r.id}`);
    },
    onError: () => qc.invalidateQueries({ queryKey: [reportsPath] }),
  });
  const label = periodLabel(period.key);
  if (reports.error || units.error || tree.error) return <ErrorMessage error={reports.error ?? units.error ?? tree.error} />;
  if (!reports.data || !units.data || !tree.data) return <Loading />;

  const flat = flatten(tree.data);
  const byUnit = new Map(reports.data.map((r) => [r.unit.id, r]));
  const all = units.data.items;
  // A body outside the municipality at the top of the list (Arbetsförmedlingen) reports only if it already has a report.
  const listed = orderUnits(all).filter((u) => !(u.type === 'other' && u.parentId === null) || byUnit.has(u.id));
  const scopes = new Map(listed.map((u) => [u.id, unitScope(u, all, flat)]));
  const hasScope = (id: string) => {
    const s = scopes.get(id)!;
    return s.goals + s.indicators + s.activities > 0;
  };
  const counts = { started: reports.data.length, inOrBeyond: reports.data.filter((r) => r.status !== 'draft').length, missing: listed.filter((u) => hasScope(u.id) && !byUnit.has(u.id)).length };
  // A report is started by someone who may enter it: a reporter for the unit (or above), or more.
  const canStart = (unitId: string) => period.status === 'open' && can('followup.enter', { municipalityCode: code, unitPath: unitPath(unitId, all) });
  const scopeText = (id: string) => {
    const s = scopes.get(id)!;
    const parts = [
      s.goals ? intl.formatMessage({ id: 'followUp.scope.goals' }, { n: s.goals }) : null,
      s.indicators ? intl.formatMessage({ id: 'followUp.scope.indicators' }, { n: s.indicators }) : null,
      s.activities ? intl.formatMessage({ id: 'followUp.scope.activities' }, { n: s.activities }) : null,
    ].filter(Boolean);
    return parts.length ? parts.join(', ') : intl.formatMessage({ id: 'followUp.scope.nothing' });
  };

  return (
    <section aria-labelledby={`${captionId}-h`}>
      <h2 id={`${captionId}-h`}>
        <FormattedMessage id="followUp.reportsHeading" values={{ period: label }} />
      </h2>
      {period.status === 'closed' ? (
        <p className="notice">
          <FormattedMessage id="followUp.periodClosed" values={{ period: label }} />
        </p>
      ) : null}
      {reports.data.length === 0 ? (
        <EmptyState title={<FormattedMessage id="followUp.noReports" values={{ period: label }} />}>
          <p>
            <FormattedMessage id="followUp.noReportsHelp" values={{ document: doc.title }} />
          </p>
        </EmptyState>
      ) : (
        <p>
          <FormattedMessage id="followUp.counts" values={counts} />
        </p>
      )}
      {start.error ? <ErrorMessage error={start.error} /> : null}
      <div className="table-scroll" tabIndex={0} role="region" aria-labelledby={captionId}>
        <table className="fu-reports">
          <caption id={captionId}>
            <FormattedMessage id="followUp.tableCaption" values={{ period: label, document: doc.title }} />
          </caption>
          <thead>
            <tr>
              <th scope="col">
                <FormattedMessage id="followUp.col.unit" />
              </th>
              <th scope="col">
                <FormattedMessage id="followUp.col.status" />
              </th>
              <th scope="col">
                <FormattedMessage id="followUp.col.action" />
              </th>
              <th scope="col">
                <FormattedMessage id="followUp.col.scope" />
              </th>
            </tr>
          </thead>
          <tbody>
            {listed.map((u) => {
              const r = byUnit.get(u.id);
              return (
                <tr key={u.id} className={!r && !hasScope(u.id) ? 'fu-quiet' : undefined}>
                  <th scope="row" style={{ '--depth': u.depth } as CSSProperties}>
                    {u.name}
                  </th>
                  <td>
                    {r ? (
                      <StatusChip status={r.status} label={intl.formatMessage({ id: `common.reportStatus.${r.status}` })} />
                    ) : (
                      // Red for a unit that has something to report on; grey for one that has nothing of its own in the document.
                      <StatusChip status={hasScope(u.id) ? 'missing' : 'not_started'} label={intl.formatMessage({ id: 'followUp.notStarted' })} />
                    )}
                  </td>
                  <td>
                    {r ? (
                      <Link to={`/m/${code}/reports/${r.id}`}>
                        <FormattedMessage id="followUp.open" />
                        <span className="visually-hidden">
                          {' '}
                          <FormattedMessage id="followUp.forUnit" values={{ unit: u.name }} />
                        </span>
                      </Link>
                    ) : canStart(u.id) ? (
                      <button type="button" className={hasScope(u.id) ? 'secondary' : 'link'} disabled={start.isPending} onClick={() => start.mutate(u)}>
                        {start.isPending && start.variables?.id === u.id ? <FormattedMessage id="followUp.starting" /> : <FormattedMessage id="followUp.start" />}
                        <span className="visually-hidden">
                          {' '}
                          <FormattedMessage id="followUp.forUnit" values={{ unit: u.name }} />
                        </span>
                      </button>
                    ) : (
                      <span className="hint"><FormattedMessage id="common.none" /></span>
                    )}
                  </td>
                  <td>{scopeText(u.id)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
