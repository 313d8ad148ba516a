import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { DomainError } from '../domain/errors.ts';

/** Runs a write and turns a unique-constraint violation (SQLSTATE 23505) into a 409 conflict with a readable message. */
export async function conflictOnUniqueViolation<T>(write: () => Promise<T>, message: string): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if ((e as { code?: string }).code === '23505') throw new DomainError('conflict', message, { details: { constraint: (e as { constraint?: string }).constraint } });
    throw e;
  }
}

/** Runs fn in a transaction, or in the caller's when db already is one (so use cases compose). */
export async function inTransaction<T>(db: Kysely<Database> | Transaction<Database>, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db as Transaction<Database>);
  return db.transaction().execute(fn);
}
