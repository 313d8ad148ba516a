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
  /** Whether its place in the order changed (reported beside any field changes). */
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
    const aKeysInOrder = a.map((x) => x.key).filter((k) => bIndex.has(k));
    const bKeysInOrder = b.map((x) => x.key).filter((k) => aIndex.has(k));
    const rankA = new Map(aKeysInOrder.map((k, i) => [k, i]));
    const rankB = new Map(bKeysInOrder.map((k, i) => [k, i]));
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
      const moved = rankA.get(item.key) !== rankB.get(item.key);
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
