// Starting one step: its upper-bound estimate, the hard-budget check, then a job row carrying both the estimate and
// the piece. Shared by the Start button of each step and by the one-flow chain, so both refuse and record alike.
import type { Job } from '../../preload/contract/jobs';
import type { WorkflowEstimate, WorkflowStart } from '../../preload/contract/workflows';
import type { BudgetStatus } from '../budgets/service';
import { AppError } from '../core/errors';
import type { Pricer } from '../gateway/deps';
import type { JobService } from '../jobs/service';
import type { WorkflowDeps } from './deps';
import { estimateWorkflow } from './estimate';

export interface StepStartDeps extends WorkflowDeps {
  jobs: JobService;
  pricer: Pricer;
  budgetStatus: () => BudgetStatus[];
}

export const formatUsd = (nanos: number | null): string =>
  nanos === null ? 'unknown cost' : `$${(nanos / 1e9).toFixed(nanos < 1e8 ? 4 : 2)}`;

export const estimateStep = (d: StepStartDeps, input: WorkflowStart): Promise<WorkflowEstimate> =>
  estimateWorkflow(d, d.pricer, d.budgetStatus, input, d.now());

/** The piece a step works for: a generated script's first piece, a script's piece for speak and render. */
export function pieceOf(d: WorkflowDeps, input: WorkflowStart): string | null {
  if (input.kind === 'workflow.generate') return input.contentIds[0] ?? null;
  if (input.contentId) return input.contentId;
  if (input.kind === 'workflow.speak' || input.kind === 'workflow.render')
    return d.content.scripts.get(input.scriptId).contentId;
  return null;
}

/** Refuses a step a hard budget would not cover. */
export function assertWithinHardBudget(e: WorkflowEstimate): void {
  if (e.exceedsHardBudget)
    throw new AppError(
      'budget_exceeded',
      `This step (≈${formatUsd(e.estimatedCostNanos)}) would exceed a hard budget`,
      { estimate: e },
    );
}

/** Enqueues a step whose estimate was already made (and checked). */
export function enqueueStep(
  d: StepStartDeps,
  input: WorkflowStart,
  e: WorkflowEstimate,
  parentId: string | null = null,
): Job {
  assertWithinHardBudget(e);
  return d.jobs.enqueue({
    kind: input.kind,
    input,
    estimatedCostNanos: e.estimatedCostNanos,
    contentId: pieceOf(d, input),
    parentId,
  });
}

export async function startStep(
  d: StepStartDeps,
  input: WorkflowStart,
): Promise<{ job: Job; estimate: WorkflowEstimate }> {
  const estimate = await estimateStep(d, input);
  return { job: enqueueStep(d, input, estimate), estimate };
}
