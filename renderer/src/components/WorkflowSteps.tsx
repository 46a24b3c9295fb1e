// The provider-backed steps of a piece's workflow. Each step shows its estimate before the click, starts
// a durable job, follows its progress and shows what it produced. A step whose inputs are missing says
// what it needs instead. Rewrite and generate take a persona (and rewrite a provider); the estimate follows.
import { useEffect, useState, type ReactNode } from 'react';
import type { ContentPiece, Script } from '../../../preload/contract/content';
import { MAX_GENERATE_PIECES, type WorkflowRequest } from '../../../preload/contract/workflows';
import { pickReady } from '../../../preload/contract/library';
import { CHAIN_STEPS } from '../../../preload/contract/chains';
import { isChainActive, useChain } from '../state/chain';
import { useCallLogScope } from '../state/callLog';
import { useChosenId, useLibrary } from '../state/library';
import { useContent, useWorkflow, type DroppedItem, type PieceResults, type StepKey } from '../state/content';
import { usePersonas } from '../state/personas';
import { useScripts } from '../state/scripts';
import { CancelWithWarning } from './CancelWithWarning';
import { CitationLink } from './CitationLink';
import { Countdown } from './Countdown';
import { isRateLimitWait } from './wait-format';
import { formatNanos, formatUpperBound } from './format';
import { OneFlowPanel } from './OneFlowPanel';
import { ModelPicker } from './ModelPicker';
import { PersonaPicker } from './PersonaPanel';
import { ProgressBar } from './ProgressBar';
import { openScript } from './ScriptPanel';

interface StepSpec {
  key: StepKey;
  label: string;
  /** The job input, or why the step cannot run yet. */
  input: WorkflowRequest | { missing: string };
  /** Choices that shape the input (shown with the step). */
  options?: ReactNode;
  /** What the step produced last, shown inside its card. */
  result?: ReactNode;
}

/** What a person picked for the writing steps. */
interface WritingChoices {
  rewritePersonaId: string | null;
  rewriteProvider: 'openai' | 'anthropic';
  generatePersonaId: string | null;
  /** Pieces read alongside the selected one. */
  generateWith: string[];
  brief: string;
  voiceId?: string | null;
  avatarId?: string | null;
}

const INITIAL_CHOICES: WritingChoices = {
  rewritePersonaId: null,
  rewriteProvider: 'openai',
  generatePersonaId: null,
  generateWith: [],
  brief: '',
};

type RegisteredFile = NonNullable<DroppedItem['file']>;
const registered = (drops: DroppedItem[], pick: (d: DroppedItem, file: RegisteredFile) => boolean) =>
  drops.flatMap((d) => (d.status === 'registered' && d.file !== null && pick(d, d.file) ? [d.file] : []));

