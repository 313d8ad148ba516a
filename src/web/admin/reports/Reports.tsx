import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useParams, useSearchParams } from 'react-router';
import { latestActionPlan, mainDocument } from '../../../domain/strategy/main-document.ts';
import { FORMATS_OF, REPORT_KINDS, REPORT_LANGS, type ReportFormat as Format, type ReportKind as Kind, type ReportLang as Lang } from '../../../domain/reports/kinds.ts';
import type { ReportJobCreate, ReportJobView } from '../../../shared/api/reports.ts';
import { api, ApiError, useApi } from '../../ui/api.ts';
import { lastFullYear } from '../../ui/documents.ts';
import { EmptyState, ErrorMessage, PageTitle, ProgressBar, QueryView } from '../../ui/components.tsx';
import { useFormat } from '../../ui/format.ts';
import { todayIso, useDocuments, useMunicipality, type DocumentSummary } from '../../ui/municipality.ts';
import { YearSelect } from '../../ui/YearSelect.tsx';


/** The documents each kind can be made of, and the one chosen by default. */
function choices(kind: Kind, docs: DocumentSummary[], year: number): { options: DocumentSummary[]; preferred: DocumentSummary | undefined } {
  if (kind === 'action-plan') {
    const options = docs.filter((d) => d.type === 'action_plan');
    return { options, preferred: latestActionPlan(options) };
  }
  if (kind === 'proposal') {
    // A proposal is written for a draft (or one out on remiss) before the decision.
    const options = docs.filter((d) => d.type !== 'action_plan' || d.status !== 'superseded');
    return { options, preferred: options.find((d) => d.status === 'consultation') ?? options.find((d) => d.status === 'draft') ?? mainDocument(options, todayIso()) };
  }
  const options = docs.filter((d) => d.type !== 'action_plan');
  return { options, preferred: mainDocument(options, `${year}-12-31`) };
}

/**
 * Generated documents: choose the report, its year, format and language; it is made in the background
 * (a report job) with a progress bar, then offered for download. The same report can be read at once
 * as a web page (the HTML the PDF is printed from).
 */
