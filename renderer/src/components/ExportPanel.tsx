// The dashboard's export panel: calls or daily summaries of the selected period, with live progress.
import { useEffect, useState } from 'react';
import type { ExportProgress } from '../../../preload/contract/export';
import { api } from '../api';
import { localTimeZone, periodRange, useDashboard } from '../state/dashboard';
import { ProgressBar } from './ProgressBar';

/** Exports of the selected period, written to the data folder's exports/ with live progress. */
export function ExportPanel() {
  const { period, custom } = useDashboard();
  const [started, setProgress] = useState<ExportProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Events can arrive before export.start answers: keep the latest per export and show the started one's.
  const [latest, setLatest] = useState<Record<string, ExportProgress>>({});
  useEffect(() => api.events.on('export.progress', (p) => setLatest((all) => ({ ...all, [p.exportId]: p }))), []);
  const start = (kind: 'calls' | 'daily', format: 'csv' | 'jsonl') => {
    const { from, to } = periodRange(period, new Date(), custom);
    setError(null);
    api.export.start({ kind, format, from: from.toISOString(), to: to.toISOString(), timeZone: localTimeZone() }).then(setProgress, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };
  const progress = started ? (latest[started.exportId] ?? started) : null;
  const running = progress?.state === 'running';
  return (
    <section className="panel" data-testid="export-panel">
      <h2>Export this period</h2>
      <div className="toolbar">
        <button disabled={running} onClick={() => start('calls', 'csv')} data-testid="export-calls-csv">
          Calls CSV
        </button>
        <button disabled={running} onClick={() => start('calls', 'jsonl')}>
          Calls JSONL
        </button>
        <button disabled={running} onClick={() => start('daily', 'csv')}>
          Daily CSV
        </button>
        <button disabled={running} onClick={() => start('daily', 'jsonl')}>
          Daily JSONL
        </button>
      </div>
      {error && <div className="error">{error}</div>}
      {progress && (
        <div className="export-progress" data-testid="export-progress" data-state={progress.state}>
          <ProgressBar value={progress.totalRows ? progress.rowsWritten / progress.totalRows : progress.state === 'done' ? 1 : 0} label="Export progress" testId="export-bar" />
          <div className="muted">
            {progress.state === 'failed' ? `Failed: ${progress.error ?? ''}` : `${progress.rowsWritten.toLocaleString()} of ${progress.totalRows.toLocaleString()} rows`}
            {progress.state === 'done' ? ` written to ${progress.path}` : ''}
          </div>
        </div>
      )}
    </section>
  );
}
