import { headlineBand as headlineOf } from '../../../shared/compilation.ts';
import { useId } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ACTIVITY_STATUSES, type DocumentType } from '../../../domain/strategy/types.ts';
import type { Compilation as CompilationDto } from '../../../shared/api/views.ts';
import { ageBandText, MethodNote, useSentence } from '../../ui/attainment.tsx';
import { ATTAINMENT_ORDER, EmptyState, PageTitle, QueryView, StatusChip } from '../../ui/components.tsx';
import { YearSelect } from '../../ui/YearSelect.tsx';
import { lastFullYear, useCompilation } from '../../ui/documents.ts';
import { useFormat } from '../../ui/format.ts';
import { mainDocument, todayIso, useDocuments, useMunicipality, type DocumentSummary } from '../../ui/municipality.ts';
import { disagreements, groupGoals, reportingCounts, unitColumns, type CompiledGoal, type MatrixGroup, type Narrative, type UnitColumn } from './matrix.ts';

type CompiledTarget = CompilationDto['targets'][number];
import './compilation.css';

const COMPILED_TYPES: DocumentType[] = ['strategy', 'policy', 'plan', 'programme', 'guideline', 'action_plan'];

/**
 * The yearly compilation of a steering document (journey 6; Tyresö 6.1: "årligen görs en
 * sammanställning över samtliga nämndplaners arbete med delmålen"): every goal with each committee's
 * own assessment beside the computed status, disagreements in words, the targets, the activities,
 * and which units have reported, are waiting for approval or have not reported at all.
 */
export function Compilation() {
  const { code, id } = useParams();
  const intl = useIntl();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const m = useMunicipality(code!);
  const docs = useDocuments(code!);
  const year = Number(params.get('year')) || lastFullYear();
  const name = m.data?.name ?? code!;
  return (
    <>
      <PageTitle title={intl.formatMessage({ id: 'compilation.title' }, { year })} subtitle={intl.formatMessage({ id: 'compilation.lead' }, { municipality: name })} />
      <QueryView query={docs}>
        {(d) => {
          const candidates = d.items.filter((x) => COMPILED_TYPES.includes(x.type));
          const doc = id ? candidates.find((x) => x.id === id) : mainDocument(d.items, todayIso());
          if (!doc) {
            return (
              <EmptyState title={<FormattedMessage id={id ? 'compilation.documentNotFound' : 'compilation.noDocuments'} />}>
                <p>
                  <Link to={`/m/${code}`}>
                    <FormattedMessage id="compilation.toOverview" />
                  </Link>
                </p>
              </EmptyState>
            );
          }
          return (
            <>
              <Filters
                docs={candidates}
                doc={doc}
                year={year}
                onDocument={(docId) => navigate(`/m/${code}/documents/${docId}/compilation?year=${year}`)}
                onYear={(y) => {
                  const next = new URLSearchParams(params);
                  next.set('year', String(y));
                  setParams(next, { replace: true });
                }}
              />
              <CompilationBody code={code!} doc={doc} year={year} />
            </>
          );
        }}
      </QueryView>
    </>
  );
}

function Filters({ docs, doc, year, onDocument, onYear }: { docs: DocumentSummary[]; doc: DocumentSummary; year: number; onDocument(id: string): void; onYear(y: number): void }) {
  const intl = useIntl();
  const first = Math.max(Number((doc.validFrom ?? doc.decisionDate ?? `${lastFullYear()}`).slice(0, 4)) - 1, 2000);
  const years: number[] = [];
  for (let y = first; y <= lastFullYear() + 1; y++) years.push(y);
  if (!years.includes(year)) years.push(year);
  years.sort((a, b) => a - b);
  const sorted = [...docs].sort((a, b) => Number(a.type === 'action_plan') - Number(b.type === 'action_plan') || a.title.localeCompare(b.title, 'sv') || b.version - a.version);
  return (
    <div className="filters">
      <div className="field compilation-document">
        <label htmlFor="compilation-document">
          <FormattedMessage id="compilation.document" />
        </label>
        <select id="compilation-document" value={doc.id} onChange={(e) => onDocument(e.target.value)}>
          {sorted.map((d) => (
            <option key={d.id} value={d.id}>
              {intl.formatMessage(
                { id: 'compilation.documentOption' },
                { title: d.title, type: d.typeLabel ?? intl.formatMessage({ id: `common.documentType.${d.type}` }), version: d.version, status: intl.formatMessage({ id: `common.documentStatus.${d.status}` }) },
              )}
            </option>
          ))}
        </select>
      </div>
      <YearSelect id="compilation-year" label={<FormattedMessage id="compilation.year" />} years={years} value={year} onChange={onYear} />
    </div>
  );
}

