import { CONTENT_KINDS, type ContentKind, type DocumentContent, type DocumentMeta } from './types.ts';

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface ItemChange {
  kind: ContentKind;
  key: string;
  /** A readable name for the item (its title, name, term or text). */
  label: string;
  change: 'added' | 'removed' | 'changed';
  fields: FieldChange[];
  /** Whether it moved: it is not among the longest run of kept items that stayed in their old order (reported beside any field changes). */
  moved: boolean;
}

export interface Comparison {
  document: FieldChange[];
  items: ItemChange[];
  summary: { added: number; removed: number; changed: number; unchanged: number };
}

type Version = DocumentContent & { document: DocumentMeta };

/**
 * Compares two versions of a document item by item, matching items by their stable key:
 * what was added, removed or changed (field by field), and what moved in the order.
 * Worked examples: docs/methodology/document-lifecycle.md#comparing-versions.
 */
export function compareVersions(before: Version, after: Version): Comparison {
  const document = diffFields(before.document as unknown as Record<string, unknown>, after.document as unknown as Record<string, unknown>);
  const items: ItemChange[] = [];
  let unchanged = 0;
  for (const kind of CONTENT_KINDS) {
    const a = before[kind] as Array<{ key: string }>;
    const b = after[kind] as Array<{ key: string }>;
    const aIndex = new Map(a.map((x, i) => [x.key, i]));
    const bIndex = new Map(b.map((x, i) => [x.key, i]));
    const inPlace = keptInOrder(
      a.map((x) => x.key).filter((k) => bIndex.has(k)),
      b.map((x) => x.key).filter((k) => aIndex.has(k)),
    );
    for (const item of a) {
      if (!bIndex.has(item.key)) items.push({ kind, key: item.key, label: labelOf(item), change: 'removed', fields: [], moved: false });
    }
    for (const item of b) {
      const oldIndex = aIndex.get(item.key);
      if (oldIndex === undefined) {
        items.push({ kind, key: item.key, label: labelOf(item), change: 'added', fields: [], moved: false });
        continue;
      }
      const fields = diffFields(a[oldIndex] as Record<string, unknown>, item as Record<string, unknown>);
      const moved = !inPlace.has(item.key);
      if (fields.length > 0 || moved) items.push({ kind, key: item.key, label: labelOf(item), change: 'changed', fields, moved });
      else unchanged++;
    }
  }
  return {
    document,
    items,
    summary: {
      added: items.filter((i) => i.change === 'added').length,
      removed: items.filter((i) => i.change === 'removed').length,
      changed: items.filter((i) => i.change === 'changed').length,
      unchanged,
    },
  };
}

/**
 * The kept items that stayed in place: a longest run of the new order that keeps the old order
 * (longest increasing subsequence by patience sorting, O(n log n)); every other kept item moved.
 * Moving one item to the end thus moves one item, not every item it passed.
 * docs/methodology/document-lifecycle.md#comparing-versions
 */
function keptInOrder(oldOrder: string[], newOrder: string[]): Set<string> {
  const oldRank = new Map(oldOrder.map((k, i) => [k, i]));
  const ranks = newOrder.map((k) => oldRank.get(k)!);
  const tails: number[] = [];
  const previous: number[] = [];
  ranks.forEach((rank, i) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ranks[tails[mid]!]! < rank) lo = mid + 1;
      else hi = mid;
    }
    previous[i] = lo > 0 ? tails[lo - 1]! : -1;
    tails[lo] = i;
  });
  const kept = new Set<string>();
  for (let i = tails.length > 0 ? tails[tails.length - 1]! : -1; i >= 0; i = previous[i]!) kept.add(newOrder[i]!);
  return kept;
}

function diffFields(a: Record<string, unknown>, b: Record<string, unknown>): FieldChange[] {
  const out: FieldChange[] = [];
  for (const field of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (field === 'key') continue;
    const before = a[field] ?? null;
    const after = b[field] ?? null;
    if (JSON.stringify(before) !== JSON.stringify(after)) out.push({ field, before, after });
  }
  return out;
}

function labelOf(item: object): string {
  const r = item as Record<string, unknown>;
  const text = [r.title, r.name, r.term, r.statement, r.description, r.text, r.key].find((v) => typeof v === 'string' && v.length > 0) as string;
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}
