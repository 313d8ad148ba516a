import { lazy, Suspense, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, NavLink, Route, Routes, useLocation, useNavigate, useParams } from 'react-router';
import { Home } from './admin/home/Home.tsx';
import { Overview } from './admin/overview/Overview.tsx';
import { LOCALES, useLocale } from './i18n.tsx';
import { Loading } from './ui/components.tsx';
import { useMunicipality } from './ui/municipality.ts';
import { SessionProvider, useSession } from './ui/session.tsx';

// Every page but the landing pages is its own chunk, loaded when it is opened.
const DocumentEditor = lazy(() => import('./admin/editor/DocumentEditor.tsx').then((m) => ({ default: m.DocumentEditor })));
const ActionPlan = lazy(() => import('./admin/action-plan/ActionPlan.tsx').then((m) => ({ default: m.ActionPlan })));
const FollowUp = lazy(() => import('./admin/follow-up/FollowUp.tsx').then((m) => ({ default: m.FollowUp })));
const ReportEntry = lazy(() => import('./admin/follow-up/ReportEntry.tsx').then((m) => ({ default: m.ReportEntry })));
const IndicatorPage = lazy(() => import('./admin/indicator/IndicatorPage.tsx').then((m) => ({ default: m.IndicatorPage })));
const Compilation = lazy(() => import('./admin/compilation/Compilation.tsx').then((m) => ({ default: m.Compilation })));
const Reports = lazy(() => import('./admin/reports/Reports.tsx').then((m) => ({ default: m.Reports })));
const Consultation = lazy(() => import('./admin/consultation/Consultation.tsx').then((m) => ({ default: m.Consultation })));
const Users = lazy(() => import('./admin/users/Users.tsx').then((m) => ({ default: m.Users })));
const Login = lazy(() => import('./auth/Login.tsx').then((m) => ({ default: m.Login })));
const Account = lazy(() => import('./auth/Account.tsx').then((m) => ({ default: m.Account })));

export function App() {
  return (
    <>
      <a className="skip-link" href="#main">
        <FormattedMessage id="common.skipToContent" />
      </a>
      <SessionProvider>
        <SiteHeader />
        <Routes>
          <Route path="/" element={<Page><Home /></Page>} />
          <Route path="/login" element={<Page><Suspense fallback={<Loading />}><Login /></Suspense></Page>} />
          <Route path="/account" element={<Page><Suspense fallback={<Loading />}><Account /></Suspense></Page>} />
          <Route path="/m/:code/*" element={<MunicipalityPages />} />
          <Route path="*" element={<Page><NotFound /></Page>} />
        </Routes>
      </SessionProvider>
    </>
  );
}

function MunicipalityPages() {
  return (
    <>
      <MunicipalityNav />
      <Page>
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route index element={<Overview />} />
            <Route path="documents/:id" element={<DocumentEditor />} />
            <Route path="documents/:id/action-plan" element={<ActionPlan />} />
            <Route path="action-plan" element={<ActionPlan />} />
            <Route path="follow-up" element={<FollowUp />} />
            <Route path="reports/:reportId" element={<ReportEntry />} />
            <Route path="documents/:id/indicators/:key" element={<IndicatorPage />} />
            <Route path="documents/:id/compilation" element={<Compilation />} />
            <Route path="compilation" element={<Compilation />} />
            <Route path="documents/:id/consultation" element={<Consultation />} />
            <Route path="consultation" element={<Consultation />} />
            <Route path="reports" element={<Reports />} />
            <Route path="users" element={<Users />} />
            <Route path="*" element={<NotFound />} />
          </Routes>
        </Suspense>
      </Page>
    </>
  );
}

function Page({ children }: { children: ReactNode }) {
  return (
    <main id="main" tabIndex={-1}>
      {children}
    </main>
  );
}

function SiteHeader() {
  const intl = useIntl();
  const { locale, setLocale } = useLocale();
  return (
    <header className="site-header">
      <Link to="/" className="brand">
        <FormattedMessage id="common.appName" />
      </Link>
      <div className="header-end">
        <UserMenu />
        <nav aria-label={intl.formatMessage({ id: 'common.languageNav' })} className="languages">
        <ul>
          {LOCALES.map((l) => (
            <li key={l}>
              <button type="button" lang={l} aria-pressed={locale === l} onClick={() => setLocale(l)}>
                <FormattedMessage id={`common.language.${l}`} />
              </button>
            </li>
          ))}
          </ul>
        </nav>
      </div>
    </header>
  );
}

/** The signed-in user's name (to their account page) and "Logga ut"; for a visitor, "Logga in". */
function UserMenu() {
  const intl = useIntl();
  const { user } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  if (!user) {
    if (location.pathname === '/login') return null;
    const next = `${location.pathname}${location.search}`;
    return (
      <Link className="header-link" to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`}>
        <FormattedMessage id="auth.header.signIn" />
      </Link>
    );
  }
  return (
    <div className="user-menu" role="group" aria-label={intl.formatMessage({ id: 'auth.header.label' })}>
      <Link className="header-link" to="/account" aria-current={location.pathname === '/account' ? 'page' : undefined}>
        <span className="visually-hidden">
          <FormattedMessage id="auth.header.signedInAs" />{' '}
        </span>
        {user.displayName}
      </Link>
      {/* The sign-in page ends the session once it is shown, so that no page asks for what it may no longer read. */}
      <button type="button" className="header-button" onClick={() => navigate('/login', { state: { signOut: true } })}>
        <FormattedMessage id="auth.header.signOut" />
      </button>
    </div>
  );
}

function MunicipalityNav() {
  const intl = useIntl();
  const { code } = useParams();
  const { can } = useSession();
  const m = useMunicipality(code!);
  const links: Array<[string, string]> = [
    ['', 'nav.overview'],
    ['action-plan', 'nav.actionPlan'],
    ['follow-up', 'nav.followUp'],
    ['compilation', 'nav.compilation'],
    ['consultation', 'nav.consultation'],
    ['reports', 'nav.reports'],
    // Only administrators manage users; the server refuses everyone else too.
    ...(can('users.manage', { municipalityCode: code! }) ? [['users', 'nav.users'] as [string, string]] : []),
  ];
  return (
    <nav className="municipality-nav" aria-label={intl.formatMessage({ id: 'nav.label' }, { name: m.data?.name ?? code })}>
      <p className="municipality-name">{m.data?.name ?? code}</p>
      <ul>
        {links.map(([to, id]) => (
          <li key={id}>
            <NavLink to={`/m/${code}${to ? `/${to}` : ''}`} end={to === ''}>
              <FormattedMessage id={`common.${id}`} />
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function NotFound() {
  return (
    <>
      <h1>
        <FormattedMessage id="common.notFound.title" />
      </h1>
      <p>
        <Link to="/">
          <FormattedMessage id="common.notFound.back" />
        </Link>
      </p>
    </>
  );
}
