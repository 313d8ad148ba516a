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
