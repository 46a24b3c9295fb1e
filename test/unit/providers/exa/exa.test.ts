import { describe, expect, it } from 'vitest';
import type { Credential } from '../../../../main/gateway/types';
import {
  answer,
  checkExaHealth,
  classifyExaError,
  exaDescriptor,
  findSimilar,
  getContents,
  parseAnswer,
  parseContents,
  parseSearch,
  search,
} from '../../../../main/providers/exa';
import { EXA_FAKE_KEY, startExaFake } from '../../../../main/providers/exa/fake';
import {
  expectFault,
  expectRetriedPast,
  failure,
  recordedExamples,
  serverError,
  tooManyRequests,
  useFakeGateway,
} from '../shared/media-kit';

const { json: example, text: exampleText, expectShippedCopies } = recordedExamples('exa');
const key: Credential = { secret: EXA_FAKE_KEY };

describe('Exa recorded examples', () => {
  it('ships byte-identical copies of every recorded example', () => {
    expectShippedCopies([
      'error.RECONSTRUCTED.json',
      'post-answer.200.json',
      'post-contents.200.json',
      'post-findSimilar.200.json',
      'post-search.200.costDollars.FROM-SPEC-EXAMPLES.json',
      'post-search.200.json',
    ]);
  });

  it('parses a search without costDollars (SDK example): no reported cost, one request', () => {
    const m = parseSearch(example('post-search.200.json'), 'search:auto');
    expect(m.value.requestId).toBe('a78ebce717f4d712b6f8fe0d5d7753f8');
    expect(m.value.results.map((r) => [r.id, r.title, r.publishedDate, r.author])).toEqual([
      ['https://www.adept.ai/', 'Adept: Useful General Intelligence', '2000-01-01', null],
      ['https://www.tenyx.com/', 'Home | Tenyx, Inc.', '2019-09-10', null],
    ]);
    expect(m.units).toEqual({ requests: 1 });
    expect(m.reportedCostNanos).toBeUndefined();
    expect(m.providerRequestId).toBe('a78ebce717f4d712b6f8fe0d5d7753f8');
  });

  it('takes only costDollars.total from the spec-shaped search, as integer nano-USD', () => {
    const m = parseSearch(example('post-search.200.costDollars.FROM-SPEC-EXAMPLES.json'), 'search:neural');
    expect(m.reportedCostNanos).toBe(5_000_000);
    expect(m.value).toMatchObject({ requestId: 'b5947044c4b78efa9552a7c89b306d95', searchType: 'neural' });
    expect(m.value.results[0]).toMatchObject({ id: 'https://arxiv.org/abs/2307.06435', score: 0.4600165784358978 });
  });

  it('parses findSimilar, contents and answer', () => {
    expect(parseSearch(example('post-findSimilar.200.json'), 'findSimilar').value.results.map((r) => r.url)).toEqual([
      'https://www.minigames.com/new-games',
      'https://www.minigames.com/',
    ]);
    const c = parseContents(example('post-contents.200.json'));
    expect(c.value).toEqual({
      requestId: null,
      results: [
        {
          id: 'https://example.com/article',
          url: 'https://example.com/article',
          title: 'Example Article',
          publishedDate: null,
          author: null,
          score: null,
          text: 'The full text content of the article...',
          highlights: null,
          summary: null,
        },
      ],
      failures: [],
    });
    expect(c.units).toEqual({ requests: 1 });
    const a = parseAnswer(example('post-answer.200.json'));
    expect(a.value.answer).toBe('The capital of France is Paris.');
    expect(a.value.citations).toEqual([
      {
        id: 'https://www.example.com/france',
        url: 'https://www.example.com/france',
        title: 'France - Wikipedia',
        publishedDate: '2023-01-01',
        author: null,
        text: 'France, officially the French Republic, is a country in... [truncated for brevity]',
      },
    ]);
  });

  it('surfaces per-URL failures from statuses without failing the call', () => {
    const m = parseContents({
      requestId: 'r1',
      results: [{ id: 'https://a.example', url: 'https://a.example', title: 'A' }],
      statuses: [
        { id: 'https://a.example', status: 'success', error: null },
        { id: 'https://b.example', status: 'error', error: { tag: 'CRAWL_NOT_FOUND', httpStatusCode: 404 } },
      ],
      costDollars: { total: 0.001 },
    });
    expect(m.value.failures).toEqual([{ url: 'https://b.example', tag: 'CRAWL_NOT_FOUND', httpStatusCode: 404 }]);
    expect(m.reportedCostNanos).toBe(1_000_000);
    expect(m.meta).toEqual({ pages: 1, failed_urls: 1 });
  });
});

