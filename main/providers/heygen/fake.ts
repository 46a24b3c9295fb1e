// A loopback HeyGen: an API host answering in the three envelopes (v1 code:100, v2 error/data, v3 data/error)
// with the recorded bodies, and a separate upload host taking raw bytes (streamed and hashed, never buffered).
// Renders go pending -> processing -> completed over a few status reads, then their signed video URL serves
// a small MP4 until it expires; the USD wallet drops by duration x rate on completion. Wrong keys get
// HeyGen's 401 bodies per envelope. Faults on either host via `inject` / `upload.inject`.
// v3 avatars (POST /v3/avatars, GET /v3/avatars/looks/{id}) and the video list (GET /v3/videos?title=) answer
// in the spec's shapes (refs/specs/heygen-external-api-openapi.json); their bodies are RECONSTRUCTED from the
// schemas (no recorded example), as is the title filter (the spec does not say exact or substring: substring).
import { createHash } from 'node:crypto';
import type { FakeServer } from '../shared/fake-server';
import { multipartBoundary, scanMultipart } from '../shared/multipart-scan';
import { startStreamFakeServer, type StreamFakeReply, type StreamFakeRequest } from '../shared/stream-fake-server';
import { fakeMp4 } from './fake-video';
import uploadBody from './fixtures/post-upload.heygen.com-v1-asset.200.json';
import avatarGroupBody from './fixtures/post-v2-photo_avatar-avatar_group-create.200.json';
import talkingPhotosBody from './fixtures/get-v1-talking_photo.list.200.json';
import quotaBody from './fixtures/get-v2-user-remaining_quota.200.json';
import v2VideoBody from './fixtures/get-v2-videos-id.200.completed.json';
import { LEGACY_UPLOAD_LIMITS, V3_UPLOAD_MAX_BYTES } from './client';
import { audioDurationFromBuffer } from '../shared/audio-duration';
import { estimateSpeechSeconds } from './usage';

export const HEYGEN_FAKE_KEY = 'fake-heygen-key-0123456789abcdef';

export interface HeyGenFakeOptions {
  apiKey?: string;
  /** Status reads before a render completes: 1st pending, then processing, completed from this read on (default 3). */
  readsToComplete?: number;
  /** Starting USD wallet balance (default 125.5, the spec example). */
  walletUsd?: number;
  /** USD per output second taken from the wallet on completion (default 0.05, Avatar IV photo avatar). */
  usdPerSecond?: number;
  /** Lifetime of signed video URLs in seconds (HeyGen: 7 days). */
  urlTtlSeconds?: number;
}

interface VideoRecord {
  title: string | null;
  seconds: number;
  reads: number;
  fail: boolean;
  createdAt: number;
  charged: boolean;
}

export interface HeyGenFake extends FakeServer {
  /** The upload host (upload.heygen.com). */
  readonly upload: FakeServer;
  readonly state: {
    uploads: Map<
      string,
      { mimeType: string; bytes: number; sha256: string; imageKey: string | null; durationSeconds?: number }
    >;
    avatars: Map<string, { name: string; imageKey: string; reads: number }>;
    /** v3 photo avatar looks by look id. */
    looks: Map<string, { name: string; groupId: string; assetId: string; reads: number }>;
    /** Every v3 avatar create received. */
    avatarCreates: number;
    videos: Map<string, VideoRecord>;
    /** Every render submit ever received (a resumed job must not add one). */
    renderSubmits: number;
    /** The JSON bodies of accepted render submits, in order. */
    renderRequests: unknown[];
    walletUsd: number;
  };
}

const idOf = (...parts: (string | number)[]) => createHash('sha256').update(parts.join(':')).digest('hex').slice(0, 32);
const v3Error = (code: string, message: string, param: string | null = null) => ({
  error: { code, message, param, doc_url: null },
});
const v2Error = (code: string, message: string) => ({ error: { code, message }, data: null });

