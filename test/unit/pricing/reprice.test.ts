import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CallQueries } from '../../../main/ledger/call-queries';
import { Ledger } from '../../../main/ledger/ledger';
import { priceCatalog } from '../../../main/pricing/catalog';
import { OverrideStore } from '../../../main/pricing/overrides';
import { PricingService } from '../../../main/pricing/pricer';
import { usdToRateNanos } from '../../../main/pricing/rates';
import { Repricer } from '../../../main/pricing/reprice';
import { attempt, tempDb, type TempDb } from '../ledger/support';

let t: TempDb;
let ledger: Ledger;
let overrides: OverrideStore;
let repricer: Repricer;
let calls: CallQueries;
const DAY = Date.UTC(2026, 7, 10);

beforeEach(() => {
  t = tempDb();
  ledger = new Ledger(t.db, () => Date.UTC(2026, 8, 1));
  overrides = new OverrideStore(t.db);
  repricer = new Repricer(t.db, ledger, new PricingService(overrides));
  calls = new CallQueries(t.db, ledger.profiles);
});
afterEach(() => t.dispose());

const costs = () =>
  t.db.prepare('SELECT id, cost_nanos, cost_source FROM calls ORDER BY id').all() as Array<{
    id: number;
    cost_nanos: number | null;
    cost_source: string;
  }>;

describe('re-pricing a range', () => {
  let computed: number;
  let reported: number;
  let unpriced: number;
  let outside: number;

  beforeEach(() => {
    // Recorded with an old price of $2/M input for gpt-4o (genai-prices says 2.5 today).
    computed = ledger.recordAttempt(
      attempt({
        ts: DAY,
        model: 'gpt-4o',
        units: { input_tokens: 1_000_000 },
        costNanos: 2_000_000_000,
        priceVersion: 'old',
      }),
    );
    reported = ledger.recordAttempt(
      attempt({
        ts: DAY,
        provider: 'openrouter',
        model: 'openai/gpt-4o',
        units: { input_tokens: 1_000_000 },
        costNanos: 9,
        costSource: 'provider_reported',
        priceVersion: 'reported',
      }),
    );
    unpriced = ledger.recordAttempt(
      attempt({
        ts: DAY,
        model: 'ft:custom',
        units: { input_tokens: 1_000_000 },
        costNanos: null,
        costSource: 'unpriced',
        priceVersion: null,
      }),
    );
    outside = ledger.recordAttempt(
      attempt({
        ts: DAY + 10 * 86_400_000,
        model: 'gpt-4o',
        units: { input_tokens: 1_000_000 },
        costNanos: 1,
        priceVersion: 'old',
      }),
    );
  });

  it('previews the difference per provider/model without writing', () => {
    const before = costs();
    const p = repricer.preview({ from: DAY - 1, to: DAY + 86_400_000 });
    expect(costs()).toEqual(before);
    expect(p.applied).toBe(false);
    expect(p.groups.find((g) => g.model === 'gpt-4o')).toMatchObject({
      attempts: 1,
      changed: 1,
      oldCostNanos: 2_000_000_000,
      newCostNanos: 2_500_000_000,
      deltaNanos: 500_000_000,
    });
    // Still unknown: counted, not changed. Provider-reported rows are not even considered.
    expect(p.groups.find((g) => g.model === 'ft:custom')).toMatchObject({ attempts: 1, changed: 0 });
    expect(p.groups.some((g) => g.provider === 'openrouter')).toBe(false);
    expect(p.totals).toMatchObject({ attempts: 2, changed: 1, deltaNanos: 500_000_000 });
  });

  it('applies with history, prices newly known models, and leaves reported costs and other dates alone', () => {
    const o = overrides.create({
      provider: 'openai',
      model: 'ft:custom',
      unit: 'input_tokens',
      nanosPerBlock: usdToRateNanos('3'),
      blockSize: 1_000_000,
      effectiveFrom: 0,
      note: '',
    });
    const r = repricer.apply({ from: DAY - 1, to: DAY + 86_400_000, provider: 'openai' });
    expect(r.totals).toMatchObject({ changed: 2, newlyPriced: 1, deltaNanos: 500_000_000 + 3_000_000_000 });
    const byId = new Map(costs().map((c) => [c.id, c]));
    expect(byId.get(computed)).toMatchObject({ cost_nanos: 2_500_000_000, cost_source: 'computed' });
    expect(byId.get(unpriced)).toMatchObject({ cost_nanos: 3_000_000_000, cost_source: 'computed' });
    expect(byId.get(reported)).toMatchObject({ cost_nanos: 9, cost_source: 'provider_reported' });
    expect(byId.get(outside)).toMatchObject({ cost_nanos: 1 });
    expect(calls.detail(unpriced).call.priceVersion).toBe(`override:${o.id}`);
    expect(calls.detail(computed).history).toEqual([
      expect.objectContaining({
        reason: 'reprice',
        oldCostNanos: 2_000_000_000,
        oldPriceVersion: 'old',
        newCostNanos: 2_500_000_000,
      }),
    ]);
    // Rollups follow.
    expect(t.db.prepare('SELECT SUM(cost_nanos) c, SUM(unpriced) u FROM call_rollups_hourly').get()).toEqual({
      c: 2_500_000_000 + 9 + 3_000_000_000 + 1,
      u: 0,
    });
    // A second run finds nothing to change.
    expect(repricer.apply({ from: DAY - 1, to: DAY + 86_400_000 }).totals.changed).toBe(0);
  });

  it('rejects an empty range', () => {
    expect(() => repricer.preview({ from: DAY, to: DAY })).toThrow(/after/);
  });
});

