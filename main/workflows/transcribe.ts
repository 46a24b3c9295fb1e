// workflow.transcribe: a registered audio file transcribed by OpenAI into the piece's transcript.
import { transcribeAudio } from '../providers/openai/client';
import { stepModel, type WorkflowDeps } from './deps';
import { usableFile } from './files';
import { callContext, workflowHandler } from './handler';

export function transcribeHandler(d: WorkflowDeps) {
  return workflowHandler('workflow.transcribe', async (ctx) => {
    const piece = d.content.pieces.get(ctx.input.contentId);
    const model = stepModel(d, 'workflow.transcribe', ctx.input.model).model;
    const { file, path } = await usableFile(d, ctx.input.fileId, 'audio', 'Transcription');
    ctx.progress(0.1, `Transcribing ${file.name}`);
    const t = await d.providers.target('openai');
    const r = await transcribeAudio(
      t.gateway,
      t.credential,
      { filePath: path, model },
      { ...callContext(ctx), operation: 'transcription' },
    );
    ctx.addActualCost(r.costNanos ?? 0);
    const text = r.value.text.trim();
    d.content.pieces.update(piece.id, {
      transcript: text,
      ...(piece.sourceFileId === null ? { sourceFileId: file.id } : {}),
    });
    return { contentId: piece.id, fileId: file.id, characters: text.length, demo: t.demo };
  });
}