describe('Exa errors', () => {
  it('maps the recorded error envelope (NO_MORE_CREDITS) to a non-retryable quota error', () => {
    const e = classifyExaError(402, {}, exampleText('error.RECONSTRUCTED.json'));
    expect([e.kind, e.retryable, e.providerCode, e.requestId]).toEqual([
      'quota',
      false,
      'NO_MORE_CREDITS',
      '<request id>',
    ]);
  });

  it('maps statuses and tags, including non-JSON gateway pages', () => {
    expect(
      classifyExaError(401, {}, '{"requestId":"r","error":"Invalid API key","tag":"INVALID_API_KEY"}'),
    ).toMatchObject({ kind: 'auth', retryable: false });
    expect(classifyExaError(400, {}, '{"requestId":"r","error":"bad","tag":"INVALID_REQUEST_BODY"}')).toMatchObject({
      kind: 'bad_request',
      retryable: false,
      providerCode: 'INVALID_REQUEST_BODY',
    });
    expect(classifyExaError(429, { 'retry-after': '1' }, '{"error":"slow down"}')).toMatchObject({
      kind: 'rate_limited',
      retryable: true,
      retryAfterMs: 1000,
    });
    expect(classifyExaError(503, {}, '{"error":"overloaded","tag":"SERVICE_OVERLOADED"}')).toMatchObject({
      kind: 'overloaded',
      retryable: true,
    });
    expect(classifyExaError(502, {}, '<html><body>502 Bad Gateway</body></html>')).toMatchObject({
      kind: 'server',
      retryable: true,
    });
    expect(classifyExaError(402, {}, '{"error":"budget","tag":"API_KEY_BUDGET_EXCEEDED"}')).toMatchObject({
      kind: 'quota',
      retryable: false,
    });
  });

  it('has no free endpoint: health is a format check that sends nothing', () => {
    expect(checkExaHealth(key)).toEqual({
      verified: 'format_only',
      note: 'Exa has no free endpoint; the key is verified by its first search.',
    });
    expect(() => checkExaHealth({ secret: 'not a key!' })).toThrow(
      expect.objectContaining({ kind: 'auth', providerCode: 'key_format' }),
    );
    expect(exaDescriptor.authHeaders({ secret: 'k' })).toEqual({ 'x-api-key': 'k' });
  });
});

describe('Exa through the gateway against the fake', () => {
  const t = useFakeGateway(startExaFake, (fake) => ({ exa: fake.url }));

  it('searches with content options nested under contents; the reported cost is the ledger cost', async () => {
    const r = await search(t.gw.gateway, key, {
      query: 'latest research in LLMs',
      numResults: 1,
      contents: { text: true },
    });
    expect(r.value.results[0]?.text).toBe('Full text of A Comprehensive Overview of Large Language Models');
    expect([r.costNanos, r.costSource]).toEqual([7_000_000, 'provider_reported']);
    expect((await t.gw.rows())[0]).toMatchObject({
      model: 'search:auto',
      units: { requests: 1 },
      costNanos: 7_000_000,
      costSource: 'provider_reported',
      providerRequestId: 'b5947044c4b78efa9552a7c89b306d95',
    });
  });

  it('the fake rejects top-level content options, the pitfall the client avoids', async () => {
    const e = await failure(
      t.gw.gateway.json(
        {
          provider: 'exa',
          operation: 'research',
          endpoint: 'search',
          method: 'POST',
          path: '/search',
          headers: { 'content-type': 'application/json' },
          body: '{"query":"x","text":true}',
          idempotent: true,
          credential: key,
        },
        (b) => parseSearch(b, 'search'),
      ),
    );
    expect([e.kind, e.providerCode]).toEqual(['bad_request', 'INVALID_REQUEST_BODY']);
  });

  it('fetches contents: failed URLs come back in the result, the call succeeds and costs the pages fetched', async () => {
    const r = await getContents(t.gw.gateway, key, {
      urls: ['https://example.com/article', 'https://missing.example/page'],
      text: true,
    });
    expect(r.value.results.map((x) => x.url)).toEqual(['https://example.com/article']);
    expect(r.value.failures).toEqual([
      { url: 'https://missing.example/page', tag: 'CRAWL_NOT_FOUND', httpStatusCode: 404 },
    ]);
    expect(r.costNanos).toBe(1_000_000);
    expect(r.attempts).toBe(1);
  });

  it('finds similar pages and answers with citations', async () => {
    expect((await findSimilar(t.gw.gateway, key, { url: 'https://www.minigames.com/' })).value.results).toHaveLength(2);
    const a = await answer(t.gw.gateway, key, { query: 'What is the capital of France?' });
    expect(a.value.answer).toBe('The capital of France is Paris.');
    expect(a.costNanos).toBe(5_000_000);
  });

  it('retries 429 with Retry-After and 5xx; a malformed body and a hang are typed; a bad key is auth', async () => {
    const storm = [
      tooManyRequests({ requestId: 'r', error: 'Too many requests', tag: 'RATE_LIMITED' }),
      serverError(502, '<html>502</html>', { 'content-type': 'text/html' }),
    ];
    await expectRetriedPast(t.fake, storm, undefined, () => search(t.gw.gateway, key, { query: 'q' }));
    await expectFault(
      t.fake,
      { type: 'malformed_json' },
      undefined,
      () => search(t.gw.gateway, key, { query: 'q' }),
      'malformed_response',
    );
    await expectFault(
      t.fake,
      { type: 'hang' },
      undefined,
      () => answer(t.gw.gateway, key, { query: 'q', timeoutMs: 200 }),
      'timeout',
    );
    expect(await failure(search(t.gw.gateway, { secret: 'bad-key-bad-key-bad' }, { query: 'q' }))).toMatchObject({
      kind: 'auth',
      providerCode: 'INVALID_API_KEY',
    });
  });

  it('running out of credits is a non-retried 402', async () => {
    await t.restart({ creditsUsd: 0.004 });
    const e = await failure(search(t.gw.gateway, key, { query: 'q' }));
    expect([e.kind, e.status, e.providerCode]).toEqual(['quota', 402, 'NO_MORE_CREDITS']);
    expect(t.fake.requests).toHaveLength(1);
  });
});
