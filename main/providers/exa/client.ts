// Exa operations over the gateway: search (content options nested under `contents`: top level they are
// rejected or ignored), contents (options top level, per-URL failures surfaced), findSimilar and answer.
// Each is one billed request whose cost Exa reports in the response.
import type { Credential, Gateway, GatewayResult, Metered } from '../../gateway/types';
import { callFields, type CallContext } from '../shared/call';
import { badInput } from '../shared/parse-kit';
import { parseAnswer, parseContents, parseSearch, type ExaAnswer, type ExaContents, type ExaSearch } from './usage';
import { answerWorstCase, contentsWorstCase, searchWorstCase } from './worst-case';

const PROVIDER = 'exa' as const;

/** What to fetch for each result. On /search and /findSimilar these go under `contents`; on /contents, top level. */
export interface ContentsOptions {
  text?: boolean | { maxCharacters?: number; includeHtmlTags?: boolean };
  highlights?: boolean | { numSentences?: number; highlightsPerUrl?: number; query?: string };
  summary?: boolean | { query?: string; schema?: Record<string, unknown> };
  maxAgeHours?: number;
  livecrawlTimeout?: number;
  subpages?: number;
  subpageTarget?: string | string[];
  extras?: { links?: number; imageLinks?: number };
}

/** `keyword` search no longer exists. */
export type SearchType = 'auto' | 'neural' | 'fast' | 'instant' | 'deep' | 'deep-reasoning' | 'lite' | 'deep-lite';

export interface SearchFilters {
  numResults?: number;
  category?: 'company' | 'research paper' | 'news' | 'pdf' | 'github' | 'personal site' | 'people' | 'financial report';
  includeDomains?: string[];
  excludeDomains?: string[];
  startPublishedDate?: string;
  endPublishedDate?: string;
  includeText?: string[];
  excludeText?: string[];
  userLocation?: string;
  contents?: ContentsOptions;
}

export interface SearchInput extends SearchFilters, CallContext {
  query: string;
  type?: SearchType;
}

async function post<T>(
  gateway: Gateway,
  credential: Credential,
  endpoint: string,
  path: string,
  body: object,
  model: string,
  worstCaseCostNanos: number,
  parse: (b: unknown) => Metered<T>,
  c: CallContext,
) {
  return gateway.json(
    {
      provider: PROVIDER,
      operation: 'research',
      endpoint,
      method: 'POST',
      path,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      model,
      // A failed request is not billed, and a repeated search has no side effect.
      idempotent: true,
      worstCaseCostNanos,
      estimatedUnits: { requests: 1 },
      credential,
      ...callFields(c),
    },
    (b) => parse(b),
  );
}

const filters = (input: SearchFilters) => ({
  ...(input.numResults !== undefined ? { numResults: input.numResults } : {}),
  ...(input.category ? { category: input.category } : {}),
  ...(input.includeDomains ? { includeDomains: input.includeDomains } : {}),
  ...(input.excludeDomains ? { excludeDomains: input.excludeDomains } : {}),
  ...(input.startPublishedDate ? { startPublishedDate: input.startPublishedDate } : {}),
  ...(input.endPublishedDate ? { endPublishedDate: input.endPublishedDate } : {}),
  ...(input.includeText ? { includeText: input.includeText } : {}),
  ...(input.excludeText ? { excludeText: input.excludeText } : {}),
  ...(input.userLocation ? { userLocation: input.userLocation } : {}),
  ...(input.contents ? { contents: input.contents } : {}),
});

export async function search(
  gateway: Gateway,
  credential: Credential,
  input: SearchInput,
): Promise<GatewayResult<ExaSearch>> {
  if (input.query.trim() === '') throw badInput(PROVIDER, 'search query is empty', 'empty_query');
  const type = input.type ?? 'auto';
  return post(
    gateway,
    credential,
    'search',
    '/search',
    { query: input.query, type, ...filters(input) },
    `search:${type}`,
    searchWorstCase({ type, numResults: input.numResults, contents: input.contents }),
    (b) => parseSearch(b, `search:${type}`),
    input,
  );
}

export interface FindSimilarInput extends SearchFilters, CallContext {
  url: string;
  excludeSourceDomain?: boolean;
}

export async function findSimilar(
  gateway: Gateway,
  credential: Credential,
  input: FindSimilarInput,
): Promise<GatewayResult<ExaSearch>> {
  const body = {
    url: input.url,
    ...(input.excludeSourceDomain !== undefined ? { excludeSourceDomain: input.excludeSourceDomain } : {}),
    ...filters(input),
  };
  return post(
    gateway,
    credential,
    'findSimilar',
    '/findSimilar',
    body,
    'findSimilar',
    searchWorstCase({ numResults: input.numResults, contents: input.contents }),
    (b) => parseSearch(b, 'findSimilar'),
    input,
  );
}

export interface ContentsInput extends ContentsOptions, CallContext {
  urls: string[];
}

export async function getContents(
  gateway: Gateway,
  credential: Credential,
  input: ContentsInput,
): Promise<GatewayResult<ExaContents>> {
  if (input.urls.length === 0) throw badInput(PROVIDER, 'no URLs to fetch', 'empty_urls');
  const options: ContentsOptions = {
    text: input.text,
    highlights: input.highlights,
    summary: input.summary,
    maxAgeHours: input.maxAgeHours,
    livecrawlTimeout: input.livecrawlTimeout,
    subpages: input.subpages,
    subpageTarget: input.subpageTarget,
    extras: input.extras,
  };
  // JSON.stringify drops the undefined options.
  return post(
    gateway,
    credential,
    'contents',
    '/contents',
    { urls: input.urls, ...options },
    'contents',
    contentsWorstCase(input.urls.length, options),
    parseContents,
    input,
  );
}

export interface AnswerInput extends CallContext {
  query: string;
  /** Include the cited pages' full text. */
  text?: boolean;
  /** JSON Schema (draft 7) for a structured answer. */
  outputSchema?: Record<string, unknown>;
}

export async function answer(
  gateway: Gateway,
  credential: Credential,
  input: AnswerInput,
): Promise<GatewayResult<ExaAnswer>> {
  if (input.query.trim() === '') throw badInput(PROVIDER, 'question is empty', 'empty_query');
  const body = {
    query: input.query,
    ...(input.text !== undefined ? { text: input.text } : {}),
    ...(input.outputSchema ? { outputSchema: input.outputSchema } : {}),
  };
  return post(
    gateway,
    credential,
    'answer',
    '/answer',
    body,
    'answer',
    answerWorstCase(input.text === true),
    parseAnswer,
    input,
  );
}
