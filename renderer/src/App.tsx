import { useEffect } from 'react';
import { NotBuiltYet } from './components/NotBuiltYet';
import { BudgetAlertToasts, BudgetsPage } from './pages/BudgetsPage';
import { CallLogPage } from './pages/CallLogPage';
import { DashboardPage } from './pages/DashboardPage';
import { PricesPage } from './pages/PricesPage';
import { IntegrationsPage } from './pages/IntegrationsPage';
import { JobsPage } from './pages/JobsPage';
import { SettingsPage } from './pages/SettingsPage';
import { WorkflowsPage } from './pages/WorkflowsPage';
import { PAGES, useNavigation } from './state/navigation';
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
              <button className={p.id === page ? 'active' : ''} aria-current={p.id === page ? 'page' : undefined} onClick={() => go(p.id)}>
                {p.label}
              </button>
            </li>
          ))}
        </ul>
        <div className="sidebar-foot">
          {status ? (
            <>
              <span className={`badge ${status.mode}`}>{status.mode === 'web' ? 'Web mode' : 'Desktop'}</span>
              {status.demo && <span className="badge demo">Demo data</span>}
            </>
          ) : null}
        </div>
      </nav>
      <main className="content">
        {page === 'dashboard' ? <DashboardPage /> : page === 'calls' ? <CallLogPage /> : page === 'budgets' ? <BudgetsPage /> : page === 'prices' ? <PricesPage /> : page === 'settings' ? <SettingsPage /> : page === 'integrations' ? <IntegrationsPage /> : page === 'jobs' ? <JobsPage /> : page === 'workflows' ? <WorkflowsPage /> : <NotBuiltYet page={PAGES.find((p) => p.id === page)!.label} />}
      </main>
      <BudgetAlertToasts />
    </div>
  );
}
