// What the selected piece has cost so far, step by step: the sum of its ledger rows (retries and fallbacks
// included), re-read whenever one of its steps settles.
import { useEffect, useState } from 'react';
import type { PieceCost } from '../../../preload/contract/workflows';
import { api } from '../api';
import { formatNanos } from './format';

const STEP_NAMES: Record<string, string> = {
  content_analysis: 'Analyse',
  research: 'Research',
  script_generation: 'Scripts',
  transcription: 'Transcribe',
  voice_generation: 'Voice',
  video_generation: 'Video',
  asset_upload: 'Uploads',
  avatar_creation: 'Avatar',
  account: 'Account checks',
};

export function PieceCostPanel({ contentId, refreshKey }: { contentId: string; refreshKey: string }) {
  const [cost, setCost] = useState<PieceCost | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey changes when a step of the piece settles.
  useEffect(() => {
    let live = true;
    api.workflows
      .pieceCost({ contentId })
      .then((c) => live && setCost(c))
      .catch(() => live && setCost(null));
    return () => {
      live = false;
    };
  }, [contentId, refreshKey]);
  if (!cost) return null;
  return (
    <section className="piece-cost" data-testid="piece-cost" aria-label="Cost of this piece">
      <strong>This piece so far: {formatNanos(cost.totalNanos)}</strong>
      {cost.unpricedAttempts > 0 && <span className="muted"> · excludes {cost.unpricedAttempts} unpriced calls</span>}
      {cost.byStep.length > 0 && (
        <ul
          className="muted"
          style={{ listStyle: 'none', padding: 0, margin: '4px 0', display: 'flex', gap: 12, flexWrap: 'wrap' }}
        >
          {cost.byStep.map((s) => (
            <li key={s.operation} data-testid="piece-cost-step">
              {STEP_NAMES[s.operation] ?? s.operation} {formatNanos(s.costNanos)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
