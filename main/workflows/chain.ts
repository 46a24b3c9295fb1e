// workflow.chain: the one flow. A parent job that runs analyse → research → rewrite → speak → render as child
// jobs of the ordinary step kinds (same handlers, same estimates, same hard-budget check as a Start button).
// Each run of this handler looks at its children and does the next thing, so it resumes anywhere after a
// restart: a running child is waited on (the jobs service wakes the parent when a child settles), a finished one
// is passed, a missing one is estimated and, if it fits, started. Before a step starts, the actual cost so far
// plus the step's upper bound must fit the run's cap, and a step estimated above its approval threshold (its own
// override, else the run's) waits for a yes; both pauses park the parent with nothing spent until someone
// resumes it (chains.approve). The render child keeps its own checkpoint: a resumed chain only ever polls a
// submitted render.
import {
  CHAIN_KIND,
  CHAIN_STEP_LABELS,
  CHAIN_STEPS,
  chainStartInput,
  stepThreshold,
  type ChainStart,
  type ChainStep,
} from '../../preload/contract/chains';
import type { Job } from '../../preload/contract/jobs';
import { ERROR_CODES } from '../../preload/contract/result';
import type { WorkflowStart } from '../../preload/contract/workflows';
import { AppError } from '../core/errors';
import type { JobService } from '../jobs/service';
import type { JobContext, JobHandler } from '../jobs/types';
import { enqueueStep, estimateStep, formatUsd, type StepStartDeps } from './start';

export const STEP_KIND: Record<ChainStep, WorkflowStart['kind']> = {
  analyse: 'workflow.analyse',
  research: 'workflow.research',
  rewrite: 'workflow.rewrite',
  speak: 'workflow.speak',
  render: 'workflow.render',
};

/** Why the chain is paused (kept in its checkpoint until it moves on). */
export interface ChainPending {
  step: ChainStep;
  reason: 'approval' | 'cap';
  estimateNanos: number | null;
  message: string;
}

export interface ChainCheckpoint extends Record<string, unknown> {
  /** Steps the user said yes to. */
  approved: ChainStep[];
  /** A raised cap (else the input's). */
  capNanos: number;
  pending: ChainPending | null;
  /** The step the user said no to: the chain stops. */
  declined: ChainStep;
  /** The child that failed and the chain attempt that saw it: a later attempt (a retry) retries that child. */
  failedChild: { jobId: string; attempt: number } | null;
}

/** A safety poll while a child runs; a child that settles wakes the chain at once. */
const CHILD_POLL_MS = 30_000;

const ACTIVE = new Set(['queued', 'running', 'waiting']);

/** The newest child of each step kind (a retried child keeps its row, so there is one per kind). */
export function chainChildren(jobs: JobService, chainId: string): Partial<Record<ChainStep, Job>> {
  const rows = jobs.list({ parentId: chainId, limit: 100 });
  const out: Partial<Record<ChainStep, Job>> = {};
  for (const step of CHAIN_STEPS) {
    const newest = rows.find((j) => j.kind === STEP_KIND[step]);
    if (newest) out[step] = newest;
  }
  return out;
}

export const spentOf = (children: Partial<Record<ChainStep, Job>>): number =>
  Object.values(children).reduce((n, j) => n + (j?.actualCostNanos ?? 0), 0);

export const chainCap = (input: ChainStart, cp: Partial<ChainCheckpoint>): number => cp.capNanos ?? input.capNanos;

const outputOf = (job: Job | undefined, key: string): string => {
  const v = (job?.output as Record<string, unknown> | null | undefined)?.[key];
  if (typeof v !== 'string') throw new AppError('internal', `The chain's earlier step left no ${key}`);
  return v;
};

/** The step's input from the chain's input and what the earlier steps made. */
function stepInput(step: ChainStep, input: ChainStart, done: Partial<Record<ChainStep, Job>>): WorkflowStart {
  const contentId = input.contentId;
  switch (step) {
    case 'analyse':
      return { kind: 'workflow.analyse', contentId };
    case 'research':
      return { kind: 'workflow.research', contentId, focus: 'perspectives' };
    case 'rewrite':
      return {
        kind: 'workflow.rewrite',
        contentId,
        provider: 'openai',
        researchId: outputOf(done.research, 'researchId'),
        ...(input.personaId ? { personaId: input.personaId } : {}),
      };
    case 'speak':
      return {
        kind: 'workflow.speak',
        contentId,
        scriptId: outputOf(done.rewrite, 'scriptId'),
        voiceId: needed(input.voiceId, 'speak'),
      };
    case 'render':
      return {
        kind: 'workflow.render',
        contentId,
        scriptId: outputOf(done.rewrite, 'scriptId'),
        avatarId: needed(input.avatarId, 'render'),
        audioMediaId: outputOf(done.speak, 'mediaId'),
      };
  }
}

