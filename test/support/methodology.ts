import { it } from 'vitest';
import { DomainError } from '../../src/domain/errors.ts';

/**
 * The names of a methodology page's worked examples: the first cell of every row of the tables whose
 * first column is "Example". Tests compare them with their own case names, so a page and its tests
 * cannot drift apart.
 */
export function exampleNames(markdown: string): string[] {
  const names: string[] = [];
  let inExampleTable = false;
  for (const line of markdown.split('\n')) {
    if (!line.trimStart().startsWith('|')) {
      inExampleTable = false;
      continue;
    }
    const first = line.trim().split('|')[1]!.trim();
    if (first === 'Example') inExampleTable = true;
    else if (inExampleTable && !/^-+$/.test(first)) names.push(first);
  }
  return names;
}

/** One test per row of worked examples, named exactly as the example in its methodology page. */
export function examples<T extends { name: string }>(rows: T[], check: (row: T) => void): void {
  for (const row of rows) it(row.name, () => check(row));
}

/** The DomainError a refused call throws; fails when it throws nothing or something else. */
export function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError, but nothing was thrown');
}