function stepsFor(
  piece: ContentPiece,
  r: PieceResults,
  drops: DroppedItem[],
  script: Script | undefined,
  c: WritingChoices,
  options: { rewrite: ReactNode; generate: ReactNode },
): StepSpec[] {
  const contentId = piece.id;
  // The library's chosen voice and avatar (Voices & avatars), else the newest ready one.
  const voice = pickReady(r.voices, c.voiceId);
  const avatar = pickReady(r.avatars, c.avatarId);
  const audio = script ? r.media.find((m) => m.kind === 'audio' && m.scriptId === script.id) : undefined;
  const video = r.media.find((m) => m.kind === 'video');
  // A recording dropped to be transcribed (audio or video) first, else any audio.
  const audioFile =
    registered(drops, (d, file) => d.purpose === 'transcription' && file.kind !== 'image')[0] ??
    registered(drops, (_d, file) => file.kind === 'audio')[0];
  const samples = registered(drops, (d, file) => d.purpose === 'voice_sample' && file.kind === 'audio');
  const photo = registered(drops, (d) => d.purpose === 'avatar_photo')[0];
  return [
    {
      key: 'analyse',
      label: 'Analyse',
      input: { kind: 'workflow.analyse', contentId },
      result: <AnalysisResult r={r} />,
    },
    {
      key: 'research',
      label: 'Research',
      input: { kind: 'workflow.research', contentId },
      result: <ResearchResult r={r} kind="perspectives" />,
    },
    {
      key: 'trends',
      label: 'Trends in the niche',
      input: { kind: 'workflow.research', contentId, focus: 'trends' },
      result: <ResearchResult r={r} kind="trends" />,
    },
    {
      key: 'rewrite',
      label: 'Rewrite script',
      input: {
        kind: 'workflow.rewrite',
        contentId,
        provider: c.rewriteProvider,
        ...(script ? { scriptId: script.id } : {}),
        ...(c.rewritePersonaId ? { personaId: c.rewritePersonaId } : {}),
      },
      options: options.rewrite,
      result: script && (
        <p className="step-result muted">
          Open script: {script.title} · v{script.currentVersion}. Edit and compare versions under Scripts.
        </p>
      ),
    },
    {
      key: 'generate',
      label: 'Generate a new script with Claude',
      input: {
        kind: 'workflow.generate',
        contentIds: [contentId, ...c.generateWith.filter((id) => id !== contentId)],
        ...(c.generatePersonaId ? { personaId: c.generatePersonaId } : {}),
        ...(c.brief.trim() ? { brief: c.brief.trim() } : {}),
      },
      options: options.generate,
    },
    {
      key: 'transcribe',
      label: 'Transcribe recording',
      input: audioFile
        ? { kind: 'workflow.transcribe', contentId, fileId: audioFile.id }
        : { missing: 'drop a recording, audio or video (Audio and photos, left)' },
    },
    {
      key: 'voiceClone',
      label: 'Clone voice',
      input:
        samples.length > 0
          ? {
              kind: 'workflow.voiceClone',
              contentId,
              name: `${piece.title.slice(0, 180)} voice`,
              fileIds: samples.map((f) => f.id),
            }
          : { missing: 'drop voice samples (Audio and photos, left)' },
    },
    {
      key: 'speak',
      label: 'Generate voice',
      input: !script
        ? { missing: 'rewrite a script first' }
        : !voice
          ? { missing: 'clone a voice first' }
          : { kind: 'workflow.speak', contentId, scriptId: script.id, voiceId: voice.id },
      options: voice && <UsingNote what="Voice" name={voice.name} testId="speak-voice" />,
      result: audio && <p className="step-result muted">Voice track media/{audio.fileName}: play it under Media.</p>,
    },
    {
      key: 'avatar',
      label: 'Create avatar',
      input: photo
        ? { kind: 'workflow.avatar', contentId, name: `${piece.title.slice(0, 180)} avatar`, fileId: photo.id }
        : { missing: 'drop a photo (Audio and photos, left)' },
    },
    {
      key: 'render',
      label: 'Render video',
      input: !script
        ? { missing: 'rewrite a script first' }
        : !avatar
          ? { missing: 'create an avatar first' }
          : !audio
            ? { missing: 'generate the voice first' }
            : { kind: 'workflow.render', contentId, scriptId: script.id, avatarId: avatar.id, audioMediaId: audio.id },
      options: avatar && <UsingNote what="Avatar" name={avatar.name} testId="render-avatar" />,
      result: video && <p className="step-result muted">Video media/{video.fileName}: watch it under Media.</p>,
    },
  ];
}

/** Which library entry a step uses (chosen under Voices & avatars, else the newest ready one). */
function UsingNote({ what, name, testId }: { what: string; name: string; testId: string }) {
  return (
    <p className="muted step-using" data-testid={testId}>
      {what}: {name} · change it under Voices &amp; avatars
    </p>
  );
}

/** Steps whose model can be chosen. */
const MODEL_KINDS = new Set([
  'workflow.analyse',
  'workflow.research',
  'workflow.rewrite',
  'workflow.generate',
  'workflow.transcribe',
  'workflow.speak',
]);

/** A one-flow run is active on the selected piece and this is one of its steps: a second start would pay twice. */
function useChainRunning(step: StepKey): boolean {
  const selectedId = useContent((s) => s.selectedId);
  const chain = useChain((s) => (selectedId ? (s.byPiece[selectedId] ?? null) : null));
  return chain !== null && isChainActive(chain.state) && CHAIN_STEPS.some((c) => c === step);
}

