import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-db.ts';

/**
 * Issue 12's scenarios, tried as a new user would, through the API: a target measured from the year the
 * council adopted the strategy, values that belong to the series across versions, and an indicator with
 * two age bands. Expected numbers are computed by hand in the comments.
 */
let t: TestApp;

async function call(method: 'GET' | 'POST', url: string, payload?: unknown, expected = method === 'POST' ? [200, 201] : [200]) {
  const r = await t.app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });
  expect(expected, `${method} ${url}: ${r.body}`).toContain(r.statusCode);
  return JSON.parse(r.body);
}

const CODE = '9312';
const municipality = { code: CODE, name: 'Provkommun' };

function strategy(key: string, extra: { indicators?: unknown[]; targets?: unknown[] } = {}) {
  return {
    format: 'samspel/document@1',
    municipality,
    organisation: [{ name: 'Kommunfullmäktige', type: 'council', parent: null }],
    document: { key, type: 'strategy', title: `Integrationsstrategi ${key}`, goalLevels: ['Mål'] },
    areas: [{ key: 'arbete', name: 'Arbete' }],
    goals: [{ key: 'fler-i-arbete', area: 'arbete', title: 'Fler nyanlända i arbete' }],
    indicators: extra.indicators ?? [{ key: 'andel-i-arbete', area: 'arbete', name: 'Andel i arbete', unitOfMeasure: 'percent' }],
    targets: extra.targets ?? [
      { key: 'minst-60', goal: 'fler-i-arbete', indicator: 'andel-i-arbete', comparator: 'at_least', value: 60, targetYear: 2026, statement: 'Minst 60 % är i arbete år 2026.' },
    ],
  };
}

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

type Target = { key: string; status: string; reason: string; explanation: { baseline?: { year: number; value: number }; latest?: { year: number; value: number } } };
const target = async (docId: string, year: number, key = 'minst-60'): Promise<Target> =>
  (await call('GET', `/api/v1/documents/${docId}/compilation?year=${year}`)).targets.find((x: Target) => x.key === key);

describe('a target keeps its verdict when its strategy is adopted mid-year and revised', () => {
  let draftId: string;

  beforeAll(async () => {
    const imported = await call('POST', `/api/v1/municipalities/${CODE}/documents/import`, strategy('adoption'));
    draftId = imported.id;
    const rows = [40, 43, 46, 49, 52].map((value, i) => ({ indicator: 'andel-i-arbete', year: 2019 + i, value }));
    await call('POST', `/api/v1/documents/${draftId}/values`, { values: rows, createPeriods: true });
  });

  it('is on track as a draft, measured from the first observation', async () => {
    // Baseline 40 (2019), latest 52 (2023): observed (52/40)^(1/4) − 1 = 6.78 %, required (60/40)^(1/7) − 1 = 5.96 %, R = 1.137.
    const x = await target(draftId, 2023);
    expect([x.status, x.reason]).toEqual(['on_track', 'trajectory']);
    expect(x.explanation.baseline).toMatchObject({ year: 2019, value: 40 });
  });

  it('is still on track once adopted on 2023-06-01, measured from 2022, the last year the council could see', async () => {
    const draft = await call('GET', `/api/v1/documents/${draftId}`);
    await call('POST', `/api/v1/documents/${draftId}/adopt`, { lockVersion: draft.lockVersion, adoptedBy: { body: 'Kommunfullmäktige', paragraph: '§ 12' }, decisionDate: '2023-06-01' });
    // Baseline 49 (2022): observed 52/49 − 1 = 6.12 %, required (60/49)^(1/4) − 1 = 5.19 %, R = 1.179.
    for (const year of [2023, 2024]) {
      const x = await target(draftId, year);
      expect([x.status, x.reason], `${year}`).toEqual(['on_track', 'trajectory']);
      expect(x.explanation.baseline, `${year}`).toMatchObject({ year: 2022, value: 49 });
      expect(x.explanation.latest, `${year}`).toMatchObject({ year: 2023, value: 52 });
    }
  });

  it('says so in words, naming the baseline, the latest value and the target, in Swedish and in English', async () => {
    const sv = (await call('GET', `/api/v1/documents/${draftId}/compilation?year=2024`)).targets[0].explanationText as string;
    const en = (await call('GET', `/api/v1/documents/${draftId}/compilation?year=2024&lang=en`)).targets[0].explanationText as string;
    for (const text of [sv, en]) for (const year of ['2022', '2023', '2026']) expect(text).toContain(year);
    expect(sv).toMatch(/49,0\s%/);
    expect(sv).toMatch(/52,0\s%/);
    expect(sv).toMatch(/60,0\s%/);
    expect(en).toMatch(/49\.0\s?%/);
    expect(en).not.toBe(sv);
  });

  it('gives both versions the same values and the same verdict after a revision, adopted or not', async () => {
    const v1 = await call('GET', `/api/v1/documents/${draftId}`);
    const v2 = await call('POST', `/api/v1/documents/${draftId}/revise`, { lockVersion: v1.lockVersion });
    const before = await call('GET', `/api/v1/documents/${draftId}/values`);
    const after = await call('GET', `/api/v1/documents/${v2.id}/values`);
    expect(before).toHaveLength(5);
    expect(after).toEqual(before);
    expect(await target(v2.id, 2024)).toEqual(await target(draftId, 2024));

    const draft = await call('GET', `/api/v1/documents/${v2.id}`);
    await call('POST', `/api/v1/documents/${v2.id}/adopt`, {
      lockVersion: draft.lockVersion,
      adoptedBy: { body: 'Kommunfullmäktige', paragraph: '§ 40' },
      decisionDate: '2025-03-01',
    });
    // The revision does not move the base year: still 2022 (the first adoption's).
    for (const id of [draftId, v2.id]) {
      const x = await target(id, 2024);
      expect([x.status, x.explanation.baseline?.year], id).toEqual(['on_track', 2022]);
    }
  });
});

