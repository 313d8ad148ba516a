import { describe, expect, it } from 'vitest';
import { todayInStockholm, yearInStockholm } from './clock.ts';

// Instants around Swedish midnight, winter (UTC+1) and summer (UTC+2) time; the answer must not depend
// on the time zone the process runs in (npm test runs in UTC; run it with TZ=America/Los_Angeles too).
describe('the Swedish calendar day', () => {
  it.each([
    ['2026-12-31T22:59:59Z', '2026-12-31'],
    ['2026-12-31T23:00:00Z', '2027-01-01'],
    ['2026-12-31T23:30:00Z', '2027-01-01'],
    ['2027-06-30T21:59:59Z', '2027-06-30'],
    ['2027-06-30T22:00:00Z', '2027-07-01'],
    ['2027-03-28T00:59:59Z', '2027-03-28'],
    ['2027-01-01T07:59:00Z', '2027-01-01'],
  ])('at %s is %s', (instant, day) => {
    expect(todayInStockholm(new Date(instant))).toBe(day);
  });

  it('turns the year at Swedish midnight, not at UTC midnight', () => {
    expect(yearInStockholm(new Date('2026-12-31T23:15:00Z'))).toBe(2027);
    expect(yearInStockholm(new Date('2026-12-31T22:45:00Z'))).toBe(2026);
  });
});
