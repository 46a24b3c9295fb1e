// The workflow steps as job kinds, and the IPC that estimates and starts them. A start is refused when a hard
// budget would be exceeded; otherwise the job row carries the estimate and the piece it works on.
import { AppError } from '../core/errors';
import type { PartialHandlers } from '../core/router';
import type { BudgetStatus } from '../budgets/service';
import type { Pricer } from '../gateway/deps';
import type { JobService } from '../jobs/service';
import type { Ledger } from '../ledger/ledger';
import { analyseHandler } from './analyse';
import { avatarHandler } from './avatar';
import type { WorkflowDeps } from './deps';
import { estimateWorkflow } from './estimate';
import { generateHandler } from './generate';
import { DEFAULT_RENDER_OPTIONS, renderHandler, type RenderOptions } from './render';
import { researchHandler } from './research';
import { rewriteHandler } from './rewrite';
import { transcribeHandler } from './transcribe';
import { speakHandler, voiceCloneHandler } from './voice';

export interface WorkflowOptions {
  render?: RenderOptions;
}

export interface WorkflowServiceDeps extends WorkflowDeps {
  jobs: JobService;
  /** Render settles its submit's ledger row once HeyGen reports the real duration. */
  ledger: Ledger;
  pricer: Pricer;
  budgetStatus: () => BudgetStatus[];
  now: () => Date;
}

export function registerWorkflowJobs(d: WorkflowServiceDeps, options: WorkflowOptions = {}): void {
  for (const handler of [
    analyseHandler(d),
    researchHandler(d),
    rewriteHandler(d),
    generateHandler(d),
    transcribeHandler(d),
    voiceCloneHandler(d),
    speakHandler(d),
    avatarHandler(d),
    renderHandler(d, options.render ?? DEFAULT_RENDER_OPTIONS),
  ]) {
    d.jobs.register(handler);
  }
}

export function workflowsHandlers(d: WorkflowServiceDeps): PartialHandlers {
  const estimate = (input: Parameters<typeof estimateWorkflow>[3]) =>
    estimateWorkflow(d, d.pricer, d.budgetStatus, input, d.now());
  return {
    'workflows.estimate': (input) => estimate(input),
    'workflows.start': async (input) => {
      const e = await estimate(input);
      if (e.exceedsHardBudget) {
        throw new AppError(
          'budget_exceeded',
          `This step (≈${e.estimatedCostNanos === null ? 'unknown cost' : `$${(e.estimatedCostNanos / 1e9).toFixed(4)}`}) would exceed a hard budget`,
          { estimate: e },
        );
      }
      // A generated script belongs to the first of its pieces; the job row links there too.
      const contentId = input.kind === 'workflow.generate' ? (input.contentIds[0] ?? null) : (input.contentId ?? null);
      const job = d.jobs.enqueue({ kind: input.kind, input, estimatedCostNanos: e.estimatedCostNanos, contentId });
      return { jobId: job.id, estimate: e };
    },
  };
}
