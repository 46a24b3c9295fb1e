// Persona profiles on the Workflows screen: list, create, edit and delete. Each field's problem is shown
// beside it before anything is sent; what main refuses is shown as main says it.
import { useEffect, useState, type FormEvent } from 'react';
import type { Persona } from '../../../preload/contract/content';
import {
  draftOf,
  EMPTY_PERSONA_DRAFT,
  parseDraft,
  usePersonas,
  type PersonaDraft,
  type PersonaField,
} from '../state/personas';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

const FIELDS: { name: PersonaField; label: string; hint?: string; rows?: number }[] = [
  { name: 'name', label: 'Name' },
  { name: 'voice', label: 'Voice', hint: 'how you sound', rows: 2 },
  { name: 'audience', label: 'Audience', hint: 'who you talk to', rows: 2 },
  { name: 'dos', label: "Do's", hint: 'one per line', rows: 3 },
  { name: 'donts', label: "Don'ts", hint: 'one per line', rows: 3 },
  { name: 'samplePosts', label: 'Sample posts', hint: 'separate posts with a line of ---', rows: 5 },
];

function PersonaForm({ editing, onDone }: { editing: Persona | null; onDone(): void }) {
  const { create, update } = usePersonas();
  const [draft, setDraft] = useState<PersonaDraft>(editing ? draftOf(editing) : EMPTY_PERSONA_DRAFT);
  const [errors, setErrors] = useState<Partial<Record<PersonaField, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    const parsed = parseDraft(draft);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      if (editing) await update(editing.id, parsed.value);
      else await create(parsed.value);
      setDraft(EMPTY_PERSONA_DRAFT);
      onDone();
    } catch (err) {
      setFailure(message(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="content-form persona-form" onSubmit={(e) => void submit(e)} noValidate data-testid="persona-form">
      {FIELDS.map((f) => (
        <label
          key={f.name}
          htmlFor={`persona-field-${f.name}`}
          className={f.name === 'name' ? '' : f.name === 'samplePosts' ? 'wide' : ''}
        >
          <span>
            {f.label} {f.hint && <span className="muted">({f.hint})</span>}
          </span>
          {f.rows ? (
            <textarea
              rows={f.rows}
              value={draft[f.name]}
              onChange={(e) => setDraft((d) => ({ ...d, [f.name]: e.target.value }))}
              aria-invalid={errors[f.name] ? true : undefined}
              id={`persona-field-${f.name}`}
              data-testid={`persona-${f.name}`}
            />
          ) : (
            <input
              value={draft[f.name]}
              onChange={(e) => setDraft((d) => ({ ...d, [f.name]: e.target.value }))}
              aria-invalid={errors[f.name] ? true : undefined}
              id={`persona-field-${f.name}`}
              data-testid={`persona-${f.name}`}
            />
          )}
          {errors[f.name] && (
            <span className="field-error" role="alert" data-testid={`persona-error-${f.name}`}>
              {f.label}: {errors[f.name]}
            </span>
          )}
        </label>
      ))}
      {failure && (
        <div className="error wide" role="alert" data-testid="persona-form-error">
          {failure}
        </div>
      )}
      <div className="wide toolbar">
        <button type="submit" disabled={busy} data-testid="persona-submit">
          {busy ? 'Saving…' : editing ? 'Save persona' : 'Add persona'}
        </button>
        {editing && (
          <button type="button" onClick={onDone} data-testid="persona-cancel">
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

function PersonaCard({ persona, onEdit }: { persona: Persona; onEdit(): void }) {
  const remove = usePersonas((s) => s.remove);
  const [confirming, setConfirming] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  return (
    <li className="persona-card" data-testid="persona-item">
      <div className="persona-head">
        <strong>{persona.name}</strong>
        <span className="toolbar">
          <button type="button" onClick={onEdit} data-testid="persona-edit">
            Edit
          </button>
          {confirming ? (
            <>
              <button
                type="button"
                className="danger"
                onClick={() => {
                  remove(persona.id).catch((e: unknown) => setFailure(message(e)));
                }}
                data-testid="persona-delete-confirm"
              >
                Delete “{persona.name.slice(0, 40)}”
              </button>
              <button type="button" onClick={() => setConfirming(false)}>
                Keep
              </button>
            </>
          ) : (
            <button type="button" onClick={() => setConfirming(true)} data-testid="persona-delete">
              Delete
            </button>
          )}
        </span>
      </div>
      {persona.voice && <div>Voice: {persona.voice}</div>}
      {persona.audience && <div>Audience: {persona.audience}</div>}
      <div className="muted">
        {persona.dos.length} do{persona.dos.length === 1 ? '' : "'s"} · {persona.donts.length} don't
        {persona.donts.length === 1 ? '' : 's'} · {persona.samplePosts.length} sample post
        {persona.samplePosts.length === 1 ? '' : 's'}
      </div>
      {failure && (
        <span className="error" role="alert">
          {failure}
        </span>
      )}
    </li>
  );
}

export function PersonaPanel() {
  const { items, loaded, error, load } = usePersonas();
  const [editingId, setEditingId] = useState<string | null>(null);
  useEffect(() => {
    void load();
  }, [load]);
  const editing = items.find((p) => p.id === editingId) ?? null;
  return (
    <div className="persona-panel" data-testid="persona-panel">
      {error && (
        <div className="error" role="alert">
          Could not load personas: {error}
        </div>
      )}
      <ul className="persona-list" data-testid="persona-list">
        {items.map((p) => (
          <PersonaCard key={p.id} persona={p} onEdit={() => setEditingId(p.id)} />
        ))}
        {loaded && items.length === 0 && (
          <li className="muted">
            No personas yet. A persona tells rewrites and new scripts how you sound and for whom.
          </li>
        )}
      </ul>
      <h3>{editing ? `Edit “${editing.name}”` : 'New persona'}</h3>
      {/* Keyed so switching between personas (or back to a new one) starts from that persona's saved fields. */}
      <PersonaForm key={editing?.id ?? 'new'} editing={editing} onDone={() => setEditingId(null)} />
    </div>
  );
}

/** A persona select for the steps that use one; "none" writes without a persona. */
export function PersonaPicker({
  value,
  onChange,
  testId,
}: {
  value: string | null;
  onChange(id: string | null): void;
  testId: string;
}) {
  const { items, loaded, load } = usePersonas();
  useEffect(() => {
    if (!loaded) void load();
  }, [loaded, load]);
  const known = value !== null && items.some((p) => p.id === value) ? value : '';
  return (
    <label className="picker">
      Persona
      <select value={known} onChange={(e) => onChange(e.target.value || null)} data-testid={testId}>
        <option value="">No persona</option>
        {items.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </label>
  );
}
