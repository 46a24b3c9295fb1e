// App-wide: a storage failure shows main's own message (it says what to do), whatever screen met it.
import { useStorageProblem } from '../state/storageProblem';

const TITLES: Record<string, string> = {
  disk_full: 'The disk is full',
  read_only: 'The data folder is read-only',
  locked: 'The database is locked',
  corrupt: 'The database file is damaged',
};

export function StorageProblemBanner() {
  const { problem, dismiss } = useStorageProblem();
  if (!problem) return null;
  return (
    <div className="error storage-problem" role="alert" data-testid="storage-problem" data-kind={problem.kind ?? ''}>
      <strong>{(problem.kind && TITLES[problem.kind]) ?? 'Storage problem'}.</strong> {problem.message}{' '}
      <button type="button" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}