function Step({ spec: base }: { spec: StepSpec }) {
  const { estimates, runs, startErrors, estimate, start, cancel, estimateEpoch } = useWorkflow();
  const [model, setModel] = useState<string | null>(null);
  const baseInput = 'missing' in base.input ? null : base.input;
  const pickable = baseInput !== null && MODEL_KINDS.has(baseInput.kind);
  const spec: StepSpec = pickable && model ? { ...base, input: { ...baseInput, model } as WorkflowRequest } : base;
  const ready = !('missing' in spec.input);
  const inputKey = ready ? JSON.stringify(spec.input) : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new epoch (budget changed, job settled) re-estimates.
  useEffect(() => {
    if (inputKey) void estimate(spec.key, JSON.parse(inputKey) as WorkflowRequest);
  }, [inputKey, spec.key, estimate, estimateEpoch]);
  const est = ready && estimates[spec.key]?.key === inputKey ? estimates[spec.key] : undefined;
  const run = runs[spec.key];
  const busy = run !== undefined && (run.state === 'queued' || run.state === 'running' || run.state === 'waiting');
  const blocked = est?.estimate?.exceedsHardBudget === true;
  const chainRuns = useChainRunning(spec.key);
  const why =
    'missing' in spec.input
      ? spec.input.missing
      : blocked
        ? 'would exceed a hard budget'
        : chainRuns
          ? 'the video run above is on it'
          : (est?.error ?? null);
  return (
    <li className="workflow-step" data-testid={`step-${spec.key}`} data-state={run?.state ?? 'idle'}>
      <div className="step-head">
        <button
          type="button"
          className="step-run-button"
          disabled={!ready || busy || blocked || chainRuns || !!est?.error}
          onClick={() => void start(spec.key, spec.input as WorkflowRequest)}
          data-testid={`step-${spec.key}-start`}
        >
          {spec.label}
        </button>
        <span className="step-estimate muted" data-testid={`step-${spec.key}-estimate`}>
          {est?.estimate
            ? `${est.estimate.estimatedCostNanos === null ? 'cost unknown' : `≤ ${formatUpperBound(est.estimate.estimatedCostNanos)}`} · ${est.estimate.basis}${est.estimate.demo ? ' · demo' : ''}`
            : ready && !est?.error
              ? 'estimating…'
              : ''}
        </span>
      </div>
      {spec.options}
      {pickable && baseInput && <ModelPicker stepKey={spec.key} input={baseInput} value={model} onChange={setModel} />}
      {why && <span className="step-why">{why}</span>}
      {est?.estimate?.exceedsSoftBudget && <span className="badge warning">over a soft budget</span>}
      {startErrors[spec.key] && (
        <span className="error" role="alert">
          {startErrors[spec.key]}
        </span>
      )}
      {run && (
        <div className="step-run" data-testid={`step-${spec.key}-run`} data-state={run.state}>
          <ProgressBar value={run.state === 'succeeded' ? 1 : run.progress} label={`${spec.label} progress`} />
          <span className="muted">
            {run.state}
            {run.message ? ` · ${run.message}` : ''}
            {run.actualCostNanos !== null ? ` · cost ${formatNanos(run.actualCostNanos)}` : ''}
          </span>
          {run.runAfter && isRateLimitWait(run.state, run.message) && (
            <Countdown until={run.runAfter} testId={`step-${spec.key}-countdown`} />
          )}
          {busy && (
            <CancelWithWarning
              warning={run.cancelWarning}
              onCancel={() => void cancel(spec.key)}
              testId={`step-${spec.key}-cancel`}
            />
          )}
          {run.estimatedCostNanos !== null && (
            <span className="muted" data-testid={`step-${spec.key}-vs`}>
              estimate ≤ {formatUpperBound(run.estimatedCostNanos)} · actual{' '}
              {run.actualCostNanos === null ? '—' : formatNanos(run.actualCostNanos)}
            </span>
          )}
          {run.error && (
            <span className="error" role="alert">
              {run.error}
            </span>
          )}
          {run.ledger && run.ledger.length > 0 && (
            <details className="muted" data-testid={`step-${spec.key}-ledger`}>
              <summary>Ledger rows ({run.ledger.length})</summary>
              <ul>
                {run.ledger.map((c) => (
                  <li key={c.id}>
                    {c.provider} {c.endpoint} {c.model ?? ''} · {c.status ?? c.errorCode ?? '—'} ·{' '}
                    {c.costNanos === null
                      ? 'unpriced'
                      : `${formatNanos(c.costNanos)}${c.estimated ? ' (estimated)' : ''}`}{' '}
                    · <code>{c.callId}</code>
                  </li>
                ))}
              </ul>
              <button
                type="button"
                onClick={() => useCallLogScope.getState().showJob({ jobId: run.jobId, label: spec.label })}
                data-testid={`step-${spec.key}-calls`}
              >
                Open in call log
              </button>
            </details>
          )}
        </div>
      )}
      {spec.result}
    </li>
  );
}

