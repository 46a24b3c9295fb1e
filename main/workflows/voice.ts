// workflow.voiceClone (ElevenLabs instant clone from registered samples -> a voice model row) and
// workflow.speak (a script version spoken by a ready voice -> an audio file in media/ and its row).
import { join } from 'node:path';
import { AppError } from '../core/errors';
import { ProviderError } from '../gateway/types';
import { cloneVoice, speakScript, type ScriptSpeechPart } from '../providers/elevenlabs/client';
import { measureAudioDurationSeconds } from '../providers/shared/audio-duration';
import { stepDefaults } from './defaults';
import { stepModel, type WorkflowDeps } from './deps';
import { ledgerCostOf, usableFile } from './files';
import { callContext, workflowHandler } from './handler';

interface CloneCheckpoint extends Record<string, unknown> {
  voiceModelId: string;
  /** Set just before the (non-idempotent) clone request: a resume after it must not clone twice. */
  submitted: boolean;
  /** ElevenLabs' id for the new voice, saved the moment it arrives: a resume finishes from it. */
  remoteVoiceId: string;
  requiresVerification: boolean;
}

/** Why a resumed or retried clone stops instead of sending again. */
export const CLONE_MAY_EXIST_MESSAGE =
  'An earlier request to create this voice may have reached ElevenLabs (the app stopped or the answer was lost); check your ElevenLabs voices, then retry with a fresh start to clone again';

/** A refusal (4xx): ElevenLabs created nothing, so the request may be sent again. */
const refusedOutright = (e: unknown) =>
  e instanceof ProviderError && e.status !== null && e.status >= 400 && e.status < 500;

export function voiceCloneHandler(d: WorkflowDeps) {
  return workflowHandler<'workflow.voiceClone', CloneCheckpoint>('workflow.voiceClone', async (ctx) => {
    const cp = ctx.checkpoint();
    const existing = cp.voiceModelId ? d.content.voices.get(cp.voiceModelId) : null;
    const finish = (modelId: string, remoteId: string, requiresVerification: boolean) => {
      const ready = d.content.voices.setStatus(modelId, { status: 'ready', remoteId, errorMessage: null });
      return { voiceModelId: ready.id, remoteId, requiresVerification, demo: ready.demo };
    };
    // The voice was created before a restart: finish from its id, never clone again.
    const knownId = cp.remoteVoiceId ?? existing?.remoteId ?? null;
    if (existing && knownId) return finish(existing.id, knownId, cp.requiresVerification ?? false);

    const samples = [];
    for (const id of ctx.input.fileIds) samples.push(await usableFile(d, id, 'audio', 'A voice sample'));
    const t = await d.providers.target('elevenlabs');
    const model =
      existing ??
      d.content.voices.create({
        name: ctx.input.name,
        remoteId: null,
        status: 'pending',
        fileIds: ctx.input.fileIds,
        demo: t.demo,
      });
    if (!existing) ctx.saveCheckpoint({ voiceModelId: model.id });
    if (cp.submitted) {
      d.content.voices.setStatus(model.id, { status: 'failed', errorMessage: CLONE_MAY_EXIST_MESSAGE });
      throw new AppError('conflict', CLONE_MAY_EXIST_MESSAGE);
    }
    ctx.progress(0.2, `Cloning a voice from ${samples.length} sample(s)`);
    ctx.saveCheckpoint({ submitted: true });
    let r: Awaited<ReturnType<typeof cloneVoice>>;
    try {
      r = await cloneVoice(t.gateway, t.credential, {
        ...callContext(ctx),
        name: ctx.input.name,
        samples: samples.map((s) => ({ path: s.path, mimeType: s.file.mime })),
      });
    } catch (e) {
      if (refusedOutright(e)) ctx.saveCheckpoint({ submitted: false });
      d.content.voices.setStatus(model.id, {
        status: 'failed',
        errorMessage: e instanceof Error ? e.message : String(e),
      });
      throw e;
    }
    // Before anything else: from here on the job finishes from this id.
    ctx.saveCheckpoint({ remoteVoiceId: r.value.voiceId, requiresVerification: r.value.requiresVerification });
    ctx.addActualCost(r.costNanos ?? 0);
    return finish(model.id, r.value.voiceId, r.value.requiresVerification);
  });
}

interface SpeakCheckpoint extends Record<string, unknown> {
  /** The version and model, fixed at the first run: a newer version or default model must not shift chunks. */
  version: number;
  model: string;
  /** The chunks already spoken (and paid), their audio kept beside the output: a re-run after a wait skips them. */
  parts: ScriptSpeechPart[];
}

export function speakHandler(d: WorkflowDeps) {
  return workflowHandler<'workflow.speak', SpeakCheckpoint>('workflow.speak', async (ctx) => {
    const { input } = ctx;
    const saved = ctx.checkpoint();
    const script = d.content.scripts.get(input.scriptId);
    const version = saved.version ?? input.version ?? script.currentVersion;
    const model = saved.model ?? stepModel(d, 'workflow.speak', input.model).model;
    if (saved.version === undefined) ctx.saveCheckpoint({ version, model, parts: [] });
    const body = d.content.scripts.versions(script.id).find((v) => v.version === version)?.body;
    if (body === undefined) throw new AppError('not_found', `Script ${script.id} has no version ${version}`);
    const voice = d.content.voices.get(input.voiceId);
    if (voice.status !== 'ready' || voice.remoteId === null)
      throw new AppError('invalid_input', `Voice "${voice.name}" is ${voice.status}; it must be ready to speak`);
    const t = await d.providers.target('elevenlabs');
    const outputPath = join(d.content.media.directory(), `speech-${ctx.job.id}.mp3`);
    ctx.progress(0.1, `Speaking script v${version} as ${voice.name}`);
    const speech = await speakScript(t.gateway, t.credential, {
      ...callContext(ctx),
      voiceId: voice.remoteId,
      text: body,
      outputPath,
      modelId: model,
      voiceSettings: {
        stability: stepDefaults(d.settings).voiceStability,
        similarity_boost: stepDefaults(d.settings).voiceSimilarity,
      },
      stitch: true,
      done: saved.parts ?? [],
      onPart: (parts) => ctx.saveCheckpoint({ parts }),
    });
    // speakScript returns call ids (one per chunk, earlier runs' included), not costs: the ledger has them.
    await t.gateway.flush();
    ctx.addActualCost(
      ledgerCostOf(
        d,
        speech.parts.map((p) => p.callId),
      ),
    );
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
    return {
      mediaId: media.id,
      fileName: media.fileName,
      sha256: media.sha256,
      bytes: media.sizeBytes,
      version,
      demo: media.demo,
    };
  });
}
