// A Cancel button that first says what cancelling will not save: a submitted render is billed by HeyGen anyway,
// so its cost stays on the ledger and on the job. Without a warning, it cancels at once.
import { useState } from 'react';
import type { CancelWarning } from '../../../preload/contract/jobs';

export function CancelWithWarning({
  warning,
  onCancel,
  label = 'Cancel',
  testId,
}: {
  warning: CancelWarning | null;
  onCancel: () => void;
  label?: string;
  testId?: string;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking || !warning)
    return (
      <button type="button" onClick={() => (warning ? setAsking(true) : onCancel())} data-testid={testId}>
        {label}
      </button>
    );
  return (
    <div className="cancel-warning" role="alertdialog" aria-label="Cancel anyway?" data-testid="cancel-warning">
      <p>{warning.message}</p>
      <div className="cancel-warning-actions">
        <button
          type="button"
          className="danger"
          onClick={() => {
            setAsking(false);
            onCancel();
          }}
          data-testid="cancel-warning-confirm"
        >
          Cancel anyway
        </button>
        <button type="button" onClick={() => setAsking(false)} data-testid="cancel-warning-keep">
          Keep it running
        </button>
      </div>
    </div>
  );
}