/** What the chain needs that an earlier, separate step makes: named, never guessed. */
export const MISSING_INPUT: Record<'speak' | 'render', string> = {
  speak: 'Generate voice needs a ready voice: run "Clone voice" on the timeline first (or choose a ready voice)',
  render: 'Render video needs a ready avatar: run "Create avatar" on the timeline first (or choose a ready avatar)',
};

function needed(value: string | undefined, step: 'speak' | 'render'): string {
  if (!value) throw new AppError('invalid_input', MISSING_INPUT[step]);
  return value;
}

type ChainContext = JobContext<ChainStart, ChainCheckpoint>;

function pause(ctx: ChainContext, pending: ChainPending) {
  ctx.saveCheckpoint({ pending });
  return ctx.pause(pending.message);
}

async function nextStep(d: StepStartDeps, ctx: ChainContext, step: ChainStep, done: Partial<Record<ChainStep, Job>>) {
  const cp = ctx.checkpoint();
  const label = CHAIN_STEP_LABELS[step];
  const input = stepInput(step, ctx.input, done);
  const estimate = await estimateStep(d, input);
  const est = estimate.estimatedCostNanos;
  const spent = spentOf(done);
  const cap = chainCap(ctx.input, cp);
  if (est === null || spent + est > cap) {
    return pause(ctx, {
      step,
      reason: 'cap',
      estimateNanos: est,
      message:
        est === null
          ? `Paused before ${label}: its cost is unknown, so it cannot be shown to fit the ${formatUsd(cap)} cap`
          : `Paused before ${label}: ${formatUsd(spent)} spent + up to ${formatUsd(est)} would pass the ${formatUsd(cap)} cap. Raise the cap or cancel.`,
    });
  }
  const threshold = stepThreshold(ctx.input, step);
  if (threshold !== null && est > threshold && !(cp.approved ?? []).includes(step)) {
    return pause(ctx, {
      step,
      reason: 'approval',
      estimateNanos: est,
      message: `${label} may cost up to ${formatUsd(est)}, above your ${formatUsd(threshold)} approval threshold: approve or decline`,
    });
  }
  ctx.saveCheckpoint({ pending: null });
  if (estimate.exceedsHardBudget)
    // Failed, not paused: once the budget allows it, a retry of the run estimates the step again.
    throw new AppError(
      'budget_exceeded',
      `${label} (up to ${formatUsd(est)}) would exceed a hard budget; nothing was sent`,
    );
  enqueueStep(d, input, estimate, ctx.job.id);
  ctx.progress(CHAIN_STEPS.indexOf(step) / CHAIN_STEPS.length, `${label}: started`);
  return ctx.wait(CHILD_POLL_MS, `${label}: running`);
}

export function chainHandler(d: StepStartDeps): JobHandler<ChainStart, ChainCheckpoint> {
  return {
    kind: CHAIN_KIND,
    parseInput: (raw) => chainStartInput.parse(raw),
    async run(ctx) {
      const cp = ctx.checkpoint();
      if (cp.declined)
        throw new AppError(
          'conflict',
          `Stopped: you declined ${CHAIN_STEP_LABELS[cp.declined]}; nothing more was spent`,
        );
      const children = chainChildren(d.jobs, ctx.job.id);
      for (const step of CHAIN_STEPS) {
        const child = children[step];
        if (!child) return nextStep(d, ctx, step, children);
        if (child.state === 'succeeded') continue;
        const label = CHAIN_STEP_LABELS[step];
        if (ACTIVE.has(child.state))
          return ctx.wait(CHILD_POLL_MS, `${label}: ${child.progressMessage ?? child.state}`);
        // Failed or cancelled. Seen before by an earlier attempt of the chain: this attempt is a retry of the
        // chain, so the step is retried from its own checkpoint (a submitted render polls, never re-submits).
        if (cp.failedChild?.jobId === child.id && cp.failedChild.attempt < ctx.attempt) {
          ctx.saveCheckpoint({ failedChild: null });
          d.jobs.retry(child.id);
          return ctx.wait(CHILD_POLL_MS, `${label}: retrying`);
        }
        ctx.saveCheckpoint({ failedChild: { jobId: child.id, attempt: ctx.attempt } });
        const code = ERROR_CODES.find((c) => c === child.error?.code) ?? 'provider_error';
        throw new AppError(
          child.state === 'cancelled' ? 'conflict' : code,
          `${label} ${child.state}${child.error ? `: ${child.error.message}` : ''}`,
        );
      }
      const spentNanos = spentOf(children);
      ctx.progress(1, 'Video ready');
      return {
        mediaId: outputOf(children.render, 'mediaId'),
        videoId: outputOf(children.render, 'videoId'),
        scriptId: outputOf(children.rewrite, 'scriptId'),
        spentNanos,
      };
    },
  };
}
