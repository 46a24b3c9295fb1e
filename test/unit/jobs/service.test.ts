import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../preload/contract/events';
import { createEventBus } from '../../../main/core/events';
import { silentLogger } from '../../../main/core/logger';
import { createJobService, type JobService } from '../../../main/jobs/service';
import type { Clock, JobHandler } from '../../../main/jobs/types';
import { tempDb, type TempDb } from './test-db';

type Progress = EventPayload<'job.progress'>;

let t: TempDb;
const services: JobService[] = [];
beforeEach(() => {
  t = tempDb();
});
afterEach(() => {
  for (const s of services.splice(0)) s.close();
  t.dispose();
});

function service(opts: { concurrency?: number; progressIntervalMs?: number; clock?: Clock } = {}) {
  const events = createEventBus();
  const seen: Progress[] = [];
  events.subscribe((name, payload) => {
    if (name === 'job.progress') seen.push(payload as Progress);
  });
  const jobs = createJobService({ db: t.open(), events, logger: silentLogger, ...opts });
  services.push(jobs);
  return { jobs, seen };
}

function deferred<T = void>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

async function until(cond: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

const anyInput = (raw: unknown) => raw as Record<string, unknown>;

describe('job worker', () => {
  it('runs the highest priority first, ties in the order they were queued', async () => {
    const { jobs } = service({ concurrency: 1 });
    const order: number[] = [];
    jobs.register({
      kind: 'order',
      parseInput: anyInput,
      async run(ctx) {
        order.push(ctx.input.n as number);
        return {};
      },
    } satisfies JobHandler<Record<string, unknown>>);
    const ids = [0, 5, 0, 10, 5].map(
      (priority, i) => jobs.enqueue({ kind: 'order', input: { n: i + 1 }, priority }).id,
    );
    jobs.start();
    await Promise.all(ids.map((id) => jobs.whenSettled(id)));
    expect(order).toEqual([4, 2, 5, 1, 3]);
  });

  it('never runs more handlers at once than its concurrency', async () => {
    const { jobs } = service({ concurrency: 2 });
    const gate = deferred();
    let active = 0;
    let peak = 0;
    jobs.register({
      kind: 'block',
      parseInput: anyInput,
      async run() {
        peak = Math.max(peak, ++active);
        await gate.promise;
        active--;
        return {};
      },
    });
    jobs.start();
    const ids = Array.from({ length: 5 }, () => jobs.enqueue({ kind: 'block', input: {} }).id);
    await until(() => active === 2, 'two running handlers');
    const states = ids.map((id) => jobs.get(id).state);
    expect(states.filter((s) => s === 'running')).toHaveLength(2);
    expect(states.filter((s) => s === 'queued')).toHaveLength(3);
    gate.resolve();
    const done = await Promise.all(ids.map((id) => jobs.whenSettled(id)));
    expect(done.every((j) => j.state === 'succeeded')).toBe(true);
    expect(peak).toBe(2);
  });

  it('cancels a running job by aborting its signal, and a queued one before it starts', async () => {
    const { jobs } = service({ concurrency: 1 });
    const started = deferred();
    let abortReason: unknown = null;
    let runs = 0;
    jobs.register({
      kind: 'long',
      parseInput: anyInput,
      run: (ctx) =>
        new Promise((_, reject) => {
          runs++;
          started.resolve();
          ctx.signal.addEventListener('abort', () => {
            abortReason = ctx.signal.reason;
            reject(ctx.signal.reason as Error);
          });
        }),
    });
    jobs.start();
    const running = jobs.enqueue({ kind: 'long', input: {} });
    const queued = jobs.enqueue({ kind: 'long', input: {} });
    await started.promise;
    expect(jobs.cancel(queued.id).state).toBe('cancelled');
    expect(jobs.cancel(running.id).state).toBe('cancelled');
    const settled = await jobs.whenSettled(running.id);
    expect(settled).toMatchObject({ state: 'cancelled', error: null, progressMessage: 'Cancelled' });
    expect(abortReason).toMatchObject({ message: 'Cancelled by the user' });
    await until(() => jobs.list({ states: ['running'], limit: 10 }).length === 0, 'the worker to go idle');
    expect(runs).toBe(1);
    expect(() => jobs.cancel(running.id)).toThrow(/already cancelled/);
  });

  it('fails with a redacted message, then a retry resumes from the checkpoint (or starts over when told)', async () => {
    const { jobs } = service();
    const seenCheckpoints: unknown[] = [];
    let shouldFail = true;
    jobs.register({
      kind: 'flaky',
      parseInput: anyInput,
      async run(ctx) {
        seenCheckpoints.push(ctx.checkpoint());
        if (!ctx.checkpoint().uploaded) ctx.saveCheckpoint({ uploaded: `asset-${ctx.attempt}` });
        if (shouldFail) throw new Error('upstream said no for key sk-abcdefghijklmnopqrstuvwx');
        return { asset: ctx.checkpoint().uploaded };
      },
    });
    jobs.start();
    const job = jobs.enqueue({ kind: 'flaky', input: {} });
    const failed = await jobs.whenSettled(job.id);
    expect(failed.state).toBe('failed');
    expect(failed.error).toEqual({ code: 'internal', message: 'upstream said no for key [redacted]' });
    expect(failed.checkpoint).toEqual({ uploaded: 'asset-1' });

    shouldFail = false;
    expect(jobs.retry(job.id).state).toBe('queued');
    const retried = await jobs.whenSettled(job.id);
    expect(retried).toMatchObject({
      state: 'succeeded',
      attempts: 2,
      output: { asset: 'asset-1' },
      error: null,
      progress: 1,
    });

    shouldFail = true;
    expect(() => jobs.retry(job.id)).toThrow(/Only failed or cancelled/);
    const second = jobs.enqueue({ kind: 'flaky', input: {} });
    await jobs.whenSettled(second.id);
    shouldFail = false;
    jobs.retry(second.id, { resetCheckpoint: true });
    expect((await jobs.whenSettled(second.id)).output).toEqual({ asset: 'asset-2' });
    expect(seenCheckpoints).toEqual([{}, { uploaded: 'asset-1' }, {}, {}]);
  });

  it('throttles progress events per job and always delivers the last value', async () => {
    const { jobs, seen } = service({ progressIntervalMs: 60_000 });
    jobs.register({
      kind: 'chatty',
      parseInput: anyInput,
      async run(ctx) {
        for (let i = 1; i <= 100; i++) ctx.progress(i / 100, `step ${i}`);
        return { steps: 100 };
      },
    });
    jobs.start();
    const job = jobs.enqueue({ kind: 'chatty', input: {} });
    await jobs.whenSettled(job.id);
    const mine = seen.filter((e) => e.id === job.id);
    expect(mine.map((e) => [e.state, e.progress, e.message])).toEqual([
      ['queued', 0, null],
      ['running', 0, null],
      ['running', 0.01, 'step 1'],
      ['running', 1, 'step 100'],
      ['succeeded', 1, 'step 100'],
    ]);
  });

  it('parks a polling job as waiting (no slot held) and runs it again when due', async () => {
    const { jobs } = service({ concurrency: 1 });
    let polls = 0;
    jobs.register({
      kind: 'poll',
      parseInput: anyInput,
      async run(ctx) {
        polls++;
        return polls < 3 ? ctx.wait(5, `poll ${polls}`) : { polls };
      },
    });
    jobs.register({ kind: 'quick', parseInput: anyInput, run: async () => ({ ok: true }) });
    jobs.start();
    const poller = jobs.enqueue({ kind: 'poll', input: {} });
    await until(() => jobs.get(poller.id).state === 'waiting', 'the poller to wait');
    expect(jobs.get(poller.id)).toMatchObject({ progressMessage: 'poll 1' });
    const quick = jobs.enqueue({ kind: 'quick', input: {} });
    expect((await jobs.whenSettled(quick.id)).state).toBe('succeeded');
    expect(await jobs.whenSettled(poller.id)).toMatchObject({ state: 'succeeded', output: { polls: 3 }, attempts: 3 });
  });

  it('records estimated and actual cost in integer nanos and refuses unknown kinds or bad amounts', async () => {
    const { jobs } = service();
    jobs.register({
      kind: 'paid',
      parseInput: anyInput,
      async run(ctx) {
        ctx.addActualCost(1_250_000);
        ctx.addActualCost(250_000);
        return {};
      },
    });
    jobs.start();
    const job = jobs.enqueue({ kind: 'paid', input: {}, estimatedCostNanos: 2_000_000 });
    expect(await jobs.whenSettled(job.id)).toMatchObject({ estimatedCostNanos: 2_000_000, actualCostNanos: 1_500_000 });
    expect(() => jobs.enqueue({ kind: 'nope', input: {} })).toThrow(/Unknown job kind: nope/);
    expect(() => jobs.enqueue({ kind: 'paid', input: {}, estimatedCostNanos: 1.5 })).toThrow(/non-negative integer/);
    expect(() => jobs.get('missing')).toThrow(/No job with id missing/);
  });

  it('fails a job whose stored input no longer parses, with invalid_input', async () => {
    const { jobs } = service();
    jobs.register({
      kind: 'typed',
      parseInput: (raw) => {
        if (typeof (raw as { n?: unknown }).n !== 'number') throw new Error('n must be a number');
        return raw;
      },
      run: async () => ({}),
    });
    jobs.start();
    const job = jobs.enqueue({ kind: 'typed', input: { n: 'x' } });
    expect((await jobs.whenSettled(job.id)).error).toEqual({
      code: 'invalid_input',
      message: 'Job input for typed is invalid: n must be a number',
    });
  });

  it('filters the list by state, kind and content, newest first', async () => {
    const { jobs } = service();
    jobs.register({ kind: 'a', parseInput: anyInput, run: async () => ({}) });
    jobs.register({ kind: 'b', parseInput: anyInput, run: async () => ({}) });
    const first = jobs.enqueue({ kind: 'a', input: {} });
    const second = jobs.enqueue({ kind: 'b', input: {} });
    expect(jobs.list({ limit: 10 }).map((j) => j.id)).toEqual([second.id, first.id]);
    expect(jobs.list({ kind: 'a', limit: 10 }).map((j) => j.id)).toEqual([first.id]);
    expect(jobs.list({ states: ['succeeded'], limit: 10 })).toEqual([]);
    jobs.start();
    await jobs.whenSettled(second.id);
    expect(jobs.list({ states: ['succeeded'], kind: 'b', limit: 10 }).map((j) => j.id)).toEqual([second.id]);
  });
});

describe('restart resume (a new service over the same database file)', () => {
  /** A remote render service: submit is paid and must happen once; poll is free. */
  function fakeRenderer() {
    const calls = { submit: 0, poll: 0 };
    let script: Array<'hang' | 'processing' | 'completed'> = [];
    return {
      calls,
      setPolls(next: typeof script) {
        script = [...next];
      },
      handler: {
        kind: 'render',
        parseInput: (raw: unknown) => raw as { title: string },
        async run(ctx) {
          let videoId = ctx.checkpoint().videoId;
          if (!videoId) {
            calls.submit++;
            videoId = `video_${calls.submit}`;
            // Saved BEFORE polling: this is what makes a resume poll instead of submitting again.
            ctx.saveCheckpoint({ videoId });
          }
          calls.poll++;
          const status = script.shift() ?? 'completed';
          if (status === 'hang') {
            await new Promise((_, reject) =>
              ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason as Error)),
            );
          }
          if (status === 'processing') return ctx.wait(60_000, 'Rendering');
          return { videoId };
        },
      } satisfies JobHandler<{ title: string }, { videoId: string }>,
    };
  }

  it('a job interrupted while polling resumes polling and never submits twice', async () => {
    const remote = fakeRenderer();
    remote.setPolls(['hang']);
    const before = service();
    before.jobs.register(remote.handler);
    before.jobs.start();
    const job = before.jobs.enqueue({ kind: 'render', input: { title: 'demo' }, estimatedCostNanos: 500_000_000 });
    await until(() => remote.calls.poll === 1, 'the first poll');
    expect(before.jobs.get(job.id)).toMatchObject({ state: 'running', checkpoint: { videoId: 'video_1' } });
    before.jobs.close(); // the app quits (or crashes) mid-poll: the row stays `running`

    remote.setPolls(['completed']);
    const after = service();
    after.jobs.register(remote.handler);
    expect(after.jobs.get(job.id).state).toBe('running');
    after.jobs.start();
    const done = await after.jobs.whenSettled(job.id);
    expect(done).toMatchObject({ state: 'succeeded', output: { videoId: 'video_1' }, attempts: 2 });
    expect(remote.calls).toEqual({ submit: 1, poll: 2 });
  });

  it('a job waiting for its next poll at shutdown polls again after the restart, without a second submit', async () => {
    const remote = fakeRenderer();
    remote.setPolls(['processing']);
    const before = service();
    before.jobs.register(remote.handler);
    before.jobs.start();
    const job = before.jobs.enqueue({ kind: 'render', input: { title: 'demo' } });
    await until(() => before.jobs.get(job.id).state === 'waiting', 'the job to wait for its next poll');
    before.jobs.close();

    remote.setPolls(['processing', 'completed']);
    // The next poll is due 60 s later: start the new service's clock past it.
    const later = { now: () => new Date(Date.now() + 61_000) };
    const after = service({ clock: later });
    after.jobs.register(remote.handler);
    after.jobs.start();
    await until(() => remote.calls.poll === 2 && after.jobs.get(job.id).state === 'waiting', 'the resumed poll');
    expect(after.jobs.get(job.id)).toMatchObject({ state: 'waiting', checkpoint: { videoId: 'video_1' } });
    expect(remote.calls.submit).toBe(1);
  });

  it('leaves jobs of a kind nobody registered queued, untouched', async () => {
    const before = service();
    before.jobs.register({ kind: 'later', parseInput: anyInput, run: async () => ({}) });
    const job = before.jobs.enqueue({ kind: 'later', input: {} });
    before.jobs.close();
    const after = service();
    after.jobs.start();
    await new Promise((r) => setTimeout(r, 20));
    expect(after.jobs.get(job.id).state).toBe('queued');
  });
});
