import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../domain/errors.ts';

/**
 * The version an edit is based on, from If-Match ("3" or W/"3") or a lockVersion field.
 * An edit without one is refused (428): we never overwrite blindly.
 */
export function expectedVersion(request: FastifyRequest, fromBody: number | undefined): number {
  const header = request.headers['if-match'];
  let fromHeader: number | undefined;
  if (typeof header === 'string' && header.length > 0) {
    const m = /^(?:W\/)?"(\d{1,9})"$/.exec(header.trim());
    if (!m) throw new DomainError('validation', 'If-Match must be an ETag this API gave you, such as "3"', { issues: [{ path: '/headers/if-match', message: 'is not an ETag of this API' }] });
    fromHeader = Number(m[1]);
  }
  if (fromHeader !== undefined && fromBody !== undefined && fromHeader !== fromBody) {
    throw new DomainError('validation', 'If-Match and lockVersion disagree', { issues: [{ path: '/lockVersion', message: `is ${fromBody} but If-Match says ${fromHeader}` }] });
  }
  const v = fromHeader ?? fromBody;
  if (v === undefined) {
    throw new DomainError('precondition_required', 'Say which version you are changing: send If-Match with the ETag you read, or a lockVersion field', {
      issues: [{ path: '/lockVersion', message: 'is required (or the If-Match header)' }],
    });
  }
  return v;
}

/** Sets the ETag of a versioned resource and passes the value through. */
export function withEtag<T extends { lockVersion: number }>(reply: FastifyReply, value: T): T {
  reply.header('etag', `"${value.lockVersion}"`);
  return value;
}
