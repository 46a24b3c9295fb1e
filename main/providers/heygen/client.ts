// HeyGen operations over the gateway. The workflows use v3 only: asset upload (POST /v3/assets, multipart),
// photo avatar (POST /v3/avatars, GET /v3/avatars/looks/{id}), render (POST /v3/videos, priced per second by
// avatar kind and resolution), status (GET /v3/videos/{id}) and the render lookup by title that makes a submit
// idempotent (GET /v3/videos?title=). v1/v2 functions (raw-bytes upload to upload.heygen.com, /v2 photo avatar
// and video generate, /v1 talking photo list, /v2 remaining quota) stay for the wire-format contract tests and
// for uploads over v3's 32 MB multipart cap, which has no v3 equivalent in the saved spec; HeyGen supports
// v1/v2 until 2026-10-31 only. The finished video is downloaded to disk before its signed URL expires.
import { callFields, freeGetRequest, type CallContext } from '../shared/call';
import { createReadStream, openAsBlob } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Transform } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { request, type Dispatcher } from 'undici';
import { ProviderError, type Credential, type Gateway, type GatewayResult, type Metered } from '../../gateway/types';
import { saveStream, type SavedFile } from '../shared/file-sink';
import { badInput, limitExceeded } from '../shared/parse-kit';
import { HEYGEN_MAX_VIDEO_SECONDS } from './plan';
import {
  estimateSpeechSeconds,
  heygenRenderModel,
  meterVideoSubmit,
  parseAvatarV3,
  parseVideoList,
  parseAssetV3,
  parseLegacyUpload,
  parsePhotoAvatar,
  parseRemainingQuota,
  parseTalkingPhotos,
  parseUserMe,
  parseVideoStatus,
  type AvatarKind,
  type AvatarLookV3,
  type HeyGenAccount,
  type ListedVideo,
  type RenderResolution,
  type PhotoAvatar,
  type RemainingQuota,
  type SubmittedVideo,
  type TalkingPhoto,
  type UploadedAsset,
  type UploadedAssetV3,
  type VideoStatus,
} from './usage';

const PROVIDER = 'heygen' as const;
const MB = 1024 * 1024;

/** Legacy upload: accepted types and HeyGen's documented input limits (docs limits page, 2025-11). */
export const LEGACY_UPLOAD_LIMITS: Readonly<Record<string, number>> = {
  'image/png': 50 * MB,
  'image/jpeg': 50 * MB,
  'video/mp4': 100 * MB,
  'video/webm': 100 * MB,
  'audio/mpeg': 50 * MB,
};
export const V3_UPLOAD_MAX_BYTES = 32 * MB;

export type { CallContext };

async function regularFileSize(path: string): Promise<number> {
  const info = await stat(path);
  if (!info.isFile()) throw badInput(PROVIDER, `${basename(path)} is not a regular file`, 'not_a_file');
  if (info.size === 0) throw badInput(PROVIDER, `${basename(path)} is empty`, 'empty_file');
  return info.size;
}

/** Reports bytes as they leave, so the UI can show upload progress. */
function progressCounter(onProgress: (sent: number, total: number) => void, total: number): Transform {
  let sent = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      sent += chunk.length;
      onProgress(sent, total);
      done(null, chunk);
    },
  });
}

export interface LegacyUploadInput extends CallContext {
  path: string;
  /** image/png, image/jpeg, video/mp4, video/webm or audio/mpeg (checked by the caller's magic-byte sniff). */
  mimeType: string;
  onProgress?: (sentBytes: number, totalBytes: number) => void;
}

/**
 * Legacy upload: the file's raw bytes POSTed to upload.heygen.com/v1/asset with the file's own Content-Type
 * (not multipart), streamed from disk. Free and harmless to repeat, so a failed attempt is retried with a
 * freshly opened stream.
 */
