import { todayInStockholm } from '../clock.ts';
import { currentAuditContext } from '../../db/audit-context.ts';
import { memberOf, type Principal } from '../../domain/access/policy.ts';
import { PUBLISHED_STATUSES } from '../auth/access.service.ts';
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { SerializedCache } from './tree-cache.ts';
import { DomainError, assertNoIssues } from '../../domain/errors.ts';
import { compareVersions, type Comparison } from '../../domain/strategy/compare.ts';
import { versionInForce } from '../../domain/strategy/in-force.ts';
import { adoptionIssues, assertEditable, decisionReference, nextStatus, type LifecycleAction } from '../../domain/strategy/lifecycle.ts';
import { parseTimeline } from '../../domain/strategy/timeline.ts';
import { buildTree } from '../../domain/strategy/tree.ts';
import {
  BUNDLE_FORMAT,
  CONTENT_KINDS,
  DOCUMENT_FORMAT,
  type Activity,
  type Bundle,
  type DocumentContent,
  type DocumentExport,
  type DocumentMeta,
  type DocumentStatus,
  type DocumentType,
  type Municipality,
  type OrgUnit,
} from '../../domain/strategy/types.ts';
import { validateDocument, validateMeta } from '../../domain/strategy/validate.ts';
import { ensureMunicipality, getMunicipality } from '../municipalities/municipalities.service.ts';
import { ensureUnits } from '../organisation/organisation.service.ts';
import { conflictOnUniqueViolation, inTransaction } from '../db-errors.ts';
import {
  findDocumentRow,
  insertContent,
  loadContent,
  loadUnitMaps,
  metaFromRow,
  metaToRow,
  type Db,
  type DocumentRow,
  type StoredContent,
} from './document.repo.ts';

export type { DocumentDto, DocumentTree } from '../../shared/api/views.ts';
import type { DocumentDto, DocumentTree } from '../../shared/api/views.ts';

export interface ImportResult {
  id: string;
  key: string;
  version: number;
  outcome: 'created' | 'replaced' | 'unchanged';
}

/** The document's API form. */
export function presentDocument(r: DocumentRow): DocumentDto {
  return {
    id: r.id,
    municipalityCode: r.municipality_code,
    ...metaFromRow(r),
    lockVersion: r.lock_version,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

export interface DocumentFilter {
  municipality?: string;
  status?: DocumentStatus;
  type?: DocumentType;
  key?: string;
  limit: number;
  offset: number;
}

/** Documents, newest version first within each series, filtered and paginated. */
/**
 * Documents by filter. With a viewer, drafts and versions out for consultation are listed only in the
 * municipalities where the viewer has a role (src/domain/access/policy.ts); elsewhere only published versions.
 */
export async function listDocuments(db: Db, f: DocumentFilter & { viewer?: Principal }) {
  let q = db.selectFrom('document');
  const internal = f.viewer ? memberOf(f.viewer) : null;
  if (internal !== null) {
    q = q.where((eb) => eb.or([eb('status', 'in', [...PUBLISHED_STATUSES]), ...(internal.length > 0 ? [eb('municipality_code', 'in', [...internal])] : [])]));
  }
  if (f.municipality) q = q.where('municipality_code', '=', f.municipality);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.type) q = q.where('type', '=', f.type);
  if (f.key) q = q.where('key', '=', f.key);
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('municipality_code').orderBy('key').orderBy('version', 'desc').limit(f.limit).offset(f.offset).execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((r) => presentDocument(r as DocumentRow)), total: Number(count.n), limit: f.limit, offset: f.offset };
}

export async function getDocument(db: Db, id: string): Promise<DocumentDto> {
  return presentDocument(await findDocumentRow(db, id));
}

/** Creates a new draft; its version follows the newest of its series. */
export async function createDocument(db: Db, code: string, meta: Omit<DocumentMeta, 'status' | 'version'>): Promise<DocumentDto> {
  return db.transaction().execute(async (trx) => {
    await getMunicipality(trx, code);
    const full: DocumentMeta = { ...meta, status: 'draft', version: 1 };
    assertNoIssues(validateMeta(full).filter((i) => i.path !== '/document/adoptedBy'));
    const newest = await trx
      .selectFrom('document')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('municipality_code', '=', code)
      .where('key', '=', meta.key)
      .executeTakeFirst();
    full.version = Number(newest?.v ?? 0) + 1;
    await assertImplementsExists(trx, code, full, '/implements');
    const row = await conflictOnUniqueViolation(
      () => trx.insertInto('document').values({ id: randomUUID(), municipality_code: code, ...metaToRow(full) }).returningAll().executeTakeFirstOrThrow(),
      `The series "${meta.key}" already has a version open for editing; finish or adopt it first`,
    );
    return presentDocument(row as DocumentRow);
  });
}

