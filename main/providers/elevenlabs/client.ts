// ElevenLabs operations over the gateway: instant voice clone (multipart streamed from disk), text to speech
// (audio streamed to a file, per-model character limits checked before sending, long scripts split at
// sentence boundaries), voices (list, delete: frees the voice slot), models, user and subscription.
import { openAsBlob } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Credential, Gateway, GatewayResult, Metered } from '../../gateway/types';
import { callFields, freeGetRequest, type CallContext } from '../shared/call';
import { joinFiles, saveStream, type SavedFile } from '../shared/file-sink';
import { badInput, limitExceeded } from '../shared/parse-kit';
import { splitScript } from './script-split';
import {
  DEFAULT_TTS_MODEL,
  countCharacters,
  estimateTtsCredits,
  meterSpeech,
  parseModels,
  parseSubscription,
  parseVoiceAdd,
  parseVoiceDelete,
  parseVoices,
  ttsCharacterLimit,
  type ClonedVoice,
  type ElevenLabsModel,
  type ElevenLabsSubscription,
  type SpeechFile,
  type Voice,
} from './usage';

const PROVIDER = 'elevenlabs' as const;

const isFile = (path: string): Promise<boolean> =>
  stat(path).then(
    (s) => s.isFile() && s.size > 0,
    () => false,
  );

export const OUTPUT_FORMATS = [
  'mp3_22050_32',
  'mp3_44100_32',
  'mp3_44100_64',
  'mp3_44100_96',
  'mp3_44100_128',
  'mp3_44100_192',
  'pcm_8000',
  'pcm_16000',
  'pcm_22050',
  'pcm_24000',
  'pcm_44100',
  'pcm_48000',
  'ulaw_8000',
  'alaw_8000',
  'opus_48000_32',
  'opus_48000_64',
  'opus_48000_96',
  'opus_48000_128',
  'opus_48000_192',
] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface VoiceSettings {
  stability?: number | null;
  similarity_boost?: number | null;
  style?: number | null;
  use_speaker_boost?: boolean | null;
  speed?: number | null;
}

export interface SpeechInput extends CallContext {
  voiceId: string;
  text: string;
  /** Where the audio goes (written via `<path>.part`, renamed when complete). */
  outputPath: string;
  modelId?: string;
  outputFormat?: OutputFormat;
  languageCode?: string;
  voiceSettings?: VoiceSettings;
  seed?: number;
  /** false = zero-retention mode (no history, no stitching). Default true, as the API. */
  enableLogging?: boolean;
  /** Request stitching: ids of the generations that precede this one (max 3). */
  previousRequestIds?: string[];
}

/** One TTS request. Text over the model's per-request limit is refused before anything is sent. */
export async function textToSpeech(
  gateway: Gateway,
  credential: Credential,
  input: SpeechInput,
): Promise<GatewayResult<SpeechFile>> {
  const modelId = input.modelId ?? DEFAULT_TTS_MODEL;
  const textCharacters = countCharacters(input.text);
  if (input.text.trim() === '') throw badInput(PROVIDER, 'text to speak is empty', 'empty_text');
  if (input.voiceId.trim() === '') throw badInput(PROVIDER, 'voice id is empty', 'missing_voice_id');
  const limit = ttsCharacterLimit(modelId);
  if (textCharacters > limit) {
    throw limitExceeded(
      PROVIDER,
      `text has ${textCharacters} characters; ${modelId} accepts at most ${limit} per request`,
      'max_character_limit_exceeded',
    );
  }
  // output_format and enable_logging are QUERY parameters; a body field would be ignored.
  const query = new URLSearchParams({ output_format: input.outputFormat ?? 'mp3_44100_128' });
  if (input.enableLogging === false) query.set('enable_logging', 'false');
  const body = {
    text: input.text,
    model_id: modelId,
    ...(input.languageCode ? { language_code: input.languageCode } : {}),
    ...(input.voiceSettings ? { voice_settings: input.voiceSettings } : {}),
    ...(input.seed !== undefined ? { seed: input.seed } : {}),
    ...(input.previousRequestIds?.length ? { previous_request_ids: input.previousRequestIds.slice(-3) } : {}),
  };
  return gateway.binary(
    {
      provider: PROVIDER,
      operation: 'voice_generation',
      endpoint: 'text-to-speech',
      method: 'POST',
      path: `/v1/text-to-speech/${encodeURIComponent(input.voiceId)}?${query.toString()}`,
      headers: { 'content-type': 'application/json', accept: 'audio/*' },
      body: JSON.stringify(body),
      model: modelId,
      idempotent: true,
      // Credits (characters x the model's multiplier), priced per credit by the price table or your plan's override.
      worstCaseUnits: { characters: estimateTtsCredits(input.text, modelId) },
      estimatedUnits: { characters: estimateTtsCredits(input.text, modelId) },
      credential,
      ...callFields(input),
    },
    async (stream, meta) => {
      const saved = await saveStream(stream, input.outputPath, input.signal ? { signal: input.signal } : {});
      const contentType = typeof meta.headers['content-type'] === 'string' ? meta.headers['content-type'] : null;
      return meterSpeech(meta.headers, { ...saved, contentType, textCharacters }, input.text, modelId);
    },
  );
}

