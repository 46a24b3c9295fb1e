// workflow.analyse: a structured analysis of a content piece. OpenAI answers against a strict JSON schema;
// when OpenAI fails in a way another provider could fix, Anthropic answers the same prompt. The record keeps
// the provider that actually served it. An answer paid for but outside the schema is remembered in the checkpoint,
// so a run that waits for the other provider's rate limit does not pay for it again.
import type { Analysis, ContentPiece } from '../../preload/contract/content';
import { analysisSchema } from '../../preload/contract/content';
import { AppError } from '../core/errors';
import { ProviderError } from '../gateway/types';
import { withFallback } from '../gateway/fallback';
import { createMessage } from '../providers/anthropic/client';
import { createChatCompletion } from '../providers/openai/client';
import { MAX_OUTPUT_TOKENS, stepModel, type WorkflowDeps } from './deps';
import { writerChain } from './script-writers';
import { callContext, workflowHandler } from './handler';

/** The wire shape asked of the model (snake_case, as LLM JSON usually is); mapped to Analysis after. */
export const ANALYSIS_JSON_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['hook', 'body', 'cta', 'style', 'hashtags', 'mentions', 'engagement_score', 'trending_elements'],
  properties: {
    hook: { type: 'string', description: 'The opening line or idea that grabs attention' },
    body: { type: 'string', description: 'How the main part delivers on the hook' },
    cta: { type: 'string', description: 'The call to action' },
    style: { type: 'string', description: 'Tone and format' },
    hashtags: { type: 'array', items: { type: 'string' } },
    mentions: { type: 'array', items: { type: 'string' } },
    engagement_score: { type: 'number', description: 'Predicted engagement from 0 to 100' },
    trending_elements: { type: 'array', items: { type: 'string' } },
  },
} as const;

const SYSTEM = 'You analyze short-form social media content for a creator. Answer with JSON only, matching the schema.';

/** Material stays bounded so the estimate and the reservation hold. */
export const MAX_PIECE_CHARS = 24_000;

export function analysisPrompt(piece: ContentPiece): string {
  const parts = [
    `Analyze this ${piece.platform} content: hook, body, CTA, style, hashtags, mentions, an engagement score (0-100) and trending elements.`,
    `Title: ${piece.title}`,
    piece.description && `Description: ${piece.description}`,
    piece.transcript && `Transcript: ${piece.transcript}`,
    piece.tags.length > 0 && `Tags: ${piece.tags.join(', ')}`,
  ];
  return parts.filter(Boolean).join('\n').slice(0, MAX_PIECE_CHARS);
}

/** Checks a model answer against the schema; a bad answer is a provider fault (so the fallback may try the next). */
export function toAnalysis(raw: unknown, provider: 'openai' | 'anthropic'): Analysis {
  const o = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const score = Number(o.engagement_score ?? o.engagementScore);
  const parsed = analysisSchema.safeParse({
    hook: o.hook,
    body: o.body,
    cta: o.cta,
    style: o.style,
    hashtags: o.hashtags,
    mentions: o.mentions,
    engagementScore: Number.isFinite(score) ? Math.min(100, Math.max(0, score)) : score,
    trendingElements: o.trending_elements ?? o.trendingElements,
  });
  if (!parsed.success) {
    throw new ProviderError({
      provider,
      kind: 'malformed_response',
      status: 200,
      providerCode: 'schema_mismatch',
      message: `the analysis does not match the schema: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
    });
  }
  return parsed.data;
}

type Writer = 'openai' | 'anthropic';

interface AnalyseCheckpoint extends Record<string, unknown> {
  /**
   * Providers whose answer was paid for and then failed the schema. A run that then waits (the other provider
   * rate-limited) skips them when it runs again: the same prompt would be paid for, and fail, once more.
   */
  rejected: Writer[];
}

export function analyseHandler(d: WorkflowDeps) {
  return workflowHandler<'workflow.analyse', AnalyseCheckpoint>('workflow.analyse', async (ctx) => {
    const piece = d.content.pieces.get(ctx.input.contentId);
    const prompt = analysisPrompt(piece);
    const call = callContext(ctx);
    const rejected = ctx.checkpoint().rejected ?? [];
    /** The paid answer as an analysis; one outside the schema is remembered before the fallback moves on. */
    const check = (raw: unknown, provider: Writer): Analysis => {
      try {
        return toAnalysis(raw, provider);
      } catch (e) {
        ctx.saveCheckpoint({ rejected: [...rejected, provider] });
        throw e;
      }
    };
    const { first, models } = writerChain(stepModel(d, 'workflow.analyse', ctx.input.model));
    const openai = {
      provider: 'openai' as const,
      run: async () => {
        const t = await d.providers.target('openai');
        const r = await createChatCompletion(
          t.gateway,
          t.credential,
          {
            model: models.openai,
            messages: [
              { role: 'system', content: SYSTEM },
              { role: 'user', content: prompt },
            ],
            maxOutputTokens: MAX_OUTPUT_TOKENS.analyse,
            responseFormat: {
              type: 'json_schema',
              name: 'content_analysis',
              schema: ANALYSIS_JSON_SCHEMA,
              strict: true,
            },
          },
          { ...call, operation: 'content_analysis' },
        );
        ctx.addActualCost(r.costNanos ?? 0); // paid even when the answer then fails the schema
        return {
          ...r,
          value: { analysis: check(r.value.json, 'openai'), model: r.model ?? models.openai, demo: t.demo },
        };
      },
    };
    const anthropic = {
      provider: 'anthropic' as const,
      run: async () => {
        const t = await d.providers.target('anthropic');
        const r = await createMessage(
          t.gateway,
          t.credential,
          {
            model: models.anthropic,
            system: `${SYSTEM}\nJSON schema: ${JSON.stringify(ANALYSIS_JSON_SCHEMA)}`,
            messages: [{ role: 'user', content: prompt }],
            maxTokens: MAX_OUTPUT_TOKENS.analyse,
            expectJson: true,
          },
          { ...call, operation: 'content_analysis' },
        );
        ctx.addActualCost(r.costNanos ?? 0);
        return {
          ...r,
          value: {
            analysis: check(r.value.json, 'anthropic'),
            model: r.model ?? models.anthropic,
            demo: t.demo,
          },
        };
      },
    };
    const name = (p: string) => (p === 'anthropic' ? 'Claude' : 'OpenAI');
    const [lead, backup] = first === 'anthropic' ? [anthropic, openai] : [openai, anthropic];
    const fallback = {
      provider: backup.provider,
      run: () => {
        ctx.progress(0.5, `${name(lead.provider)} failed; analysing with ${name(backup.provider)}`);
        return backup.run();
      },
    };
    const chain = [lead, fallback].filter((w) => !rejected.includes(w.provider));
    const [firstWriter] = chain;
    if (!firstWriter)
      throw new AppError(
        'provider_error',
        'Both providers answered outside the analysis schema; nothing more was sent',
      );
    ctx.progress(0.1, `Analysing with ${name(firstWriter.provider)}`);
    const result = await withFallback<{ analysis: Analysis; model: string; demo: boolean }>(chain);
    const provider = result.servedBy === 'anthropic' ? 'anthropic' : 'openai';
    const record = d.content.analyses.save(piece.id, result.value.analysis, {
      provider,
      model: result.value.model,
      demo: result.value.demo,
      jobId: ctx.job.id,
    });
    return {
      analysisId: record.id,
      provider,
      model: record.model,
      demo: record.demo,
      fallbackFrom: result.failures.map((f) => ({
        provider: f.provider,
        error: f.error instanceof Error ? f.error.message : String(f.error),
      })),
    };
  });
}