describe('an indicator with two age bands', () => {
  let docId: string;
  const indicators = [
    {
      key: 'sysselsatta',
      area: 'arbete',
      name: 'Andel sysselsatta bland utrikes födda',
      unitOfMeasure: 'percent',
      sexes: ['total', 'women', 'men'],
      ageBands: ['16-64', '20-64'],
      gapThreshold: 6,
    },
  ];
  const targets = [
    { key: 'rubrik', goal: 'fler-i-arbete', indicator: 'sysselsatta', comparator: 'increase', statement: 'Andelen sysselsatta ska öka.' },
    { key: 'kvinnor-20-64', goal: 'fler-i-arbete', indicator: 'sysselsatta', comparator: 'at_least', value: 60, targetYear: 2030, sex: 'women', ageBand: '20-64', statement: 'Minst 60 % av kvinnorna 20–64 år är sysselsatta år 2030.' },
  ];
  // Women and men per band and year; the total is entered too.
  const data: Record<string, Record<number, [number, number, number]>> = {
    '16-64': { 2022: [50, 44, 56], 2023: [52, 47, 57], 2024: [54, 50, 58] },
    '20-64': { 2022: [55, 48, 62], 2023: [57, 51, 63], 2024: [60, 55, 65] },
  };

  beforeAll(async () => {
    docId = (await call('POST', `/api/v1/municipalities/${CODE}/documents/import`, strategy('band', { indicators, targets }))).id;
    const rows = Object.entries(data).flatMap(([ageBand, years]) =>
      Object.entries(years).flatMap(([year, [total, women, men]]) =>
        (['total', 'women', 'men'] as const).map((sex, i) => ({ indicator: 'sysselsatta', year: Number(year), ageBand, sex, value: [total, women, men][i] })),
      ),
    );
    await call('POST', `/api/v1/documents/${docId}/values`, { values: rows, createPeriods: true });
  });

  it('shows every band with its series per sex, the first band as the headline', async () => {
    const c = await call('GET', `/api/v1/documents/${docId}/compilation?year=2024`);
    const ind = c.indicators.find((i: { key: string }) => i.key === 'sysselsatta');
    expect(ind.headline).toEqual({ sex: 'total', ageBand: '16-64' });
    expect(ind.bands.map((b: { ageBand: string; headline: boolean }) => [b.ageBand, b.headline])).toEqual([
      ['16-64', true],
      ['20-64', false],
    ]);
    for (const band of ind.bands) {
      for (const [i, sex] of (['total', 'women', 'men'] as const).entries()) {
        expect(band.series[sex].map((p: { year: number; value: number }) => [p.year, p.value]), `${band.ageBand} ${sex}`).toEqual(
          Object.entries(data[band.ageBand]!).map(([year, v]) => [Number(year), v[i]]),
        );
      }
    }
    expect(ind.latest).toMatchObject({ year: 2024, value: 54 });
  });

  it('computes the gender gap per band against the indicator’s own threshold', async () => {
    const c = await call('GET', `/api/v1/documents/${docId}/compilation?year=2024`);
    const ind = c.indicators.find((i: { key: string }) => i.key === 'sysselsatta');
    const [young, adult] = ind.bands;
    // 16–64: 44 − 56 = −12, 47 − 57 = −10, 50 − 58 = −8: narrowing, 8 > 6 flagged. 20–64: −14, −12, −10: narrowing, flagged.
    expect(young.genderGap.years.map((y: { gap: number }) => y.gap)).toEqual([-12, -10, -8]);
    expect(adult.genderGap.years.map((y: { gap: number }) => y.gap)).toEqual([-14, -12, -10]);
    expect([young.genderGap.overall, young.genderGap.flagged, young.genderGap.threshold]).toEqual(['narrower', true, 6]);
    expect(ind).not.toHaveProperty('genderGap'); // each gap once: the headline band's is the first band's
    expect(young.headline).toBe(true);
  });

  it('lets a target read exactly its own sex and band, and one without reads the headline', async () => {
    const c = await call('GET', `/api/v1/documents/${docId}/compilation?year=2024`);
    const own = c.targets.find((x: { key: string }) => x.key === 'kvinnor-20-64');
    expect([own.sex, own.ageBand]).toEqual(['women', '20-64']);
    expect(own.explanation.latest).toEqual({ year: 2024, value: 55 });
    const headline = c.targets.find((x: { key: string }) => x.key === 'rubrik');
    expect([headline.sex, headline.ageBand]).toEqual(['total', '16-64']);
    expect(headline.explanation.latest).toEqual({ year: 2024, value: 54 });
  });

  it('refuses a target naming a band or a sex its indicator does not declare', async () => {
    for (const [field, value] of [
      ['ageBand', '25-64'],
      ['sex', 'men'],
    ] as const) {
      const extra = { ...targets[1], key: `fel-${field.toLowerCase()}`, [field]: value };
      const body = strategy(`fel-${field.toLowerCase()}`, { indicators: [{ ...indicators[0], sexes: field === 'sex' ? ['total', 'women'] : indicators[0]!.sexes }], targets: [extra] });
      const r = await t.app.inject({ method: 'POST', url: `/api/v1/municipalities/${CODE}/documents/import`, payload: body });
      expect(r.statusCode, r.body).toBe(400);
      const problem = JSON.parse(r.body);
      expect(problem.errors.map((i: { path: string }) => i.path)).toContain(`/targets/0/${field}`);
    }
  });
});
