import { describe, expect, it } from 'vitest';
import { parseTimeline, type ParsedTimeline } from './timeline.ts';

// Worked examples: docs/methodology/timeline.md (test names = example names).

interface Example {
  name: string;
  text: string | null;
  expected: ParsedTimeline | null;
}

function examples(rows: Example[]): void {
  for (const row of rows) it(row.name, () => expect(parseTimeline(row.text)).toEqual(row.expected));
}

const span = (start: string, end: string): ParsedTimeline => ({ start, end });

describe('parseTimeline', () => {
  examples([
    { name: 'a year', text: '2018', expected: span('2018-01-01', '2018-12-31') },
    { name: 'a year with a recurrence', text: '2018, minst två gånger per termin.', expected: span('2018-01-01', '2018-12-31') },
    { name: 'several years named in the text', text: '2018 och 2019', expected: span('2018-01-01', '2019-12-31') },
    { name: 'a range of years with a hyphen', text: '2018-2020', expected: span('2018-01-01', '2020-12-31') },
    { name: 'a range of years with an en dash', text: '2018\u20132020', expected: span('2018-01-01', '2020-12-31') },
    { name: 'a range of years with spaces around the dash', text: '2018 \u2013 2020', expected: span('2018-01-01', '2020-12-31') },
    { name: 'a range of years written backwards is put in order', text: '2020-2018', expected: span('2018-01-01', '2020-12-31') },
    { name: 'a single ISO date', text: '2019-03-15', expected: span('2019-03-15', '2019-03-15') },
    { name: 'two ISO dates', text: '2019-01-15 \u2013 2019-06-30', expected: span('2019-01-15', '2019-06-30') },
    { name: 'a month and a year', text: 'mars 2019', expected: span('2019-03-01', '2019-03-31') },
    { name: 'February in a leap year ends on the 29th', text: 'februari 2020', expected: span('2020-02-01', '2020-02-29') },
    { name: 'February in a common year ends on the 28th', text: 'februari 2019', expected: span('2019-02-01', '2019-02-28') },
    { name: 'an abbreviated month with a capital letter', text: 'Sept 2019', expected: span('2019-09-01', '2019-09-30') },
    { name: 'a month in a sentence', text: 'Klart senast i maj 2019.', expected: span('2019-05-01', '2019-05-31') },
    { name: 'months across a year end', text: 'december 2018 \u2013 mars 2019', expected: span('2018-12-01', '2019-03-31') },
    { name: 'a range of months in one year', text: 'januari\u2013juni 2019', expected: span('2019-01-01', '2019-06-30') },
    { name: 'a range of months over the new year', text: 'november\u2013februari 2020', expected: span('2019-11-01', '2020-02-29') },
    { name: 'the autumn term', text: 'ht 2018', expected: span('2018-07-01', '2018-12-31') },
    { name: 'the spring term in capitals', text: 'VT 2019', expected: span('2019-01-01', '2019-06-30') },
    { name: 'the autumn written out', text: 'hösten 2019', expected: span('2019-07-01', '2019-12-31') },
    { name: 'the spring term written out', text: 'vårterminen 2020', expected: span('2020-01-01', '2020-06-30') },
    { name: 'from an autumn term to a spring term', text: 'ht 2018\u2013vt 2019', expected: span('2018-07-01', '2019-06-30') },
    { name: 'a school year', text: 'läsåret 2018/19', expected: span('2018-07-01', '2019-06-30') },
    { name: 'a quarter', text: 'kv 3 2019', expected: span('2019-07-01', '2019-09-30') },
    { name: 'a quarter written out', text: 'kvartal 4 2019', expected: span('2019-10-01', '2019-12-31') },
    { name: 'a four-month period', text: 'tertial 2 2019', expected: span('2019-05-01', '2019-08-31') },
    { name: 'ongoing work has no date', text: 'löpande', expected: null },
    { name: 'a recurrence without a year has no date', text: 'minst två gånger per termin', expected: null },
    { name: 'a number that is not a year has no date', text: 'minst 300 platser per år', expected: null },
    { name: 'an empty text has no date', text: '', expected: null },
    { name: 'no timeline at all', text: null, expected: null },
  ]);
});
