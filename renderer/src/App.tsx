import { type ComponentType, lazy, Suspense, useEffect } from 'react';
import { BalanceAlertToasts } from './components/BalanceCards';
import { DemoOffer } from './components/DemoOffer';
import { StorageProblemBanner } from './components/StorageProblemBanner';
import { DemoBanner, ProfileSwitch } from './components/ProfileSwitch';
import { api } from './api';
import { usePreferences } from './state/preferences';
import { useProfile } from './state/profile';
import { BudgetAlertToasts, BudgetsPage } from './pages/BudgetsPage';
import { DashboardPage } from './pages/DashboardPage';
import { PAGES, useNavigation, type PageId } from './state/navigation';
import { useStatus } from './state/status';

export function App() {
  const { page, go } = useNavigation();
  const { status, load } = useStatus();
  useEffect(() => {
    void load();
    void useProfile.getState().load();
    void usePreferences.getState().load();
  }, [load]);
  // A clicked notification or tray item asks for a screen.
  useEffect(() => api.events.on('app.navigate', ({ page }) => go(page)), [go]);

  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Main">
        <div className="brand">
          AICON <span>Studio</span>
        </div>
        <ul>
          {PAGES.map((p) => (
            <li key={p.id}>
              <button
                type="button"
                className={p.id === page ? 'active' : ''}
                aria-current={p.id === page ? 'page' : undefined}
                onClick={() => go(p.id)}
              >
                {p.label}
              </button>
            </li>
          ))}
        </ul>
        <div className="sidebar-foot">
          <ProfileSwitch />
          {status ? (
            <>
              <span className={`badge ${status.mode}`}>{status.mode === 'web' ? 'Web mode' : 'Desktop'}</span>
              {status.demo && <span className="badge demo">Demo data</span>}
            </>
          ) : null}
        </div>
      </nav>
      <main className="content">
        <StorageProblemBanner />
        <DemoBanner />
        {status?.history.empty && !status.demo && <DemoOffer />}
        <PageView page={page} />
      </main>
      <BudgetAlertToasts />
      <BalanceAlertToasts />
    </div>
  );
}

/** A screen loaded on first visit (its own chunk), so the first chart does not wait for every page's code. */
const onDemand = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) =>
  lazy(() => load().then((m) => ({ default: m[name] })));
const CallLogPage = onDemand(() => import('./pages/CallLogPage'), 'CallLogPage');
const WorkflowsPage = onDemand(() => import('./pages/WorkflowsPage'), 'WorkflowsPage');
const IntegrationsPage = onDemand(() => import('./pages/IntegrationsPage'), 'IntegrationsPage');
const PricesPage = onDemand(() => import('./pages/PricesPage'), 'PricesPage');
const JobsPage = onDemand(() => import('./pages/JobsPage'), 'JobsPage');
const SettingsPage = onDemand(() => import('./pages/SettingsPage'), 'SettingsPage');
const ReconcilePage = onDemand(() => import('./pages/ReconcilePage'), 'ReconcilePage');
const GatewayPage = onDemand(() => import('./pages/GatewayPage'), 'GatewayPage');

/** Every page id has a screen: the record's type makes a missing one a compile error. */
const SCREENS: Record<PageId, ComponentType> = {
  dashboard: DashboardPage,
  calls: CallLogPage,
  workflows: WorkflowsPage,
  integrations: IntegrationsPage,
  gateway: GatewayPage,
  budgets: BudgetsPage,
  reconcile: ReconcilePage,
  prices: PricesPage,
  jobs: JobsPage,
  settings: SettingsPage,
};

function PageView({ page }: { page: PageId }) {
  const Screen = SCREENS[page];
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <Screen />
    </Suspense>
  );
}
