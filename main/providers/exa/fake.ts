// A loopback Exa on the shared fake-server toolkit: /search answers the spec-example body (with costDollars),
// /findSimilar and /answer the recorded SDK bodies (plus a costDollars.total, which real answers always carry);
// asked for more results than recorded, search and findSimilar add made-up pages of the same shape (a real Exa
// returns up to numResults), with highlights when asked. Charges follow the 2026-03-03 price list;
// /contents one result per URL with per-URL failures in `statuses` for URLs containing "missing". It enforces
// the pitfalls: content options at the top level of /search and type "keyword" are 400s. A wallet in USD
// turns into 402 NO_MORE_CREDITS when spent. Faults via `inject`.
import { startFakeServer, type FakeReply, type FakeRequest, type FakeServer } from '../shared/fake-server';
import answerBody from './fixtures/post-answer.200.json';
import contentsBody from './fixtures/post-contents.200.json';
import findSimilarBody from './fixtures/post-findSimilar.200.json';
import searchBody from './fixtures/post-search.200.costDollars.FROM-SPEC-EXAMPLES.json';

export const EXA_FAKE_KEY = '8f14e45f-ceea-467a-9b0e-0f2a3d2b1c9d';

export interface ExaFakeOptions {
  apiKey?: string;
  /** USD the key may still spend (default 10, the free tier's monthly credit). */
  creditsUsd?: number;
}

export interface ExaFake extends FakeServer {
  readonly state: { spentUsd: number; creditsUsd: number };
}

/** Prices the fake charges (USD), Exa's list since 2026-03-03 (shared/research/providers-media.md §3). */
const PRICE = { search: 0.007, deep: 0.012, deepReasoning: 0.015, lite: 0.004, answer: 0.005, page: 0.001 };
/** Results whose text and highlights come with the search price. */
const INCLUDED_RESULTS = 10;

type Page = { id: string; url: string; title: string; [k: string]: unknown };

/** What a search or findSimilar of this type, with these content options, bills for `results` pages. */
function searchPrice(type: unknown, contents: Record<string, unknown>, results: number): number {
  const base =
    type === 'deep'
      ? PRICE.deep
      : type === 'deep-reasoning'
        ? PRICE.deepReasoning
        : type === 'lite'
          ? PRICE.lite
          : PRICE.search;
  const beyond = Math.max(0, results - INCLUDED_RESULTS);
  const types = (contents.text ? 1 : 0) + (contents.highlights ? 1 : 0);
  const usd = base + beyond * PRICE.page + beyond * types * PRICE.page + (contents.summary ? results * PRICE.page : 0);
  return Math.round(usd * 1e9) / 1e9;
}

/** The recorded pages, then made-up ones up to `numResults`, with the content asked for. */
function pagesFor(recorded: Page[], numResults: unknown, contents: Record<string, unknown>, topic: string): Page[] {
  const wanted = typeof numResults === 'number' ? Math.min(100, Math.max(1, Math.floor(numResults))) : recorded.length;
  const slug =
    topic
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .slice(0, 40) || 'page';
  const pages = [...recorded];
  for (let i = pages.length; i < wanted; i++) {
    const url = `https://example.org/${slug}/${i + 1}`;
    pages.push({ id: url, url, title: `${topic.slice(0, 80)}: source ${i + 1}`, publishedDate: '2026-11-02' });
  }
  return pages.slice(0, wanted).map((r) => ({
    ...r,
    ...(contents.text ? { text: `Full text of ${r.title}` } : {}),
    ...(contents.highlights ? { highlights: [`What ${r.title} says in one sentence.`] } : {}),
    ...(contents.summary ? { summary: `A summary of ${r.title}.` } : {}),
  }));
}
const CONTENT_OPTIONS = ['text', 'highlights', 'summary', 'subpages', 'extras', 'livecrawl'];

const error = (requestId: string, message: string, tag: string) => ({ requestId, error: message, tag });

