// Long-range summaries: whole UTC days are read in blocks, cached until a write touches one of their days
// (new rows, late settlement, re-pricing, batched writes), and served with turns of the event loop between
// blocks. A cached answer must always equal a fresh one computed without any cache.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runStepsYielding } from '../../../main/core/steps';
import { RollupChangeLog } from '../../../main/ledger/closed-days';
import { Ledger } from '../../../main/ledger/ledger';
import { SummaryQueries, type SummaryInput } from '../../../main/ledger/summary';
import { attempt, tempDb, type TempDb } from './support';

const DAY = 86_400_000;
const END = Date.UTC(2026, 5, 15, 13);
const FIVE_YEARS: SummaryInput = { from: END - 5 * 365 * DAY, to: END, timeZone: 'America/New_York' };

let t: TempDb;
let ledger: Ledger;
let cached: SummaryQueries;
/** A new SummaryQueries per answer: its cache is empty, so it reads everything from the rollups. */
const fresh = (input: SummaryInput) => new SummaryQueries(t.db, ledger.profiles).summary(input);

beforeEach(() => {
  t = tempDb();
  ledger = new Ledger(t.db);
  cached = new SummaryQueries(t.db, ledger.profiles);
  // One call every ~9 days over five years, two providers, some of them in the New York evening (moved days).
  ledger.recordAttempts(
    Array.from({ length: 200 }, (_, i) =>
      attempt({
        ts: END - i * 9 * DAY - (i % 5) * 3_600_000,
        provider: i % 2 ? 'openai' : 'anthropic',
        model: i % 2 ? 'gpt-4o' : 'claude-sonnet-4-5',
        providerRequestId: `req-${i}`,
        costNanos: 1_000 + i,
      }),
    ),
  );
});
afterEach(() => t.dispose());

describe('closed-day cache', () => {
  it('answers repeated long ranges from cache and equals a fresh read under every filter', () => {
    for (const filter of [{}, { provider: 'openai' }, { model: 'gpt-4o' }]) {
      const input = { ...FIVE_YEARS, ...filter };
      const first = cached.summary(input);
      expect(cached.summary(input)).toEqual(first);
      expect(first).toEqual(fresh(input));
      expect(first.totals.attempts).toBeGreaterThan(0);
    }
  });

  it('drops the blocks of a past day when that day changes: new rows, re-pricing, late settlement, batches', () => {
    const before = cached.summary(FIVE_YEARS);
    const pastTs = END - 700 * DAY;

    // A new attempt recorded on a day two years ago (an import, a clock fix).
    ledger.recordAttempt(attempt({ ts: pastTs, costNanos: 5_000_000 }));
    const afterInsert = cached.summary(FIVE_YEARS);
    expect(afterInsert.totals.costNanos).toBe(before.totals.costNanos + 5_000_000);
    expect(afterInsert).toEqual(fresh(FIVE_YEARS));

    // Re-pricing a row from years ago.
    const old = t.db
      .prepare<[], { id: number; cost_nanos: number }>('SELECT id, cost_nanos FROM calls ORDER BY ts LIMIT 1')
      .get()!;
    ledger.changeCosts(
      [{ rowId: old.id, costNanos: old.cost_nanos + 777, costSource: 'computed', priceVersion: 'test@2' }],
      'reprice',
    );
    const afterReprice = cached.summary(FIVE_YEARS);
    expect(afterReprice.totals.costNanos).toBe(afterInsert.totals.costNanos + 777);
    expect(afterReprice).toEqual(fresh(FIVE_YEARS));

    // A late settlement with final units, inside one batch (the gateway's deferred writes).
    ledger.batch(() => {
      ledger.settleUnits(
        { provider: 'openai', providerRequestId: 'req-101', sinceTs: 0 },
        { input_tokens: 9_999 },
        () => ({
          costNanos: 42,
          costSource: 'provider_reported',
          priceVersion: 'reported',
        }),
      );
    });
    const afterSettle = cached.summary(FIVE_YEARS);
    expect(afterSettle).toEqual(fresh(FIVE_YEARS));
    expect(afterSettle.totals.units.input_tokens).not.toBe(afterReprice.totals.units.input_tokens);
  });

  it('keeps closed days cached when only today changes', () => {
    const log = new RollupChangeLog();
    const stamp = log.now();
    log.touch([20_000]);
    expect(log.changedSince(stamp, 19_000, 20_000)).toBe(false);
    expect(log.changedSince(stamp, 19_000, 20_001)).toBe(true);
    expect(log.changedSince(log.now(), 0, 30_000)).toBe(false);
  });
});

describe('summaries that yield', () => {
  it('reads ten years in blocks with other work run between them, and equals the one-go answer', async () => {
    const input = { ...FIVE_YEARS, from: END - 3_650 * DAY };
    const order: string[] = [];
    // Another task that keeps asking for a turn of the event loop while the summary runs.
    let running = true;
    const other = async () => {
      while (running) {
        order.push('other');
        await new Promise((r) => setImmediate(r));
      }
    };
    const otherDone = other();
    const yielded = await cached.summaryYielding(input, async () => {
      order.push('step');
      await new Promise((r) => setImmediate(r));
    });
    running = false;
    await otherDone;
    expect(yielded).toEqual(fresh(input));
    const steps = order.filter((o) => o === 'step').length;
    // Ten years of whole days in 64-day blocks (twice: totals and day buckets), at least.
    expect(steps).toBeGreaterThanOrEqual(2 * Math.floor(3_650 / 64));
    // The other task ran between steps, not only before or after the summary.
    const firstStep = order.indexOf('step');
    const lastStep = order.lastIndexOf('step');
    const between = order.slice(firstStep, lastStep).filter((o) => o === 'other').length;
    expect(between).toBeGreaterThanOrEqual(steps - 1);
  });

  it('runs generator steps in order with the pause awaited after each one', async () => {
    const log: string[] = [];
    function* work() {
      log.push('a');
      yield;
      log.push('b');
      yield;
      return 'done';
    }
    const result = await runStepsYielding(work(), async () => {
      log.push('pause');
    });
    expect(result).toBe('done');
    expect(log).toEqual(['a', 'pause', 'b', 'pause']);
  });
});
