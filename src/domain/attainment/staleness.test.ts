import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import type { IsoDate } from '../strategy/types.ts';
import { isStale, type StalenessInput, type StalenessReason } from './staleness.ts';

// Worked examples: docs/methodology/attainment.md#stale-data (test names = example names).

interface Example {
  name: string;
  input: Omit<StalenessInput, 'asOf'>;
  /** Each date with the expected answer on it. */
  expect: Array<[IsoDate, { stale: boolean; reason: StalenessReason }]>;
  expectedBy: IsoDate | null;
}

function examples(rows: Example[]): void {
  for (const row of rows) {
    it(row.name, () => {
      for (const [asOf, answer] of row.expect) {
        expect(isStale({ ...row.input, asOf }), `as of ${asOf}`).toEqual({ ...answer, expectedBy: row.expectedBy });
      }
    });
  }
}

const overdue = { stale: true, reason: 'overdue' } as const;
const upToDate = { stale: false, reason: 'up_to_date' } as const;
const notPeriodic = { stale: false, reason: 'not_periodic' } as const;

describe('stale data', () => {
  examples([
    { name: 'yearly data for 2022 is up to date in autumn 2024', input: { frequency: 'yearly', latestPeriodEnd: '2022-12-31' }, expect: [['2024-10-01', upToDate]], expectedBy: '2024-12-31' },
    { name: 'yearly data for 2022 is stale in January 2025', input: { frequency: 'yearly', latestPeriodEnd: '2022-12-31' }, expect: [['2025-01-15', overdue]], expectedBy: '2024-12-31' },
    {
      name: 'a grace period postpones staleness',
      input: { frequency: 'yearly', latestPeriodEnd: '2022-12-31', graceDays: 30 },
      expect: [
        ['2025-01-15', upToDate],
        ['2025-01-31', overdue],
      ],
      expectedBy: '2024-12-31',
    },
    { name: 'a publication lag can be set per source', input: { frequency: 'yearly', latestPeriodEnd: '2022-12-31', lagMonths: 6 }, expect: [['2024-07-01', overdue]], expectedBy: '2024-06-30' },
    { name: 'monthly data keeps month ends, leap day included', input: { frequency: 'monthly', latestPeriodEnd: '2024-01-31' }, expect: [['2024-04-01', overdue]], expectedBy: '2024-03-31' },
    { name: 'quarterly data is not stale on the day it is due', input: { frequency: 'quarterly', latestPeriodEnd: '2024-03-31' }, expect: [['2024-08-31', upToDate]], expectedBy: '2024-08-31' },
    { name: 'interim data for January–August is due by the end of February', input: { frequency: 'interim', latestPeriodEnd: '2023-08-31' }, expect: [['2024-03-01', overdue]], expectedBy: '2024-02-29' },
    { name: 'a one-off indicator is never stale', input: { frequency: 'once', latestPeriodEnd: '2019-12-31' }, expect: [['2030-01-01', notPeriodic]], expectedBy: null },
    { name: 'an irregular indicator is never stale', input: { frequency: 'irregular', latestPeriodEnd: '2016-12-31' }, expect: [['2030-01-01', notPeriodic]], expectedBy: null },
    { name: 'an indicator without any value is stale', input: { frequency: 'yearly', latestPeriodEnd: null }, expect: [['2024-06-01', { stale: true, reason: 'no_data' }]], expectedBy: null },
  ]);

  it('refuses a date that is not in the calendar', () => {
    expect(() => isStale({ frequency: 'yearly', latestPeriodEnd: '2023-02-29', asOf: '2024-01-01' })).toThrow(DomainError);
    expect(() => isStale({ frequency: 'yearly', latestPeriodEnd: '2023-12-31', asOf: '1 jan 2024' })).toThrow(DomainError);
  });

  it('keeps a day that is not a month end', () => {
    expect(isStale({ frequency: 'yearly', latestPeriodEnd: '2023-06-15', asOf: '2025-06-15' }).expectedBy).toBe('2025-06-15');
  });
});
