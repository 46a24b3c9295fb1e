import { GatewaySettings } from '../components/GatewaySettings';
import { TelemetrySettings } from '../components/TelemetrySettings';
import { useStatus } from '../state/status';

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

export function SettingsPage() {
  const { status, error, loading, load } = useStatus();
  return (
    <section className="page">
      <header className="page-head">
        <h1>Settings</h1>
        <button type="button" onClick={() => void load()} disabled={loading}>
          {loading ? 'Refreshing…' : 'Refresh'}
        </button>
      </header>
      <h2>About this installation</h2>
      {error && (
        <div className="error" role="alert">
          Could not read the app status: {error}
        </div>
      )}
      {status && (
        <dl className="facts" data-testid="about">
          <dt>Version</dt>
          <dd data-testid="about-version">{status.version}</dd>
          <dt>Mode</dt>
          <dd>{status.mode === 'web' ? 'Web mode (loopback server)' : 'Desktop (Electron)'}</dd>
          <dt>Data folder</dt>
          <dd data-testid="about-data-dir">
            <code>{status.dataDir}</code>
          </dd>
          <dt>Database</dt>
          <dd>
            <code>{status.database.path}</code> · SQLite {status.database.sqliteVersion} ·{' '}
            {status.database.journalMode.toUpperCase()} · {formatBytes(status.database.sizeBytes)}
          </dd>
          <dt>Schema</dt>
          <dd data-testid="about-schema">
            version {status.database.schemaVersion} of {status.database.latestVersion}
            {status.database.schemaVersion === status.database.latestVersion
              ? ' (up to date)'
              : ' (pending migrations)'}
          </dd>
          <dt>Migrations</dt>
          <dd>
            <ol className="migrations">
              {status.database.migrations.map((m) => (
                <li key={m.version}>
                  {m.version}. {m.name} <span className="muted">applied {new Date(m.appliedAt).toLocaleString()}</span>
                </li>
              ))}
            </ol>
          </dd>
          <dt>Runtime</dt>
          <dd>
            Node {status.runtime.node}
            {status.runtime.electron ? ` · Electron ${status.runtime.electron}` : ''} · {status.runtime.platform}
          </dd>
        </dl>
      )}
      <GatewaySettings />
      <TelemetrySettings />
    </section>
  );
}
