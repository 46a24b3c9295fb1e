// The most an Exa request can cost, from its inputs, for the budget reservation (Exa's own costDollars, reported
// in every answer, is what the ledger records). Prices after Exa's 2026-03-03 repricing
// (shared/research/providers-media.md §3, exa.ai/docs/changelog/pricing-update): search $7 per 1k requests
// including text and highlights for up to 10 results, +$1 per 1k for each result beyond 10; deep $12, deep-reasoning
// $15, lite $4 [3p]; contents $1 per 1k pages per content type; summaries $1 per 1k pages; answer $5 per 1k.
import type { Nanos } from '../../gateway/types';

/** The content options that change the bill (the client's ContentsOptions is structurally one of these). */
interface ContentsOptions {
  text?: unknown;
  highlights?: unknown;
  summary?: unknown;
  subpages?: number;
}
type SearchType = 'auto' | 'neural' | 'fast' | 'instant' | 'deep' | 'deep-reasoning' | 'lite' | 'deep-lite';

const PER_THOUSAND = 1_000_000; // $1 per 1k requests, in nano-USD per request
const SEARCH_BASE: Record<SearchType, Nanos> = {
  auto: 7 * PER_THOUSAND,
  neural: 7 * PER_THOUSAND,
  fast: 7 * PER_THOUSAND,
  instant: 7 * PER_THOUSAND,
  deep: 12 * PER_THOUSAND,
  'deep-reasoning': 15 * PER_THOUSAND,
  lite: 4 * PER_THOUSAND,
  // No published figure: bounded by deep's.
  'deep-lite': 12 * PER_THOUSAND,
};
const INCLUDED_RESULTS = 10;
/** Exa's default and maximum result counts (exa-openapi.yaml numResults). */
const DEFAULT_RESULTS = 10;
const MAX_RESULTS = 100;
const ANSWER = 5 * PER_THOUSAND;
/** Pages an answer may cite with their text (reconstructed bound: Exa documents no maximum). */
const ANSWER_CITED_PAGES = 10;

/** Pages fetched per result (the result itself and its subpages) and content types billed per page. */
function contentsCost(results: number, contents: ContentsOptions | undefined, includedResults: number): Nanos {
  if (!contents) return 0;
  const pages = results * (1 + Math.max(0, Math.floor(contents.subpages ?? 0)));
  const types = (contents.text ? 1 : 0) + (contents.highlights ? 1 : 0);
  // Text and highlights of the first results come with the search; every other page pays per type.
  const billedPages = Math.max(0, pages - includedResults);
  return billedPages * types * PER_THOUSAND + (contents.summary ? pages * PER_THOUSAND : 0);
}

export function searchWorstCase(input: { type?: SearchType; numResults?: number; contents?: ContentsOptions }): Nanos {
  const results = Math.min(MAX_RESULTS, Math.max(1, Math.floor(input.numResults ?? DEFAULT_RESULTS)));
  const base = SEARCH_BASE[input.type ?? 'auto'] ?? SEARCH_BASE.deep;
  const extra = Math.max(0, results - INCLUDED_RESULTS) * PER_THOUSAND;
  return base + extra + contentsCost(results, input.contents, Math.min(results, INCLUDED_RESULTS));
}

export function contentsWorstCase(urls: number, contents: ContentsOptions): Nanos {
  // A /contents request with no content type still fetches text.
  const typed = contents.text || contents.highlights || contents.summary ? contents : { ...contents, text: true };
  return contentsCost(urls, typed, 0);
}

export function answerWorstCase(withText: boolean): Nanos {
  return ANSWER + (withText ? ANSWER_CITED_PAGES * PER_THOUSAND : 0);
}
