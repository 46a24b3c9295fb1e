import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Credential } from '../../../../main/gateway/types';
import {
  checkElevenLabsHealth,
  classifyElevenLabsError,
  cloneVoice,
  elevenLabsRateLimitHint,
  elevenlabsDescriptor,
  getSubscription,
  listModels,
  listVoices,
  parseModels,
  parseSubscription,
  parseUser,
  parseVoiceAdd,
  parseVoices,
  speakScript,
  splitScript,
  textToSpeech,
} from '../../../../main/providers/elevenlabs';
import { ELEVENLABS_FAKE_KEY, startElevenLabsFake } from '../../../../main/providers/elevenlabs/fake';
import {
  expectFault,
  expectRetriedPast,
  failure,
  recordedExamples,
  serverError,
  tooManyRequests,
  useFakeGateway,
} from '../shared/media-kit';
import { useTempDir } from '../shared/temp-files';

const { json: example, text: exampleText, expectShippedCopies } = recordedExamples('elevenlabs');
const key: Credential = { secret: ELEVENLABS_FAKE_KEY };

describe('ElevenLabs recorded examples', () => {
  it('ships byte-identical copies of the recorded examples for the fake', () => {
    expectShippedCopies([
      'get-v1-user.200.json',
      'get-v1-user-subscription.200.json',
      'get-v1-voices.200.json',
      'get-v1-models.200.json',
      'post-v1-voices-add.200.json',
      'error-401-invalid_api_key.json',
      'error-401-needs_authorization.json',
    ]);
  });

  it('parses GET /v1/user', () => {
    const m = parseUser(example('get-v1-user.200.json'));
    expect(m.free).toBe(true);
    expect(m.units).toEqual({});
    expect(m.value).toEqual({
      userId: '1234567890',
      tier: 'trial',
      status: 'free',
      creditsUsed: 17231,
      creditsLimit: 100000,
      creditsLeft: 82769,
      resetsAt: '2025-01-31T20:54:18.000Z',
      canUseInstantVoiceCloning: true,
      voiceSlotsUsed: 1,
      voiceLimit: 120,
      currency: 'usd',
      billingPeriod: 'monthly_period',
      nextInvoiceCents: null,
      concurrency: 10,
    });
  });

  it('parses GET /v1/user/subscription', () => {
    const m = parseSubscription(example('get-v1-user-subscription.200.json'));
    expect(m.value).toMatchObject({
      tier: 'starter',
      status: 'active',
      creditsUsed: 1000,
      creditsLimit: 10000,
      creditsLeft: 9000,
      voiceLimit: 10,
      voiceSlotsUsed: 1,
      billingPeriod: 'monthly_period',
      nextInvoiceCents: 1000,
    });
    expect(m.meta).toEqual({ credits_left: 9000 });
  });

  it('parses GET /v1/voices', () => {
    const [voice, ...rest] = parseVoices(example('get-v1-voices.200.json')).value;
    expect(rest).toEqual([]);
    expect(voice).toEqual({
      voiceId: '21m00Tcm4TlvDq8ikWAM',
      name: 'Rachel',
      category: 'professional',
      description: 'A warm, expressive voice with a touch of humor.',
      labels: {
        accent: 'American',
        age: 'middle-aged',
        description: 'expressive',
        gender: 'female',
        use_case: 'social media',
      },
      previewUrl:
        'https://storage.googleapis.com/eleven-public-prod/premade/voices/9BWtsMINqrJLrRacOk9x/405766b8-1f4e-4d3c-aba1-6f25333823ec.mp3',
      isOwner: false,
    });
  });

  it('parses GET /v1/models (a bare array)', () => {
    expect(parseModels(example('get-v1-models.200.json')).value).toEqual([
      {
        modelId: 'eleven_multilingual_v2',
        name: 'Eleven Multilingual v2',
        canDoTextToSpeech: true,
        characterCostMultiplier: 1,
        maxCharactersFreeUser: 2500,
        maxCharactersSubscribedUser: 5000,
        maximumTextLengthPerRequest: 1000000,
        concurrencyGroup: 'standard',
        languages: ['en'],
      },
    ]);
  });

  it('parses POST /v1/voices/add', () => {
    const m = parseVoiceAdd(example('post-v1-voices-add.200.json'));
    expect(m.value).toEqual({ voiceId: 'c38kUX8pkfYO2kHyqfFy', requiresVerification: false });
    expect(m.providerRequestId).toBe('c38kUX8pkfYO2kHyqfFy');
  });

  it('rejects a body of the wrong shape as malformed_response', () => {
    expect(() => parseUser({ user_id: 1 })).toThrow(expect.objectContaining({ kind: 'malformed_response' }));
    expect(() => parseModels({ models: [] })).toThrow(expect.objectContaining({ kind: 'malformed_response' }));
  });
});

