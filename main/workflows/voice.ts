// workflow.voiceClone (ElevenLabs instant clone from registered samples -> a voice model row) and
// workflow.speak (a script version spoken by a ready voice -> an audio file in media/ and its row).
import { join } from 'node:path';
import { AppError } from '../core/errors';
import { cloneVoice, speakScript } from '../providers/elevenlabs/client';
import { measureAudioDurationSeconds } from '../providers/shared/audio-duration';
import { WORKFLOW_MODELS, type WorkflowDeps } from './deps';
import { ledgerCostOf, usableFile } from './files';
import { callContext, workflowHandler } from './handler';

interface CloneCheckpoint extends Record<string, unknown> {
  voiceModelId: string;
  /** Set just before the (non-idempotent) clone request: a resume after it must not clone twice. */
  submitted: boolean;
}

export function voiceCloneHandler(d: WorkflowDeps) {
  return workflowHandler<'workflow.voiceClone', CloneCheckpoint>('workflow.voiceClone', async (ctx) => {
    const samples = [];
    for (const id of ctx.input.fileIds) samples.push(await usableFile(d, id, 'audio', 'A voice sample'));
    const t = await d.providers.target('elevenlabs');
    const cp = ctx.checkpoint();
    const model = cp.voiceModelId
      ? d.content.voices.get(cp.voiceModelId)
      : d.content.voices.create({ name: ctx.input.name, remoteId: null, status: 'pending', fileIds: ctx.input.fileIds, demo: t.demo });
    if (!cp.voiceModelId) ctx.saveCheckpoint({ voiceModelId: model.id });
    if (cp.submitted && model.remoteId === null) {
      const message = 'The app stopped while ElevenLabs was creating this voice; check your ElevenLabs voices before cloning again';
      d.content.voices.setStatus(model.id, { status: 'failed', errorMessage: message });
      throw new AppError('conflict', message);
    }
    ctx.progress(0.2, `Cloning a voice from ${samples.length} sample(s)`);
    ctx.saveCheckpoint({ submitted: true });
    try {
      const r = await cloneVoice(t.gateway, t.credential, {
        ...callContext(ctx),
        name: ctx.input.name,
        samples: samples.map((s) => ({ path: s.path, mimeType: s.file.mime })),
      });
      ctx.addActualCost(r.costNanos ?? 0);
      const ready = d.content.voices.setStatus(model.id, { status: 'ready', remoteId: r.value.voiceId });
      return { voiceModelId: ready.id, remoteId: r.value.voiceId, requiresVerification: r.value.requiresVerification, demo: ready.demo };
    } catch (e) {
      d.content.voices.setStatus(model.id, { status: 'failed', errorMessage: e instanceof Error ? e.message : String(e) });
      throw e;
    }
  });
}

export function speakHandler(d: WorkflowDeps) {
  return workflowHandler('workflow.speak', async (ctx) => {
    const { input } = ctx;
    const script = d.content.scripts.get(input.scriptId);
    const version = input.version ?? script.currentVersion;
    const body = d.content.scripts.versions(script.id).find((v) => v.version === version)?.body;
    if (body === undefined) throw new AppError('not_found', `Script ${script.id} has no version ${version}`);
    const voice = d.content.voices.get(input.voiceId);
    if (voice.status !== 'ready' || voice.remoteId === null) throw new AppError('invalid_input', `Voice "${voice.name}" is ${voice.status}; it must be ready to speak`);
    const t = await d.providers.target('elevenlabs');
    const outputPath = join(d.content.media.directory(), `speech-${ctx.job.id}.mp3`);
    ctx.progress(0.1, `Speaking script v${version} as ${voice.name}`);
    const speech = await speakScript(t.gateway, t.credential, {
      ...callContext(ctx),
      voiceId: voice.remoteId,
      text: body,
      outputPath,
      modelId: WORKFLOW_MODELS.tts,
      stitch: true,
    });
    // speakScript returns call ids (one per chunk), not costs: the ledger has them once written.
    await t.gateway.flush();
    ctx.addActualCost(ledgerCostOf(d, speech.parts.map((p) => p.callId)));
    const durationSeconds = (await measureAudioDurationSeconds(speech.file.path)) ?? null;
    const media = d.content.media.create({
      kind: 'audio',
      mime: 'audio/mpeg',
      path: speech.file.path,
      sha256: speech.file.sha256,
      durationSeconds,
      contentId: input.contentId ?? script.contentId,
      scriptId: script.id,
      jobId: ctx.job.id,
      provider: 'elevenlabs',
      demo: t.demo,
    });
    return { mediaId: media.id, fileName: media.fileName, sha256: media.sha256, bytes: media.sizeBytes, version, demo: media.demo };
  });
}
