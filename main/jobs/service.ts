// The job worker: claims ready jobs by priority, runs their handlers with a bounded concurrency,
// persists checkpoints and progress, and parks polling jobs as `waiting` so they hold no slot.
// On start, jobs left `running` by a crash or quit are queued again and resume from their checkpoint.
import { TERMINAL_JOB_STATES, type Job } from '../../preload/contract/jobs';
import { AppError, isAppError } from '../core/errors';
import type { EventBus } from '../core/events';
import type { Logger } from '../core/logger';
import { redactSecrets } from '../core/redact';
import type { Db } from '../db/database';
import { ProviderError } from '../gateway/types';
import { createJobRepository, type FinishedCursor, type ListFilter } from './repository';
import { createThrottle, type Throttle } from './throttle';
import { rateLimitWait } from './rate-limit-wait';
import {
  PAUSED_DELAY_MS,
  WaitRequest,
  type Checkpoint,
  type Clock,
  type AnyJobHandler,
  type EnqueueRequest,
  type JobContext,
  type JobHandler,
} from './types';

export interface JobServiceOptions {
  db: Db;
  events: EventBus;
  logger: Logger;
  clock?: Clock;
  /** How many handlers run at once (waiting jobs do not count). */
  concurrency?: number;
  /** Minimum gap between two progress writes/events of one job. */
  progressIntervalMs?: number;
}

export interface JobService {
  register(handler: AnyJobHandler): void;
  /** Recovers interrupted jobs and starts the worker. Register handlers first. */
  start(): void;
  enqueue(req: EnqueueRequest): Job;
  get(id: string): Job;
  list(filter: ListFilter): Job[];
  /** Finished jobs after a (finished_at, id) cursor, oldest first (telemetry follows completed runs). */
  finishedAfter(after: FinishedCursor | null, limit: number): Job[];
  cancel(id: string): Job;
  /**
   * Runs a paused (waiting) job again now, with `patch` merged into its checkpoint first (e.g. an approval).
   * Refused unless the job is waiting.
   */
  resume(id: string, patch?: Checkpoint): Job;
  retry(id: string, opts?: { resetCheckpoint?: boolean }): Job;
  /** Resolves when the job reaches succeeded, failed or cancelled. */
  whenSettled(id: string): Promise<Job>;
  /** Stops the worker and aborts running handlers without touching their rows (the next start resumes them). */
  close(): void;
}

interface Active {
  controller: AbortController;
  throttle: Throttle<{ progress: number; message: string | null }>;
}

/** A handler's signal is aborted with this reason when the app shuts down (not a user cancel). */
export class JobShutdownError extends Error {
  constructor() {
    super('The app is shutting down; the job resumes on the next start');
    this.name = 'JobShutdownError';
  }
}

const MAX_TIMER_MS = 2 ** 31 - 1;

function describeFailure(e: unknown): { code: string; message: string } {
  if (isAppError(e)) return { code: e.code, message: redactSecrets(e.message) };
  if (e instanceof ProviderError) {
    return {
      code: 'provider_error',
      message: redactSecrets(`${e.provider} (${e.providerCode ?? e.kind}): ${e.message}`),
    };
  }
  return { code: 'internal', message: redactSecrets(e instanceof Error ? e.message : String(e)) };
}

