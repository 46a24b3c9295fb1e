// Drift attribution and balance pace as pure functions: parts always add up to the difference; pace and
// run-out dates come from the period so far or from two balance reads.
import { describe, expect, it } from 'vitest';
import type { PeriodTotals } from '../../../main/ledger/period-totals';
import { describeBalance, pacePerDay } from '../../../main/reconcile/balances';
import { explainDrift, sumParts } from '../../../main/reconcile/drift';
import type { StoredBalance, StoredFetch } from '../../../main/reconcile/store';
import type { VendorReading } from '../../../main/reconcile/types';

const ledger = (o: Partial<PeriodTotals> = {}): PeriodTotals => ({
  costNanos: 1_000,
  calls: 10,
  attempts: 10,
  unpricedAttempts: 0,
  estimatedAttempts: 0,
  estimatedNanos: 0,
  characters: 0,
  credits: 0,
  seconds: 0,
  segments: 0,
  minutes: 0,
  ...o,
});
const reading = (o: Partial<VendorReading>): VendorReading => ({
  window: { from: 0, to: 1 },
  vendorNanos: 1_500,
  known: {},
  remainderIsOutside: false,
  fees: [],
  outsideCalls: null,
  units: null,
  settledNow: 0,
  balance: null,
  message: '',
  notes: [],
  ...o,
});

describe('explainDrift', () => {
  it('puts the remainder outside AICON when every own call is accounted for', () => {
    const d = explainDrift(reading({ remainderIsOutside: true, known: { unmodelledFees: 100 } }), ledger());
    expect(d).toEqual({
      differenceNanos: 500,
      parts: {
        outsideApp: 400,
        stillEstimated: 0,
        priceDifferences: 0,
        unmodelledFees: 100,
        freeTierCredits: 0,
        unexplained: 0,
      },
    });
  });

  it('attributes the remainder to still-estimated calls when there are some, else leaves it unexplained', () => {
    const est = explainDrift(
      reading({ remainderIsOutside: true }),
      ledger({ estimatedAttempts: 2, estimatedNanos: 50 }),
    );
    expect(est?.parts).toMatchObject({ stillEstimated: 500, outsideApp: 0 });
    const none = explainDrift(reading({ known: { outsideApp: 200 } }), ledger());
    expect(none?.parts).toMatchObject({ outsideApp: 200, unexplained: 300 });
  });

  it('parts add up to the difference for any mix, negative ones included', () => {
    for (const known of [
      { priceDifferences: -700, outsideApp: 300 },
      { freeTierCredits: -1_000 },
      { unmodelledFees: 5, outsideApp: 5, priceDifferences: 5 },
    ]) {
      const d = explainDrift(reading({ vendorNanos: 123, known }), ledger({ estimatedAttempts: 1 }));
      expect(d && sumParts(d.parts)).toBe(d?.differenceNanos);
    }
  });

  it('a vendor total below the ledger is never called "outside AICON"', () => {
    const d = explainDrift(reading({ vendorNanos: 800, remainderIsOutside: true }), ledger());
    expect(d?.parts).toMatchObject({ outsideApp: 0, unexplained: -200 });
  });

  it('has no drift at all without a vendor money figure (never a zero)', () => {
    expect(explainDrift(reading({ vendorNanos: null }), ledger())).toBeNull();
  });
});

const NOW = Date.UTC(2026, 10, 20, 12);
const DAY = 86_400_000;
const stored = (o: Partial<StoredBalance>): StoredBalance => ({
  provider: 'elevenlabs',
  fetchedAt: NOW,
  unit: 'characters',
  remaining: 50_000,
  total: 100_000,
  used: 50_000,
  periodStart: new Date(NOW - 10 * DAY).toISOString(),
  resetsAt: new Date(NOW + 20 * DAY).toISOString(),
  warnPercent: 20,
  origin: 'live',
  ...o,
});

describe('balances', () => {
  it('quota with a cycle: pace over the cycle so far, runs out before the reset', () => {
    const b = describeBalance(stored({}), [], NOW);
    expect(b.pacePerDay).toBe(5_000);
    expect(b.runsOutAt).toBe(new Date(NOW + 10 * DAY).toISOString());
    expect(b).toMatchObject({ runsOutBeforeReset: true, percentLeft: 50, state: 'ok' });
    expect(describeBalance(stored({ remaining: 15_000 }), [], NOW).state).toBe('warning');
    expect(describeBalance(stored({ remaining: 0 }), [], NOW).state).toBe('exhausted');
  });

  it('prepaid wallet: pace between reads; a top-up gives no pace rather than a wrong one', () => {
    const read = (at: number, remaining: number): StoredFetch => ({
      provider: 'heygen',
      period: '2026-11',
      fetchedAt: at,
      state: 'ok',
      message: '',
      errorKind: null,
      origin: 'live',
      reading: reading({
        balance: { unit: 'usd', remaining, total: null, used: null, periodStart: null, resetsAt: null },
      }),
    });
    const wallet = stored({
      provider: 'heygen',
      unit: 'usd',
      remaining: 40,
      total: null,
      used: null,
      periodStart: null,
      resetsAt: null,
    });
    expect(pacePerDay(wallet, [read(NOW - 2 * DAY, 60)], NOW)).toBe(10);
    const b = describeBalance(wallet, [read(NOW - 2 * DAY, 60)], NOW);
    expect(b.runsOutAt).toBe(new Date(NOW + 4 * DAY).toISOString());
    expect(b.state).toBe('warning');
    expect(pacePerDay(wallet, [read(NOW - 2 * DAY, 20)], NOW)).toBeNull();
    expect(describeBalance(wallet, [], NOW)).toMatchObject({ pacePerDay: null, runsOutAt: null, state: 'ok' });
  });
});
