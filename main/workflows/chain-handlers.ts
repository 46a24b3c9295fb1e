// chains.*: start the one flow, read it back as a view (each step's estimate, actual, state), answer its approval
// prompt, raise its cap, decline or cancel it. Defaults for the cap and the threshold are settings.
import {
  CHAIN_KIND,
  CHAIN_STEP_LABELS,
  CHAIN_STEPS,
  chainStartInput,
  stepThreshold,
  type ChainSettings,
  type ChainStart,
  type ChainState,
  type ChainView,
} from '../../preload/contract/chains';
import { cancelWarningOf, TERMINAL_JOB_STATES, type Job } from '../../preload/contract/jobs';
import { AppError } from '../core/errors';
import type { PartialHandlers } from '../core/router';
import { chainCap, chainChildren, MISSING_INPUT, spentOf, type ChainCheckpoint } from './chain';
import type { StepStartDeps } from './start';

export const CHAIN_SETTINGS_KEY = 'workflows.chain';
export const DEFAULT_CHAIN_SETTINGS: ChainSettings = { capNanos: 2e9, approvalThresholdNanos: 250_000_000 };

function stateOf(job: Job, cp: Partial<ChainCheckpoint>): ChainState {
  if (job.state === 'failed' && cp.declined) return 'declined';
  if (job.state === 'waiting' && cp.pending) return cp.pending.reason === 'cap' ? 'over_cap' : 'awaiting_approval';
  if (job.state === 'waiting') return 'running';
  return job.state;
}

export function chainView(d: StepStartDeps, job: Job): ChainView {
  const input = chainStartInput.parse(job.input) as ChainStart;
  const cp = job.checkpoint as Partial<ChainCheckpoint>;
  const children = chainChildren(d.jobs, job.id);
  const state = stateOf(job, cp);
  const pending = state === 'awaiting_approval' || state === 'over_cap' ? (cp.pending ?? null) : null;
  const mediaId = (job.output as { mediaId?: unknown } | null)?.mediaId;
  return {
    id: job.id,
    contentId: input.contentId,
    state,
    message: job.progressMessage,
    error: job.error?.message ?? null,
    capNanos: chainCap(input, cp),
    approvalThresholdNanos: input.approvalThresholdNanos,
    spentNanos: spentOf(children),
    pending,
    steps: CHAIN_STEPS.map((step) => {
      const child = children[step];
      const waitingHere = pending?.step === step;
      return {
        step,
        label: CHAIN_STEP_LABELS[step],
        jobId: child?.id ?? null,
        state: child?.state ?? 'pending',
        progress: child?.state === 'succeeded' ? 1 : (child?.progress ?? 0),
        estimateNanos: child?.estimatedCostNanos ?? (waitingHere ? pending.estimateNanos : null),
        actualNanos: child?.actualCostNanos ?? null,
        message: child ? child.progressMessage : waitingHere ? pending.message : null,
        error: child?.error?.message ?? null,
        runAfter: child?.state === 'waiting' ? child.runAfter : null,
        cancelWarning: child && !TERMINAL_JOB_STATES.includes(child.state) ? cancelWarningOf(child) : null,
        thresholdNanos: stepThreshold(input, step),
      };
    }),
    mediaId: typeof mediaId === 'string' ? mediaId : null,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
  };
}

/** The voice and avatar must be ready before anything is spent: the chain names the step that makes them. */
function checkInputs(d: StepStartDeps, input: ChainStart): void {
  d.content.pieces.get(input.contentId);
  if (!input.voiceId) throw new AppError('invalid_input', MISSING_INPUT.speak);
  const voice = d.content.voices.get(input.voiceId);
  if (voice.status !== 'ready')
    throw new AppError('invalid_input', `${MISSING_INPUT.speak} ("${voice.name}" is ${voice.status})`);
  if (!input.avatarId) throw new AppError('invalid_input', MISSING_INPUT.render);
  const avatar = d.content.avatars.get(input.avatarId);
  if (avatar.status !== 'ready')
    throw new AppError('invalid_input', `${MISSING_INPUT.render} ("${avatar.name}" is ${avatar.status})`);
}

export function chainsHandlers(d: StepStartDeps): PartialHandlers {
  const chainJob = (id: string): Job => {
    const job = d.jobs.get(id);
    if (job.kind !== CHAIN_KIND) throw new AppError('not_found', `No one-flow run with id ${id}`);
    return job;
  };
  const view = (id: string) => chainView(d, chainJob(id));
  const pausedFor = (id: string, reason: 'approval' | 'cap' | null) => {
    const job = chainJob(id);
    const v = chainView(d, job);
    if (!v.pending || (reason !== null && v.pending.reason !== reason))
      throw new AppError('conflict', `This run is ${v.state.replace('_', ' ')}; it is not waiting for an answer`);
    return { job, pending: v.pending };
  };
  return {
    'chains.defaults': () => d.settings.get<ChainSettings>(CHAIN_SETTINGS_KEY, DEFAULT_CHAIN_SETTINGS),
    'chains.setDefaults': (input) => {
      d.settings.set(CHAIN_SETTINGS_KEY, input);
      return input;
    },
    'chains.start': (input) => {
      checkInputs(d, input);
      const [active] = d.jobs.list({
        kind: CHAIN_KIND,
        contentId: input.contentId,
        states: ['queued', 'running', 'waiting'],
        limit: 1,
      });
      if (active)
        throw new AppError(
          'conflict',
          'A video is already being made from this piece: finish or cancel that run first',
        );
      const job = d.jobs.enqueue({ kind: CHAIN_KIND, input, contentId: input.contentId });
      return chainView(d, job);
    },
    'chains.get': ({ id }) => view(id),
    'chains.latest': ({ contentId }) => {
      const [job] = d.jobs.list({ kind: CHAIN_KIND, contentId, limit: 1 });
      return job ? chainView(d, job) : null;
    },
    'chains.approve': ({ id, capNanos }) => {
      const { job, pending } = pausedFor(id, null);
      if (pending.reason === 'cap' && capNanos === undefined)
        throw new AppError('invalid_input', 'This run waits on its cap: give a higher cap to go on');
      const cp = job.checkpoint as Partial<ChainCheckpoint>;
      const approved = pending.reason === 'approval' ? [...(cp.approved ?? []), pending.step] : (cp.approved ?? []);
      d.jobs.resume(id, { approved, pending: null, ...(capNanos !== undefined ? { capNanos } : {}) });
      return view(id);
    },
    'chains.decline': ({ id }) => {
      const { pending } = pausedFor(id, 'approval');
      d.jobs.resume(id, { declined: pending.step, pending: null });
      return view(id);
    },
    'chains.cancel': ({ id }) => {
      const job = chainJob(id);
      if (TERMINAL_JOB_STATES.includes(job.state))
        throw new AppError('conflict', `This run has already ${job.state}; nothing to cancel`);
      // The chain first, so its step's cancel does not wake it.
      d.jobs.cancel(id);
      for (const child of Object.values(chainChildren(d.jobs, id)))
        if (child && !TERMINAL_JOB_STATES.includes(child.state)) d.jobs.cancel(child.id);
      return view(id);
    },
  };
}
