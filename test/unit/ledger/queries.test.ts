import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callListInputSchema, type CallListInput, MIN_SEARCH_CHARS } from '../../../preload/contract/ledger';
import { COST_SOURCES, type CostSource } from '../../../main/gateway/types';
import { CallQueries, encodeCursor, type SearchSteps } from '../../../main/ledger/call-queries';
import { Ledger } from '../../../main/ledger/ledger';
import { SummaryQueries } from '../../../main/ledger/summary';
import { localDayKey } from '../../../main/ledger/timezones';
import { attempt, tempDb, type TempDb } from './support';

let t: TempDb;
let ledger: Ledger;
let calls: CallQueries;
let summary: SummaryQueries;

beforeEach(() => {
  t = tempDb();
  ledger = new Ledger(t.db);
  calls = new CallQueries(t.db, ledger.profiles);
  summary = new SummaryQueries(t.db, ledger.profiles);
});
afterEach(() => t.dispose());

const list = (input: Partial<CallListInput>) => calls.list(callListInputSchema.parse(input));

/** Every way a text search can find its page: streamed (in steps of 1, 2 or 512 matches), or after the stream
 * gives up, by walking the filtered rows against the whole match set. */
const SEARCH_PATHS: Array<[string, SearchSteps | undefined]> = [
  ['default steps', undefined],
  ['streamed one match at a time', { firstBatch: 1, streamedMatches: 1e9 }],
  ['streamed two matches a step', { firstBatch: 2, streamedMatches: 1e9 }],
  ['match set walked', { firstBatch: 1, streamedMatches: 2 }],
];

/** Walks every page and returns the ids in page order. */
function allPages(input: Partial<CallListInput>): number[] {
  const ids: number[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 1_000; guard++) {
    const page = list({ ...input, ...(cursor ? { cursor } : {}) });
    ids.push(...page.rows.map((r) => r.id));
    if (!page.nextCursor) return ids;
    cursor = page.nextCursor;
  }
  throw new Error('paging did not end');
}