export function Reports() {
  const { code } = useParams();
  const intl = useIntl();
  const m = useMunicipality(code!);
  const docs = useDocuments(code!);
  const [params, setParams] = useSearchParams();
  const kind = (REPORT_KINDS as readonly string[]).includes(params.get('kind') ?? '') ? (params.get('kind') as Kind) : 'follow-up';
  const [year, setYear] = useState(lastFullYear());
  const [format, setFormat] = useState<Format>('pdf');
  const [lang, setLang] = useState<Lang>('sv');
  const [documentId, setDocumentId] = useState<string | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const queryClient = useQueryClient();

  const { options, preferred } = useMemo(() => choices(kind, docs.data?.items ?? [], year), [kind, docs.data, year]);
  const chosen = options.find((d) => d.id === documentId) ?? preferred;
  const formats = FORMATS_OF[kind];
  const effectiveFormat = formats.includes(format) ? format : formats[0]!;
  const years = useMemo(() => {
    const last = lastFullYear();
    return Array.from({ length: 12 }, (_, i) => last + 1 - i).sort((a, b) => a - b);
  }, []);

  const create = useMutation<ReportJobView, ApiError, ReportJobCreate>({
    mutationFn: (body) => api<ReportJobView>(`/api/v1/municipalities/${code}/report-jobs`, { method: 'POST', body }),
    onSuccess: (job) => {
      setJobId(job.id);
      void queryClient.invalidateQueries({ queryKey: [`/api/v1/municipalities/${code}/report-jobs`] });
    },
  });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ kind, format: effectiveFormat, lang, ...(kind === 'proposal' ? {} : { year }), ...(chosen ? { documentId: chosen.id } : {}) });
  };

  const previewUrl = `/api/v1/municipalities/${code}/report-preview?${new URLSearchParams({ kind, lang, ...(kind === 'proposal' ? {} : { year: String(year) }), ...(chosen ? { documentId: chosen.id } : {}) })}`;
  const kindName = (k: Kind) => intl.formatMessage({ id: `reportsPage.kind.${k}` });

  return (
    <>
      <PageTitle title={intl.formatMessage({ id: 'reportsPage.title' })} subtitle={m.data?.name} />
      <p className="lead">
        <FormattedMessage id="reportsPage.intro" />
      </p>
      <section aria-labelledby="new-report" className="panel">
        <h2 id="new-report">
          <FormattedMessage id="reportsPage.form.heading" />
        </h2>
        <form onSubmit={onSubmit} className="report-form">
          <fieldset>
            <legend>
              <FormattedMessage id="reportsPage.kind.legend" />
            </legend>
            {REPORT_KINDS.map((k) => (
              <div className="choice" key={k}>
                <input
                  type="radio"
                  id={`kind-${k}`}
                  name="kind"
                  value={k}
                  checked={kind === k}
                  aria-describedby={`kind-${k}-hint`}
                  onChange={() => {
                    const next = new URLSearchParams(params);
                    next.set('kind', k);
                    setParams(next, { replace: true });
                    setDocumentId(null);
                  }}
                />
                <label htmlFor={`kind-${k}`}>{kindName(k)}</label>
                <p className="hint" id={`kind-${k}-hint`}>
                  <FormattedMessage id={`reportsPage.kind.${k}.hint`} />
                </p>
              </div>
            ))}
          </fieldset>
          <QueryView query={docs}>
            {() =>
              options.length === 0 ? (
                <p role="status">
                  <FormattedMessage id="reportsPage.noDocument" />
                </p>
              ) : (
                <div className="field">
                  <label htmlFor="report-document">
                    <FormattedMessage id="reportsPage.document" />
                  </label>
                  <select id="report-document" value={chosen?.id ?? ''} onChange={(e) => setDocumentId(e.target.value)}>
                    {options.map((d) => (
                      <option key={d.id} value={d.id}>
                        {intl.formatMessage({ id: 'reportsPage.documentOption' }, { title: d.title, version: d.version, status: intl.formatMessage({ id: `common.documentStatus.${d.status}` }) })}
                      </option>
                    ))}
                  </select>
                </div>
              )
            }
          </QueryView>
          {kind !== 'proposal' ? <YearSelect id="report-year" label={<FormattedMessage id="reportsPage.year" />} years={years} value={year} onChange={setYear} /> : null}
          <fieldset>
            <legend>
              <FormattedMessage id="reportsPage.format.legend" />
            </legend>
            <div className="choice-row">
              {formats.map((f) => (
                <span className="choice" key={f}>
                  <input type="radio" id={`format-${f}`} name="format" value={f} checked={effectiveFormat === f} onChange={() => setFormat(f)} />
                  <label htmlFor={`format-${f}`}>
                    <FormattedMessage id={`reportsPage.format.${f}`} />
                  </label>
                </span>
              ))}
            </div>
          </fieldset>
          <fieldset>
            <legend>
              <FormattedMessage id="reportsPage.lang.legend" />
            </legend>
            <div className="choice-row">
              {REPORT_LANGS.map((l) => (
                <span className="choice" key={l}>
                  <input type="radio" id={`lang-${l}`} name="lang" value={l} checked={lang === l} onChange={() => setLang(l)} />
                  <label htmlFor={`lang-${l}`} lang={l}>
                    <FormattedMessage id={`common.language.${l}`} />
                  </label>
                </span>
              ))}
            </div>
          </fieldset>
          <ErrorMessage error={create.error} />
          <div className="actions">
            <button type="submit" className="primary" disabled={create.isPending || options.length === 0}>
              <FormattedMessage id="reportsPage.submit" />
            </button>
            {options.length > 0 ? (
              <a href={previewUrl} target="_blank" rel="noopener" aria-describedby="preview-hint">
                <FormattedMessage id="reportsPage.preview" />
              </a>
            ) : null}
            <span className="hint" id="preview-hint">
              <FormattedMessage id="reportsPage.preview.hint" />
            </span>
          </div>
        </form>
      </section>
      {jobId ? <JobProgress id={jobId} kindName={kindName} /> : null}
      <RecentJobs code={code!} kindName={kindName} />
    </>
  );
}

