import { headlineBand } from '../../../shared/compilation.ts';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useParams, useSearchParams } from 'react-router';
import type { Stored, TreeArea, TreeGoal } from '../../../domain/strategy/tree.ts';
import type { Indicator, Target } from '../../../domain/strategy/types.ts';
import type { Compilation } from '../../../shared/api/views.ts';
import { useSentence } from '../../ui/attainment.tsx';
import { ATTAINMENT_ORDER, EmptyState, Loading, PageTitle, QueryView, StatusChip } from '../../ui/components.tsx';
import { YearSelect } from '../../ui/YearSelect.tsx';
import { lastFullYear, useCompilation, useTree } from '../../ui/documents.ts';
import { useFormat } from '../../ui/format.ts';
import { mainDocument, todayIso, useDocuments, useMunicipality, type DocumentSummary } from '../../ui/municipality.ts';
import { Sparkline } from '../../ui/Sparkline.tsx';

type CompiledIndicator = Compilation['indicators'][number];
type CompiledTarget = Compilation['targets'][number];
type CompiledGoal = Compilation['goals'][number];

/**
 * A municipality at a glance: its steering documents, and for the strategy in force its areas,
 * goals and targets with the computed status beside the committees' own assessments, a trend per
 * indicator, how many targets are on track, and the gender-gap and stale-data flags.
 */
export function Overview() {
  const { code } = useParams();
  const intl = useIntl();
  const [params, setParams] = useSearchParams();
  const m = useMunicipality(code!);
  const docs = useDocuments(code!);
  const main = docs.data ? (params.get('document') ? docs.data.items.find((d) => d.id === params.get('document')) : mainDocument(docs.data.items, todayIso())) : undefined;
  const year = Number(params.get('year')) || lastFullYear();
  const name = m.data?.name ?? code!;
  return (
    <>
      <PageTitle title={name} subtitle={intl.formatMessage({ id: 'overview.lead' })} />
      <QueryView query={docs}>
        {(d) => (
          <>
            <DocumentList code={code!} docs={d.items} />
            {main ? (
              <StrategyOverview
                code={code!}
                doc={main}
                year={year}
                onYear={(y) => {
                  const next = new URLSearchParams(params);
                  next.set('year', String(y));
                  setParams(next, { replace: true });
                }}
              />
            ) : null}
          </>
        )}
      </QueryView>
    </>
  );
}

