import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Credential } from '../../../../main/gateway/types';
import {
  checkHeyGenHealth,
  checkHeyGenLegacyHealth,
  classifyHeyGenError,
  classifyHeyGenSuccessBody,
  createAvatarV3,
  createPhotoAvatar,
  downloadVideo,
  generateVideoV2,
  generateVideoV3,
  getAccount,
  getAvatarLookV3,
  getPhotoAvatar,
  getRemainingQuota,
  getVideoStatus,
  heygenDescriptor,
  heygenRenderModel,
  heygenSettlementFor,
  listTalkingPhotos,
  listVideosV3,
  meterVideoSubmit,
  parseLegacyUpload,
  parsePhotoAvatar,
  parseRemainingQuota,
  parseTalkingPhotos,
  parseVideoStatus,
  pollVideo,
  renderRequestKey,
  uploadAssetLegacy,
  uploadAssetV3,
  walletSpendNanos,
  type V2VideoRequest,
} from '../../../../main/providers/heygen';
import { HEYGEN_FAKE_KEY, startHeyGenFake } from '../../../../main/providers/heygen/fake';
import { fakeMp4 } from '../../../../main/providers/heygen/fake-video';
import {
  expectFault,
  expectRetriedPast,
  failure,
  recordedExamples,
  serverError,
  tooManyRequests,
  useFakeGateway,
} from '../shared/media-kit';
import { sparseFile, useTempDir } from '../shared/temp-files';

const { json: example, text: exampleText, expectShippedCopies } = recordedExamples('heygen');
const key: Credential = { secret: HEYGEN_FAKE_KEY };

describe('HeyGen recorded examples', () => {
  it('ships byte-identical copies of every recorded example', () => {
    expectShippedCopies([
      'error-v3-standard.RECONSTRUCTED.json',
      'get-v1-talking_photo.list.200.json',
      'get-v1-video_status.get.200.completed.RECONSTRUCTED.json',
      'get-v2-user-remaining_quota.200.json',
      'get-v2-videos-id.200.completed.json',
      'post-upload.heygen.com-v1-asset.200.json',
      'post-v2-photo_avatar-avatar_group-create.200.json',
      'post-v2-video-generate.200.json',
      'post-v2-video-generate.request.avatar_text.json',
      'post-v2-video-generate.request.talking_photo.json',
      'post-v3-videos.200.RECONSTRUCTED.json',
    ]);
  });

  it('parses the legacy upload (v1 envelope) with its image_key', () => {
    const m = parseLegacyUpload(example('post-upload.heygen.com-v1-asset.200.json'));
    expect(m.value).toEqual({
      assetId: '741299e941764988b432ed3a6757878f',
      url: 'https://resource2.heygen.ai/image/.../original.jpg',
      fileType: 'image',
      imageKey: 'image/741299e941764988b432ed3a6757878f/original.jpg',
    });
    expect(m.free).toBe(true);
  });

  it('parses the photo avatar group (v2 envelope) and the talking photo list (v1)', () => {
    expect(parsePhotoAvatar(example('post-v2-photo_avatar-avatar_group-create.200.json')).value).toEqual({
      id: '045c260bc0364727b2cbe50442c3a5bf',
      groupId: '045c260bc0364727b2cbe50442c3a5bf',
      status: 'pending',
      name: 'My Photo Avatar',
      imageUrl: 'https://files2.heygen.ai/...',
    });
    expect(parseTalkingPhotos(example('get-v1-talking_photo.list.200.json')).value).toEqual([
      { id: 'ef0ed70f72c6497793e5e36e434d2aea', imageUrl: 'https://files2.heygen.ai/talking_photo/.../image.WEBP' },
    ]);
  });

  it('meters the v2 and v3 render submits as estimated seconds keyed by video id', () => {
    const v2 = meterVideoSubmit(example('post-v2-video-generate.200.json'), 30, 'avatar');
    expect(v2).toEqual({
      value: { videoId: '<video_id>', status: null, estimatedSeconds: 30 },
      units: { seconds: 30 },
      estimated: true,
      model: 'avatar',
      providerRequestId: '<video_id>',
    });
    const v3 = meterVideoSubmit(example('post-v3-videos.200.RECONSTRUCTED.json'), 12, 'avatar:1080p');
    expect(v3.value).toEqual({ videoId: '<video_id>', status: 'waiting', estimatedSeconds: 12 });
  });

  it('parses completed statuses from the v1 and v2 envelopes and settles on duration', () => {
    const v1 = parseVideoStatus(example('get-v1-video_status.get.200.completed.RECONSTRUCTED.json')).value;
    expect(v1).toEqual({
      videoId: '<video_id>',
      status: 'completed',
      videoUrl: 'https://files2.heygen.ai/aws_pacific/avatar_tmp/<...>.mp4?Expires=...',
      thumbnailUrl: 'https://files2.heygen.ai/aws_pacific/avatar_tmp/<...>.jpeg?Expires=...',
      durationSeconds: 12.345,
      failure: null,
    });
    const v2 = parseVideoStatus(example('get-v2-videos-id.200.completed.json')).value;
    expect(v2).toEqual({
      videoId: 'abc123',
      status: 'completed',
      videoUrl: 'https://files.heygen.ai/video/abc123.mp4',
      thumbnailUrl: 'https://files.heygen.ai/thumbnail/abc123.jpg',
      durationSeconds: 45.2,
      failure: null,
    });
    expect(heygenSettlementFor(v2)).toEqual({
      provider: 'heygen',
      providerRequestId: 'abc123',
      units: { seconds: 45.2 },
      meta: { duration_s: 45.2 },
    });
    expect(heygenSettlementFor({ ...v2, status: 'processing' })).toBeNull();
  });

  it('parses the legacy remaining quota', () => {
    expect(parseRemainingQuota(example('get-v2-user-remaining_quota.200.json')).value).toEqual({
      remainingQuota: 450,
      usedQuota: 50,
    });
  });

  it('rejects an unknown shape as malformed_response', () => {
    expect(() => parseVideoStatus({ data: { status: 'completed' } })).toThrow(
      expect.objectContaining({ kind: 'malformed_response' }),
    );
  });
});

