import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { DomainError, type FieldIssue } from '../../domain/errors.ts';
import { keyFromText, uniqueKey } from '../../domain/strategy/keys.ts';
import { assertEditable } from '../../domain/strategy/lifecycle.ts';
import type { Stored } from '../../domain/strategy/tree.ts';
import type { Activity, ActivityStatus, ContentKind, DocumentContent, DocumentStatus } from '../../domain/strategy/types.ts';
import { validateDocument } from '../../domain/strategy/validate.ts';
import { checkLockVersion, withParsedTimeline } from './documents.service.ts';
import {
  TABLE_OF,
  findDocumentRow,
  itemColumns,
  loadContent,
  loadUnitMaps,
  metaFromRow,
  refsFrom,
  touchDocument,
  writeResponsible,
  type Db,
  type StoredContent,
} from './document.repo.ts';

/**
 * Create, read, update, delete and reorder the items of a document version (sections, definitions,
 * areas, goals, strategies, indicators, targets, activities). Every write loads the document,
 * applies the change in memory, validates the whole document with the domain rules, and only then
 * writes the one item; so a write either keeps the document valid or changes nothing.
 */

export type Item<K extends ContentKind> = DocumentContent[K][number];
export type ItemDto<K extends ContentKind> = Item<K> & Stored & { documentId: string };

export interface ItemFilter {
  area?: string;
  goal?: string;
  status?: ActivityStatus;
  responsibleUnit?: string;
  limit: number;
  offset: number;
}

const labelFor = (item: Record<string, unknown>): string =>
  String(item.name ?? item.title ?? item.term ?? item.statement ?? item.description ?? item.text ?? item.kind ?? 'item');

async function locateItem(db: Db, kind: ContentKind, id: string): Promise<{ documentId: string; code: string }> {
  const row = await db.selectFrom(TABLE_OF[kind]).select(['document_id', 'municipality_code']).where('id', '=', id).executeTakeFirst();
  if (!row) throw new DomainError('not_found', `There is no ${singular(kind)} with the id ${id}`, { details: { id } });
  return { documentId: row.document_id, code: row.municipality_code };
}

export function singular(kind: ContentKind): string {
  return { sections: 'section', definitions: 'definition', areas: 'area', goals: 'goal', strategies: 'strategy', indicators: 'indicator', targets: 'target', activities: 'activity' }[kind];
}

/** Items of one kind in a document, filtered by area, goal, status or responsible unit (and its sub-units). */
export async function listItems<K extends ContentKind>(db: Db, documentId: string, kind: K, f: ItemFilter) {
  const row = await findDocumentRow(db, documentId);
  let items = (await loadContent(db, documentId, row.municipality_code))[kind] as Array<Item<K> & Stored>;
  const has = (field: string, value: string) => (i: object) => (i as Record<string, unknown>)[field] === value;
  if (f.area) items = items.filter(has('area', f.area));
  if (f.goal) items = items.filter(has('goal', f.goal));
  if (f.status) items = items.filter(has('status', f.status));
  if (f.responsibleUnit) {
    const subtree = await sql<{ name: string }>`
      with recursive down(id, name) as (
        select id, name from org_unit where id = ${f.responsibleUnit} and municipality_code = ${row.municipality_code}
        union all select u.id, u.name from org_unit u join down on u.parent_id = down.id
      ) select name from down`.execute(db);
    const names = new Set(subtree.rows.map((r) => r.name));
    items = items.filter((i) => ((i as unknown as Activity).responsible ?? []).some((r) => r.unit !== null && names.has(r.unit)));
  }
  const page = items.slice(f.offset, f.offset + f.limit).map((i) => ({ ...i, documentId }));
  return { items: page, total: items.length, limit: f.limit, offset: f.offset };
}