function CompilationBody({ code, doc, year }: { code: string; doc: DocumentSummary; year: number }) {
  const comp = useCompilation(doc.id, year);
  return (
    <QueryView query={comp}>
      {(c) => (
        <>
          {c.document.id !== doc.id ? (
            <p className="notice">
              <FormattedMessage id="compilation.otherVersion" values={{ version: c.document.version, year }} />
            </p>
          ) : !c.document.inForce ? (
            <p className="notice">
              <FormattedMessage id="compilation.notInForce" values={{ year }} />
            </p>
          ) : null}
          <Summary c={c} />
          <MethodNote />
          <Matrix c={c} />
          <Disagreements c={c} />
          <Units c={c} />
          <Targets c={c} code={code} />
          <Indicators c={c} code={code} />
          <Activities c={c} />
        </>
      )}
    </QueryView>
  );
}

function Summary({ c }: { c: CompilationDto }) {
  const intl = useIntl();
  const sentence = useSentence();
  const onTrack = c.summary.counts.achieved + c.summary.counts.on_track;
  const counts = reportingCounts(c);
  const dis = disagreements(c).length;
  return (
    <>
      <ul className="cards compilation-summary" aria-label={intl.formatMessage({ id: 'compilation.summary' })}>
        <li className="card">
          {c.summary.targets === 0 ? (
            <p>
              <FormattedMessage id="compilation.noTargets" />
            </p>
          ) : (
            <>
              <p className="summary-figure">
                <FormattedMessage id="compilation.onTrackFigure" values={{ x: onTrack, y: c.summary.targets }} />
              </p>
              <p>
                <FormattedMessage id="compilation.onTrackText" values={{ x: onTrack, y: c.summary.targets }} />
              </p>
              <ul className="statuses summary-statuses" aria-label={intl.formatMessage({ id: 'compilation.statusCounts' })}>
                {ATTAINMENT_ORDER.filter((s) => c.summary.counts[s] > 0).map((s) => (
                  <li key={s}>
                    <StatusChip status={s} label={`${intl.formatMessage({ id: `common.status.${s}` })}: ${c.summary.counts[s]}`} />
                  </li>
                ))}
              </ul>
            </>
          )}
        </li>
        <li className="card">
          {counts.expected === 0 ? (
            <p>
              <FormattedMessage id="compilation.noUnitsExpected" />
            </p>
          ) : (
            <>
              <p className="summary-figure">
                <FormattedMessage id="compilation.approvedFigure" values={{ x: counts.approved, y: counts.expected }} />
              </p>
              <p>
                <FormattedMessage id="compilation.approvedText" values={{ x: counts.approved, y: counts.expected, missing: counts.missing, submitted: counts.submitted }} />
              </p>
            </>
          )}
        </li>
        <li className="card">
          <p className="summary-figure">{dis}</p>
          <p>
            <FormattedMessage id="compilation.disagreementsText" values={{ n: dis }} />
          </p>
        </li>
      </ul>
      {c.summary.targets > 0 ? (
        <p className="summary-sentence">
          <StatusChip
            status={c.summary.overall.status}
            label={intl.formatMessage({ id: 'compilation.summaryOverall' }, { status: intl.formatMessage({ id: `common.status.${c.summary.overall.status}` }) })}
          />
          <span className="rollup-sentence">{sentence(c.summary.sentence)}</span>
        </p>
      ) : null}
    </>
  );
}

const isFinal = (s: string | null) => s === 'approved' || s === 'locked';