describe('HeyGen error envelopes', () => {
  it('maps the v3 standard error, with Retry-After on 429', () => {
    expect(classifyHeyGenError(400, {}, exampleText('error-v3-standard.RECONSTRUCTED.json'))).toMatchObject({
      kind: 'bad_request',
      retryable: false,
      providerCode: 'invalid_parameter',
      message: 'Video not found',
    });
    const limited = classifyHeyGenError(
      429,
      { 'retry-after': '3' },
      '{"error":{"code":"rate_limit_exceeded","message":"Too many requests.","param":null,"doc_url":null}}',
    );
    expect(limited).toMatchObject({ kind: 'rate_limited', retryable: true, retryAfterMs: 3000 });
    expect(classifyHeyGenError(404, {}, '{"error":{"code":"not_found","message":"Video not found"}}')).toMatchObject({
      kind: 'not_found',
      retryable: false,
    });
  });

  it('maps the v2 envelope (error string or object, data null) and the v1 numeric codes', () => {
    expect(
      classifyHeyGenError(401, {}, '{"data":null,"error":{"code":"internal_error","message":"Unauthorized"}}'),
    ).toMatchObject({ kind: 'auth', retryable: false, providerCode: 'internal_error' });
    expect(
      classifyHeyGenError(
        400,
        {},
        '{"error":"Either `audio_url` or `audio_asset_id` needs to be provided.","data":null}',
      ),
    ).toMatchObject({ kind: 'bad_request', providerCode: null });
    expect(classifyHeyGenError(401, {}, '{"code":400112,"message":"Unauthorized"}')).toMatchObject({
      kind: 'auth',
      providerCode: '400112',
    });
    expect(
      classifyHeyGenError(
        400,
        {},
        '{"error":{"code":"insufficient_credit","message":"Insufficient credit"},"data":null}',
      ),
    ).toMatchObject({ kind: 'quota', retryable: false });
    expect(classifyHeyGenError(502, {}, '<html>bad gateway</html>')).toMatchObject({ kind: 'server', retryable: true });
  });

  it('treats a 2xx with v1 code != 100 or a v2 error as a failure, and real successes as fine', () => {
    expect(
      classifyHeyGenSuccessBody(200, { code: 400009, message: 'Error calling text to speech provider' }),
    ).toMatchObject({ kind: 'bad_request', providerCode: '400009' });
    expect(classifyHeyGenSuccessBody(200, { error: 'Invalid API key', data: null })).toMatchObject({ kind: 'auth' });
    for (const name of [
      'post-upload.heygen.com-v1-asset.200.json',
      'get-v2-user-remaining_quota.200.json',
      'post-v3-videos.200.RECONSTRUCTED.json',
      'get-v1-video_status.get.200.completed.RECONSTRUCTED.json',
    ]) {
      expect(classifyHeyGenSuccessBody(200, example(name)), name).toBeNull();
    }
  });

  it('declares the upload host and the x-api-key header', () => {
    expect(heygenDescriptor.extraBaseUrls).toEqual({ upload: 'https://upload.heygen.com' });
    expect(heygenDescriptor.authHeaders({ secret: 'k' })).toEqual({ 'x-api-key': 'k' });
  });
});

