// ElevenLabs responses -> typed values and metered units. TTS is billed in credits that ElevenLabs itself
// calls "characters" (subscription.character_count counts them): the `character-cost` response header is
// the truth; characters x model multiplier is only the estimate when the header is missing.
import { z } from 'zod';
import { headerNumber } from '../shared/headers';
import { parseWith } from '../shared/parse-kit';
import type { Headers, Metered } from '../../gateway/types';
import { elevenLabsRequestId } from './descriptor';

const PROVIDER = 'elevenlabs' as const;

export const DEFAULT_TTS_MODEL = 'eleven_multilingual_v2';

/** Max characters per TTS request (docs models.mdx). Unknown models get the smallest documented limit. */
export const TTS_CHARACTER_LIMITS: Readonly<Record<string, number>> = {
  eleven_v3: 3_000,
  eleven_flash_v2_5: 40_000,
  eleven_turbo_v2_5: 40_000,
  eleven_flash_v2: 30_000,
  eleven_turbo_v2: 30_000,
  eleven_multilingual_v2: 10_000,
  eleven_multilingual_v1: 10_000,
  eleven_monolingual_v1: 10_000,
};
const UNKNOWN_MODEL_LIMIT = 3_000;

export const ttsCharacterLimit = (modelId: string): number => TTS_CHARACTER_LIMITS[modelId] ?? UNKNOWN_MODEL_LIMIT;

/** Credits per character: Flash/Turbo 0.5, everything else 1 (GET /v1/models `model_rates` is authoritative). */
export const creditMultiplier = (modelId: string): number => (/flash|turbo/.test(modelId) ? 0.5 : 1);

/** Characters as ElevenLabs counts them (code points, so an emoji is one). */
export const countCharacters = (text: string): number => [...text].length;

export const estimateTtsCredits = (text: string, modelId: string): number =>
  Math.ceil(countCharacters(text) * creditMultiplier(modelId));

export interface SpeechFile {
  path: string;
  bytes: number;
  sha256: string;
  contentType: string | null;
  /** ElevenLabs `request-id` (request stitching, reconciliation through history). */
  requestId: string | null;
  /** Credits charged (`character-cost`), or the estimate when the header was missing. */
  credits: number;
  textCharacters: number;
}

/** Meters one TTS response from its headers. */
export function meterSpeech(
  headers: Headers,
  file: Omit<SpeechFile, 'requestId' | 'credits'>,
  text: string,
  modelId: string,
): Metered<SpeechFile> {
  const charged = headerNumber(headers, 'character-cost');
  const requestId = elevenLabsRequestId(headers) ?? null;
  const credits = charged ?? estimateTtsCredits(text, modelId);
  return {
    value: { ...file, requestId, credits },
    units: { characters: credits },
    model: modelId,
    ...(requestId ? { providerRequestId: requestId } : {}),
    ...(charged === undefined ? { estimated: true } : {}),
    meta: { text_characters: file.textCharacters, output_bytes: file.bytes },
  };
}

const subscriptionSchema = z.object({
  tier: z.string(),
  status: z.string().nullish(),
  character_count: z.number(),
  character_limit: z.number(),
  next_character_count_reset_unix: z.number().nullish(),
  can_use_instant_voice_cloning: z.boolean().nullish(),
  voice_slots_used: z.number().nullish(),
  voice_limit: z.number().nullish(),
  currency: z.string().nullish(),
  billing_period: z.string().nullish(),
  next_invoice: z.object({ amount_due_cents: z.number().nullish() }).nullish(),
});

const userSchema = z.object({
  user_id: z.string(),
  subscription: subscriptionSchema,
  subscription_extras: z.object({ concurrency: z.number().nullish() }).nullish(),
});

export interface ElevenLabsSubscription {
  tier: string;
  status: string | null;
  creditsUsed: number;
  creditsLimit: number;
  creditsLeft: number;
  /** When the credit counter resets, ISO 8601. */
  resetsAt: string | null;
  canUseInstantVoiceCloning: boolean;
  voiceSlotsUsed: number | null;
  voiceLimit: number | null;
  currency: string | null;
  /** monthly_period / annual_period. */
  billingPeriod: string | null;
  /** The next invoice in cents of `currency`: the plan's price, which values a credit (absent on /v1/user). */
  nextInvoiceCents: number | null;
}

export interface ElevenLabsUser extends ElevenLabsSubscription {
  userId: string;
  /** Plan concurrency (parallel TTS requests), when reported. */
  concurrency: number | null;
}

function toSubscription(s: z.output<typeof subscriptionSchema>): ElevenLabsSubscription {
  return {
    tier: s.tier,
    status: s.status ?? null,
    creditsUsed: s.character_count,
    creditsLimit: s.character_limit,
    creditsLeft: Math.max(0, s.character_limit - s.character_count),
    resetsAt: s.next_character_count_reset_unix
      ? new Date(s.next_character_count_reset_unix * 1000).toISOString()
      : null,
    canUseInstantVoiceCloning: s.can_use_instant_voice_cloning ?? false,
    voiceSlotsUsed: s.voice_slots_used ?? null,
    voiceLimit: s.voice_limit ?? null,
    currency: s.currency ?? null,
    billingPeriod: s.billing_period ?? null,
    nextInvoiceCents: s.next_invoice?.amount_due_cents ?? null,
  };
}