/** The series a document implements must exist in the same municipality (Tierp's plan implements its strategy). */
async function assertImplementsExists(db: Db, code: string, meta: Pick<DocumentMeta, 'implements' | 'key'>, path: string): Promise<void> {
  if (meta.implements === null || meta.implements === meta.key) return;
  const found = await db.selectFrom('document').select('id').where('municipality_code', '=', code).where('key', '=', meta.implements).limit(1).executeTakeFirst();
  if (!found) {
    throw new DomainError('validation', 'The document it implements does not exist', {
      issues: [{ path, message: `there is no document series "${meta.implements}" in municipality ${code}` }],
    });
  }
}

/** Reads the lock version and fails with version_conflict when the caller's copy is stale. */
export function checkLockVersion(current: number, expected: number, what: string, currentValue: unknown): void {
  if (current !== expected) {
    throw new DomainError('version_conflict', `The ${what} was changed by someone else (you have version ${expected}, it is now ${current}); nothing was saved`, {
      details: { currentVersion: current, yourVersion: expected, current: currentValue },
    });
  }
}

/** Edits a draft's metadata. */
export async function updateDocument(db: Db, id: string, patch: Partial<Omit<DocumentMeta, 'status' | 'version'>>, lockVersion: number): Promise<DocumentDto> {
  return db.transaction().execute(async (trx) => {
    const row = await findDocumentRow(trx, id, true);
    checkLockVersion(row.lock_version, lockVersion, 'document', presentDocument(row));
    assertEditable(row.status as DocumentStatus);
    const meta = { ...metaFromRow(row), ...patch };
    const content = await loadContent(trx, id, row.municipality_code);
    const units = await loadUnitMaps(trx, row.municipality_code);
    assertNoIssues(validateDocument(meta, content, new Set(units.unitId.keys())).filter((i) => i.path !== '/document/adoptedBy'));
    if (patch.implements !== undefined) await assertImplementsExists(trx, row.municipality_code, meta, '/implements');
    const updated = await conflictOnUniqueViolation(
      () =>
        trx
          .updateTable('document')
          .set({ ...metaToRow(meta), lock_version: row.lock_version + 1, content_version: sql`nextval('document_content_seq')`, updated_at: sql`now()` })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow(),
      `The series "${meta.key}" already has version ${meta.version}`,
    );
    return presentDocument(updated as DocumentRow);
  });
}

/** Deletes a draft and its content; an adopted version is kept for ever (it is a record). */
export async function deleteDocument(db: Db, id: string, lockVersion: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await findDocumentRow(trx, id, true);
    checkLockVersion(row.lock_version, lockVersion, 'document', presentDocument(row));
    if (row.status !== 'draft') {
      throw new DomainError('document_frozen', `Only a draft can be deleted; this version is ${row.status} and is kept as a record`, { details: { documentStatus: row.status } });
    }
    await trx.deleteFrom('document').where('id', '=', id).execute();
  });
}

export interface AdoptionInput {
  adoptedBy: { body: string; paragraph: string | null };
  decisionDate: string;
  caseNumber?: string | null;
  validFrom?: string | null;
  validUntil?: string | null;
  validIndefinitely?: boolean;
}

/**
 * Moves a document through its lifecycle. Adopting freezes this version and marks the series'
 * previously adopted version superseded. Revising is `reviseDocument`.
 */