export async function uploadAssetLegacy(
  gateway: Gateway,
  credential: Credential,
  input: LegacyUploadInput,
): Promise<GatewayResult<UploadedAsset>> {
  const limit = LEGACY_UPLOAD_LIMITS[input.mimeType];
  if (limit === undefined)
    throw badInput(PROVIDER, `HeyGen does not accept ${input.mimeType} uploads`, 'unsupported_type');
  const size = await regularFileSize(input.path);
  if (size > limit)
    throw limitExceeded(
      PROVIDER,
      `${basename(input.path)} is ${size} bytes; HeyGen accepts at most ${limit} for ${input.mimeType}`,
      'file_too_large',
    );
  const open = () => {
    const file = createReadStream(input.path);
    return input.onProgress ? file.pipe(progressCounter(input.onProgress, size)) : file;
  };
  return gateway.json(
    {
      provider: PROVIDER,
      operation: 'asset_upload',
      endpoint: 'asset.upload',
      method: 'POST',
      baseUrlKey: 'upload',
      path: '/v1/asset',
      headers: { 'content-type': input.mimeType, 'content-length': String(size) },
      body: open,
      bodyBytes: size,
      idempotent: true,
      free: true,
      credential,
      ...callFields(input),
    },
    (body) => parseLegacyUpload(body),
  );
}

export interface V3UploadInput extends CallContext {
  path: string;
  mimeType: string;
}

/** v3 upload: multipart field `file` (max 32 MB), read lazily from disk by a file-backed Blob. */
export async function uploadAssetV3(
  gateway: Gateway,
  credential: Credential,
  input: V3UploadInput,
): Promise<GatewayResult<UploadedAssetV3>> {
  const size = await regularFileSize(input.path);
  if (size > V3_UPLOAD_MAX_BYTES)
    throw limitExceeded(
      PROVIDER,
      `${basename(input.path)} is ${size} bytes; POST /v3/assets accepts at most 32 MB`,
      'file_too_large',
    );
  // A FormData of a file-backed Blob can be sent again, so a failed attempt may be retried.
  const body = new FormData();
  body.append('file', await openAsBlob(input.path, { type: input.mimeType }), basename(input.path));
  return gateway.json(
    {
      provider: PROVIDER,
      operation: 'asset_upload',
      endpoint: 'assets.upload',
      method: 'POST',
      path: '/v3/assets',
      body,
      bodyBytes: size,
      idempotent: true,
      free: true,
      credential,
      ...callFields(input),
    },
    (b) => parseAssetV3(b),
  );
}

/** A photo avatar ("talking photo") from an uploaded image. Takes the upload's `image_key`, not its asset id. */
export async function createPhotoAvatar(
  gateway: Gateway,
  credential: Credential,
  input: { name: string; imageKey: string } & CallContext,
): Promise<GatewayResult<PhotoAvatar>> {
  if (input.imageKey.trim() === '')
    throw badInput(PROVIDER, 'image_key is empty (upload the photo first)', 'missing_image_key');
  return gateway.json(
    {
      provider: PROVIDER,
      operation: 'avatar_creation',
      endpoint: 'photo_avatar.avatar_group.create',
      method: 'POST',
      path: '/v2/photo_avatar/avatar_group/create',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: input.name, image_key: input.imageKey }),
      idempotent: false,
      // Costs nothing, but creates something: written ahead and sent once per job like a paid call.
      worstCaseCostNanos: 0,
      credential,
      ...callFields(input),
    },
    (b) => parsePhotoAvatar(b),
  );
}

/** v3 photo avatar from an uploaded asset (POST /v3/avatars, type photo). Not billed; has no idempotency key. */
export async function createAvatarV3(
  gateway: Gateway,
  credential: Credential,
  input: { name: string; assetId: string } & CallContext,
): Promise<GatewayResult<AvatarLookV3>> {
  if (input.assetId.trim() === '')
    throw badInput(PROVIDER, 'asset_id is empty (upload the photo first)', 'missing_asset');
  return gateway.json(
    {
      provider: PROVIDER,
      operation: 'avatar_creation',
      endpoint: 'avatars.create',
      method: 'POST',
      path: '/v3/avatars',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'photo', name: input.name, file: { type: 'asset_id', asset_id: input.assetId } }),
      idempotent: false,
      credential,
      ...callFields(input),
    },
    (b) => parseAvatarV3(b),
  );
}

