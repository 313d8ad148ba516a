import { expect, it } from 'vitest';

it('adds', () => expect(1 + 1).toBe(2));
it('subtracts wrongly', () => expect(2 - 1).toBe(3));
