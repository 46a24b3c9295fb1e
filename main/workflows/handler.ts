// A workflow step as a job handler: the input is the start request (validated by the contract schema),
// and every provider call carries the job and content ids so the ledger rows link back to both.
import type { WorkflowInput, WorkflowKind } from '../../preload/contract/workflows';
import { workflowStartInput } from '../../preload/contract/workflows';
import type { Checkpoint, JobContext, JobHandler, JobResult } from '../jobs/types';

export type StepContext<K extends WorkflowKind, C extends Checkpoint = Checkpoint> = JobContext<WorkflowInput<K>, C>;

export function workflowHandler<K extends WorkflowKind, C extends Checkpoint = Checkpoint>(
  kind: K,
  run: (ctx: StepContext<K, C>) => Promise<JobResult>,
): JobHandler<WorkflowInput<K>, C> {
  return {
    kind,
    parseInput(raw) {
      const input = workflowStartInput.parse(raw);
      if (input.kind !== kind) throw new Error(`expected a ${kind} input, got ${input.kind}`);
      return input as WorkflowInput<K>;
    },
    run,
  };
}

/**
 * The gateway fields that tie a call to its job and its piece: the input's, else the one the job was started
 * for (a script's piece for speak and render), so every row a workflow makes counts towards the piece's cost.
 */
export function callContext(ctx: JobContext<{ contentId?: string | undefined }>): {
  jobId: string;
  contentId?: string;
  signal: AbortSignal;
} {
  const contentId = ctx.input.contentId ?? ctx.job.contentId ?? undefined;
  return { jobId: ctx.job.id, ...(contentId ? { contentId } : {}), signal: ctx.signal };
}