export interface ScriptSpeechInput extends Omit<SpeechInput, 'previousRequestIds'> {
  /** Override the per-request limit (e.g. a plan-specific cap read from GET /v1/models). */
  maxCharactersPerRequest?: number;
  /** Pass each piece's request id to the next (request stitching) for smoother joins. */
  stitch?: boolean;
  /**
   * Parts an earlier run already paid for, in order, their audio still at `<outputPath>.piece<i>`: they are not
   * sent again. With it (or onPart) a failure keeps the finished pieces, so the caller can resume from them.
   */
  done?: ScriptSpeechPart[];
  /** Called with every part the moment its audio is on disk, so the caller can checkpoint it. */
  onPart?: (parts: ScriptSpeechPart[]) => void;
}

export type ScriptSpeechPart = ScriptSpeech['parts'][number];

export interface ScriptSpeech {
  file: SavedFile;
  parts: { requestId: string | null; credits: number; textCharacters: number; callId: string }[];
  credits: number;
}

/**
 * Speaks a script of any length: split at sentence boundaries into requests that each fit the model's limit,
 * audio joined into one file in order. A failure part-way deletes the pieces and rethrows (the calls that did
 * succeed are already in the ledger), unless the caller resumes: then the paid pieces stay for the next run.
 */
export async function speakScript(
  gateway: Gateway,
  credential: Credential,
  input: ScriptSpeechInput,
): Promise<ScriptSpeech> {
  const modelId = input.modelId ?? DEFAULT_TTS_MODEL;
  const cap = input.maxCharactersPerRequest;
  if (cap !== undefined && (!Number.isInteger(cap) || cap < 1))
    throw badInput(PROVIDER, 'maxCharactersPerRequest must be a positive integer', 'invalid_limit');
  const max = Math.min(cap ?? Number.POSITIVE_INFINITY, ttsCharacterLimit(modelId));
  const chunks = splitScript(input.text, max);
  if (chunks.length === 0) throw badInput(PROVIDER, 'text to speak is empty', 'empty_text');
  const pieces = chunks.map((_, i) => `${input.outputPath}.piece${i}`);
  const resumable = input.done !== undefined || input.onPart !== undefined;
  const parts: ScriptSpeechPart[] = [];
  for (const [i, part] of (input.done ?? []).slice(0, chunks.length).entries()) {
    if (!(await isFile(pieces[i] as string))) break;
    parts.push(part);
  }
  try {
    for (const [i, text] of chunks.entries()) {
      if (i < parts.length) continue;
      const piecePath = pieces[i] as string;
      const previous = input.stitch ? parts.flatMap((p) => (p.requestId ? [p.requestId] : [])) : [];
      const result = await textToSpeech(gateway, credential, {
        ...input,
        modelId,
        text,
        outputPath: piecePath,
        previousRequestIds: previous,
      });
      parts.push({
        requestId: result.value.requestId,
        credits: result.value.credits,
        textCharacters: result.value.textCharacters,
        callId: result.callId,
      });
      input.onPart?.([...parts]);
    }
    const file = await joinFiles(pieces, input.outputPath);
    return { file, parts, credits: parts.reduce((sum, p) => sum + p.credits, 0) };
  } catch (e) {
    const unpaid = resumable ? pieces.slice(parts.length) : pieces;
    await Promise.all(unpaid.map((p) => rm(p, { force: true })));
    throw e;
  }
}

export interface VoiceSample {
  path: string;
  /** MIME type sent for the part (audio/mpeg, audio/wav, …). */
  mimeType?: string;
}

