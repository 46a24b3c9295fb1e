// OTLP export of the ledger against a loopback receiver that decodes by the official opentelemetry-proto
// definitions: GenAI attributes per provider kind, settlements joined to their call, workflow parent spans,
// no keys or prompts by default, backlog across an outage and a restart, and the JSON encoding.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyLateSettlement } from '../../../main/ledger/settlement';
import type { ReceivedSpan } from '../../helpers/otlp-receiver';
import { attemptRecord, telemetryHarness, type TelemetryHarness } from '../../helpers/telemetry';

const AUTH = 'Basic cGstbGYtMTIzNDU2Nzg6c2stbGYtc2VjcmV0LXZhbHVl';
let h: TelemetryHarness;

beforeEach(async () => {
  h = await telemetryHarness();
  await h.app.telemetry.configure({
    enabled: true,
    endpoint: h.receiver.endpoint,
    deviceName: 'studio-mac-2',
    headers: [{ name: 'Authorization', value: AUTH }],
  });
});
afterEach(async () => {
  await h.dispose();
});

const byRow = (spans: ReceivedSpan[], rowId: number): ReceivedSpan => {
  const s = spans.find((x) => x.attributes['aicon.ledger.row_id'] === rowId && x.kind === 3);
  if (!s) throw new Error(`no span for row ${rowId}`);
  return s;
};