/** Status reads, lists and the wallet: free GETs under the given seed operation. */
const get = <T>(
  gateway: Gateway,
  credential: Credential,
  endpoint: string,
  path: string,
  parse: (b: unknown) => Metered<T>,
  operation: string,
  c: CallContext = {},
) => gateway.json(freeGetRequest(PROVIDER, endpoint, path, credential, { ...c, operation }), parse);

/** A photo avatar's processing state (`pending` until HeyGen finished preparing it). */
export const getPhotoAvatar = async (
  gateway: Gateway,
  credential: Credential,
  id: string,
  c?: CallContext,
): Promise<GatewayResult<PhotoAvatar>> =>
  get(
    gateway,
    credential,
    'photo_avatar.get',
    `/v2/photo_avatar/${encodeURIComponent(id)}`,
    parsePhotoAvatar,
    'account',
    c,
  );

export const listTalkingPhotos = async (
  gateway: Gateway,
  credential: Credential,
  c?: CallContext,
): Promise<GatewayResult<TalkingPhoto[]>> =>
  get(gateway, credential, 'talking_photo.list', '/v1/talking_photo.list', parseTalkingPhotos, 'account', c);

/** A v3 avatar look (its `status` is `processing` until the photo avatar is ready). */
export const getAvatarLookV3 = async (
  gateway: Gateway,
  credential: Credential,
  lookId: string,
  c?: CallContext,
): Promise<GatewayResult<AvatarLookV3>> =>
  get(
    gateway,
    credential,
    'avatars.looks.get',
    `/v3/avatars/looks/${encodeURIComponent(lookId)}`,
    parseAvatarV3,
    'account',
    c,
  );

/** GET /v3/videos?title=: the first page of videos whose title matches (free). */
export const listVideosV3 = async (
  gateway: Gateway,
  credential: Credential,
  title: string,
  c?: CallContext,
): Promise<GatewayResult<ListedVideo[]>> =>
  get(
    gateway,
    credential,
    'videos.list',
    `/v3/videos?limit=100&title=${encodeURIComponent(title)}`,
    parseVideoList,
    'account',
    c,
  );

/** v2 request body (docs.heygen.com create-an-avatar-video-v2). */
export interface V2VideoRequest {
  video_inputs: Array<{
    character:
      | { type: 'avatar'; avatar_id: string; avatar_style?: string; scale?: number }
      | { type: 'talking_photo'; talking_photo_id: string; talking_photo_style?: string; scale?: number };
    voice:
      | { type: 'text'; input_text: string; voice_id: string; speed?: number; pitch?: number }
      | { type: 'audio'; audio_url?: string; audio_asset_id?: string }
      | { type: 'silence'; duration: number };
    background?: Record<string, unknown>;
  }>;
  dimension?: { width: number; height: number };
  title?: string;
  caption?: boolean;
  callback_id?: string | null;
  callback_url?: string;
  folder_id?: string;
  test?: boolean;
  aspect_ratio?: string | null;
}

/** v3 request body (POST /v3/videos, discriminated on `type`). */
export type V3VideoRequest = {
  title?: string | null;
  resolution?: '4k' | '1080p' | '720p' | null;
  aspect_ratio?: '16:9' | '9:16' | null;
  background?: { type: 'color' | 'image'; value?: string; url?: string; asset_id?: string } | null;
  remove_background?: boolean | null;
  callback_url?: string | null;
  callback_id?: string | null;
  script?: string | null;
  voice_id?: string | null;
  audio_url?: string | null;
  audio_asset_id?: string | null;
  voice_settings?: { speed?: number; pitch?: number; locale?: string | null } | null;
} & (
  | { type: 'avatar'; avatar_id: string }
  | {
      type: 'image';
      image:
        | { type: 'url'; url: string }
        | { type: 'asset_id'; asset_id: string }
        | { type: 'base64'; media_type: string; data: string };
    }
);