function DocumentList({ code, docs }: { code: string; docs: DocumentSummary[] }) {
  const intl = useIntl();
  const f = useFormat();
  if (docs.length === 0) {
    return (
      <section aria-labelledby="docs-heading">
        <h2 id="docs-heading">
          <FormattedMessage id="overview.documents" />
        </h2>
        <EmptyState title={<FormattedMessage id="overview.noDocuments" />}>
          <p>
            <FormattedMessage id="overview.noDocumentsHelp" />
          </p>
        </EmptyState>
      </section>
    );
  }
  const sorted = [...docs].sort((a, b) => (b.decisionDate ?? '9999').localeCompare(a.decisionDate ?? '9999') || a.title.localeCompare(b.title, 'sv'));
  return (
    <section aria-labelledby="docs-heading">
      <h2 id="docs-heading">
        <FormattedMessage id="overview.documents" />
      </h2>
      <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="docs-heading">
        <table>
          <thead>
            <tr>
              <th scope="col">
                <FormattedMessage id="overview.document.title" />
              </th>
              <th scope="col">
                <FormattedMessage id="overview.document.type" />
              </th>
              <th scope="col">
                <FormattedMessage id="overview.document.status" />
              </th>
              <th scope="col">
                <FormattedMessage id="overview.document.decided" />
              </th>
              <th scope="col">
                <FormattedMessage id="overview.document.valid" />
              </th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((d) => (
              <tr key={d.id}>
                <td>
                  <Link to={`/m/${code}/documents/${d.id}`}>{d.title}</Link>
                  {d.version > 1 ? <span className="hint"> · {intl.formatMessage({ id: 'overview.document.version' }, { version: d.version })}</span> : null}
                  {d.type === 'action_plan' ? (
                    <>
                      {' · '}
                      <Link to={`/m/${code}/documents/${d.id}/action-plan`}>
                        <FormattedMessage id="overview.document.openActionPlan" />
                      </Link>
                    </>
                  ) : null}
                </td>
                <td>{d.typeLabel ?? intl.formatMessage({ id: `common.documentType.${d.type}` })}</td>
                <td>
                  <StatusChip status={d.status} label={intl.formatMessage({ id: `common.documentStatus.${d.status}` })} />
                </td>
                <td>{d.decisionDate ? `${f.date(d.decisionDate)}${d.adoptedBy ? `, ${d.adoptedBy.body}` : ''}` : '–'}</td>
                <td>
                  {d.validIndefinitely
                    ? d.validFrom ?? d.decisionDate
                      ? intl.formatMessage({ id: 'overview.document.untilFurther' }, { from: f.date(d.validFrom ?? d.decisionDate) })
                      : intl.formatMessage({ id: 'overview.document.indefinitely' })
                    : d.validFrom || d.validUntil
                      ? `${f.date(d.validFrom)} – ${f.date(d.validUntil)}`
                      : '–'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function StrategyOverview({ code, doc, year, onYear }: { code: string; doc: DocumentSummary; year: number; onYear(y: number): void }) {
  const intl = useIntl();
  const tree = useTree(doc.id);
  const comp = useCompilation(doc.id, year);
  // The years worth choosing: from the first year with values (or the document's first year) to this year.
  const firstData = comp.data ? Math.min(...comp.data.indicators.flatMap((i) => headlineBand(i).series[i.headline.sex].map((p) => p.year)), year) : year;
  const firstYear = Math.min(Number((doc.validFrom ?? doc.decisionDate ?? `${year}`).slice(0, 4)) - 1, firstData);
  const years: number[] = [];
  for (let y = Math.max(firstYear, 2000); y <= lastFullYear() + 1; y++) years.push(y);
  if (!years.includes(year)) years.push(year);
  return (
    <section aria-labelledby="strategy-heading">
      <div className="page-title">
        <div>
          <h2 id="strategy-heading">{doc.title}</h2>
          <p className="subtitle">
            <FormattedMessage id="overview.strategyLead" values={{ year }} />
          </p>
        </div>
        <YearSelect id="overview-year" label={<FormattedMessage id="overview.year" />} years={years} value={year} onChange={onYear} />
      </div>
      <QueryView query={tree}>
        {(t) =>
          comp.error || comp.isPending ? (
            <QueryView query={comp}>{() => null}</QueryView>
          ) : !comp.data ? (
            <Loading />
          ) : (
            <>
              <Summary c={comp.data} code={code} docId={doc.id} />
              {t.areas.length === 0 && t.goals.length === 0 ? (
                <EmptyState title={<FormattedMessage id="overview.noGoals" />}>
                  <p>
                    <Link to={`/m/${code}/documents/${doc.id}`}>
                      <FormattedMessage id="overview.noGoalsHelp" />
                    </Link>
                  </p>
                </EmptyState>
              ) : null}
              {t.areas.map((a) => (
                <AreaBlock key={a.key} area={a} c={comp.data!} code={code} docId={doc.id} />
              ))}
              {t.goals.length > 0 ? (
                <section className="area" aria-label={intl.formatMessage({ id: 'overview.goalsWithoutArea' })}>
                  {t.goals.map((g) => (
                    <GoalBlock key={g.key} goal={g} c={comp.data!} code={code} docId={doc.id} depth={3} />
                  ))}
                </section>
              ) : null}
            </>
          )
        }
      </QueryView>
    </section>
  );
}

function Summary({ c, code, docId }: { c: Compilation; code: string; docId: string }) {
  const intl = useIntl();
  const sentence = useSentence();
  const onTrack = c.summary.counts.achieved + c.summary.counts.on_track;
  const gaps = c.indicators.filter((i) => headlineBand(i).genderGap?.flagged).length;
  const stale = c.indicators.filter((i) => i.stale.stale).length;
  return (
    <>
      <ul className="cards" aria-label={intl.formatMessage({ id: 'overview.summary' })}>
        <li className="card">
          {c.summary.targets === 0 ? (
            <>
              <p className="summary-figure">{c.indicators.length}</p>
              <p>
                <FormattedMessage id="overview.noTargetsText" values={{ n: c.indicators.length }} />
              </p>
            </>
          ) : (
            <>
              <p className="summary-figure">
                <FormattedMessage id="overview.onTrackFigure" values={{ x: onTrack, y: c.summary.targets }} />
              </p>
              <p>
                <FormattedMessage id="overview.onTrackText" values={{ x: onTrack, y: c.summary.targets }} />
              </p>
            </>
          )}
          <ul className="statuses start" aria-label={intl.formatMessage({ id: 'overview.statusCounts' })}>
            {ATTAINMENT_ORDER.filter((s) => c.summary.counts[s] > 0).map((s) => (
              <li key={s}>
                <StatusChip status={s} label={`${intl.formatMessage({ id: `common.status.${s}` })}: ${c.summary.counts[s]}`} />
              </li>
            ))}
          </ul>
        </li>
        <li className="card">
          <p className="summary-figure">{gaps}</p>
          <p>
            <FormattedMessage id="overview.gapsText" values={{ n: gaps }} />
          </p>
        </li>
        <li className="card">
          <p className="summary-figure">{stale}</p>
          <p>
            <FormattedMessage id="overview.staleText" values={{ n: stale }} />
          </p>
        </li>
        <li className="card">
          <p className="summary-figure">{c.units.notSubmitted.length}</p>
          <p>
            <FormattedMessage id="overview.notReportedText" values={{ n: c.units.notSubmitted.length }} />
          </p>
          <p>
            <Link to={`/m/${code}/documents/${docId}/compilation?year=${c.year}`}>
              <FormattedMessage id="overview.toCompilation" />
            </Link>
          </p>
        </li>
      </ul>
      {c.summary.targets > 0 ? (
        <p className="summary-sentence">
          <StatusChip status={c.summary.overall.status} label={intl.formatMessage({ id: 'overview.overall' }, { status: intl.formatMessage({ id: `common.status.${c.summary.overall.status}` }) })} />
          <span className="rollup-sentence">{sentence(c.summary.sentence)}</span>
        </p>
      ) : null}
    </>
  );
}

function AreaBlock({ area, c, code, docId }: { area: TreeArea<Stored>; c: Compilation; code: string; docId: string }) {
  const intl = useIntl();
  const sentence = useSentence();
  const roll = c.areas.find((a) => a.key === area.key)?.rollUp;
  const headingId = `area-${area.key}`;
  return (
    <section className="area" aria-labelledby={headingId}>
      <div className="goal-head">
        <h3 id={headingId}>{area.name}</h3>
        {roll && roll.total > 0 ? (
          <span className="statuses">
            <span>
              <FormattedMessage id="overview.areaOnTrack" values={{ x: roll.counts.achieved + roll.counts.on_track, y: roll.total }} />
            </span>
            <StatusChip status={roll.overall.status} label={intl.formatMessage({ id: 'overview.computed' }, { status: intl.formatMessage({ id: `common.status.${roll.overall.status}` }) })} />
          </span>
        ) : null}
      </div>
      {roll && roll.total > 0 ? <p className="rollup-sentence">{sentence(roll.sentence)}</p> : null}
      {area.description ? <p>{area.description}</p> : null}
      {area.goals.map((g) => (
        <GoalBlock key={g.key} goal={g} c={c} code={code} docId={docId} depth={4} />
      ))}
      <IndicatorList indicators={area.indicators} c={c} code={code} docId={docId} label={intl.formatMessage({ id: 'overview.areaIndicators' }, { name: area.name })} />
    </section>
  );
}

function GoalBlock({ goal, c, code, docId, depth }: { goal: TreeGoal<Stored>; c: Compilation; code: string; docId: string; depth: number }) {
  const intl = useIntl();
  const sentence = useSentence();
  const compiled: CompiledGoal | undefined = c.goals.find((g) => g.key === goal.key);
  const H = (depth <= 3 ? 'h3' : depth === 4 ? 'h4' : 'h5') as 'h3' | 'h4' | 'h5';
  const hasTargets = (compiled?.rollUp.total ?? 0) > 0;
  return (
    <article className="goal" aria-labelledby={`goal-${goal.key}`}>
      <div className="goal-head">
        <H id={`goal-${goal.key}`}>{goal.title}</H>
        <div className="statuses">
          {hasTargets ? (
            <StatusChip
              status={compiled!.rollUp.overall.status}
              label={intl.formatMessage({ id: 'overview.computed' }, { status: intl.formatMessage({ id: `common.status.${compiled!.rollUp.overall.status}` }) })}
            />
          ) : null}
          {compiled?.narratives.map((n) => (
            <StatusChip
              key={n.unit}
              status={n.assessment}
              label={intl.formatMessage({ id: 'overview.narrative' }, { unit: n.unit, assessment: intl.formatMessage({ id: `common.narrative.${n.assessment}` }) })}
              title={n.text ?? undefined}
            />
          ))}
        </div>
      </div>
      {hasTargets ? <p className="rollup-sentence">{sentence(compiled!.rollUp.sentence)}</p> : null}
      {goal.description ? <p>{goal.description}</p> : null}
      {goal.targets.length > 0 ? (
        <ul className="target-list" aria-label={intl.formatMessage({ id: 'overview.targetsOf' }, { goal: goal.title })}>
          {goal.targets.map((t) => (
            <TargetRow key={t.key} target={t} compiled={c.targets.find((x) => x.key === t.key)} />
          ))}
        </ul>
      ) : null}
      <IndicatorList indicators={goal.indicators} c={c} code={code} docId={docId} label={intl.formatMessage({ id: 'overview.goalIndicators' }, { goal: goal.title })} />
      {goal.goals.map((g) => (
        <GoalBlock key={g.key} goal={g} c={c} code={code} docId={docId} depth={depth + 1} />
      ))}
    </article>
  );
}

function TargetRow({ target, compiled }: { target: Target & Stored; compiled: CompiledTarget | undefined }) {
  const intl = useIntl();
  const sentence = useSentence();
  return (
    <li>
      <span>{target.statement}</span>
      <span className="statuses">{compiled ? <StatusChip status={compiled.status} /> : null}</span>
      {compiled ? (
        <p className="reason">
          {sentence(compiled.sentence)}
          {compiled.usesExampleData ? ` ${intl.formatMessage({ id: 'overview.exampleData' })}` : ''}
        </p>
      ) : null}
    </li>
  );
}

function IndicatorList({ indicators, c, code, docId, label }: { indicators: Array<Indicator & Stored>; c: Compilation; code: string; docId: string; label: string }) {
  const intl = useIntl();
  const f = useFormat();
  if (indicators.length === 0) return null;
  return (
    <ul className="target-list" aria-label={label}>
      {indicators.map((ind) => {
        const ci: CompiledIndicator | undefined = c.indicators.find((i) => i.key === ind.key);
        return (
          <li key={ind.key}>
            <span className="indicator-row">
              <Link to={`/m/${code}/documents/${docId}/indicators/${ind.key}?year=${c.year}`}>{ind.name}</Link>
              {ci?.latest ? (
                <span>
                  <FormattedMessage id="overview.latestValue" values={{ value: f.value(ci.latest.value, ind.unitOfMeasure), year: ci.latest.year }} />
                </span>
              ) : (
                <span className="hint">
                  <FormattedMessage id="overview.noValues" />
                </span>
              )}
              {ci ? <Sparkline points={headlineBand(ci).series[ci.headline.sex]} /> : null}
            </span>
            <span className="statuses">
              {ci && headlineBand(ci).genderGap?.flagged && headlineBand(ci).genderGap?.latest ? (
                <span className="flag">
                  {intl.formatMessage({ id: 'overview.gapFlag' }, { gap: f.value(Math.abs(headlineBand(ci).genderGap!.latest!.gap), ind.unitOfMeasure === 'percent' ? 'points' : ind.unitOfMeasure), year: headlineBand(ci).genderGap!.latest!.year })}
                </span>
              ) : null}
              {ci?.stale.stale ? <span className="flag">{intl.formatMessage({ id: 'overview.staleFlag' }, { date: f.date(ci.stale.expectedBy) })}</span> : null}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
