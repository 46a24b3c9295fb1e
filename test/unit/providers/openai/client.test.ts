import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Credential } from '../../../../main/gateway/types';
import {
  createChatCompletion,
  createEmbeddings,
  createLegacyCompletion,
  listModels,
  streamChatCompletion,
  transcribeAudio,
} from '../../../../main/providers/openai/client';
import { startOpenAIFake } from '../../../../main/providers/openai/fake';
import { checkOpenAIHealth } from '../../../../main/providers/openai/health';
import { wavBytes } from '../shared/audio-fixtures';
import { readExample, useLlmFake } from '../shared/llm-harness';
import { useTempDir } from '../shared/temp-files';

const KEY = 'sk-test-openai-0123456789abcdef';
const cred: Credential = { secret: KEY, integrationId: 'int-openai' };
const dir = useTempDir('aicon-openai-');

const setup = useLlmFake('openai', startOpenAIFake, KEY);

const userTurn = (content: string) => [{ role: 'user' as const, content }];

describe('OpenAI chat through the gateway', () => {
  it('replays the recorded completion and ledgers exact units, dated model and service_tier', async () => {
    const { fake, h } = await setup(true);
    const r = await createChatCompletion(h.gateway, cred, {
      model: 'gpt-4.1-nano',
      messages: userTurn('Invent a new holiday'),
      maxOutputTokens: 500,
    });
    expect(r.value.text).toBe(
      (
        JSON.parse(readExample('openai/chat-completion.gpt-4.1-nano.json')) as {
          choices: [{ message: { content: string } }];
        }
      ).choices[0].message.content,
    );
    expect(r.model).toBe('gpt-4.1-nano-2025-04-14');
    expect(h.ledger.rows).toHaveLength(1);
    const row = h.ledger.rows[0]!;
    expect(row).toMatchObject({
      provider: 'openai',
      endpoint: 'chat.completions',
      status: 200,
      costSource: 'computed',
      units: { input_tokens: 16, output_tokens: 363 },
      meta: { service_tier: 'default' },
    });
    expect(row.providerRequestId).toMatch(/^req_/);
    expect(row.costNanos).toBe(16 * 1_000 + 363 * 4_000);
    // The request: Bearer auth (recorded redacted), max_completion_tokens, a bounded reservation.
    expect(fake.requests[0]).toMatchObject({ path: '/v1/chat/completions', authorized: true });
    expect(fake.requests[0]?.headers.authorization).toBe('[redacted]');
    expect(h.budgets.settled[0]?.reservation.amountNanos).toBeGreaterThan(0);
    // The x-ratelimit-* headers were learned.
    expect(h.limiter.learned[0]).toMatchObject({ requestsRemaining: 499, tokensRemaining: 200_000 });
  });

  it('json_object returns parsed content-analysis JSON (demo content)', async () => {
    const { h } = await setup(false);
    const r = await createChatCompletion(h.gateway, cred, {
      model: 'gpt-4.1-nano',
      messages: [
        { role: 'system', content: 'Analyze the post and answer in JSON.' },
        { role: 'user', content: 'Stop scrolling! Three editing tricks for #reels with @creatorhub' },
      ],
      responseFormat: { type: 'json_object' },
    });
    expect(r.value.json).toMatchObject({ hashtags: expect.arrayContaining(['#reels']), mentions: ['@creatorhub'] });
    const again = await createChatCompletion(h.gateway, cred, {
      model: 'gpt-4.1-nano',
      messages: [
        { role: 'system', content: 'Analyze the post and answer in JSON.' },
        { role: 'user', content: 'Stop scrolling! Three editing tricks for #reels with @creatorhub' },
      ],
      responseFormat: { type: 'json_object' },
    });
    expect(again.value.json).toEqual(r.value.json);
    expect(h.ledger.rows[0]?.model).toBe('gpt-4.1-nano-2025-04-14');
  });

  it('json_schema sends the schema and gets a conforming answer', async () => {
    const { fake, h } = await setup(false);
    const schema = {
      type: 'object',
      properties: {
        hook: { type: 'string' },
        engagement_score: { type: 'integer', minimum: 0, maximum: 100 },
        hashtags: { type: 'array', items: { type: 'string' } },
      },
      required: ['hook', 'engagement_score', 'hashtags'],
      additionalProperties: false,
    };
    const r = await createChatCompletion(h.gateway, cred, {
      model: 'gpt-4.1-nano',
      messages: userTurn('Analyze: morning routine tips'),
      responseFormat: { type: 'json_schema', name: 'content_analysis', schema, strict: true },
    });
    const json = r.value.json as { hook: string; engagement_score: number; hashtags: string[] };
    expect(typeof json.hook).toBe('string');
    expect(Number.isInteger(json.engagement_score)).toBe(true);
    expect(Array.isArray(json.hashtags)).toBe(true);
    expect(fake.requests).toHaveLength(1);
    await expect(
      createChatCompletion(h.gateway, cred, {
        model: 'gpt-4.1-nano',
        messages: userTurn('x'),
        responseFormat: { type: 'json_schema', name: 'bad name!', schema },
      }),
    ).rejects.toMatchObject({ kind: 'bad_request', providerCode: 'invalid_schema_name' });
    expect(fake.requests).toHaveLength(1);
  });

  it('streams the recorded chunks with include_usage: units from the final usage chunk', async () => {
    const { h } = await setup(true);
    const deltas: string[] = [];
    const r = await streamChatCompletion(
      h.gateway,
      cred,
      { model: 'gpt-4.1-nano', messages: userTurn('Invent a holiday') },
      { onDelta: (d) => deltas.push(d) },
    );
    expect(r.value.text).toBe(deltas.join(''));
    expect(r.value.finishReason).toBe('stop');
    expect(h.ledger.rows[0]).toMatchObject({
      units: { input_tokens: 16, output_tokens: 300 },
      costSource: 'computed',
      meta: { service_tier: 'default' },
    });
  });

  it('a synthesized stream has the recorded chunk shape (usage:null + obfuscation, then choices:[] usage chunk)', async () => {
    const { h } = await setup(false);
    const r = await streamChatCompletion(h.gateway, cred, {
      model: 'gpt-4.1-nano',
      messages: userTurn('Rewrite this script about coffee'),
    });
    expect(r.value.text).toContain('HOOK:');
    const row = h.ledger.rows[0]!;
    expect(row.units.output_tokens).toBe(Math.ceil(r.value.text.length / 4));
    expect(row.costSource).toBe('computed');
  });

  it('retries a 429 that carries retry-after-ms, ledgering both attempts', async () => {
    const { fake, h } = await setup(true);
    fake.rateLimit({ retryAfterMs: 20 });
    const r = await createChatCompletion(h.gateway, cred, { model: 'gpt-4.1-nano', messages: userTurn('hi') });
    expect(r.attempts).toBe(2);
    expect(h.ledger.rows.map((x) => [x.status, x.errorCode, x.costSource])).toEqual([
      [429, 'rate_limited:rate_limit_exceeded', 'computed'],
      [200, null, 'computed'],
    ]);
    expect(h.ledger.rows[0]?.costNanos).toBe(0);
  });

  it('does not retry insufficient_quota', async () => {
    const { fake, h } = await setup(true);
    fake.insufficientQuota(3);
    await expect(
      createChatCompletion(h.gateway, cred, { model: 'gpt-4.1-nano', messages: userTurn('hi') }),
    ).rejects.toMatchObject({ kind: 'quota', retryable: false, status: 429 });
    expect(fake.requests).toHaveLength(1);
    expect(h.ledger.rows).toHaveLength(1);
  });

  it('retries 5xx and succeeds', async () => {
    const { fake, h } = await setup(true);
    fake.serverError(500);
    fake.serverError(503);
    const r = await createChatCompletion(h.gateway, cred, { model: 'gpt-4.1-nano', messages: userTurn('hi') });
    expect(r.attempts).toBe(3);
    expect(h.ledger.rows.map((x) => x.status)).toEqual([500, 503, 200]);
    expect(h.ledger.rows[1]?.errorCode).toBe('overloaded:server_error');
  });

  it("a wrong key gets OpenAI's real 401 body, classified as auth with no key echoed", async () => {
    const { fake, h } = await setup(true);
    const wrong = { secret: 'sk-wrong-key-000000000000000000' };
    const e = await createChatCompletion(h.gateway, wrong, { model: 'gpt-4.1-nano', messages: userTurn('hi') }).catch(
      (x: unknown) => x,
    );
    expect(e).toMatchObject({ kind: 'auth', status: 401, retryable: false, providerCode: 'invalid_api_key' });
    expect((e as Error).message).toMatch(/^Incorrect API key provided/);
    expect((e as Error).message).not.toContain('wrong-key-000000000000000000');
    expect(fake.requests[0]?.authorized).toBe(false);
  });

  it('a truncated stream fails as a network error and is ledgered as an estimate', async () => {
    const { fake, h } = await setup(true);
    fake.inject({ type: 'truncate', afterEvents: 20 });
    await expect(
      streamChatCompletion(h.gateway, cred, { model: 'gpt-4.1-nano', messages: userTurn('Invent a holiday') }),
    ).rejects.toMatchObject({ provider: 'openai' });
    expect(h.ledger.rows).toHaveLength(1);
    const row = h.ledger.rows[0]!;
    expect(row.costSource).toBe('estimated');
    expect(row.units.output_tokens).toBeGreaterThan(0);
    expect(row.units.input_tokens).toBeGreaterThan(0);
  });

  it('malformed JSON in a 200 becomes malformed_response', async () => {
    const { fake, h } = await setup(true);
    fake.inject({ type: 'malformed_json' }, { times: 5 });
    await expect(
      createChatCompletion(h.gateway, cred, { model: 'gpt-4.1-nano', messages: userTurn('hi') }),
    ).rejects.toMatchObject({ kind: 'malformed_response' });
  });

  it('a hung server times out with a typed timeout error', async () => {
    const { fake, h } = await setup(true);
    fake.inject({ type: 'hang' });
    await expect(
      createChatCompletion(h.gateway, cred, { model: 'gpt-4.1-nano', messages: userTurn('hi') }, { timeoutMs: 200 }),
    ).rejects.toMatchObject({ kind: 'timeout' });
  });

  it('the fake rejects max_tokens for reasoning models with the recorded 400 body', async () => {
    const { fake, h } = await setup(false);
    const res = await fetch(`${fake.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'o4-mini', messages: userTurn('x'), max_tokens: 5 }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual(JSON.parse(readExample('openai/error-400.unsupported_parameter.json')));
    expect(h.ledger.rows).toHaveLength(0);
  });
});

describe('OpenAI embeddings, legacy completions, models, health', () => {
  it('embeddings (recorded) -> prompt tokens', async () => {
    const { h } = await setup(true);
    const r = await createEmbeddings(h.gateway, cred, { model: 'text-embedding-3-small', input: ['a', 'b'] });
    expect(r.value.vectors).toHaveLength(2);
    expect(h.ledger.rows[0]).toMatchObject({
      endpoint: 'embeddings',
      units: { input_tokens: 12 },
      costSource: 'computed',
    });
  });

  it('embeddings (demo) are deterministic vectors of the requested size', async () => {
    const { h } = await setup(false);
    const a = await createEmbeddings(h.gateway, cred, {
      model: 'text-embedding-3-small',
      input: 'hello',
      dimensions: 4,
    });
    const b = await createEmbeddings(h.gateway, cred, {
      model: 'text-embedding-3-small',
      input: 'hello',
      dimensions: 4,
    });
    expect(a.value.vectors[0]).toHaveLength(4);
    expect(a.value.vectors).toEqual(b.value.vectors);
  });

  it('legacy completions (recorded)', async () => {
    const { h } = await setup(true);
    const r = await createLegacyCompletion(h.gateway, cred, {
      model: 'gpt-3.5-turbo-instruct',
      prompt: 'Invent a holiday',
      maxTokens: 16,
    });
    expect(r.value.finishReason).toBe('length');
    expect(h.ledger.rows[0]).toMatchObject({
      units: { input_tokens: 14, output_tokens: 16 },
      model: 'gpt-3.5-turbo-instruct:20230824-v2',
    });
  });

  it('models list and health check are free (priced 0, computed) and use GET /models only', async () => {
    const { fake, h } = await setup(true);
    const models = await listModels(h.gateway, cred);
    expect(models.value.map((m) => m.id)).toEqual(['model-id-0', 'model-id-1', 'model-id-2']);
    expect(models.value[2]?.shutdownDate).toBe('2026-10-23');
    const health = await checkOpenAIHealth(h.gateway, cred);
    expect(health.value).toEqual({ endpoint: 'GET /models', detail: '3 models' });
    expect(health.costNanos).toBe(0);
    expect(h.ledger.rows.map((r) => [r.operation, r.costNanos, r.costSource])).toEqual([
      ['health', 0, 'computed'],
      ['health', 0, 'computed'],
    ]);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/models', 'GET /v1/models']);
  });
});

describe('OpenAI transcriptions', () => {
  const wav = (name: string, seconds: number) => {
    const p = join(dir, name);
    writeFileSync(p, wavBytes(seconds));
    return p;
  };

  it('whisper-1 json: multipart upload from disk, duration usage in seconds', async () => {
    const { fake, h } = await setup(false);
    const path = wav('talk.wav', 12.3);
    const r = await transcribeAudio(h.gateway, cred, { filePath: path, model: 'whisper-1' });
    expect(r.value.text.length).toBeGreaterThan(0);
    expect(h.ledger.rows[0]).toMatchObject({
      endpoint: 'audio.transcriptions',
      units: { seconds: 13 },
      costSource: 'computed',
    });
    expect(fake.requests[0]?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(fake.requests[0]?.bodyBytes).toBeGreaterThan(wavBytes(12.3).length);
    expect(h.budgets.settled[0]?.reservation.amountNanos).toBe(13 * 100_000);
  });

  it('whisper-1 text/srt/vtt: no usage in the body, priced from the measured duration as an estimate', async () => {
    const { h } = await setup(false);
    const path = wav('clip.wav', 4.2);
    const text = await transcribeAudio(h.gateway, cred, { filePath: path, model: 'whisper-1', responseFormat: 'text' });
    expect(text.value.text.trim().length).toBeGreaterThan(0);
    const srt = await transcribeAudio(h.gateway, cred, { filePath: path, model: 'whisper-1', responseFormat: 'srt' });
    expect(srt.value.text).toMatch(/^1\n00:00:00,000 --> 00:00:04,200\n/);
    // A caller-supplied duration wins over the measured one.
    await transcribeAudio(h.gateway, cred, {
      filePath: path,
      model: 'whisper-1',
      responseFormat: 'vtt',
      durationSeconds: 60,
    });
    expect(h.ledger.rows.map((r) => [r.units, r.costSource])).toEqual([
      [{ seconds: 5 }, 'estimated'],
      [{ seconds: 5 }, 'estimated'],
      [{ seconds: 60 }, 'estimated'],
    ]);
  });

  it('gpt-4o-transcribe json (recorded): token usage', async () => {
    const { h } = await setup(true);
    const r = await transcribeAudio(h.gateway, cred, { filePath: wav('b.wav', 3), model: 'gpt-4o-transcribe' });
    expect(r.value.text).toMatch(/^Imagine the wildest idea/);
    expect(h.ledger.rows[0]).toMatchObject({
      units: { audio_input_tokens: 14, output_tokens: 45 },
      costSource: 'computed',
    });
  });

  it('gpt-4o-transcribe stream (recorded): deltas then usage from transcript.text.done', async () => {
    const { h } = await setup(true);
    const deltas: string[] = [];
    const r = await transcribeAudio(h.gateway, cred, {
      filePath: wav('c.wav', 3),
      model: 'gpt-4o-transcribe',
      stream: true,
      onDelta: (d) => deltas.push(d),
    });
    expect(r.value.text).toBe(deltas.join(''));
    expect(h.ledger.rows[0]).toMatchObject({
      units: { audio_input_tokens: 14, output_tokens: 45 },
      costSource: 'computed',
    });
  });

  it('refuses files over 25 MiB before any upload, with limit_exceeded', async () => {
    const { fake, h } = await setup(false);
    const path = join(dir, 'huge.wav');
    writeFileSync(path, wavBytes(1));
    truncateSync(path, 25 * 1024 * 1024 + 1);
    await expect(transcribeAudio(h.gateway, cred, { filePath: path, model: 'whisper-1' })).rejects.toMatchObject({
      kind: 'limit_exceeded',
      providerCode: 'file_too_large',
    });
    expect(fake.requests).toHaveLength(0);
    expect(h.ledger.rows).toHaveLength(0);
  });

  it('refuses unsupported extensions and missing files without a request', async () => {
    const { fake, h } = await setup(false);
    const txt = join(dir, 'notes.txt');
    writeFileSync(txt, 'hello');
    await expect(transcribeAudio(h.gateway, cred, { filePath: txt, model: 'whisper-1' })).rejects.toMatchObject({
      kind: 'bad_request',
      providerCode: 'unsupported_file_type',
    });
    await expect(
      transcribeAudio(h.gateway, cred, { filePath: join(dir, 'nope.wav'), model: 'whisper-1' }),
    ).rejects.toMatchObject({ providerCode: 'file_not_found' });
    expect(fake.requests).toHaveLength(0);
  });

  it('the fake rejects non-json formats for gpt-4o-transcribe like the API', async () => {
    const { h } = await setup(false);
    await expect(
      transcribeAudio(h.gateway, cred, {
        filePath: wav('d.wav', 1),
        model: 'gpt-4o-transcribe',
        responseFormat: 'text',
      }),
    ).rejects.toMatchObject({ kind: 'bad_request', providerCode: 'unsupported_value' });
  });
});
