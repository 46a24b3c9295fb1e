// HeyGen responses -> typed values and metered units, across the v1 / v2 / v3 envelopes. A render is billed
// on the finished video's duration (legacy credits per 30 s, or the 2026 USD wallet per second): the submit is
// ledgered with an estimated duration and settled later from the completed video's `duration`.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { usdToNanos } from '../shared/money';
import { malformedResponse, parseWith } from '../shared/parse-kit';
import type { LateSettlement } from '../shared/settlement';
import type { Metered, Nanos } from '../../gateway/types';
import { V1_SUCCESS } from './descriptor';

const PROVIDER = 'heygen' as const;

const v1 = <T extends z.ZodType>(data: T) => z.object({ code: z.literal(V1_SUCCESS), data });
const v2 = <T extends z.ZodType>(data: T) => z.object({ error: z.null().optional(), data });
const v3 = <T extends z.ZodType>(data: T) => z.object({ data });

const free = <T>(value: T, extra: Partial<Metered<T>> = {}): Metered<T> => ({ value, units: {}, free: true, ...extra });

/** Seconds a script takes to speak (about 150 words a minute): the render estimate until the real duration is known. */
export const estimateSpeechSeconds = (script: string): number => Math.max(1, Math.round([...script].length / 15));

/** An upper bound for the same: a slow narration pace (about 100 words a minute), what a render reserves. */
export const maxSpeechSeconds = (script: string): number => Math.max(1, Math.ceil([...script].length / 10));

export interface UploadedAsset {
  assetId: string;
  url: string | null;
  fileType: 'image' | 'video' | 'audio' | string;
  /** Images only: what a photo avatar is created from (NOT the asset id). */
  imageKey: string | null;
}

export function parseLegacyUpload(body: unknown): Metered<UploadedAsset> {
  const { data } = parseWith(
    PROVIDER,
    'asset upload',
    v1(z.object({ id: z.string(), file_type: z.string(), url: z.string().nullish(), image_key: z.string().nullish() })),
    body,
  );
  return free(
    { assetId: data.id, url: data.url ?? null, fileType: data.file_type, imageKey: data.image_key ?? null },
    { providerRequestId: data.id },
  );
}

export interface UploadedAssetV3 {
  assetId: string;
  url: string;
  mimeType: string;
  sizeBytes: number;
}

export function parseAssetV3(body: unknown): Metered<UploadedAssetV3> {
  const { data } = parseWith(
    PROVIDER,
    'asset upload',
    v3(z.object({ asset_id: z.string(), url: z.string(), mime_type: z.string(), size_bytes: z.number() })),
    body,
  );
  return free(
    { assetId: data.asset_id, url: data.url, mimeType: data.mime_type, sizeBytes: data.size_bytes },
    { providerRequestId: data.asset_id },
  );
}

export interface PhotoAvatar {
  /** The talking_photo_id used in video_inputs[].character. */
  id: string;
  groupId: string | null;
  status: string;
  name: string | null;
  imageUrl: string | null;
}

const photoAvatarSchema = z.object({
  id: z.string(),
  group_id: z.string().nullish(),
  status: z.string(),
  name: z.string().nullish(),
  image_url: z.string().nullish(),
});

/** Creating a photo avatar from an uploaded photo is not billed (training and generated looks are; not used here). */
export function parsePhotoAvatar(body: unknown): Metered<PhotoAvatar> {
  const { data } = parseWith(PROVIDER, 'photo avatar', v2(photoAvatarSchema), body);
  return free(
    {
      id: data.id,
      groupId: data.group_id ?? null,
      status: data.status,
      name: data.name ?? null,
      imageUrl: data.image_url ?? null,
    },
    { providerRequestId: data.id },
  );
}

export interface TalkingPhoto {
  id: string;
  imageUrl: string | null;
}

export function parseTalkingPhotos(body: unknown): Metered<TalkingPhoto[]> {
  const { data } = parseWith(
    PROVIDER,
    'talking photo list',
    v1(z.array(z.object({ id: z.string(), image_url: z.string().nullish() }))),
    body,
  );
  return free(data.map((p) => ({ id: p.id, imageUrl: p.image_url ?? null })));
}

