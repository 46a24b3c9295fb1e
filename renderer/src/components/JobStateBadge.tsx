import type { JobState } from '../../../preload/contract/jobs';

const LABEL: Record<JobState, string> = {
  queued: 'Queued',
  running: 'Running',
  waiting: 'Waiting',
  succeeded: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export function JobStateBadge({ state }: { state: JobState }) {
  return (
    <span className={`badge job-state job-state-${state}`} data-testid="job-state" data-state={state}>
      {LABEL[state]}
    </span>
  );
}