export async function getItem<K extends ContentKind>(db: Db, kind: K, id: string): Promise<ItemDto<K>> {
  const { documentId, code } = await locateItem(db, kind, id);
  const content = await loadContent(db, documentId, code);
  const item = (content[kind] as Array<Item<K> & Stored>).find((i) => i.id === id)!;
  return { ...item, documentId } as unknown as ItemDto<K>;
}

async function validateAndLoad(db: Db, documentId: string) {
  const doc = await findDocumentRow(db, documentId, true);
  assertEditable(doc.status as DocumentStatus);
  const content = await loadContent(db, documentId, doc.municipality_code);
  const units = await loadUnitMaps(db, doc.municipality_code);
  return { doc, content, units };
}

/** Issues of the whole document after a change; the edited item's own issues get paths relative to it. */
function check(meta: ReturnType<typeof metaFromRow>, content: StoredContent, unitNames: Set<string>, kind: ContentKind, index: number): void {
  const prefix = `/${kind}/${index}`;
  const issues: FieldIssue[] = validateDocument(meta, content, unitNames).map((i) =>
    i.path.startsWith(`${prefix}/`) ? { ...i, path: i.path.slice(prefix.length) } : i,
  );
  if (issues.length > 0) throw new DomainError('validation', `The ${singular(kind)} is not valid`, { issues });
}

async function renumber(db: Db, kind: ContentKind, ordered: Array<{ id: string; position: number }>): Promise<void> {
  for (const [position, item] of ordered.entries()) {
    if (item.position !== position) await db.updateTable(TABLE_OF[kind]).set({ position }).where('id', '=', item.id).execute();
  }
}

/** Adds an item at `position` (0-based; the end by default). A missing key is made from its title. */
export async function createItem<K extends ContentKind>(
  db: Db,
  documentId: string,
  kind: K,
  input: Omit<Item<K>, 'key'> & { key?: string | null },
  position?: number,
): Promise<ItemDto<K>> {
  return db.transaction().execute(async (trx) => {
    const { doc, content, units } = await validateAndLoad(trx, documentId);
    const list = content[kind] as unknown as Array<Item<K> & Stored>;
    const taken = new Set(list.map((i) => i.key));
    const key = input.key ?? uniqueKey(keyFromText(labelFor(input as Record<string, unknown>)), taken);
    let item = { ...input, key } as Item<K>;
    if (kind === 'activities') item = withParsedTimeline(item as Activity) as Item<K>;
    const id = randomUUID();
    const at = position === undefined ? list.length : Math.min(position, list.length);
    const stored = { ...item, id, lockVersion: 1, position: at } as Item<K> & Stored;
    const next = [...list.slice(0, at), stored, ...list.slice(at)];
    check(metaFromRow(doc), { ...content, [kind]: next }, new Set(units.unitId.keys()), kind, at);
    const refs = refsFrom(content, units.unitId);
    await trx
      .insertInto(TABLE_OF[kind])
      .values({ id, municipality_code: doc.municipality_code, document_id: documentId, key, position: at, ...itemColumns(kind, item as never, refs) } as never)
      .execute();
    if (kind === 'activities') await writeResponsible(trx, doc.municipality_code, id, item as Activity, units.unitId);
    await renumber(trx, kind, next);
    await touchDocument(trx, documentId);
    return { ...item, id, lockVersion: 1, position: at, documentId } as unknown as ItemDto<K>;
  });
}