export interface SubmittedVideo {
  videoId: string;
  status: string | null;
  estimatedSeconds: number;
}

/** The render submit (v2 `{error:null,data:{video_id}}` or v3 `{data:{video_id,status}}`), ledgered as an estimate. */
export function meterVideoSubmit(body: unknown, estimatedSeconds: number, engine: string): Metered<SubmittedVideo> {
  const { data } = parseWith(
    PROVIDER,
    'video submit',
    z.object({ data: z.object({ video_id: z.string(), status: z.string().nullish() }) }),
    body,
  );
  return {
    value: { videoId: data.video_id, status: data.status ?? null, estimatedSeconds },
    units: { seconds: estimatedSeconds },
    estimated: true,
    model: engine,
    providerRequestId: data.video_id,
  };
}

/** The avatar kinds HeyGen prices differently per second of output (developers.heygen.com/docs/pricing, 2026). */
export type AvatarKind = 'photo_avatar' | 'digital_twin' | 'avatar_iii';
export type RenderResolution = '720p' | '1080p' | '4k';

const KIND_MODEL: Record<AvatarKind, string> = {
  photo_avatar: 'avatar_iv',
  digital_twin: 'digital_twin',
  avatar_iii: 'avatar_iii',
};

/**
 * The price-table model a v3 render is ledgered under: Avatar IV photo avatar $0.05/s ($0.0667/s at 4K),
 * digital twin $0.0667/s ($0.0833/s at 4K), Avatar III $0.0167/s ($0.02/s at 4K).
 */
export const heygenRenderModel = (kind: AvatarKind, resolution: RenderResolution): string =>
  `${KIND_MODEL[kind]}${resolution === '4k' ? '_4k' : ''}`;

/** The v3 look type of an avatar -> the kind it is billed as. */
export const avatarKindOfLook = (lookType: string): AvatarKind =>
  lookType === 'photo_avatar' ? 'photo_avatar' : 'digital_twin';

export interface AvatarLookV3 {
  /** The look id: what POST /v3/videos takes as `avatar_id`. */
  id: string;
  groupId: string | null;
  name: string;
  avatarType: string;
  /** processing | pending_consent | failed | completed; null when HeyGen leaves it out (ready). */
  status: string | null;
  previewImageUrl: string | null;
}

const lookSchema = z.object({
  id: z.string(),
  name: z.string(),
  avatar_type: z.string(),
  group_id: z.string().nullish(),
  status: z.string().nullish(),
  preview_image_url: z.string().nullish(),
});

const toLook = (l: z.infer<typeof lookSchema>): AvatarLookV3 => ({
  id: l.id,
  groupId: l.group_id ?? null,
  name: l.name,
  avatarType: l.avatar_type,
  status: l.status ?? null,
  previewImageUrl: l.preview_image_url ?? null,
});

/**
 * POST /v3/avatars `{data:{avatar_item, avatar_group}}` (its look is the avatar) or GET /v3/avatars/looks/{id}
 * `{data: look}`. Creating a photo avatar is not billed.
 */
export function parseAvatarV3(body: unknown): Metered<AvatarLookV3> {
  const created = z
    .object({ data: z.object({ avatar_item: lookSchema, avatar_group: z.object({ id: z.string() }).nullish() }) })
    .safeParse(body);
  if (created.success) {
    const look = toLook(created.data.data.avatar_item);
    return free(
      { ...look, groupId: look.groupId ?? created.data.data.avatar_group?.id ?? null },
      { providerRequestId: look.id },
    );
  }
  const { data } = parseWith(PROVIDER, 'avatar look', v3(lookSchema), body);
  return free(toLook(data), { providerRequestId: data.id });
}

export interface ListedVideo {
  videoId: string;
  title: string | null;
  status: string;
}

