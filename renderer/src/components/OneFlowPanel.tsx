// "Make a video from this piece": the one flow (analyse → research → rewrite → speak → render) as one run with a
// cost cap and an approval threshold (overridable per step), its steps' estimate / actual / state, the approval prompt, a raised cap
// when the next step would not fit, and cancel (warning first when a submitted render would still be billed).
import { useEffect, useState } from 'react';
import {
  CHAIN_STEP_LABELS,
  CHAIN_STEPS,
  type ChainState,
  type ChainStep,
  type ChainStepView,
  type ChainView,
  type StepThresholds as StepThresholdValues,
} from '../../../preload/contract/chains';
import type { AvatarModel, ContentPiece, VoiceModel } from '../../../preload/contract/content';
import { isChainActive, useChain } from '../state/chain';
import { CancelWithWarning } from './CancelWithWarning';
import { Countdown } from './Countdown';
import { isRateLimitWait } from './wait-format';
import { formatNanos } from './format';
import { ProgressBar } from './ProgressBar';
import './OneFlowPanel.css';

const STATE_LABEL: Record<ChainState, string> = {
  queued: 'queued',
  running: 'running',
  awaiting_approval: 'awaiting approval',
  over_cap: 'paused at the cap',
  succeeded: 'video ready',
  failed: 'failed',
  declined: 'declined',
  cancelled: 'cancelled',
};

const toDollars = (nanos: number | null | undefined) => (nanos == null ? '' : (nanos / 1e9).toFixed(2));
/** Dollars typed by a person to nano-USD; null when empty, NaN when not a non-negative number. */
function parseDollars(text: string): number | null {
  const t = text.trim().replace(/^\$/, '');
  if (t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) && n >= 0 ? Math.round(n * 1e9) : Number.NaN;
}

/** A step's own threshold as typed: empty = the run's, "never" = never asks, else dollars (NaN: not a number). */
function parseStepThreshold(text: string): number | null | undefined {
  const t = text.trim().toLowerCase();
  if (t === '') return undefined;
  if (t === 'never') return null;
  return parseDollars(t) ?? undefined;
}

const stepText = (v: number | null | undefined) => (v === undefined ? '' : v === null ? 'never' : toDollars(v));

/** Per-step overrides, folded away: most runs use the one threshold. */
function StepThresholds({
  texts,
  onChange,
}: {
  texts: Record<ChainStep, string>;
  onChange: (step: ChainStep, text: string) => void;
}) {
  const set = CHAIN_STEPS.filter((s) => texts[s].trim() !== '').length;
  return (
    <details className="one-flow-step-thresholds" data-testid="one-flow-step-thresholds">
      <summary>Per step{set > 0 ? ` (${set} set)` : ''}</summary>
      <div className="one-flow-step-threshold-grid">
        {CHAIN_STEPS.map((step) => {
          const v = parseStepThreshold(texts[step]);
          return (
            <label key={step} className="picker">
              {CHAIN_STEP_LABELS[step]}
              <input
                inputMode="decimal"
                value={texts[step]}
                placeholder="default"
                title='Dollars; empty uses the run threshold; "never" never asks'
                onChange={(e) => onChange(step, e.target.value)}
                aria-invalid={Number.isNaN(v)}
                data-testid={`one-flow-threshold-${step}`}
                size={6}
              />
            </label>
          );
        })}
      </div>
    </details>
  );
}

function StepRow({ s, pendingStep }: { s: ChainStepView; pendingStep: string | null }) {
  const state = pendingStep === s.step ? 'paused' : s.state;
  return (
    <tr data-testid={`one-flow-step-${s.step}`} data-state={s.state}>
      <th scope="row">{s.label}</th>
      <td
        className="num"
        data-testid={`one-flow-step-${s.step}-estimate`}
        title={s.thresholdNanos === null ? 'Never asks first' : `Asks first above ${formatNanos(s.thresholdNanos)}`}
      >
        {s.estimateNanos === null ? '—' : `≤ ${formatNanos(s.estimateNanos)}`}
      </td>
      <td className="num" data-testid={`one-flow-step-${s.step}-actual`}>
        {formatNanos(s.actualNanos)}
      </td>
      <td>
        <div className="one-flow-step-state">
          <span className={`chip chip-${state}`}>{state}</span>
          {(s.state === 'running' || s.state === 'waiting') && (
            <ProgressBar value={s.progress} label={`${s.label} progress`} />
          )}
          {/* A paused step's reason is in the prompt above. */}
          {s.message && s.jobId !== null && s.state !== 'succeeded' && (
            <span className="muted one-flow-msg">{s.message}</span>
          )}
          {s.runAfter && isRateLimitWait(s.state, s.message) && (
            <Countdown until={s.runAfter} testId={`one-flow-step-${s.step}-countdown`} />
          )}
          {s.error && (
            <span className="error one-flow-msg" role="alert">
              {s.error}
            </span>
          )}
        </div>
      </td>
    </tr>
  );
}

