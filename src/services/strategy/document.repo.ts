import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import type { Stored } from '../../domain/strategy/tree.ts';
import type {
  Activity,
  Area,
  ContentKind,
  Definition,
  DocumentContent,
  DocumentMeta,
  Frequency,
  Goal,
  Indicator,
  IndicatorUnit,
  Section,
  Sex,
  SourceKind,
  Strategy,
  Target,
} from '../../domain/strategy/types.ts';
import type { Database, DocumentTable } from '../../db/schema.ts';

/** All SQL for steering documents and their content. Rows are mapped to domain values explicitly. */

export type Db = Kysely<Database> | Transaction<Database>;
export type DocumentRow = Selectable<DocumentTable>;

export type StoredContent = { [K in ContentKind]: Array<DocumentContent[K][number] & Stored> };

export interface Refs {
  areaId: Map<string, string>;
  goalId: Map<string, string>;
  indicatorId: Map<string, string>;
  unitId: Map<string, string>;
}
interface Reverse {
  areaKey: Map<string, string>;
  goalKey: Map<string, string>;
  indicatorKey: Map<string, string>;
  unitName: Map<string, string>;
}

const num = (v: string | null): number | null => (v === null ? null : Number(v));

export async function findDocumentRow(db: Db, id: string, forUpdate = false): Promise<DocumentRow> {
  let q = db.selectFrom('document').selectAll().where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new DomainError('not_found', `There is no document with the id ${id}`, { details: { id } });
  return row;
}

export function metaFromRow(r: DocumentRow): DocumentMeta {
  return {
    key: r.key,
    version: r.version,
    type: r.type,
    typeLabel: r.type_label,
    title: r.title,
    subtitle: r.subtitle,
    status: r.status,
    appliesTo: r.applies_to,
    adoptedBy: r.adopted_by_body === null ? null : { body: r.adopted_by_body, paragraph: r.adopted_by_paragraph },
    decisionDate: r.decision_date,
    caseNumber: r.case_number,
    owner: r.owner,
    validFrom: r.valid_from,
    validUntil: r.valid_until,
    validIndefinitely: r.valid_indefinitely,
    implements: r.implements_key,
    goalLevels: r.goal_levels,
    note: r.note,
  };
}

export function metaToRow(m: DocumentMeta) {
  return {
    key: m.key,
    version: m.version,
    type: m.type,
    type_label: m.typeLabel,
    title: m.title,
    subtitle: m.subtitle,
    status: m.status,
    applies_to: m.appliesTo,
    adopted_by_body: m.adoptedBy?.body ?? null,
    adopted_by_paragraph: m.adoptedBy?.paragraph ?? null,
    decision_date: m.decisionDate,
    case_number: m.caseNumber,
    owner: m.owner,
    valid_from: m.validFrom,
    valid_until: m.validUntil,
    valid_indefinitely: m.validIndefinitely,
    implements_key: m.implements,
    goal_levels: JSON.stringify(m.goalLevels),
    note: m.note,
  };
}

/** Unit ids by name and names by id, for one municipality. */
export async function loadUnitMaps(db: Db, code: string): Promise<{ unitId: Map<string, string>; unitName: Map<string, string> }> {
  const rows = await db.selectFrom('org_unit').select(['id', 'name']).where('municipality_code', '=', code).execute();
  return { unitId: new Map(rows.map((r) => [r.name, r.id])), unitName: new Map(rows.map((r) => [r.id, r.name])) };
}

const stored = (r: { id: string; lock_version: number; position: number }): Stored => ({ id: r.id, lockVersion: r.lock_version, position: r.position });