/** GET /v3/videos `{data:[VideoDetail], has_more, next_token}`. */
export function parseVideoList(body: unknown): Metered<ListedVideo[]> {
  const { data } = parseWith(
    PROVIDER,
    'video list',
    v3(z.array(z.object({ id: z.string(), title: z.string().nullish(), status: z.string() }))),
    body,
  );
  return free(data.map((v) => ({ videoId: v.id, title: v.title ?? null, status: v.status })));
}

/**
 * A key derived from everything that decides what a render produces (avatar, words or audio bytes, voice,
 * resolution, ratio): the same request gives the same key, so a rerun can find the video it already paid for.
 */
export function renderRequestKey(parts: Record<string, string | number | null>): string {
  const canonical = JSON.stringify(
    Object.keys(parts)
      .sort()
      .map((k) => [k, parts[k]]),
  );
  return `aicon-${createHash('sha256').update(canonical).digest('hex').slice(0, 20)}`;
}

export type RenderState = 'waiting' | 'pending' | 'processing' | 'completed' | 'failed';

export interface VideoStatus {
  videoId: string;
  status: RenderState | string;
  videoUrl: string | null;
  thumbnailUrl: string | null;
  /** Output duration in seconds once completed (what the render is billed on). */
  durationSeconds: number | null;
  failure: { code: string | null; message: string | null } | null;
}

const v1StatusSchema = v1(
  z.object({
    id: z.string(),
    status: z.string(),
    video_url: z.string().nullish(),
    thumbnail_url: z.string().nullish(),
    duration: z.number().nullish(),
    error: z
      .union([
        z.string(),
        z.object({
          code: z.union([z.string(), z.number()]).nullish(),
          message: z.string().nullish(),
          detail: z.string().nullish(),
        }),
      ])
      .nullish(),
  }),
);

const detailSchema = z.object({
  data: z.object({
    id: z.string(),
    status: z.string(),
    video_url: z.string().nullish(),
    thumbnail_url: z.string().nullish(),
    duration: z.number().nullish(),
    failure_code: z.string().nullish(),
    failure_message: z.string().nullish(),
  }),
});

/** GET /v1/video_status.get (v1 envelope) or GET /v2|v3/videos/{id} ({data}). Status reads are free. */
export function parseVideoStatus(body: unknown): Metered<VideoStatus> {
  const legacy = v1StatusSchema.safeParse(body);
  if (legacy.success) {
    const d = legacy.data.data;
    const err = d.error;
    const failure =
      d.status === 'failed' || err
        ? {
            code: typeof err === 'object' && err?.code != null ? String(err.code) : null,
            message: typeof err === 'string' ? err : (err?.message ?? err?.detail ?? null),
          }
        : null;
    return free(
      {
        videoId: d.id,
        status: d.status,
        videoUrl: d.video_url ?? null,
        thumbnailUrl: d.thumbnail_url ?? null,
        durationSeconds: d.duration ?? null,
        failure,
      },
      { providerRequestId: d.id },
    );
  }
  const detail = detailSchema.safeParse(body);
  if (!detail.success) throw malformedResponse(PROVIDER, 'video status', detail.error);
  const d = detail.data.data;
  const failure =
    d.status === 'failed' || d.failure_code
      ? { code: d.failure_code ?? null, message: d.failure_message ?? null }
      : null;
  return free(
    {
      videoId: d.id,
      status: d.status,
      videoUrl: d.video_url ?? null,
      thumbnailUrl: d.thumbnail_url ?? null,
      durationSeconds: d.duration ?? null,
      failure,
    },
    { providerRequestId: d.id },
  );
}

/** Legacy plan credits (v2 renders) are charged per started 30 s of output. */
export const LEGACY_BILLING_INCREMENT_SECONDS = 30;

/** The seconds a legacy (v2) render of this length is billed for. */
export const legacyBilledSeconds = (seconds: number): number =>
  Math.ceil(seconds / LEGACY_BILLING_INCREMENT_SECONDS) * LEGACY_BILLING_INCREMENT_SECONDS;