describe('telemetry export', () => {
  it('sends one GenAI span per attempt with the right attributes for every provider kind', async () => {
    const ledger = h.app.cost.ledger;
    const t0 = Date.now();
    const ids = {
      openai: ledger.recordAttempt(
        attemptRecord({
          ts: t0,
          latencyMs: 1234,
          units: { input_tokens: 1000, cached_input_tokens: 200, output_tokens: 300, reasoning_tokens: 50 },
          costNanos: 412_500,
          providerRequestId: 'chatcmpl-abc',
        }),
      ),
      anthropic: ledger.recordAttempt(
        attemptRecord({
          provider: 'anthropic',
          endpoint: 'messages',
          model: 'claude-sonnet-4-5',
          units: { input_tokens: 500, cached_input_tokens: 50, cache_write_5m_tokens: 100, output_tokens: 80 },
          costNanos: 3_000_000,
        }),
      ),
      elevenlabs: ledger.recordAttempt(
        attemptRecord({
          provider: 'elevenlabs',
          operation: 'voice_generation',
          endpoint: 'text-to-speech',
          model: 'eleven_multilingual_v2',
          units: { characters: 1200 },
          costNanos: 360_000_000,
          costSource: 'provider_reported',
          priceVersion: 'reported',
        }),
      ),
      heygen: ledger.recordAttempt(
        attemptRecord({
          provider: 'heygen',
          operation: 'video_generation',
          endpoint: 'video.generate',
          model: 'avatar_iv',
          units: { seconds: 30 },
          costNanos: 1_500_000_000,
          costSource: 'estimated',
          priceVersion: 'heygen-2026-11',
          providerRequestId: 'vid_123',
          estimated: true,
        }),
      ),
      twilio: ledger.recordAttempt(
        attemptRecord({
          provider: 'twilio',
          operation: 'messaging',
          endpoint: 'messages.create',
          model: null,
          units: { segments: 2 },
          costNanos: 16_600_000,
          costSource: 'estimated',
          priceVersion: 'twilio-us-2026-10',
          providerRequestId: 'SM0123456789abcdef',
          status: 201,
        }),
      ),
      apollo: ledger.recordAttempt(
        attemptRecord({
          provider: 'apollo',
          operation: 'enrichment',
          endpoint: 'people.match',
          model: null,
          units: { credits: 1 },
          costNanos: null,
          costSource: 'unpriced',
          priceVersion: null,
        }),
      ),
      failed: ledger.recordAttempt(
        attemptRecord({
          provider: 'openrouter',
          model: 'openai/gpt-4o',
          status: 429,
          errorCode: 'rate_limited',
          errorMessage: 'Rate limit exceeded for key sk-or-v1-abcdefghijklmnopqrstuvwxyz',
          units: {},
          costNanos: 0,
        }),
      ),
    };
    const view = await h.app.telemetry.sendNow();
    expect(view.status).toMatchObject({ state: 'idle', backlog: 0, exportedSpans: 7, lastError: null });
    expect(view.status.lastSuccessAt).not.toBeNull();
    const spans = h.receiver.spans;
    expect(spans).toHaveLength(7);

    const openai = byRow(spans, ids.openai);
    expect(openai.name).toBe('chat gpt-4o-mini');
    expect(openai.attributes).toMatchObject({
      'gen_ai.provider.name': 'openai',
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.id': 'chatcmpl-abc',
      // The conventions count cached input inside input and reasoning inside output.
      'gen_ai.usage.input_tokens': 1200,
      'gen_ai.usage.output_tokens': 350,
      'gen_ai.usage.cache_read.input_tokens': 200,
      'gen_ai.usage.reasoning.output_tokens': 50,
      'aicon.cost.usd': 0.0004125,
      'aicon.cost.nanos_usd': 412_500,
      'aicon.cost.source': 'computed',
      'aicon.cost.price_version': 'genai-prices@0.1.8',
      'aicon.attempt': 1,
      'http.response.status_code': 200,
    });
    // Real start and end times from the ledger row (ns since the epoch).
    expect(openai.startTimeUnixNano).toBe(BigInt(t0) * 1_000_000n);
    expect(openai.endTimeUnixNano - openai.startTimeUnixNano).toBe(1234n * 1_000_000n);
    expect(openai.resource).toMatchObject({
      'service.name': 'aicon-studio',
      'host.name': 'studio-mac-2',
      'aicon.device.name': 'studio-mac-2',
    });
    expect(openai.scope).toBe('aicon-studio.ledger');

    expect(byRow(spans, ids.anthropic).attributes).toMatchObject({
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.operation.name': 'chat',
      'gen_ai.usage.input_tokens': 650,
      'gen_ai.usage.cache_read.input_tokens': 50,
      'gen_ai.usage.cache_creation.input_tokens': 100,
      'gen_ai.usage.output_tokens': 80,
    });
    const eleven = byRow(spans, ids.elevenlabs).attributes;
    expect(eleven).toMatchObject({
      'gen_ai.provider.name': 'elevenlabs',
      'gen_ai.operation.name': 'generate_content',
      'aicon.operation': 'voice_generation',
      'aicon.usage.characters': 1200,
      'aicon.cost.usd': 0.36,
      'aicon.cost.source': 'provider_reported',
    });
    expect(eleven).not.toHaveProperty('gen_ai.usage.input_tokens');
    expect(byRow(spans, ids.heygen).attributes).toMatchObject({
      'gen_ai.provider.name': 'heygen',
      'gen_ai.operation.name': 'generate_content',
      'aicon.usage.seconds': 30,
      'aicon.cost.source': 'estimated',
      'aicon.usage.estimated': true,
      'aicon.provider_request_id': 'vid_123',
    });
    expect(byRow(spans, ids.twilio).attributes).toMatchObject({
      'gen_ai.provider.name': 'twilio',
      'gen_ai.operation.name': 'messaging',
      'aicon.usage.segments': 2,
      'http.response.status_code': 201,
    });
    const apollo = byRow(spans, ids.apollo).attributes;
    expect(apollo).toMatchObject({ 'aicon.usage.credits': 1, 'aicon.cost.source': 'unpriced' });
    expect(apollo).not.toHaveProperty('aicon.cost.usd');
    const failed = byRow(spans, ids.failed);
    expect(failed.statusCode).toBe(2); // STATUS_CODE_ERROR
    expect(failed.attributes).toMatchObject({ 'error.type': 'rate_limited', 'http.response.status_code': 429 });
    expect(failed.attributes).not.toHaveProperty('aicon.error.message');

    // The backend's auth header arrives; the view never gives its value back.
    expect(h.receiver.requests[0]?.headers.authorization).toBe(AUTH);
    expect(h.receiver.requests[0]?.contentType).toBe('application/x-protobuf');
    expect(JSON.stringify(view)).not.toContain(AUTH);
    expect(view.config.headerNames).toEqual(['Authorization']);
  });

  it('sends late settlements as child spans joined to their call (Twilio price, HeyGen duration)', async () => {
    const { ledger, pricer } = h.app.cost;
    const twilioRow = ledger.recordAttempt(
      attemptRecord({
        provider: 'twilio',
        operation: 'messaging',
        endpoint: 'messages.create',
        model: null,
        units: { segments: 1 },
        costNanos: 8_300_000,
        costSource: 'estimated',
        providerRequestId: 'SMsettle01',
      }),
    );
    const heygenRow = ledger.recordAttempt(
      attemptRecord({
        provider: 'heygen',
        operation: 'video_generation',
        endpoint: 'video.generate',
        model: 'avatar_iv',
        units: { seconds: 30 },
        costNanos: 1_500_000_000,
        costSource: 'estimated',
        providerRequestId: 'vid_settle',
        estimated: true,
      }),
    );
    await h.app.telemetry.sendNow();
    const twilioCall = byRow(h.receiver.spans, twilioRow);
    const heygenCall = byRow(h.receiver.spans, heygenRow);

    applyLateSettlement(
      ledger,
      pricer,
      { provider: 'twilio', providerRequestId: 'SMsettle01', units: { segments: 2 }, reportedCostNanos: 15_800_000 },
      0,
    );
    ledger.settle(heygenRow, { costNanos: 2_120_000_000, costSource: 'computed', priceVersion: 'heygen-2026-11' });
    await h.app.telemetry.sendNow();

    const settlements = h.receiver.named('settlement');
    expect(settlements).toHaveLength(2);
    const twilio = settlements.find((s) => s.attributes['gen_ai.provider.name'] === 'twilio')!;
    expect(twilio.traceId).toBe(twilioCall.traceId);
    expect(twilio.parentSpanId).toBe(twilioCall.spanId);
    expect(twilio.links).toEqual([
      { traceId: twilioCall.traceId, spanId: twilioCall.spanId, attributes: { 'aicon.link': 'settles' } },
    ]);
    expect(twilio.attributes).toMatchObject({
      'aicon.call_id': twilioCall.attributes['aicon.call_id'],
      'aicon.ledger.row_id': twilioRow,
      'aicon.cost_change.reason': 'settlement',
      'aicon.cost_change.previous_usd': 0.0083,
      'aicon.cost.usd': 0.0158,
      'aicon.cost.source': 'provider_reported',
      'aicon.usage.segments': 2,
    });
    const heygen = settlements.find((s) => s.attributes['gen_ai.provider.name'] === 'heygen')!;
    expect(heygen.parentSpanId).toBe(heygenCall.spanId);
    expect(heygen.attributes).toMatchObject({
      'aicon.call_id': heygenCall.attributes['aicon.call_id'],
      'aicon.cost.usd': 2.12,
      'aicon.cost_change.previous_usd': 1.5,
    });
  });

  it('makes a workflow run the parent span of its calls, and a sub-job a child of its run', async () => {
    const ledger = h.app.cost.ledger;
    h.app.jobs.register({
      kind: 'test.workflow',
      parseInput: (raw) => raw as { prompt: string; child?: boolean },
      async run(ctx) {
        for (const provider of ['openai', 'elevenlabs'] as const) {
          ledger.recordAttempt(attemptRecord({ provider, jobId: ctx.job.id, ts: Date.now() }));
        }
        return { script: 'OUTPUT-TEXT-generated-script' };
      },
    });
    const run = h.app.jobs.enqueue({ kind: 'test.workflow', input: { prompt: 'PROMPT-TEXT-about-cats' } });
    await h.app.jobs.whenSettled(run.id);
    const child = h.app.jobs.enqueue({ kind: 'test.workflow', input: { prompt: 'sub' }, parentId: run.id });
    await h.app.jobs.whenSettled(child.id);
    await h.app.telemetry.sendNow();

    const runSpans = h.receiver.named('invoke_workflow');
    expect(runSpans).toHaveLength(2);
    const parent = runSpans.find((s) => s.attributes['aicon.job.id'] === run.id)!;
    const sub = runSpans.find((s) => s.attributes['aicon.job.id'] === child.id)!;
    expect(parent.parentSpanId).toBe('');
    expect(parent.attributes).toMatchObject({
      'gen_ai.operation.name': 'invoke_workflow',
      'aicon.job.kind': 'test.workflow',
      'aicon.job.state': 'succeeded',
    });
    expect(sub.traceId).toBe(parent.traceId);
    expect(sub.parentSpanId).toBe(parent.spanId);
    const calls = h.receiver.spans.filter((s) => s.kind === 3);
    expect(calls).toHaveLength(4);
    for (const c of calls) {
      const job = c.attributes['aicon.job.id'];
      expect(c.traceId).toBe(parent.traceId);
      expect(c.parentSpanId).toBe(job === run.id ? parent.spanId : sub.spanId);
    }
    // Usage only by default: no prompt or output text anywhere on the wire.
    for (const r of h.receiver.requests) {
      expect(r.raw).not.toContain('PROMPT-TEXT');
      expect(r.raw).not.toContain('OUTPUT-TEXT');
    }
  });

  it('sends no key or prompt text by default, and prompts (still without keys) only once turned on', async () => {
    const ledger = h.app.cost.ledger;
    h.app.jobs.register({
      kind: 'test.prompted',
      parseInput: (raw) => raw as { prompt: string },
      async run(ctx) {
        ledger.recordAttempt(
          attemptRecord({
            jobId: ctx.job.id,
            status: 401,
            errorCode: 'auth',
            errorMessage: 'Incorrect API key provided: sk-proj-abcdefghijklmnopqrstuvwx',
            meta: { note: 'PROMPT-TEXT in meta' },
          }),
        );
        return { reply: 'OUTPUT-TEXT-reply' };
      },
    });
    const secretPrompt = 'PROMPT-TEXT-secret-plan with key sk-proj-abcdefghijklmnopqrstuvwx';
    const first = h.app.jobs.enqueue({ kind: 'test.prompted', input: { prompt: secretPrompt } });
    await h.app.jobs.whenSettled(first.id);
    await h.app.telemetry.sendNow();
    expect(h.receiver.spans.length).toBe(2);
    for (const r of h.receiver.requests) {
      expect(r.raw).not.toContain('PROMPT-TEXT');
      expect(r.raw).not.toContain('OUTPUT-TEXT');
      expect(r.raw).not.toContain('abcdefghijklmnopqrstuvwx');
      expect(r.raw).not.toContain('Incorrect API key');
      expect(r.raw).not.toContain('cGstbGYt'); // the auth header value never rides in a body
    }

    await h.app.telemetry.configure({ includeContent: true });
    const second = h.app.jobs.enqueue({ kind: 'test.prompted', input: { prompt: secretPrompt } });
    await h.app.jobs.whenSettled(second.id);
    await h.app.telemetry.sendNow();
    const run = h.receiver.named('invoke_workflow').find((s) => s.attributes['aicon.job.id'] === second.id)!;
    expect(String(run.attributes['aicon.job.input'])).toContain('PROMPT-TEXT-secret-plan');
    expect(String(run.attributes['aicon.job.output'])).toContain('OUTPUT-TEXT-reply');
    const call = h.receiver.spans.find((s) => s.kind === 3 && s.attributes['aicon.job.id'] === second.id)!;
    expect(String(call.attributes['aicon.error.message'])).toContain('Incorrect API key provided');
    for (const r of h.receiver.requests) expect(r.raw).not.toContain('abcdefghijklmnopqrstuvwx');
  });

  it('keeps the backlog through an outage and a restart, backs off, then drains it when the receiver is back', async () => {
    const ledger = h.app.cost.ledger;
    await h.receiver.stop();
    const ids = ledger.recordAttempts(Array.from({ length: 1_200 }, () => attemptRecord()));
    const down = await h.app.telemetry.sendNow();
    expect(down.status.state).toBe('retrying');
    expect(down.status.backlog).toBe(1_200);
    expect(down.status.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(down.status.lastErrorAt).not.toBeNull();
    expect(down.status.nextAttemptAt).not.toBeNull();
    expect(down.status.lastSuccessAt).toBeNull();

    // A restart while offline: the outbox is in SQLite, and the calls made meanwhile join it.
    await h.restart();
    ids.push(...h.app.cost.ledger.recordAttempts([attemptRecord(), attemptRecord()]));
    const after = (await h.app.telemetry.view()).status;
    expect(after.backlog).toBe(1_200);
    expect(after.lastError).toBe(down.status.lastError);

    await h.receiver.start(); // same port
    const up = await h.app.telemetry.sendNow();
    expect(up.status).toMatchObject({ state: 'idle', backlog: 0, exportedSpans: 1_202 });
    const rows = new Set(h.receiver.spans.map((s) => s.attributes['aicon.ledger.row_id']));
    expect(rows.size).toBe(1_202);
    for (const id of ids) expect(rows.has(id)).toBe(true);
    // Sent in batches, oldest first.
    const traceRequests = h.receiver.requests.filter((r) => r.path === '/v1/traces');
    expect(traceRequests.length).toBeGreaterThanOrEqual(3);
  });

  it('exports a write-ahead row once it is completed, and the rows behind it after it', async () => {
    const ledger = h.app.cost.ledger;
    const pending = ledger.beginAttempt(
      attemptRecord({ status: null, latencyMs: 0, units: {}, costNanos: 50_000, costSource: 'estimated' }),
    );
    const done = ledger.recordAttempt(attemptRecord());
    const first = await h.app.telemetry.sendNow();
    expect(first.status.exportedSpans).toBe(0);
    expect(h.receiver.spans).toHaveLength(0);

    ledger.completeAttempt(pending, attemptRecord({ latencyMs: 640, units: { input_tokens: 10, output_tokens: 5 } }));
    await h.app.telemetry.sendNow();
    expect(h.receiver.spans.map((s) => s.attributes['aicon.ledger.row_id'])).toEqual([pending, done]);
    const completed = byRow(h.receiver.spans, pending);
    expect(completed.attributes).toMatchObject({ 'http.response.status_code': 200, 'gen_ai.usage.input_tokens': 10 });
    expect(completed.endTimeUnixNano - completed.startTimeUnixNano).toBe(640n * 1_000_000n);
  });

  it('keeps the backlog when the backend refuses the credentials, and says so without the header value', async () => {
    h.receiver.refuseWith = 401;
    h.app.cost.ledger.recordAttempt(attemptRecord());
    const refused = await h.app.telemetry.sendNow();
    expect(refused.status).toMatchObject({ state: 'retrying', backlog: 1, exportedSpans: 0 });
    expect(refused.status.lastError).toContain('401');
    expect(refused.status.lastError).not.toContain('cGstbGYt');
    h.receiver.refuseWith = null;
    const fixed = await h.app.telemetry.sendNow();
    expect(fixed.status).toMatchObject({ state: 'idle', backlog: 0, exportedSpans: 1 });
  });

  it('exports cost and calls per provider as cumulative OTLP metrics', async () => {
    const ledger = h.app.cost.ledger;
    ledger.recordAttempt(attemptRecord({ costNanos: 1_000_000 }));
    ledger.recordAttempt(attemptRecord({ costNanos: 2_000_000 }));
    ledger.recordAttempt(
      attemptRecord({
        provider: 'heygen',
        operation: 'video_generation',
        model: null,
        units: { seconds: 10 },
        costNanos: 500_000_000,
      }),
    );
    await h.app.telemetry.sendNow();
    const points = h.receiver.points.at(-1)!;
    const point = (metric: string, provider: string) =>
      points.find((p) => p.metric === metric && p.attributes['gen_ai.provider.name'] === provider);
    expect(point('aicon.cost', 'openai')).toMatchObject({ value: 0.003, unit: 'USD', monotonic: true, temporality: 2 });
    expect(point('aicon.cost', 'heygen')?.value).toBe(0.5);
    expect(point('aicon.calls', 'openai')?.value).toBe(2);
    expect(point('aicon.calls', 'heygen')?.value).toBe(1);
  });

  it('speaks OTLP/HTTP JSON when chosen', async () => {
    await h.app.telemetry.configure({ protocol: 'http/json' });
    const row = h.app.cost.ledger.recordAttempt(
      attemptRecord({
        provider: 'elevenlabs',
        operation: 'voice_generation',
        endpoint: 'text-to-speech',
        units: { characters: 77 },
      }),
    );
    await h.app.telemetry.sendNow();
    const trace = h.receiver.requests.find((r) => r.path === '/v1/traces')!;
    expect(trace.contentType).toContain('application/json');
    expect(byRow(h.receiver.spans, row).attributes).toMatchObject({
      'gen_ai.provider.name': 'elevenlabs',
      'aicon.usage.characters': 77,
    });
    const metrics = h.receiver.requests.find((r) => r.path === '/v1/metrics');
    expect(metrics?.contentType).toContain('application/json');
    const calls = h.receiver.points
      .at(-1)
      ?.find((p) => p.metric === 'aicon.calls' && p.attributes['gen_ai.provider.name'] === 'elevenlabs');
    expect(calls?.value).toBe(1);
  });

  it('rejects bad settings with a typed error and exports nothing while off', async () => {
    await expect(h.app.telemetry.configure({ endpoint: 'ftp://collector' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(h.app.telemetry.configure({ endpoint: 'https://user:pw@collector.example' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await h.app.telemetry.configure({ enabled: false });
    h.app.cost.ledger.recordAttempt(attemptRecord());
    const view = await h.app.telemetry.sendNow();
    expect(view.status).toMatchObject({ state: 'off', backlog: 0 });
    expect(h.receiver.spans).toHaveLength(0);
  });
});