export interface RenderOptions extends CallContext {
  /** Output seconds to reserve/ledger until the real duration is known (required for audio-driven videos). */
  estimatedSeconds?: number;
  /** What the avatar is (prices differ per kind); default: an image is a photo avatar, an avatar id a digital twin. */
  avatarKind?: AvatarKind;
  /** The longest video the user's plan renders (Preferences); default HEYGEN_MAX_VIDEO_SECONDS. */
  planMaxVideoSeconds?: number;
}

/**
 * The longest a render can run, for the budget reservation: a script spoken at the slowest plausible pace
 * (10 characters a second, divided by the voice speed), an audio track's own length, capped by the longest video
 * the user's HeyGen plan renders (the Preferences setting; default the longest of any plan, plan.ts).
 */
const SLOWEST_CHARS_PER_SECOND = 10;
const slowestSpeechSeconds = (script: string, speed = 1): number =>
  Math.ceil([...script].length / (SLOWEST_CHARS_PER_SECOND * Math.max(0.5, speed)));
const capped = (seconds: number, planMax = HEYGEN_MAX_VIDEO_SECONDS): number =>
  Math.min(planMax, Math.max(1, Math.ceil(seconds)));

function v2WorstSeconds(req: V2VideoRequest, audioSeconds: number | undefined, planMax?: number): number | null {
  let total = 0;
  for (const scene of req.video_inputs) {
    if (scene.voice.type === 'text') total += slowestSpeechSeconds(scene.voice.input_text, scene.voice.speed);
    else if (scene.voice.type === 'silence') total += scene.voice.duration;
    else if (audioSeconds !== undefined) total += audioSeconds;
    else return null;
  }
  // Legacy renders bill whole 30 s increments of plan credits.
  return Math.ceil(capped(total, planMax) / 30) * 30;
}

function v2Estimate(req: V2VideoRequest): number | null {
  let total = 0;
  for (const scene of req.video_inputs) {
    if (scene.voice.type === 'text') total += estimateSpeechSeconds(scene.voice.input_text);
    else if (scene.voice.type === 'silence') total += scene.voice.duration;
    else return null;
  }
  return total;
}

async function submit(
  gateway: Gateway,
  credential: Credential,
  path: string,
  endpoint: string,
  body: unknown,
  seconds: number,
  worstSeconds: number,
  engine: string,
  opts: RenderOptions,
) {
  return gateway.json<SubmittedVideo>(
    {
      provider: PROVIDER,
      operation: 'video_generation',
      endpoint,
      method: 'POST',
      path,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      model: engine,
      // A paid render with no idempotency key: a 5xx or timeout may still have started it. Never re-submit;
      // look the video up instead.
      idempotent: false,
      // Priced at the engine's per-second rate (price tables, user overrides).
      worstCaseUnits: { seconds: Math.max(seconds, worstSeconds) },
      estimatedUnits: { seconds },
      credential,
      ...callFields(opts),
    },
    (b) => meterVideoSubmit(b, seconds, engine),
  );
}

