import { useEffect } from 'react';
import { BalanceAlertToasts } from './components/BalanceCards';
import { DemoOffer } from './components/DemoOffer';
import { BudgetAlertToasts, BudgetsPage } from './pages/BudgetsPage';
import { CallLogPage } from './pages/CallLogPage';
import { DashboardPage } from './pages/DashboardPage';
import { GatewayPage } from './pages/GatewayPage';
import { PricesPage } from './pages/PricesPage';
import { ReconcilePage } from './pages/ReconcilePage';
import { IntegrationsPage } from './pages/IntegrationsPage';
import { JobsPage } from './pages/JobsPage';
import { SettingsPage } from './pages/SettingsPage';
import { WorkflowsPage } from './pages/WorkflowsPage';
import { PAGES, useNavigation, type PageId } from './state/navigation';
import { useStatus } from './state/status';

export function App() {
  const { page, go } = useNavigation();
  const { status, load } = useStatus();
  useEffect(() => {
    void load();
  }, [load]);

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
          {status ? (
            <>
              <span className={`badge ${status.mode}`}>{status.mode === 'web' ? 'Web mode' : 'Desktop'}</span>
              {(status.demo || status.history.demoSeeded) && <span className="badge demo">Demo data</span>}
            </>
          ) : null}
        </div>
      </nav>
      <main className="content">
        {status?.history.empty && <DemoOffer />}
        <PageView page={page} />
      </main>
      <BudgetAlertToasts />
      <BalanceAlertToasts />
    </div>
  );
}

/** Every page id has a screen: the record's type makes a missing one a compile error. */
const SCREENS: Record<PageId, () => React.JSX.Element> = {
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
  return <Screen />;
}
