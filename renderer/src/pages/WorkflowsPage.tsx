// Workflows, arranged around the piece: the content library on the left (search, the list, adding a piece by
// hand, dropping audio and photos), the selected piece on the right (its timeline of provider steps, its
// scripts, its media, the personas) — see PieceWorkspace.
import { useEffect } from 'react';
import { ContentForm } from '../components/ContentForm';
import { ContentLibrary } from '../components/ContentLibrary';
import { DropZone } from '../components/DropZone';
import { DroppedFileCard } from '../components/DroppedFileCard';
import { PieceWorkspace } from '../components/PieceWorkspace';
import { useContent } from '../state/content';
import { warnBeforeUnloadWithDrafts } from '../state/scripts';
import './WorkflowsPage.css';

export function WorkflowsPage() {
  const { load, create, drops, addFiles, cancelDrop, removeDrop } = useContent();
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => warnBeforeUnloadWithDrafts(), []);

  return (
    <section className="page workflows" data-testid="workflows-page">
      <header className="page-head">
        <h1>Workflows</h1>
      </header>
      <div className="wf-layout">
        <aside className="wf-library" aria-label="Content library">
          <ContentLibrary />
          <details className="wf-section" data-testid="wf-add">
            <summary data-testid="wf-add-toggle">Add a piece by hand</summary>
            <ContentForm onCreate={create} />
          </details>
          <details className="wf-section" data-testid="wf-drops" open={drops.length > 0 || undefined}>
            <summary data-testid="wf-drops-toggle">Audio and photos</summary>
            <p className="muted">
              A recording (audio or video, up to 2 GB) feeds transcription; audio clones a voice; a photo makes the
              avatar.
            </p>
            <DropZone onFiles={addFiles} />
            {drops.length > 0 && (
              <ul className="drop-list" data-testid="drop-list">
                {drops.map((d) => (
                  <DroppedFileCard
                    key={d.key}
                    item={d}
                    onCancel={() => cancelDrop(d.key)}
                    onRemove={() => removeDrop(d.key)}
                  />
                ))}
              </ul>
            )}
          </details>
        </aside>
        <PieceWorkspace />
      </div>
    </section>
  );
}