// Rows are written as calls start, so ids mostly follow time; imports and clock changes break that, and the
// streamed text search must stay exact either way.
describe.each([
  ['in time order', (i: number) => i],
  ['out of time order', (i: number) => (i * 53) % 137],
])('call list (rows written %s)', (_order, timeSlot) => {
  const start = Date.UTC(2026, 4, 1);
  let rows: Array<{
    id: number;
    ts: number;
    provider: string;
    model: string | null;
    error: boolean;
    rateLimited: boolean;
    integrationId: string | null;
    operation: string;
    costSource: CostSource;
    jobId: string | null;
    text: string;
  }>;

  beforeEach(() => {
    rows = [];
    const specs = [
      { provider: 'openai' as const, model: 'gpt-4o', operation: 'content_analysis', endpoint: 'chat.completions' },
      {
        provider: 'openai' as const,
        model: 'gpt-4.1-mini',
        operation: 'script_generation',
        endpoint: 'chat.completions',
      },
      {
        provider: 'anthropic' as const,
        model: 'claude-sonnet-4-5',
        operation: 'content_analysis',
        endpoint: 'messages',
      },
      {
        provider: 'elevenlabs' as const,
        model: 'eleven_multilingual_v2',
        operation: 'voice_generation',
        endpoint: 'tts',
      },
      { provider: 'exa' as const, model: null, operation: 'research', endpoint: 'search' },
    ];
    for (let i = 0; i < 137; i++) {
      const s = specs[i % specs.length]!;
      // Several rows share a timestamp, so paging must break ties by id.
      const ts = start + Math.floor(timeSlot(i) / 3) * 60_000;
      const error = i % 11 === 0;
      const integrationId = i % 4 === 0 ? 'int-a' : null;
      // Every cost source on ok and error rows alike (rare "estimated" among them), so each filter shape is exercised.
      const costSource = COST_SOURCES[i % 7 === 0 ? 2 : (i * 5) % 4]!;
      const jobId = i % 6 === 0 ? 'job-6' : null;
      const errorCode = error ? (i % 2 ? 'rate_limited' : 'server') : null;
      const errorMessage = error ? (i % 2 ? 'Rate limit reached for requests' : 'The server had an error') : null;
      const id = ledger.recordAttempt(
        attempt({
          ...s,
          ts,
          integrationId,
          status: error ? (i % 2 ? 429 : 500) : 200,
          errorCode,
          errorMessage,
          costSource,
          costNanos: costSource === 'unpriced' ? null : error ? 0 : 1_000 + i,
          priceVersion: costSource === 'unpriced' ? null : 'test@1',
          jobId,
        }),
      );
      rows.push({
        id,
        ts,
        provider: s.provider,
        model: s.model,
        error,
        rateLimited: error && i % 2 === 1,
        integrationId,
        operation: s.operation,
        costSource,
        jobId,
        text: [
          s.provider,
          s.operation,
          s.endpoint,
          s.model ?? '',
          integrationId ?? '',
          errorCode ?? '',
          errorMessage ?? '',
        ]
          .join('\n')
          .toLowerCase(),
      });
    }
  });

  const newestFirst = (xs: typeof rows) => [...xs].sort((a, b) => b.ts - a.ts || b.id - a.id).map((r) => r.id);

  it('pages newest first over every row exactly once (keyset, ties broken by id)', () => {
    expect(allPages({ limit: 10 })).toEqual(newestFirst(rows));
  });

  it('filters by provider, model, integration and errors, across pages', () => {
    expect(allPages({ provider: 'openai', limit: 7 })).toEqual(
      newestFirst(rows.filter((r) => r.provider === 'openai')),
    );
    expect(allPages({ model: 'claude-sonnet-4-5', limit: 5 })).toEqual(
      newestFirst(rows.filter((r) => r.model === 'claude-sonnet-4-5')),
    );
    expect(allPages({ integrationId: 'int-a', limit: 9 })).toEqual(
      newestFirst(rows.filter((r) => r.integrationId === 'int-a')),
    );
    expect(allPages({ status: 'error', limit: 4 })).toEqual(newestFirst(rows.filter((r) => r.error)));
    expect(allPages({ status: 'ok', provider: 'exa', limit: 6 })).toEqual(
      newestFirst(rows.filter((r) => !r.error && r.provider === 'exa')),
    );
    const only429 = list({ status: 429, limit: 100 }).rows;
    expect(only429.length).toBeGreaterThan(0);
    expect(only429.every((r) => r.status === 429)).toBe(true);
  });

  it('text-searches models, endpoints and error messages case-insensitively', () => {
    expect(allPages({ q: 'SONNET', limit: 8 })).toEqual(
      newestFirst(rows.filter((r) => r.model === 'claude-sonnet-4-5')),
    );
    expect(allPages({ q: 'search', limit: 8 })).toEqual(newestFirst(rows.filter((r) => r.provider === 'exa')));
    const rateLimited = rows.filter((r) => r.rateLimited);
    expect(rateLimited.length).toBeGreaterThan(2);
    expect(allPages({ q: 'rate limit reached', limit: 3 })).toEqual(newestFirst(rateLimited));
    // Error text inside a provider filter.
    expect(allPages({ q: 'server had', provider: 'openai', limit: 3 })).toEqual(
      newestFirst(rows.filter((r) => r.error && !r.rateLimited && r.provider === 'openai')),
    );
    // LIKE and FTS syntax in the query is literal text.
    expect(list({ q: '%%%', limit: 5 }).rows).toEqual([]);
    expect(list({ q: 'a" OR "b', limit: 5 }).rows).toEqual([]);
  });

  it('refuses a search under 3 characters with a clear message (the trigram index needs 3)', () => {
    const parsed = callListInputSchema.safeParse({ q: 'ra' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe(`Search needs at least ${MIN_SEARCH_CHARS} characters`);
    expect(callListInputSchema.safeParse({ q: 'rat' }).success).toBe(true);
  });

  it.each(SEARCH_PATHS)(
    'answers every combination of the Call log filters exactly, across pages (%s)',
    (_path, steps) => {
      calls = new CallQueries(t.db, ledger.profiles, steps);
      const providers = [undefined, 'openai', 'exa'] as const;
      const statuses = [undefined, 'ok', 'error'] as const;
      const sources = [undefined, ...COST_SOURCES] as const;
      const searches = [undefined, 'rate limit', 'chat.comp', 'SONNET'] as const;
      const owners = [
        {},
        { jobId: 'job-6' },
        { model: 'gpt-4o' },
        { operation: 'content_analysis' },
        { integrationId: 'int-a' },
      ];
      let combos = 0;
      let nonEmpty = 0;
      for (const provider of providers)
        for (const status of statuses)
          for (const costSource of sources)
            for (const q of searches)
              for (const owner of owners) {
                const input: Partial<CallListInput> = {
                  ...(provider ? { provider } : {}),
                  ...(status ? { status } : {}),
                  ...(costSource ? { costSource } : {}),
                  ...(q ? { q } : {}),
                  ...owner,
                  limit: 4,
                };
                const expected = newestFirst(
                  rows.filter(
                    (r) =>
                      (!provider || r.provider === provider) &&
                      (!status || (status === 'error') === r.error) &&
                      (!costSource || r.costSource === costSource) &&
                      (!q || r.text.includes(q.toLowerCase())) &&
                      (!('jobId' in owner) || r.jobId === owner.jobId) &&
                      (!('model' in owner) || r.model === owner.model) &&
                      (!('operation' in owner) || r.operation === owner.operation) &&
                      (!('integrationId' in owner) || r.integrationId === owner.integrationId),
                  ),
                );
                expect(allPages(input), JSON.stringify(input)).toEqual(expected);
                combos++;
                if (expected.length > 0) nonEmpty++;
              }
      expect(combos).toBe(3 * 3 * 5 * 4 * 5);
      // The data must exercise the filters, not just agree on empty pages.
      expect(nonEmpty).toBeGreaterThan(combos / 3);
    },
  );

  it("lists one job's or one content piece's attempts, also combined with text search", () => {
    const a = ledger.recordAttempt(
      attempt({
        ts: start + 1,
        jobId: 'job-7',
        contentId: 'content-1',
        status: 500,
        errorCode: 'server',
        errorMessage: 'upstream exploded',
      }),
    );
    const b = ledger.recordAttempt(attempt({ ts: start + 2, jobId: 'job-7' }));
    ledger.recordAttempt(attempt({ ts: start + 3, jobId: 'job-8', contentId: 'content-1' }));
    expect(allPages({ jobId: 'job-7', limit: 1 })).toEqual([b, a]);
    expect(list({ jobId: 'job-7', q: 'exploded' }).rows.map((r) => r.id)).toEqual([a]);
    expect(list({ contentId: 'content-1', provider: 'openai' }).rows).toHaveLength(2);
  });

  it('limits to a time range', () => {
    const from = start + 10 * 60_000;
    const to = start + 20 * 60_000;
    expect(allPages({ from: new Date(from).toISOString(), to: new Date(to).toISOString(), limit: 4 })).toEqual(
      newestFirst(rows.filter((r) => r.ts >= from && r.ts < to)),
    );
  });

  it('rejects a forged cursor and returns an empty page for filters that match nothing', () => {
    expect(() => list({ cursor: 'not-a-cursor' })).toThrow(/cursor/);
    expect(list({ cursor: encodeCursor({ ts: start - 1, id: 1 }) }).rows).toEqual([]);
    expect(list({ provider: 'openai', model: 'eleven_multilingual_v2' })).toEqual({ rows: [], nextCursor: null });
  });
});

describe('call log text search over many matches', () => {
  // A common error text: most rows match, so a page is found after a few steps of the stream. Ids are written in
  // an order unrelated to time, so stopping early is only right when the completeness check holds.
  it('stops streaming only when the page is complete, whatever the id order', () => {
    const start = Date.UTC(2026, 6, 1);
    const specs = Array.from({ length: 300 }, (_, i) => ({
      provider: i % 3 === 0 ? ('anthropic' as const) : ('openai' as const),
      match: i % 5 !== 0,
      ts: start + ((i * 97) % 300) * 1_000,
    }));
    const ids = ledger.recordAttempts(
      specs.map(({ provider, match, ts }) =>
        attempt({
          ts,
          provider,
          model: provider === 'openai' ? 'gpt-4o' : 'claude-sonnet-4-5',
          endpoint: provider === 'openai' ? 'chat.completions' : 'messages',
          status: 429,
          errorCode: match ? 'rate_limited' : 'overloaded',
          errorMessage: match ? 'Rate limit reached for requests' : 'Overloaded, try again',
          costNanos: 0,
        }),
      ),
    );
    const rows = specs.map((s, i) => ({ ...s, id: ids[i] ?? 0 }));
    const expected = (provider?: string) =>
      rows
        .filter((r) => r.match && (!provider || r.provider === provider))
        .sort((a, b) => b.ts - a.ts || b.id - a.id)
        .map((r) => r.id);
    for (const [path, search] of SEARCH_PATHS) {
      calls = new CallQueries(t.db, ledger.profiles, search);
      for (const limit of [3, 25])
        for (const provider of [undefined, 'anthropic']) {
          const input = { q: 'rate limit', limit, ...(provider ? { provider } : {}) };
          expect(allPages(input), JSON.stringify({ path, ...input })).toEqual(expected(provider));
        }
    }

    // A kept match set is dropped when the ledger writes error text again: a new matching row shows at once.
    calls = new CallQueries(t.db, ledger.profiles, { firstBatch: 1, streamedMatches: 2 });
    expect(allPages({ q: 'rate limit', provider: 'anthropic', limit: 25 })).toEqual(expected('anthropic'));
    const added = ledger.recordAttempt(
      attempt({
        ts: start - 1,
        provider: 'anthropic',
        model: 'claude-sonnet-4-5',
        endpoint: 'messages',
        status: 429,
        errorCode: 'rate_limited',
        errorMessage: 'Rate limit reached for requests',
        costNanos: 0,
      }),
    );
    rows.push({ provider: 'anthropic', match: true, ts: start - 1, id: added });
    expect(allPages({ q: 'rate limit', provider: 'anthropic', limit: 25 })).toEqual(expected('anthropic'));
  });
});

describe('usage summary', () => {
  it('totals priced cost, counts unpriced separately and breaks down by provider/model/operation', () => {
    const ts = Date.UTC(2026, 5, 10, 15);
    ledger.recordAttempt(attempt({ ts, costNanos: 3_000, latencyMs: 100 }));
    ledger.recordAttempt(attempt({ ts, costNanos: 2_000, latencyMs: 300 }));
    ledger.recordAttempt(
      attempt({
        ts,
        provider: 'heygen',
        model: 'avatar_iv',
        operation: 'video_generation',
        units: {},
        costNanos: null,
        costSource: 'unpriced',
        latencyMs: 40,
      }),
    );
    ledger.recordAttempt(
      attempt({
        ts,
        provider: 'exa',
        model: null,
        operation: 'research',
        costNanos: 7_000_000,
        costSource: 'provider_reported',
      }),
    );
    const s = summary.summary({ from: ts - 86_400_000, to: ts + 86_400_000, timeZone: 'UTC' });
    expect(s.totals).toMatchObject({
      attempts: 4,
      calls: 4,
      costNanos: 7_005_000,
      pricedAttempts: 3,
      unpricedAttempts: 1,
      reportedAttempts: 1,
    });
    expect(s.totals.units).toEqual({ input_tokens: 300, output_tokens: 150 });
    expect(s.byProvider.map((p) => [p.provider, p.costNanos, p.unpricedAttempts])).toEqual([
      ['exa', 7_000_000, 0],
      ['openai', 5_000, 0],
      ['heygen', 0, 1],
    ]);
    expect(s.byModel.find((m) => m.provider === 'openai')).toMatchObject({ model: 'gpt-4o', attempts: 2 });
    expect(s.byOperation.map((o) => o.operation).sort()).toEqual(['content_analysis', 'research', 'video_generation']);
    const openai = s.byProvider.find((p) => p.provider === 'openai')!;
    // Histogram buckets [100,200) and [200,500): the median falls at the top of the first.
    expect(openai.latencyP50Ms).toBeGreaterThanOrEqual(100);
    expect(openai.latencyP95Ms).toBeGreaterThanOrEqual(200);
    expect(openai.latencyAvgMs).toBe(200);
    expect(
      summary.summary({ from: ts - 86_400_000, to: ts + 86_400_000, timeZone: 'UTC', provider: 'openai' }).totals
        .attempts,
    ).toBe(2);
  });

  it.each([
    // Spring forward: the local day has 23 hours; fall back: 25.
    ['America/New_York', Date.UTC(2026, 2, 8), '2026-03-08', 23],
    ['America/New_York', Date.UTC(2026, 10, 1), '2026-11-01', 25],
    ['Europe/Berlin', Date.UTC(2026, 2, 29), '2026-03-29', 23],
    ['Europe/Berlin', Date.UTC(2026, 9, 25), '2026-10-25', 25],
  ])('buckets hourly rollups into local days across DST (%s %s)', (tz, around, day, hoursThatDay) => {
    // One call in every UTC hour for three days around the switch.
    const from = around - 36 * 3_600_000;
    for (let h = 0; h < 72; h++) ledger.recordAttempt(attempt({ ts: from + h * 3_600_000 + 60_000, costNanos: 1 }));
    const s = summary.summary({ from: from, to: from + 72 * 3_600_000, timeZone: tz });
    const bucket = s.byDay.find((d) => d.day === day)!;
    expect(bucket.attempts).toBe(hoursThatDay);
    expect(bucket.costNanos).toBe(hoursThatDay);
    expect(s.byDay.reduce((n, d) => n + d.attempts, 0)).toBe(72);
    // Consecutive calendar days, no gaps or duplicates.
    const keys = s.byDay.map((d) => d.day);
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual(keys);
  });

  it('puts a call at 23:30 New York time on the New York day, not the UTC day', () => {
    const ts = Date.UTC(2026, 6, 5, 3, 30); // 2026-07-04 23:30 EDT
    ledger.recordAttempt(attempt({ ts, costNanos: 42 }));
    const s = summary.summary({
      from: Date.UTC(2026, 6, 4, 4),
      to: Date.UTC(2026, 6, 6, 4),
      timeZone: 'America/New_York',
    });
    expect(s.byDay.map((d) => [d.day, d.costNanos, d.costByProvider])).toEqual([
      ['2026-07-04', 42, { openai: 42 }],
      ['2026-07-05', 0, {}],
    ]);
  });

  it('sums ranges that cut UTC days (daily rollups inside, hourly at the edges) and filters by integration', () => {
    const day0 = Date.UTC(2026, 3, 1);
    for (let h = 0; h < 5 * 24; h++)
      ledger.recordAttempt(
        attempt({ ts: day0 + h * 3_600_000 + 1, costNanos: 10, integrationId: h % 2 ? 'int-odd' : null }),
      );
    const from = day0 + 5 * 3_600_000;
    const to = day0 + (3 * 24 + 17) * 3_600_000;
    const hours = (to - from) / 3_600_000;
    const all = summary.summary({ from, to, timeZone: 'Asia/Tokyo' });
    expect(all.totals).toMatchObject({ attempts: hours, costNanos: 10 * hours });
    expect(all.byDay.reduce((n, d) => n + d.attempts, 0)).toBe(hours);
    const odd = summary.summary({ from, to, timeZone: 'Asia/Tokyo', integrationId: 'int-odd' });
    expect(odd.totals.attempts).toBe(hours / 2);
    expect(odd.byDay.reduce((n, d) => n + d.costNanos, 0)).toBe(5 * hours);
    expect(odd.byIntegration).toEqual([
      expect.objectContaining({ provider: 'openai', integrationId: 'int-odd', attempts: hours / 2 }),
    ]);
    expect(summary.dailyCost({ from, to, timeZone: 'Asia/Tokyo' })).toEqual(all.byDay);
  });

  it.each(['America/New_York', 'Europe/Berlin', 'Asia/Tokyo', 'Asia/Kolkata', 'Pacific/Chatham', 'UTC'])(
    'matches a per-row reference over 40 days spanning a DST switch (%s)',
    (tz) => {
      const from = Date.UTC(2026, 2, 1, 7, 0);
      const to = Date.UTC(2026, 3, 10, 19, 0);
      const expected = new Map<string, { attempts: number; cost: number; byProvider: Record<string, number> }>();
      let x = 12345;
      const rand = () => {
        x = (x * 1103515245 + 12345) % 2 ** 31;
        return x / 2 ** 31;
      };
      for (let i = 0; i < 1_500; i++) {
        const ts = from + Math.floor(rand() * (to - from));
        const provider = rand() < 0.5 ? ('openai' as const) : ('anthropic' as const);
        const cost = 1 + Math.floor(rand() * 1_000);
        ledger.recordAttempt(attempt({ ts, provider, costNanos: cost }));
        // Hours count on the local day in which they start.
        const key = localDayKey(tz, Math.floor(ts / 3_600_000) * 3_600_000);
        const e = expected.get(key) ?? { attempts: 0, cost: 0, byProvider: {} };
        e.attempts++;
        e.cost += cost;
        e.byProvider[provider] = (e.byProvider[provider] ?? 0) + cost;
        expected.set(key, e);
      }
      const days = summary.dailyCost({ from, to, timeZone: tz });
      for (const d of days) {
        const e = expected.get(d.day) ?? { attempts: 0, cost: 0, byProvider: {} };
        expect([
          d.day,
          d.attempts,
          d.costNanos,
          Object.fromEntries(Object.entries(d.costByProvider).filter(([, v]) => v !== 0)),
        ]).toEqual([d.day, e.attempts, e.cost, e.byProvider]);
      }
      expect(days.reduce((n, d) => n + d.attempts, 0)).toBe(1_500);
    },
  );

  it('rejects an unknown time zone with a clear error', () => {
    expect(() => summary.summary({ from: 0, to: 3_600_000, timeZone: 'Mars/Olympus' })).toThrow(/Unknown time zone/);
  });
});
