import { useId, useMemo } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useParams, useSearchParams } from 'react-router';
import type { CompiledGenderGap as GenderGap } from '../../../shared/api/views.ts';
import { gapThresholdOf, headlineOf } from '../../../domain/strategy/dimensions.ts';
import type { Stored } from '../../../domain/strategy/tree.ts';
import type { Indicator, IndicatorUnit, Sex, Target } from '../../../domain/strategy/types.ts';
import { SEXES } from '../../../domain/strategy/types.ts';
import type { Compilation, DocumentTree, SeriesPoint, ValueDto } from '../../../shared/api/views.ts';
import { useApi } from '../../ui/api.ts';
import { Chart } from '../../ui/Chart.tsx';
import { ageBandText, useSentence } from '../../ui/attainment.tsx';
import { EmptyState, ErrorMessage, Loading, PageTitle, QueryView, StatusChip } from '../../ui/components.tsx';
import { YearSelect } from '../../ui/YearSelect.tsx';
import { lastFullYear, useCompilation, useTree } from '../../ui/documents.ts';
import { useFormat } from '../../ui/format.ts';
import { buildChartOption, LINE_STYLES, type ChartInput, type ChartLine, type LineId } from '../../../shared/charts/indicator-chart.ts';
import { bandChoices, flattenTree, gapOf, koladaUrl, notesByYear, seriesFromRows, targetBand, unitValues, yearOptions, yearSpan, type Series } from './indicator-data.ts';
import './indicator.css';

type CompiledIndicator = Compilation['indicators'][number];
type CompiledTarget = Compilation['targets'][number];
type StoredIndicator = Indicator & Stored;
type StoredTarget = Target & Stored;

/** The age band in the URL: `all` is all ages; absent is the default. */
const ALL_AGES = 'all';

/**
 * One indicator of a document (journey 5): its yearly series by sex in a chart with the targets,
 * baselines and series breaks drawn, the same numbers in a table, the women–men gap and whether the
 * data is up to date in words, the targets that use it with their computed status, and its definition.
 */
export function IndicatorPage() {
  const { code, id, key } = useParams();
  const intl = useIntl();
  const tree = useTree(id);
  return (
    <QueryView query={tree}>
      {(t) => {
        const ind = flattenTree(t).indicators.find((i) => i.key === key);
        if (!ind) {
          return (
            <>
              <PageTitle title={intl.formatMessage({ id: 'indicator.notFound' })} />
              <EmptyState title={<FormattedMessage id="indicator.notFoundText" values={{ key, document: t.document.title }} />}>
                <p>
                  <Link to={`/m/${code}?document=${id}`}>
                    <FormattedMessage id="indicator.backToOverview" />
                  </Link>
                </p>
              </EmptyState>
            </>
          );
        }
        return <IndicatorView code={code!} tree={t} ind={ind} />;
      }}
    </QueryView>
  );
}