function RaiseCap({ chain }: { chain: ChainView }) {
  const { approve, busy } = useChain();
  const needed = chain.spentNanos + (chain.pending?.estimateNanos ?? 0);
  const [text, setText] = useState(() => toDollars(Math.max(needed, chain.capNanos)));
  const value = parseDollars(text);
  const ok = value !== null && !Number.isNaN(value) && value > chain.capNanos;
  return (
    <div className="one-flow-actions">
      <label className="picker">
        New cap ($)
        <input
          inputMode="decimal"
          value={text}
          onChange={(e) => setText(e.target.value)}
          data-testid="one-flow-new-cap"
          size={8}
        />
      </label>
      <button
        type="button"
        disabled={!ok || busy}
        onClick={() => ok && void approve(chain, value)}
        data-testid="one-flow-raise-cap"
      >
        Raise the cap and continue
      </button>
    </div>
  );
}

function ChainProgress({ chain }: { chain: ChainView }) {
  const { approve, decline, cancel, busy } = useChain();
  const active = isChainActive(chain.state);
  const warning = chain.steps.find((s) => s.cancelWarning)?.cancelWarning ?? null;
  const own = chain.steps.filter((s) => s.thresholdNanos !== chain.approvalThresholdNanos).length;
  return (
    <div className="one-flow-run" data-testid="one-flow-run" data-state={chain.state}>
      <p className="one-flow-status">
        <span className={`chip chip-${chain.state}`} data-testid="one-flow-state">
          {STATE_LABEL[chain.state]}
        </span>{' '}
        <span data-testid="one-flow-spent">
          {formatNanos(chain.spentNanos)} spent of a {formatNanos(chain.capNanos)} cap
        </span>
        {chain.approvalThresholdNanos !== null && (
          <span className="muted"> · asks above {formatNanos(chain.approvalThresholdNanos)}</span>
        )}
        {own > 0 && (
          <span className="muted" data-testid="one-flow-own-thresholds">
            {' '}
            · {own} step{own > 1 ? 's' : ''} with {own > 1 ? 'their' : 'its'} own threshold
          </span>
        )}
      </p>
      {chain.pending?.reason === 'approval' && (
        <div
          className="one-flow-prompt"
          role="alertdialog"
          aria-label="Approve this step?"
          data-testid="one-flow-prompt"
        >
          <p>{chain.pending.message}</p>
          <p className="muted">Nothing is spent while the run waits.</p>
          <div className="one-flow-actions">
            <button
              type="button"
              className="primary"
              disabled={busy}
              onClick={() => void approve(chain)}
              data-testid="one-flow-approve"
            >
              Approve {CHAIN_STEP_LABELS[chain.pending.step]}
            </button>
            <button type="button" disabled={busy} onClick={() => void decline(chain)} data-testid="one-flow-decline">
              Decline and stop
            </button>
          </div>
        </div>
      )}
      {chain.pending?.reason === 'cap' && (
        <div
          className="one-flow-prompt over-cap"
          role="alertdialog"
          aria-label="Over the cap"
          data-testid="one-flow-over-cap"
        >
          <p>{chain.pending.message}</p>
          <RaiseCap key={chain.updatedAt} chain={chain} />
        </div>
      )}
      <div className="one-flow-table-wrap">
        <table className="one-flow-steps">
          <thead>
            <tr>
              <th>Step</th>
              <th className="num">Estimate</th>
              <th className="num">Actual</th>
              <th>State</th>
            </tr>
          </thead>
          <tbody>
            {chain.steps.map((s) => (
              <StepRow key={s.step} s={s} pendingStep={chain.pending?.step ?? null} />
            ))}
          </tbody>
        </table>
      </div>
      {chain.error && (
        <p className="error one-flow-msg" role="alert" data-testid="one-flow-error">
          {chain.error}
        </p>
      )}
      {chain.state === 'succeeded' && (
        <p className="good" data-testid="one-flow-done">
          Video ready for {formatNanos(chain.spentNanos)}: watch it under Media.
        </p>
      )}
      {active && (
        <div className="one-flow-actions">
          <CancelWithWarning
            warning={warning}
            onCancel={() => void cancel(chain)}
            label="Cancel the run"
            testId="one-flow-cancel"
          />
        </div>
      )}
    </div>
  );
}