/** Every item of one document version, in order, with ids and lock versions. */
export async function loadContent(db: Db, documentId: string, code: string): Promise<StoredContent> {
  // One query for eight tables: Kysely cannot follow a generic table name, so the row type is named here.
  const byDoc = <T extends ContentTable>(table: T) =>
    db.selectFrom(table as ContentTable).selectAll().where('document_id', '=', documentId).orderBy('position').orderBy('key').execute() as Promise<Array<Selectable<Database[T]>>>;
  const [sections, definitions, areas, goals, strategies, indicators, targets, activities, units] = await Promise.all([
    byDoc('section'),
    byDoc('definition'),
    byDoc('area'),
    byDoc('goal'),
    byDoc('strategy'),
    byDoc('indicator'),
    byDoc('target'),
    byDoc('activity'),
    loadUnitMaps(db, code),
  ]);
  const activityIds = activities.map((a) => a.id);
  const responsible =
    activityIds.length === 0
      ? []
      : await db.selectFrom('activity_responsible').selectAll().where('activity_id', 'in', activityIds).orderBy('activity_id').orderBy('position').execute();
  const rev: Reverse = {
    areaKey: new Map(areas.map((r) => [r.id, r.key])),
    goalKey: new Map(goals.map((r) => [r.id, r.key])),
    indicatorKey: new Map(indicators.map((r) => [r.id, r.key])),
    unitName: units.unitName,
  };
  const respByActivity = new Map<string, typeof responsible>();
  for (const r of responsible) respByActivity.set(r.activity_id, [...(respByActivity.get(r.activity_id) ?? []), r]);
  const k = (m: Map<string, string>, id: string | null) => (id === null ? null : (m.get(id) ?? null));

  return {
    sections: sections.map((r) => ({ key: r.key, kind: r.kind, title: r.title, body: r.body, ...stored(r) })),
    definitions: definitions.map((r) => ({ key: r.key, term: r.term, text: r.text, note: r.note, ...stored(r) })),
    areas: areas.map((r) => ({ key: r.key, name: r.name, description: r.description, ...stored(r) })),
    goals: goals.map((r) => ({
      key: r.key,
      area: k(rev.areaKey, r.area_id),
      parent: k(rev.goalKey, r.parent_id),
      level: r.level,
      title: r.title,
      description: r.description,
      ownerUnit: k(rev.unitName, r.owner_unit_id),
      ...stored(r),
    })),
    strategies: strategies.map((r) => ({ key: r.key, area: k(rev.areaKey, r.area_id), goal: k(rev.goalKey, r.goal_id), text: r.text, ...stored(r) })),
    indicators: indicators.map((r) => ({
      key: r.key,
      area: k(rev.areaKey, r.area_id),
      goal: k(rev.goalKey, r.goal_id),
      ...indicatorFields(r),
      ...stored(r),
    })),
    targets: targets.map((r) => ({
      key: r.key,
      goal: k(rev.goalKey, r.goal_id)!,
      indicator: k(rev.indicatorKey, r.indicator_id),
      comparator: r.comparator,
      value: num(r.value),
      targetYear: r.target_year,
      recurrence: r.recurrence,
      // Both or neither (a check in the table).
      baseline: r.baseline_value === null || r.baseline_year === null ? null : { value: Number(r.baseline_value), year: r.baseline_year },
      referenceIndicator: k(rev.indicatorKey, r.reference_indicator_id),
      ageBand: r.age_band,
      sex: r.sex,
      unitOfMeasure: r.unit_of_measure,
      statement: r.statement,
      ...stored(r),
    })),
    activities: activities.map((r) => ({
      key: r.key,
      area: k(rev.areaKey, r.area_id),
      goal: k(rev.goalKey, r.goal_id),
      problem: r.problem,
      description: r.description,
      responsible: (respByActivity.get(r.id) ?? []).map((x) => ({ unit: k(rev.unitName, x.unit_id), role: x.role, lead: x.lead })),
      responsibleText: r.responsible_text,
      timelineText: r.timeline_text,
      start: r.start_date,
      end: r.end_date,
      followUpText: r.follow_up_text,
      status: r.status,
      ...stored(r),
    })),
  };
}

export type ContentTable = 'section' | 'definition' | 'area' | 'goal' | 'strategy' | 'indicator' | 'target' | 'activity';

export const TABLE_OF: Record<ContentKind, ContentTable> = {
  sections: 'section',
  definitions: 'definition',
  areas: 'area',
  goals: 'goal',
  strategies: 'strategy',
  indicators: 'indicator',
  targets: 'target',
  activities: 'activity',
};

const id = (m: Map<string, string>, key: string | null): string | null => {
  if (key === null) return null;
  const v = m.get(key);
  // Validation (domain/strategy/validate.ts) runs before any write, so a miss is a programming error.
  if (v === undefined) throw new Error(`internal: unresolved reference ${key}`);
  return v;
};

/** The columns of one item, with references turned into ids. */
export function itemColumns(kind: ContentKind, item: DocumentContent[ContentKind][number], refs: Refs): Record<string, unknown> {
  switch (kind) {
    case 'sections': {
      const s = item as Section;
      return { kind: s.kind, title: s.title, body: s.body };
    }
    case 'definitions': {
      const d = item as Definition;
      return { term: d.term, text: d.text, note: d.note };
    }
    case 'areas': {
      const a = item as Area;
      return { name: a.name, description: a.description };
    }
    case 'goals': {
      const g = item as Goal;
      return { area_id: id(refs.areaId, g.area), parent_id: id(refs.goalId, g.parent), level: g.level, title: g.title, description: g.description, owner_unit_id: id(refs.unitId, g.ownerUnit) };
    }
    case 'strategies': {
      const s = item as Strategy;
      return { area_id: id(refs.areaId, s.area), goal_id: id(refs.goalId, s.goal), text: s.text };
    }
    case 'indicators': {
      const i = item as Indicator;
      return {
        area_id: id(refs.areaId, i.area),
        goal_id: id(refs.goalId, i.goal),
        name: i.name,
        definition: i.definition,
        unit: i.unitOfMeasure,
        source_kind: i.sourceKind,
        source_ref: i.sourceRef,
        sexes: JSON.stringify(i.sexes),
        age_bands: JSON.stringify(i.ageBands),
        population: i.population,
        frequency: i.frequency,
        footnotes: JSON.stringify(i.footnotes),
        headline_sex: i.headline?.sex ?? null,
        headline_age_band: i.headline?.ageBand ?? null,
        gap_threshold: i.gapThreshold,
      };
    }
    case 'targets': {
      const t = item as Target;
      return {
        goal_id: id(refs.goalId, t.goal),
        indicator_id: id(refs.indicatorId, t.indicator),
        comparator: t.comparator,
        value: t.value,
        target_year: t.targetYear,
        recurrence: t.recurrence,
        baseline_value: t.baseline?.value ?? null,
        baseline_year: t.baseline?.year ?? null,
        reference_indicator_id: id(refs.indicatorId, t.referenceIndicator),
        age_band: t.ageBand,
        sex: t.sex,
        unit_of_measure: t.unitOfMeasure,
        statement: t.statement,
      };
    }
    case 'activities': {
      const a = item as Activity;
      return {
        area_id: id(refs.areaId, a.area),
        goal_id: id(refs.goalId, a.goal),
        problem: a.problem,
        description: a.description,
        responsible_text: a.responsibleText,
        timeline_text: a.timelineText,
        start_date: a.start,
        end_date: a.end,
        follow_up_text: a.followUpText,
        status: a.status,
      };
    }
  }
}

