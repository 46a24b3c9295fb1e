// Workflows: the content library, creating pieces by hand, personas, and dropping in audio and photos. The
// selected piece's provider steps (analyse, research, rewrite, generate, transcribe, voice, avatar, render) run
// as jobs; its scripts can be compared and edited; dropped files feed the steps that need them.
import { useEffect } from 'react';
import { ContentForm } from '../components/ContentForm';
import { ContentLibrary } from '../components/ContentLibrary';
import { DropZone } from '../components/DropZone';
import { DroppedFileCard } from '../components/DroppedFileCard';
import { PersonaPanel } from '../components/PersonaPanel';
import { useContent } from '../state/content';
import { warnBeforeUnloadWithDrafts } from '../state/scripts';

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
      <h2>Content library</h2>
      <ContentLibrary />
      <h2>Add a piece by hand</h2>
      <ContentForm onCreate={create} />
      <h2>Personas</h2>
      <p className="muted">How you sound and for whom: pick one when rewriting or generating a script.</p>
      <PersonaPanel />
      <h2>Audio and photos</h2>
      <p className="muted">Audio feeds transcription and voice cloning; a photo makes the avatar.</p>
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
    </section>
  );
}
