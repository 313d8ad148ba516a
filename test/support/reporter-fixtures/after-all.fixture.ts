import { afterAll, expect, it } from 'vitest';

afterAll(() => {
  throw new Error('planted: closing failed');
});
it('runs', () => expect(true).toBe(true));