export function createJobService(opts: JobServiceOptions): JobService {
  const clock = opts.clock ?? { now: () => new Date() };
  const concurrency = Math.max(1, opts.concurrency ?? 2);
  const progressIntervalMs = opts.progressIntervalMs ?? 250;
  const repo = createJobRepository(opts.db);
  const handlers = new Map<string, JobHandler>();
  const running = new Map<string, Active>();
  const waiters = new Map<string, Set<(job: Job) => void>>();
  let started = false;
  let closed = false;
  let wakeTimer: NodeJS.Timeout | null = null;

  const kinds = () => [...handlers.keys()];

  function announce(job: Job): void {
    opts.events.emit('job.progress', {
      id: job.id,
      kind: job.kind,
      state: job.state,
      progress: job.progress,
      message: job.progressMessage,
      contentId: job.contentId,
      parentId: job.parentId,
      runAfter: job.runAfter,
      updatedAt: job.updatedAt,
    });
    if (TERMINAL_JOB_STATES.includes(job.state)) {
      for (const resolve of waiters.get(job.id) ?? []) resolve(job);
      waiters.delete(job.id);
    }
  }

  function scheduleWake(): void {
    if (wakeTimer) clearTimeout(wakeTimer);
    wakeTimer = null;
    if (closed) return;
    const at = repo.nextWakeAt(kinds());
    if (!at) return;
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, at.getTime() - clock.now().getTime()));
    wakeTimer = setTimeout(pump, delay);
  }

  function pump(): void {
    if (!started || closed) return;
    while (running.size < concurrency) {
      const job = repo.claimNext(kinds(), clock.now());
      if (!job) break;
      void execute(job);
    }
    scheduleWake();
  }

  function contextFor(job: Job, input: unknown, active: Active): JobContext {
    let checkpoint: Checkpoint = { ...job.checkpoint };
    const ensureOpen = () => {
      if (closed) throw new JobShutdownError();
    };
    return {
      job,
      input,
      attempt: job.attempts,
      signal: active.controller.signal,
      clock,
      checkpoint: () => ({ ...checkpoint }),
      saveCheckpoint(patch) {
        // Written even after a user cancel: a remote id saved late must survive so a retry polls it.
        ensureOpen();
        checkpoint = { ...checkpoint, ...patch };
        repo.saveCheckpoint(job.id, checkpoint, clock.now());
      },
      progress(fraction, message) {
        if (closed || active.controller.signal.aborted) return;
        const p = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
        active.throttle.push({ progress: p, message: message ?? null });
      },
      addActualCost(nanos) {
        ensureOpen();
        if (!Number.isSafeInteger(nanos) || nanos < 0)
          throw new AppError('internal', `Cost must be a non-negative integer of nano-USD, got ${nanos}`);
        repo.addActualCost(job.id, nanos, clock.now());
      },
      replaceActualCost(previousNanos, nextNanos) {
        ensureOpen();
        for (const n of [previousNanos, nextNanos])
          if (!Number.isSafeInteger(n) || n < 0)
            throw new AppError('internal', `Cost must be a non-negative integer of nano-USD, got ${n}`);
        repo.adjustActualCost(job.id, nextNanos - previousNanos, clock.now());
      },
      wait(delayMs, message) {
        return new WaitRequest(Math.max(0, Math.round(delayMs)), message ?? null);
      },
      pause(message) {
        return new WaitRequest(PAUSED_DELAY_MS, message);
      },
    };
  }

  async function execute(job: Job): Promise<void> {
    const handler = handlers.get(job.kind);
    // claimNext only returns kinds with a handler.
    if (!handler) throw new Error(`No handler for claimed job kind ${job.kind}`);
    const active: Active = {
      controller: new AbortController(),
      throttle: createThrottle(progressIntervalMs, ({ progress, message }) => {
        if (closed) return;
        repo.saveProgress(job.id, progress, message, clock.now());
        const current = repo.get(job.id);
        if (current?.state === 'running') announce(current);
      }),
    };
    running.set(job.id, active);
    announce(job);
    try {
      let input: unknown;
      try {
        input = handler.parseInput(job.input);
      } catch (e) {
        throw new AppError(
          'invalid_input',
          `Job input for ${job.kind} is invalid: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
      const result = await handler.run(contextFor(job, input, active));
      if (closed || active.controller.signal.aborted) return;
      active.throttle.flush();
      if (result instanceof WaitRequest) {
        announce(repo.park(job.id, new Date(clock.now().getTime() + result.delayMs), result.message, clock.now()));
      } else {
        settled(repo.succeed(job.id, result, clock.now()));
      }
    } catch (e) {
      if (closed || active.controller.signal.aborted) return;
      active.throttle.flush();
      // A rate limit is a wait, not a failure: the job parks until the window opens (a cancel still stops it).
      const limited = rateLimitWait(e, clock.now());
      if (limited) {
        opts.logger.info(
          `jobs: ${job.kind} ${job.id} waits for a rate-limit window until ${limited.until.toISOString()}`,
        );
        announce(repo.park(job.id, limited.until, limited.message, clock.now()));
        return;
      }
      const failure = describeFailure(e);
      opts.logger.warn(`jobs: ${job.kind} ${job.id} failed (${failure.code}): ${failure.message}`);
      settled(repo.fail(job.id, failure.code, failure.message, clock.now()));
    } finally {
      active.throttle.cancel();
      running.delete(job.id);
      pump();
    }
  }

  /** A finished child wakes its waiting parent at once (a parent only parks while a child runs, or paused). */
  function settled(job: Job): void {
    announce(job);
    if (job.parentId && repo.wakeWaiting(job.parentId, clock.now())) {
      const parent = repo.get(job.parentId);
      if (parent) announce(parent);
      queueMicrotask(pump);
    }
  }

  function mustGet(id: string): Job {
    const job = repo.get(id);
    if (!job) throw new AppError('not_found', `No job with id ${id}`);
    return job;
  }

  return {
    register(handler) {
      const h = handler as JobHandler;
      if (handlers.has(h.kind)) throw new Error(`Two job handlers for kind ${h.kind}`);
      handlers.set(h.kind, h);
      if (started) pump();
    },

    start() {
      if (started || closed) return;
      started = true;
      const resumed = repo.requeueInterrupted(clock.now());
      if (resumed) opts.logger.info(`jobs: resuming ${resumed} job(s) interrupted by the last shutdown`);
      pump();
    },

    enqueue(req) {
      if (closed) throw new AppError('unavailable', 'The job worker has stopped');
      if (!handlers.has(req.kind)) throw new AppError('invalid_input', `Unknown job kind: ${req.kind}`);
      if (
        req.estimatedCostNanos != null &&
        (!Number.isSafeInteger(req.estimatedCostNanos) || req.estimatedCostNanos < 0)
      ) {
        throw new AppError('invalid_input', 'estimatedCostNanos must be a non-negative integer');
      }
      const job = repo.insert(req, clock.now());
      announce(job);
      queueMicrotask(pump);
      return job;
    },

    get: mustGet,
    list: (filter) => repo.list(filter),
    finishedAfter: (after, limit) => repo.finishedAfter(after, limit),

    cancel(id) {
      const before = mustGet(id);
      const job = repo.cancel(id, clock.now());
      if (!job) throw new AppError('conflict', `Job ${id} has already ${before.state}; nothing to cancel`);
      const active = running.get(id);
      if (active) {
        active.throttle.cancel();
        active.controller.abort(new AppError('conflict', 'Cancelled by the user'));
      }
      settled(job);
      queueMicrotask(pump);
      return job;
    },

    resume(id, patch = {}) {
      const before = mustGet(id);
      if (before.state !== 'waiting' || running.has(id))
        throw new AppError('conflict', `Only a waiting job can be resumed; job ${id} is ${before.state}`);
      if (Object.keys(patch).length > 0) repo.saveCheckpoint(id, { ...before.checkpoint, ...patch }, clock.now());
      repo.wakeWaiting(id, clock.now());
      const job = mustGet(id);
      announce(job);
      queueMicrotask(pump);
      return job;
    },

    retry(id, { resetCheckpoint = false } = {}) {
      const before = mustGet(id);
      const job = repo.requeueForRetry(id, resetCheckpoint, clock.now());
      if (!job)
        throw new AppError('conflict', `Only failed or cancelled jobs can be retried; job ${id} is ${before.state}`);
      announce(job);
      queueMicrotask(pump);
      return job;
    },

    whenSettled(id) {
      const job = mustGet(id);
      if (TERMINAL_JOB_STATES.includes(job.state)) return Promise.resolve(job);
      return new Promise((resolve) => {
        const set = waiters.get(id) ?? new Set();
        set.add(resolve);
        waiters.set(id, set);
      });
    },

    close() {
      if (closed) return;
      closed = true;
      if (wakeTimer) clearTimeout(wakeTimer);
      for (const active of running.values()) {
        active.throttle.cancel();
        active.controller.abort(new JobShutdownError());
      }
      waiters.clear();
    },
  };
}