export async function startExaFake(options: ExaFakeOptions = {}): Promise<ExaFake> {
  const apiKey = options.apiKey ?? EXA_FAKE_KEY;
  const state = { spentUsd: 0, creditsUsd: options.creditsUsd ?? 10 };
  const rid = (req: FakeRequest) => `fake${String(req.seq).padStart(28, '0')}`;

  /** Charges `usd` or answers 402; returns false when the caller must stop. */
  const charge = (req: FakeRequest, reply: FakeReply, usd: number): boolean => {
    if (state.spentUsd + usd > state.creditsUsd + 1e-12) {
      reply.json(402, error(rid(req), 'You have run out of credits. Add credits to continue.', 'NO_MORE_CREDITS'));
      return false;
    }
    state.spentUsd = Math.round((state.spentUsd + usd) * 1e9) / 1e9;
    return true;
  };

  const body = (req: FakeRequest): Record<string, unknown> | null => {
    const b = req.json();
    return typeof b === 'object' && b !== null && !Array.isArray(b) ? (b as Record<string, unknown>) : null;
  };

  function searchRoute(req: FakeRequest, reply: FakeReply) {
    const b = body(req);
    if (!b || typeof b.query !== 'string' || b.query === '')
      return reply.json(400, error(rid(req), 'query is required', 'INVALID_REQUEST_BODY'));
    if (b.type === 'keyword')
      return reply.json(400, error(rid(req), 'Invalid search type "keyword"', 'INVALID_REQUEST_BODY'));
    const misplaced = CONTENT_OPTIONS.filter((k) => k in b);
    if (misplaced.length > 0)
      return reply.json(
        400,
        error(rid(req), `${misplaced.join(', ')} must be nested under "contents"`, 'INVALID_REQUEST_BODY'),
      );
    const contents = (b.contents ?? {}) as Record<string, unknown>;
    const results = pagesFor(searchBody.results, b.numResults, contents, b.query);
    const usd = searchPrice(b.type, contents, results.length);
    if (!charge(req, reply, usd)) return;
    // Only the total: the spec example's breakDown holds the old prices (live bodies may carry only the total).
    reply.json(200, { ...searchBody, results, costDollars: { total: usd } });
  }

  function findSimilarRoute(req: FakeRequest, reply: FakeReply) {
    const b = body(req);
    if (!b || typeof b.url !== 'string')
      return reply.json(400, error(rid(req), 'url is required', 'INVALID_REQUEST_BODY'));
    const contents = (b.contents ?? {}) as Record<string, unknown>;
    const results = pagesFor(findSimilarBody.results, b.numResults, contents, 'Similar page');
    const usd = searchPrice('auto', contents, results.length);
    if (!charge(req, reply, usd)) return;
    reply.json(200, { ...findSimilarBody, results, costDollars: { total: usd } });
  }

  function contentsRoute(req: FakeRequest, reply: FakeReply) {
    const b = body(req);
    const urls = b && Array.isArray(b.urls) ? b.urls.filter((u): u is string => typeof u === 'string') : [];
    if (urls.length === 0) return reply.json(400, error(rid(req), 'urls must be a non-empty array', 'INVALID_URLS'));
    const ok = urls.filter((u) => !u.includes('missing'));
    if (!charge(req, reply, ok.length * PRICE.page)) return;
    const [recorded] = contentsBody.results;
    const results = ok.map((url) =>
      recorded && url === recorded.url
        ? recorded
        : { url, id: url, title: `Page at ${url}`, text: `The text of ${url}.` },
    );
    reply.json(200, {
      requestId: rid(req),
      results,
      statuses: urls.map((url) =>
        ok.includes(url)
          ? { id: url, status: 'success', error: null }
          : { id: url, status: 'error', error: { tag: 'CRAWL_NOT_FOUND', httpStatusCode: 404 } },
      ),
      costDollars: { total: Math.round(ok.length * PRICE.page * 1e9) / 1e9 },
    });
  }

  function answerRoute(req: FakeRequest, reply: FakeReply) {
    const b = body(req);
    if (!b || typeof b.query !== 'string' || b.query === '')
      return reply.json(400, error(rid(req), 'query is required', 'INVALID_REQUEST_BODY'));
    if (!charge(req, reply, PRICE.answer)) return;
    reply.json(200, { ...answerBody, requestId: rid(req), costDollars: { total: PRICE.answer } });
  }

  const server = await startFakeServer({
    authorize: (req) => req.headers['x-api-key'] === apiKey || req.headers.authorization === `Bearer ${apiKey}`,
    unauthorized: (req, reply) => reply.json(401, error(rid(req), 'Invalid API key', 'INVALID_API_KEY')),
    routes: [
      { method: 'POST', path: '/search', handler: searchRoute },
      { method: 'POST', path: '/findSimilar', handler: findSimilarRoute },
      { method: 'POST', path: '/contents', handler: contentsRoute },
      { method: 'POST', path: '/answer', handler: answerRoute },
    ],
  });
  return Object.assign(server, { state });
}
