// workflow.avatar: a registered photo uploaded to HeyGen and made into a photo avatar (talking photo);
// the avatar model row holds HeyGen's talking_photo_id once it is ready.
import { AppError } from '../core/errors';
import { createPhotoAvatar, uploadAssetLegacy } from '../providers/heygen/client';
import type { WorkflowDeps } from './deps';
import { usableFile } from './files';
import { callContext, workflowHandler } from './handler';

interface AvatarCheckpoint extends Record<string, unknown> {
  avatarModelId: string;
  /** From the upload (free, repeatable); the avatar is created from it. */
  imageKey: string;
  /** Set just before the non-idempotent avatar create. */
  submitted: boolean;
}

export function avatarHandler(d: WorkflowDeps) {
  return workflowHandler<'workflow.avatar', AvatarCheckpoint>('workflow.avatar', async (ctx) => {
    const { file, path } = await usableFile(d, ctx.input.fileId, 'image', 'A photo avatar');
    const t = await d.providers.target('heygen');
    const call = callContext(ctx);
    let cp = ctx.checkpoint();
    const model = cp.avatarModelId
      ? d.content.avatars.get(cp.avatarModelId)
      : d.content.avatars.create({ name: ctx.input.name, remoteId: null, status: 'pending', fileIds: [file.id], demo: t.demo });
    const fail = (message: string) => d.content.avatars.setStatus(model.id, { status: 'failed', errorMessage: message });
    try {
      if (!cp.avatarModelId) ctx.saveCheckpoint({ avatarModelId: model.id });
      if (!cp.imageKey) {
        ctx.progress(0.1, `Uploading ${file.name}`);
        const up = await uploadAssetLegacy(t.gateway, t.credential, {
          ...call,
          path,
          mimeType: file.mime,
          onProgress: (sent, total) => ctx.progress(0.1 + 0.5 * (sent / total), `Uploading ${file.name}`),
        });
        ctx.addActualCost(up.costNanos ?? 0);
        if (!up.value.imageKey) throw new AppError('provider_error', `HeyGen returned no image_key for ${file.name}`);
        ctx.saveCheckpoint({ imageKey: up.value.imageKey });
        cp = ctx.checkpoint();
      }
      if (cp.submitted) throw new AppError('conflict', 'The app stopped while HeyGen was creating this avatar; check your HeyGen talking photos before trying again');
      ctx.progress(0.7, 'Creating the photo avatar');
      ctx.saveCheckpoint({ submitted: true });
      const r = await createPhotoAvatar(t.gateway, t.credential, { ...call, name: ctx.input.name, imageKey: cp.imageKey! });
      ctx.addActualCost(r.costNanos ?? 0);
      const ready = d.content.avatars.setStatus(model.id, { status: 'ready', remoteId: r.value.id });
      return { avatarModelId: ready.id, remoteId: r.value.id, heygenStatus: r.value.status, demo: ready.demo };
    } catch (e) {
      fail(e instanceof Error ? e.message : String(e));
      throw e;
    }
  });
}
