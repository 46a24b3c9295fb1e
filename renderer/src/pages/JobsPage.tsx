// Jobs: every long step with its state, live progress, estimated and actual cost, cancel and retry; a one-flow
// run that waits for an approval is answered here too.
import { useEffect } from 'react';
import { CHAIN_KIND, CHAIN_STEP_LABELS, chainApprovalOf } from '../../../preload/contract/chains';
import { cancelWarningOf, type Job } from '../../../preload/contract/jobs';
import { CancelWithWarning } from '../components/CancelWithWarning';
import { Countdown } from '../components/Countdown';
import { isRateLimitWait } from '../components/wait-format';
import { formatNanos, formatTime } from '../components/format';
import { JobStateBadge } from '../components/JobStateBadge';
import { ProgressBar } from '../components/ProgressBar';
import { useCallLogScope } from '../state/callLog';
import { useJobs, type JobFilter } from '../state/jobs';

const KIND_LABEL: Record<string, string> = {
  'files.checksum': 'File checksum',
  'workflow.analyse': 'Analyse',
  'workflow.research': 'Research',
  'workflow.rewrite': 'Rewrite script',
  'workflow.generate': 'Generate script',
  'workflow.transcribe': 'Transcribe audio',
  'workflow.voiceClone': 'Clone voice',
  'workflow.speak': 'Generate voice',
  'workflow.avatar': 'Create avatar',
  'workflow.render': 'Render video',
  [CHAIN_KIND]: 'Make a video (one flow)',
};
const labelOf = (job: Job) => KIND_LABEL[job.kind] ?? job.kind;

const FILTERS: { id: JobFilter; label: string }[] = [
  { id: 'all', label: 'All' },
  { id: 'active', label: 'Active' },
  { id: 'finished', label: 'Finished' },
];

const canCancel = (j: Job) => j.state === 'queued' || j.state === 'running' || j.state === 'waiting';
const canRetry = (j: Job) => j.state === 'failed' || j.state === 'cancelled';

function JobRow({ job }: { job: Job }) {
  const { cancel, retry, approveChain, declineChain, rowErrors } = useJobs();
  const rowError = rowErrors[job.id];
  const approval = chainApprovalOf(job);
  return (
    <tr data-testid="job-row" data-job-id={job.id} data-kind={job.kind}>
      <td>
        <div>{labelOf(job)}</div>
        <div className="muted">{formatTime(job.createdAt)}</div>
      </td>
      <td>
        <JobStateBadge state={job.state} />
        {job.attempts > 1 && <div className="muted">attempt {job.attempts}</div>}
      </td>
      <td className="job-progress-cell">
        <ProgressBar value={job.progress} label={`Progress of ${labelOf(job)}`} testId="job-progress" />
        <div className="muted" data-testid="job-message">
          {job.progressMessage ?? ''}
        </div>
        {job.runAfter && isRateLimitWait(job.state, job.progressMessage) && (
          <Countdown until={job.runAfter} testId="job-countdown" />
        )}
        {job.error && (
          <div className="job-error" role="alert" data-testid="job-error">
            {job.error.message}
          </div>
        )}
        {rowError && (
          <div className="job-error" role="alert">
            {rowError}
          </div>
        )}
      </td>
      <td className="num" title="Estimated before the job ran">
        {formatNanos(job.estimatedCostNanos)}
      </td>
      <td className="num" title="What the job actually cost">
        {formatNanos(job.actualCostNanos)}
        {/* A one-flow run makes no calls itself: its steps' rows hold them. */}
        {job.kind.startsWith('workflow.') && job.kind !== CHAIN_KIND && job.state !== 'queued' && (
          <div>
            <button
              type="button"
              className="link"
              onClick={() => useCallLogScope.getState().showJob({ jobId: job.id, label: labelOf(job) })}
              data-testid="job-calls"
            >
              Calls
            </button>
          </div>
        )}
      </td>
      <td className="job-actions">
        {approval && (
          // Stacked, so the row stays narrow at 1024 px; the step is named in the message beside it.
          <div className="job-approval">
            <button
              type="button"
              className="primary"
              onClick={() => void approveChain(job.id)}
              aria-label={`Approve ${CHAIN_STEP_LABELS[approval.step]}`}
              title={approval.message}
              data-testid="job-approve"
            >
              Approve
            </button>
            <button type="button" onClick={() => void declineChain(job.id)} data-testid="job-decline">
              Decline
            </button>
          </div>
        )}
        {canCancel(job) && (
          <CancelWithWarning warning={cancelWarningOf(job)} onCancel={() => void cancel(job.id)} testId="job-cancel" />
        )}
        {canRetry(job) && (
          <button type="button" onClick={() => void retry(job.id)} data-testid="job-retry">
            Retry
          </button>
        )}
      </td>
    </tr>
  );
}

export function JobsPage() {
  const { jobs, filter, loading, error, load, setFilter, follow } = useJobs();
  useEffect(() => {
    void load();
    return follow();
  }, [load, follow]);

  return (
    <section className="page" data-testid="jobs-page">
      <header className="page-head">
        <h1>Jobs</h1>
        <div className="toolbar">
          {FILTERS.map((f) => (
            <button
              type="button"
              key={f.id}
              className={f.id === filter ? 'active' : ''}
              aria-pressed={f.id === filter}
              onClick={() => setFilter(f.id)}
            >
              {f.label}
            </button>
          ))}
          <button type="button" onClick={() => void load()} disabled={loading}>
            {loading ? 'Refreshing…' : 'Refresh'}
          </button>
        </div>
      </header>
      <p className="muted">
        Long steps run in the background and continue after a restart. A render that was submitted is polled, never
        submitted twice.
      </p>
      {error && (
        <div className="error" role="alert">
          Could not load jobs: {error}
        </div>
      )}
      {jobs.length === 0 && !loading && !error ? (
        <div className="notice" data-testid="jobs-empty">
          No jobs yet. Dropping a file on the Workflows screen starts a checksum job; provider steps will add theirs.
        </div>
      ) : (
        <table className="jobs-table" data-testid="jobs-table">
          <thead>
            <tr>
              <th>Job</th>
              <th>State</th>
              <th>Progress</th>
              <th className="num">Estimated</th>
              <th className="num">Actual</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {jobs.map((j) => (
              <JobRow key={j.id} job={j} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
