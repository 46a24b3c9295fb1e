import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CallQueries } from '../../../main/ledger/call-queries';
import { Ledger } from '../../../main/ledger/ledger';
import { HOUR_MS } from '../../../main/ledger/rollups';
import { attempt, tempDb, type TempDb } from './support';

let t: TempDb;
let ledger: Ledger;
let calls: CallQueries;

beforeEach(() => {
  t = tempDb();
  ledger = new Ledger(t.db, () => Date.UTC(2026, 6, 1));
  calls = new CallQueries(t.db, ledger.profiles);
});
afterEach(() => t.dispose());

const rollup = (hour: number) =>
  t.db
    .prepare(
      'SELECT SUM(attempts) a, SUM(calls) c, SUM(errors) e, SUM(cost_nanos) cost, SUM(unpriced) u, SUM(priced) p, SUM(reported) r FROM call_rollups_hourly WHERE hour = ?',
    )
    .get(hour) as Record<string, number>;

describe('ledger writes', () => {
  it('stores one row per attempt with units as exclusive columns and its rollup in the same transaction', () => {
    const ts = Date.UTC(2026, 5, 1, 10, 30);
    const id = ledger.recordAttempt(
      attempt({
        ts,
        units: { input_tokens: 10, cached_input_tokens: 90, output_tokens: 5, reasoning_tokens: 7 },
        costNanos: 4_321,
      }),
    );
    const row = t.db.prepare('SELECT * FROM calls WHERE id = ?').get(id) as Record<string, unknown>;
    expect(row).toMatchObject({
      u_input_tokens: 10,
      u_cached_input_tokens: 90,
      u_output_tokens: 5,
      u_reasoning_tokens: 7,
      u_characters: null,
      cost_nanos: 4_321,
      cost_source: 'computed',
    });
    expect(rollup(Math.floor(ts / HOUR_MS))).toMatchObject({ a: 1, c: 1, e: 0, cost: 4_321, p: 1, u: 0 });
  });

  it('redacts key-shaped text in error messages, meta, endpoints and request ids', () => {
    const secret = 'sk-proj-abcdefghijklmnopqrstuvwx';
    const id = ledger.recordAttempt(
      attempt({
        status: 401,
        errorCode: 'auth',
        errorMessage: `Incorrect API key provided: ${secret}`,
        endpoint: `search?api_key=${secret}`,
        meta: { note: `Bearer ${secret}`, tier: 'default' },
        providerRequestId: `x-api-key: ${secret}`,
        costNanos: 0,
      }),
    );
    const dump =
      JSON.stringify(t.db.prepare('SELECT * FROM calls WHERE id = ?').get(id)) +
      JSON.stringify(t.db.prepare('SELECT * FROM call_profiles').all());
    expect(dump).not.toContain(secret);
    expect(dump).toContain('[redacted]');
    expect(calls.detail(id).call.meta).toEqual({ note: expect.stringContaining('[redacted]'), tier: 'default' });
  });

  it('counts an HTTP error without a code as an error row', () => {
    const id = ledger.recordAttempt(attempt({ status: 503, errorCode: null, costNanos: 0 }));
    const row = calls.detail(id).call;
    expect(row.errorCode).toBe('http_503');
    expect(calls.list({ status: 'error', limit: 10 }).rows.map((r) => r.id)).toEqual([id]);
  });

  it('rejects a cost that contradicts its source', () => {
    expect(() => ledger.recordAttempt(attempt({ costNanos: null, costSource: 'computed' }))).toThrow(
      /null exactly when/,
    );
    expect(() => ledger.recordAttempt(attempt({ costNanos: 5, costSource: 'unpriced' }))).toThrow(/null exactly when/);
    expect(() => ledger.recordAttempt(attempt({ costNanos: 1.5 }))).toThrow(/integer/);
    expect(t.db.prepare('SELECT count(*) n FROM calls').get()).toEqual({ n: 0 });
  });

  it('links retries to the first attempt and returns them with one call', () => {
    const base = attempt({ callId: 'retry-call', status: 429, errorCode: 'rate_limited', costNanos: 0 });
    const first = ledger.recordAttempt(base);
    const second = ledger.recordAttempt({ ...base, attempt: 2, ts: base.ts + 1_000, status: 500, errorCode: 'server' });
    const third = ledger.recordAttempt({
      ...base,
      attempt: 3,
      ts: base.ts + 3_000,
      status: 200,
      errorCode: null,
      costNanos: 700,
    });
    const detail = calls.detail(second);
    expect(detail.attempts.map((a) => [a.id, a.attempt])).toEqual([
      [first, 1],
      [second, 2],
      [third, 3],
    ]);
    expect(detail.call.rootId).toBe(first);
    // Only the first attempt counts as a call; all three are attempts.
    expect(rollup(Math.floor(base.ts / HOUR_MS))).toMatchObject({ a: 3, c: 1, e: 2, cost: 700 });
  });

  it('links a retry written by a fresh ledger instance (no in-memory link) through the database', () => {
    const base = attempt({ callId: 'cold-retry', status: 500, errorCode: 'server', costNanos: 0 });
    const first = ledger.recordAttempt(base);
    const other = new Ledger(t.open());
    const second = other.recordAttempt({ ...base, attempt: 2, ts: base.ts + 500 });
    expect(calls.detail(second).call.rootId).toBe(first);
  });

  it('bulk-records in one transaction with the same rollups as single writes', () => {
    const ts = Date.UTC(2026, 5, 2, 8);
    const ids = ledger.recordAttempts([
      attempt({ ts, costNanos: 10 }),
      attempt({ ts: ts + 60_000, costNanos: null, costSource: 'unpriced' }),
      attempt({ ts, costNanos: 5 }),
    ]);
    expect(ids).toHaveLength(3);
    expect(rollup(Math.floor(ts / HOUR_MS))).toMatchObject({ a: 3, cost: 15, p: 2, u: 1 });
  });
});

