// Summaries under every filter (provider, integration, model, operation) equal the sums of the raw rows they
// match: totals, local days across DST, latency quantiles per bucket; and cache savings from the pricer.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pricer } from '../../../main/gateway/deps';
import type { ProviderId, Units } from '../../../main/gateway/types';
import { cacheSavings } from '../../../main/ledger/cache-savings';
import { Ledger } from '../../../main/ledger/ledger';
import { histogramQuantile, LATENCY_COLUMNS, latencyBucket } from '../../../main/ledger/rollups';
import { SummaryQueries, type SummaryInput } from '../../../main/ledger/summary';
import { localDayKey, startOfLocalDate } from '../../../main/ledger/timezones';
import { OverrideStore } from '../../../main/pricing/overrides';
import { PricingService } from '../../../main/pricing/pricer';
import { attempt, tempDb, type TempDb } from './support';

const HOUR = 3_600_000;
const FROM = Date.UTC(2026, 2, 1, 0); // 40 days over the March DST switches (US 8th, EU 29th)
const TO = Date.UTC(2026, 3, 10, 0);

const SPECS = [
  { provider: 'openai' as const, model: 'gpt-4o', operation: 'content_analysis' },
  { provider: 'openai' as const, model: 'gpt-4o', operation: 'script_generation' },
  { provider: 'openai' as const, model: 'gpt-4.1-mini', operation: 'script_generation' },
  { provider: 'anthropic' as const, model: 'claude-sonnet-4-5', operation: 'content_analysis' },
  { provider: 'anthropic' as const, model: 'gpt-4o', operation: 'research' }, // same model name under another provider
  { provider: 'exa' as const, model: null, operation: 'research' },
];
const INTEGRATIONS = [null, 'key-a', 'key-b'];

interface Raw {
  ts: number;
  provider: ProviderId;
  model: string | null;
  operation: string;
  integrationId: string | null;
  attempt: number;
  error: boolean;
  costNanos: number | null;
  latencyMs: number;
  units: Units;
}

let t: TempDb;
let summary: SummaryQueries;
const raws: Raw[] = [];

beforeAll(() => {
  t = tempDb();
  const ledger = new Ledger(t.db);
  summary = new SummaryQueries(t.db, ledger.profiles);
  let x = 987654;
  const rand = () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
  const batch = [];
  for (let i = 0; i < 3_000; i++) {
    const s = SPECS[Math.floor(rand() * SPECS.length)]!;
    const raw: Raw = {
      ts: FROM + Math.floor(rand() * (TO - FROM)),
      ...s,
      integrationId: INTEGRATIONS[Math.floor(rand() * INTEGRATIONS.length)]!,
      attempt: rand() < 0.1 ? 2 : 1,
      error: rand() < 0.05,
      costNanos: rand() < 0.05 ? null : Math.floor(rand() * 1_000_000),
      latencyMs: Math.floor(rand() * rand() * 40_000),
      units: { input_tokens: Math.floor(rand() * 5_000), cached_input_tokens: Math.floor(rand() * 1_000) },
    };
    raws.push(raw);
    batch.push(
      attempt({
        ...raw,
        status: raw.error ? 500 : 200,
        errorCode: raw.error ? 'server' : null,
        costSource: raw.costNanos === null ? 'unpriced' : 'computed',
      }),
    );
  }
  ledger.recordAttempts(batch);
});
afterAll(() => t.dispose());

type Filter = Pick<SummaryInput, 'provider' | 'integrationId' | 'model' | 'operation'>;
const matches = (r: Raw, f: Filter) =>
  (f.provider === undefined || r.provider === f.provider) &&
  (f.integrationId === undefined || r.integrationId === f.integrationId) &&
  (f.model === undefined || r.model === f.model) &&
  (f.operation === undefined || r.operation === f.operation);

const histOf = (rows: Raw[]) => {
  const h = new Array<number>(LATENCY_COLUMNS.length).fill(0);
  for (const r of rows) h[latencyBucket(r.latencyMs)]!++;
  return h;
};
const quantiles = (rows: Raw[]) => {
  const h = histOf(rows);
  return { p50Ms: histogramQuantile(h, 0.5), p95Ms: histogramQuantile(h, 0.95), p99Ms: histogramQuantile(h, 0.99) };
};
const sum = (rows: Raw[], f: (r: Raw) => number) => rows.reduce((s, r) => s + f(r), 0);

