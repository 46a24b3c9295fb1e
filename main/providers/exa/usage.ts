// Exa responses -> typed values and metered units. Every response carries `costDollars`, whose sub-shape
// varies (spec breakDown vs SDK search/contents vs bare {total}); only `costDollars.total` (USD) is used, as the
// provider-reported cost. /contents reports per-URL crawl failures in `statuses` inside a 200: they are
// surfaced in the result, and the call itself succeeded.
import { z } from 'zod';
import { usdToNanos } from '../shared/money';
import { parseWith } from '../shared/parse-kit';
import type { Metered, Units } from '../../gateway/types';

const PROVIDER = 'exa' as const;

const costSchema = z.object({ total: z.number() }).nullish();

const resultSchema = z.object({
  id: z.string(),
  url: z.string(),
  title: z.string().nullish(),
  publishedDate: z.string().nullish(),
  author: z.string().nullish(),
  score: z.number().nullish(),
  text: z.string().nullish(),
  highlights: z.array(z.string()).nullish(),
  summary: z.string().nullish(),
});

export interface ExaResult {
  id: string;
  url: string;
  title: string | null;
  publishedDate: string | null;
  author: string | null;
  score: number | null;
  text: string | null;
  highlights: string[] | null;
  summary: string | null;
}

const toResult = (r: z.output<typeof resultSchema>): ExaResult => ({
  id: r.id,
  url: r.url,
  title: r.title ?? null,
  publishedDate: r.publishedDate ?? null,
  author: r.author ?? null,
  score: r.score ?? null,
  text: r.text ?? null,
  highlights: r.highlights ?? null,
  summary: r.summary ?? null,
});

function metered<T>(
  value: T,
  units: Units,
  model: string,
  requestId: string | null | undefined,
  cost: { total: number } | null | undefined,
): Metered<T> {
  const reported = usdToNanos(cost?.total);
  return {
    value,
    units,
    model,
    ...(reported !== undefined ? { reportedCostNanos: reported } : {}),
    ...(requestId ? { providerRequestId: requestId } : {}),
  };
}

export interface ExaSearch {
  requestId: string | null;
  searchType: string | null;
  results: ExaResult[];
}

const searchSchema = z.object({
  requestId: z.string().nullish(),
  searchType: z.string().nullish(),
  results: z.array(resultSchema),
  costDollars: costSchema,
});

/** /search and /findSimilar: one request; `model` names the endpoint (and search type) for the price table. */
export function parseSearch(body: unknown, model: string): Metered<ExaSearch> {
  const b = parseWith(PROVIDER, 'search', searchSchema, body);
  return metered(
    { requestId: b.requestId ?? null, searchType: b.searchType ?? null, results: b.results.map(toResult) },
    { requests: 1 },
    model,
    b.requestId,
    b.costDollars,
  );
}

export interface ExaUrlFailure {
  url: string;
  /** CRAWL_NOT_FOUND, CRAWL_TIMEOUT, CRAWL_LIVECRAWL_TIMEOUT, SOURCE_NOT_AVAILABLE, UNSUPPORTED_URL, CRAWL_UNKNOWN_ERROR… */
  tag: string | null;
  httpStatusCode: number | null;
}

export interface ExaContents {
  requestId: string | null;
  results: ExaResult[];
  /** URLs Exa could not fetch; the call still succeeded and the others are in `results`. */
  failures: ExaUrlFailure[];
}

const contentsSchema = z.object({
  requestId: z.string().nullish(),
  results: z.array(resultSchema),
  statuses: z
    .array(
      z.object({
        id: z.string(),
        status: z.string(),
        error: z.object({ tag: z.string().nullish(), httpStatusCode: z.number().nullish() }).nullish(),
      }),
    )
    .nullish(),
  costDollars: costSchema,
});

/** /contents: priced per page fetched, so the units count the pages that came back. */
export function parseContents(body: unknown): Metered<ExaContents> {
  const b = parseWith(PROVIDER, 'contents', contentsSchema, body);
  const failures = (b.statuses ?? [])
    .filter((s) => s.status !== 'success')
    .map((s) => ({ url: s.id, tag: s.error?.tag ?? null, httpStatusCode: s.error?.httpStatusCode ?? null }));
  const m = metered(
    { requestId: b.requestId ?? null, results: b.results.map(toResult), failures },
    { requests: b.results.length },
    'contents',
    b.requestId,
    b.costDollars,
  );
  return { ...m, meta: { pages: b.results.length, failed_urls: failures.length } };
}

export interface ExaCitation {
  id: string;
  url: string;
  title: string | null;
  publishedDate: string | null;
  author: string | null;
  text: string | null;
}

export interface ExaAnswer {
  requestId: string | null;
  /** A string, or an object when an outputSchema was given. */
  answer: string | Record<string, unknown>;
  citations: ExaCitation[];
}

const answerSchema = z.object({
  requestId: z.string().nullish(),
  answer: z.union([z.string(), z.record(z.string(), z.unknown())]),
  citations: z.array(
    z.object({
      id: z.string(),
      url: z.string(),
      title: z.string().nullish(),
      publishedDate: z.string().nullish(),
      author: z.string().nullish(),
      text: z.string().nullish(),
    }),
  ),
  costDollars: costSchema,
});

export function parseAnswer(body: unknown): Metered<ExaAnswer> {
  const b = parseWith(PROVIDER, 'answer', answerSchema, body);
  const citations = b.citations.map((c) => ({
    id: c.id,
    url: c.url,
    title: c.title ?? null,
    publishedDate: c.publishedDate ?? null,
    author: c.author ?? null,
    text: c.text ?? null,
  }));
  return metered(
    { requestId: b.requestId ?? null, answer: b.answer, citations },
    { requests: 1 },
    'answer',
    b.requestId,
    b.costDollars,
  );
}
