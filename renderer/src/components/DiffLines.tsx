// The line-by-line view of a version diff (scripts and transcripts).
import type { DiffLine } from '../../../preload/contract/content';

export function DiffLines({ lines, testId }: { lines: readonly DiffLine[]; testId?: string }) {
  return (
    <div className="diff-lines" data-testid={testId}>
      {lines.map((l) => (
        // Each line advances fromLine, toLine or both, so the pair is unique within a diff.
        <div key={`${l.fromLine}:${l.toLine}`} className={`diff-line diff-${l.op}`} data-op={l.op}>
          <span className="diff-gutter">{l.fromLine ?? ''}</span>
          <span className="diff-gutter">{l.toLine ?? ''}</span>
          <span className="diff-sign">{l.op === 'add' ? '+' : l.op === 'remove' ? '−' : ' '}</span>
          <span className="diff-text">{l.text || ' '}</span>
        </div>
      ))}
    </div>
  );
}
