import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every worked example in docs/methodology/attainment.md is a test case with the same name, and every
 * table-driven case here is an example there. Examples are `### Example: <name>` headings and the
 * first cell of tables whose first column is "Example"; test cases are the `name:` fields of the tables.
 */
const DOC = path.resolve(import.meta.dirname, '../../../docs/methodology/attainment.md');
const TESTS = ['attainment.test.ts', 'rollup.test.ts', 'gender-gap.test.ts', 'staleness.test.ts', '../../shared/attainment-text.test.ts'].map((f) => path.join(import.meta.dirname, f));

function docExamples(markdown: string): string[] {
  const names: string[] = [];
  let inExampleTable = false;
  for (const line of markdown.split('\n')) {
    const heading = /^### Example: (.+)$/.exec(line);
    if (heading) names.push(heading[1]!.trim());
    if (!line.trimStart().startsWith('|')) {
      inExampleTable = false;
      continue;
    }
    const cells = line.trim().split('|').slice(1, -1).map((c) => c.trim());
    if (cells[0] === 'Example') inExampleTable = true;
    else if (inExampleTable && !/^-+$/.test(cells[0] ?? '')) names.push(cells[0]!);
  }
  return names;
}

function testNames(source: string): string[] {
  return [...source.matchAll(/\bname:\s*(['"])(.*?)\1/g)].map((m) => m[2]!);
}

describe('docs/methodology/attainment.md', () => {
  const documented = docExamples(fs.readFileSync(DOC, 'utf8'));
  const tested = TESTS.flatMap((f) => testNames(fs.readFileSync(f, 'utf8')));

  it('has a test case for every worked example, and no test case that is not one', () => {
    expect(documented.length).toBeGreaterThan(60);
    expect(new Set(documented).size).toBe(documented.length);
    expect([...tested].sort()).toEqual([...documented].sort());
  });
});