export async function transitionDocument(
  db: Db,
  id: string,
  action: Exclude<LifecycleAction, 'revise'>,
  lockVersion: number,
  adoption?: AdoptionInput,
  /** For `expire`: the last day in force (today by default); it becomes validUntil unless that is earlier. */
  lastDay?: string,
): Promise<DocumentDto> {
  // In the caller's transaction when there is one: sending to consultation creates the consultation in the same one.
  return inTransaction(db, async (trx) => {
    const row = await findDocumentRow(trx, id, true);
    checkLockVersion(row.lock_version, lockVersion, 'document', presentDocument(row));
    const status = nextStatus(row.status as DocumentStatus, action);
    let meta = metaFromRow(row);
    if (action === 'adopt') {
      if (!adoption) throw new DomainError('validation', 'Adoption needs the decision', { issues: [{ path: '/adoptedBy', message: 'name the body that adopted it' }] });
      meta = {
        ...meta,
        status,
        adoptedBy: adoption.adoptedBy,
        decisionDate: adoption.decisionDate,
        caseNumber: adoption.caseNumber === undefined ? meta.caseNumber : adoption.caseNumber,
        validFrom: adoption.validFrom === undefined ? (meta.validFrom ?? adoption.decisionDate) : adoption.validFrom,
        validUntil: adoption.validUntil === undefined ? meta.validUntil : adoption.validUntil,
        validIndefinitely: adoption.validIndefinitely ?? meta.validIndefinitely,
      };
      assertNoIssues(validateMeta(meta));
      const replaced = await trx
        .selectFrom('document')
        .select('id')
        .where('municipality_code', '=', row.municipality_code)
        .where('key', '=', row.key)
        .where('status', '=', 'adopted')
        .where('id', '<>', id)
        .executeTakeFirst();
      assertNoIssues(adoptionIssues(replaced !== undefined, adoption), 'Name the decision that adopts this version');
      // The audit rows of this adoption (the new version, the superseded one) say on what authority.
      const given = currentAuditContext()?.reason;
      const why = decisionReference(adoption);
      await sql`select set_config('samspel.reason', ${given ? `${given} (${why})` : why}, true)`.execute(trx);
      await trx
        .updateTable('document')
        .set({ status: 'superseded', lock_version: sql`lock_version + 1`, content_version: sql`nextval('document_content_seq')`, updated_at: sql`now()` })
        .where('municipality_code', '=', row.municipality_code)
        .where('key', '=', row.key)
        .where('status', '=', 'adopted')
        .where('id', '<>', id)
        .execute();
    } else if (action === 'expire') {
      const end = lastDay ?? todayInStockholm();
      const validUntil = meta.validUntil !== null && meta.validUntil < end ? meta.validUntil : end;
      if (meta.validFrom !== null && validUntil < meta.validFrom) {
        throw new DomainError('validation', 'A document cannot expire before it came into force', { issues: [{ path: '/lastDay', message: `is before ${meta.validFrom}` }] });
      }
      // An expired version stops being in force: versionInForce reads validUntil.
      meta = { ...meta, status, validUntil, validIndefinitely: false };
    } else {
      meta = { ...meta, status };
    }
    const updated = await trx
      .updateTable('document')
      .set({ ...metaToRow(meta), lock_version: row.lock_version + 1, content_version: sql`nextval('document_content_seq')`, updated_at: sql`now()` })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return presentDocument(updated as DocumentRow);
  });
}

/** Starts a new draft from an adopted (or superseded/expired) version: the same content, the next version number. */
export async function reviseDocument(db: Db, id: string, lockVersion: number): Promise<DocumentDto> {
  return db.transaction().execute(async (trx) => {
    const row = await findDocumentRow(trx, id, true);
    checkLockVersion(row.lock_version, lockVersion, 'document', presentDocument(row));
    nextStatus(row.status as DocumentStatus, 'revise');
    const newest = await trx
      .selectFrom('document')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('municipality_code', '=', row.municipality_code)
      .where('key', '=', row.key)
      .executeTakeFirstOrThrow();
    const meta: DocumentMeta = {
      ...metaFromRow(row),
      version: Number(newest.v) + 1,
      status: 'draft',
      adoptedBy: null,
      decisionDate: null,
      validFrom: null,
      validUntil: null,
    };
    const newId = randomUUID();
    await conflictOnUniqueViolation(
      () => trx.insertInto('document').values({ id: newId, municipality_code: row.municipality_code, ...metaToRow(meta) }).execute(),
      `The series "${row.key}" already has a version open for editing`,
    );
    const content = stripStored(await loadContent(trx, id, row.municipality_code));
    await insertContent(trx, row.municipality_code, newId, content, (await loadUnitMaps(trx, row.municipality_code)).unitId);
    return presentDocument(await findDocumentRow(trx, newId));
  });
}

