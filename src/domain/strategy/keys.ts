/**
 * A readable key from a title: lower case, å/ä → a, ö → o, other marks dropped, hyphens between words.
 * @example keyFromText('Arbete och sysselsättning') // 'arbete-och-sysselsattning'
 */
export function keyFromText(text: string, maxLength = 60): string {
  const base = text
    .toLowerCase()
    .replace(/[åä]/g, 'a')
    .replace(/ö/g, 'o')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const cut = base.slice(0, maxLength).replace(/-+$/, '');
  return cut.length > 0 ? cut : 'item';
}

/** The first of key, key-2, key-3 … that is not taken. */
export function uniqueKey(wanted: string, taken: ReadonlySet<string>): string {
  if (!taken.has(wanted)) return wanted;
  for (let n = 2; ; n++) {
    const candidate = `${wanted.slice(0, 75)}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
