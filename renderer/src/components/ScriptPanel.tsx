// A piece's scripts: every version (who or what wrote it), a line diff between any two versions, and an
// editor whose save becomes a new manual version. Edits are drafts held outside this component, so a rewrite
// or generate job landing a new version meanwhile (or switching pieces) never loses them.
import { DiffLines } from './DiffLines';
import { useEffect, useState } from 'react';
import type { Script, ScriptVersion } from '../../../preload/contract/content';
import { useScripts } from '../state/scripts';
import { formatTime } from './format';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
const versionLabel = (v: ScriptVersion) => `v${v.version} · ${v.origin}${v.provider ? ` · ${v.provider}` : ''}`;

/** The script the panel (and the steps) work on: the one a person opened, else the piece's newest. */
export function openScript(scripts: readonly Script[], chosenId: string | undefined): Script | undefined {
  return scripts.find((s) => s.id === chosenId) ?? scripts[0];
}

function VersionList({ script, versions }: { script: Script; versions: ScriptVersion[] }) {
  return (
    <section data-testid="result-script">
      <h3>Script “{script.title}”</h3>
      <ol className="script-versions">
        {[...versions].reverse().map((v) => (
          <li key={v.version} data-testid="script-version">
            <strong>v{v.version}</strong>{' '}
            <span className="muted">
              {v.origin}
              {v.provider ? ` · ${v.provider}` : ''}
              {v.model ? ` (${v.model})` : ''}
              {v.note ? ` · ${v.note}` : ''} · {formatTime(v.createdAt)}
            </span>{' '}
            {v.demo && <span className="badge demo">Demo</span>}
            <details open={v.version === script.currentVersion}>
              <summary className="muted">Text</summary>
              <pre className="script-body">{v.body}</pre>
            </details>
          </li>
        ))}
      </ol>
    </section>
  );
}

function DiffView({ script, versions }: { script: Script; versions: ScriptVersion[] }) {
  const { diff, diffError, loadDiff } = useScripts();
  // A picked pair holds until another script is opened; otherwise the newest two versions are compared.
  const [picked, setPicked] = useState<{ scriptId: string; from: number; to: number } | null>(null);
  const pair =
    picked?.scriptId === script.id
      ? picked
      : { scriptId: script.id, from: Math.max(1, script.currentVersion - 1), to: script.currentVersion };
  const ready = versions.length >= 2 && pair.from !== pair.to;
  useEffect(() => {
    if (ready) void loadDiff(script.id, pair.from, pair.to);
  }, [ready, script.id, pair.from, pair.to, loadDiff]);
  if (versions.length < 2)
    return (
      <p className="muted">One version so far: a rewrite or an edit adds the next, and then any two can be compared.</p>
    );
  const shown = diff && diff.scriptId === script.id && diff.from === pair.from && diff.to === pair.to ? diff : null;
  const select = (side: 'from' | 'to') => (
    <select
      value={pair[side]}
      onChange={(e) => setPicked({ ...pair, [side]: Number(e.target.value) })}
      data-testid={`script-diff-${side}`}
      aria-label={`Compare ${side}`}
    >
      {versions.map((v) => (
        <option key={v.version} value={v.version}>
          {versionLabel(v)}
        </option>
      ))}
    </select>
  );
  return (
    <section className="script-diff" data-testid="script-diff">
      <div className="toolbar">
        Compare {select('from')} with {select('to')}
        {shown && (
          <span data-testid="script-diff-summary">
            <span className="diff-count-add">+{shown.added}</span>{' '}
            <span className="diff-count-remove">−{shown.removed}</span> lines
          </span>
        )}
      </div>
      {!ready && <p className="muted">Pick two different versions.</p>}
      {diffError && (
        <div className="error" role="alert">
          {diffError}
        </div>
      )}
      {ready && shown && <DiffLines lines={shown.lines} testId="script-diff-lines" />}
    </section>
  );
}

function Editor({
  script,
  versions,
  onSaved,
}: {
  script: Script;
  versions: ScriptVersion[];
  onSaved(): Promise<void>;
}) {
  const { drafts, edit, discard, save } = useScripts();
  const draft = drafts[script.id];
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const newer =
    draft && script.currentVersion > draft.baseVersion
      ? versions.find((v) => v.version === script.currentVersion)
      : undefined;

  function change(text: string) {
    // Typing back to exactly what is saved is no edit at all.
    if (text === script.body && (!draft || draft.baseVersion === script.currentVersion)) discard(script.id);
    else edit(script.id, text, script.currentVersion);
  }

  async function submit() {
    setBusy(true);
    setFailure(null);
    try {
      await save(script.id, note.trim() || null);
      setNote('');
      await onSaved();
    } catch (e) {
      setFailure(message(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="script-editor" data-testid="script-editor">
      <textarea
        rows={8}
        value={draft?.text ?? script.body}
        onChange={(e) => change(e.target.value)}
        aria-label="Script text"
        data-testid="script-edit"
      />
      {draft && (
        <p className="muted" data-testid="script-dirty">
          Unsaved edits, started from v{draft.baseVersion}.
        </p>
      )}
      {draft && script.currentVersion > draft.baseVersion && (
        <div className="notice warning" role="status" data-testid="script-conflict">
          v{script.currentVersion}
          {newer ? ` (${newer.origin}${newer.provider ? ` · ${newer.provider}` : ''})` : ''} arrived while you were
          editing v{draft.baseVersion}. Your edits are kept; saving makes them v{script.currentVersion + 1}.
        </div>
      )}
      <div className="toolbar">
        <input
          placeholder="What changed (optional)"
          value={note}
          maxLength={500}
          onChange={(e) => setNote(e.target.value)}
          aria-label="Version note"
          data-testid="script-note"
        />
        <button type="button" disabled={!draft || busy} onClick={() => void submit()} data-testid="script-save">
          {busy ? 'Saving…' : 'Save as new version'}
        </button>
        <button type="button" disabled={!draft || busy} onClick={() => discard(script.id)} data-testid="script-discard">
          Discard edits
        </button>
      </div>
      {failure && (
        <div className="error" role="alert" data-testid="script-save-error">
          {failure}
        </div>
      )}
    </section>
  );
}

export function ScriptPanel({
  contentId,
  scripts,
  onSaved,
}: {
  contentId: string;
  scripts: Script[];
  onSaved(): Promise<void>;
}) {
  const { chosen, versions, drafts, choose, loadVersions } = useScripts();
  const script = openScript(scripts, chosen[contentId]);
  const scriptId = script?.id;
  const current = script?.currentVersion;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new current version means a new list: reload it.
  useEffect(() => {
    if (scriptId) void loadVersions(scriptId);
  }, [scriptId, current, loadVersions]);
  if (!script) return null;
  const list = versions[script.id] ?? [];
  return (
    <div className="script-panel" data-testid="script-panel">
      {scripts.length > 1 && (
        <label className="picker">
          Script
          <select value={script.id} onChange={(e) => choose(contentId, e.target.value)} data-testid="script-select">
            {scripts.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
                {drafts[s.id] ? ' (unsaved edits)' : ''}
              </option>
            ))}
          </select>
        </label>
      )}
      <VersionList script={script} versions={list} />
      <h3>Edit</h3>
      <Editor script={script} versions={list} onSaved={onSaved} />
      <h3>Compare versions</h3>
      <DiffView script={script} versions={list} />
    </div>
  );
}
