// workflow.render: a photo-avatar video of a script from HeyGen v3 (POST /v3/videos), billed per second of
// output by avatar kind and resolution. The submit is paid and HeyGen takes no idempotency key, so the app
// derives one from the request (avatar, words or audio bytes, voice, resolution, ratio) and writes it into the
// video's title and callback_id: before any submit, and on a resume whose submit may have reached HeyGen, the
// job looks the key up (GET /v3/videos?title=) and adopts the video it finds instead of paying twice. The video
// id is checkpointed the moment HeyGen returns it and a resumed job only ever polls. Each run reads the status
// once and parks the job (ctx.wait) between reads, so a waiting render holds no worker slot and survives a
// restart. The finished file is downloaded into media/ with its sha256. Once HeyGen says the render completed
// (or failed), the submit's ledger row is settled on the real duration and that figure becomes the job's cost
// for the render; the checkpoint records it so a re-poll after a restart settles once.
import { AppError } from '../core/errors';
import type { Pricer } from '../gateway/deps';
import { ProviderError } from '../gateway/types';
import type { Ledger } from '../ledger/ledger';
import { createPreferences } from '../system/preferences';
import { applyLateSettlement } from '../ledger/settlement';
import {
  downloadVideo,
  generateVideoV3,
  getVideoStatus,
  listVideosV3,
  uploadAssetV3,
  type V3VideoRequest,
} from '../providers/heygen/client';
import { heygenSettlementFor, maxSpeechSeconds, renderRequestKey, type VideoStatus } from '../providers/heygen/usage';
import type { ProviderTarget } from '../providers/access';
import type { WorkflowStart } from '../../preload/contract/workflows';
import { CANCEL_WARNING_KEY, type CancelWarning } from '../../preload/contract/jobs';
import { stepDefaults } from './defaults';
import type { WorkflowDeps } from './deps';
import { callContext, workflowHandler, type StepContext } from './handler';

interface RenderCheckpoint extends Record<string, unknown> {
  /** Derived from the request; written into the video's title so the video can be found again. */
  requestKey: string;
  /** The uploaded audio's asset id (uploads are free; kept so a resume does not upload again). */
  audioAssetId: string;
  /** Set just before the submit: a resume that finds it without a video id looks the key up before sending. */
  submitting: boolean;
  videoId: string;
  /** The video was found under this request's key (an earlier run paid for it), not submitted by this job. */
  adopted: boolean;
  statusReads: number;
  /** The submit's settled cost was added to the job (null: its ledger row was not found). */
  settledCostNanos: number | null;
  /** What the submit's ledger row holds (its upper bound): the job's cost from the submit until it settles. */
  submitCostNanos: number;
  /** Read by the UI before a cancel: HeyGen bills a submitted render whether or not the app waits for it. */
  cancelWarning: CancelWarning;
}

/** What a render needs beyond the other steps: the app's ledger and pricer, to settle the submit's row. */
export interface RenderDeps extends WorkflowDeps {
  pricer: Pricer;
  ledger: Ledger;
}

/** A render's ledger row is written after the job was created; a minute of slack covers clock steps. */
const SUBMIT_ROW_SLACK_MS = 60_000;

export interface RenderOptions {
  /** Between status reads (HeyGen asks for at least 5 s). */
  pollIntervalMs: number;
  /** Between reads of the built-in fake (demo mode): it has no rate limit and finishes in a few reads. */
  demoPollIntervalMs: number;
  /** Give up on a render after this many reads. */
  maxStatusReads: number;
}

export const DEFAULT_RENDER_OPTIONS: RenderOptions = {
  pollIntervalMs: 10_000,
  demoPollIntervalMs: 500,
  maxStatusReads: 360,
};

/** Refuses a render that may run longer than the user's cap (the seed's 300 s), before anything is sent. */
export function checkVideoLength(seconds: number, maxSeconds: number): void {
  if (seconds > maxSeconds)
    throw new AppError(
      'invalid_input',
      `This video may run up to ${seconds} s; the limit is ${maxSeconds} s (Settings → workflow defaults). Shorten the script or raise the limit.`,
    );
}

type RenderInput = Extract<WorkflowStart, { kind: 'workflow.render' }>;

/** The seconds a render of this input may bill at most: the audio's length (+1 s), or the script at a slow pace. */
export function renderSecondsUpperBound(d: WorkflowDeps, input: RenderInput): { seconds: number; basis: string } {
  const script = d.content.scripts.get(input.scriptId);
  if (input.audioMediaId) {
    const audio = d.content.media.get(input.audioMediaId);
    if (audio.durationSeconds !== null)
      return { seconds: Math.ceil(audio.durationSeconds) + 1, basis: 'audio length + 1 s' };
  }
  return { seconds: maxSpeechSeconds(script.body), basis: 'script read at 100 words a minute' };
}

/** The video HeyGen already holds for this request key (not failed), found by its title. */
async function findByKey(t: ProviderTarget, key: string, ctx: StepContext<'workflow.render', RenderCheckpoint>) {
  const { value } = await listVideosV3(t.gateway, t.credential, key, callContext(ctx));
  return value.find((v) => (v.title ?? '').includes(key) && v.status !== 'failed') ?? null;
}

