import { INTAKE_RULES } from '../../../preload/contract/files';
import type { DroppedItem } from '../state/content';
import { formatBytes } from './format';
import { ProgressBar } from './ProgressBar';

const STATUS: Record<DroppedItem['status'], string> = {
  uploading: 'Checking…',
  registered: 'Added',
  error: 'Refused',
  cancelled: 'Cancelled',
};

function Preview({ item }: { item: DroppedItem }) {
  if (!item.previewUrl) return <div className="drop-preview placeholder" aria-hidden="true" />;
  if (item.typeHint.startsWith('image/'))
    return (
      <img className="drop-preview" src={item.previewUrl} alt={`Preview of ${item.name}`} data-testid="drop-preview" />
    );
  if (item.typeHint.startsWith('video/'))
    return <video className="drop-preview" src={item.previewUrl} controls data-testid="drop-preview" />;
  return <audio className="drop-audio" src={item.previewUrl} controls data-testid="drop-preview" />;
}

export function DroppedFileCard({
  item,
  onCancel,
  onRemove,
}: {
  item: DroppedItem;
  onCancel(): void;
  onRemove(): void;
}) {
  return (
    <li
      className={`drop-item drop-${item.status}`}
      data-testid="drop-item"
      data-status={item.status}
      data-name={item.name}
    >
      <Preview item={item} />
      <div className="drop-info">
        <div className="drop-name">{item.name}</div>
        <div className="muted">
          {formatBytes(item.size)} · {INTAKE_RULES[item.purpose].label}
          {item.file && ` · ${item.file.mime}`}
        </div>
        <div className="drop-status" data-testid="drop-status" data-kept={item.kept ? 'true' : undefined}>
          {item.kept ? 'Kept with this piece' : STATUS[item.status]}
        </div>
        {item.status === 'uploading' && (
          <ProgressBar value={item.progress} label={`Upload of ${item.name}`} testId="upload-progress" />
        )}
        {item.error && (
          <div className="job-error" role="alert" data-testid="drop-error">
            {item.error}
          </div>
        )}
      </div>
      <div className="drop-actions">
        {item.status === 'uploading' ? (
          <button type="button" onClick={onCancel} data-testid="drop-cancel">
            Cancel
          </button>
        ) : (
          <button type="button" onClick={onRemove} aria-label={`Remove ${item.name} from this list`}>
            {item.contentId && item.file ? 'Remove from piece' : 'Dismiss'}
          </button>
        )}
      </div>
    </li>
  );
}