describe('ElevenLabs errors', () => {
  const classify = (status: number, name: string, headers = {}) =>
    classifyElevenLabsError(status, headers, exampleText(name));

  it('maps 401 quota_exceeded to out of credits (not a bad key), never retried', () => {
    const e = classify(401, 'error-401-quota_exceeded.legacy-2023.json');
    expect([e.kind, e.retryable, e.providerCode, e.status]).toEqual(['quota', false, 'quota_exceeded', 401]);
    expect(e.message).toContain('You have 11 characters remaining');
  });

  it('maps invalid and missing keys to auth', () => {
    expect(classify(401, 'error-401-invalid_api_key.json')).toMatchObject({
      kind: 'auth',
      retryable: false,
      providerCode: 'invalid_api_key',
      message: 'Invalid API key',
    });
    expect(classify(401, 'error-401-needs_authorization.json')).toMatchObject({
      kind: 'auth',
      retryable: false,
      providerCode: 'needs_authorization',
    });
  });

  it('maps 400 max_character_limit_exceeded to limit_exceeded', () => {
    expect(classify(400, 'error-400-max_character_limit_exceeded.json')).toMatchObject({
      kind: 'limit_exceeded',
      retryable: false,
      providerCode: 'max_character_limit_exceeded',
    });
  });

  it('maps FastAPI 422 detail arrays, concurrency 429s, busy and 5xx pages', () => {
    const v = classifyElevenLabsError(
      422,
      {},
      '{"detail":[{"loc":["body","text"],"msg":"Field required","type":"missing"}]}',
    );
    expect(v).toMatchObject({
      kind: 'bad_request',
      retryable: false,
      providerCode: 'validation_error',
      message: 'body.text: Field required',
    });
    const busy = classifyElevenLabsError(
      429,
      { 'retry-after': '2' },
      '{"detail":{"status":"too_many_concurrent_requests","message":"maximum of 2 concurrent requests"}}',
    );
    expect(busy).toMatchObject({ kind: 'rate_limited', retryable: true, retryAfterMs: 2000 });
    expect(classifyElevenLabsError(429, {}, '{"detail":{"status":"system_busy","message":"busy"}}')).toMatchObject({
      kind: 'overloaded',
      retryable: true,
    });
    expect(
      classifyElevenLabsError(403, {}, '{"detail":{"status":"only_for_creator+","message":"upgrade"}}'),
    ).toMatchObject({ kind: 'permission', retryable: false });
    expect(classifyElevenLabsError(502, {}, '<html>Bad gateway</html>')).toMatchObject({
      kind: 'server',
      retryable: true,
    });
    // Newer bodies may use detail.code instead of detail.status.
    expect(
      classifyElevenLabsError(401, {}, '{"detail":{"code":"quota_exceeded","message":"x","type":"auth"}}'),
    ).toMatchObject({ kind: 'quota' });
  });

  it('reads plan concurrency from the TTS headers', () => {
    expect(elevenLabsRateLimitHint({ 'current-concurrent-requests': '2', 'maximum-concurrent-requests': '5' })).toEqual(
      { concurrency: { current: 2, limit: 5 } },
    );
    expect(elevenLabsRateLimitHint({})).toBeNull();
    expect(elevenlabsDescriptor.authHeaders({ secret: 'abc' })).toEqual({ 'xi-api-key': 'abc' });
  });
});