async function submitRender(d: WorkflowDeps, ctx: StepContext<'workflow.render', RenderCheckpoint>): Promise<string> {
  const { input } = ctx;
  const script = d.content.scripts.get(input.scriptId);
  const avatar = d.content.avatars.get(input.avatarId);
  if (avatar.status !== 'ready' || avatar.remoteId === null)
    throw new AppError('invalid_input', `Avatar "${avatar.name}" is ${avatar.status}; it must be ready to render`);
  const t = await d.providers.target('heygen');
  const call = callContext(ctx);
  const defaults = stepDefaults(d.settings);
  const resolution = input.resolution ?? defaults.resolution;
  const aspectRatio = input.aspectRatio ?? defaults.aspectRatio;
  const { seconds } = renderSecondsUpperBound(d, input);
  checkVideoLength(seconds, defaults.maxVideoSeconds);
  let speech: Pick<V3VideoRequest, 'script' | 'voice_id' | 'audio_asset_id'>;
  let spoken: string;
  if (input.audioMediaId) {
    const audio = d.content.media.get(input.audioMediaId);
    if (audio.kind !== 'audio') throw new AppError('invalid_input', `${audio.fileName} is not audio`);
    spoken = `audio:${audio.sha256}`;
    let assetId = ctx.checkpoint().audioAssetId;
    if (!assetId) {
      ctx.progress(0.05, `Uploading ${audio.fileName}`);
      const up = await uploadAssetV3(t.gateway, t.credential, {
        ...call,
        path: d.content.media.pathOf(audio.id),
        mimeType: audio.mime,
      });
      ctx.addActualCost(up.costNanos ?? 0);
      assetId = up.value.assetId;
      ctx.saveCheckpoint({ audioAssetId: assetId });
    }
    speech = { audio_asset_id: assetId };
  } else if (input.heygenVoiceId) {
    spoken = `script:${script.body}`;
    speech = { script: script.body, voice_id: input.heygenVoiceId };
  } else {
    throw new AppError(
      'invalid_input',
      'A render needs the script spoken: give generated audio (audioMediaId) or a HeyGen voice id',
    );
  }
  const key = renderRequestKey({
    avatar: avatar.remoteId,
    spoken,
    voice: input.heygenVoiceId ?? null,
    resolution,
    aspectRatio,
  });
  ctx.saveCheckpoint({ requestKey: key });
  // An earlier run (this job before a crash, or an identical render started again) may have paid already.
  const existing = await findByKey(t, key, ctx);
  if (existing) {
    ctx.saveCheckpoint({ videoId: existing.videoId, adopted: true, statusReads: 0 });
    return existing.videoId;
  }
  ctx.progress(0.1, 'Submitting the render to HeyGen');
  ctx.saveCheckpoint({ submitting: true });
  let r: Awaited<ReturnType<typeof generateVideoV3>>;
  try {
    r = await generateVideoV3(
      t.gateway,
      t.credential,
      {
        type: 'avatar',
        avatar_id: avatar.remoteId,
        title: `${input.title ?? script.title} · ${key}`,
        callback_id: key,
        resolution,
        aspect_ratio: aspectRatio,
        ...speech,
      },
      // Reserved and ledgered at the upper bound; settled on the real duration when the render completes.
      {
        ...call,
        estimatedSeconds: seconds,
        avatarKind: 'photo_avatar',
        planMaxVideoSeconds: createPreferences(d.settings).get().heygenPlanMaxVideoSeconds,
      },
    );
  } catch (e) {
    // Refused outright (bad input, auth, quota): nothing started, so a plain retry may submit again.
    if (e instanceof ProviderError && e.status !== null && e.status >= 400 && e.status < 500)
      ctx.saveCheckpoint({ submitting: false });
    throw e;
  }
  // Before anything else can fail: from here on the job must poll this video, never submit again. The submit's
  // ledger figure (an upper bound) is the job's cost until the render settles on its real duration, so a cancel
  // now keeps it: HeyGen bills the render anyway.
  const submitCostNanos = r.costNanos ?? 0;
  ctx.saveCheckpoint({
    videoId: r.value.videoId,
    statusReads: 0,
    submitCostNanos,
    [CANCEL_WARNING_KEY]: {
      costNanos: submitCostNanos,
      message: `HeyGen already has this render (video ${r.value.videoId}) and bills it even if you cancel: up to $${(submitCostNanos / 1e9).toFixed(2)} stays on your ledger.`,
    },
  });
  ctx.addActualCost(submitCostNanos);
  ctx.progress(0.15, 'Submitted to HeyGen (billed from here on); waiting for the render');
  return r.value.videoId;
}