function Matrix({ c }: { c: CompilationDto }) {
  const intl = useIntl();
  const headingId = useId();
  const groups = groupGoals(c);
  const columns = unitColumns(c);
  const anyNarrative = columns.some((u) => u.hasNarratives);
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>
        <FormattedMessage id="compilation.matrix.heading" />
      </h2>
      {groups.length === 0 ? (
        <EmptyState title={<FormattedMessage id="compilation.matrix.noGoals" />}>
          <p>
            <FormattedMessage id="compilation.matrix.noGoalsHelp" />
          </p>
        </EmptyState>
      ) : (
        <>
          <p className="hint">
            <FormattedMessage id={anyNarrative ? 'compilation.matrix.lead' : 'compilation.matrix.noNarratives'} values={{ year: c.year }} />
          </p>
          <div className="matrix-table-view">
            <div className="table-scroll matrix-scroll" tabIndex={0} role="region" aria-labelledby={headingId}>
              <table className="matrix">
                <caption>
                  <FormattedMessage id="compilation.matrix.caption" values={{ title: c.document.title, year: c.year }} />
                </caption>
                <thead>
                  <tr>
                    <th scope="col" className="matrix-goal">
                      <FormattedMessage id="compilation.matrix.goal" />
                    </th>
                    <th scope="col">
                      <FormattedMessage id="compilation.matrix.computed" />
                    </th>
                    {columns.map((u) => (
                      <th scope="col" key={u.name}>
                        <span className="unit-name">{u.name}</span>
                        <UnitStatus unit={u} />
                      </th>
                    ))}
                  </tr>
                </thead>
                {groups.map((g) => (
                  <tbody key={g.key ?? '-'}>
                    <tr className="matrix-area">
                      <th scope="rowgroup" colSpan={2 + columns.length}>
                        <GroupTitle group={g} />
                        <GroupSentence group={g} />
                      </th>
                    </tr>
                    {g.rows.map(({ goal, depth }) => (
                      <tr key={goal.key}>
                        <th scope="row" className={`matrix-goal depth-${Math.min(depth, 4)}`}>
                          {goal.title}
                        </th>
                        <td className="matrix-computed">
                          <Computed goal={goal} />
                        </td>
                        {columns.map((u) => {
                          const n = goal.narratives.find((x) => x.unit === u.name);
                          return <td key={u.name}>{n ? <NarrativeCell n={n} goal={goal} /> : <NoNarrative />}</td>;
                        })}
                      </tr>
                    ))}
                  </tbody>
                ))}
              </table>
            </div>
          </div>
          <div className="matrix-list-view">
            {groups.map((g) => (
              <section key={g.key ?? '-'} className="matrix-group" aria-label={g.name ?? intl.formatMessage({ id: 'compilation.matrix.noArea' })}>
                <h3>
                  <GroupTitle group={g} />
                </h3>
                <GroupSentence group={g} />
                <ul className="matrix-list">
                  {g.rows.map(({ goal, depth }) => (
                    <li key={goal.key} className={`depth-${Math.min(depth, 4)}`}>
                      <p className="matrix-list-title">{goal.title}</p>
                      <p className="matrix-list-computed">
                        <span className="matrix-list-label">
                          <FormattedMessage id="compilation.matrix.computedLabel" />
                        </span>{' '}
                        <Computed goal={goal} />
                      </p>
                      {goal.narratives.length > 0 ? (
                        <ul className="matrix-list-narratives" aria-label={intl.formatMessage({ id: 'compilation.matrix.narrativesOf' }, { goal: goal.title })}>
                          {goal.narratives.map((n) => (
                            <li key={n.unit}>
                              <span className="matrix-list-label">
                                <FormattedMessage id="compilation.matrix.unitLabel" values={{ unit: n.unit }} />
                              </span>{' '}
                              <NarrativeCell n={n} goal={goal} />
                            </li>
                          ))}
                        </ul>
                      ) : (
                        <p className="hint">
                          <FormattedMessage id="compilation.matrix.noNarrativeForGoal" />
                        </p>
                      )}
                    </li>
                  ))}
                </ul>
              </section>
            ))}
          </div>
        </>
      )}
    </section>
  );
}

function GroupTitle({ group }: { group: MatrixGroup }) {
  return (
    <>
      <span>{group.name ?? <FormattedMessage id="compilation.matrix.noArea" />}</span>
      {group.rollUp && group.rollUp.total > 0 ? (
        <span className="group-rollup">
          <FormattedMessage id="compilation.matrix.areaOnTrack" values={{ x: group.rollUp.counts.achieved + group.rollUp.counts.on_track, y: group.rollUp.total }} />
        </span>
      ) : null}
    </>
  );
}