function useJob(id: string) {
  return useApi<ReportJobView>(`/api/v1/report-jobs/${id}`, {
    refetchInterval: (q) => (q.state.data && (q.state.data.status === 'done' || q.state.data.status === 'failed') ? false : 400),
  });
}

function JobProgress({ id, kindName }: { id: string; kindName: (k: Kind) => string }) {
  const intl = useIntl();
  const job = useJob(id);
  const queryClient = useQueryClient();
  const status = job.data?.status;
  useEffect(() => {
    if (status === 'done' || status === 'failed') void queryClient.invalidateQueries({ queryKey: [`/api/v1/municipalities/${job.data!.municipalityCode}/report-jobs`] });
  }, [status, queryClient, job.data]);
  return (
    <section aria-labelledby="job-heading" className="panel">
      <h2 id="job-heading">
        <FormattedMessage id="reportsPage.job.heading" />
      </h2>
      <QueryView query={job}>
        {(j) =>
          j.status === 'done' ? (
            <p role="status">
              <a href={j.fileUrl!} download={j.fileName!} className="button primary">
                <DownloadLabel job={j} />
              </a>
            </p>
          ) : j.status === 'failed' ? (
            <div className="error-box" role="alert">
              <p>
                <strong>
                  <FormattedMessage id="reportsPage.job.failed" />
                </strong>{' '}
                {j.error?.title}
                {j.error?.detail ? ` ${j.error.detail}` : null}
              </p>
            </div>
          ) : (
            <ProgressBar
              label={
                j.status === 'queued'
                  ? intl.formatMessage({ id: 'reportsPage.job.queued' })
                  : `${intl.formatMessage({ id: 'reportsPage.job.progress' }, { kind: kindName(j.kind), format: j.format.toUpperCase(), progress: j.progress })}${j.stage ? ` – ${intl.formatMessage({ id: `reportsPage.job.stage.${j.stage}` })}` : ''}`
              }
              value={j.progress}
            />
          )
        }
      </QueryView>
    </section>
  );
}

function DownloadLabel({ job }: { job: ReportJobView }) {
  const intl = useIntl();
  const fmt = useFormat();
  return <>{intl.formatMessage({ id: 'reportsPage.job.download' }, { fileName: job.fileName!, size: intl.formatMessage({ id: 'reportsPage.size' }, { kb: fmt.number((job.size ?? 0) / 1024, 0) }) })}</>;
}

function RecentJobs({ code, kindName }: { code: string; kindName: (k: Kind) => string }) {
  const jobs = useApi<ReportJobView[]>(`/api/v1/municipalities/${code}/report-jobs`);
  const fmt = useFormat();
  return (
    <section aria-labelledby="recent-heading">
      <h2 id="recent-heading">
        <FormattedMessage id="reportsPage.recent.heading" />
      </h2>
      <QueryView query={jobs}>
        {(list) =>
          list.length === 0 ? (
            <EmptyState title={<FormattedMessage id="reportsPage.recent.empty" />} />
          ) : (
            <div className="table-scroll">
              <table>
                <caption className="visually-hidden">
                  <FormattedMessage id="reportsPage.recent.caption" />
                </caption>
                <thead>
                  <tr>
                    <th scope="col">
                      <FormattedMessage id="reportsPage.col.created" />
                    </th>
                    <th scope="col">
                      <FormattedMessage id="reportsPage.col.document" />
                    </th>
                    <th scope="col">
                      <FormattedMessage id="reportsPage.col.format" />
                    </th>
                    <th scope="col">
                      <FormattedMessage id="reportsPage.col.status" />
                    </th>
                    <th scope="col">
                      <FormattedMessage id="reportsPage.col.file" />
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((j) => (
                    <tr key={j.id}>
                      <td>{fmt.dateTime(j.createdAt)}</td>
                      <td>{kindName(j.kind)}</td>
                      <td>{j.format.toUpperCase()}</td>
                      <td>
                        <FormattedMessage id={`reportsPage.status.${j.status}`} />
                      </td>
                      <td>{j.status === 'done' ? <a href={j.fileUrl!} download={j.fileName!}>{j.fileName}</a> : j.status === 'failed' ? j.error?.title : null}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
    </section>
  );
}