/** Changes an item; `position` moves it within its list. A stale lockVersion changes nothing and gives version_conflict. */
export async function updateItem<K extends ContentKind>(
  db: Db,
  kind: K,
  id: string,
  patch: Partial<Item<K>>,
  lockVersion: number,
  position?: number,
): Promise<ItemDto<K>> {
  const { documentId } = await locateItem(db, kind, id);
  return db.transaction().execute(async (trx) => {
    const { doc, content, units } = await validateAndLoad(trx, documentId);
    const list = content[kind] as unknown as Array<Item<K> & Stored>;
    const index = list.findIndex((i) => i.id === id);
    const current = list[index];
    if (!current) throw new DomainError('not_found', `There is no ${singular(kind)} with the id ${id}`);
    checkLockVersion(current.lockVersion, lockVersion, singular(kind), { ...current, documentId });
    let merged = { ...current, ...patch } as Item<K> & Stored;
    if (kind === 'activities' && 'timelineText' in patch && !('start' in patch) && !('end' in patch)) {
      merged = withParsedTimeline({ ...(merged as unknown as Activity), start: null, end: null }) as unknown as Item<K> & Stored;
    }
    const without = list.filter((i) => i.id !== id);
    const at = position === undefined ? index : Math.min(position, without.length);
    const next = [...without.slice(0, at), merged, ...without.slice(at)];
    check(metaFromRow(doc), { ...content, [kind]: next }, new Set(units.unitId.keys()), kind, at);
    const refs = refsFrom(content, units.unitId);
    const updated = await trx
      .updateTable(TABLE_OF[kind] as 'area')
      .set({ key: merged.key, ...itemColumns(kind, merged as never, refs), lock_version: current.lockVersion + 1, updated_at: sql`now()` } as never)
      .where('id', '=', id)
      .where('lock_version', '=', lockVersion)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new DomainError('version_conflict', `The ${singular(kind)} was changed by someone else; nothing was saved`);
    if (kind === 'activities') await writeResponsible(trx, doc.municipality_code, id, merged as unknown as Activity, units.unitId);
    if (at !== index) await renumber(trx, kind, next.map((x) => ({ id: x.id, position: x.id === id ? -1 : x.position })));
    await touchDocument(trx, documentId);
    return { ...merged, lockVersion: current.lockVersion + 1, position: at, documentId } as unknown as ItemDto<K>;
  });
}

/** Which items refer to the item with this key, as "kind/key" strings. */
function dependentsOf(kind: ContentKind, key: string, content: StoredContent): string[] {
  const refs: Array<[ContentKind, string[]]> =
    kind === 'areas'
      ? [['goals', ['area']], ['strategies', ['area']], ['indicators', ['area']], ['activities', ['area']]]
      : kind === 'goals'
        ? [['goals', ['parent']], ['strategies', ['goal']], ['indicators', ['goal']], ['targets', ['goal']], ['activities', ['goal']]]
        : kind === 'indicators'
          ? [['targets', ['indicator', 'referenceIndicator']]]
          : [];
  return refs.flatMap(([k, fields]) =>
    (content[k] as unknown as Array<Record<string, unknown>>).filter((i) => fields.some((f) => i[f] === key)).map((i) => `${k}/${String(i.key)}`),
  );
}

/** Deletes an item nothing else refers to. */
export async function deleteItem(db: Db, kind: ContentKind, id: string, lockVersion: number): Promise<void> {
  const { documentId } = await locateItem(db, kind, id);
  await db.transaction().execute(async (trx) => {
    const { content } = await validateAndLoad(trx, documentId);
    const list = content[kind] as unknown as Array<{ id: string; key: string; lockVersion: number; position: number }>;
    const current = list.find((i) => i.id === id);
    if (!current) throw new DomainError('not_found', `There is no ${singular(kind)} with the id ${id}`);
    checkLockVersion(current.lockVersion, lockVersion, singular(kind), current);
    const dependents = dependentsOf(kind, current.key, content);
    if (dependents.length > 0) {
      throw new DomainError('has_dependents', `The ${singular(kind)} "${current.key}" is referred to by ${dependents.length} item(s): ${dependents.slice(0, 5).join(', ')}${dependents.length > 5 ? ' …' : ''}. Move or delete them first.`, {
        details: { dependents },
      });
    }
    await trx.deleteFrom(TABLE_OF[kind]).where('id', '=', id).execute();
    await renumber(trx, kind, list.filter((i) => i.id !== id));
    await touchDocument(trx, documentId);
  });
}
