import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { exampleNames } from '../../../test/support/methodology.ts';
import { seriesBaseYear, versionInForce, type VersionSpan } from './in-force.ts';
import type { DocumentStatus, IsoDate } from './types.ts';

// Worked examples: docs/methodology/document-lifecycle.md#version-in-force (test names = example names).

interface Example {
  name: string;
  versions: VersionSpan[];
  /** Each date with the version expected in force on it (null: none). */
  expect: Array<[IsoDate, number | null]>;
}

function examples(rows: Example[]): void {
  for (const row of rows) {
    it(row.name, () => {
      for (const [date, version] of row.expect) {
        expect(versionInForce(row.versions, date)?.version ?? null, `on ${date}`).toBe(version);
      }
    });
  }
}

function v(version: number, status: DocumentStatus, dates: { decisionDate?: IsoDate; validFrom?: IsoDate; validUntil?: IsoDate } = {}): VersionSpan {
  return { version, status, decisionDate: dates.decisionDate ?? null, validFrom: dates.validFrom ?? null, validUntil: dates.validUntil ?? null };
}

/** Tierp's Handlingsplan för integration: fastställd 2017-05-30, gäller t o m 2018-12-31, version 1. */
const tierp = [v(1, 'adopted', { decisionDate: '2017-05-30', validUntil: '2018-12-31' })];

/** A strategy decided 2016-05-10 and its successor decided 2020-03-01 (leap year). */
const successor = [v(1, 'superseded', { decisionDate: '2016-05-10' }), v(2, 'adopted', { decisionDate: '2020-03-01' })];

describe("Tierp's action plan alone", () => {
  examples([
    { name: "Tierp's plan is in force in mid-2018", versions: tierp, expect: [['2018-06-30', 1]] },
    { name: "Tierp's plan is in force on its decision day", versions: tierp, expect: [['2017-05-30', 1]] },
    { name: "Tierp's plan is not in force the day before its decision", versions: tierp, expect: [['2017-05-29', null]] },
    { name: "Tierp's plan is in force on its last day", versions: tierp, expect: [['2018-12-31', 1]] },
    { name: "Tierp's plan is not in force the day after its end date", versions: tierp, expect: [['2019-01-01', null]] },
    {
      name: 'an expired version still answers for the dates it covered',
      versions: [v(1, 'expired', { decisionDate: '2017-05-30', validUntil: '2018-12-31' })],
      expect: [['2018-06-30', 1]],
    },
  ]);
});

describe('a strategy and its successor', () => {
  examples([
    { name: 'on the leap day before its successor, version 1 is in force', versions: successor, expect: [['2020-02-29', 1]] },
    { name: 'on its first day, the successor is in force', versions: successor, expect: [['2020-03-01', 2]] },
    {
      name: 'the order of the list does not matter',
      versions: [...successor].reverse(),
      expect: [
        ['2020-02-29', 1],
        ['2020-03-01', 2],
      ],
    },
  ]);
});

