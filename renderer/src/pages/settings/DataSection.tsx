// The data folder (reveal it), and database backups with a checked restore that reopens without a restart.
import { useCallback, useEffect, useState } from 'react';
import type { Backup } from '../../../../preload/contract/profile';
import { api } from '../../api';
import { formatBytes } from '../../components/format';
import { useStatus } from '../../state/status';

export function DataSection() {
  const { status } = useStatus();
  const [backups, setBackups] = useState<{ folder: string; backups: Backup[] } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const refresh = useCallback(async () => setBackups(await api.profile.backups({})), []);
  useEffect(() => {
    void refresh().catch((e) => setError(String(e instanceof Error ? e.message : e)));
  }, [refresh]);
  const run = async (what: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      setMessage(await what());
      await refresh();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const reveal = () =>
    run(async () => {
      const r = await api.settings.revealDataDir({});
      return r.revealed
        ? `Opened ${r.path} in the file manager.`
        : `Web mode cannot open folders: the data is in ${r.path}`;
    });
  const backup = () =>
    run(async () => {
      const b = await api.profile.backup({});
      return `Backed up to ${b.name} (${formatBytes(b.sizeBytes)}).`;
    });
  const restore = (name: string) => {
    if (!window.confirm(`Replace the current database with ${name}? A copy of the current one is kept first.`)) return;
    void run(async () => {
      const r = await api.profile.restore({ name });
      await useStatus.getState().load();
      return `Restored ${r.restored}. The previous database was kept as ${r.safetyCopy.name}.`;
    });
  };
  return (
    <section className="settings-section" data-testid="settings-data">
      <h2>Data folder and backups</h2>
      {status && (
        <dl className="facts">
          <dt>Data folder</dt>
          <dd data-testid="about-data-dir">
            <code>{status.dataDir}</code>
          </dd>
          <dt>Database</dt>
          <dd>
            <code>{status.database.path}</code> · {formatBytes(status.database.sizeBytes)}
          </dd>
        </dl>
      )}
      <p className="muted">
        To keep data elsewhere, start the app with <code>AICON_DATA_DIR=/path</code> (web mode:{' '}
        <code>--data-dir /path</code>).
      </p>
      <div className="toolbar">
        <button type="button" onClick={() => void reveal()} disabled={busy} data-testid="reveal-data-dir">
          {status?.mode === 'web' ? 'Show data folder path' : 'Reveal data folder'}
        </button>
        <button type="button" onClick={() => void backup()} disabled={busy} data-testid="backup-now">
          Back up now
        </button>
      </div>
      {message && (
        <p className="ok-note" data-testid="data-message">
          {message}
        </p>
      )}
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      {backups && (
        <>
          <p className="muted">
            Backups (SQLite online backup, safe while the app runs) in <code>{backups.folder}</code>
          </p>
          {backups.backups.length === 0 ? (
            <p className="muted">No backups yet.</p>
          ) : (
            <table className="settings-table" data-testid="backup-list">
              <tbody>
                {backups.backups.slice(0, 8).map((b) => (
                  <tr key={b.name} data-testid="backup-row">
                    <td>
                      <code>{b.name}</code>
                    </td>
                    <td className="num">{formatBytes(b.sizeBytes)}</td>
                    <td>{new Date(b.createdAt).toLocaleString()}</td>
                    <td>
                      <button type="button" onClick={() => restore(b.name)} disabled={busy}>
                        Restore
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