describe('splitScript', () => {
  it('splits at sentence boundaries and keeps every chunk within the limit', () => {
    const text = 'Dr. Smith arrived early. The meeting started at nine! Was it worth it? Absolutely.';
    const chunks = splitScript(text, 40);
    expect(chunks).toEqual([
      'Dr. Smith arrived early.',
      'The meeting started at nine!',
      'Was it worth it? Absolutely.',
    ]);
  });

  it('falls back to words for a run-on sentence and hard-cuts a giant word', () => {
    expect(splitScript('one two three four five six', 9)).toEqual(['one two', 'three', 'four five', 'six']);
    expect(splitScript('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });

  it('never exceeds the limit and never loses a word (property)', () => {
    const word = fc.stringMatching(/^(?:[a-zé]|😀){1,12}$/u);
    const sentence = fc.array(word, { minLength: 1, maxLength: 12 }).map((ws) => `${ws.join(' ')}.`);
    fc.assert(
      fc.property(
        fc.array(sentence, { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 5, max: 80 }),
        (sentences, max) => {
          const text = sentences.join(' ');
          const chunks = splitScript(text, max);
          for (const c of chunks) expect([...c].length).toBeLessThanOrEqual(max);
          expect(chunks.join('').replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('ElevenLabs through the gateway against the fake', () => {
  const dir = useTempDir('aicon-el-');
  const t = useFakeGateway(startElevenLabsFake, (fake) => ({ elevenlabs: fake.url }));

  it('health reads GET /v1/user and costs nothing', async () => {
    const r = await checkElevenLabsHealth(t.gw.gateway, key);
    expect(r.value.creditsLeft).toBe(82769);
    expect(r.costNanos).toBe(0);
    expect(await t.gw.rows()).toHaveLength(1);
    expect((await t.gw.rows())[0]).toMatchObject({ endpoint: 'user', units: {}, costNanos: 0, costSource: 'computed' });
    expect(t.fake.requests.map((q) => `${q.method} ${q.path}`)).toEqual(['GET /v1/user']);
  });

  it('lists voices, models and the subscription for free', async () => {
    expect((await listVoices(t.gw.gateway, key)).value.map((v) => v.voiceId)).toEqual(['21m00Tcm4TlvDq8ikWAM']);
    expect((await listModels(t.gw.gateway, key)).value[0]?.modelId).toBe('eleven_multilingual_v2');
    expect((await getSubscription(t.gw.gateway, key)).value.creditsLeft).toBe(82769);
    expect((await t.gw.rows()).every((r) => r.costNanos === 0)).toBe(true);
  });

  it('speaks to a file: output_format in the query, character-cost and request-id read from headers', async () => {
    const out = join(dir, 'hello.mp3');
    const text = 'Hello there, this is a test of the voice.';
    const r = await textToSpeech(t.gw.gateway, key, {
      voiceId: '21m00Tcm4TlvDq8ikWAM',
      text,
      outputPath: out,
      outputFormat: 'mp3_44100_128',
    });
    const audio = readFileSync(out);
    expect([...audio.subarray(0, 2)]).toEqual([0xff, 0xfb]);
    expect(r.value).toMatchObject({
      path: out,
      bytes: audio.length,
      credits: text.length,
      textCharacters: text.length,
      contentType: 'audio/mpeg',
    });
    expect(r.value.sha256).toBe(createHash('sha256').update(audio).digest('hex'));
    expect(r.value.requestId).toMatch(/^[0-9a-f]{20}$/);
    const row = (await t.gw.rows())[0]!;
    expect(row).toMatchObject({
      units: { characters: text.length },
      providerRequestId: r.value.requestId,
      model: 'eleven_multilingual_v2',
      costSource: 'computed',
    });
    expect(t.fake.requests[0]?.query).toBe('?output_format=mp3_44100_128');
    expect(t.gw.limiter.learned).toContainEqual({ concurrency: { current: 1, limit: 10 } });
  });

  it('charges half a credit per character on Flash models (as the header says)', async () => {
    const text = 'Fast and cheap.';
    const r = await textToSpeech(t.gw.gateway, key, {
      voiceId: '21m00Tcm4TlvDq8ikWAM',
      text,
      outputPath: join(dir, 'flash.pcm'),
      modelId: 'eleven_flash_v2_5',
      outputFormat: 'pcm_16000',
    });
    expect(r.value.credits).toBe(Math.ceil(text.length / 2));
    expect(r.value.contentType).toBe('audio/pcm');
  });

  it('refuses text over the model limit before sending anything', async () => {
    const e = await failure(
      textToSpeech(t.gw.gateway, key, {
        voiceId: 'v',
        text: 'a'.repeat(3001),
        modelId: 'eleven_v3',
        outputPath: join(dir, 'x.mp3'),
      }),
    );
    expect([e.kind, e.providerCode]).toEqual(['limit_exceeded', 'max_character_limit_exceeded']);
    expect(t.fake.requests).toHaveLength(0);
    expect(await t.gw.rows()).toHaveLength(0);
  });

  it('speaks a long script as several sentence-aligned requests joined into one file', async () => {
    const sentence = 'This sentence is part of a long script that must be split. ';
    const text = sentence.repeat(120); // 7200 characters > eleven_v3's 3000
    const out = join(dir, 'long.mp3');
    const r = await speakScript(t.gw.gateway, key, {
      voiceId: '21m00Tcm4TlvDq8ikWAM',
      text,
      modelId: 'eleven_v3',
      outputPath: out,
      stitch: true,
    });
    expect(r.parts).toHaveLength(3);
    expect(r.parts.every((p) => p.textCharacters <= 3000)).toBe(true);
    expect(r.credits).toBe(r.parts.reduce((s, p) => s + p.credits, 0));
    expect(readFileSync(out).length).toBe(r.file.bytes);
    expect(t.fake.state.ttsRequests).toBe(3);
    expect((await t.gw.rows()).map((row) => row.units.characters)).toEqual(r.parts.map((p) => p.credits));
  });

  it('out of credits is a non-retried quota error', async () => {
    await t.restart({ creditsLeft: 5 });
    const e = await failure(
      textToSpeech(t.gw.gateway, key, {
        voiceId: '21m00Tcm4TlvDq8ikWAM',
        text: 'More than five characters.',
        outputPath: join(dir, 'q.mp3'),
      }),
    );
    expect([e.kind, e.status, e.retryable, e.providerCode]).toEqual(['quota', 401, false, 'quota_exceeded']);
    expect(t.fake.requests).toHaveLength(1);
  });

  it('a wrong key gets the recorded 401 and is not retried', async () => {
    const e = await failure(checkElevenLabsHealth(t.gw.gateway, { secret: 'wrong-key' }));
    expect([e.kind, e.providerCode, e.message]).toEqual(['auth', 'invalid_api_key', 'Invalid API key']);
    expect(t.fake.requests).toHaveLength(1);
  });

  it('retries a 429 with Retry-After and a 503, then succeeds', async () => {
    const storm = [
      tooManyRequests({ detail: { status: 'too_many_concurrent_requests', message: 'busy' } }),
      serverError(503, '<html>unavailable</html>', { 'content-type': 'text/html' }),
    ];
    await expectRetriedPast(t.fake, storm, { path: /text-to-speech/ }, () =>
      textToSpeech(t.gw.gateway, key, {
        voiceId: '21m00Tcm4TlvDq8ikWAM',
        text: 'Retry me.',
        outputPath: join(dir, 'retry.mp3'),
      }),
    );
    expect((await t.gw.rows()).map((row) => row.status)).toEqual([429, 503, 200]);
  });

  it('a malformed 2xx body is a typed malformed_response', async () => {
    await expectFault(
      t.fake,
      { type: 'malformed_json' },
      { path: '/v1/user' },
      () => checkElevenLabsHealth(t.gw.gateway, key),
      'malformed_response',
    );
  });

  it('times out on a hung server', async () => {
    await expectFault(
      t.fake,
      { type: 'hang' },
      { path: '/v1/voices' },
      () => listVoices(t.gw.gateway, key, { timeoutMs: 300 }),
      'timeout',
    );
  });

  it('a TTS body cut mid-stream leaves no output file', async () => {
    t.fake.inject({ type: 'truncate', afterBytes: 100 }, { path: /text-to-speech/ });
    const out = join(dir, 'cut.mp3');
    await failure(
      textToSpeech(t.gw.gateway, key, {
        voiceId: '21m00Tcm4TlvDq8ikWAM',
        text: 'A sentence long enough to produce audio.',
        outputPath: out,
      }),
    );
    expect(() => readFileSync(out)).toThrow();
    expect(() => readFileSync(`${out}.part`)).toThrow();
  });

  it('clones a voice from repeated `files` parts streamed from disk; never retried', async () => {
    const a = join(dir, 'a.mp3');
    const b = join(dir, 'b.wav');
    writeFileSync(a, Buffer.alloc(70_000, 1));
    writeFileSync(b, Buffer.alloc(12_345, 2));
    const r = await cloneVoice(t.gw.gateway, key, {
      name: 'My voice',
      samples: [
        { path: a, mimeType: 'audio/mpeg' },
        { path: b, mimeType: 'audio/wav' },
      ],
      labels: { accent: 'British' },
      removeBackgroundNoise: true,
    });
    expect(r.value).toEqual({ voiceId: 'c38kUX8pkfYO2kHyqfFy', requiresVerification: false });
    const clone = t.fake.state.clones[0]!;
    expect(clone.name).toBe('My voice');
    expect(clone.labels).toBe('{"accent":"British"}');
    expect(clone.files).toEqual([
      {
        filename: 'a.mp3',
        contentType: 'audio/mpeg',
        bytes: 70_000,
        sha256: createHash('sha256').update(readFileSync(a)).digest('hex'),
      },
      {
        filename: 'b.wav',
        contentType: 'audio/wav',
        bytes: 12_345,
        sha256: createHash('sha256').update(readFileSync(b)).digest('hex'),
      },
    ]);
    expect(r.costNanos).toBe(0);

    const e = await expectFault(
      t.fake,
      serverError(503),
      { path: '/v1/voices/add' },
      () => cloneVoice(t.gw.gateway, key, { name: 'Again', samples: [{ path: a }] }),
      'server',
    );
    expect(e.retryable).toBe(true);
    expect(t.fake.requests.filter((q) => q.path === '/v1/voices/add')).toHaveLength(2);
  });

  it('refuses a clone without samples or with an empty file', async () => {
    expect((await failure(cloneVoice(t.gw.gateway, key, { name: 'x', samples: [] }))).providerCode).toBe(
      'missing_files',
    );
    const empty = join(dir, 'empty.mp3');
    writeFileSync(empty, '');
    expect((await failure(cloneVoice(t.gw.gateway, key, { name: 'x', samples: [{ path: empty }] }))).providerCode).toBe(
      'empty_file',
    );
    expect(t.fake.requests).toHaveLength(0);
  });
});