describe('price catalogue', () => {
  it('lists bundled, table and override prices with which one is in force', () => {
    const at = Date.parse('2026-09-01T00:00:00Z');
    let list = priceCatalog({ at, provider: 'openai', q: 'gpt-4o', limit: 10_000 }, overrides).entries;
    expect(list).toContainEqual(
      expect.objectContaining({
        model: 'gpt-4o',
        unit: 'input_tokens',
        usd: '2.5',
        per: 1_000_000,
        source: 'genai-prices',
        effective: true,
      }),
    );
    expect(list).toContainEqual(expect.objectContaining({ model: 'gpt-4o', unit: 'cached_input_tokens', usd: '1.25' }));

    const o = overrides.create({
      provider: 'openai',
      model: 'gpt-4o',
      unit: 'input_tokens',
      nanosPerBlock: usdToRateNanos('2.25'),
      blockSize: 1_000_000,
      effectiveFrom: at - 1,
      note: 'negotiated',
    });
    overrides.create({
      provider: 'openai',
      model: 'gpt-4o',
      unit: 'input_tokens',
      nanosPerBlock: usdToRateNanos('2'),
      blockSize: 1_000_000,
      effectiveFrom: at + 86_400_000,
      note: 'next month',
    });
    list = priceCatalog({ at, provider: 'openai', q: 'gpt-4o', limit: 10_000 }, overrides).entries;
    expect(list).toContainEqual(
      expect.objectContaining({ model: 'gpt-4o', unit: 'input_tokens', source: 'genai-prices', effective: false }),
    );
    expect(list.filter((e) => e.source === 'override').map((e) => [e.usd, e.effective, e.overrideId === o.id])).toEqual(
      [
        ['2.25', true, true],
        ['2', false, false],
      ],
    );

    const sonnet = priceCatalog(
      { at, provider: 'anthropic', q: 'claude-sonnet-4-5', limit: 10_000 },
      overrides,
    ).entries.find((e) => e.unit === 'input_tokens')!;
    expect(sonnet.tiers).toEqual([{ fromInputTokens: 200_000, usd: '6' }]);
    const tables = priceCatalog(
      { at, provider: 'perplexity', q: 'sonar-pro', limit: 10_000 },
      overrides,
    ).entries.filter((e) => e.source === 'table');
    expect(tables).toContainEqual(
      expect.objectContaining({ unit: 'requests', usd: '14', per: 1_000, variant: 'high' }),
    );
  });
});

describe('re-pricing with no price change', () => {
  it('finds nothing to change, keeps failed attempts as they were, and writes nothing', () => {
    const priced = ledger.recordAttempt(
      attempt({ ts: DAY, model: 'gpt-4o', units: { input_tokens: 1_000_000 }, costNanos: 2_500_000_000 }),
    );
    // A failed attempt metered nothing and was recorded at $0 (not billed): no price applies to it.
    const failed = ledger.recordAttempt(
      attempt({
        ts: DAY + 1,
        model: 'gpt-4o',
        status: 429,
        errorCode: 'rate_limited',
        errorMessage: 'Rate limit reached',
        units: {},
        costNanos: 0,
        costSource: 'computed',
        priceVersion: null,
      }),
    );
    const before = costs();
    const preview = repricer.preview({ from: DAY - 1, to: DAY + 86_400_000 });
    expect(preview.totals).toMatchObject({ attempts: 1, changed: 0, skippedFailed: 1, newlyUnpriced: 0 });
    const applied = repricer.apply({ from: DAY - 1, to: DAY + 86_400_000 });
    expect(applied.totals).toMatchObject({ changed: 0, skippedFailed: 1, newlyUnpriced: 0 });
    expect(costs()).toEqual(before);
    expect(costs().find((r) => r.id === failed)).toEqual({ id: failed, cost_nanos: 0, cost_source: 'computed' });
    expect(costs().find((r) => r.id === priced)?.cost_source).toBe('computed');
  });
});
