export type ErrorCode =
  | 'validation'
  | 'not_found'
  | 'unauthenticated'
  | 'forbidden'
  | 'too_many_requests'
  | 'conflict'
  | 'version_conflict'
  | 'precondition_required'
  | 'document_frozen'
  | 'invalid_transition'
  | 'has_dependents'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'internal';

/** One problem with one field of the input; `path` uses JSON-pointer-like segments (`/activities/3/responsible/0/unit`). */
export interface FieldIssue {
  path: string;
  message: string;
}

/**
 * A broken rule, with a stable code that the HTTP layer maps to a status and a problem type.
 * @example throw new DomainError('document_frozen', 'Only a draft can be edited', { status: 'adopted' })
 */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly issues: FieldIssue[];
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, opts: { issues?: FieldIssue[]; details?: Record<string, unknown> } = {}) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.issues = opts.issues ?? [];
    this.details = opts.details ?? {};
  }
}

/** Throws a `validation` DomainError carrying every issue at once, when there is at least one. */
export function assertNoIssues(issues: FieldIssue[], message = 'The input is not valid'): void {
  if (issues.length > 0) throw new DomainError('validation', message, { issues });
}