function UnitStatus({ unit }: { unit: UnitColumn }) {
  const intl = useIntl();
  if (unit.status === null) return null;
  return (
    <span className="unit-status">
      <StatusChip status={unit.status} label={intl.formatMessage({ id: `common.reportStatus.${unit.status}` })} />
      {unit.via ? (
        <span className="hint">
          <FormattedMessage id="compilation.units.via" values={{ via: unit.via }} />
        </span>
      ) : null}
    </span>
  );
}

/** An area's computed status and the rule that decided it, in words. */
function GroupSentence({ group }: { group: MatrixGroup }) {
  const intl = useIntl();
  const sentence = useSentence();
  const r = group.rollUp;
  if (!r || r.total === 0) return null;
  return (
    <span className="group-sentence">
      <StatusChip status={r.overall.status} label={intl.formatMessage({ id: 'compilation.matrix.computedChip' }, { status: intl.formatMessage({ id: `common.status.${r.overall.status}` }) })} />{' '}
      <span className="rollup-sentence">{sentence(r.sentence)}</span>
    </span>
  );
}

function Computed({ goal }: { goal: CompiledGoal }) {
  const sentence = useSentence();
  const r = goal.rollUp;
  if (r.total === 0) {
    return (
      <span className="hint">
        <FormattedMessage id="compilation.matrix.noTargetsForGoal" />
      </span>
    );
  }
  return (
    <span className="computed">
      <StatusChip status={r.overall.status} />
      <span className="hint">
        <FormattedMessage id="compilation.matrix.goalOnTrack" values={{ x: r.counts.achieved + r.counts.on_track, y: r.total }} />
      </span>
      <span className="rollup-sentence">{sentence(r.sentence)}</span>
    </span>
  );
}

function NoNarrative() {
  return (
    <>
      <span aria-hidden="true" className="hint">
        –
      </span>
      <span className="visually-hidden">
        <FormattedMessage id="compilation.matrix.noNarrative" />
      </span>
    </>
  );
}

function NarrativeCell({ n, goal }: { n: Narrative; goal: CompiledGoal }) {
  const intl = useIntl();
  return (
    <div className="narrative">
      <span className="narrative-head">
        <StatusChip status={n.assessment} label={intl.formatMessage({ id: `common.narrative.${n.assessment}` })} />
        {!isFinal(n.reportStatus) ? (
          <span className="hint">
            <FormattedMessage id="compilation.matrix.reportStatus" values={{ status: intl.formatMessage({ id: `common.reportStatus.${n.reportStatus}` }).toLowerCase() }} />
          </span>
        ) : null}
      </span>
      {n.disagreement ? (
        <span className="flag disagreement">
          <FormattedMessage id={`compilation.disagreement.${n.disagreement}`} />
        </span>
      ) : null}
      {n.text ? (
        <details>
          <summary>
            <FormattedMessage id="compilation.matrix.readText" />
            <span className="visually-hidden">
              {' '}
              <FormattedMessage id="compilation.matrix.readTextOf" values={{ unit: n.unit, goal: goal.title }} />
            </span>
          </summary>
          <p>{n.text}</p>
        </details>
      ) : null}
    </div>
  );
}

