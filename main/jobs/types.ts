// What a job handler sees and returns. Handlers are plain async functions over a context, so the
// same handler resumes after a restart: everything it must not redo lives in the checkpoint.
import type { Job } from '../../preload/contract/jobs';

export type Checkpoint = Record<string, unknown>;

export interface Clock {
  now(): Date;
}

export interface JobContext<I = unknown, C extends Checkpoint = Checkpoint> {
  readonly job: Readonly<Job>;
  readonly input: I;
  /** The attempt number of this run (1 on the first run; a resume after restart is a new attempt). */
  readonly attempt: number;
  readonly signal: AbortSignal;
  readonly clock: Clock;
  checkpoint(): Partial<C>;
  /** Merges into the checkpoint and writes it to the database before returning. */
  saveCheckpoint(patch: Partial<C>): void;
  /** Throttled: persisted and broadcast as `job.progress` at most once per interval (the last value always lands). */
  progress(fraction: number, message?: string): void;
  /** Adds to the job's actual cost (integer nano-USD). */
  addActualCost(nanos: number): void;
  /**
   * Replaces an amount this run (or an earlier one) added with a better figure, e.g. a submit's upper bound with
   * its settled cost. The job's cost never goes below zero.
   */
  replaceActualCost(previousNanos: number, nextNanos: number): void;
  /** Return this to park the job as `waiting` and run the handler again after delayMs (e.g. the next poll). */
  wait(delayMs: number, message?: string): WaitRequest;
  /** Return this to park the job until someone resumes it (JobService.resume), e.g. to ask for an approval. */
  pause(message: string): WaitRequest;
}

/** How far ahead a paused job's wake time lies: it only runs again when resumed (or a child of it settles). */
export const PAUSED_DELAY_MS = 100 * 365 * 24 * 3_600_000;

export class WaitRequest {
  constructor(
    readonly delayMs: number,
    readonly message: string | null,
  ) {}
}

/** Returning a value finishes the job with it as output (JSON); returning ctx.wait(...) parks it. */
export type JobResult = WaitRequest | Record<string, unknown> | null;

export interface JobHandler<I = unknown, C extends Checkpoint = Checkpoint> {
  kind: string;
  /** Parses the stored input; a throw fails the job with invalid_input. */
  parseInput(raw: unknown): I;
  run(ctx: JobContext<I, C>): Promise<JobResult>;
}

/** Handlers differ in input and checkpoint types; the worker only passes values through, so this is the erasure point. */
// biome-ignore lint/suspicious/noExplicitAny: JobHandler is invariant in its input; `any` is the type erasure here.
export type AnyJobHandler = JobHandler<any, any>;

export interface EnqueueRequest {
  kind: string;
  input: unknown;
  priority?: number;
  estimatedCostNanos?: number | null;
  contentId?: string | null;
  parentId?: string | null;
}
