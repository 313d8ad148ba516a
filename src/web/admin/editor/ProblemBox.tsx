import { FormattedMessage, useIntl } from 'react-intl';
import type { ApiError } from '../../ui/api.ts';
import { ErrorMessage } from '../../ui/components.tsx';
import type { FieldError } from './forms.ts';
import { localMessage } from './labels.ts';

/** Problem codes the editor explains in its own words (the server's detail is in English). */
const KNOWN = ['version_conflict', 'document_frozen', 'invalid_transition', 'has_dependents', 'conflict', 'validation', 'not_found', 'network'];

/**
 * A problem that belongs to no single field: said in the page's language where the code is known,
 * with the server's own words beneath for the record; otherwise the server's message as it is.
 */
export function ProblemBox({ error, extra = [] }: { error: ApiError; extra?: FieldError[] }) {
  const intl = useIntl();
  const code = error.status === 0 ? 'network' : error.code;
  if (!KNOWN.includes(code)) return <ErrorMessage error={error} />;
  const items = extra.length > 0 ? extra : error.errors;
  return (
    <div className="error-box" role="alert">
      <p>
        <strong>
          <FormattedMessage id={`editor.problem.${code}`} />
        </strong>
      </p>
      {items.length > 0 ? (
        <ul>
          {items.map((x) => (
            <li key={`${x.path}-${x.message}`}>{localMessage(intl, x.message)}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