function IndicatorView({ code, tree, ind }: { code: string; tree: DocumentTree; ind: StoredIndicator }) {
  const intl = useIntl();
  const [params, setParams] = useSearchParams();
  const docId = tree.document.id;
  const year = Number(params.get('year')) || lastFullYear();
  const comp = useCompilation(docId, year);
  const values = useApi<ValueDto[]>(`/api/v1/documents/${docId}/values?indicator=${encodeURIComponent(ind.key)}`);
  const rows = useMemo(() => values.data ?? [], [values.data]);
  const compiled = comp.data?.indicators.find((i) => i.key === ind.key);
  const choices = bandChoices(ind, compiled, rows);
  const ageParam = params.get('age');
  const band = ageParam === null ? choices[0]!.band : ageParam === ALL_AGES ? null : ageParam;
  // A band the address names that the indicator no longer has is still offered, so the choice shows what the page shows.
  if (!choices.some((c) => c.band === band)) choices.push({ band, headline: false });
  const setParam = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(name, value);
    setParams(next, { replace: true });
  };
  const flat = flattenTree(tree);
  const placedIn = ind.goal ? flat.goals.find((g) => g.key === ind.goal)?.title : ind.area ? tree.areas.find((a) => a.key === ind.area)?.name : null;

  return (
    <>
      <PageTitle title={ind.name} subtitle={intl.formatMessage({ id: 'indicator.lead' }, { document: tree.document.title, year })}>
        <Link to={`/m/${code}?document=${docId}&year=${year}`}>
          <FormattedMessage id="indicator.backToOverview" />
        </Link>
      </PageTitle>
      <div className="filters">
        <YearSelect id="indicator-year" label={<FormattedMessage id="indicator.year" />} years={yearOptions(tree.document, year, lastFullYear())} value={year} onChange={(y) => setParam('year', String(y))} />
        {choices.length > 1 ? (
          <div className="field">
            <label htmlFor="indicator-age">
              <FormattedMessage id="indicator.ageBand" />
            </label>
            <select id="indicator-age" value={band ?? ALL_AGES} onChange={(e) => setParam('age', e.target.value)}>
              {choices.map((c) => (
                <option key={c.band ?? ALL_AGES} value={c.band ?? ALL_AGES}>
                  {intl.formatMessage({ id: c.headline ? 'indicator.bandOptionHeadline' : 'indicator.bandOption' }, { band: capitalize(ageBandText(intl, c.band), intl.locale) })}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </div>
      {values.error ? <ErrorMessage error={values.error} /> : null}
      <QueryView query={comp}>
        {(c) =>
          values.isPending ? (
            <Loading />
          ) : (
            <IndicatorBody code={code} tree={tree} ind={ind} c={c} rows={rows} band={band} year={year} targets={flat.targets} />
          )
        }
      </QueryView>
      <About ind={ind} placedIn={placedIn ?? null} />
    </>
  );
}

const capitalize = (s: string, locale: string) => s.charAt(0).toLocaleUpperCase(locale) + s.slice(1);

/** Value formatting for one indicator: a ratio keeps three decimals (0,417), the rest as useFormat gives it. */
function useIndicatorFormat(unit: IndicatorUnit) {
  const f = useFormat();
  return useMemo(() => {
    const value = (v: number) => (unit === 'ratio' ? f.number(v, 3) : f.value(v, unit));
    const gap = (v: number) => (unit === 'percent' ? f.value(v, 'points') : unit === 'ratio' ? f.number(v, 3) : f.value(v, unit));
    const axis = (v: number) => (unit === 'percent' ? f.percent(v / 100) : unit === 'count' ? f.number(v, 0) : unit === 'sek' || unit === 'sek_per_inhabitant' ? f.value(v, unit) : f.number(v, 2));
    return { value, gap, axis, number: (v: number) => f.number(v, unit === 'ratio' ? 3 : 1), date: f.date, percent: f.percent };
  }, [f, unit]);
}

interface BodyProps {
  code: string;
  tree: DocumentTree;
  ind: StoredIndicator;
  c: Compilation;
  rows: ValueDto[];
  band: string | null;
  year: number;
  targets: StoredTarget[];
}

function IndicatorBody({ code, tree, ind, c, rows, band, year, targets }: BodyProps) {
  const intl = useIntl();
  const fmt = useIndicatorFormat(ind.unitOfMeasure);
  const compiled: CompiledIndicator | undefined = c.indicators.find((i) => i.key === ind.key);
  // The chosen band as the compilation computed it (every declared band, and all ages where there are values);
  // a band it does not carry is computed here from the values, the same way.
  const compiledBand = compiled?.bands.find((b) => b.ageBand === band);
  const headline = compiled?.headline ?? headlineOf(ind);
  const threshold = compiled ? compiled.gapThreshold : gapThresholdOf(ind);
  const series: Series = useMemo(
    () => compiledBand?.series ?? seriesFromRows(rows, { band, unit: ind.unitOfMeasure, upToYear: year }),
    [compiledBand, rows, band, ind.unitOfMeasure, year],
  );
  const gap: GenderGap | null = compiledBand ? compiledBand.genderGap : ind.sexes.includes('women') && ind.sexes.includes('men') ? gapOf(series, threshold) : null;
  const sexes = SEXES.filter((s) => series[s].length > 0);
  const columns = SEXES.filter((s) => ind.sexes.includes(s) || series[s].length > 0);
  const notes = useMemo(() => notesByYear(rows, band), [rows, band]);
  const using = targets.filter((t) => t.indicator === ind.key);
  const asReference = targets.filter((t) => t.referenceIndicator === ind.key);
  const allPoints = sexes.flatMap((s) => series[s]);
  const allExample = allPoints.length > 0 && allPoints.every((p) => p.example);
  const someExample = allPoints.some((p) => p.example);
  const bandLabel = ageBandText(intl, band);
  const bandCount = compiled?.bands.length ?? ind.ageBands.length;

  return (
    <>
      <section aria-labelledby="indicator-situation" className="indicator-situation">
        <h2 id="indicator-situation">
          <FormattedMessage id="indicator.situation" values={{ year }} />
        </h2>
        {someExample ? (
          <p className="notice">
            <FormattedMessage id={allExample ? 'indicator.exampleAll' : 'indicator.exampleSome'} />
          </p>
        ) : null}
        {bandCount > 1 ? (
          <p className="indicator-band-note">
            <FormattedMessage
              id={band === headline.ageBand ? 'indicator.bandShownHeadline' : 'indicator.bandShown'}
              values={{ band: ageBandText(intl, band), headline: ageBandText(intl, headline.ageBand) }}
            />
          </p>
        ) : null}
        <ul className="indicator-facts">
          <LatestFact series={series} sexes={sexes} main={headline.sex} fmt={fmt} />
          {gap ? <GapFacts gap={gap} fmt={fmt} /> : null}
          {compiled ? <StaleFact stale={compiled.stale} fmt={fmt} /> : null}
        </ul>
      </section>
      {allPoints.length === 0 ? (
        <EmptyState title={<FormattedMessage id="indicator.noValues" values={{ band: bandLabel }} />}>
          <p>
            <Link to={`/m/${code}/follow-up`}>
              <FormattedMessage id="indicator.noValuesHelp" />
            </Link>
          </p>
        </EmptyState>
      ) : (
        <>
          <IndicatorChart ind={ind} c={c} series={series} sexes={sexes} band={band} using={using} notes={notes} markExample={someExample && !allExample} />
          <ValueTable ind={ind} series={series} columns={columns} gap={gap} notes={notes} markExample={someExample && !allExample} bandLabel={bandLabel} />
          <UnitTable ind={ind} rows={rows} band={band} year={year} />
        </>
      )}
      <TargetsSection code={code} docId={tree.document.id} year={year} ind={ind} c={c} using={using} asReference={asReference} tree={tree} />
    </>
  );
}

type Fmt = ReturnType<typeof useIndicatorFormat>;

function LatestFact({ series, sexes, main: headlineSex, fmt }: { series: Series; sexes: Sex[]; main: Sex; fmt: Fmt }) {
  const intl = useIntl();
  const main = sexes.includes(headlineSex) ? headlineSex : sexes.includes('total') ? 'total' : sexes[0];
  const last = main ? series[main].at(-1) : undefined;
  if (!last) return null;
  return (
    <li>
      <FormattedMessage
        id={last.preliminary ? 'indicator.latestPreliminary' : 'indicator.latest'}
        values={{ value: <strong>{fmt.value(last.value)}</strong>, year: last.year, sex: intl.formatMessage({ id: `common.sex.${main}` }).toLowerCase() }}
      />
    </li>
  );
}

function GapFacts({ gap, fmt }: { gap: GenderGap; fmt: Fmt }) {
  const latest = gap.latest;
  if (!latest) {
    return (
      <li>
        <FormattedMessage id={`indicator.gap.${gap.reason}`} />
      </li>
    );
  }
  const first = gap.years[0]!;
  return (
    <li>
      <FormattedMessage
        id={latest.gap < 0 ? 'indicator.gap.latestWomenLower' : latest.gap > 0 ? 'indicator.gap.latestWomenHigher' : 'indicator.gap.latestEqual'}
        values={{ year: latest.year, women: fmt.value(latest.women), men: fmt.value(latest.men), size: <strong>{fmt.gap(latest.size)}</strong> }}
      />{' '}
      {gap.overall ? <FormattedMessage id={`indicator.gap.overall.${gap.overall}`} values={{ first: first.year, size: fmt.gap(first.size) }} /> : null}{' '}
      {latest.change && gap.years.length > 2 ? <FormattedMessage id={`indicator.gap.change.${latest.change}`} /> : null}{' '}
      {gap.flagged ? (
        <span className="flag">
          <FormattedMessage id="indicator.gap.flagged" values={{ threshold: fmt.gap(gap.threshold ?? 0) }} />
        </span>
      ) : gap.threshold !== null ? (
        <FormattedMessage id="indicator.gap.threshold" values={{ threshold: fmt.gap(gap.threshold) }} />
      ) : null}
    </li>
  );
}

function StaleFact({ stale, fmt }: { stale: CompiledIndicator['stale']; fmt: Fmt }) {
  return (
    <li>
      {stale.stale ? (
        <span className="flag">
          <FormattedMessage id={`indicator.stale.${stale.reason}`} values={{ date: fmt.date(stale.expectedBy) }} />
        </span>
      ) : (
        <FormattedMessage id={`indicator.stale.${stale.reason}`} values={{ date: fmt.date(stale.expectedBy) }} />
      )}
    </li>
  );
}

interface ChartProps {
  ind: StoredIndicator;
  c: Compilation;
  series: Series;
  sexes: Sex[];
  band: string | null;
  using: StoredTarget[];
  notes: Map<number, string[]>;
  markExample: boolean;
}

function IndicatorChart({ ind, c, series, sexes, band, using, notes, markExample }: ChartProps) {
  const intl = useIntl();
  const fmt = useIndicatorFormat(ind.unitOfMeasure);
  const headingId = useId();
  const model = useMemo(() => {
    const lines: ChartLine[] = sexes.map((s) => ({ id: s, name: intl.formatMessage({ id: `common.sex.${s}` }), points: series[s] }));
    // A target is drawn on the series it read (its own sex and age band, else the indicator's headline).
    const readOf = (t: StoredTarget) => {
      const compiled = c.targets.find((x) => x.key === t.key);
      return compiled ? { sex: compiled.sex, ageBand: compiled.ageBand } : { sex: t.sex ?? headlineOf(ind).sex, ageBand: targetBand(ind, t) };
    };
    const drawn = using.filter((t) => readOf(t).ageBand === band);
    const lineOf = (t: StoredTarget): LineId => {
      const s = readOf(t).sex;
      return sexes.includes(s) ? s : (sexes[0] ?? 'total');
    };
    // The reference indicator's series the target compares with: the same sex, its own band or the reference's headline band.
    const referencePoints = (t: StoredTarget) => {
      const ref = c.indicators.find((i) => i.key === t.referenceIndicator);
      if (!ref) return [];
      const refBand = ref.bands.find((b) => b.ageBand === (t.ageBand ?? ref.headline.ageBand));
      return (refBand ?? ref.bands.find((b) => b.headline))?.series[readOf(t).sex] ?? [];
    };
    const reference = drawn.find((t) => t.referenceIndicator && referencePoints(t).length > 0);
    const refCompiled = reference ? c.indicators.find((i) => i.key === reference.referenceIndicator) : undefined;
    const refPoints = reference ? referencePoints(reference) : [];
    if (refCompiled) lines.push({ id: 'reference', name: intl.formatMessage({ id: 'indicator.chart.reference' }), points: refPoints });
    const targets: ChartInput['targets'] = [];
    const baselines: ChartInput['baselines'] = [];
    for (const t of drawn) {
      const compiled = c.targets.find((x) => x.key === t.key);
      if (t.value !== null && ['at_least', 'at_most', 'equal'].includes(t.comparator)) {
        const pointYear = t.recurrence === 'once' ? t.targetYear : null;
        targets.push({
          line: lineOf(t),
          year: pointYear,
          value: t.value,
          label: intl.formatMessage({ id: pointYear === null ? 'indicator.chart.targetLevel' : 'indicator.chart.target' }, { value: fmt.value(t.value), year: pointYear ?? 0 }),
        });
      }
      const base = t.baseline ?? compiled?.explanation.baseline ?? null;
      if (base && !baselines.some((b) => b.year === base.year && b.line === lineOf(t))) {
        baselines.push({ line: lineOf(t), year: base.year, value: base.value, label: intl.formatMessage({ id: 'indicator.chart.baseline' }, { value: fmt.value(base.value) }) });
      }
    }
    const breakYears = [...new Set(sexes.flatMap((s) => series[s].filter((p) => p.seriesBreak).map((p) => p.year)))].sort();
    const years = yearSpan(
      { total: series.total, women: series.women, men: series.men },
      [...targets.flatMap((t) => (t.year === null ? [] : [t.year])), ...baselines.map((b) => b.year), ...refPoints.map((p) => p.year)],
    );
    const option = buildChartOption({
      years,
      lines,
      targets,
      baselines,
      breaks: breakYears.map((y) => ({ year: y, label: intl.formatMessage({ id: 'indicator.chart.break' }, { year: y }) })),
      format: fmt.value,
      axisFormat: fmt.axis,
      notes: {
        preliminary: intl.formatMessage({ id: 'indicator.preliminary' }),
        example: intl.formatMessage({ id: 'indicator.example' }),
        seriesBreak: intl.formatMessage({ id: 'indicator.seriesBreak' }),
      },
      markExample,
    });
    return { option, lines, targets, baselines, breakYears, years, refCompiled };
  }, [intl, fmt, ind, c, series, sexes, band, using, markExample]);

  const anyPreliminary = model.lines.some((l) => l.points.some((p) => p.preliminary));
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>
        <FormattedMessage id="indicator.chart.heading" />
      </h2>
      <figure className="indicator-figure">
        <Chart
          option={model.option}
          height={340}
          label={intl.formatMessage({ id: 'indicator.chart.label' }, { name: ind.name, from: model.years[0] ?? '', to: model.years.at(-1) ?? '' })}
        />
        <figcaption>
          <ul className="chart-legend" aria-label={intl.formatMessage({ id: 'indicator.chart.legend' })}>
            {model.lines.map((l) => (
              <li key={l.id}>
                <LineSwatch id={l.id} />
                <FormattedMessage id={`indicator.chart.line.${l.id}`} values={{ name: l.name, reference: model.refCompiled?.name ?? '' }} />
              </li>
            ))}
            {anyPreliminary ? (
              <li>
                <MarkSwatch kind="hollow" />
                <FormattedMessage id="indicator.chart.preliminaryNote" />
              </li>
            ) : null}
            {markExample ? (
              <li>
                <MarkSwatch kind="faint" />
                <FormattedMessage id="indicator.chart.exampleNote" />
              </li>
            ) : null}
            {model.targets.some((t) => t.year !== null) ? (
              <li>
                <MarkSwatch kind="target" />
                <FormattedMessage id="indicator.chart.targetNote" />
              </li>
            ) : null}
            {model.targets.some((t) => t.year === null) ? (
              <li>
                <MarkSwatch kind="level" />
                <FormattedMessage id="indicator.chart.levelNote" />
              </li>
            ) : null}
            {model.baselines.length > 0 ? (
              <li>
                <MarkSwatch kind="baseline" />
                <FormattedMessage id="indicator.chart.baselineNote" />
              </li>
            ) : null}
            {model.breakYears.map((y) => (
              <li key={y}>
                <MarkSwatch kind="break" />
                <FormattedMessage id="indicator.chart.breakNote" values={{ year: y }} /> {(notes.get(y) ?? []).join(' ')}
              </li>
            ))}
          </ul>
        </figcaption>
      </figure>
    </section>
  );
}

/** A sample of a chart line (dash pattern and symbol) for the legend; decorative, the words carry the meaning. */
function LineSwatch({ id }: { id: LineId }) {
  const s = LINE_STYLES[id];
  const dash = s.type === 'dashed' ? '6 4' : s.type === 'dotted' ? '2 3' : Array.isArray(s.type) ? s.type.join(' ') : undefined;
  const mark =
    s.symbol === 'triangle' ? (
      <path d="M18 3 L23 12 L13 12 Z" fill={s.color} />
    ) : s.symbol === 'rect' ? (
      <rect x="14" y="4" width="8" height="8" fill={s.color} />
    ) : s.symbol === 'diamond' ? (
      <path d="M18 2 L23 8 L18 14 L13 8 Z" fill={s.color} />
    ) : (
      <circle cx="18" cy="8" r="4" fill={s.color} />
    );
  return (
    <svg className="swatch" width="36" height="16" viewBox="0 0 36 16" aria-hidden="true" focusable="false">
      <line x1="1" y1="8" x2="35" y2="8" stroke={s.color} strokeWidth={Math.min(s.width, 3)} strokeDasharray={dash} />
      {mark}
    </svg>
  );
}

function MarkSwatch({ kind }: { kind: 'hollow' | 'faint' | 'target' | 'level' | 'baseline' | 'break' }) {
  return (
    <svg className="swatch" width="36" height="16" viewBox="0 0 36 16" aria-hidden="true" focusable="false">
      {kind === 'hollow' ? <circle cx="18" cy="8" r="5" fill="#ffffff" stroke="#1b1f24" strokeWidth="2" /> : null}
      {kind === 'faint' ? <circle cx="18" cy="8" r="4" fill="#1b1f24" opacity="0.55" /> : null}
      {kind === 'target' ? <path d="M18 1 L25 8 L18 15 L11 8 Z" fill="#a4461a" /> : null}
      {kind === 'level' ? <line x1="1" y1="8" x2="35" y2="8" stroke="#a4461a" strokeWidth="2" /> : null}
      {kind === 'baseline' ? <rect x="12" y="2" width="12" height="12" fill="#3d4550" /> : null}
      {kind === 'break' ? <line x1="18" y1="0" x2="18" y2="16" stroke="#6b4500" strokeWidth="2" strokeDasharray="4 3" /> : null}
    </svg>
  );
}

function ValueTable({ ind, series, columns, gap, notes, markExample, bandLabel }: { ind: StoredIndicator; series: Series; columns: Sex[]; gap: GenderGap | null; notes: Map<number, string[]>; markExample: boolean; bandLabel: string }) {
  const intl = useIntl();
  const fmt = useIndicatorFormat(ind.unitOfMeasure);
  const headingId = useId();
  const titleId = useId();
  const years = [...new Set(columns.flatMap((s) => series[s].map((p) => p.year)))].sort((a, b) => a - b);
  const byYear = (s: Sex, y: number): SeriesPoint | undefined => series[s].find((p) => p.year === y);
  const gapByYear = new Map((gap?.years ?? []).map((g) => [g.year, g]));
  const showGap = gap !== null && gap.years.length > 0;
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>
        <FormattedMessage id="indicator.table.heading" />
      </h2>
      {/* The table's name is above the scroll region, so that it wraps to the screen, not to the table. */}
      <p className="table-title" id={titleId}>
        <FormattedMessage id={columns.length > 1 ? 'indicator.table.captionBySex' : 'indicator.table.caption'} values={{ name: ind.name, band: bandLabel }} />
      </p>
      <div className="table-scroll" tabIndex={0} role="region" aria-labelledby={headingId}>
        <table className="indicator-table" aria-labelledby={titleId}>
          <thead>
            <tr>
              <th scope="col">
                <FormattedMessage id="indicator.table.year" />
              </th>
              {columns.map((s) => (
                <th scope="col" className="num" key={s}>
                  <FormattedMessage id={`common.sex.${s}`} />
                </th>
              ))}
              {showGap ? (
                <th scope="col" className="num">
                  <FormattedMessage id={ind.unitOfMeasure === 'percent' ? 'indicator.table.gapPoints' : 'indicator.table.gap'} />
                </th>
              ) : null}
              <th scope="col">
                <FormattedMessage id="indicator.table.note" />
              </th>
            </tr>
          </thead>
          <tbody>
            {years.map((y) => {
              const points = columns.map((s) => byYear(s, y)).filter((p): p is SeriesPoint => p !== undefined);
              const flags = [
                points.some((p) => p.preliminary) ? intl.formatMessage({ id: 'indicator.preliminary' }) : null,
                points.some((p) => p.seriesBreak) ? intl.formatMessage({ id: 'indicator.seriesBreak' }) : null,
                markExample && points.some((p) => p.example) ? intl.formatMessage({ id: 'indicator.example' }) : null,
              ].filter((x): x is string => x !== null);
              const g = gapByYear.get(y);
              return (
                <tr key={y} data-year={y}>
                  <th scope="row">{y}</th>
                  {columns.map((s) => {
                    const p = byYear(s, y);
                    return (
                      <td className="num" key={s} data-sex={s}>
                        {p ? fmt.value(p.value) : '–'}
                      </td>
                    );
                  })}
                  {showGap ? <td className="num">{g ? (ind.unitOfMeasure === 'percent' ? fmt.number(g.gap) : fmt.gap(g.gap)) : '–'}</td> : null}
                  <td className="table-note">
                    {flags.length ? <span className="value-flags">{flags.join(', ')}</span> : null}
                    {(notes.get(y) ?? []).map((n) => (
                      <span key={n} className="value-note">
                        {n}
                      </span>
                    ))}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {showGap ? (
        <p className="hint">
          <FormattedMessage id="indicator.table.gapHint" />
        </p>
      ) : null}
    </section>
  );
}

function UnitTable({ ind, rows, band, year }: { ind: StoredIndicator; rows: ValueDto[]; band: string | null; year: number }) {
  const fmt = useIndicatorFormat(ind.unitOfMeasure);
  const headingId = useId();
  const titleId = useId();
  const { units, years } = useMemo(() => unitValues(rows, band, year), [rows, band, year]);
  if (units.length === 0) return null;
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>
        <FormattedMessage id="indicator.units.heading" />
      </h2>
      <p className="hint">
        <FormattedMessage id="indicator.units.lead" />
      </p>
      <p className="table-title" id={titleId}>
        <FormattedMessage id="indicator.units.caption" values={{ name: ind.name }} />
      </p>
      <div className="table-scroll" tabIndex={0} role="region" aria-labelledby={headingId}>
        <table className="unit-table" aria-labelledby={titleId}>
          <thead>
            <tr>
              <th scope="col">
                <FormattedMessage id="indicator.table.year" />
              </th>
              {units.map((u) => (
                <th scope="col" className="num" key={u}>
                  {u}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {years.map(({ year: y, values }) => (
              <tr key={y}>
                <th scope="row">{y}</th>
                {units.map((u) => {
                  const v = values.get(u);
                  return (
                    <td className="num" key={u}>
                      {v ? fmt.value(v.value) : <FormattedMessage id="indicator.units.missing" />}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function TargetsSection({ code, docId, year, ind, c, using, asReference, tree }: { code: string; docId: string; year: number; ind: StoredIndicator; c: Compilation; using: StoredTarget[]; asReference: StoredTarget[]; tree: DocumentTree }) {
  const intl = useIntl();
  const headingId = useId();
  const goals = flattenTree(tree).goals;
  const indicators = flattenTree(tree).indicators;
  const link = (key: string) => `/m/${code}/documents/${docId}/indicators/${key}?year=${year}`;
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>
        <FormattedMessage id="indicator.targets.heading" />
      </h2>
      {using.length === 0 && asReference.length === 0 ? (
        <p>
          <FormattedMessage id="indicator.targets.none" />
        </p>
      ) : null}
      {using.length > 0 ? (
        <ul className="target-list indicator-targets" aria-label={intl.formatMessage({ id: 'indicator.targets.list' }, { name: ind.name })}>
          {using.map((t) => (
            <TargetItem
              key={t.key}
              target={t}
              ind={ind}
              compiled={c.targets.find((x) => x.key === t.key)}
              goalTitle={goals.find((g) => g.key === t.goal)?.title ?? t.goal}
              reference={t.referenceIndicator ? { name: indicators.find((i) => i.key === t.referenceIndicator)?.name ?? t.referenceIndicator, href: link(t.referenceIndicator) } : null}
            />
          ))}
        </ul>
      ) : null}
      {asReference.length > 0 ? (
        <>
          <p>
            <FormattedMessage id="indicator.targets.asReference" />
          </p>
          <ul>
            {asReference.map((t) => (
              <li key={t.key}>
                {t.statement}{' '}
                {t.indicator ? (
                  <Link to={link(t.indicator)}>
                    <FormattedMessage id="indicator.targets.openMain" values={{ name: indicators.find((i) => i.key === t.indicator)?.name ?? t.indicator }} />
                  </Link>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function TargetItem({ target, ind, compiled, goalTitle, reference }: { target: StoredTarget; ind: StoredIndicator; compiled: CompiledTarget | undefined; goalTitle: string; reference: { name: string; href: string } | null }) {
  const intl = useIntl();
  const sentence = useSentence();
  const fmt = useIndicatorFormat(ind.unitOfMeasure);
  const e = compiled?.explanation;
  const facts: string[] = [];
  if (target.value !== null) {
    facts.push(
      target.recurrence === 'yearly'
        ? intl.formatMessage({ id: 'indicator.fact.targetYearly' }, { value: fmt.value(target.value) })
        : target.targetYear !== null
          ? intl.formatMessage({ id: 'indicator.fact.target' }, { value: fmt.value(target.value), year: target.targetYear })
          : intl.formatMessage({ id: 'indicator.fact.targetNoYear' }, { value: fmt.value(target.value) }),
    );
  } else if (target.comparator === 'increase' || target.comparator === 'decrease') {
    facts.push(intl.formatMessage({ id: `indicator.fact.${target.comparator}` }));
  }
  // The series the status rests on: the target's own sex and age band, else the indicator's headline.
  const sex = compiled?.sex ?? target.sex ?? headlineOf(ind).sex;
  const band = compiled ? compiled.ageBand : targetBand(ind, target);
  if (sex !== 'total' || ind.sexes.length > 1 || ind.ageBands.length > 1) {
    const parts = [intl.formatMessage({ id: `common.sex.${sex}` }).toLocaleLowerCase(intl.locale), ...(band !== null || ind.ageBands.length > 1 ? [ageBandText(intl, band)] : [])];
    facts.push(intl.formatMessage({ id: 'indicator.fact.series' }, { series: parts.join(', ') }));
  }
  const base = target.baseline ?? e?.baseline;
  if (base) facts.push(intl.formatMessage({ id: 'indicator.fact.baseline' }, { value: fmt.value(base.value), year: base.year }));
  if (e?.verdict) facts.push(intl.formatMessage({ id: 'indicator.fact.verdict' }, { value: fmt.value(e.verdict.value), year: e.verdict.year }));
  if (e?.latest && (!e.verdict || e.latest.year !== e.verdict.year)) facts.push(intl.formatMessage({ id: 'indicator.fact.latest' }, { value: fmt.value(e.latest.value), year: e.latest.year }));
  if (e?.record) facts.push(intl.formatMessage({ id: 'indicator.fact.record' }, { met: e.record.yearsMet, years: e.record.yearsWithData, from: e.record.fromYear, to: e.record.toYear }));
  if (e?.ratio !== undefined && Number.isFinite(e.ratio)) facts.push(intl.formatMessage({ id: 'indicator.fact.ratio' }, { share: fmt.percent(e.ratio) }));
  if (e?.gap !== undefined && reference) facts.push(intl.formatMessage({ id: 'indicator.fact.referenceGap' }, { gap: fmt.gap(e.gap) }));
  return (
    <li>
      <span>
        {target.statement}
        <span className="hint target-goal">
          <FormattedMessage id="indicator.targets.goal" values={{ goal: goalTitle }} />
        </span>
      </span>
      <span className="statuses">{compiled ? <StatusChip status={compiled.status} /> : null}</span>
      <div className="reason">
        {compiled ? (
          <p className="target-sentence">
            {sentence(compiled.sentence)}
            {compiled.usesExampleData ? ` ${intl.formatMessage({ id: 'indicator.targets.exampleData' })}` : ''}
          </p>
        ) : null}
        {facts.length > 0 ? (
          <ul className="target-facts">
            {facts.map((f) => (
              <li key={f}>{f}</li>
            ))}
          </ul>
        ) : null}
        {reference ? (
          <p>
            <FormattedMessage id="indicator.targets.reference" values={{ link: <Link to={reference.href}>{reference.name}</Link> }} />
          </p>
        ) : null}
      </div>
    </li>
  );
}

function About({ ind, placedIn }: { ind: StoredIndicator; placedIn: string | null }) {
  const intl = useIntl();
  const fmt = useIndicatorFormat(ind.unitOfMeasure);
  const headline = headlineOf(ind);
  const threshold = gapThresholdOf(ind);
  const headingId = useId();
  const kolada = koladaUrl(ind);
  const none = intl.formatMessage({ id: 'indicator.about.notGiven' });
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>
        <FormattedMessage id="indicator.about.heading" />
      </h2>
      <dl className="meta">
        <dt>
          <FormattedMessage id="indicator.about.definition" />
        </dt>
        <dd>{ind.definition ?? none}</dd>
        <dt>
          <FormattedMessage id="indicator.about.unit" />
        </dt>
        <dd>
          <FormattedMessage id={`indicator.unit.${ind.unitOfMeasure}`} />
        </dd>
        <dt>
          <FormattedMessage id="indicator.about.source" />
        </dt>
        <dd>
          <FormattedMessage id={`indicator.sourceKind.${ind.sourceKind}`} />
          {ind.sourceRef ? (
            <>
              {', '}
              {kolada ? (
                <a href={kolada} rel="noopener noreferrer" target="_blank">
                  <FormattedMessage id="indicator.about.koladaLink" values={{ kpi: ind.sourceRef }} />
                </a>
              ) : (
                ind.sourceRef
              )}
            </>
          ) : null}
        </dd>
        <dt>
          <FormattedMessage id="indicator.about.population" />
        </dt>
        <dd>{ind.population ?? none}</dd>
        <dt>
          <FormattedMessage id="indicator.about.frequency" />
        </dt>
        <dd>
          <FormattedMessage id={`indicator.frequency.${ind.frequency}`} />
        </dd>
        <dt>
          <FormattedMessage id="indicator.about.sexes" />
        </dt>
        <dd>{ind.sexes.map((s) => intl.formatMessage({ id: `common.sex.${s}` })).join(', ')}</dd>
        <dt>
          <FormattedMessage id="indicator.about.ageBands" />
        </dt>
        <dd>{ind.ageBands.length ? ind.ageBands.map((b) => ageBandText(intl, b)).join(', ') : intl.formatMessage({ id: 'indicator.allAges' })}</dd>
        {ind.sexes.length > 1 || ind.ageBands.length > 1 ? (
          <>
            <dt>
              <FormattedMessage id="indicator.about.headline" />
            </dt>
            <dd>
              {[intl.formatMessage({ id: `common.sex.${headline.sex}` }), ...(ind.ageBands.length > 0 ? [ageBandText(intl, headline.ageBand)] : [])].join(', ')}
              {ind.headline === null ? (
                <>
                  {' '}
                  <span className="hint">
                    <FormattedMessage id="indicator.about.headlineDefault" />
                  </span>
                </>
              ) : null}
            </dd>
          </>
        ) : null}
        {ind.sexes.includes('women') && ind.sexes.includes('men') ? (
          <>
            <dt>
              <FormattedMessage id="indicator.about.gapThreshold" />
            </dt>
            <dd>
              {threshold === null ? (
                <FormattedMessage id="indicator.about.gapThresholdNone" />
              ) : (
                <FormattedMessage id="indicator.about.gapThresholdValue" values={{ threshold: fmt.gap(threshold) }} />
              )}
              {ind.gapThreshold === null && threshold !== null ? (
                <>
                  {' '}
                  <span className="hint">
                    <FormattedMessage id="indicator.about.gapThresholdDefault" />
                  </span>
                </>
              ) : null}
            </dd>
          </>
        ) : null}
        {placedIn ? (
          <>
            <dt>
              <FormattedMessage id={ind.goal ? 'indicator.about.goal' : 'indicator.about.area'} />
            </dt>
            <dd>{placedIn}</dd>
          </>
        ) : null}
        <dt>
          <FormattedMessage id="indicator.about.footnotes" />
        </dt>
        <dd>
          {ind.footnotes.length === 0 ? (
            none
          ) : (
            <ol className="footnotes">
              {ind.footnotes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ol>
          )}
        </dd>
      </dl>
    </section>
  );
}
