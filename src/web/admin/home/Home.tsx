import { FormattedMessage, useIntl } from 'react-intl';
import { Link } from 'react-router';
import { useApi } from '../../ui/api.ts';
import { EmptyState, PageTitle, QueryView } from '../../ui/components.tsx';
import type { MunicipalityDto } from '../../ui/municipality.ts';

/** The start page: the municipalities in this instance. */
export function Home() {
  const intl = useIntl();
  const q = useApi<MunicipalityDto[] | { items: MunicipalityDto[] }>('/api/v1/municipalities');
  return (
    <>
      <PageTitle title={intl.formatMessage({ id: 'home.title' })} subtitle={intl.formatMessage({ id: 'home.lead' })} />
      <QueryView query={q}>
        {(data) => {
          const list = Array.isArray(data) ? data : data.items;
          if (list.length === 0) {
            return (
              <EmptyState title={<FormattedMessage id="home.empty" />}>
                <p>
                  <FormattedMessage id="home.emptyHelp" values={{ code: (s) => <code>{s}</code> }} />
                </p>
              </EmptyState>
            );
          }
          return (
            <ul className="cards">
              {[...list]
                .sort((a, b) => a.name.localeCompare(b.name, 'sv'))
                .map((m) => (
                  <li key={m.code} className="card">
                    <h2>
                      <Link to={`/m/${m.code}`}>{m.name}</Link>
                    </h2>
                    <p className="hint">
                      <FormattedMessage id="home.code" values={{ code: m.code }} />
                    </p>
                  </li>
                ))}
            </ul>
          );
        }}
      </QueryView>
    </>
  );
}