/** A resume after a submit that may have reached HeyGen: adopt the keyed video, or send again if none exists. */
async function resumeInterruptedSubmit(
  d: WorkflowDeps,
  ctx: StepContext<'workflow.render', RenderCheckpoint>,
): Promise<string> {
  const cp = ctx.checkpoint();
  const t = await d.providers.target('heygen');
  const found = cp.requestKey ? await findByKey(t, cp.requestKey, ctx) : null;
  if (found) {
    ctx.saveCheckpoint({ videoId: found.videoId, submitting: false, statusReads: 0 });
    return found.videoId;
  }
  // HeyGen lists no video under this key. The gateway's write-ahead ledger still refuses a second send from this
  // job (the submit may be in HeyGen's queue without being listed yet): the job fails saying what to check, and
  // the same render started again as a new job looks the key up once more before it sends.
  ctx.saveCheckpoint({ submitting: false });
  return submitRender(d, ctx);
}

/** Settles the submit's ledger row from the finished render and adds the settled cost to the job, once. */
async function settleRender(
  ledger: Ledger,
  pricer: Pricer,
  t: ProviderTarget,
  ctx: StepContext<'workflow.render', RenderCheckpoint>,
  status: VideoStatus,
): Promise<void> {
  if (ctx.checkpoint().settledCostNanos !== undefined) return;
  // A video adopted from an earlier run was paid (and is settled) there.
  if (ctx.checkpoint().adopted) {
    ctx.saveCheckpoint({ settledCostNanos: 0 });
    return;
  }
  // v3 bills the wallet per second of output (no 30 s blocks).
  const settlement = heygenSettlementFor(status);
  if (!settlement) return;
  // The submit's row is written just after the call returned: make sure it is in before looking for it.
  await t.gateway.flush();
  const outcome = applyLateSettlement(ledger, pricer, settlement, Date.parse(ctx.job.createdAt) - SUBMIT_ROW_SLACK_MS);
  const costNanos = outcome?.costNanos ?? null;
  // The settled figure replaces the submit's upper bound (kept when the row was not found).
  if (costNanos !== null) ctx.replaceActualCost(ctx.checkpoint().submitCostNanos ?? 0, costNanos);
  ctx.saveCheckpoint({ settledCostNanos: costNanos });
}

export function renderHandler(d: RenderDeps, options: RenderOptions = DEFAULT_RENDER_OPTIONS) {
  const { ledger, pricer } = d;
  return workflowHandler<'workflow.render', RenderCheckpoint>('workflow.render', async (ctx) => {
    const cp = ctx.checkpoint();
    // Interrupted mid-submit, or the submit failed in a way that may have started it: find it by its key first.
    const videoId = cp.videoId ?? (cp.submitting ? await resumeInterruptedSubmit(d, ctx) : await submitRender(d, ctx));
    const reads = (cp.statusReads ?? 0) + 1;
    const t = await d.providers.target('heygen');
    const { value: status } = await getVideoStatus(t.gateway, t.credential, videoId, 'v3', callContext(ctx));
    ctx.saveCheckpoint({ statusReads: reads });
    await settleRender(ledger, pricer, t, ctx, status);
    if (status.status === 'failed') {
      const reason = [status.failure?.code, status.failure?.message].filter(Boolean).join(': ') || 'no reason given';
      throw new ProviderError({
        provider: 'heygen',
        kind: 'server',
        providerCode: status.failure?.code ?? 'render_failed',
        message: `HeyGen could not render video ${videoId}: ${reason}`,
      });
    }
    if (status.status !== 'completed') {
      if (reads >= options.maxStatusReads)
        throw new ProviderError({
          provider: 'heygen',
          kind: 'timeout',
          providerCode: 'poll_timeout',
          message: `video ${videoId} was still ${status.status} after ${reads} status reads`,
        });
      ctx.progress(Math.min(0.85, 0.15 + reads * 0.05), `HeyGen: ${status.status} (read ${reads})`);
      return ctx.wait(t.demo ? options.demoPollIntervalMs : options.pollIntervalMs, `HeyGen: ${status.status}`);
    }
    if (!status.videoUrl)
      throw new ProviderError({
        provider: 'heygen',
        kind: 'malformed_response',
        providerCode: 'missing_video_url',
        message: `video ${videoId} completed without a video URL`,
      });
    ctx.progress(0.9, 'Downloading the video');
    const file = await downloadVideo(status.videoUrl, d.content.media.directory(), videoId, {
      signal: ctx.signal,
      fileName: `video-${ctx.job.id}.mp4`,
    });
    const script = d.content.scripts.get(ctx.input.scriptId);
    const media = d.content.media.create({
      kind: 'video',
      mime: 'video/mp4',
      path: file.path,
      sha256: file.sha256,
      durationSeconds: status.durationSeconds,
      contentId: ctx.input.contentId ?? script.contentId,
      scriptId: script.id,
      jobId: ctx.job.id,
      provider: 'heygen',
      remoteId: videoId,
      demo: t.demo,
    });
    return {
      mediaId: media.id,
      videoId,
      fileName: media.fileName,
      sha256: media.sha256,
      bytes: media.sizeBytes,
      statusReads: reads,
      adopted: ctx.checkpoint().adopted === true,
      demo: media.demo,
    };
  });
}