/** POST /v2/video/generate. The ledger row carries the video id and an estimated duration, settled on completion. */
export async function generateVideoV2(
  gateway: Gateway,
  credential: Credential,
  req: V2VideoRequest,
  opts: RenderOptions = {},
): Promise<GatewayResult<SubmittedVideo>> {
  if (req.video_inputs.length < 1 || req.video_inputs.length > 50)
    throw badInput(PROVIDER, 'a video needs 1 to 50 scenes', 'invalid_scenes');
  const seconds = opts.estimatedSeconds ?? v2Estimate(req);
  if (seconds === null)
    throw badInput(PROVIDER, 'estimatedSeconds is required for audio-driven scenes', 'missing_estimate');
  const engine = req.video_inputs.some((s) => s.character.type === 'talking_photo') ? 'photo_avatar' : 'avatar';
  const worst = v2WorstSeconds(req, opts.estimatedSeconds, opts.planMaxVideoSeconds) ?? seconds;
  return submit(gateway, credential, '/v2/video/generate', 'video.generate', req, seconds, worst, engine, opts);
}

/** POST /v3/videos. */
export async function generateVideoV3(
  gateway: Gateway,
  credential: Credential,
  req: V3VideoRequest,
  opts: RenderOptions = {},
): Promise<GatewayResult<SubmittedVideo>> {
  const sources = [req.script, req.audio_url, req.audio_asset_id].filter((s) => s != null && s !== '');
  if (sources.length !== 1)
    throw badInput(PROVIDER, 'give exactly one of script, audio_url or audio_asset_id', 'invalid_audio_source');
  if (req.script && !req.voice_id) throw badInput(PROVIDER, 'a script needs a voice_id', 'missing_voice_id');
  const seconds = opts.estimatedSeconds ?? (req.script ? estimateSpeechSeconds(req.script) : null);
  if (seconds === null)
    throw badInput(PROVIDER, 'estimatedSeconds is required for audio-driven videos', 'missing_estimate');
  const kind = opts.avatarKind ?? (req.type === 'image' ? 'photo_avatar' : 'digital_twin');
  const engine = heygenRenderModel(kind, (req.resolution ?? '1080p') as RenderResolution);
  const worst = capped(
    req.script ? slowestSpeechSeconds(req.script, req.voice_settings?.speed ?? 1) : (opts.estimatedSeconds ?? seconds),
    opts.planMaxVideoSeconds,
  );
  return submit(gateway, credential, '/v3/videos', 'videos.create', req, seconds, worst, engine, opts);
}

export type StatusApi = 'v1' | 'v2' | 'v3';

const statusPath = (api: StatusApi, videoId: string) =>
  api === 'v1'
    ? `/v1/video_status.get?video_id=${encodeURIComponent(videoId)}`
    : `/${api}/videos/${encodeURIComponent(videoId)}`;

/** One status read (free). Each read also re-signs the video URL. */
export const getVideoStatus = async (
  gateway: Gateway,
  credential: Credential,
  videoId: string,
  api: StatusApi = 'v3',
  c?: CallContext,
): Promise<GatewayResult<VideoStatus>> =>
  get(gateway, credential, `video.status.${api}`, statusPath(api, videoId), parseVideoStatus, 'account', c);

export interface PollOptions {
  api?: StatusApi;
  /** Between reads; HeyGen asks for ≥ 5 s (default 10 s). */
  intervalMs?: number;
  /** Give up after this long (default 20 min, HeyGen's peak-time render bound). */
  timeoutMs?: number;
  signal?: AbortSignal;
  jobId?: string;
  contentId?: string;
  onStatus?: (status: VideoStatus) => void;
}

const FINAL = new Set(['completed', 'failed']);

/**
 * Polls a submitted render until it is completed or failed. Needs only the video id, so a job restarted after
 * a crash resumes here instead of submitting again. A failed render is returned (with HeyGen's reason), not
 * thrown; running out of time throws `timeout`, cancelling throws `aborted`.
 */