function AnalysisResult({ r }: { r: PieceResults }) {
  const analysis = r.analyses[0];
  if (!analysis) return null;
  return (
    // Folded to its hook and score so the timeline shows every step at a glance; unfold for the rest.
    <details className="step-result" data-testid="result-analysis">
      <summary>
        Analysis: “{analysis.analysis.hook}” · score {analysis.analysis.engagementScore}{' '}
        <span className="muted">
          by {analysis.provider}
          {analysis.model ? ` (${analysis.model})` : ''}
        </span>{' '}
        {analysis.demo && <span className="badge demo">Demo</span>}
      </summary>
      <dl className="facts">
        <dt>Hook</dt>
        <dd>{analysis.analysis.hook}</dd>
        <dt>Body</dt>
        <dd>{analysis.analysis.body}</dd>
        <dt>CTA</dt>
        <dd>{analysis.analysis.cta}</dd>
        <dt>Style</dt>
        <dd>{analysis.analysis.style}</dd>
        <dt>Hashtags</dt>
        <dd>{analysis.analysis.hashtags.join(' ') || '—'}</dd>
        <dt>Mentions</dt>
        <dd>{analysis.analysis.mentions.join(' ') || '—'}</dd>
        <dt>Engagement score</dt>
        <dd data-testid="result-engagement">{analysis.analysis.engagementScore}</dd>
        <dt>Trending</dt>
        <dd>{analysis.analysis.trendingElements.join(', ') || '—'}</dd>
      </dl>
    </details>
  );
}

function ResearchResult({ r, kind }: { r: PieceResults; kind: 'perspectives' | 'trends' }) {
  const research = r.research.find((x) => x.kind === kind);
  if (!research) return null;
  return (
    // Folded: a research result is long, and the timeline should show every step at a glance.
    <details className="step-result" data-testid={`result-research-${research.kind}`}>
      <summary>
        {research.kind === 'trends' ? 'Trends' : 'Research'} <span className="muted">“{research.topic}”</span> ·{' '}
        {research.perspectives.length} perspectives · {research.provider}{' '}
        {research.demo && <span className="badge demo">Demo</span>}
      </summary>
      {research.perspectives.map((p) => (
        <article key={p.title} className="perspective">
          <h4>{p.title}</h4>
          <p>{p.summary}</p>
          <ul className="citations">
            {p.citations.map((c) => (
              <CitationLink key={c.url} researchId={research.id} citation={c} />
            ))}
          </ul>
        </article>
      ))}
    </details>
  );
}

/** Steps for the piece selected in the library. */
export function WorkflowSteps() {
  const drops = useContent((s) => s.drops);
  const piece = useContent((s) => s.pieces.find((p) => p.id === s.selectedId) ?? null);
  return piece ? <PieceSteps piece={piece} drops={drops} /> : null;
}