export interface CloneInput extends CallContext {
  name: string;
  samples: VoiceSample[];
  description?: string;
  labels?: Record<string, string>;
  removeBackgroundNoise?: boolean;
}

/**
 * Instant voice clone. Each sample becomes its own part named `files` (not `files[]`), read lazily from disk by
 * a file-backed Blob, so memory stays flat whatever the sample sizes. Creates a voice (uses a slot): never retried.
 */
export async function cloneVoice(
  gateway: Gateway,
  credential: Credential,
  input: CloneInput,
): Promise<GatewayResult<ClonedVoice>> {
  if (input.name.trim() === '') throw badInput(PROVIDER, 'voice name is empty', 'missing_name');
  if (input.samples.length === 0) throw badInput(PROVIDER, 'at least one audio sample is needed', 'missing_files');
  const form = new FormData();
  form.append('name', input.name);
  let totalBytes = 0;
  for (const sample of input.samples) {
    const info = await stat(sample.path);
    if (!info.isFile()) throw badInput(PROVIDER, `${basename(sample.path)} is not a regular file`, 'not_a_file');
    if (info.size === 0) throw badInput(PROVIDER, `${basename(sample.path)} is empty`, 'empty_file');
    totalBytes += info.size;
    form.append(
      'files',
      await openAsBlob(sample.path, { type: sample.mimeType ?? 'application/octet-stream' }),
      basename(sample.path),
    );
  }
  if (input.removeBackgroundNoise !== undefined)
    form.append('remove_background_noise', String(input.removeBackgroundNoise));
  if (input.description) form.append('description', input.description);
  // labels is a JSON *string* field in the multipart form.
  if (input.labels) form.append('labels', JSON.stringify(input.labels));
  return gateway.json(
    {
      provider: PROVIDER,
      operation: 'voice_generation',
      endpoint: 'voices.add',
      method: 'POST',
      path: '/v1/voices/add',
      body: form,
      bodyBytes: totalBytes,
      idempotent: false,
      // An instant voice clone spends no credits (it takes a voice slot), but it creates a voice: written ahead and
      // sent once per job like a paid call.
      worstCaseCostNanos: 0,
      credential,
      ...callFields(input),
    },
    (body) => parseVoiceAdd(body),
  );
}

/** Voices, the subscription and the user: free GETs, seeded as `account` for the hourly limits. */
const get = <T>(
  gateway: Gateway,
  credential: Credential,
  endpoint: string,
  path: string,
  parse: (b: unknown) => Metered<T>,
  c: CallContext = {},
) => gateway.json(freeGetRequest(PROVIDER, endpoint, path, credential, { ...c, operation: 'account' }), parse);

export const listVoices = async (
  gateway: Gateway,
  credential: Credential,
  c?: CallContext,
): Promise<GatewayResult<Voice[]>> => get(gateway, credential, 'voices.list', '/v1/voices', parseVoices, c);

/**
 * DELETE /v1/voices/{voice_id} → {"status":"ok"} (spec DeleteVoiceResponseModel). Free; frees the voice slot
 * a clone holds. Repeating it is harmless (the second answers an error), so the gateway may retry it.
 */
export const deleteVoice = async (
  gateway: Gateway,
  credential: Credential,
  voiceId: string,
  c: CallContext = {},
): Promise<GatewayResult<{ status: string }>> => {
  if (voiceId.trim() === '') throw badInput(PROVIDER, 'voice id is empty', 'empty_voice_id');
  return gateway.json(
    {
      provider: PROVIDER,
      operation: 'account',
      endpoint: 'voices.delete',
      method: 'DELETE',
      path: `/v1/voices/${encodeURIComponent(voiceId)}`,
      idempotent: true,
      free: true,
      credential,
      ...callFields(c),
    },
    (body) => parseVoiceDelete(body),
  );
};

export const listModels = async (
  gateway: Gateway,
  credential: Credential,
  c?: CallContext,
): Promise<GatewayResult<ElevenLabsModel[]>> => get(gateway, credential, 'models.list', '/v1/models', parseModels, c);

/** Credits used / left in the current period. */
export const getSubscription = async (
  gateway: Gateway,
  credential: Credential,
  c?: CallContext,
): Promise<GatewayResult<ElevenLabsSubscription>> =>
  get(gateway, credential, 'user.subscription', '/v1/user/subscription', parseSubscription, c);
