// Keys are scrubbed by value: a vault key with no recognisable shape (an ElevenLabs `sk_` key) pasted into a prompt
// does not leave the machine even with prompts turned on.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { telemetryHarness, type TelemetryHarness } from '../../helpers/telemetry';

const KEY = 'sk_9f3b2c7d1e4a5b6c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a';
let h: TelemetryHarness;
beforeEach(async () => {
  // Keys are accepted without reaching ElevenLabs (no provider is reachable from tests).
  h = await telemetryHarness({ healthChecker: async () => ({ ok: true, latencyMs: 1 }) });
  await h.app.integrations.add({ provider: 'elevenlabs', credential: { kind: 'api_key', apiKey: KEY } });
  await h.app.telemetry.configure({ enabled: true, endpoint: h.receiver.endpoint, includeContent: true });
});
afterEach(async () => {
  await h.dispose();
});

it('removes the exact vault keys from exported content', async () => {
  h.app.jobs.register({
    kind: 'test.pasted-key',
    parseInput: (raw) => raw,
    async run() {
      return { note: `echo ${KEY}` };
    },
  });
  const job = h.app.jobs.enqueue({ kind: 'test.pasted-key', input: { prompt: `my key is ${KEY} please` } });
  await h.app.jobs.whenSettled(job.id);
  await h.app.telemetry.sendNow();
  const run = h.receiver.named('invoke_workflow')[0];
  expect(String(run?.attributes['aicon.job.input'])).toContain('my key is [redacted] please');
  expect(String(run?.attributes['aicon.job.output'])).toContain('echo [redacted]');
  for (const r of h.receiver.requests) expect(r.raw).not.toContain(KEY);
});