describe('other cases', () => {
  examples([
    {
      name: 'in a common year the predecessor ends on 28 February',
      versions: [v(1, 'superseded', { decisionDate: '2016-05-10' }), v(2, 'adopted', { validFrom: '2019-03-01' })],
      expect: [['2019-02-28', 1]],
    },
    {
      name: 'a version decided in December is not in force before its validFrom',
      versions: [v(1, 'adopted', { decisionDate: '2019-12-10', validFrom: '2020-01-01' })],
      expect: [['2019-12-31', null]],
    },
    {
      name: 'a version decided in December is in force from its validFrom',
      versions: [v(1, 'adopted', { decisionDate: '2019-12-10', validFrom: '2020-01-01' })],
      expect: [['2020-01-01', 1]],
    },
    {
      name: 'a draft is never in force',
      versions: [v(1, 'adopted', { decisionDate: '2016-05-10' }), v(2, 'draft', { validFrom: '2020-03-01' })],
      expect: [['2020-06-01', 1]],
    },
    {
      name: 'a version out for consultation is never in force',
      versions: [v(1, 'consultation', { validFrom: '2018-01-01' })],
      expect: [['2018-06-01', null]],
    },
    {
      name: 'an adopted version without dates is never in force',
      versions: [v(1, 'adopted')],
      expect: [['2018-06-01', null]],
    },
    {
      name: 'a successor without dates does not end its predecessor',
      versions: [v(1, 'superseded', { decisionDate: '2016-05-10' }), v(2, 'adopted')],
      expect: [['2021-01-01', 1]],
    },
    {
      name: 'a gap between two versions',
      versions: [v(1, 'superseded', { decisionDate: '2017-05-30', validUntil: '2018-12-31' }), v(2, 'adopted', { validFrom: '2019-03-01' })],
      expect: [['2019-02-01', null]],
    },
    {
      name: 'a successor that starts early cuts the predecessor short',
      versions: [v(1, 'superseded', { decisionDate: '2018-01-15', validUntil: '2019-12-31' }), v(2, 'adopted', { validFrom: '2019-06-01' })],
      expect: [
        ['2019-05-31', 1],
        ['2019-06-01', 2],
      ],
    },
    {
      name: 'two versions adopted on the same day: the later version is in force',
      versions: [v(1, 'superseded', { decisionDate: '2016-05-10' }), v(2, 'adopted', { decisionDate: '2016-05-10' })],
      expect: [['2016-05-10', 2]],
    },
    {
      name: 'a strategy valid until further notice stays in force',
      versions: [v(1, 'adopted', { decisionDate: '2018-04-23' })],
      expect: [['2030-01-01', 1]],
    },
  ]);
});

describe("the base year of a series' targets", () => {
  const rows: Array<{ name: string; versions: VersionSpan[]; baseYear: number | null }> = [
    { name: 'a strategy adopted mid-year has the year before as its base year', versions: [v(1, 'adopted', { decisionDate: '2023-06-01' })], baseYear: 2022 },
    { name: "a strategy adopted on new year's eve has that year as its base year", versions: [v(1, 'adopted', { decisionDate: '2023-12-31' })], baseYear: 2023 },
    { name: "a strategy adopted on new year's day has the year before as its base year", versions: [v(1, 'adopted', { decisionDate: '2024-01-01' })], baseYear: 2023 },
    {
      name: 'a revision adopted later does not move the base year',
      versions: [v(2, 'adopted', { decisionDate: '2020-03-01' }), v(1, 'superseded', { decisionDate: '2016-05-10' })],
      baseYear: 2015,
    },
    { name: 'without a decision date the validFrom decides', versions: [v(1, 'adopted', { validFrom: '2019-01-01' })], baseYear: 2018 },
    { name: 'the decision date wins over a later validFrom', versions: [v(1, 'adopted', { decisionDate: '2019-12-10', validFrom: '2020-01-01' })], baseYear: 2018 },
    { name: 'a draft has no base year', versions: [v(1, 'draft', { validFrom: '2025-01-01' })], baseYear: null },
    { name: 'a first version without dates is passed over', versions: [v(1, 'superseded'), v(2, 'adopted', { decisionDate: '2021-09-15' })], baseYear: 2020 },
    {
      name: 'a version out for consultation after an adopted one keeps the adopted base year',
      versions: [v(1, 'adopted', { decisionDate: '2017-05-30' }), v(2, 'consultation')],
      baseYear: 2016,
    },
  ];
  for (const row of rows) it(row.name, () => expect(seriesBaseYear(row.versions)).toBe(row.baseYear));

  it('has a test for every example of the section, and no other', () => {
    const doc = fs.readFileSync(path.resolve(import.meta.dirname, '../../../docs/methodology/document-lifecycle.md'), 'utf8');
    const section = doc.slice(doc.indexOf("## The base year of a series' targets"), doc.indexOf('## Comparing versions'));
    expect(exampleNames(section).sort()).toEqual(rows.map((r) => r.name).sort());
  });
});
