import { createReadStream, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../main/core/errors';
import { createBaseUrls } from '../../../main/gateway/base-urls';
import { createGateway } from '../../../main/gateway/gateway';
import { ProviderError } from '../../../main/gateway/types';
import { empty, hang, json, malformedJson, reset, text, throttled } from '../../helpers/fake-http';
import { TablePricer, testDescriptor } from '../../helpers/gateway-fakes';
import { parseChat, recorded, startHarness, TEST_SECRET, type Harness } from '../../helpers/gateway-harness';
import { failure } from '../../helpers/provider-error';

const CHAT = recorded('openai/chat-completion.gpt-4.1-nano.json');
const CHAT_COST = 16 * 1_000 + 363 * 4_000; // recorded usage x test prices
const ok = () =>
  text(200, CHAT, {
    'content-type': 'application/json',
    'x-ratelimit-remaining-requests': '99',
    'x-ratelimit-reset-requests': '6',
  });

let h: Harness;
afterEach(async () => h?.close());

describe('gateway.json: success path', () => {
  it('limits, reserves, calls, prices, ledgers one attempt and settles to the actual cost', async () => {
    h = await startHarness();
    h.server.on('POST /v1/test', ok());
    const r = await h.gateway.json(h.req(), parseChat);

    expect(r).toMatchObject({
      attempts: 1,
      costNanos: CHAT_COST,
      costSource: 'computed',
      provider: 'openai',
      model: 'gpt-4.1-nano-2025-04-14',
    });
    expect(r.value).toContain('Galaxy Day');
    expect(h.limiter.acquired).toEqual([{ provider: 'openai', operation: 'content_analysis' }]);
    expect(h.limiter.learned).toEqual([{ requestsRemaining: 99, requestsResetAt: expect.any(Number) }]);
    expect(h.budgets.settled).toEqual([{ reservation: { id: 'res-1', amountNanos: 50_000 }, actualNanos: CHAT_COST }]);
    expect(h.budgets.open.size).toBe(0);

    const [row] = h.ledger.rows;
    expect(h.ledger.rows).toHaveLength(1);
    expect(row).toMatchObject({
      callId: r.callId,
      attempt: 1,
      provider: 'openai',
      operation: 'content_analysis',
      endpoint: 'test.create',
      method: 'POST',
      model: 'gpt-4.1-nano-2025-04-14',
      status: 200,
      requestBytes: Buffer.byteLength('{"prompt":"hi"}'),
      responseBytes: Buffer.byteLength(CHAT),
      errorCode: null,
      units: { input_tokens: 16, cached_input_tokens: 0, output_tokens: 363, reasoning_tokens: 0 },
      costNanos: CHAT_COST,
      costSource: 'computed',
      priceVersion: 'test-prices-1',
      providerRequestId: 'chatcmpl-D8Z5f52zQqikDBEKQMQoYcWMcWPeU',
      integrationId: 'int-1',
    });
    expect(row!.latencyMs).toBeGreaterThan(0);
  });

  it('commits the write-ahead row before the request leaves, and completes it and settles after it returns', async () => {
    h = await startHarness();
    const order: string[] = [];
    h.server.on('POST /v1/test', ok());
    const begin = h.ledger.beginAttempt.bind(h.ledger);
    // What the fake had received when the row was committed.
    h.ledger.beginAttempt = (r, key) => {
      order.push(`begin after ${h.server.requests.length} sent`);
      return begin(r, key);
    };
    const complete = h.ledger.completeAttempt.bind(h.ledger);
    h.ledger.completeAttempt = (id, r, key) => {
      order.push('complete');
      return complete(id, r, key);
    };
    const settle = h.budgets.settle.bind(h.budgets);
    h.budgets.settle = (res, n) => {
      order.push('settle');
      return settle(res, n);
    };
    const r = await h.raw.json(h.req(), parseChat);
    expect(order).toEqual(['begin after 0 sent']);
    expect(h.server.requests).toHaveLength(1);
    await h.raw.flush();
    expect(order).toEqual(['begin after 0 sent', 'complete', 'settle']);
    expect(h.ledger.forCall(r.callId)).toHaveLength(1);
    expect(h.ledger.inFlight.size).toBe(0);
  });

  it('sends the auth header and body, and never writes the secret to the ledger', async () => {
    h = await startHarness();
    h.server.on('POST /v1/test', ok());
    await h.gateway.json(h.req({ jobId: 'job-1', contentId: 'c-1' }), parseChat);
    const [sent] = h.server.requests;
    expect(sent!.headers.authorization).toBe(`Bearer ${TEST_SECRET}`);
    expect(sent!.body.toString()).toBe('{"prompt":"hi"}');
    expect(JSON.stringify(h.ledger.rows)).not.toContain(TEST_SECRET);
    expect(h.ledger.rows[0]).toMatchObject({ jobId: 'job-1', contentId: 'c-1' });
  });

  it('passes null to the parser for an empty 2xx body (SendGrid 202) and supports GET without a body', async () => {
    h = await startHarness();
    h.server.on('POST /v1/mail', empty(202));
    h.server.on('GET /v1/models', json(200, { data: [] }));
    let seen: unknown = 'unset';
    const r = await h.gateway.json(h.req({ path: '/mail' }), (body, meta) => {
      seen = body;
      expect(meta).toMatchObject({ status: 202, attempt: 1 });
      return { value: 'queued', units: { requests: 0 } };
    });
    expect(seen).toBeNull();
    expect(r.value).toBe('queued');
    const models = await h.gateway.json(h.req({ method: 'GET', path: 'models', body: undefined }), (b) => ({
      value: b,
      units: {},
    }));
    expect(models.value).toEqual({ data: [] });
    expect(h.ledger.rows[1]).toMatchObject({ method: 'GET', requestBytes: 0, status: 200 });
  });

  it('keeps a provider-reported cost and marks unknown models unpriced (never $0)', async () => {
    h = await startHarness();
    h.server.on('POST /v1/test', json(200, { cost: 0.00123 }));
    const reported = await h.gateway.json(h.req(), () => ({
      value: 1,
      units: { input_tokens: 5 },
      reportedCostNanos: 1_230_000,
    }));
    expect(reported).toMatchObject({ costNanos: 1_230_000, costSource: 'provider_reported' });
    const unknown = await h.gateway.json(h.req(), () => ({
      value: 1,
      units: { input_tokens: 5 },
      model: 'unknown-model',
    }));
    expect(unknown).toMatchObject({ costNanos: null, costSource: 'unpriced' });
    expect(h.ledger.rows[1]).toMatchObject({ costNanos: null, costSource: 'unpriced' });
    expect(h.budgets.settled.map((s) => s.actualNanos)).toEqual([1_230_000, null]);
  });

  it('prices a free endpoint (models list, balance) at 0 computed, never unpriced', async () => {
    h = await startHarness();
    h.server.on(
      'GET /v1/models',
      text(200, recorded('openai/models-list.json'), { 'content-type': 'application/json' }),
    );
    const r = await h.gateway.json(
      h.req({ method: 'GET', path: '/models', body: undefined, model: undefined }),
      (b) => ({ value: b, units: {}, free: true }),
    );
    expect(r).toMatchObject({ costNanos: 0, costSource: 'computed' });
    expect(h.ledger.rows[0]).toMatchObject({
      costNanos: 0,
      costSource: 'computed',
      errorCode: null,
      errorMessage: null,
      free: true,
      estimated: false,
    });
  });
});

describe('gateway.json: retries', () => {
  it('honours retry-after-ms and Retry-After seconds, ledgering every attempt under one callId', async () => {
    h = await startHarness();
    h.server.on('POST /v1/test', throttled({ retryAfterMs: 120 }), throttled({ status: 503, retryAfter: '0.2' }), ok());
    const t0 = performance.now();
    const r = await h.gateway.json(h.req(), parseChat);
    const elapsed = performance.now() - t0;

    expect(r.attempts).toBe(3);
    expect(elapsed).toBeGreaterThanOrEqual(120 + 200 - 5);
    const rows = h.ledger.forCall(r.callId);
    expect(rows.map((x) => [x.attempt, x.status, x.errorCode, x.costNanos, x.costSource])).toEqual([
      [1, 429, 'rate_limited:rate_limit_exceeded', 0, 'computed'],
      [2, 503, 'server:rate_limit_exceeded', 0, 'computed'],
      [3, 200, null, CHAT_COST, 'computed'],
    ]);
    expect(h.server.requests).toHaveLength(3);
    expect(h.budgets.settled).toEqual([{ reservation: expect.anything(), actualNanos: CHAT_COST }]);
  });

  it('honours an HTTP-date Retry-After and an exhausted rate-limit window reset', async () => {
    h = await startHarness();
    const soon = () => new Date(Date.now() + 1000).toUTCString();
    h.server.on(
      'POST /v1/test',
      throttled({ retryAfter: soon() }),
      json(
        429,
        { error: { code: 'rate_limit_exceeded' } },
        { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '0.15' },
      ),
      ok(),
    );
    const t0 = performance.now();
    const r = await h.gateway.json(h.req(), parseChat);
    expect(r.attempts).toBe(3);
    // HTTP dates have 1 s resolution: the first wait is 0..1 s, the reset wait 150 ms.
    expect(performance.now() - t0).toBeGreaterThanOrEqual(150);
  });

  it('retries 5xx and 529 with jittered backoff up to maxAttempts, then throws the last typed error', async () => {
    h = await startHarness({
      gateway: { retry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 20 }, random: () => 0.99 },
    });
    h.server.on(
      'POST /v1/test',
      json(500, { error: { message: 'boom' } }),
      json(529, { type: 'error', error: { type: 'overloaded_error' } }),
      json(502, { error: { message: 'bad gateway' } }),
    );
    const t0 = performance.now();
    const e = await failure(h.gateway.json(h.req(), parseChat));
    const elapsed = performance.now() - t0;
    expect(e).toMatchObject({ kind: 'server', status: 502 });
    expect(elapsed).toBeGreaterThanOrEqual(2 * 19);
    expect(h.ledger.rows.map((r) => r.status)).toEqual([500, 529, 502]);
    expect(new Set(h.ledger.rows.map((r) => r.callId)).size).toBe(1);
    expect(h.budgets.settled).toEqual([{ reservation: expect.anything(), actualNanos: 0 }]);
  });

  it('stops when the next wait would pass the total wait cap, surfacing retryAfterMs to the caller', async () => {
    h = await startHarness({ gateway: { retry: { totalWaitCapMs: 300 } } });
    h.server.on('POST /v1/test', throttled({ retryAfterMs: 200 }), throttled({ retryAfterMs: 200 }), ok());
    const t0 = performance.now();
    const e = await failure(h.gateway.json(h.req(), parseChat));
    expect(e).toMatchObject({ kind: 'rate_limited', status: 429, retryAfterMs: 200 });
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(h.ledger.rows).toHaveLength(2);
    expect(h.server.requests).toHaveLength(2);
  });

  it('fails at once on non-retryable errors (insufficient_quota 429, 400, 401)', async () => {
    h = await startHarness();
    h.server.on(
      'POST /v1/quota',
      text(429, recorded('openai/error-429.insufficient_quota.json'), {
        'content-type': 'application/json',
        'retry-after': '1',
      }),
    );
    h.server.on(
      'POST /v1/bad',
      text(400, recorded('openai/error-400.unsupported_parameter.json'), { 'content-type': 'application/json' }),
    );
    h.server.on(
      'POST /v1/auth',
      json(401, { error: { message: 'Incorrect API key provided', code: 'invalid_api_key' } }),
    );
    expect(await failure(h.gateway.json(h.req({ path: '/quota' }), parseChat))).toMatchObject({
      kind: 'quota',
      providerCode: 'insufficient_quota',
      retryable: false,
    });
    expect(await failure(h.gateway.json(h.req({ path: '/bad' }), parseChat))).toMatchObject({
      kind: 'bad_request',
      status: 400,
    });
    expect(await failure(h.gateway.json(h.req({ path: '/auth' }), parseChat))).toMatchObject({ kind: 'auth' });
    expect(h.server.requests).toHaveLength(3);
    expect(h.ledger.rows.map((r) => r.errorCode)).toEqual([
      'quota:insufficient_quota',
      'bad_request:unsupported_parameter',
      'auth:invalid_api_key',
    ]);
    expect(h.ledger.rows[0]!.errorMessage).toMatch(/^You exceeded your current quota/);
  });

  it('never retries a non-idempotent call, even on a retryable status or a connection reset', async () => {
    h = await startHarness();
    h.server.on('POST /v1/render', throttled({ retryAfterMs: 1 }), ok());
    h.server.on('POST /v1/send', reset(), ok());
    expect(await failure(h.gateway.json(h.req({ path: '/render', idempotent: false }), parseChat))).toMatchObject({
      kind: 'rate_limited',
      retryable: true,
    });
    expect(await failure(h.gateway.json(h.req({ path: '/send', idempotent: false }), parseChat))).toMatchObject({
      kind: 'network',
    });
    expect(h.server.requests).toHaveLength(2);
    expect(h.ledger.rows).toHaveLength(2);
    expect(h.budgets.open.size).toBe(0);
  });

  it('retries a connection reset before response headers', async () => {
    h = await startHarness();
    h.server.on('POST /v1/test', reset(), ok());
    const r = await h.gateway.json(h.req(), parseChat);
    expect(r.attempts).toBe(2);
    expect(h.ledger.rows[0]).toMatchObject({
      status: null,
      errorCode: expect.stringMatching(/^network:/),
      costSource: 'unpriced',
      costNanos: null,
    });
  });

  it('does not replay a streamed upload, but retries one built by a body factory', async () => {
    h = await startHarness();
    const file = join(mkdtempSync(join(tmpdir(), 'gw-')), 'voice.wav');
    writeFileSync(file, Buffer.alloc(64 * 1024, 7));
    h.server.on('POST /v1/once', throttled({ retryAfterMs: 1 }), ok());
    h.server.on('POST /v1/factory', throttled({ retryAfterMs: 1 }), ok());
    const headers = { 'content-type': 'audio/wav' };

    const e = await failure(
      h.gateway.json(h.req({ path: '/once', headers, body: createReadStream(file), bodyBytes: 65_536 }), parseChat),
    );
    expect(e.kind).toBe('rate_limited');
    expect(h.server.requestsTo('POST /v1/once')).toHaveLength(1);

    const r = await h.gateway.json(
      h.req({ path: '/factory', headers, body: () => createReadStream(file), bodyBytes: 65_536 }),
      parseChat,
    );
    expect(r.attempts).toBe(2);
    expect(h.server.requestsTo('POST /v1/factory').map((q) => q.body.length)).toEqual([65_536, 65_536]);
    expect(h.ledger.forCall(r.callId).map((x) => x.requestBytes)).toEqual([65_536, 65_536]);
  });

  it('sends FormData uploads as multipart', async () => {
    h = await startHarness();
    h.server.on('POST /v1/upload', ok());
    const form = new FormData();
    form.append('model', 'whisper-1');
    form.append('file', new Blob([Buffer.from('RIFF....WAVE')], { type: 'audio/wav' }), 'a.wav');
    await h.gateway.json(h.req({ path: '/upload', headers: {}, body: form }), parseChat);
    const [sent] = h.server.requests;
    expect(sent!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(sent!.body.toString()).toContain('name="model"');
  });
});

describe('gateway.json: failures are typed and ledgered', () => {
  it('turns a 2xx with an invalid JSON body into malformed_response, ledgered as estimated from the pre-flight units', async () => {
    h = await startHarness();
    h.server.on('POST /v1/test', malformedJson(), ok());
    const e = await failure(h.gateway.json(h.req({ estimatedUnits: { input_tokens: 16 } }), parseChat));
    expect(e).toMatchObject({ kind: 'malformed_response', status: 200, retryable: false });
    expect(h.ledger.rows).toEqual([
      expect.objectContaining({
        status: 200,
        errorCode: 'malformed_response',
        units: { input_tokens: 16 },
        costNanos: 16_000,
        costSource: 'estimated',
        estimated: true,
      }),
    ]);
    expect(h.budgets.settled[0]!.actualNanos).toBe(16_000);
  });

  it('turns a parser exception on an unexpected shape into malformed_response', async () => {
    h = await startHarness();
    h.server.on('POST /v1/test', json(200, { unexpected: true }));
    const e = await failure(h.gateway.json(h.req(), parseChat));
    expect(e.kind).toBe('malformed_response');
    expect(h.ledger.rows[0]).toMatchObject({ errorCode: 'malformed_response', costSource: 'unpriced' });
  });

  it('handles a non-JSON error page, and a classifier that throws, by status', async () => {
    h = await startHarness();
    h.server.on(
      'POST /v1/test',
      text(502, '<html><body>Bad gateway</body></html>', { 'content-type': 'text/html' }),
      ok(),
    );
    const r = await h.gateway.json(h.req(), parseChat);
    expect(r.attempts).toBe(2);
    await h.close();

    h = await startHarness({ descriptor: { classifyError: (_s, _h, body) => JSON.parse(body) as never } });
    h.server.on('POST /v1/test', text(401, 'Invalid access credentials.'));
    expect(await failure(h.gateway.json(h.req(), parseChat))).toMatchObject({ kind: 'auth', status: 401 });
  });

  it('applies classifySuccessBody to failures reported inside a 2xx', async () => {
    h = await startHarness({
      descriptor: {
        classifySuccessBody: (status, body) =>
          (body as { code?: number }).code !== 100
            ? new ProviderError({
                provider: 'openai',
                kind: 'bad_request',
                status,
                message: 'v1 code 400',
                providerCode: '400',
              })
            : null,
      },
    });
    h.server.on('POST /v1/test', json(200, { code: 400, message: 'invalid avatar' }));
    expect(await failure(h.gateway.json(h.req(), parseChat))).toMatchObject({
      kind: 'bad_request',
      providerCode: '400',
    });
    expect(h.ledger.rows[0]).toMatchObject({
      status: 200,
      errorCode: 'bad_request:400',
      costNanos: 0,
      costSource: 'computed',
    });
  });

  it('times out waiting for headers: kind timeout, not retried, ledgered with the pre-flight estimate', async () => {
    h = await startHarness();
    h.server.on('POST /v1/test', hang());
    const e = await failure(h.gateway.json(h.req({ timeoutMs: 150, estimatedUnits: { input_tokens: 10 } }), parseChat));
    expect(e).toMatchObject({ kind: 'timeout', providerCode: 'UND_ERR_HEADERS_TIMEOUT' });
    expect(h.server.requests).toHaveLength(1);
    expect(h.ledger.rows[0]).toMatchObject({
      status: null,
      errorCode: 'timeout:UND_ERR_HEADERS_TIMEOUT',
      costSource: 'estimated',
      costNanos: 10_000,
    });
    expect(h.ledger.rows[0]!.latencyMs).toBeGreaterThanOrEqual(140);
    expect(h.budgets.open.size).toBe(0);
  });

  it('ledgers an abort during the response and rejects with kind aborted', async () => {
    h = await startHarness();
    h.server.on('POST /v1/test', hang());
    const ac = new AbortController();
    void h.server.whenReceived(1).then(() => ac.abort());
    const e = await failure(h.gateway.json(h.req({ signal: ac.signal }), parseChat));
    expect(e.kind).toBe('aborted');
    expect(h.ledger.rows).toEqual([
      expect.objectContaining({ status: null, errorCode: 'aborted', costSource: 'unpriced' }),
    ]);
    expect(h.budgets.open.size).toBe(0);
  });

  it('aborts while waiting to retry without another attempt', async () => {
    h = await startHarness();
    h.server.on('POST /v1/test', throttled({ retryAfterMs: 5_000 }), ok());
    const ac = new AbortController();
    void h.server.whenReceived(1).then(() => ac.abort());
    const e = await failure(h.gateway.json(h.req({ signal: ac.signal }), parseChat));
    expect(e.kind).toBe('aborted');
    expect(h.server.requests).toHaveLength(1);
    expect(h.ledger.rows).toHaveLength(1);
    expect(h.budgets.open.size).toBe(0);
  });

  it('reports a connection refused as network, costing nothing (the request never left)', async () => {
    h = await startHarness({ gateway: { retry: { maxAttempts: 2 } } });
    const url = h.server.url;
    await h.server.close();
    const gw = createGateway({
      providers: { openai: testDescriptor() },
      ledger: h.ledger,
      pricer: new TablePricer(),
      budgets: h.budgets,
      limiter: h.limiter,
      baseUrls: createBaseUrls({ descriptors: {}, env: { AICON_OPENAI_BASE_URL: url } }),
      retry: { maxAttempts: 2, baseDelayMs: 1 },
    });
    const e = await failure(gw.json(h.req(), parseChat));
    await gw.close();
    expect(e).toMatchObject({ kind: 'network', providerCode: 'ECONNREFUSED' });
    expect(h.ledger.rows.map((r) => [r.status, r.errorCode, r.costNanos, r.costSource])).toEqual([
      [null, 'network:ECONNREFUSED', 0, 'computed'],
      [null, 'network:ECONNREFUSED', 0, 'computed'],
    ]);
  });
});

describe('gateway: before the first attempt', () => {
  it('a limiter rejection fails fast: the reservation handed back, no request, no ledger row, the upload stream released', async () => {
    h = await startHarness();
    h.server.on('POST /v1/test', ok());
    h.limiter.rejectWith = new AppError('rate_limited', 'hourly limit', { retryAt: 123 });
    const file = join(mkdtempSync(join(tmpdir(), 'gw-')), 'x.bin');
    writeFileSync(file, 'x');
    const stream = createReadStream(file);
    await expect(h.gateway.json(h.req({ body: stream }), parseChat)).rejects.toMatchObject({ code: 'rate_limited' });
    expect(stream.destroyed).toBe(true);
    expect(h.budgets.settled).toHaveLength(1);
    expect(h.budgets.settled[0]).toMatchObject({ actualNanos: null });
    expect(h.server.requests).toHaveLength(0);
    expect(h.ledger.rows).toHaveLength(0);
  });

  it('a budget hard stop fails before any request and uses no limiter slot', async () => {
    h = await startHarness({ budgetLimitNanos: 10_000 });
    h.server.on('POST /v1/test', ok());
    await expect(h.gateway.json(h.req({ worstCaseCostNanos: 20_000 }), parseChat)).rejects.toMatchObject({
      code: 'budget_exceeded',
    });
    expect(h.server.requests).toHaveLength(0);
    expect(h.limiter.acquired).toHaveLength(0);
  });

  it('an unregistered provider is unavailable; an already-aborted signal never dispatches', async () => {
    h = await startHarness();
    await expect(h.gateway.json(h.req({ provider: 'exa' }), parseChat)).rejects.toMatchObject({ code: 'unavailable' });
    const ac = new AbortController();
    ac.abort();
    expect((await failure(h.gateway.json(h.req({ signal: ac.signal }), parseChat))).kind).toBe('aborted');
    expect(h.server.requests).toHaveLength(0);
    expect(h.budgets.settled).toHaveLength(0);
  });

  it('never sends a paid call whose write-ahead row cannot be committed, and releases its hold', async () => {
    h = await startHarness();
    h.server.on('POST /v1/test', ok());
    h.ledger.beginAttempt = () => {
      throw new Error('disk I/O error');
    };
    await expect(h.gateway.json(h.req(), parseChat)).rejects.toThrow(/disk I\/O error/);
    expect(h.server.requests).toHaveLength(0);
    expect(h.budgets.open.size).toBe(0);
  });

  it('still returns the result and settles when completing the row throws (and says so in the log)', async () => {
    h = await startHarness();
    h.server.on('POST /v1/test', ok());
    h.ledger.completeAttempt = () => {
      throw new Error('disk I/O error');
    };
    const r = await h.gateway.json(h.req(), parseChat);
    expect(r.costNanos).toBe(CHAT_COST);
    expect(h.warnings.some((w) => w.includes(`ledger completion for call ${r.callId} attempt 1 failed`))).toBe(true);
    expect(h.budgets.open.size).toBe(0);
  });
});
