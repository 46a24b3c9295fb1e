import type { PartialHandlers } from '../core/router';
import type { JobService } from './service';

export function jobsHandlers(jobs: JobService): PartialHandlers {
  return {
    'jobs.list': (filter) => ({ jobs: jobs.list(filter) }),
    'jobs.get': ({ id }) => jobs.get(id),
    'jobs.cancel': ({ id }) => jobs.cancel(id),
    'jobs.retry': ({ id, resetCheckpoint }) => jobs.retry(id, { resetCheckpoint }),
  };
}