const filterArb: fc.Arbitrary<Filter> = fc.record(
  {
    provider: fc.constantFrom('openai', 'anthropic', 'exa', 'twilio'),
    integrationId: fc.constantFrom('key-a', 'key-b'),
    model: fc.constantFrom('gpt-4o', 'gpt-4.1-mini', 'claude-sonnet-4-5', 'no-such-model'),
    operation: fc.constantFrom('content_analysis', 'script_generation', 'research'),
  },
  { requiredKeys: [] },
);
const tzArb = fc.constantFrom('America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Australia/Sydney', 'UTC');

describe('summary filters', () => {
  it('totals, local days and daily latency quantiles equal the raw rows each filter matches (property, across DST)', () => {
    fc.assert(
      fc.property(
        filterArb,
        tzArb,
        fc.integer({ min: 0, max: 600 }),
        fc.integer({ min: 49, max: 900 }),
        (filter, tz, startHour, hours) => {
          const from = FROM + startHour * HOUR;
          const to = Math.min(TO, from + hours * HOUR);
          const s = summary.summary({ from, to, timeZone: tz, ...filter });
          const rows = raws.filter((r) => matches(r, filter) && r.ts >= from && r.ts < to);
          expect(s.totals).toMatchObject({
            attempts: rows.length,
            calls: rows.filter((r) => r.attempt === 1).length,
            errors: rows.filter((r) => r.error).length,
            costNanos: sum(rows, (r) => r.costNanos ?? 0),
            unpricedAttempts: rows.filter((r) => r.costNanos === null).length,
            latencyP50Ms: quantiles(rows).p50Ms,
          });
          expect(s.totals.units.cached_input_tokens ?? 0).toBe(sum(rows, (r) => r.units.cached_input_tokens ?? 0));
          expect(s.byModel.map((m) => `${m.provider}/${m.model}`).sort()).toEqual(
            [...new Set(rows.map((r) => `${r.provider}/${r.model}`))].sort(),
          );
          // Local days: an hour counts on the local day it starts in.
          const dayOf = (r: Raw) => localDayKey(tz, Math.floor(r.ts / HOUR) * HOUR);
          expect(s.latency.bucket).toBe('day');
          expect(s.latency.points.map((p) => p.start)).toEqual(
            s.byDay.map((d) =>
              new Date(
                startOfLocalDate(tz, ...(d.day.split('-').map(Number) as [number, number, number])),
              ).toISOString(),
            ),
          );
          s.byDay.forEach((d, i) => {
            const dayRows = rows.filter((r) => dayOf(r) === d.day);
            expect([d.day, d.attempts, d.errors, d.costNanos]).toEqual([
              d.day,
              dayRows.length,
              dayRows.filter((r) => r.error).length,
              sum(dayRows, (r) => r.costNanos ?? 0),
            ]);
            expect(s.latency.points[i]).toEqual({
              start: s.latency.points[i]!.start,
              attempts: dayRows.length,
              ...quantiles(dayRows),
            });
          });
          expect(s.byDay.reduce((n, d) => n + d.attempts, 0)).toBe(rows.length);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('gives hourly latency quantiles for ranges up to 48 hours, following the filters', () => {
    fc.assert(
      fc.property(
        filterArb,
        fc.integer({ min: 0, max: 900 }),
        fc.integer({ min: 1, max: 48 }),
        (filter, startHour, hours) => {
          const from = FROM + startHour * HOUR;
          const to = from + hours * HOUR;
          const s = summary.summary({ from, to, timeZone: 'Europe/Berlin', ...filter });
          expect(s.latency.bucket).toBe('hour');
          expect(s.latency.points).toHaveLength(hours);
          s.latency.points.forEach((p, i) => {
            const start = from + i * HOUR;
            const hourRows = raws.filter((r) => matches(r, filter) && r.ts >= start && r.ts < start + HOUR);
            expect(p).toEqual({
              start: new Date(start).toISOString(),
              attempts: hourRows.length,
              ...quantiles(hourRows),
            });
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a model filter narrows every part of the summary, not just the breakdown tables', () => {
    const all = summary.summary({ from: FROM, to: TO, timeZone: 'America/New_York' });
    const gpt = summary.summary({ from: FROM, to: TO, timeZone: 'America/New_York', model: 'gpt-4o' });
    // gpt-4o runs under two providers and two operations: all of them, and only them, remain.
    expect(gpt.byModel.map((m) => `${m.provider}/${m.model}`).sort()).toEqual(['anthropic/gpt-4o', 'openai/gpt-4o']);
    expect(gpt.byOperation.map((o) => o.operation).sort()).toEqual([
      'content_analysis',
      'research',
      'script_generation',
    ]);
    expect(gpt.totals.attempts).toBe(raws.filter((r) => r.model === 'gpt-4o').length);
    expect(gpt.totals.attempts).toBeLessThan(all.totals.attempts);
    expect(gpt.byDay.reduce((n, d) => n + d.costNanos, 0)).toBe(gpt.totals.costNanos);
    const none = summary.summary({ from: FROM, to: TO, timeZone: 'UTC', model: 'no-such-model' });
    expect(none.totals.attempts).toBe(0);
    expect(none.byDay.every((d) => d.attempts === 0)).toBe(true);
    expect(none.latency.points.every((p) => p.p50Ms === null)).toBe(true);
  });
});

describe('cache savings', () => {
  /** A pricer with known per-token rates (nanos/token) for two models; anything else is unpriced. */
  const rates: Record<string, Partial<Record<keyof Units, number>>> = {
    'openai/cheap': { input_tokens: 1_000, cached_input_tokens: 250 },
    'anthropic/writer': {
      input_tokens: 3_000,
      cached_input_tokens: 300,
      cache_write_5m_tokens: 3_750,
      cache_write_1h_tokens: 6_000,
    },
  };
  const fakePricer: Pricer = {
    price: ({ provider, model, units }) => {
      const r = rates[`${provider}/${model}`];
      const [unit, n] = Object.entries(units)[0]! as [keyof Units, number];
      const rate = r?.[unit];
      return rate === undefined
        ? { costNanos: null, costSource: 'unpriced', priceVersion: null }
        : { costNanos: rate * n, costSource: 'computed', priceVersion: 'test' };
    },
  };
  const at = new Date(TO);

  it('prices reads at the input minus the cached rate, subtracts write premiums, and lists what it cannot price', () => {
    const s = cacheSavings(
      fakePricer,
      [
        { provider: 'openai', model: 'cheap', units: { input_tokens: 9_999, cached_input_tokens: 2_000 } },
        {
          provider: 'anthropic',
          model: 'writer',
          units: { cached_input_tokens: 10_000, cache_write_5m_tokens: 1_000, cache_write_1h_tokens: 100 },
        },
        { provider: 'openai', model: 'mystery', units: { cached_input_tokens: 500 } },
        { provider: 'openai', model: 'no-cache', units: { input_tokens: 5_000 } },
      ],
      at,
    );
    expect(s.savedNanos).toBe(2_000 * 750 + 10_000 * 2_700 - 1_000 * 750 - 100 * 3_000);
    expect(s).toMatchObject({
      pricedReadTokens: 12_000,
      pricedWriteTokens: 1_100,
      unpriced: [{ provider: 'openai', model: 'mystery', readTokens: 500, writeTokens: 0 }],
    });
  });

  it('without a pricer every cached model is unpriced rather than $0', () => {
    expect(
      cacheSavings(null, [{ provider: 'openai', model: 'gpt-4o', units: { cached_input_tokens: 10 } }], at),
    ).toEqual({
      savedNanos: 0,
      pricedReadTokens: 0,
      pricedWriteTokens: 0,
      unpriced: [{ provider: 'openai', model: 'gpt-4o', readTokens: 10, writeTokens: 0 }],
    });
  });

  it('uses the app pricer (genai-prices) on the summary: gpt-4o cached input is half price', () => {
    const u = tempDb();
    try {
      const ledger = new Ledger(u.db);
      const pricer = new PricingService(new OverrideStore(u.db, () => at));
      const s = new SummaryQueries(u.db, ledger.profiles, pricer);
      const ts = Date.UTC(2026, 3, 2, 12);
      ledger.recordAttempt(
        attempt({
          ts,
          provider: 'openai',
          model: 'gpt-4o',
          units: { input_tokens: 1_000, cached_input_tokens: 1_000_000 },
        }),
      );
      ledger.recordAttempt(attempt({ ts, provider: 'openai', model: 'whisper-1', units: { cached_input_tokens: 7 } }));
      const got = s.summary({ from: ts - HOUR, to: ts + HOUR, timeZone: 'UTC' }).cacheSavings;
      // $2.50 vs $1.25 per million input tokens (genai-prices 0.1.8).
      expect(got.savedNanos).toBe(1_250_000_000);
      expect(got.unpriced).toEqual([{ provider: 'openai', model: 'whisper-1', readTokens: 7, writeTokens: 0 }]);
    } finally {
      u.dispose();
    }
  });
});