/**
 * The settlement of a finished render for the submit's ledger row (matched by video id): a completed video is
 * billed on its real duration, rounded up to `incrementSeconds` when given (legacy credits); a failed one on no
 * output at all (billing is per second of output; no recorded example shows a charge for a failed render).
 * Null while the render is still running, or completed without a duration.
 */
export function heygenSettlementFor(
  video: VideoStatus,
  opts: { incrementSeconds?: number } = {},
): LateSettlement | null {
  if (video.status === 'failed')
    return { provider: PROVIDER, providerRequestId: video.videoId, units: {}, free: true, meta: { status: 'failed' } };
  if (video.status !== 'completed' || video.durationSeconds === null) return null;
  const step = opts.incrementSeconds;
  const billed = step ? Math.ceil(video.durationSeconds / step) * step : video.durationSeconds;
  return {
    provider: PROVIDER,
    providerRequestId: video.videoId,
    units: { seconds: billed },
    meta: { duration_s: video.durationSeconds },
  };
}

export interface RemainingQuota {
  /** As reported; the unit (seconds of quota vs credits) is not documented verbatim. */
  remainingQuota: number;
  usedQuota: number | null;
}

export function parseRemainingQuota(body: unknown): Metered<RemainingQuota> {
  const { data } = parseWith(
    PROVIDER,
    'remaining quota',
    v2(z.object({ remaining_quota: z.number(), used_quota: z.number().nullish() })),
    body,
  );
  return free(
    { remainingQuota: data.remaining_quota, usedQuota: data.used_quota ?? null },
    { meta: { remaining_quota: data.remaining_quota } },
  );
}

export interface HeyGenAccount {
  username: string;
  email: string | null;
  billingType: string | null;
  /** Wallet balance in nano-USD when the wallet is in USD. */
  walletBalanceNanos: Nanos | null;
  /** Wallet balance when the wallet counts credits (Enterprise). */
  walletCredits: number | null;
  premiumCreditsRemaining: number | null;
  spendingCurrentNanos: Nanos | null;
  spendingCapNanos: Nanos | null;
}

const userMeSchema = v3(
  z.object({
    username: z.string(),
    email: z.string().nullish(),
    billing_type: z.string().nullish(),
    wallet: z.object({ currency: z.string(), remaining_balance: z.number().nullish() }).nullish(),
    subscription: z
      .object({
        credits: z.object({ premium_credits: z.object({ remaining: z.number().nullish() }).nullish() }).nullish(),
      })
      .nullish(),
    usage_based: z
      .object({ spending_current_usd: z.number().nullish(), spending_cap_usd: z.number().nullish() })
      .nullish(),
  }),
);

export function parseUserMe(body: unknown): Metered<HeyGenAccount> {
  const { data } = parseWith(PROVIDER, 'users/me', userMeSchema, body);
  const wallet = data.wallet;
  const balance = wallet?.remaining_balance ?? null;
  const value: HeyGenAccount = {
    username: data.username,
    email: data.email ?? null,
    billingType: data.billing_type ?? null,
    walletBalanceNanos: wallet?.currency === 'usd' && balance !== null ? (usdToNanos(balance) ?? null) : null,
    walletCredits: wallet?.currency === 'credits' ? balance : null,
    premiumCreditsRemaining: data.subscription?.credits?.premium_credits?.remaining ?? null,
    spendingCurrentNanos: usdToNanos(data.usage_based?.spending_current_usd) ?? null,
    spendingCapNanos: usdToNanos(data.usage_based?.spending_cap_usd) ?? null,
  };
  return free(value);
}

/**
 * What a render really cost according to the wallet: the balance drop between two reads. Concurrent renders
 * share one wallet, so this reconciles a period, not one video; null when either read has no USD balance.
 */
export function walletSpendNanos(before: HeyGenAccount, after: HeyGenAccount): Nanos | null {
  if (before.walletBalanceNanos === null || after.walletBalanceNanos === null) return null;
  return before.walletBalanceNanos - after.walletBalanceNanos;
}
