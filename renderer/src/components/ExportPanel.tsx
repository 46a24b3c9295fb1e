// The dashboard's export panel: calls or daily summaries of the selected period, with live progress. Main
// picks the destination (desktop: a save dialog; web mode: a download link); this panel never names a path.
import { useEffect, useState } from 'react';
import type { ExportProgress } from '../../../preload/contract/export';
import { api } from '../api';
import { clientFilter, localTimeZone, periodRange, useDashboard } from '../state/dashboard';
import { ProgressBar } from './ProgressBar';

/** Exports of the selected period, with live progress, then "Show in folder" (desktop) or "Download" (web mode). */
export function ExportPanel() {
  const { period, custom, filters } = useDashboard();
  const [started, setProgress] = useState<ExportProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [revealError, setRevealError] = useState<string | null>(null);
  // True while export.start is pending (on desktop, while the save dialog is open).
  const [asking, setAsking] = useState(false);
  // Events can arrive before export.start answers: keep the latest per export and show the started one's.
  const [latest, setLatest] = useState<Record<string, ExportProgress>>({});
  useEffect(() => api.events.on('export.progress', (p) => setLatest((all) => ({ ...all, [p.exportId]: p }))), []);
  const start = (kind: 'calls' | 'daily', format: 'csv' | 'jsonl') => {
    const { from, to } = periodRange(period, new Date(), custom);
    setError(null);
    setRevealError(null);
    setAsking(true);
    api.export
      .start({
        kind,
        format,
        from: from.toISOString(),
        to: to.toISOString(),
        timeZone: localTimeZone(),
        ...clientFilter(filters.client),
      })
      .then(setProgress, (e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setAsking(false));
  };
  const progress = started ? (latest[started.exportId] ?? started) : null;
  const busy = asking || progress?.state === 'running';
  const reveal = (exportId: string) =>
    api.export.reveal({ exportId }).then(
      () => setRevealError(null),
      (e: unknown) => setRevealError(e instanceof Error ? e.message : String(e)),
    );
  return (
    <section className="panel" data-testid="export-panel">
      <h2>Export this period</h2>
      <div className="toolbar">
        <button type="button" disabled={busy} onClick={() => start('calls', 'csv')} data-testid="export-calls-csv">
          Calls CSV
        </button>
        <button type="button" disabled={busy} onClick={() => start('calls', 'jsonl')}>
          Calls JSONL
        </button>
        <button type="button" disabled={busy} onClick={() => start('daily', 'csv')}>
          Daily CSV
        </button>
        <button type="button" disabled={busy} onClick={() => start('daily', 'jsonl')}>
          Daily JSONL
        </button>
      </div>
      {error && <div className="error">{error}</div>}
      {progress?.state === 'cancelled' && (
        <div className="muted" data-testid="export-progress" data-state="cancelled">
          Export cancelled: nothing was written.
        </div>
      )}
      {progress && progress.state !== 'cancelled' && (
        <div className="export-progress" data-testid="export-progress" data-state={progress.state}>
          <ProgressBar
            value={progress.totalRows ? progress.rowsWritten / progress.totalRows : progress.state === 'done' ? 1 : 0}
            label="Export progress"
            testId="export-bar"
          />
          <div className="muted">
            {progress.state === 'failed'
              ? `Failed: ${progress.error ?? ''}`
              : `${progress.rowsWritten.toLocaleString()} of ${progress.totalRows.toLocaleString()} rows`}
            {progress.state === 'done' && progress.path ? ` written to ${progress.path}` : ''}
          </div>
          {progress.state === 'done' && (
            <div className="toolbar">
              {progress.downloadUrl && (
                <a href={progress.downloadUrl} download={progress.fileName} data-testid="export-download">
                  Download {progress.fileName}
                </a>
              )}
              {progress.revealable && (
                <button type="button" onClick={() => void reveal(progress.exportId)} data-testid="export-reveal">
                  Show in folder
                </button>
              )}
            </div>
          )}
          {revealError && <div className="error">{revealError}</div>}
        </div>
      )}
    </section>
  );
}
