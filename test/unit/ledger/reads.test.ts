import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Ledger } from '../../../main/ledger/ledger';
import { costOfCalls, countCallsBetween, firstAttemptsSince, isLedgerEmpty } from '../../../main/ledger/reads';
import { attempt, tempDb, type TempDb } from './support';

let t: TempDb;
beforeEach(() => {
  t = tempDb();
});
afterEach(() => t.dispose());

describe('ledger reads for other folders', () => {
  it('sums every attempt of the given calls, unpriced attempts as 0, by the call_id index', () => {
    const ledger = new Ledger(t.db);
    ledger.recordAttempt(attempt({ callId: 'speak-1', attempt: 1, costNanos: 300, status: 503, errorCode: 'x' }));
    ledger.recordAttempt(attempt({ callId: 'speak-1', attempt: 2, costNanos: 700 }));
    ledger.recordAttempt(attempt({ callId: 'speak-2', costNanos: null, costSource: 'unpriced' }));
    ledger.recordAttempt(attempt({ callId: 'other', costNanos: 5_000 }));
    expect(costOfCalls(t.db, ['speak-1', 'speak-2'])).toBe(1_000);
    expect(costOfCalls(t.db, [])).toBe(0);
    const plan = t.db
      .prepare<[string], { detail: string }>(
        'EXPLAIN QUERY PLAN SELECT SUM(cost_nanos) AS cost FROM calls INDEXED BY calls_call_id WHERE call_id IN (?)',
      )
      .all('speak-1')
      .map((r) => r.detail)
      .join('\n');
    expect(plan).toMatch(/USING INDEX calls_call_id/);
    expect(plan).not.toMatch(/^SCAN calls$/m);
  });

  it("counts an export's attempts exactly from the rollups' whole hours and the rows of partial hours", () => {
    const ledger = new Ledger(t.db);
    const start = Date.UTC(2026, 0, 1);
    const specs = Array.from({ length: 300 }, (_, i) => ({
      ts: start + i * 1_000_003 * 7,
      provider: i % 3 ? ('openai' as const) : ('exa' as const),
    }));
    ledger.recordAttempts(specs.map((s) => attempt(s)));
    const exa = ledger.profiles
      .all()
      .filter((p) => p.provider === 'exa')
      .map((p) => p.id);
    const end = specs.at(-1)!.ts + 1;
    for (const [from, to] of [
      [start, end],
      [start + 1_234_567, end - 2_345_678],
      [start + 60_000, start + 1_800_000],
      [start + 5 * 86_400_000 + 17, start + 9 * 86_400_000 + 3_600_000 - 1],
    ] as const) {
      const inRange = specs.filter((s) => s.ts >= from && s.ts < to);
      expect(countCallsBetween(t.db, from, to)).toBe(inRange.length);
      expect(countCallsBetween(t.db, from, to, exa)).toBe(inRange.filter((s) => s.provider === 'exa').length);
    }
  });

  it('lists first attempts since a time, oldest first, with the account and operation', () => {
    const ledger = new Ledger(t.db);
    expect(isLedgerEmpty(t.db)).toBe(true);
    const t0 = Date.UTC(2026, 5, 1, 12);
    ledger.recordAttempt(attempt({ ts: t0 - 7_200_000 }));
    ledger.recordAttempt(attempt({ ts: t0 + 20, operation: 'tts', integrationId: 'int-1' }));
    ledger.recordAttempt(attempt({ ts: t0 + 10 }));
    ledger.recordAttempt(attempt({ ts: t0 + 30, attempt: 2 }));
    expect(isLedgerEmpty(t.db)).toBe(false);
    expect(firstAttemptsSince(t.db, t0)).toEqual([
      { ts: t0 + 10, provider: 'openai', integrationId: null, operation: 'content_analysis' },
      { ts: t0 + 20, provider: 'openai', integrationId: 'int-1', operation: 'tts' },
    ]);
  });
});