export async function startHeyGenFake(options: HeyGenFakeOptions = {}): Promise<HeyGenFake> {
  const apiKey = options.apiKey ?? HEYGEN_FAKE_KEY;
  const readsToComplete = options.readsToComplete ?? 3;
  const usdPerSecond = options.usdPerSecond ?? 0.05;
  const urlTtl = options.urlTtlSeconds ?? 7 * 24 * 3600;
  const state: HeyGenFake['state'] = {
    uploads: new Map(),
    avatars: new Map(),
    looks: new Map(),
    avatarCreates: 0,
    videos: new Map(),
    renderSubmits: 0,
    renderRequests: [],
    walletUsd: options.walletUsd ?? 125.5,
  };
  let apiUrl = '';

  const authorize = (req: StreamFakeRequest) => req.headers['x-api-key'] === apiKey;
  // Observed 401 bodies: v1 {code:400112,message}, legacy v2 {data:null,error:{code:"internal_error"}}; v3 from the spec.
  const unauthorized = (req: StreamFakeRequest, reply: StreamFakeReply) => {
    if (req.path.startsWith('/v1/')) return reply.json(401, { code: 400112, message: 'Unauthorized' });
    if (req.path.startsWith('/v3/') || req.path.startsWith('/v2/videos')) {
      return reply.json(
        401,
        v3Error('authentication_failed', 'Invalid or expired API key. Verify your x-api-key header.'),
      );
    }
    return reply.json(401, { data: null, error: { code: 'internal_error', message: 'Unauthorized' } });
  };

  /** Advances a render by one status read and returns its current state. */
  function read(id: string, video: VideoRecord) {
    video.reads++;
    const status =
      video.reads >= readsToComplete
        ? video.fail
          ? 'failed'
          : 'completed'
        : video.reads === 1
          ? 'pending'
          : 'processing';
    if (status === 'completed' && !video.charged) {
      video.charged = true;
      state.walletUsd = Math.round((state.walletUsd - video.seconds * usdPerSecond) * 1e6) / 1e6;
    }
    const expires = Math.floor(Date.now() / 1000) + urlTtl;
    const done = status === 'completed';
    return {
      id,
      status,
      done,
      failed: status === 'failed',
      videoUrl: done ? `${apiUrl}/files/${id}.mp4?Expires=${expires}` : null,
      thumbnailUrl: done ? `${apiUrl}/files/${id}.jpg?Expires=${expires}` : null,
      duration: done ? video.seconds : null,
    };
  }

  async function uploadRaw(req: StreamFakeRequest, reply: StreamFakeReply) {
    const mimeType = (req.headers['content-type'] ?? '').replace(/;.*$/s, '').trim();
    const limit = LEGACY_UPLOAD_LIMITS[mimeType];
    if (limit === undefined) {
      req.stream.resume();
      return reply.json(400, { code: 400, message: `Unsupported content type: ${mimeType || '(none)'}` });
    }
    const hash = createHash('sha256');
    let bytes = 0;
    for await (const chunk of req.stream) {
      bytes += (chunk as Buffer).length;
      hash.update(chunk as Buffer);
    }
    if (bytes === 0) return reply.json(400, { code: 400, message: 'Empty file' });
    if (bytes > limit) return reply.json(400, { code: 400, message: `File too large (max ${limit} bytes)` });
    const sha256 = hash.digest('hex');
    const isImage = mimeType.startsWith('image/');
    const first = state.uploads.size === 0 && isImage;
    const id = first ? uploadBody.data.id : idOf('asset', sha256, req.seq);
    const ext = mimeType.split('/')[1] === 'jpeg' ? 'jpg' : (mimeType.split('/')[1] ?? 'bin');
    const imageKey = first ? uploadBody.data.image_key : isImage ? `image/${id}/original.${ext}` : null;
    state.uploads.set(id, { mimeType, bytes, sha256, imageKey });
    if (first) return reply.json(200, uploadBody);
    reply.json(200, {
      code: 100,
      data: {
        id,
        name: id,
        file_type: mimeType.split('/')[0],
        url: `https://resource2.heygen.ai/${mimeType.split('/')[0]}/${id}/original.${ext}`,
        image_key: imageKey,
      },
      message: 'Success',
    });
  }

  async function uploadV3(req: StreamFakeRequest, reply: StreamFakeReply) {
    const boundary = multipartBoundary(req.headers['content-type']);
    if (boundary === null) {
      req.stream.resume();
      return reply.json(
        400,
        v3Error('invalid_parameter', 'File is required. Upload a file using multipart/form-data.', 'file'),
      );
    }
    // Files are kept (up to the 32 MB cap) so an audio asset's length can drive the render's duration.
    const parts = await scanMultipart(req.stream, boundary, { keepFilesUpTo: V3_UPLOAD_MAX_BYTES });
    const file = parts.find((p) => p.name === 'file' && p.filename !== null);
    if (!file)
      return reply.json(
        400,
        v3Error('invalid_parameter', 'File is required. Upload a file using multipart/form-data.', 'file'),
      );
    if (file.bytes > V3_UPLOAD_MAX_BYTES)
      return reply.json(400, v3Error('invalid_parameter', 'File exceeds the 32 MB limit.', 'file'));
    const id = idOf('asset', file.sha256, req.seq);
    const mimeType = file.contentType ?? 'application/octet-stream';
    const durationSeconds =
      mimeType.startsWith('audio/') && file.data ? await audioDurationFromBuffer(file.data) : undefined;
    state.uploads.set(id, {
      mimeType,
      bytes: file.bytes,
      sha256: file.sha256,
      imageKey: null,
      ...(durationSeconds === undefined ? {} : { durationSeconds }),
    });
    reply.json(200, {
      data: {
        asset_id: id,
        url: `https://resource2.heygen.ai/asset/${id}`,
        mime_type: mimeType,
        size_bytes: file.bytes,
      },
    });
  }

  async function createAvatar(req: StreamFakeRequest, reply: StreamFakeReply) {
    const body = (await req.json()) as { name?: unknown; image_key?: unknown } | undefined;
    const imageKey = typeof body?.image_key === 'string' ? body.image_key : '';
    const known = [...state.uploads.values()].some((u) => u.imageKey === imageKey);
    if (!known) return reply.json(400, v2Error('invalid_parameter', 'image_key is invalid or was not uploaded'));
    const first = state.avatars.size === 0;
    const id = first ? avatarGroupBody.data.id : idOf('avatar', imageKey, req.seq);
    const name = typeof body?.name === 'string' ? body.name : avatarGroupBody.data.name;
    state.avatars.set(id, { name, imageKey, reads: 0 });
    reply.json(
      200,
      first
        ? { ...avatarGroupBody, data: { ...avatarGroupBody.data, name } }
        : { error: null, data: { ...avatarGroupBody.data, id, group_id: id, name } },
    );
  }

  function getAvatar(req: StreamFakeRequest, reply: StreamFakeReply) {
    const id = req.params[0] ?? '';
    const avatar = state.avatars.get(id);
    if (!avatar) return reply.json(404, v2Error('not_found', `photo avatar ${id} not found`));
    avatar.reads++;
    reply.json(200, {
      error: null,
      data: {
        ...avatarGroupBody.data,
        id,
        group_id: id,
        name: avatar.name,
        status: avatar.reads >= 2 ? 'completed' : 'pending',
      },
    });
  }

  function lookBody(id: string, look: { name: string; groupId: string }, status: string) {
    return {
      id,
      name: look.name,
      avatar_type: 'photo_avatar',
      group_id: look.groupId,
      preview_image_url: `https://files2.heygen.ai/look/${id}.webp`,
      preview_video_url: null,
      gender: null,
      tags: [],
      default_voice_id: null,
      supported_api_engines: ['avatar_4_quality', 'avatar_4_turbo'],
      image_width: null,
      image_height: null,
      preferred_orientation: null,
      status,
      error: null,
    };
  }

  async function createAvatarV3(req: StreamFakeRequest, reply: StreamFakeReply) {
    const body = (await req.json()) as { type?: string; name?: unknown; file?: { type?: string; asset_id?: string } };
    if (body?.type !== 'photo' || typeof body.name !== 'string' || body.name === '')
      return reply.json(400, v3Error('invalid_parameter', 'type must be photo and name is required', 'type'));
    const assetId = body.file?.type === 'asset_id' ? (body.file.asset_id ?? '') : '';
    const asset = state.uploads.get(assetId);
    if (!asset?.mimeType.startsWith('image/'))
      return reply.json(400, v3Error('invalid_parameter', 'file must reference an uploaded image asset', 'file'));
    state.avatarCreates++;
    const id = `lk_${idOf('look', assetId, req.seq).slice(0, 24)}`;
    const groupId = `ag_${idOf('group', assetId, req.seq).slice(0, 24)}`;
    const look = { name: body.name, groupId, assetId, reads: 0 };
    state.looks.set(id, look);
    reply.json(200, {
      data: {
        avatar_item: lookBody(id, look, 'processing'),
        avatar_group: {
          id: groupId,
          name: body.name,
          preview_image_url: null,
          preview_video_url: null,
          gender: null,
          created_at: Math.floor(Date.now() / 1000),
          looks_count: 1,
          default_voice_id: null,
          consent_status: null,
          status: 'processing',
          error: null,
        },
      },
    });
  }

  function getLook(req: StreamFakeRequest, reply: StreamFakeReply) {
    const id = req.params[0] ?? '';
    const look = state.looks.get(id);
    if (!look) return reply.json(404, v3Error('not_found', `Avatar look ${id} not found`));
    look.reads++;
    reply.json(200, { data: lookBody(id, look, look.reads >= 2 ? 'completed' : 'processing') });
  }

  function listVideos(req: StreamFakeRequest, reply: StreamFakeReply) {
    const title = req.query.get('title');
    const limit = Math.min(100, Number(req.query.get('limit') ?? 10) || 10);
    const rows = [...state.videos.entries()]
      .filter(([, v]) => title === null || (v.title ?? '').includes(title))
      .slice(-limit)
      .reverse()
      .map(([id, v]) => ({
        id,
        title: v.title,
        status:
          v.reads === 0 ? 'pending' : v.reads >= readsToComplete ? (v.fail ? 'failed' : 'completed') : 'processing',
        created_at: v.createdAt,
      }));
    reply.json(200, { data: rows, has_more: false, next_token: null });
  }

  async function generateV2(req: StreamFakeRequest, reply: StreamFakeReply) {
    const body = (await req.json()) as
      | {
          title?: string;
          video_inputs?: Array<{
            character?: { type?: string; talking_photo_id?: string };
            voice?: {
              type?: string;
              input_text?: string;
              audio_url?: string;
              audio_asset_id?: string;
              duration?: number;
            };
          }>;
        }
      | undefined;
    const scenes = body?.video_inputs;
    if (!Array.isArray(scenes) || scenes.length < 1 || scenes.length > 50)
      return reply.json(400, v2Error('invalid_parameter', 'video_inputs must hold 1 to 50 scenes'));
    let seconds = 0;
    for (const s of scenes) {
      if (s.character?.type !== 'avatar' && s.character?.type !== 'talking_photo')
        return reply.json(400, v2Error('invalid_parameter', 'character.type must be avatar or talking_photo'));
      if (s.voice?.type === 'audio' && !s.voice.audio_url && !s.voice.audio_asset_id) {
        return reply.json(
          400,
          v2Error('invalid_parameter', 'Either `audio_url` or `audio_asset_id` needs to be provided.'),
        );
      }
      seconds +=
        s.voice?.type === 'text'
          ? estimateSpeechSeconds(s.voice.input_text ?? '')
          : s.voice?.type === 'silence'
            ? (s.voice.duration ?? 1)
            : 12.345;
    }
    state.renderSubmits++;
    state.renderRequests.push(body);
    const id = idOf('video', req.seq, body?.title ?? '');
    state.videos.set(id, {
      title: body?.title ?? null,
      seconds,
      reads: 0,
      fail: /fail/i.test(body?.title ?? ''),
      createdAt: Math.floor(Date.now() / 1000),
      charged: false,
    });
    reply.json(200, { error: null, data: { video_id: id } });
  }

  async function generateV3(req: StreamFakeRequest, reply: StreamFakeReply) {
    const body = (await req.json()) as
      | {
          type?: string;
          avatar_id?: string;
          image?: unknown;
          title?: string;
          script?: string;
          voice_id?: string;
          audio_url?: string;
          audio_asset_id?: string;
        }
      | undefined;
    const visual =
      body?.type === 'avatar' ? Boolean(body.avatar_id) : body?.type === 'image' ? Boolean(body.image) : false;
    if (!visual)
      return reply.json(
        400,
        v3Error(
          'invalid_parameter',
          'Exactly one visual source required: avatar_id, image_url, or image_asset_id.',
          'avatar_id',
        ),
      );
    const sources = [body?.script, body?.audio_url, body?.audio_asset_id].filter(Boolean);
    if (sources.length !== 1)
      return reply.json(
        400,
        v3Error('invalid_parameter', 'Provide exactly one of script, audio_url or audio_asset_id.', 'script'),
      );
    if (body?.script && !body.voice_id)
      return reply.json(400, v3Error('invalid_parameter', 'voice_id is required when script is provided.', 'voice_id'));
    state.renderSubmits++;
    state.renderRequests.push(body);
    const id = idOf('video', req.seq, body?.title ?? '');
    // Audio-driven: as long as the uploaded audio when its length can be read.
    const audio = body?.audio_asset_id ? state.uploads.get(body.audio_asset_id) : undefined;
    const seconds = body?.script ? estimateSpeechSeconds(body.script) : (audio?.durationSeconds ?? 12.345);
    state.videos.set(id, {
      title: body?.title ?? null,
      seconds,
      reads: 0,
      fail: /fail/i.test(body?.title ?? ''),
      createdAt: Math.floor(Date.now() / 1000),
      charged: false,
    });
    reply.json(200, { data: { video_id: id, status: 'waiting' } });
  }

  function statusV1(req: StreamFakeRequest, reply: StreamFakeReply) {
    const id = req.query.get('video_id') ?? '';
    const video = state.videos.get(id);
    if (!video) return reply.json(404, { code: 40119, message: `Video ${id} not found` });
    const s = read(id, video);
    reply.json(200, {
      code: 100,
      data: {
        callback_id: null,
        caption_url: null,
        created_at: video.createdAt,
        duration: s.duration,
        error: s.failed ? { code: 'rendering_failed', message: 'Avatar rendering timed out', detail: null } : null,
        gif_url: null,
        id,
        status: s.status,
        thumbnail_url: s.thumbnailUrl,
        video_url: s.videoUrl,
        video_url_caption: null,
      },
      message: 'Success',
    });
  }

  function detail(id: string, video: VideoRecord) {
    const s = read(id, video);
    return {
      ...v2VideoBody.data,
      id,
      title: video.title,
      status: s.status,
      video_url: s.videoUrl,
      thumbnail_url: s.thumbnailUrl,
      gif_url: null,
      duration: s.duration,
      created_at: video.createdAt,
      completed_at: s.done ? Math.floor(Date.now() / 1000) : null,
      failure_code: s.failed ? 'rendering_failed' : null,
      failure_message: s.failed ? 'Avatar rendering timed out' : null,
    };
  }

  const api = await startStreamFakeServer({
    authorize,
    unauthorized,
    routes: [
      { method: 'GET', path: '/v2/user/remaining_quota', handler: (_q, r) => r.json(200, quotaBody) },
      {
        method: 'GET',
        path: '/v3/users/me',
        handler: (_q, r) =>
          r.json(200, {
            data: {
              username: 'user_abc123',
              email: 'user@example.com',
              first_name: 'Jane',
              last_name: 'Doe',
              billing_type: 'wallet',
              wallet: {
                currency: 'usd',
                remaining_balance: state.walletUsd,
                auto_reload: { enabled: true, threshold_usd: 10.0, amount_usd: 50.0 },
              },
              subscription: null,
              usage_based: null,
            },
          }),
      },
      { method: 'POST', path: '/v3/assets', handler: uploadV3 },
      { method: 'POST', path: '/v2/photo_avatar/avatar_group/create', handler: createAvatar },
      { method: 'POST', path: '/v3/avatars', handler: createAvatarV3 },
      { method: 'GET', path: /^\/v3\/avatars\/looks\/([^/]+)$/, handler: getLook },
      { method: 'GET', path: '/v3/videos', handler: listVideos },
      { method: 'GET', path: /^\/v2\/photo_avatar\/([^/]+)$/, handler: getAvatar },
      {
        method: 'GET',
        path: '/v1/talking_photo.list',
        handler: (_q, r) =>
          r.json(200, {
            ...talkingPhotosBody,
            data: [
              ...talkingPhotosBody.data,
              ...[...state.avatars.keys()].map((id) => ({
                id,
                image_url: `https://files2.heygen.ai/talking_photo/${id}.WEBP`,
                circle_image: '',
              })),
            ],
          }),
      },
      { method: 'POST', path: '/v2/video/generate', handler: generateV2 },
      { method: 'POST', path: '/v3/videos', handler: generateV3 },
      { method: 'GET', path: '/v1/video_status.get', handler: statusV1 },
      {
        method: 'GET',
        path: /^\/v2\/videos\/([^/]+)$/,
        handler: (q, r) => {
          const video = state.videos.get(q.params[0] ?? '');
          // /v2/videos/{id} answers with the v2-style envelope in the recorded example.
          return video
            ? r.json(200, { error: null, data: detail(q.params[0] ?? '', video) })
            : r.json(404, v3Error('not_found', 'Video not found'));
        },
      },
      {
        method: 'GET',
        path: /^\/v3\/videos\/([^/]+)$/,
        handler: (q, r) => {
          const video = state.videos.get(q.params[0] ?? '');
          return video
            ? r.json(200, { data: detail(q.params[0] ?? '', video) })
            : r.json(404, v3Error('not_found', 'Video not found'));
        },
      },
      {
        // The signed CDN URL: no API key, only an unexpired signature.
        method: 'GET',
        path: /^\/files\/([0-9a-f]+)\.mp4$/,
        public: true,
        handler: (q, r) => {
          const expires = Number(q.query.get('Expires'));
          if (!Number.isFinite(expires) || expires * 1000 < Date.now()) {
            return r.text(
              403,
              '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>',
              'application/xml',
            );
          }
          const video = state.videos.get(q.params[0] ?? '');
          if (!video || video.reads < readsToComplete || video.fail) return r.text(404, 'Not Found');
          r.binary(200, fakeMp4(), 'video/mp4');
        },
      },
    ],
  });
  apiUrl = api.url;
  const upload = await startStreamFakeServer({
    authorize,
    unauthorized: (_q, r) => r.json(401, { code: 400112, message: 'Unauthorized' }),
    routes: [{ method: 'POST', path: '/v1/asset', handler: uploadRaw }],
  });
  const closeApi = api.close.bind(api);
  const close = async () => {
    await Promise.all([closeApi(), upload.close()]);
  };
  return Object.assign(api, { upload, state, close });
}
