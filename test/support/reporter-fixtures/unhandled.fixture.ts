import { expect, it } from 'vitest';

it('passes but leaves a rejection behind', async () => {
  void Promise.reject(new Error('planted: nobody awaited this'));
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(true).toBe(true);
});
