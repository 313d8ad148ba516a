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
