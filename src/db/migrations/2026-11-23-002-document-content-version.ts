import { sql, type Kysely } from 'kysely';

/**
 * A stamp that changes whenever anything in a document version changes (its items or its metadata),
 * drawn from one sequence so that it is never reused, not even when a draft is replaced by an import.
 * It is the ETag of the document tree and the key of the tree cache, which any number of app processes
 * can hold safely: each checks the stamp in the database before serving from its cache.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create sequence document_content_seq`.execute(db);
  await sql`alter table document add column content_version bigint not null default nextval('document_content_seq')`.execute(db);
}
