// The export never sits on a call's path: while an OTLP request hangs, calls are ledgered and a workflow runs to
// the end; what they wrote goes out on the next pass. Order is proven by the receiver holding the request.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { attemptRecord, telemetryHarness, type TelemetryHarness } from '../../helpers/telemetry';

let h: TelemetryHarness;
beforeEach(async () => {
  // Long enough that the held request cannot time out before the test releases it.
  h = await telemetryHarness({ timeoutMillis: 120_000 });
  await h.app.telemetry.configure({ enabled: true, endpoint: h.receiver.endpoint });
});
afterEach(async () => {
  h.receiver.release();
  await h.dispose();
});

it('ledgers calls and finishes a workflow while an export request is stuck', async () => {
  const ledger = h.app.cost.ledger;
  ledger.recordAttempt(attemptRecord());
  h.receiver.holding = true;
  const arrived = h.receiver.nextRequest();
  let exportSettled = false;
  const stuck = h.app.telemetry.sendNow().finally(() => {
    exportSettled = true;
  });
  await arrived;

  h.app.jobs.register({
    kind: 'test.during-export',
    parseInput: (raw) => raw,
    async run(ctx) {
      for (let i = 0; i < 50; i++) ledger.recordAttempt(attemptRecord({ jobId: ctx.job.id }));
      return { ok: true };
    },
  });
  const job = h.app.jobs.enqueue({ kind: 'test.during-export', input: {} });
  const done = await h.app.jobs.whenSettled(job.id);
  expect(done.state).toBe('succeeded');
  expect(exportSettled).toBe(false);
  expect(h.app.telemetry.status().state).toBe('sending');

  // The held request is answered 503; the exporter's own retry then gets through.
  h.receiver.release();
  const first = await stuck;
  expect(first.status).toMatchObject({ state: 'idle', exportedSpans: 1 });
  const sent = await h.app.telemetry.sendNow();
  // Then the workflow's 50 calls and its run.
  expect(sent.status).toMatchObject({ state: 'idle', backlog: 0, exportedSpans: 52 });
  expect(h.receiver.spans.filter((s) => s.attributes['aicon.job.id'] === job.id)).toHaveLength(51);
});
