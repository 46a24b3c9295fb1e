// Drop target (plus a file picker) for audio and photos. While mounted it also stops the browser
// from opening a file dropped elsewhere on the page, which would navigate away from the app.
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { describeLimit, INTAKE_RULES, type FilePurpose } from '../../../preload/contract/files';

const PURPOSES: { id: FilePurpose | 'auto'; label: string }[] = [
  { id: 'auto', label: 'Decide by file (photos → avatar, audio → voice, video → transcript)' },
  { id: 'voice_sample', label: INTAKE_RULES.voice_sample.label },
  { id: 'transcription', label: INTAKE_RULES.transcription.label },
  { id: 'avatar_photo', label: INTAKE_RULES.avatar_photo.label },
];

const ACCEPT = [...new Set(Object.values(INTAKE_RULES).flatMap((r) => r.accept))].map((ext) => `.${ext}`).join(',');

export function DropZone({ onFiles }: { onFiles(files: File[], purpose: FilePurpose | 'auto'): void }) {
  const [over, setOver] = useState(false);
  const [purpose, setPurpose] = useState<FilePurpose | 'auto'>('auto');
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const block = (e: globalThis.DragEvent) => {
      if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
    };
    window.addEventListener('dragover', block);
    window.addEventListener('drop', block);
    return () => {
      window.removeEventListener('dragover', block);
      window.removeEventListener('drop', block);
    };
  }, []);

  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    e.stopPropagation();
    setOver(false);
    const files = [...e.dataTransfer.files];
    if (files.length) onFiles(files, purpose);
  };

  return (
    <div className="drop-block">
      <label className="drop-purpose">
        These files are for{' '}
        <select
          value={purpose}
          onChange={(e) => setPurpose(e.target.value as FilePurpose | 'auto')}
          data-testid="drop-purpose"
        >
          {PURPOSES.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      <section
        aria-label="Drop files"
        className={`drop-zone${over ? ' over' : ''}`}
        data-testid="drop-zone"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <p>Drop audio, video or photos here</p>
        <button type="button" onClick={() => input.current?.click()}>
          Choose files…
        </button>
        <input
          ref={input}
          type="file"
          multiple
          accept={ACCEPT}
          hidden
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            if (files.length) onFiles(files, purpose);
          }}
        />
        <p className="muted">
          Limits: voice samples {describeLimit(INTAKE_RULES.voice_sample.maxBytes)} each, recordings to transcribe
          (audio or video) {describeLimit(INTAKE_RULES.transcription.maxBytes)}, photos{' '}
          {describeLimit(INTAKE_RULES.avatar_photo.maxBytes)}. The app checks each file's content, not its name.
        </p>
      </section>
    </div>
  );
}
