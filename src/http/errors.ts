import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError, type ErrorCode, type FieldIssue } from '../domain/errors.ts';

/** Each DomainError code → HTTP status and a short title. The problem type URI is stable: urn:samspel:problem:<code>. */
export const PROBLEMS: Record<ErrorCode | 'bad_request' | 'not_allowed', { status: number; title: string }> = {
  validation: { status: 400, title: 'The request is not valid' },
  bad_request: { status: 400, title: 'The request could not be read' },
  not_found: { status: 404, title: 'Not found' },
  unauthenticated: { status: 401, title: 'Sign in first' },
  forbidden: { status: 403, title: 'Not allowed for your role' },
  too_many_requests: { status: 429, title: 'Too many attempts' },
  not_allowed: { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'Conflict' },
  version_conflict: { status: 409, title: 'Changed by someone else' },
  document_frozen: { status: 409, title: 'The document version is frozen' },
  invalid_transition: { status: 409, title: 'Not allowed in this state' },
  has_dependents: { status: 409, title: 'Other items depend on this one' },
  precondition_required: { status: 428, title: 'A version is required' },
  payload_too_large: { status: 413, title: 'The request is too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported content type' },
  internal: { status: 500, title: 'Internal error' },
};

export type ProblemCode = keyof typeof PROBLEMS;

export function problemType(code: ProblemCode): string {
  return `urn:samspel:problem:${code}`;
}

export function sendProblem(
  reply: FastifyReply,
  code: ProblemCode,
  detail: string,
  extra: { errors?: Array<FieldIssue & { in?: string }>; [k: string]: unknown } = {},
): FastifyReply {
  const { status, title } = PROBLEMS[code];
  return reply
    .code(status)
    .type('application/problem+json')
    .send({ ...extra, type: problemType(code), title, status, detail });
}

/** The one error handler: domain errors by code, request validation with field paths, never a stack trace. */
export function handleError(err: FastifyError | DomainError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err instanceof DomainError) {
    if (err.code === 'too_many_requests' && typeof err.details.retryAfterSeconds === 'number') reply.header('retry-after', String(err.details.retryAfterSeconds));
    return sendProblem(reply, err.code, err.message, { ...(err.issues.length ? { errors: err.issues } : {}), ...err.details });
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = (err as FastifyError).validationContext ?? 'body';
    // An id in the path that is not even an id names nothing: that is a 404, not a 400.
    if (where === 'params') return sendProblem(reply, 'not_found', `Nothing is found at ${request.url}`);
    const errors = err.validation.map((v) => ({ in: where, path: v.instancePath || '/', message: v.message ?? 'is not valid' }));
    const first = errors[0];
    return sendProblem(reply, 'validation', `${errors.length} problem(s) in the ${where}${first ? `; first: ${first.path} ${first.message}` : ''}`, { errors });
  }
  const fe = err as FastifyError;
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendProblem(reply, 'payload_too_large', `The body is larger than the ${request.routeOptions.bodyLimit ?? ''} bytes allowed here`);
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendProblem(reply, 'unsupported_media_type', 'Send the body as application/json');
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return sendProblem(reply, fe.statusCode === 405 ? 'not_allowed' : 'bad_request', readable(fe));
  }
  if (['22021', '22P05'].includes(String((err as { code?: unknown }).code))) return sendProblem(reply, 'validation', 'Text must not contain the NUL character (U+0000); nothing was saved');
  request.log.error({ err }, 'unhandled error');
  return sendProblem(reply, 'internal', 'Something went wrong on our side; it has been logged. Nothing was saved.');
}

function readable(e: FastifyError): string {
  if (e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return 'The body is empty; send a JSON object';
  if (e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || e instanceof SyntaxError) return `The body is not valid JSON: ${e.message}`;
  return e.message;
}