describe('late settlement', () => {
  it('updates the row and the rollup and keeps the previous cost in history', () => {
    const ts = Date.UTC(2026, 5, 3, 9, 15);
    const id = ledger.recordAttempt(
      attempt({
        ts,
        provider: 'twilio',
        model: null,
        units: { segments: 2 },
        costNanos: 16_600_000,
        costSource: 'computed',
        priceVersion: 'twilio-us@x',
      }),
    );
    const seen: number[] = [];
    ledger.onCostChange((c) => seen.push(...c.map((x) => x.rowId)));

    expect(ledger.settle(id, { costNanos: 15_000_000, costSource: 'provider_reported' })).toBe(true);
    expect(ledger.settle(id, { costNanos: 15_000_000, costSource: 'provider_reported' })).toBe(false);

    const detail = calls.detail(id);
    expect(detail.call).toMatchObject({
      costNanos: 15_000_000,
      costSource: 'provider_reported',
      priceVersion: 'reported',
    });
    expect(detail.history).toEqual([
      expect.objectContaining({
        reason: 'settlement',
        oldCostNanos: 16_600_000,
        oldCostSource: 'computed',
        oldPriceVersion: 'twilio-us@x',
        newCostNanos: 15_000_000,
        newCostSource: 'provider_reported',
      }),
    ]);
    expect(rollup(Math.floor(ts / HOUR_MS))).toMatchObject({ cost: 15_000_000, p: 1, r: 1, u: 0 });
    expect(seen).toEqual([id]);
  });

  it('settles an unpriced row (a render priced on completion) and rejects unknown rows and bad costs', () => {
    const ts = Date.UTC(2026, 5, 3, 11);
    const id = ledger.recordAttempt(
      attempt({ ts, provider: 'heygen', units: {}, costNanos: null, costSource: 'unpriced', priceVersion: null }),
    );
    expect(rollup(Math.floor(ts / HOUR_MS))).toMatchObject({ u: 1, p: 0, cost: 0 });
    ledger.settle(id, { costNanos: 1_500_000_000, costSource: 'computed', priceVersion: 'heygen-wallet@x' });
    expect(rollup(Math.floor(ts / HOUR_MS))).toMatchObject({ u: 0, p: 1, cost: 1_500_000_000 });
    expect(() => ledger.settle(999_999, { costNanos: 1, costSource: 'computed' })).toThrow(/No ledger row/);
    expect(() => ledger.settle(id, { costNanos: -1, costSource: 'computed' })).toThrow(/non-negative/);
  });

  it('finds the attempt a provider id refers to', () => {
    const id = ledger.recordAttempt(attempt({ provider: 'twilio', providerRequestId: 'SM123' }));
    expect(ledger.findByProviderRequestId('twilio', 'SM123', 0)).toBe(id);
    expect(ledger.findByProviderRequestId('openai', 'SM123', 0)).toBeNull();
  });
});