/** Removes ids and lock versions: the interchange form of stored content. */
export function stripStored(content: StoredContent): DocumentContent {
  const out = {} as Record<string, unknown[]>;
  for (const kind of CONTENT_KINDS) {
    out[kind] = (content[kind] as unknown as Array<Record<string, unknown>>).map(({ id: _id, lockVersion: _lv, position: _p, ...rest }) => rest);
  }
  return out as unknown as DocumentContent;
}

/** A whole document version in the interchange format, with the organisation units it names and their ancestors. */
export async function exportDocument(db: Db, id: string): Promise<DocumentExport> {
  const row = await findDocumentRow(db, id);
  const municipality = await getMunicipality(db, row.municipality_code);
  const content = stripStored(await loadContent(db, id, row.municipality_code));
  const units = await db.selectFrom('org_unit').select(['id', 'name', 'type', 'parent_id']).where('municipality_code', '=', row.municipality_code).orderBy('name').execute();
  const byName = new Map(units.map((u) => [u.name, u]));
  const byId = new Map(units.map((u) => [u.id, u]));
  const named = new Set<string>();
  const addWithAncestors = (name: string | null) => {
    let u = name === null ? undefined : byName.get(name);
    while (u && !named.has(u.name)) {
      named.add(u.name);
      u = u.parent_id ? byId.get(u.parent_id) : undefined;
    }
  };
  content.goals.forEach((g) => addWithAncestors(g.ownerUnit));
  content.activities.forEach((a) => a.responsible.forEach((r) => addWithAncestors(r.unit)));
  const organisation: OrgUnit[] = units
    .filter((u) => named.has(u.name))
    .map((u) => ({ name: u.name, type: u.type as OrgUnit['type'], parent: u.parent_id ? (byId.get(u.parent_id)?.name ?? null) : null }));
  return {
    format: DOCUMENT_FORMAT,
    municipality: { code: municipality.code, name: municipality.name },
    organisation,
    document: metaFromRow(row),
    ...content,
  };
}

/** Fills an activity's start and end from its timeline text when neither is given. */
export function withParsedTimeline(a: Activity): Activity {
  if (a.start !== null || a.end !== null) return a;
  const parsed = parseTimeline(a.timelineText);
  return parsed ? { ...a, start: parsed.start, end: parsed.end } : a;
}

/**
 * Imports one document version, all or nothing. The same version imported twice changes nothing;
 * a draft with the same key and version is replaced; an adopted one is frozen and gives a conflict.
 */
export async function importDocument(db: Db, data: DocumentExport): Promise<ImportResult> {
  return inTransaction(db, async (trx) => {
    await ensureMunicipality(trx, data.municipality);
    await ensureUnits(trx, data.municipality.code, data.organisation);
    return importVersion(trx, data.municipality, data);
  });
}

/** Imports a municipality, its organisation and its documents in one transaction (the demo data files). */
export async function importBundle(db: Db, bundle: Bundle): Promise<{ municipality: Municipality; documents: ImportResult[] }> {
  return db.transaction().execute(async (trx) => {
    await ensureMunicipality(trx, bundle.municipality);
    await ensureUnits(trx, bundle.municipality.code, bundle.organisation);
    const documents: ImportResult[] = [];
    for (const [i, doc] of bundle.documents.entries()) {
      try {
        documents.push(await importVersion(trx, bundle.municipality, { format: DOCUMENT_FORMAT, municipality: bundle.municipality, organisation: [], ...doc }));
      } catch (e) {
        if (e instanceof DomainError) {
          throw new DomainError(e.code, `Document ${i + 1} ("${doc.document.key}"): ${e.message}`, {
            issues: e.issues.map((x) => ({ path: `/documents/${i}${x.path}`, message: x.message })),
            details: e.details,
          });
        }
        throw e;
      }
    }
    return { municipality: bundle.municipality, documents };
  });
}

