// workflow.rewrite: the piece's script rewritten with its research and the creator's persona, by OpenAI or
// Claude (the other one takes over when the chosen one fails), saved as a new version of the script.
import type { ContentPiece, Persona, ResearchRecord, Script } from '../../preload/contract/content';
import { AppError } from '../core/errors';
import { withFallback } from '../gateway/fallback';
import { MAX_OUTPUT_TOKENS, stepModel, type WorkflowDeps } from './deps';
import { callContext, workflowHandler } from './handler';
import { scriptWriters, writerChain } from './script-writers';

const SYSTEM =
  "You are a scriptwriter for a solo creator. Rewrite the script in the creator's voice. Reply with the new script only: hook, body, call to action.";

/** A perspective as prompt lines; sources that carry a sentence (Exa's highlights) bring it along. */
const perspectiveLines = (p: ResearchRecord['perspectives'][number]) =>
  [
    `- ${p.title}: ${p.summary}`,
    ...p.citations.flatMap((c) => (c.snippet ? [`  • ${c.title ?? c.url}: ${c.snippet} (${c.url})`] : [])),
  ].join('\n');

export function rewritePrompt(script: Script, research: ResearchRecord | null, persona: Persona | null): string {
  const lines = [`Rewrite this script:\n${script.body}`];
  if (research) {
    lines.push(
      `Use these research perspectives (keep claims to what they support):\n${research.perspectives.map(perspectiveLines).join('\n')}`,
    );
  }
  if (persona) lines.push(personaBlock(persona));
  return lines.join('\n\n').slice(0, 40_000);
}

/** The persona profile as prompt text (shared by rewrite and generate). */
export function personaBlock(persona: Persona): string {
  return [
    `Persona: ${persona.name}`,
    persona.voice && `Voice: ${persona.voice}`,
    persona.audience && `Audience: ${persona.audience}`,
    persona.dos.length > 0 && `Do: ${persona.dos.join('; ')}`,
    persona.donts.length > 0 && `Don't: ${persona.donts.join('; ')}`,
    persona.samplePosts.length > 0 && `Sample posts:\n${persona.samplePosts.slice(0, 3).join('\n---\n')}`,
  ]
    .filter(Boolean)
    .join('\n');
}

/** The script to rewrite: the one named, else the piece's newest, else one made from the piece's own words. */
export function scriptFor(
  d: WorkflowDeps,
  piece: ContentPiece,
  scriptId: string | undefined,
  personaId: string | null,
): Script {
  if (scriptId) {
    const script = d.content.scripts.get(scriptId);
    if (script.contentId !== null && script.contentId !== piece.id)
      throw new AppError('invalid_input', `Script ${scriptId} belongs to another content piece`);
    return script;
  }
  const existing = d.content.scripts.list({ contentId: piece.id })[0];
  if (existing) return existing;
  const body = piece.transcript.trim() || piece.description.trim();
  if (!body)
    throw new AppError(
      'invalid_input',
      `"${piece.title}" has no script, transcript or description to rewrite; transcribe it or write a script first`,
    );
  return d.content.scripts.create({
    title: piece.title,
    contentId: piece.id,
    personaId,
    body,
    note: "From the piece's transcript",
    origin: 'manual',
  });
}

/** The rewrite's model: the one asked for, else the chosen provider's default (the user's when it is that vendor's). */
export function rewriteModel(d: WorkflowDeps, input: { provider: 'openai' | 'anthropic'; model?: string | undefined }) {
  if (input.model) return stepModel(d, 'workflow.rewrite', input.model);
  const preferred = stepModel(d, 'workflow.rewrite', undefined);
  if (preferred.provider === input.provider) return preferred;
  return stepModel(d, 'workflow.rewrite', input.provider === 'anthropic' ? 'claude-sonnet-4-5' : 'gpt-4.1-mini');
}

export function rewriteHandler(d: WorkflowDeps) {
  return workflowHandler('workflow.rewrite', async (ctx) => {
    const { input } = ctx;
    const piece = d.content.pieces.get(input.contentId);
    const persona = input.personaId ? d.content.personas.get(input.personaId) : null;
    const research = input.researchId
      ? d.content.research.get(input.researchId)
      : (d.content.research.list({ contentId: piece.id, kind: 'perspectives' })[0] ?? null);
    const script = scriptFor(d, piece, input.scriptId, persona?.id ?? null);
    const prompt = rewritePrompt(script, research, persona);
    const call = { ...callContext(ctx), operation: 'script_generation' };
    const chain = writerChain(rewriteModel(d, input));
    const writers = scriptWriters(
      d,
      { system: SYSTEM, prompt, maxTokens: MAX_OUTPUT_TOKENS.rewrite },
      call,
      chain.models,
    );
    ctx.progress(0.1, `Rewriting with ${chain.first === 'anthropic' ? 'Claude' : 'OpenAI'}`);
    const result = await withFallback(
      chain.first === 'anthropic' ? [writers.anthropic, writers.openai] : [writers.openai, writers.anthropic],
    );
    ctx.addActualCost(result.costNanos ?? 0);
    const body = result.value.text.trim();
    if (!body) throw new AppError('provider_error', `${result.servedBy} returned an empty script`);
    const provider = result.servedBy === 'anthropic' ? 'anthropic' : 'openai';
    const updated = d.content.scripts.addVersion(script.id, {
      body,
      origin: 'rewrite',
      note: [research && 'with research', persona && `as ${persona.name}`].filter(Boolean).join(', ') || null,
      provider,
      model: result.model,
      demo: result.value.demo,
      jobId: ctx.job.id,
    });
    return {
      scriptId: updated.id,
      version: updated.currentVersion,
      fromVersion: script.currentVersion,
      provider,
      demo: result.value.demo,
    };
  });
}
