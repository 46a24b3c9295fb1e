// Version, mode, database and migrations.
import { formatBytes } from '../../components/format';
import { useStatus } from '../../state/status';

export function AboutSection() {
  const { status, error } = useStatus();
  return (
    <section className="settings-section">
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
          <dt>Database</dt>
          <dd>
            SQLite {status.database.sqliteVersion} · {status.database.journalMode.toUpperCase()} ·{' '}
            {formatBytes(status.database.sizeBytes)}
          </dd>
          <dt>Schema</dt>
          <dd data-testid="about-schema">
            version {status.database.schemaVersion} of {status.database.latestVersion}
            {status.database.schemaVersion === status.database.latestVersion
              ? ' (up to date)'
              : ' (pending migrations)'}
          </dd>
          <dt>Runtime</dt>
          <dd>
            Node {status.runtime.node}
            {status.runtime.electron ? ` · Electron ${status.runtime.electron}` : ''} · {status.runtime.platform}
          </dd>
        </dl>
      )}
    </section>
  );
}
