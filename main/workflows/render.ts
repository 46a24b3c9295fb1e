// workflow.render: a talking-photo video of a script from HeyGen. The submit is paid and has no idempotency
// key, so the video id is checkpointed the moment HeyGen returns it and a resumed job only ever polls. Each
// run reads the status once and parks the job (ctx.wait) between reads, so a waiting render holds no worker
// slot and survives a restart. The finished file is downloaded into media/ with its sha256. Once HeyGen says
// the render completed (or failed), the submit's ledger row is settled on the real duration and that figure
// becomes the job's cost for the render; the checkpoint records it so a re-poll after a restart settles once.
import { AppError } from '../core/errors';
import type { Pricer } from '../gateway/deps';
import { ProviderError } from '../gateway/types';
import type { Ledger } from '../ledger/ledger';
import { applyLateSettlement } from '../ledger/settlement';
import {
  downloadVideo,
  generateVideoV2,
  getVideoStatus,
  uploadAssetLegacy,
  type V2VideoRequest,
} from '../providers/heygen/client';
import {
  estimateSpeechSeconds,
  heygenSettlementFor,
  LEGACY_BILLING_INCREMENT_SECONDS,
  legacyBilledSeconds,
  type VideoStatus,
} from '../providers/heygen/usage';
import type { ProviderTarget } from '../providers/access';
import type { WorkflowDeps } from './deps';
import { callContext, workflowHandler, type StepContext } from './handler';

interface RenderCheckpoint extends Record<string, unknown> {
  /** Set just before the submit: a resume that finds it without a video id cannot know whether HeyGen started one. */
  submitting: boolean;
  videoId: string;
  statusReads: number;
  /** The submit's settled cost was added to the job (null: its ledger row was not found). */
  settledCostNanos: number | null;
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

async function submitRender(d: WorkflowDeps, ctx: StepContext<'workflow.render', RenderCheckpoint>): Promise<string> {
  const { input } = ctx;
  const script = d.content.scripts.get(input.scriptId);
  const avatar = d.content.avatars.get(input.avatarId);
  if (avatar.status !== 'ready' || avatar.remoteId === null)
    throw new AppError('invalid_input', `Avatar "${avatar.name}" is ${avatar.status}; it must be ready to render`);
  const t = await d.providers.target('heygen');
  const call = callContext(ctx);
  let voice: V2VideoRequest['video_inputs'][number]['voice'];
  let estimatedSeconds: number;
  if (input.audioMediaId) {
    const audio = d.content.media.get(input.audioMediaId);
    if (audio.kind !== 'audio') throw new AppError('invalid_input', `${audio.fileName} is not audio`);
    ctx.progress(0.05, `Uploading ${audio.fileName}`);
    const up = await uploadAssetLegacy(t.gateway, t.credential, {
      ...call,
      path: d.content.media.pathOf(audio.id),
      mimeType: audio.mime,
    });
    ctx.addActualCost(up.costNanos ?? 0);
    voice = { type: 'audio', audio_asset_id: up.value.assetId };
    estimatedSeconds = Math.max(1, Math.ceil(audio.durationSeconds ?? estimateSpeechSeconds(script.body)));
  } else if (input.heygenVoiceId) {
    voice = { type: 'text', input_text: script.body, voice_id: input.heygenVoiceId };
    estimatedSeconds = estimateSpeechSeconds(script.body);
  } else {
    throw new AppError(
      'invalid_input',
      'A render needs the script spoken: give generated audio (audioMediaId) or a HeyGen voice id',
    );
  }
  ctx.progress(0.1, 'Submitting the render to HeyGen');
  ctx.saveCheckpoint({ submitting: true });
  let r: Awaited<ReturnType<typeof generateVideoV2>>;
  try {
    r = await generateVideoV2(
      t.gateway,
      t.credential,
      {
        title: input.title ?? script.title,
        video_inputs: [{ character: { type: 'talking_photo', talking_photo_id: avatar.remoteId }, voice }],
      },
      // Ledgered and reserved as what HeyGen bills: whole 30 s increments of plan credits.
      { ...call, estimatedSeconds: legacyBilledSeconds(estimatedSeconds) },
    );
  } catch (e) {
    // Refused outright (bad input, auth, quota): nothing started, so a plain retry may submit again.
    if (e instanceof ProviderError && e.status !== null && e.status >= 400 && e.status < 500)
      ctx.saveCheckpoint({ submitting: false });
    throw e;
  }
  // Before anything else can fail: from here on the job must poll this video, never submit again. Its cost
  // joins the job's when the render settles (the submit's figure is only an estimate).
  ctx.saveCheckpoint({ videoId: r.value.videoId, statusReads: 0 });
  return r.value.videoId;
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
  const settlement = heygenSettlementFor(status, { incrementSeconds: LEGACY_BILLING_INCREMENT_SECONDS });
  if (!settlement) return;
  // The submit's row is written just after the call returned: make sure it is in before looking for it.
  await t.gateway.flush();
  const outcome = applyLateSettlement(ledger, pricer, settlement, Date.parse(ctx.job.createdAt) - SUBMIT_ROW_SLACK_MS);
  const costNanos = outcome?.costNanos ?? null;
  ctx.addActualCost(costNanos ?? 0);
  ctx.saveCheckpoint({ settledCostNanos: costNanos });
}

export function renderHandler(d: RenderDeps, options: RenderOptions = DEFAULT_RENDER_OPTIONS) {
  const { ledger, pricer } = d;
  return workflowHandler<'workflow.render', RenderCheckpoint>('workflow.render', async (ctx) => {
    const cp = ctx.checkpoint();
    if (cp.submitting && !cp.videoId) {
      // Interrupted mid-submit, or the submit failed in a way that may have started it: a render may be running
      // (and billed) at HeyGen. Never submit blind; a retry with a reset checkpoint is the user's "render again".
      throw new AppError(
        'conflict',
        'An earlier submit of this render may have reached HeyGen; check your HeyGen videos, then retry with a fresh start to render again',
      );
    }
    const videoId = cp.videoId ?? (await submitRender(d, ctx));
    const reads = (cp.statusReads ?? 0) + 1;
    const t = await d.providers.target('heygen');
    const { value: status } = await getVideoStatus(t.gateway, t.credential, videoId, 'v2', callContext(ctx));
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
      demo: media.demo,
    };
  });
}
