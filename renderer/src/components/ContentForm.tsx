// Create a content piece by hand. Main validates every field; its message is shown as is.
import { useState, type FormEvent } from 'react';
import { PLATFORMS, type Platform } from '../../../preload/contract/content';

const EMPTY = { title: '', platform: 'other' as Platform, url: '', description: '', tags: '', transcript: '' };

export function ContentForm({
  onCreate,
}: {
  onCreate(input: {
    title: string;
    platform: Platform;
    url: string | null;
    description: string;
    tags: string[];
    transcript: string;
  }): Promise<unknown>;
}) {
  const [form, setForm] = useState(EMPTY);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const field = (name: keyof typeof EMPTY) => ({
    value: form[name],
    onChange: (e: { target: { value: string } }) => setForm((f) => ({ ...f, [name]: e.target.value })),
  });

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onCreate({
        title: form.title,
        platform: form.platform,
        url: form.url.trim() || null,
        description: form.description,
        tags: form.tags
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
        transcript: form.transcript,
      });
      setForm(EMPTY);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="content-form" onSubmit={(e) => void submit(e)} data-testid="content-form">
      <label>
        Title
        <input required maxLength={300} {...field('title')} data-testid="content-title" />
      </label>
      <label>
        Platform
        <select {...field('platform')} data-testid="content-platform">
          {PLATFORMS.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </label>
      <label>
        URL
        <input type="url" placeholder="https://…" {...field('url')} data-testid="content-url" />
      </label>
      <label>
        Tags <span className="muted">(comma separated)</span>
        <input {...field('tags')} data-testid="content-tags" />
      </label>
      <label className="wide">
        Description
        <textarea rows={2} {...field('description')} data-testid="content-description" />
      </label>
      <label className="wide">
        Transcript
        <textarea rows={4} {...field('transcript')} data-testid="content-transcript" />
      </label>
      {error && (
        <div className="error wide" role="alert" data-testid="content-form-error">
          {error}
        </div>
      )}
      <div className="wide">
        <button type="submit" disabled={busy} data-testid="content-submit">
          {busy ? 'Saving…' : 'Add to library'}
        </button>
      </div>
    </form>
  );
}
