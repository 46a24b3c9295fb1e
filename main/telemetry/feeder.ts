// Follows the ledger (attempts, cost changes) and finished jobs by cursor and queues references to them in the
// outbox, in small chunks that yield to the event loop between them; at send time turns queued references into
// spans. The ledger's write path is never involved.
import type { Job } from '../../preload/contract/jobs';
import type { FinishedCursor } from '../jobs/repository';
import type { LedgerFollower } from '../ledger/follow';
import type { Outbox, OutboxEntry, QueuedEntry } from './outbox';
import { attemptSpan, costChangeSpan, jobSpan, type SpanContextOptions, type SpanRecord } from './spans';

export const CURSOR_ATTEMPTS = 'cursor.attempts';
export const CURSOR_COST_CHANGES = 'cursor.costChanges';
export const CURSOR_JOBS = 'cursor.jobs';

export interface JobSource {
  get(id: string): Job;
  finishedAfter(after: FinishedCursor | null, limit: number): Job[];
}

export interface FeederDeps {
  outbox: Outbox;
  follower: LedgerFollower;
  jobs: JobSource;
  clock: () => number;
  /** Rows queued per chunk: bounds the synchronous work between two yields. */
  chunk: number;
}

const MAX_PARENT_DEPTH = 32;
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export class Feeder {
  private readonly roots = new Map<string, string>();

  constructor(private readonly d: FeederDeps) {}

  /** Starts following from now: only calls and jobs after this moment are exported. */
  startFromNow(): void {
    const last = this.d.follower.lastIds();
    this.d.outbox.setState({
      [CURSOR_ATTEMPTS]: last.attempts,
      [CURSOR_COST_CHANGES]: last.costChanges,
      [CURSOR_JOBS]: { finishedAt: new Date(this.d.clock()).toISOString(), id: '' } satisfies FinishedCursor,
    });
  }

  stop(): void {
    this.d.outbox.setState({
      [CURSOR_ATTEMPTS]: undefined,
      [CURSOR_COST_CHANGES]: undefined,
      [CURSOR_JOBS]: undefined,
    });
  }

  following(): boolean {
    return this.d.outbox.state<number | null>(CURSOR_ATTEMPTS, null) !== null;
  }

  /** Queues everything new since the cursors; returns how many entries were queued. */
  async feed(): Promise<number> {
    let queued = 0;
    for (;;) {
      const n = this.feedChunk();
      queued += n;
      if (n === 0) return queued;
      await yieldToLoop();
    }
  }

  /** The spans of queued entries, in order; entries whose row is gone are skipped. */
  spansFor(entries: readonly QueuedEntry[], options: Omit<SpanContextOptions, 'rootJobOf'>): SpanRecord[] {
    const o: SpanContextOptions = { ...options, rootJobOf: (id) => this.rootOf(id) };
    const out: SpanRecord[] = [];
    for (const e of entries) {
      const span = this.spanFor(e, o);
      if (span) out.push(span);
    }
    return out;
  }

  private spanFor(e: OutboxEntry, o: SpanContextOptions): SpanRecord | null {
    if (e.kind === 'attempt') {
      const a = this.d.follower.attempt(Number(e.ref));
      return a && attemptSpan(o, a);
    }
    if (e.kind === 'cost_change') {
      const c = this.d.follower.costChange(Number(e.ref));
      return c && costChangeSpan(o, c);
    }
    try {
      return jobSpan(o, this.d.jobs.get(e.ref));
    } catch {
      return null; // the job was deleted since
    }
  }

  private feedChunk(): number {
    const { outbox, follower, jobs, chunk } = this.d;
    if (!this.following()) return 0;
    const attempts = follower.attemptIdsAfter(outbox.state(CURSOR_ATTEMPTS, 0), chunk);
    const changes = follower.costChangeIdsAfter(outbox.state(CURSOR_COST_CHANGES, 0), chunk);
    const finished = jobs.finishedAfter(outbox.state<FinishedCursor | null>(CURSOR_JOBS, null), chunk);
    const entries: OutboxEntry[] = [
      ...attempts.map((id) => ({ kind: 'attempt' as const, ref: String(id) })),
      ...changes.map((id) => ({ kind: 'cost_change' as const, ref: String(id) })),
      ...finished.map((j) => ({ kind: 'job' as const, ref: j.id })),
    ];
    if (entries.length === 0) return 0;
    const state: Record<string, unknown> = {};
    const lastAttempt = attempts.at(-1);
    const lastChange = changes.at(-1);
    const lastJob = finished.at(-1);
    if (lastAttempt !== undefined) state[CURSOR_ATTEMPTS] = lastAttempt;
    if (lastChange !== undefined) state[CURSOR_COST_CHANGES] = lastChange;
    if (lastJob?.finishedAt) state[CURSOR_JOBS] = { finishedAt: lastJob.finishedAt, id: lastJob.id };
    outbox.enqueue(entries, this.d.clock(), state);
    return entries.length;
  }

  /** The outermost job of a parent chain (cached: a job's parent never changes). */
  private rootOf(jobId: string): string {
    const cached = this.roots.get(jobId);
    if (cached) return cached;
    let id = jobId;
    for (let depth = 0; depth < MAX_PARENT_DEPTH; depth++) {
      let parent: string | null = null;
      try {
        parent = this.d.jobs.get(id).parentId;
      } catch {
        break; // a deleted job: its own id roots the trace
      }
      if (!parent) break;
      id = parent;
    }
    this.roots.set(jobId, id);
    return id;
  }
}