const free = <T>(value: T, meta?: Metered<T>['meta']): Metered<T> => ({
  value,
  units: {},
  free: true,
  ...(meta ? { meta } : {}),
});

export function parseUser(body: unknown): Metered<ElevenLabsUser> {
  const u = parseWith(PROVIDER, 'user', userSchema, body);
  const value: ElevenLabsUser = {
    userId: u.user_id,
    ...toSubscription(u.subscription),
    concurrency: u.subscription_extras?.concurrency ?? null,
  };
  return free(value, { credits_left: value.creditsLeft });
}

export function parseSubscription(body: unknown): Metered<ElevenLabsSubscription> {
  const value = toSubscription(parseWith(PROVIDER, 'subscription', subscriptionSchema, body));
  return free(value, { credits_left: value.creditsLeft });
}

const voiceSchema = z.object({
  voice_id: z.string(),
  name: z.string().nullish(),
  category: z.string().nullish(),
  description: z.string().nullish(),
  labels: z.record(z.string(), z.string()).nullish(),
  preview_url: z.string().nullish(),
  is_owner: z.boolean().nullish(),
});

export interface Voice {
  voiceId: string;
  name: string;
  category: string | null;
  description: string | null;
  labels: Record<string, string>;
  previewUrl: string | null;
  isOwner: boolean | null;
}

export function parseVoices(body: unknown): Metered<Voice[]> {
  const { voices } = parseWith(PROVIDER, 'voices', z.object({ voices: z.array(voiceSchema) }), body);
  return free(
    voices.map((v) => ({
      voiceId: v.voice_id,
      name: v.name ?? v.voice_id,
      category: v.category ?? null,
      description: v.description ?? null,
      labels: v.labels ?? {},
      previewUrl: v.preview_url ?? null,
      isOwner: v.is_owner ?? null,
    })),
  );
}

const modelSchema = z.object({
  model_id: z.string(),
  name: z.string().nullish(),
  can_do_text_to_speech: z.boolean().nullish(),
  model_rates: z.object({ character_cost_multiplier: z.number() }).nullish(),
  max_characters_request_free_user: z.number().nullish(),
  max_characters_request_subscribed_user: z.number().nullish(),
  maximum_text_length_per_request: z.number().nullish(),
  concurrency_group: z.string().nullish(),
  languages: z.array(z.object({ language_id: z.string() })).nullish(),
});

export interface ElevenLabsModel {
  modelId: string;
  name: string;
  canDoTextToSpeech: boolean;
  characterCostMultiplier: number | null;
  maxCharactersFreeUser: number | null;
  maxCharactersSubscribedUser: number | null;
  maximumTextLengthPerRequest: number | null;
  concurrencyGroup: string | null;
  languages: string[];
}

/** GET /v1/models answers with a bare array. */
export function parseModels(body: unknown): Metered<ElevenLabsModel[]> {
  const models = parseWith(PROVIDER, 'models', z.array(modelSchema), body);
  return free(
    models.map((m) => ({
      modelId: m.model_id,
      name: m.name ?? m.model_id,
      canDoTextToSpeech: m.can_do_text_to_speech ?? false,
      characterCostMultiplier: m.model_rates?.character_cost_multiplier ?? null,
      maxCharactersFreeUser: m.max_characters_request_free_user ?? null,
      maxCharactersSubscribedUser: m.max_characters_request_subscribed_user ?? null,
      maximumTextLengthPerRequest: m.maximum_text_length_per_request ?? null,
      concurrencyGroup: m.concurrency_group ?? null,
      languages: (m.languages ?? []).map((l) => l.language_id),
    })),
  );
}

export interface ClonedVoice {
  voiceId: string;
  /** True: the voice cannot be used until ElevenLabs verifies it. */
  requiresVerification: boolean;
}

/** Instant voice cloning uses a voice slot, not credits. */
export function parseVoiceAdd(body: unknown): Metered<ClonedVoice> {
  const v = parseWith(
    PROVIDER,
    'voice add',
    z.object({ voice_id: z.string(), requires_verification: z.boolean().nullish() }),
    body,
  );
  return {
    value: { voiceId: v.voice_id, requiresVerification: v.requires_verification ?? false },
    units: {},
    free: true,
    providerRequestId: v.voice_id,
  };
}

const voiceDeleteSchema = z.object({ status: z.string() });

/** DELETE /v1/voices/{id}: free, no units. */
export function parseVoiceDelete(body: unknown): Metered<{ status: string }> {
  const b = parseWith(PROVIDER, 'voices.delete', voiceDeleteSchema, body);
  return { value: { status: b.status }, units: {}, free: true };
}
