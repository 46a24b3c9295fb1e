// A loopback ElevenLabs: the recorded user/subscription/voices/models bodies, instant voice cloning that
// scans the multipart upload as a stream, and TTS returning deterministic silent audio with the real
// headers (`character-cost`, `request-id`, concurrency). It keeps a credit counter so running out gives the
// real 401 `quota_exceeded`, enforces per-model character limits and plan concurrency, and answers a wrong
// or missing key with the recorded 401 bodies. A clone takes a voice slot (subscription `voice_slots_used`) and
// DELETE /v1/voices/{id} frees it; deleting an unknown or premade voice is a 400 whose body is reconstructed
// (the spec documents only 200 and 422). Faults (429, 5xx, hangs, cut bodies) via `inject`.
import { createHash } from 'node:crypto';
import type { FakeServer } from '../shared/fake-server';
import { multipartBoundary, scanMultipart, type ScannedPart } from '../shared/multipart-scan';
import { startStreamFakeServer, type StreamFakeReply, type StreamFakeRequest } from '../shared/stream-fake-server';
import { silentAudio, speechSeconds } from './fake-audio';
import invalidKeyBody from './fixtures/error-401-invalid_api_key.json';
import missingKeyBody from './fixtures/error-401-needs_authorization.json';
import modelsBody from './fixtures/get-v1-models.200.json';
import subscriptionBody from './fixtures/get-v1-user-subscription.200.json';
import userBody from './fixtures/get-v1-user.200.json';
import voicesBody from './fixtures/get-v1-voices.200.json';
import voiceAddBody from './fixtures/post-v1-voices-add.200.json';
import { OUTPUT_FORMATS } from './client';
import { countCharacters, creditMultiplier, ttsCharacterLimit } from './usage';

export const ELEVENLABS_FAKE_KEY = 'fake-elevenlabs-key-0123456789';

export interface ElevenLabsFakeOptions {
  /** The key the fake accepts (default ELEVENLABS_FAKE_KEY). */
  apiKey?: string;
  /** Credits left before TTS answers 401 quota_exceeded (default: the recorded user's 100000 - 17231). */
  creditsLeft?: number;
  /** Parallel TTS requests allowed before 429 too_many_concurrent_requests (default 10, the recorded plan). */
  concurrency?: number;
  /** Slows every TTS answer (concurrency and abort tests). */
  ttsDelayMs?: number;
}

export interface ClonedVoiceRecord {
  voiceId: string;
  name: string;
  files: { filename: string | null; contentType: string | null; bytes: number; sha256: string }[];
  labels: string | null;
}

export interface ElevenLabsFake extends FakeServer {
  readonly state: {
    creditsUsed: number;
    creditLimit: number;
    clones: ClonedVoiceRecord[];
    /** Voice ids deleted through DELETE /v1/voices/{id}. */
    deleted: string[];
    ttsRequests: number;
    /** The JSON body of the last text-to-speech request that was billed. */
    lastTtsBody: unknown;
  };
}

const validation = (loc: string[], msg: string, type: string) => ({ detail: [{ loc, msg, type }] });

