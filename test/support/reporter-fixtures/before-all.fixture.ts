import { beforeAll, describe, expect, it } from 'vitest';

describe('a database that never opens', () => {
  beforeAll(() => {
    throw new Error('planted: the database did not open');
  });
  it('reads', () => expect(true).toBe(true));
  it('writes', () => expect(true).toBe(true));
  it('deletes', () => expect(true).toBe(true));
});
