// A render's submit is ledgered on an estimated duration; when HeyGen reports the render finished, the workflow
// settles that row on the billed duration (v3 wallet: per second of output, Avatar IV photo avatar $0.05/s at
// 1080p) and the job's cost becomes it.
import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../../../main/db/database';
import { PNG } from '../files/fixtures';
import { runStep, writeFixture, useWorkflowApp } from './harness';

const env = useWorkflowApp();
let avatarId: string;

beforeAll(async () => {
  const photo = await env.app.files.registerLocal(writeFixture(env.dir, 'me.png', PNG), 'avatar_photo');
  const made = await runStep(env.app, { kind: 'workflow.avatar', name: 'Me', fileId: photo.id });
  avatarId = (made.output as { avatarModelId: string }).avatarModelId;
});

interface SubmitRow {
  cost_nanos: number | null;
  cost_source: string;
  price_version: string | null;
  u_seconds: number | null;
  flags: number;
}

/** The render's billed ledger row (status reads carry the same video id but are free). */
const submitRow = (db: Db, videoId: string): SubmitRow | undefined =>
  db
    .prepare<[string], SubmitRow>(
      'SELECT cost_nanos, cost_source, price_version, u_seconds, flags FROM calls WHERE provider_request_id = ? AND (flags & 2) = 0',
    )
    .get(videoId);

const settlementHistory = (db: Db, videoId: string) =>
  db
    .prepare<
      [string],
      { reason: string; old_cost_source: string; new_cost_nanos: number | null; new_cost_source: string }
    >(
      `SELECT h.reason, h.old_cost_source, h.new_cost_nanos, h.new_cost_source FROM call_cost_history h JOIN calls c ON c.id = h.call_row_id
       WHERE c.provider_request_id = ? ORDER BY h.id`,
    )
    .all(videoId);

/** Every rollup table sums to what the raw rows hold (cost, seconds, unpriced count). */
function expectRollupsEqualRawSums(db: Db): void {
  const raw = db
    .prepare(
      'SELECT COALESCE(SUM(cost_nanos), 0) AS cost, COALESCE(SUM(u_seconds), 0) AS seconds, SUM(cost_nanos IS NULL) AS unpriced FROM calls',
    )
    .get();
  const sums =
    'COALESCE(SUM(cost_nanos), 0) AS cost, COALESCE(SUM(u_seconds), 0) AS seconds, SUM(unpriced) AS unpriced';
  expect(db.prepare(`SELECT ${sums} FROM call_rollups_hourly`).get()).toEqual(raw);
  expect(db.prepare(`SELECT ${sums} FROM call_rollups_daily`).get()).toEqual(raw);
  const { cost, unpriced } = raw as { cost: number; unpriced: number };
  expect(
    db
      .prepare(
        'SELECT COALESCE(SUM(cost_nanos), 0) AS cost, SUM(unpriced) AS unpriced FROM call_rollups_provider_hourly',
      )
      .get(),
  ).toEqual({ cost, unpriced });
}

it('settles a completed render on its billed duration and makes that the job cost', async () => {
  // 24 characters: reserved as 3 s (the slow-pace upper bound, estimated); the fake renders 2 s, settled at
  // $0.05/s (computed).
  const script = env.app.content.scripts.create({
    title: 'Settle',
    contentId: null,
    personaId: null,
    body: 'Settle me once, on time.',
  });
  const job = await runStep(env.app, {
    kind: 'workflow.render',
    scriptId: script.id,
    avatarId,
    heygenVoiceId: 'demo-voice',
  });
  expect(job.state, job.error?.message).toBe('succeeded');
  const videoId = job.checkpoint.videoId as string;

  expect(submitRow(env.app.db, videoId)).toEqual({
    cost_nanos: 100_000_000,
    cost_source: 'computed',
    price_version: 'heygen@2026-11.1',
    u_seconds: 2,
    flags: 0,
  });
  expect(settlementHistory(env.app.db, videoId)).toEqual([
    { reason: 'settlement', old_cost_source: 'estimated', new_cost_nanos: 100_000_000, new_cost_source: 'computed' },
  ]);
  expect(job.actualCostNanos).toBe(100_000_000);
  expect(job.checkpoint.settledCostNanos).toBe(100_000_000);
  expectRollupsEqualRawSums(env.app.db);
});

it('settles a failed render at no charge and fails the job with HeyGen’s reason', async () => {
  const script = env.app.content.scripts.create({
    title: 'x',
    contentId: null,
    personaId: null,
    body: 'This one will not render.',
  });
  const job = await runStep(env.app, {
    kind: 'workflow.render',
    scriptId: script.id,
    avatarId,
    heygenVoiceId: 'v',
    title: 'please fail',
  });
  expect(job).toMatchObject({ state: 'failed', error: { message: expect.stringMatching(/rendering_failed/) } });
  const videoId = job.checkpoint.videoId as string;
  expect(submitRow(env.app.db, videoId)).toMatchObject({
    cost_nanos: 0,
    cost_source: 'computed',
    price_version: 'free',
    u_seconds: null,
    flags: 0,
  });
  expect(settlementHistory(env.app.db, videoId)).toEqual([
    { reason: 'settlement', old_cost_source: 'estimated', new_cost_nanos: 0, new_cost_source: 'computed' },
  ]);
  expect(job.actualCostNanos ?? 0).toBe(0);
  expectRollupsEqualRawSums(env.app.db);
});

it('settles once when a finished render is polled again (a retry that keeps the video id)', async () => {
  const script = env.app.content.scripts.create({
    title: 'Again',
    contentId: null,
    personaId: null,
    body: 'Download me on the second try.',
  });
  // The render completes and settles, then the download fails: the job fails after settling.
  env.fakes.heygen.inject({ type: 'status', status: 500, body: 'oops' }, { method: 'GET', path: /^\/files\// });
  const first = await runStep(env.app, {
    kind: 'workflow.render',
    scriptId: script.id,
    avatarId,
    heygenVoiceId: 'demo-voice',
  });
  expect(first.state).toBe('failed');
  const videoId = first.checkpoint.videoId as string;
  expect(first.checkpoint.settledCostNanos).toBe(100_000_000);

  env.app.jobs.retry(first.id);
  const done = await env.app.jobs.whenSettled(first.id);
  expect(done.state, done.error?.message).toBe('succeeded');
  expect(settlementHistory(env.app.db, videoId)).toHaveLength(1);
  expect(done.actualCostNanos).toBe(100_000_000);
  expectRollupsEqualRawSums(env.app.db);
});
