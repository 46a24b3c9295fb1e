// workflow.generate: a new script written by Claude from the creator's connected content (chosen pieces with
// their descriptions, transcripts and newest analyses), in the persona's voice and to an optional brief.
// OpenAI takes over when Claude fails. The script is new (origin 'generate') and linked to the first piece.
import type { AnalysisRecord, ContentPiece, Persona } from '../../preload/contract/content';
import type { WorkflowInput } from '../../preload/contract/workflows';
import { AppError } from '../core/errors';
import { withFallback } from '../gateway/fallback';
import { MAX_PIECE_CHARS } from './analyse';
import { MAX_OUTPUT_TOKENS, stepModel, type WorkflowDeps } from './deps';
import { workflowHandler } from './handler';
import { personaBlock } from './rewrite';
import { scriptWriters, writerChain } from './script-writers';

// Says what to write before anything else: the demo fakes (and a reader of the ledger) tell the task by it.
export const GENERATE_SYSTEM =
  "You are a scriptwriter for a solo creator. Write one new short-form script in the creator's voice, built from their own connected content. Reply with the script only: hook, body, call to action.";

export interface ConnectedPiece {
  piece: ContentPiece;
  /** The piece's newest analysis, when it has one. */
  analysis: AnalysisRecord | null;
}

/** The chosen pieces in the order given, each with its newest analysis. An unknown id is a not_found error. */
export function connectedContent(d: WorkflowDeps, contentIds: readonly string[]): ConnectedPiece[] {
  return contentIds.map((id) => {
    const piece = d.content.pieces.get(id);
    return { piece, analysis: d.content.analyses.list(piece.id)[0] ?? null };
  });
}

/** One piece as prompt text, cut to its share of the material so many pieces cannot crowd out the rest. */
function pieceBlock({ piece, analysis }: ConnectedPiece, index: number, maxChars: number): string {
  const a = analysis?.analysis;
  const text = [
    `Piece ${index + 1}: "${piece.title}" (${piece.platform})`,
    piece.description && `Description: ${piece.description}`,
    piece.transcript && `Transcript: ${piece.transcript}`,
    piece.tags.length > 0 && `Tags: ${piece.tags.join(', ')}`,
    // Labelled as what worked rather than repeating the analysis wording: the brief is to write, not to critique.
    a &&
      `What worked: hook "${a.hook}"; call to action "${a.cta}"; style ${a.style}${a.trendingElements.length ? `; trending ${a.trendingElements.join(', ')}` : ''}`,
  ]
    .filter(Boolean)
    .join('\n');
  return text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text;
}

export function generatePrompt(
  connected: readonly ConnectedPiece[],
  persona: Persona | null,
  brief: string | undefined,
): string {
  const share = Math.floor(MAX_PIECE_CHARS / Math.max(1, connected.length));
  const lines = [
    `Write a new script from ${connected.length === 1 ? 'this piece' : `these ${connected.length} pieces`} of my content. Keep what worked; do not copy sentences.`,
  ];
  if (brief) lines.push(`Brief: ${brief}`);
  if (persona) lines.push(personaBlock(persona));
  lines.push(connected.map((c, i) => pieceBlock(c, i, share)).join('\n\n'));
  return lines.join('\n\n');
}

/** The default title: the first piece's, marked as generated (and how many others fed it). */
export function generatedTitle(input: WorkflowInput<'workflow.generate'>, first: ContentPiece): string {
  if (input.title) return input.title;
  const others = input.contentIds.length - 1;
  return `New script from "${first.title.slice(0, 200)}"${others > 0 ? ` + ${others} more` : ''}`;
}

export function generateHandler(d: WorkflowDeps) {
  return workflowHandler('workflow.generate', async (ctx) => {
    const { input } = ctx;
    const connected = connectedContent(d, input.contentIds);
    const [head] = connected;
    if (!head) throw new AppError('invalid_input', 'Pick at least one piece of content');
    const first = head.piece;
    const persona = input.personaId ? d.content.personas.get(input.personaId) : null;
    const prompt = generatePrompt(connected, persona, input.brief);
    // The ledger rows link to the job and to the piece the script links to (the input names several).
    const call = { jobId: ctx.job.id, contentId: first.id, signal: ctx.signal, operation: 'script_generation' };
    const chain = writerChain(stepModel(d, 'workflow.generate', input.model));
    const writers = scriptWriters(
      d,
      { system: GENERATE_SYSTEM, prompt, maxTokens: MAX_OUTPUT_TOKENS.generate },
      call,
      chain.models,
    );
    const [lead, backup] =
      chain.first === 'anthropic' ? [writers.anthropic, writers.openai] : [writers.openai, writers.anthropic];
    const name = (p: string) => (p === 'anthropic' ? 'Claude' : 'OpenAI');
    const backupAfterLead = {
      ...backup,
      run: () => {
        ctx.progress(0.5, `${name(lead.provider)} failed; writing with ${name(backup.provider)}`);
        return backup.run();
      },
    };
    ctx.progress(
      0.1,
      `Writing with ${name(lead.provider)} from ${connected.length} piece${connected.length === 1 ? '' : 's'}`,
    );
    const result = await withFallback([lead, backupAfterLead]);
    ctx.addActualCost(result.costNanos ?? 0);
    const body = result.value.text.trim();
    if (!body) throw new AppError('provider_error', `${result.servedBy} returned an empty script`);
    const provider = result.servedBy === 'anthropic' ? 'anthropic' : 'openai';
    const script = d.content.scripts.create({
      title: generatedTitle(input, first),
      contentId: first.id,
      personaId: persona?.id ?? null,
      body,
      origin: 'generate',
      note: [`from ${connected.length} piece${connected.length === 1 ? '' : 's'}`, persona && `as ${persona.name}`]
        .filter(Boolean)
        .join(', '),
      provider,
      model: result.model,
      demo: result.value.demo,
      jobId: ctx.job.id,
    });
    return {
      scriptId: script.id,
      version: script.currentVersion,
      provider,
      model: result.model,
      demo: result.value.demo,
      fallbackFrom: result.failures.map((f) => ({
        provider: f.provider,
        error: f.error instanceof Error ? f.error.message : String(f.error),
      })),
    };
  });
}
