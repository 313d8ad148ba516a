import { FormattedMessage, useIntl } from 'react-intl';
import { useApi } from '../../ui/api.ts';
import { EmptyState, QueryView } from '../../ui/components.tsx';
import { useFormat } from '../../ui/format.ts';

interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  actorName: string | null;
  reason: string | null;
  entity: string;
  entityId: string;
  action: 'insert' | 'update' | 'delete';
  changed: string[];
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

const SHOWN = 30;

/** What an audited row is called on the page: its title, name or term, else the start of its text, else its key. */
function itemLabel(e: AuditEntry): string {
  const row = e.after ?? e.before ?? {};
  for (const k of ['title', 'name', 'term', 'statement', 'description', 'text', 'key']) {
    const v = row[k];
    if (typeof v === 'string' && v.trim()) return v.length > 80 ? `${v.slice(0, 79)}…` : v;
  }
  return e.entityId;
}

/** The document's audit log: who changed what in it, when and why (newest first). */
export function HistorySection({ code, documentId, version }: { code: string; documentId: string; version: string }) {
  const intl = useIntl();
  const fmt = useFormat();
  // A new version (after every save) makes a new query key, so the history is fetched again; the part after # is not sent.
  const history = useApi<{ items: AuditEntry[]; total: number }>(`/api/v1/municipalities/${code}/audit?documentId=${documentId}&limit=${SHOWN}#${version}`);
  // A signed-in user by name; otherwise the command line, the system, or a request made before sign-in existed.
  const actorName = (a: string, name: string | null) =>
    name !== null
      ? name
      : a === 'anonymous' || a === 'system'
        ? intl.formatMessage({ id: `editor.history.actor.${a}` })
        : a.startsWith('cli:')
          ? intl.formatMessage({ id: 'editor.history.actor.cli' }, { command: a.slice(4) })
          : a;
  const entity = (e: string) => (intl.messages[`editor.history.entity.${e}`] ? intl.formatMessage({ id: `editor.history.entity.${e}` }) : e);
  return (
    <section aria-labelledby="history-heading" className="editor-section">
      <h2 id="history-heading">
        <FormattedMessage id="editor.history.heading" />
      </h2>
      <QueryView query={history}>
        {(h) =>
          h.items.length === 0 ? (
            <EmptyState title={<FormattedMessage id="editor.history.empty" />} />
          ) : (
            <>
              <p className="hint">
                <FormattedMessage id="editor.history.shown" values={{ shown: h.items.length, total: h.total }} />
              </p>
              <div className="table-scroll">
                <table>
                  <caption className="visually-hidden">
                    <FormattedMessage id="editor.history.caption" />
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">
                        <FormattedMessage id="editor.history.col.when" />
                      </th>
                      <th scope="col">
                        <FormattedMessage id="editor.history.col.who" />
                      </th>
                      <th scope="col">
                        <FormattedMessage id="editor.history.col.what" />
                      </th>
                      <th scope="col">
                        <FormattedMessage id="editor.history.col.change" />
                      </th>
                      <th scope="col">
                        <FormattedMessage id="editor.history.col.why" />
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {h.items.map((e) => (
                      <tr key={e.id}>
                        <td className="nowrap">{fmt.dateTime(e.at)}</td>
                        <td>{actorName(e.actor, e.actorName)}</td>
                        <td>
                          {entity(e.entity)}: {itemLabel(e)}
                        </td>
                        <td>
                          <FormattedMessage id={`editor.history.action.${e.action}`} />
                          {e.action === 'update' && e.changed.length > 0 ? (
                            <>
                              {' '}
                              <span className="hint">({e.changed.join(', ')})</span>
                            </>
                          ) : null}
                        </td>
                        <td>{e.reason ?? '–'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )
        }
      </QueryView>
    </section>
  );
}