function Disagreements({ c }: { c: CompilationDto }) {
  const intl = useIntl();
  const sentence = useSentence();
  const headingId = useId();
  const list = disagreements(c);
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>
        <FormattedMessage id="compilation.disagreements.heading" />
      </h2>
      {list.length === 0 ? (
        <p>
          <FormattedMessage id="compilation.disagreements.none" />
        </p>
      ) : (
        <ul className="disagreement-list">
          {list.map(({ goal, narrative }) => (
            <li key={`${goal.key}-${narrative.unit}`}>
              <FormattedMessage
                id={`compilation.disagreements.item.${narrative.disagreement}`}
                values={{
                  unit: narrative.unit,
                  goal: goal.title,
                  assessment: intl.formatMessage({ id: `common.narrative.${narrative.assessment}` }).toLowerCase(),
                  status: intl.formatMessage({ id: `common.status.${goal.rollUp.overall.status}` }).toLowerCase(),
                }}
              />{' '}
              <span className="rollup-sentence">{sentence(goal.rollUp.sentence)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Units({ c }: { c: CompilationDto }) {
  const headingId = useId();
  const counts = reportingCounts(c);
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>
        <FormattedMessage id="compilation.units.heading" />
      </h2>
      {counts.expected === 0 ? (
        <EmptyState title={<FormattedMessage id="compilation.units.noneExpected" values={{ year: c.year }} />}>
          <p>
            <FormattedMessage id="compilation.units.noneExpectedHelp" />
          </p>
        </EmptyState>
      ) : (
        <div className="unit-lists">
          <UnitList kind="notSubmitted" units={c.units.notSubmitted} year={c.year} />
          <UnitList kind="notApproved" units={c.units.notApproved} year={c.year} />
          <UnitList kind="approved" units={c.units.approved} year={c.year} />
        </div>
      )}
    </section>
  );
}

function UnitList({ kind, units, year }: { kind: 'notSubmitted' | 'notApproved' | 'approved'; units: CompilationDto['units']['notSubmitted']; year: number }) {
  const intl = useIntl();
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className={`unit-list unit-list-${kind}`}>
      <h3 id={headingId}>
        <FormattedMessage id={`compilation.units.${kind}`} values={{ n: units.length }} />
      </h3>
      {units.length === 0 ? (
        <p className="hint">
          <FormattedMessage id={`compilation.units.${kind}None`} values={{ year }} />
        </p>
      ) : (
        <ul aria-labelledby={headingId}>
          {units.map((u) => (
            <li key={u.id}>
              <span className="unit-name">{u.name}</span>
              <StatusChip status={u.status} label={intl.formatMessage({ id: `common.reportStatus.${u.status}` })} />
              {u.via ? (
                <span className="hint">
                  <FormattedMessage id="compilation.units.viaLong" values={{ via: u.via }} />
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Targets({ c, code }: { c: CompilationDto; code: string }) {
  const intl = useIntl();
  const sentence = useSentence();
  const headingId = useId();
  const captionId = useId();
  if (c.targets.length === 0) return null;
  const goalTitle = (key: string) => c.goals.find((g) => g.key === key)?.title ?? key;
  const indicatorName = (key: string) => c.indicators.find((i) => i.key === key)?.name ?? key;
  // The series a target read, named where the indicator has more than one (several age bands, or a sex other than the total).
  const seriesRead = (t: CompiledTarget): string | null => {
    const ci = t.indicator ? c.indicators.find((i) => i.key === t.indicator) : undefined;
    if (!ci || (ci.bands.length <= 1 && t.sex === 'total' && t.sex === ci.headline.sex)) return null;
    const parts = [intl.formatMessage({ id: `common.sex.${t.sex}` }).toLocaleLowerCase(intl.locale)];
    if (t.ageBand !== null || ci.bands.length > 1) parts.push(ageBandText(intl, t.ageBand));
    return intl.formatMessage({ id: 'compilation.targets.series' }, { series: parts.join(', ') });
  };
  const indicator = (t: CompiledTarget) =>
    t.indicator ? (
      <>
        <Link to={`/m/${code}/documents/${c.document.id}/indicators/${t.indicator}?year=${c.year}`}>{indicatorName(t.indicator)}</Link>
        {seriesRead(t) ? <span className="hint target-series">{seriesRead(t)}</span> : null}
      </>
    ) : (
      <span className="hint">
        <FormattedMessage id="compilation.targets.noIndicator" />
      </span>
    );
  // The status with the sentence that decided it: the value and year it rests on, the target, the baseline.
  const status = (t: CompiledTarget) => (
    <>
      <StatusChip status={t.status} />
      <span className="target-reason">
        {sentence(t.sentence)}
        {t.usesExampleData ? ` ${intl.formatMessage({ id: 'compilation.targets.exampleData' })}` : ''}
      </span>
    </>
  );
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>
        <FormattedMessage id="compilation.targets.heading" />
      </h2>
      <div className="table-scroll targets-table-view" tabIndex={0} role="region" aria-labelledby={headingId}>
        <table className="compilation-targets">
          <caption>
            <FormattedMessage id="compilation.targets.caption" values={{ year: c.year }} />
          </caption>
          <thead>
            <tr>
              <th scope="col">
                <FormattedMessage id="compilation.targets.target" />
              </th>
              <th scope="col">
                <FormattedMessage id="compilation.targets.indicator" />
              </th>
              <th scope="col">
                <FormattedMessage id="compilation.targets.status" />
              </th>
            </tr>
          </thead>
          <tbody>
            {c.targets.map((t) => (
              <tr key={t.key}>
                <th scope="row">
                  {t.statement}
                  <span className="hint target-goal">
                    <FormattedMessage id="compilation.targets.goal" values={{ goal: goalTitle(t.goal) }} />
                  </span>
                </th>
                <td>{indicator(t)}</td>
                <td className="target-status">{status(t)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {/* Under 48rem wide a target at a time, so its status and sentence are read without scrolling sideways. */}
      <div className="targets-list-view">
        <p className="table-title" id={captionId}>
          <FormattedMessage id="compilation.targets.caption" values={{ year: c.year }} />
        </p>
        <ul className="targets-list" aria-labelledby={captionId}>
          {c.targets.map((t) => (
            <li key={t.key}>
              <p className="targets-list-statement">{t.statement}</p>
              <p className="hint">
                <FormattedMessage id="compilation.targets.goal" values={{ goal: goalTitle(t.goal) }} />
              </p>
              <p className="targets-list-indicator">
                <span className="matrix-list-label">
                  <FormattedMessage id="compilation.targets.indicatorLabel" />
                </span>{' '}
                {indicator(t)}
              </p>
              <p className="targets-list-status">{status(t)}</p>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

function Indicators({ c, code }: { c: CompilationDto; code: string }) {
  const intl = useIntl();
  const f = useFormat();
  const headingId = useId();
  const titleId = useId();
  if (c.indicators.length === 0) return null;
  const value = (v: number, unit: CompilationDto['indicators'][number]['unitOfMeasure']) => (unit === 'ratio' ? f.number(v, 3) : f.value(v, unit));
  const gap = (v: number, unit: CompilationDto['indicators'][number]['unitOfMeasure']) => (unit === 'percent' ? f.value(v, 'points') : value(v, unit));
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>
        <FormattedMessage id="compilation.indicators.heading" />
      </h2>
      {/* The table's name is above the scroll region, so that it wraps to the screen, not to the table. */}
      <p className="table-title" id={titleId}>
        <FormattedMessage id="compilation.indicators.caption" values={{ year: c.year }} />
      </p>
      <div className="table-scroll" tabIndex={0} role="region" aria-labelledby={headingId}>
        <table className="compilation-indicators" aria-labelledby={titleId}>
          <thead>
            <tr>
              <th scope="col">
                <FormattedMessage id="compilation.indicators.indicator" />
              </th>
              <th scope="col" className="num">
                <FormattedMessage id="compilation.indicators.latest" />
              </th>
              <th scope="col">
                <FormattedMessage id="compilation.indicators.gap" />
              </th>
              <th scope="col">
                <FormattedMessage id="compilation.indicators.stale" />
              </th>
            </tr>
          </thead>
          <tbody>
            {c.indicators.map((i) => {
              const latestPoint = i.latest;
              const others = i.bands.filter((b) => !b.headline).map((b) => ageBandText(intl, b.ageBand));
              const headlineBand = i.bands.length > 1 ? ageBandText(intl, i.headline.ageBand) : null;
              const gg = headlineOf(i).genderGap;
              const headlineSex = i.headline.sex !== 'total' ? intl.formatMessage({ id: `common.sex.${i.headline.sex}` }).toLocaleLowerCase(intl.locale) : null;
              return (
                <tr key={i.key}>
                  <th scope="row">
                    <Link to={`/m/${code}/documents/${c.document.id}/indicators/${i.key}?year=${c.year}`}>{i.name}</Link>
                    {headlineBand || headlineSex ? (
                      <span className="hint indicator-bands">
                        <FormattedMessage id="compilation.indicators.headline" values={{ series: [headlineSex, headlineBand].filter(Boolean).join(', ') }} />
                        {others.length > 0 ? (
                          <>
                            {' '}
                            <FormattedMessage id="compilation.indicators.otherBands" values={{ bands: new Intl.ListFormat(intl.locale, { type: 'conjunction' }).format(others) }} />
                          </>
                        ) : null}
                      </span>
                    ) : null}
                  </th>
                  <td className="num">
                    {latestPoint ? (
                      <FormattedMessage
                        id={latestPoint.preliminary ? 'compilation.indicators.valuePreliminary' : 'compilation.indicators.value'}
                        values={{ value: value(latestPoint.value, i.unitOfMeasure), year: latestPoint.year }}
                      />
                    ) : (
                      <FormattedMessage id="compilation.indicators.noValue" />
                    )}
                  </td>
                  <td>
                    {gg?.latest ? (
                      <>
                        <FormattedMessage id="compilation.indicators.gapValue" values={{ gap: gap(gg.latest.gap, i.unitOfMeasure), year: gg.latest.year }} />
                        {gg.overall ? (
                          <span className="hint gap-change">
                            <FormattedMessage id={`compilation.indicators.gapChange.${gg.overall}`} />
                          </span>
                        ) : null}
                        {gg.flagged ? (
                          <span className="flag">
                            {gg.threshold !== null ? (
                              <FormattedMessage id="compilation.indicators.gapFlaggedThreshold" values={{ threshold: gap(gg.threshold, i.unitOfMeasure) }} />
                            ) : (
                              <FormattedMessage id="compilation.indicators.gapFlagged" />
                            )}
                          </span>
                        ) : null}
                      </>
                    ) : (
                      <span className="hint">
                        <FormattedMessage id="compilation.indicators.noGap" />
                      </span>
                    )}
                  </td>
                  <td>
                    {i.stale.stale ? (
                      <span className="flag">
                        {intl.formatMessage({ id: i.stale.reason === 'no_data' ? 'compilation.indicators.noData' : 'compilation.indicators.overdue' }, { date: f.date(i.stale.expectedBy) })}
                      </span>
                    ) : (
                      <FormattedMessage id="compilation.indicators.upToDate" />
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Activities({ c }: { c: CompilationDto }) {
  const intl = useIntl();
  const f = useFormat();
  const headingId = useId();
  if (c.activities.length === 0) return null;
  const goalTitle = (key: string | null) => (key ? (c.goals.find((g) => g.key === key)?.title ?? key) : null);
  const counts = ACTIVITY_STATUSES.map((s) => [s, c.activities.filter((a) => a.status === s).length] as const).filter(([, n]) => n > 0);
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>
        <FormattedMessage id="compilation.activities.heading" />
      </h2>
      <ul className="statuses activity-counts" aria-label={intl.formatMessage({ id: 'compilation.activities.counts' })}>
        {counts.map(([s, n]) => (
          <li key={s}>
            <StatusChip status={s} label={`${intl.formatMessage({ id: `common.activityStatus.${s}` })}: ${n}`} />
          </li>
        ))}
      </ul>
      <details className="activities-details">
        <summary>
          <FormattedMessage id="compilation.activities.show" values={{ n: c.activities.length }} />
        </summary>
        <div className="table-scroll" tabIndex={0} role="region" aria-label={intl.formatMessage({ id: 'compilation.activities.caption' }, { year: c.year })}>
          <table>
            <caption>
              <FormattedMessage id="compilation.activities.caption" values={{ year: c.year }} />
            </caption>
            <thead>
              <tr>
                <th scope="col">
                  <FormattedMessage id="compilation.activities.activity" />
                </th>
                <th scope="col">
                  <FormattedMessage id="compilation.activities.status" />
                </th>
                <th scope="col">
                  <FormattedMessage id="compilation.activities.reportedBy" />
                </th>
              </tr>
            </thead>
            <tbody>
              {c.activities.map((a) => (
                <tr key={a.key}>
                  <th scope="row">
                    {a.description ?? a.key}
                    {goalTitle(a.goal) ? (
                      <span className="hint target-goal">
                        <FormattedMessage id="compilation.targets.goal" values={{ goal: goalTitle(a.goal) }} />
                      </span>
                    ) : null}
                  </th>
                  <td>
                    <StatusChip status={a.status} label={intl.formatMessage({ id: `common.activityStatus.${a.status}` })} />
                    {a.progress !== null ? (
                      <span className="hint">
                        {' '}
                        <FormattedMessage id="compilation.activities.progress" values={{ progress: f.percent(a.progress / 100) }} />
                      </span>
                    ) : null}
                    {a.comment ? <p className="activity-comment">{a.comment}</p> : null}
                  </td>
                  <td>{a.reportedBy ?? <FormattedMessage id="compilation.activities.notReported" />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
