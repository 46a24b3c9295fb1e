// workflow.avatar: a registered photo uploaded to HeyGen (POST /v3/assets) and made into a photo avatar
// (POST /v3/avatars); the avatar model row holds the look id that POST /v3/videos takes as `avatar_id`
// (billed as an Avatar IV photo avatar). The create has no idempotency key:
// its id is checkpointed the moment it arrives, and a resume that cannot know whether an interrupted create
// reached HeyGen stops and says what to check instead of creating a second avatar.
import { AppError } from '../core/errors';
import { ProviderError } from '../gateway/types';
import { createAvatarV3, uploadAssetV3 } from '../providers/heygen/client';
import type { WorkflowDeps } from './deps';
import { usableFile } from './files';
import { callContext, workflowHandler } from './handler';

interface AvatarCheckpoint extends Record<string, unknown> {
  avatarModelId: string;
  /** From the upload (free, repeatable); the avatar is created from it. */
  assetId: string;
  /** Set just before the non-idempotent avatar create. */
  submitted: boolean;
  /** HeyGen's look id and its status at creation, saved the moment they arrive. */
  remoteId: string;
  heygenStatus: string;
}

/** Why a resumed or retried avatar job stops instead of creating again. */
export const AVATAR_MAY_EXIST_MESSAGE =
  'An earlier request to create this avatar may have reached HeyGen (the app stopped or the answer was lost); check your HeyGen photo avatars, then retry with a fresh start to create it again';

/** A refusal (4xx): HeyGen created nothing, so the request may be sent again. */
const refusedOutright = (e: unknown) =>
  e instanceof ProviderError && e.status !== null && e.status >= 400 && e.status < 500;

export function avatarHandler(d: WorkflowDeps) {
  return workflowHandler<'workflow.avatar', AvatarCheckpoint>('workflow.avatar', async (ctx) => {
    let cp = ctx.checkpoint();
    const existing = cp.avatarModelId ? d.content.avatars.get(cp.avatarModelId) : null;
    const finish = (modelId: string, remoteId: string, heygenStatus: string | null) => {
      const ready = d.content.avatars.setStatus(modelId, { status: 'ready', remoteId, errorMessage: null });
      return { avatarModelId: ready.id, remoteId, heygenStatus, demo: ready.demo };
    };
    // The avatar was created before a restart: finish from its id, never create again.
    const knownId = cp.remoteId ?? existing?.remoteId ?? null;
    if (existing && knownId) return finish(existing.id, knownId, cp.heygenStatus ?? null);

    const { file, path } = await usableFile(d, ctx.input.fileId, 'image', 'A photo avatar');
    const t = await d.providers.target('heygen');
    const call = callContext(ctx);
    const model =
      existing ??
      d.content.avatars.create({
        name: ctx.input.name,
        remoteId: null,
        status: 'pending',
        fileIds: [file.id],
        demo: t.demo,
      });
    const fail = (message: string) =>
      d.content.avatars.setStatus(model.id, { status: 'failed', errorMessage: message });
    try {
      if (!existing) ctx.saveCheckpoint({ avatarModelId: model.id });
      let assetId = cp.assetId;
      if (!assetId) {
        ctx.progress(0.1, `Uploading ${file.name}`);
        const up = await uploadAssetV3(t.gateway, t.credential, { ...call, path, mimeType: file.mime });
        ctx.addActualCost(up.costNanos ?? 0);
        assetId = up.value.assetId;
        ctx.saveCheckpoint({ assetId });
        cp = ctx.checkpoint();
      }
      if (cp.submitted) throw new AppError('conflict', AVATAR_MAY_EXIST_MESSAGE);
      ctx.progress(0.7, 'Creating the photo avatar');
      ctx.saveCheckpoint({ submitted: true });
      let r: Awaited<ReturnType<typeof createAvatarV3>>;
      try {
        r = await createAvatarV3(t.gateway, t.credential, { ...call, name: ctx.input.name, assetId });
      } catch (e) {
        if (refusedOutright(e)) ctx.saveCheckpoint({ submitted: false });
        throw e;
      }
      // Before anything else: from here on the job finishes from this id.
      ctx.saveCheckpoint({ remoteId: r.value.id, heygenStatus: r.value.status ?? 'completed' });
      ctx.addActualCost(r.costNanos ?? 0);
      return finish(model.id, r.value.id, r.value.status ?? 'completed');
    } catch (e) {
      fail(e instanceof Error ? e.message : String(e));
      throw e;
    }
  });
}