describe('HeyGen through the gateway against the fake', () => {
  const dir = useTempDir('aicon-hg-');
  const photo = () => {
    const p = join(dir, 'face.png');
    writeFileSync(
      p,
      Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(40_000, 7)]),
    );
    return p;
  };

  const t = useFakeGateway(startHeyGenFake, (fake) => ({ heygen: fake.url, 'heygen:upload': fake.upload.url }));

  it('health checks (v3 users/me, legacy quota) cost nothing', async () => {
    const me = await checkHeyGenHealth(t.gw.gateway, key);
    expect(me.value).toMatchObject({
      username: 'user_abc123',
      billingType: 'wallet',
      walletBalanceNanos: 125_500_000_000,
    });
    expect((await checkHeyGenLegacyHealth(t.gw.gateway, key)).value.remainingQuota).toBe(450);
    expect((await t.gw.rows()).map((r) => [r.endpoint, r.costNanos])).toEqual([
      ['users.me', 0],
      ['user.remaining_quota', 0],
    ]);
  });

  it('uploads raw bytes to the upload host, creates a photo avatar from its image_key, renders, polls, downloads', async () => {
    const path = photo();
    const progress: number[] = [];
    const up = await uploadAssetLegacy(t.gw.gateway, key, {
      path,
      mimeType: 'image/png',
      onProgress: (sent) => progress.push(sent),
    });
    expect(up.value.imageKey).toBe('image/741299e941764988b432ed3a6757878f/original.jpg');
    expect(t.fake.upload.requests[0]).toMatchObject({ method: 'POST', path: '/v1/asset', bodyBytes: 40_008 });
    expect(t.fake.upload.requests[0]?.headers['content-type']).toBe('image/png');
    expect([...t.fake.state.uploads.values()][0]?.sha256).toBe(
      createHash('sha256').update(readFileSync(path)).digest('hex'),
    );
    expect(progress.at(-1)).toBe(40_008);

    const avatar = await createPhotoAvatar(t.gw.gateway, key, { name: 'Me', imageKey: up.value.imageKey! });
    expect(avatar.value).toMatchObject({ id: '045c260bc0364727b2cbe50442c3a5bf', status: 'pending', name: 'Me' });
    expect((await getPhotoAvatar(t.gw.gateway, key, avatar.value.id)).value.status).toBe('pending');
    expect((await getPhotoAvatar(t.gw.gateway, key, avatar.value.id)).value.status).toBe('completed');
    expect((await listTalkingPhotos(t.gw.gateway, key)).value.map((p) => p.id)).toContain(avatar.value.id);

    const before = (await getAccount(t.gw.gateway, key)).value;
    const script = 'Hello, this is my talking photo speaking a short script for the t.fake.';
    const submitted = await generateVideoV2(t.gw.gateway, key, {
      video_inputs: [
        {
          character: { type: 'talking_photo', talking_photo_id: avatar.value.id },
          voice: { type: 'text', input_text: script, voice_id: 'voice-1' },
        },
      ],
      dimension: { width: 1280, height: 720 },
      title: 'My talking photo',
    });
    const renderRow = (await t.gw.rows()).at(-1)!;
    expect(renderRow).toMatchObject({
      endpoint: 'video.generate',
      units: { seconds: 5 },
      costSource: 'estimated',
      providerRequestId: submitted.value.videoId,
      model: 'photo_avatar',
    });

    const seen: string[] = [];
    const done = await pollVideo(t.gw.gateway, key, submitted.value.videoId, {
      api: 'v2',
      intervalMs: 1,
      onStatus: (s) => seen.push(s.status),
    });
    expect(seen).toEqual(['pending', 'processing', 'completed']);
    expect(done.durationSeconds).toBe(5);
    expect(heygenSettlementFor(done)).toMatchObject({
      providerRequestId: submitted.value.videoId,
      units: { seconds: 5 },
    });

    const file = await downloadVideo(done.videoUrl!, dir, done.videoId);
    const expected = fakeMp4();
    expect(file).toMatchObject({
      path: join(dir, `${done.videoId}.mp4`),
      bytes: expected.length,
      contentType: 'video/mp4',
    });
    expect(file.sha256).toBe(createHash('sha256').update(expected).digest('hex'));
    expect(readFileSync(file.path).subarray(4, 8).toString('latin1')).toBe('ftyp');

    const after = (await getAccount(t.gw.gateway, key)).value;
    expect(walletSpendNanos(before, after)).toBe(250_000_000); // 5 s x $0.05
  });

  it('sends the recorded v2 request bodies unchanged', async () => {
    for (const name of [
      'post-v2-video-generate.request.avatar_text.json',
      'post-v2-video-generate.request.talking_photo.json',
    ]) {
      const body = example(name) as V2VideoRequest;
      await generateVideoV2(t.gw.gateway, key, body, { estimatedSeconds: 30 });
      expect(t.fake.state.renderRequests.at(-1)).toEqual(body);
    }
  });

  it('renders with the v3 shape and polls v3 and v1 status endpoints', async () => {
    const v = await generateVideoV3(t.gw.gateway, key, {
      type: 'avatar',
      avatar_id: 'Kristin_public_3_20240108',
      script: 'Short v3 script.',
      voice_id: 'v1',
      resolution: '1080p',
    });
    expect(v.value.status).toBe('waiting');
    // A studio avatar id renders as a digital twin ($0.0667/s); the price-table model says so.
    expect((await t.gw.rows()).at(-1)?.model).toBe('digital_twin');
    expect((await getVideoStatus(t.gw.gateway, key, v.value.videoId, 'v1')).value.status).toBe('pending');
    expect((await getVideoStatus(t.gw.gateway, key, v.value.videoId, 'v3')).value.status).toBe('processing');
    expect((await getVideoStatus(t.gw.gateway, key, v.value.videoId, 'v3')).value).toMatchObject({
      status: 'completed',
      durationSeconds: 1,
    });
  });

  it('never retries a render, whatever the error (no idempotency key)', async () => {
    const busy = serverError(503, { error: { code: 'internal_error', message: 'busy' }, data: null });
    const e = await expectFault(
      t.fake,
      busy,
      { path: '/v2/video/generate' },
      () =>
        generateVideoV2(
          t.gw.gateway,
          key,
          example('post-v2-video-generate.request.avatar_text.json') as V2VideoRequest,
        ),
      'server',
    );
    expect(e.retryable).toBe(true);
    const limited = tooManyRequests({ error: { code: 'rate_limit_exceeded', message: 'slow down' } });
    await expectFault(
      t.fake,
      limited,
      { path: '/v3/videos' },
      () => generateVideoV3(t.gw.gateway, key, { type: 'avatar', avatar_id: 'a', script: 'x', voice_id: 'v' }),
      'rate_limited',
    );
    expect(t.fake.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
    expect((await t.gw.rows()).map((r) => r.attempt)).toEqual([1, 1]);
  });

  it('resumes polling after a restart with only the video id, without a second render', async () => {
    const { value } = await generateVideoV3(t.gw.gateway, key, {
      type: 'avatar',
      avatar_id: 'a',
      script: 'Resume me please.',
      voice_id: 'v',
    });
    await getVideoStatus(t.gw.gateway, key, value.videoId);
    await t.restartGateway(); // a fresh process
    const done = await pollVideo(t.gw.gateway, key, value.videoId, { intervalMs: 1 });
    expect(done.status).toBe('completed');
    expect(t.fake.state.renderSubmits).toBe(1);
    // Polls count as free bookkeeping ('account', not hourly-limited), never against video_generation's 10/hour.
    expect(new Set(t.gw.limiter.acquired.map((a) => a.operation))).toEqual(new Set(['account']));
  });

  it('returns a failed render with HeyGen reason; times out and cancels polling', async () => {
    const failed = await generateVideoV3(t.gw.gateway, key, {
      type: 'avatar',
      avatar_id: 'a',
      script: 'x',
      voice_id: 'v',
      title: 'please fail',
    });
    const status = await pollVideo(t.gw.gateway, key, failed.value.videoId, { intervalMs: 1 });
    expect(status).toMatchObject({
      status: 'failed',
      failure: { code: 'rendering_failed', message: 'Avatar rendering timed out' },
    });
    const v1 = await generateVideoV2(t.gw.gateway, key, {
      video_inputs: [{ character: { type: 'avatar', avatar_id: 'a' }, voice: { type: 'silence', duration: 2 } }],
      title: 'fail again',
    });
    const legacy = await pollVideo(t.gw.gateway, key, v1.value.videoId, { api: 'v1', intervalMs: 1 });
    expect(legacy.failure?.code).toBe('rendering_failed');

    const slow = await generateVideoV3(t.gw.gateway, key, {
      type: 'avatar',
      avatar_id: 'a',
      script: 'slow',
      voice_id: 'v',
    });
    t.fake.state.videos.get(slow.value.videoId)!.reads = -1000;
    expect(
      (await failure(pollVideo(t.gw.gateway, key, slow.value.videoId, { intervalMs: 5, timeoutMs: 30 }))).providerCode,
    ).toBe('poll_timeout');
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 20);
    expect(
      (await failure(pollVideo(t.gw.gateway, key, slow.value.videoId, { intervalMs: 5, signal: ac.signal }))).kind,
    ).toBe('aborted');
  });

  it('retries status reads on 429 with Retry-After; a malformed status is typed; a hung upload times out', async () => {
    const { value } = await generateVideoV3(t.gw.gateway, key, {
      type: 'avatar',
      avatar_id: 'a',
      script: 'x',
      voice_id: 'v',
    });
    const status = () => getVideoStatus(t.gw.gateway, key, value.videoId);
    const statusPath = { path: /^\/v3\/videos\// };
    await expectRetriedPast(
      t.fake,
      [tooManyRequests({ error: { code: 'rate_limit_exceeded', message: 'Too many requests.' } })],
      statusPath,
      status,
    );
    await expectFault(t.fake, { type: 'malformed_json' }, statusPath, status, 'malformed_response');
    await expectFault(
      t.fake.upload,
      { type: 'hang' },
      { path: '/v1/asset', times: 4 },
      () => uploadAssetLegacy(t.gw.gateway, key, { path: photo(), mimeType: 'image/png', timeoutMs: 200 }),
      'timeout',
    );
  });

  it('refuses an expired signed URL with a clear error', async () => {
    await t.restart({ urlTtlSeconds: -60, readsToComplete: 1 });
    const { value } = await generateVideoV3(t.gw.gateway, key, {
      type: 'avatar',
      avatar_id: 'a',
      script: 'x',
      voice_id: 'v',
    });
    const status = await pollVideo(t.gw.gateway, key, value.videoId, { intervalMs: 1 });
    const e = await failure(downloadVideo(status.videoUrl!, dir, value.videoId));
    expect([e.status, e.providerCode]).toEqual([403, 'url_expired']);
    await expect(downloadVideo('http://example.com/x.mp4', dir, 'x')).rejects.toMatchObject({
      providerCode: 'insecure_video_url',
    });
  });

  it('uploads with v3 multipart', async () => {
    const path = photo();
    const r = await uploadAssetV3(t.gw.gateway, key, { path, mimeType: 'image/png' });
    expect(r.value).toMatchObject({ mimeType: 'image/png', sizeBytes: 40_008 });
    expect(t.fake.state.uploads.get(r.value.assetId)?.sha256).toBe(
      createHash('sha256').update(readFileSync(path)).digest('hex'),
    );
  });

  it('v3 end to end: upload, photo avatar, keyed render found again by title, priced per second by kind', async () => {
    const up = await uploadAssetV3(t.gw.gateway, key, { path: photo(), mimeType: 'image/png' });
    const look = await createAvatarV3(t.gw.gateway, key, { name: 'Me', assetId: up.value.assetId });
    expect(look.value).toMatchObject({ avatarType: 'photo_avatar', status: 'processing', name: 'Me' });
    expect(look.value.groupId).toMatch(/^ag_/);
    expect((await getAvatarLookV3(t.gw.gateway, key, look.value.id)).value.status).toBe('processing');
    expect((await getAvatarLookV3(t.gw.gateway, key, look.value.id)).value.status).toBe('completed');
    const keyed = renderRequestKey({ avatar: look.value.id, spoken: 'script:Hi there', resolution: '4k' });
    expect(renderRequestKey({ resolution: '4k', spoken: 'script:Hi there', avatar: look.value.id })).toBe(keyed);
    expect(renderRequestKey({ avatar: look.value.id, spoken: 'script:Hi there', resolution: '1080p' })).not.toBe(keyed);
    const v = await generateVideoV3(
      t.gw.gateway,
      key,
      {
        type: 'avatar',
        avatar_id: look.value.id,
        script: 'Hi there',
        voice_id: 'v',
        resolution: '4k',
        title: `Hello · ${keyed}`,
        callback_id: keyed,
      },
      { estimatedSeconds: 10, avatarKind: 'photo_avatar' },
    );
    const submit = (await t.gw.rows()).at(-1)!;
    // Avatar IV photo avatar at 4K (the price table's $0.0667/s row), 10 s reserved until the render settles.
    expect(submit).toMatchObject({ model: 'avatar_iv_4k', costSource: 'estimated' });
    expect(submit.units).toMatchObject({ seconds: 10 });
    const found = await listVideosV3(t.gw.gateway, key, keyed);
    expect(found.value).toEqual([{ videoId: v.value.videoId, title: `Hello · ${keyed}`, status: 'pending' }]);
    expect((await listVideosV3(t.gw.gateway, key, 'aicon-unknown')).value).toEqual([]);
    expect(heygenRenderModel('avatar_iii', '720p')).toBe('avatar_iii');
    expect(heygenRenderModel('digital_twin', '4k')).toBe('digital_twin_4k');
  });

  it('refuses unsupported or oversized uploads before sending', async () => {
    const big = sparseFile(join(dir, 'big.png'), 50 * 1024 * 1024 + 1);
    expect((await failure(uploadAssetLegacy(t.gw.gateway, key, { path: big, mimeType: 'image/png' }))).kind).toBe(
      'limit_exceeded',
    );
    expect(
      (await failure(uploadAssetLegacy(t.gw.gateway, key, { path: big, mimeType: 'image/gif' }))).providerCode,
    ).toBe('unsupported_type');
    expect((await failure(uploadAssetV3(t.gw.gateway, key, { path: big, mimeType: 'image/png' }))).providerCode).toBe(
      'file_too_large',
    );
    expect(t.fake.upload.requests).toHaveLength(0);
    expect(t.fake.requests).toHaveLength(0);
  });

  it('answers wrong keys with each envelope family 401, all typed auth', async () => {
    const bad = { secret: 'wrong-key-wrong-key' };
    expect(await failure(getRemainingQuota(t.gw.gateway, bad))).toMatchObject({
      kind: 'auth',
      providerCode: 'internal_error',
    });
    expect(await failure(getAccount(t.gw.gateway, bad))).toMatchObject({
      kind: 'auth',
      providerCode: 'authentication_failed',
    });
    expect(await failure(listTalkingPhotos(t.gw.gateway, bad))).toMatchObject({ kind: 'auth', providerCode: '400112' });
    expect(await failure(uploadAssetLegacy(t.gw.gateway, bad, { path: photo(), mimeType: 'image/png' }))).toMatchObject(
      { kind: 'auth' },
    );
  });

  it('surfaces the fake validation errors in their envelopes', async () => {
    const e = await failure(
      generateVideoV2(
        t.gw.gateway,
        key,
        { video_inputs: [{ character: { type: 'avatar', avatar_id: 'a' }, voice: { type: 'audio' } }] },
        { estimatedSeconds: 10 },
      ),
    );
    expect([e.kind, e.providerCode, e.message]).toEqual([
      'bad_request',
      'invalid_parameter',
      'Either `audio_url` or `audio_asset_id` needs to be provided.',
    ]);
    expect((await failure(createPhotoAvatar(t.gw.gateway, key, { name: 'x', imageKey: 'image/nope.jpg' }))).kind).toBe(
      'bad_request',
    );
  });
});
