// Parents and pauses: a paused job runs again only when resumed (with what it was told merged into its
// checkpoint), a child that settles wakes its waiting parent at once, a settled figure can replace an upper bound
// in the job's cost, and a rate-limit refusal parks the job until the window instead of failing it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEventBus } from '../../../main/core/events';
import { AppError } from '../../../main/core/errors';
import { silentLogger } from '../../../main/core/logger';
import { ProviderError } from '../../../main/gateway/types';
import { rateLimitWait } from '../../../main/jobs/rate-limit-wait';
import { createJobService, type JobService } from '../../../main/jobs/service';
import type { JobHandler } from '../../../main/jobs/types';
import { tempDb, type TempDb } from './test-db';

let t: TempDb;
let jobs: JobService;
beforeEach(() => {
  t = tempDb();
  jobs = createJobService({ db: t.open(), events: createEventBus(), logger: silentLogger });
});
afterEach(() => {
  jobs.close();
  t.dispose();
});

const anyInput = (raw: unknown) => raw as Record<string, unknown>;

describe('pause and resume', () => {
  it('keeps a paused job parked until resumed, then runs it with the patch in its checkpoint', async () => {
    const runs: unknown[] = [];
    jobs.register({
      kind: 'ask',
      parseInput: anyInput,
      async run(ctx) {
        runs.push(ctx.checkpoint().answer ?? null);
        if (ctx.checkpoint().answer === undefined) return ctx.pause('Waiting for a yes');
        return { answer: ctx.checkpoint().answer };
      },
    } satisfies JobHandler<Record<string, unknown>>);
    jobs.start();
    const job = jobs.enqueue({ kind: 'ask', input: {} });
    const parked = await new Promise<ReturnType<JobService['get']>>((resolve) => {
      const tick = () => {
        const j = jobs.get(job.id);
        if (j.state === 'waiting') resolve(j);
        else setTimeout(tick, 2);
      };
      tick();
    });
    expect(parked.progressMessage).toBe('Waiting for a yes');
    expect(Date.parse(parked.runAfter!) - Date.now()).toBeGreaterThan(365 * 24 * 3_600_000);
    expect(runs).toEqual([null]);
    expect(() => jobs.resume(jobs.enqueue({ kind: 'ask', input: {} }).id)).toThrow(/Only a waiting job/);
    jobs.resume(job.id, { answer: 'yes' });
    const done = await jobs.whenSettled(job.id);
    expect(done.output).toEqual({ answer: 'yes' });
    expect(runs.slice(0, 2)).toEqual([null, 'yes']);
  });

  it('wakes a waiting parent as soon as its child settles', async () => {
    const parentRuns: string[] = [];
    jobs.register({
      kind: 'parent',
      parseInput: anyInput,
      async run(ctx) {
        const [child] = jobs.list({ parentId: ctx.job.id, limit: 1 });
        parentRuns.push(child?.state ?? 'none');
        if (!child) {
          jobs.enqueue({ kind: 'child', input: {}, parentId: ctx.job.id });
          // A poll an hour away: only the child's settling can bring the parent back within the test.
          return ctx.wait(3_600_000, 'child running');
        }
        return child.state === 'succeeded' ? { child: child.id } : ctx.wait(3_600_000);
      },
    } satisfies JobHandler<Record<string, unknown>>);
    jobs.register({
      kind: 'child',
      parseInput: anyInput,
      async run(ctx) {
        ctx.addActualCost(500);
        ctx.replaceActualCost(500, 300);
        return {};
      },
    } satisfies JobHandler<Record<string, unknown>>);
    jobs.start();
    const parent = jobs.enqueue({ kind: 'parent', input: {} });
    const done = await jobs.whenSettled(parent.id);
    expect(done.state).toBe('succeeded');
    expect(parentRuns).toEqual(['none', 'succeeded']);
    const child = jobs.get((done.output as { child: string }).child);
    expect(child.parentId).toBe(parent.id);
    expect(child.actualCostNanos).toBe(300);
  });
});

describe('rate-limit waits', () => {
  const now = new Date('2026-12-07T08:00:00.000Z');
  it("waits until the limiter's retryAt with a message that names the limit and no timestamp", () => {
    const w = rateLimitWait(
      new AppError('rate_limited', 'embeddings is limited to 10 calls per hour; the next one can run at 2026-…', {
        retryAt: '2026-12-07T08:20:00.000Z',
        limit: 'hourly',
        operation: 'embeddings',
        provider: 'openai',
        perHour: 10,
      }),
      now,
    );
    expect(w).toEqual({
      until: new Date('2026-12-07T08:20:00.000Z'),
      message: 'Rate limited: embeddings is capped at 10 calls an hour; waiting for the window',
    });
  });

  it("waits for a provider's retry-after (or 30 s without one), never less than a second", () => {
    const limited = (retryAfterMs: number | null) =>
      new ProviderError({ provider: 'openai', kind: 'rate_limited', status: 429, message: 'slow down', retryAfterMs });
    expect(rateLimitWait(limited(12_000), now)?.until).toEqual(new Date(now.getTime() + 12_000));
    expect(rateLimitWait(limited(null), now)?.until).toEqual(new Date(now.getTime() + 30_000));
    expect(rateLimitWait(limited(0), now)?.until).toEqual(new Date(now.getTime() + 1_000));
  });

  it('leaves every other failure to fail the job', () => {
    expect(rateLimitWait(new AppError('budget_exceeded', 'over'), now)).toBeNull();
    expect(rateLimitWait(new ProviderError({ provider: 'openai', kind: 'server', message: 'boom' }), now)).toBeNull();
    expect(rateLimitWait(new AppError('rate_limited', 'no retry time'), now)).toBeNull();
  });
});
