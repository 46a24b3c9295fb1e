// Research on Exa: a search with its contents (a highlight sentence per page, included in the search price) for
// the topic, and for a piece with a URL the pages similar to it (findSimilar). Every result becomes a citation the
// creator can open: title, URL and the sentence Exa picked. The request shapes are shared with the estimate so
// the bound is computed from exactly what is sent.
import type { ContentPiece, Perspective, ResearchRecord } from '../../preload/contract/content';
import type { Credential, Gateway } from '../gateway/types';
import { findSimilar, search, type ContentsOptions, type SearchInput } from '../providers/exa/client';
import type { ExaResult } from '../providers/exa/usage';
import { searchWorstCase } from '../providers/exa/worst-case';
import type { CallContext } from '../providers/shared/call';

/** Pages per search: within the ten whose highlights come with the search price. */
export const EXA_SEARCH_RESULTS = 8;
export const EXA_SIMILAR_RESULTS = 5;
const CONTENTS: ContentsOptions = { highlights: { numSentences: 2, highlightsPerUrl: 1 } };
const TREND_WINDOW_DAYS = 30;

export interface ExaResearchRequests {
  search: Omit<SearchInput, keyof CallContext>;
  /** Only for a piece with an http(s) URL, when researching perspectives. */
  similarTo: string | null;
}

const openableUrl = (url: string | null): string | null =>
  url && /^https?:\/\//i.test(url) && URL.canParse(url) ? url : null;

/** What the step sends: trends look at the last month's news; perspectives also ask for pages like the piece. */
export function exaRequests(
  piece: ContentPiece,
  focus: ResearchRecord['kind'],
  topic: string,
  now: Date,
): ExaResearchRequests {
  const since = new Date(now.getTime() - TREND_WINDOW_DAYS * 86_400_000).toISOString();
  return {
    search: {
      query: topic,
      type: 'auto',
      numResults: EXA_SEARCH_RESULTS,
      contents: CONTENTS,
      ...(focus === 'trends' ? { category: 'news' as const, startPublishedDate: since } : {}),
    },
    similarTo: focus === 'perspectives' ? openableUrl(piece.url) : null,
  };
}

/** The most the requests can bill, from Exa's price list (the same bound the gateway reserves). */
export function exaWorstCase(r: ExaResearchRequests): number {
  const similar = r.similarTo ? searchWorstCase({ numResults: EXA_SIMILAR_RESULTS, contents: CONTENTS }) : 0;
  return searchWorstCase(r.search) + similar;
}

const snippetOf = (x: ExaResult): string | null =>
  (x.highlights?.[0] ?? x.summary ?? x.text?.slice(0, 300) ?? null)?.trim().slice(0, 2_000) || null;

const citations = (results: ExaResult[]) =>
  results.flatMap((x) =>
    openableUrl(x.url) ? [{ url: x.url, title: x.title?.slice(0, 500) ?? null, snippet: snippetOf(x) }] : [],
  );

export interface ExaResearch {
  perspectives: Perspective[];
  costNanos: number;
}

/** Each call's result as it lands (its perspective and Exa's cost), kept so a re-run never pays for it again. */
export interface ExaResearchProgress {
  search?: { perspective: Perspective; costNanos: number };
  similar?: { perspective: Perspective; costNanos: number };
}

/**
 * Runs the requests; each call's cost is Exa's own figure. A call found in `done` is not sent again; each new one
 * is handed to `save` the moment it answers (a step rate-limited between the two resumes at the second).
 */
export async function researchOnExa(
  gateway: Gateway,
  credential: Credential,
  r: ExaResearchRequests,
  focus: ResearchRecord['kind'],
  call: CallContext,
  done: ExaResearchProgress | undefined,
  save: (progress: ExaResearchProgress) => void,
): Promise<ExaResearch> {
  const progress = { ...done };
  if (!progress.search) {
    const found = await search(gateway, credential, { ...r.search, ...call });
    progress.search = {
      perspective: {
        title: focus === 'trends' ? 'Trends' : `Sources on “${r.search.query.slice(0, 200)}”`,
        summary: `${found.value.results.length} pages Exa found${focus === 'trends' ? ' in the last month’s news' : ''}, each with the sentence it picked.`,
        citations: citations(found.value.results),
      },
      costNanos: found.costNanos ?? 0,
    };
    save(progress);
  }
  if (r.similarTo && !progress.similar) {
    const similar = await findSimilar(gateway, credential, {
      url: r.similarTo,
      excludeSourceDomain: true,
      numResults: EXA_SIMILAR_RESULTS,
      contents: CONTENTS,
      ...call,
    });
    progress.similar = {
      perspective: {
        title: 'Pages like your piece',
        summary: `${similar.value.results.length} pages similar to ${r.similarTo} on other sites.`,
        citations: citations(similar.value.results),
      },
      costNanos: similar.costNanos ?? 0,
    };
    save(progress);
  }
  const calls = [progress.search, r.similarTo ? progress.similar : undefined].flatMap((c) => (c ? [c] : []));
  return { perspectives: calls.map((c) => c.perspective), costNanos: calls.reduce((n, c) => n + c.costNanos, 0) };
}