export async function pollVideo(
  gateway: Gateway,
  credential: Credential,
  videoId: string,
  opts: PollOptions = {},
): Promise<VideoStatus> {
  const interval = opts.intervalMs ?? 10_000;
  const deadline = Date.now() + (opts.timeoutMs ?? 20 * 60_000);
  // opts.timeoutMs is the polling deadline, not a request timeout: each status read keeps the default.
  const c: CallContext = callFields({ ...opts, timeoutMs: undefined });
  for (;;) {
    const { value } = await getVideoStatus(gateway, credential, videoId, opts.api ?? 'v3', c);
    opts.onStatus?.(value);
    if (FINAL.has(value.status)) return value;
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new ProviderError({
        provider: PROVIDER,
        kind: 'timeout',
        message: `video ${videoId} still ${value.status} when polling timed out`,
        providerCode: 'poll_timeout',
      });
    }
    try {
      await sleep(Math.min(interval, left), undefined, opts.signal ? { signal: opts.signal } : {});
    } catch (e) {
      throw new ProviderError({
        provider: PROVIDER,
        kind: 'aborted',
        message: 'polling cancelled',
        providerCode: 'aborted',
        cause: e,
      });
    }
  }
}

export interface DownloadOptions {
  /** File name inside `folder` (default `<videoId>.mp4`). */
  fileName?: string;
  signal?: AbortSignal;
  /** Refuse bodies beyond this size (default 4 GiB). */
  maxBytes?: number;
  /** The undici dispatcher to use (default: undici's global one). */
  dispatcher?: Dispatcher;
}

export interface DownloadedVideo extends SavedFile {
  contentType: string | null;
}

function checkedDownloadUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw badInput(PROVIDER, 'the video URL is not a valid URL', 'invalid_video_url');
  }
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  // Signed CDN URLs are https; plain http only for the loopback fakes (demo mode, tests).
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback))
    throw badInput(PROVIDER, 'the video URL must be https', 'insecure_video_url');
  return url;
}

/**
 * Downloads a finished video from its presigned URL (valid 7 days; read it again from the status endpoint to
 * re-sign) into `folder`, streamed to disk with its sha256. The URL is signed, so no API key is sent, and the
 * download is not a billed provider call, so it does not go through the gateway's ledger.
 */
export async function downloadVideo(
  videoUrl: string,
  folder: string,
  videoId: string,
  opts: DownloadOptions = {},
): Promise<DownloadedVideo> {
  const url = checkedDownloadUrl(videoUrl);
  const res = await request(url, {
    method: 'GET',
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.dispatcher ? { dispatcher: opts.dispatcher } : {}),
  });
  if (res.statusCode !== 200) {
    await res.body.dump();
    const expired = res.statusCode === 403;
    throw new ProviderError({
      provider: PROVIDER,
      kind: expired ? 'permission' : res.statusCode === 404 ? 'not_found' : 'server',
      status: res.statusCode,
      message: expired
        ? 'the video URL has expired; read the video status again for a fresh one'
        : `video download failed with HTTP ${res.statusCode}`,
      providerCode: expired ? 'url_expired' : null,
      retryable: res.statusCode >= 500,
    });
  }
  const path = join(folder, opts.fileName ?? `${videoId.replace(/[^A-Za-z0-9_-]/g, '_')}.mp4`);
  const saved = await saveStream(res.body, path, {
    maxBytes: opts.maxBytes ?? 4 * 1024 * MB,
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  const contentType = res.headers['content-type'];
  return { ...saved, contentType: typeof contentType === 'string' ? contentType : null };
}

/** Legacy balance: GET /v2/user/remaining_quota. */
export const getRemainingQuota = async (
  gateway: Gateway,
  credential: Credential,
  c?: CallContext,
): Promise<GatewayResult<RemainingQuota>> =>
  get(gateway, credential, 'user.remaining_quota', '/v2/user/remaining_quota', parseRemainingQuota, 'account', c);

/** GET /v3/users/me: billing type and wallet / credit balances. */
export const getAccount = async (
  gateway: Gateway,
  credential: Credential,
  c?: CallContext,
): Promise<GatewayResult<HeyGenAccount>> =>
  get(gateway, credential, 'users.me', '/v3/users/me', parseUserMe, 'account', c);