async function importVersion(trx: Db, municipality: Municipality, data: DocumentExport): Promise<ImportResult> {
  const code = municipality.code;
  const units = await loadUnitMaps(trx, code);
  const content: DocumentContent = { ...pickContent(data), activities: data.activities.map(withParsedTimeline) };
  assertNoIssues(validateDocument(data.document, content, new Set(units.unitId.keys())), `The document "${data.document.key}" is not valid`);
  await assertImplementsExists(trx, code, data.document, '/document/implements');
  const existing = await trx
    .selectFrom('document')
    .selectAll()
    .where('municipality_code', '=', code)
    .where('key', '=', data.document.key)
    .where('version', '=', data.document.version)
    .forUpdate()
    .executeTakeFirst();
  const result = (id: string, outcome: ImportResult['outcome']): ImportResult => ({ id, key: data.document.key, version: data.document.version, outcome });
  if (existing) {
    const current = await exportDocument(trx, existing.id);
    const same =
      canonical({ document: current.document, ...pickContent(current) }) === canonical({ document: data.document, ...content });
    if (same) return result(existing.id, 'unchanged');
    if (existing.status !== 'draft') {
      throw new DomainError('conflict', `Version ${data.document.version} of "${data.document.key}" is ${existing.status} and differs from the import; it is frozen. Import it as a new version instead.`, {
        details: { id: existing.id, documentStatus: existing.status },
      });
    }
    await trx.deleteFrom('document').where('id', '=', existing.id).execute();
  }
  const id = existing?.id ?? randomUUID();
  await conflictOnUniqueViolation(
    () => trx.insertInto('document').values({ id, municipality_code: code, ...metaToRow(data.document) }).execute(),
    `The series "${data.document.key}" already has another version open for editing`,
  );
  await insertContent(trx, code, id, content, units.unitId);
  return result(id, existing ? 'replaced' : 'created');
}

function pickContent(d: DocumentContent): DocumentContent {
  return Object.fromEntries(CONTENT_KINDS.map((k) => [k, d[k]])) as unknown as DocumentContent;
}

/** JSON with keys in a fixed order, for comparing two values. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]])) : v,
  );
}

/** A whole document in one response, nested: areas → goals → targets, strategies, indicators, activities. */
export async function getTree(db: Db, id: string): Promise<DocumentTree> {
  const row = await findDocumentRow(db, id);
  const content = await loadContent(db, id, row.municipality_code);
  return { document: presentDocument(row), sections: content.sections, definitions: content.definitions, ...buildTree(content) };
}

const treeCache = new SerializedCache();

/**
 * The tree as JSON text with its ETag. One primary-key read checks the document's content stamp;
 * a current cached serialization is served as it is, otherwise the tree is built in one
 * repeatable-read transaction (so the stamp and the content belong together) and cached.
 */
export async function getTreeJson(db: Kysely<Database>, id: string): Promise<{ json: string; etag: string }> {
  const stamp = await db.selectFrom('document').select('content_version').where('id', '=', id).executeTakeFirst();
  if (!stamp) throw new DomainError('not_found', `There is no document with the id ${id}`, { details: { id } });
  const cached = treeCache.get(`${id}:${stamp.content_version}`);
  if (cached !== undefined) return { json: cached, etag: `"t${stamp.content_version}"` };
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const tree = await getTree(trx, id);
      const version = (await findDocumentRow(trx, id)).content_version;
      const json = JSON.stringify(tree);
      treeCache.set(`${id}:${version}`, json);
      return { json, etag: `"t${version}"` };
    });
}

/** Compares two versions (usually of one series) item by item. */
export async function compareDocuments(db: Db, beforeId: string, afterId: string): Promise<{ before: DocumentDto; after: DocumentDto } & Comparison> {
  const [a, b] = await Promise.all([exportDocument(db, beforeId), exportDocument(db, afterId)]);
  if (a.municipality.code !== b.municipality.code) {
    throw new DomainError('validation', 'Only documents of the same municipality can be compared', { issues: [{ path: '/with', message: 'belongs to another municipality' }] });
  }
  const [ra, rb] = await Promise.all([findDocumentRow(db, beforeId), findDocumentRow(db, afterId)]);
  return { before: presentDocument(ra), after: presentDocument(rb), ...compareVersions(a, b) };
}

/** The version of a series that was in force on a date, or not_found. */
export async function documentInForce(db: Db, code: string, key: string, date: string): Promise<DocumentDto> {
  const rows = (await db.selectFrom('document').selectAll().where('municipality_code', '=', code).where('key', '=', key).execute()) as DocumentRow[];
  if (rows.length === 0) throw new DomainError('not_found', `Municipality ${code} has no document series "${key}"`);
  const found = versionInForce(
    rows.map((r) => ({ row: r, version: r.version, status: r.status as DocumentStatus, decisionDate: r.decision_date, validFrom: r.valid_from, validUntil: r.valid_until })),
    date,
  );
  if (!found) throw new DomainError('not_found', `No version of "${key}" was in force on ${date}`, { details: { key, date } });
  return presentDocument(found.row);
}

export { BUNDLE_FORMAT };