export function OneFlowPanel({
  piece,
  voice,
  avatar,
}: {
  piece: ContentPiece;
  voice: VoiceModel | undefined;
  avatar: AvatarModel | undefined;
}) {
  const { byPiece, defaults, busy, error, load, loadDefaults, start, saveDefaults } = useChain();
  const chain = byPiece[piece.id] ?? null;
  const [cap, setCap] = useState<string | null>(null);
  const [threshold, setThreshold] = useState<string | null>(null);
  const [stepEdits, setStepEdits] = useState<Partial<Record<ChainStep, string>>>({});
  useEffect(() => {
    void load(piece.id);
  }, [piece.id, load]);
  useEffect(() => {
    if (!defaults) void loadDefaults();
  }, [defaults, loadDefaults]);
  const capText = cap ?? toDollars(defaults?.capNanos);
  const thresholdText = threshold ?? toDollars(defaults?.approvalThresholdNanos);
  const capNanos = parseDollars(capText);
  const thresholdNanos = parseDollars(thresholdText);
  const missing = [
    !voice && 'a ready voice (run Clone voice below)',
    !avatar && 'a ready avatar (run Create avatar below)',
  ].filter(Boolean);
  const validCap = capNanos !== null && !Number.isNaN(capNanos) && capNanos > 0;
  const stepTexts = Object.fromEntries(
    CHAIN_STEPS.map((step) => [step, stepEdits[step] ?? stepText(defaults?.stepThresholdsNanos?.[step])]),
  ) as Record<ChainStep, string>;
  const stepThresholdsNanos: StepThresholdValues = {};
  for (const step of CHAIN_STEPS) {
    const v = parseStepThreshold(stepTexts[step]);
    if (v !== undefined) stepThresholdsNanos[step] = v;
  }
  const validThreshold =
    (thresholdNanos === null || !Number.isNaN(thresholdNanos)) &&
    Object.values(stepThresholdsNanos).every((v) => !Number.isNaN(v));
  const running = chain !== null && isChainActive(chain.state);
  return (
    <section className="one-flow" data-testid="one-flow" aria-label="Make a video from this piece">
      <header className="one-flow-head">
        <h3>Make a video from this piece</h3>
        <p className="muted">
          {CHAIN_STEPS.map((s) => CHAIN_STEP_LABELS[s]).join(' → ')}, as one run. Each step's upper bound must fit the
          cap before it starts.
        </p>
      </header>
      <div className="one-flow-form">
        <label className="picker">
          Cost cap ($)
          <input
            inputMode="decimal"
            value={capText}
            onChange={(e) => setCap(e.target.value)}
            aria-invalid={!validCap}
            data-testid="one-flow-cap"
            size={8}
          />
        </label>
        <label className="picker">
          Ask before a step over ($)
          <input
            inputMode="decimal"
            value={thresholdText}
            placeholder="never"
            onChange={(e) => setThreshold(e.target.value)}
            aria-invalid={!validThreshold}
            data-testid="one-flow-threshold"
            size={8}
          />
        </label>
        <StepThresholds texts={stepTexts} onChange={(step, text) => setStepEdits((e) => ({ ...e, [step]: text }))} />
        <button
          type="button"
          className="primary"
          disabled={busy || running || missing.length > 0 || !validCap || !validThreshold}
          onClick={() =>
            validCap &&
            voice &&
            avatar &&
            void start({
              contentId: piece.id,
              voiceId: voice.id,
              avatarId: avatar.id,
              capNanos,
              approvalThresholdNanos: thresholdNanos,
              stepThresholdsNanos,
            })
          }
          data-testid="one-flow-start"
        >
          Make a video
        </button>
        <button
          type="button"
          className="link"
          disabled={!validCap || !validThreshold || busy}
          onClick={() =>
            validCap && void saveDefaults({ capNanos, approvalThresholdNanos: thresholdNanos, stepThresholdsNanos })
          }
          data-testid="one-flow-save-defaults"
        >
          Use as my defaults
        </button>
      </div>
      <p className="muted one-flow-uses">
        {voice ? `Voice: ${voice.name}` : 'No voice'} · {avatar ? `Avatar: ${avatar.name}` : 'No avatar'}
      </p>
      {missing.length > 0 && (
        <p className="step-why" data-testid="one-flow-missing">
          Needs {missing.join(' and ')}.
        </p>
      )}
      {error && (
        <p className="error one-flow-msg" role="alert" data-testid="one-flow-start-error">
          {error}
        </p>
      )}
      {chain && <ChainProgress chain={chain} />}
    </section>
  );
}