function PieceSteps({ piece, drops }: { piece: ContentPiece; drops: DroppedItem[] }) {
  const { results, loadResults, follow } = useWorkflow();
  const library = useContent((s) => s.pieces);
  const chosenScript = useScripts((s) => s.chosen[piece.id]);
  const personas = usePersonas((s) => s.items);
  const chosenVoiceId = useChosenId('voice');
  const chosenAvatarId = useChosenId('avatar');
  const [choices, setChoices] = useState<WritingChoices>(INITIAL_CHOICES);
  const [brief, setBrief] = useState('');
  // biome-ignore lint/correctness/useExhaustiveDependencies: updatedAt changes when a step lands: reload the results.
  useEffect(() => {
    void loadResults(piece.id);
    void useLibrary.getState().load();
  }, [piece.id, piece.updatedAt, loadResults]);
  useEffect(() => follow(), [follow]);
  // The brief reaches the input (and a new estimate) once typing pauses.
  useEffect(() => {
    const t = setTimeout(() => setChoices((c) => (c.brief === brief ? c : { ...c, brief })), 400);
    return () => clearTimeout(t);
  }, [brief]);
  const choose = (patch: Partial<WritingChoices>) => setChoices((c) => ({ ...c, ...patch }));
  const script = openScript(results.scripts, chosenScript);
  const others = library.filter((p) => p.id !== piece.id);
  const withIds = choices.generateWith.filter((id) => others.some((p) => p.id === id));
  const full = withIds.length >= MAX_GENERATE_PIECES - 1;

  const rewriteOptions = (
    <div className="step-options">
      <PersonaPicker
        value={choices.rewritePersonaId}
        onChange={(id) => choose({ rewritePersonaId: id })}
        testId="rewrite-persona"
      />
      <label className="picker">
        Provider
        <select
          value={choices.rewriteProvider}
          onChange={(e) => choose({ rewriteProvider: e.target.value === 'anthropic' ? 'anthropic' : 'openai' })}
          data-testid="rewrite-provider"
        >
          <option value="openai">OpenAI</option>
          <option value="anthropic">Claude (Anthropic)</option>
        </select>
      </label>
    </div>
  );
  const generateOptions = (
    <div className="step-options">
      <p className="muted">
        Claude reads this piece{withIds.length > 0 ? ` and ${withIds.length} more` : ''} (descriptions, transcripts and
        analyses) and writes a new script linked to this piece; OpenAI takes over if Claude fails.
      </p>
      {others.length > 0 && (
        <fieldset className="generate-pieces" data-testid="generate-pieces">
          <legend className="muted">Also read (up to {MAX_GENERATE_PIECES - 1})</legend>
          {others.map((p) => {
            const checked = withIds.includes(p.id);
            return (
              <label key={p.id} className="check">
                <input
                  type="checkbox"
                  checked={checked}
                  disabled={!checked && full}
                  onChange={() =>
                    choose({ generateWith: checked ? withIds.filter((id) => id !== p.id) : [...withIds, p.id] })
                  }
                />
                {p.title}
              </label>
            );
          })}
        </fieldset>
      )}
      <PersonaPicker
        value={choices.generatePersonaId}
        onChange={(id) => choose({ generatePersonaId: id })}
        testId="generate-persona"
      />
      <label className="picker">
        Brief <span className="muted">(optional)</span>
        <textarea
          rows={2}
          maxLength={2_000}
          value={brief}
          onChange={(e) => setBrief(e.target.value)}
          placeholder="What the new script should be about"
          data-testid="generate-brief"
        />
      </label>
    </div>
  );
  // A persona deleted after it was picked is dropped from the input (the picker already shows "No persona").
  const live = (id: string | null) => (id !== null && personas.some((p) => p.id === id) ? id : null);
  const effective = {
    ...choices,
    voiceId: chosenVoiceId,
    avatarId: chosenAvatarId,
    generateWith: withIds,
    rewritePersonaId: live(choices.rewritePersonaId),
    generatePersonaId: live(choices.generatePersonaId),
  };
  const steps = stepsFor(piece, results, drops, script, effective, {
    rewrite: rewriteOptions,
    generate: generateOptions,
  });
  return (
    <div data-testid="workflow-steps">
      <OneFlowPanel
        piece={piece}
        voice={pickReady(results.voices, chosenVoiceId)}
        avatar={pickReady(results.avatars, chosenAvatarId)}
      />
      <ol className="workflow-steps">
        {steps.map((s) => (
          <Step key={s.key} spec={s} />
        ))}
      </ol>
    </div>
  );
}