export async function startElevenLabsFake(options: ElevenLabsFakeOptions = {}): Promise<ElevenLabsFake> {
  const apiKey = options.apiKey ?? ELEVENLABS_FAKE_KEY;
  const recorded = userBody.subscription;
  const state = {
    creditLimit: recorded.character_limit,
    creditsUsed:
      recorded.character_limit - (options.creditsLeft ?? recorded.character_limit - recorded.character_count),
    clones: [] as ClonedVoiceRecord[],
    deleted: [] as string[],
    ttsRequests: 0,
    lastTtsBody: null as unknown,
  };
  const concurrency = options.concurrency ?? userBody.subscription_extras.concurrency;
  let inFlight = 0;
  /** The recorded account's voices still there (a DELETE removes one like a clone). */
  const recordedVoices = () => voicesBody.voices.filter((v) => !state.deleted.includes(v.voice_id));
  const knownVoices = () =>
    new Set([...recordedVoices().map((v) => v.voice_id), ...state.clones.map((c) => c.voiceId)]);

  const subscription = () => ({
    ...subscriptionBody,
    character_count: state.creditsUsed,
    character_limit: state.creditLimit,
    voice_slots_used: subscriptionBody.voice_slots_used + state.clones.length,
  });

  function deleteVoice(req: StreamFakeRequest, reply: StreamFakeReply) {
    const voiceId = decodeURIComponent(req.params[0] ?? '');
    if (!knownVoices().has(voiceId))
      return reply.json(400, {
        detail: { status: 'voice_not_found', message: `A voice with the voice_id ${voiceId} was not found.` },
      });
    state.clones = state.clones.filter((c) => c.voiceId !== voiceId);
    state.deleted.push(voiceId);
    reply.json(200, { status: 'ok' });
  }

  async function addVoice(req: StreamFakeRequest, reply: StreamFakeReply) {
    const boundary = multipartBoundary(req.headers['content-type']);
    if (boundary === null) return reply.json(422, validation(['body'], 'Expected multipart/form-data', 'value_error'));
    let parts: ScannedPart[];
    try {
      parts = await scanMultipart(req.stream, boundary);
    } catch (e) {
      return reply.json(400, {
        detail: { status: 'invalid_multipart', message: e instanceof Error ? e.message : 'bad multipart body' },
      });
    }
    const name = parts.find((p) => p.name === 'name')?.text ?? '';
    const files = parts.filter((p) => p.name === 'files');
    if (name.trim() === '') return reply.json(422, validation(['body', 'name'], 'Field required', 'missing'));
    if (files.length === 0) return reply.json(422, validation(['body', 'files'], 'Field required', 'missing'));
    // The first clone answers with the recorded body; later ones get stable derived ids.
    const voiceId =
      state.clones.length === 0
        ? voiceAddBody.voice_id
        : createHash('sha256').update(`${name}:${req.seq}`).digest('base64url').slice(0, 20);
    state.clones.push({
      voiceId,
      name,
      files: files.map(({ filename, contentType, bytes, sha256 }) => ({ filename, contentType, bytes, sha256 })),
      labels: parts.find((p) => p.name === 'labels')?.text ?? null,
    });
    reply.json(200, { requires_verification: voiceAddBody.requires_verification, voice_id: voiceId });
  }

  async function textToSpeech(req: StreamFakeRequest, reply: StreamFakeReply) {
    const voiceId = decodeURIComponent(req.params[0] ?? '');
    const body = await req.json();
    const format = req.query.get('output_format') ?? 'mp3_44100_128';
    if (!(OUTPUT_FORMATS as readonly string[]).includes(format)) {
      return reply.json(
        422,
        validation(['query', 'output_format'], `Input should be one of ${OUTPUT_FORMATS.join(', ')}`, 'enum'),
      );
    }
    const text =
      typeof body === 'object' && body !== null && typeof (body as { text?: unknown }).text === 'string'
        ? (body as { text: string }).text
        : null;
    if (text === null) return reply.json(422, validation(['body', 'text'], 'Field required', 'missing'));
    const modelId = (body as { model_id?: string }).model_id ?? 'eleven_multilingual_v2';
    if (!knownVoices().has(voiceId)) {
      return reply.json(400, {
        detail: { status: 'voice_not_found', message: `A voice with the voice_id ${voiceId} was not found.` },
      });
    }
    const characters = countCharacters(text);
    const limit = ttsCharacterLimit(modelId);
    if (characters > limit) {
      return reply.json(400, {
        detail: {
          status: 'max_character_limit_exceeded',
          message: `This request's text has ${characters} characters and exceeds the character limit of ${limit} characters.`,
        },
      });
    }
    const cost = Math.ceil(characters * creditMultiplier(modelId));
    const left = state.creditLimit - state.creditsUsed;
    if (cost > left) {
      return reply.json(401, {
        detail: {
          status: 'quota_exceeded',
          message: `This request exceeds your quota of ${state.creditLimit}. You have ${left} credits remaining, while ${cost} credits are required for this request.`,
        },
      });
    }
    if (inFlight >= concurrency) {
      return reply.json(429, {
        detail: {
          status: 'too_many_concurrent_requests',
          message: `Too many concurrent requests. Your current subscription is associated with a maximum of ${concurrency} concurrent requests.`,
        },
      });
    }
    const audio = silentAudio(format, speechSeconds(characters));
    if (audio === null)
      return reply.json(
        422,
        validation(['query', 'output_format'], `${format} is not produced by the fake`, 'value_error'),
      );
    inFlight++;
    try {
      if (options.ttsDelayMs) await new Promise((r) => setTimeout(r, options.ttsDelayMs).unref());
      state.creditsUsed += cost;
      state.ttsRequests++;
      state.lastTtsBody = body;
      reply.binary(200, audio.bytes, audio.contentType, {
        'character-cost': String(cost),
        'request-id': createHash('sha256')
          .update(`${voiceId}:${modelId}:${text}:${req.seq}`)
          .digest('hex')
          .slice(0, 20),
        'current-concurrent-requests': String(inFlight),
        'maximum-concurrent-requests': String(concurrency),
      });
    } finally {
      inFlight--;
    }
  }

  const server = await startStreamFakeServer({
    authorize: (req) => req.headers['xi-api-key'] === apiKey,
    unauthorized: (req, reply) =>
      reply.json(401, req.headers['xi-api-key'] === undefined ? missingKeyBody : invalidKeyBody),
    notFound: (_req, reply) => reply.json(404, { detail: 'Not Found' }),
    routes: [
      {
        method: 'GET',
        path: '/v1/user',
        handler: (_req, reply) =>
          reply.json(200, {
            ...userBody,
            subscription: {
              ...userBody.subscription,
              character_count: state.creditsUsed,
              character_limit: state.creditLimit,
            },
          }),
      },
      { method: 'GET', path: '/v1/user/subscription', handler: (_req, reply) => reply.json(200, subscription()) },
      {
        method: 'GET',
        path: '/v1/voices',
        handler: (_req, reply) =>
          reply.json(200, {
            voices: [
              ...recordedVoices(),
              ...state.clones.map((c) => ({
                voice_id: c.voiceId,
                name: c.name,
                category: 'cloned',
                labels: {},
                is_owner: true,
              })),
            ],
          }),
      },
      { method: 'GET', path: '/v1/models', handler: (_req, reply) => reply.json(200, modelsBody) },
      { method: 'POST', path: '/v1/voices/add', handler: addVoice },
      { method: 'DELETE', path: /^\/v1\/voices\/([^/]+)$/, handler: deleteVoice },
      { method: 'POST', path: /^\/v1\/text-to-speech\/([^/]+)$/, handler: textToSpeech },
    ],
  });
  return Object.assign(server, { state });
}