/** Inserts every item of a document version; ids are made here so self-references need no ordering. */
export async function insertContent(db: Db, code: string, documentId: string, content: DocumentContent, unitId: Map<string, string>): Promise<void> {
  const withIds = <T extends { key: string }>(items: T[]) => items.map((item) => ({ item, id: randomUUID() }));
  const prepared = Object.fromEntries(
    (Object.keys(TABLE_OF) as ContentKind[]).map((kind) => [kind, withIds(content[kind] as Array<{ key: string }>)]),
  ) as Record<ContentKind, Array<{ item: { key: string }; id: string }>>;
  const refs: Refs = {
    areaId: new Map(prepared.areas.map((p) => [p.item.key, p.id])),
    goalId: new Map(prepared.goals.map((p) => [p.item.key, p.id])),
    indicatorId: new Map(prepared.indicators.map((p) => [p.item.key, p.id])),
    unitId,
  };
  // Order matters only across tables (goals before targets …), not within one.
  const order: ContentKind[] = ['sections', 'definitions', 'areas', 'goals', 'strategies', 'indicators', 'targets', 'activities'];
  for (const kind of order) {
    const rows = prepared[kind].map((p, position) => ({
      id: p.id,
      municipality_code: code,
      document_id: documentId,
      key: p.item.key,
      position,
      ...itemColumns(kind, p.item as never, refs),
    }));
    for (const chunk of chunks(rows, 500)) await db.insertInto(TABLE_OF[kind]).values(chunk as never).execute();
  }
  const responsible = prepared.activities.flatMap((p) =>
    (p.item as Activity).responsible.map((r, position) => ({
      municipality_code: code,
      activity_id: p.id,
      position,
      unit_id: id(unitId, r.unit),
      role: r.role,
      lead: r.lead,
    })),
  );
  for (const chunk of chunks(responsible, 500)) await db.insertInto('activity_responsible').values(chunk).execute();
}

/** Replaces an activity's responsible parties. */
export async function writeResponsible(db: Db, code: string, activityId: string, activity: Activity, unitId: Map<string, string>): Promise<void> {
  await db.deleteFrom('activity_responsible').where('activity_id', '=', activityId).execute();
  const rows = activity.responsible.map((r, position) => ({ municipality_code: code, activity_id: activityId, position, unit_id: id(unitId, r.unit), role: r.role, lead: r.lead }));
  if (rows.length > 0) await db.insertInto('activity_responsible').values(rows).execute();
}

export function refsFrom(content: StoredContent, unitId: Map<string, string>): Refs {
  return {
    areaId: new Map(content.areas.map((a) => [a.key, a.id])),
    goalId: new Map(content.goals.map((g) => [g.key, g.id])),
    indicatorId: new Map(content.indicators.map((i) => [i.key, i.id])),
    unitId,
  };
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Marks a document version as changed: a new content stamp, never reused (it keys the tree cache and ETag). */
export async function touchDocument(db: Db, documentId: string): Promise<void> {
  await db.updateTable('document').set({ content_version: sql`nextval('document_content_seq')` }).where('id', '=', documentId).execute();
}

/** An indicator row's own fields (everything but its key and place in the document), as the model names them. */
export function indicatorFields(r: {
  name: string;
  definition: string | null;
  unit: IndicatorUnit;
  source_kind: SourceKind;
  source_ref: string | null;
  sexes: string[];
  age_bands: string[];
  population: string | null;
  frequency: Frequency;
  footnotes: string[];
  headline_sex: Sex | null;
  headline_age_band: string | null;
  gap_threshold: string | number | null;
}): Omit<Indicator, 'key' | 'area' | 'goal'> {
  return {
    name: r.name,
    definition: r.definition,
    unitOfMeasure: r.unit,
    sourceKind: r.source_kind,
    sourceRef: r.source_ref,
    sexes: r.sexes as Sex[],
    ageBands: r.age_bands,
    population: r.population,
    frequency: r.frequency,
    footnotes: r.footnotes,
    headline: r.headline_sex === null ? null : { sex: r.headline_sex, ageBand: r.headline_age_band },
    gapThreshold: r.gap_threshold === null ? null : Number(r.gap_threshold),
  };
}
