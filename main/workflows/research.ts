// workflow.research: three perspectives on the piece's topic (or the trends in its niche) from Perplexity, each
// kept with the sources it cites, so a rewrite can build on them and the UI can show where every claim came from.
// With Exa chosen as the source, the record holds the pages Exa found (and those like the piece's URL) instead.
import type { ContentPiece, Perspective, ResearchRecord } from '../../preload/contract/content';
import type { Citation } from '../providers/perplexity/usage';
import { researchPerspectives, trendAnalysis } from '../providers/perplexity/client';
import { MAX_OUTPUT_TOKENS, stepModel, type WorkflowDeps } from './deps';
import { EXA_RESEARCH_MODEL } from './models';
import { callContext, workflowHandler, type StepContext } from './handler';
import { exaRequests, researchOnExa, type ExaResearchProgress } from './research-exa';

const PERSPECTIVE_START = /^\s*(?:[#*_\s]*)(?:perspective\s*\d+|\d+[.)])\s*/i;

const citationFor = (c: Citation) => ({ url: c.url, title: c.title });
const isHttp = (c: Citation) => /^https?:\/\//i.test(c.url) && URL.canParse(c.url);

/**
 * Splits the answer into its perspectives (paragraphs that start "Perspective N" or "N.") and gives each the
 * citations its [n] markers point at. An answer without that structure stays one perspective with all sources.
 */
export function splitPerspectives(text: string, citations: Citation[]): Perspective[] {
  const blocks: string[] = [];
  for (const line of text.split('\n')) {
    if (PERSPECTIVE_START.test(line) || blocks.length === 0) blocks.push(line);
    else blocks[blocks.length - 1] += `\n${line}`;
  }
  const structured = blocks.filter((b) => PERSPECTIVE_START.test(b));
  const usable = citations.filter(isHttp);
  if (structured.length < 2) return [{ title: 'Research', summary: text.trim(), citations: usable.map(citationFor) }];
  return structured.map((block, i) => {
    const heading = /\(([^)]{1,80})\)/.exec(block.split(':')[0] ?? '')?.[1];
    const refs = new Set([...block.matchAll(/\[(\d{1,3})\]/g)].map((m) => Number(m[1]) - 1));
    const cited = [...refs].flatMap((n) => (citations[n] && isHttp(citations[n]) ? [citationFor(citations[n])] : []));
    return {
      title: heading ? `Perspective ${i + 1}: ${heading}` : `Perspective ${i + 1}`,
      summary: block.trim(),
      citations: cited,
    };
  });
}

/** What to research when the user did not say: the piece's title, or for trends its niche (tags, platform). */
export function researchTopic(piece: ContentPiece, focus: ResearchRecord['kind'], topic: string | undefined): string {
  if (topic) return topic.slice(0, 1_000);
  if (focus === 'trends')
    return `${piece.tags.length > 0 ? piece.tags.join(', ') : piece.title} on ${piece.platform}`.slice(0, 1_000);
  return piece.title.slice(0, 1_000);
}

export function researchHandler(d: WorkflowDeps) {
  return workflowHandler('workflow.research', async (ctx) => {
    const piece = d.content.pieces.get(ctx.input.contentId);
    const { focus } = ctx.input;
    const topic = researchTopic(piece, focus, ctx.input.topic);
    const chosen = stepModel(d, 'workflow.research', ctx.input.model);
    if (chosen.provider === 'exa') return exaResearch(d, ctx, piece, topic);
    const { model } = chosen;
    ctx.progress(0.1, focus === 'trends' ? 'Analysing trends with Perplexity' : 'Researching with Perplexity');
    const t = await d.providers.target('perplexity');
    const ask = focus === 'trends' ? trendAnalysis : researchPerspectives;
    const r = await ask(t.gateway, t.credential, topic, {
      ...callContext(ctx),
      maxOutputTokens: MAX_OUTPUT_TOKENS.research,
      // "sonar" is the legacy chat API (refused once shut down); the rest are Agent API slugs.
      ...(model === 'sonar' ? { legacySonar: true } : { model }),
    });
    ctx.addActualCost(r.costNanos ?? 0);
    const split = splitPerspectives(r.value.text, r.value.citations);
    // A trend answer is usually one piece of prose: name it for what it is.
    const [only] = split;
    const perspectives = focus === 'trends' && only && split.length === 1 ? [{ ...only, title: 'Trends' }] : split;
    const record = d.content.research.save(
      { contentId: piece.id, kind: focus, topic, perspectives },
      { provider: 'perplexity', model: r.model, demo: t.demo, jobId: ctx.job.id },
    );
    return {
      researchId: record.id,
      perspectives: record.perspectives.length,
      citations: record.perspectives.reduce((n, p) => n + p.citations.length, 0),
      demo: record.demo,
    };
  });
}

async function exaResearch(d: WorkflowDeps, ctx: StepContext<'workflow.research'>, piece: ContentPiece, topic: string) {
  const { focus } = ctx.input;
  ctx.progress(0.1, focus === 'trends' ? 'Searching recent news with Exa' : 'Searching the web with Exa');
  const t = await d.providers.target('exa');
  const requests = exaRequests(piece, focus, topic, d.now());
  // Search and findSimilar are two paid calls: each is checkpointed, so a wait between them does not pay twice.
  const saved = ctx.checkpoint() as { exa?: ExaResearchProgress };
  const r = await researchOnExa(t.gateway, t.credential, requests, focus, callContext(ctx), saved.exa, (exa) =>
    ctx.saveCheckpoint({ exa }),
  );
  ctx.addActualCost(r.costNanos);
  const record = d.content.research.save(
    { contentId: piece.id, kind: focus, topic, perspectives: r.perspectives },
    { provider: 'exa', model: EXA_RESEARCH_MODEL, demo: t.demo, jobId: ctx.job.id },
  );
  return {
    researchId: record.id,
    perspectives: record.perspectives.length,
    citations: record.perspectives.reduce((n, p) => n + p.citations.length, 0),
    demo: record.demo,
  };
}
