// Demo reconciliation: vendor readings for the seeded history, built from the seeded ledger so the
// Reconciliation screen shows drift of every kind on a new install — calls made outside AICON (OpenRouter,
// Twilio, ElevenLabs, HeyGen, Apollo), per-call settlements with their history (OpenRouter BYOK upstream
// cost), unmodelled fees (Twilio carrier and failed-message fees), calls still estimated (Twilio messages not
// priced yet), price differences (ElevenLabs plan rate vs the table), free-tier credits (ElevenLabs' free
// tier last month) — plus balances with reset dates and a low wallet. Stored as `demo` (never mistaken for
// a vendor's answer) through the reconcile store; the demo seed's own rows are settled through the ledger.
import type { Pricer } from '../gateway/deps';
import type { Ledger } from '../ledger/ledger';
import { LedgerPeriods } from '../ledger/period-totals';
import { applyLateSettlement } from '../ledger/settlement';
import type { Db } from '../db/database';
import { driftFor } from '../reconcile/overview';
import { monthOf, type Month } from '../reconcile/periods';
import { ReconcileStore } from '../reconcile/store';
import type { VendorReading } from '../reconcile/types';
import { PROVIDER_IDS, type ProviderId } from '../gateway/types';
import { ANTHROPIC_NOT_OFFERED, OPENAI_NO_ADMIN_KEY } from '../reconcile/vendors/organizations';
import { KEYLESS_OUTCOMES } from '../reconcile/vendors';

const DAY = 86_400_000;
const USD = 1_000_000_000;

const reading = (
  r: Partial<VendorReading> & Pick<VendorReading, 'window' | 'vendorNanos' | 'message'>,
): VendorReading => ({
  known: {},
  remainderIsOutside: false,
  fees: [],
  outsideCalls: null,
  units: null,
  settledNow: 0,
  balance: null,
  notes: [],
  ...r,
});

export function seedReconcileDemo(t: { db: Db; ledger: Ledger; pricer: Pricer }, now: number): void {
  const store = new ReconcileStore(t.db);
  const periods = new LedgerPeriods(t.db);
  const month = monthOf(now);
  const prev = monthOf(month.from - 1);
  const put = (provider: ProviderId, m: Month, at: number, r: VendorReading) => {
    store.recordFetch(provider, m.key, at, { state: 'ok', reading: r }, 'demo');
    if (r.balance) store.upsertBalance(provider, r.balance, at, 'demo');
  };
  const fetchedAt = now - 20 * 60_000;

  // OpenRouter: a BYOK key — each call settles to the generation's total incl. the upstream charge (+6%).
  const rows = periods.billed('openrouter', month.from, month.to, 0, 8);
  for (const row of rows) {
    if (row.costNanos === null) continue;
    applyLateSettlement(
      t.ledger,
      t.pricer,
      {
        provider: 'openrouter',
        providerRequestId: row.providerRequestId,
        units: {},
        reportedCostNanos: Math.round(row.costNanos * 1.06),
      },
      row.ts - 1,
    );
    store.markChecked(row.rowId, 'settled', fetchedAt);
  }
  const or = periods.totals('openrouter', month.from, month.to);
  put(
    'openrouter',
    month,
    fetchedAt,
    reading({
      window: { from: month.from, to: month.to },
      vendorNanos: or.costNanos + Math.round(4.2 * USD),
      remainderIsOutside: true,
      settledNow: rows.length,
      message: 'OpenRouter /key monthly usage; each call settled to /generation',
      notes: [
        `${rows.length} calls settled to /generation total_cost (BYOK upstream included)`,
        'the OpenRouter chatroom spent on the same key',
      ],
      balance: {
        unit: 'usd',
        remaining: 25 - (or.costNanos + 4.2 * USD) / USD,
        total: 25,
        used: (or.costNanos + 4.2 * USD) / USD,
        periodStart: new Date(month.from).toISOString(),
        resetsAt: new Date(month.to).toISOString(),
      },
    }),
  );

  // Twilio: three messages sent minutes ago, not priced yet (still estimated); fees and console messages.
  const pending = Array.from({ length: 3 }, (_, i) => ({
    callId: `demo-pending-sms-${i}`,
    attempt: 1,
    ts: now - (i + 1) * 4 * 60_000,
    provider: 'twilio' as const,
    operation: 'messaging',
    endpoint: 'messages.create',
    method: 'POST',
    model: 'sms',
    status: 201,
    latencyMs: 240,
    requestBytes: 300,
    responseBytes: 900,
    errorCode: null,
    units: { segments: 2 },
    ...t.pricer.price({ provider: 'twilio', model: 'sms', units: { segments: 2 }, at: new Date(now), estimated: true }),
    providerRequestId: `SMdemo${String(i).padStart(28, '0')}`,
    integrationId: 'demo',
    jobId: null,
    contentId: null,
    meta: null,
    estimated: true,
  }));
  t.ledger.recordAttempts(pending);
  const tw = periods.totals('twilio', month.from, month.to);
  const fees = [
    { category: 'sms-messages-carrierfees', nanos: Math.round(tw.segments * 0.003 * USD) },
    { category: 'failed-message-processing-fee', nanos: 9 * 1_000_000 },
  ];
  const feeTotal = fees.reduce((sum, f) => sum + f.nanos, 0);
  const outsideTwilio = 14 * 8_300_000;
  put(
    'twilio',
    month,
    fetchedAt,
    reading({
      window: { from: month.from, to: month.to },
      // Twilio's books: what was priced (the ledger minus the three unpriced), fees, the console's messages.
      vendorNanos: tw.costNanos - tw.estimatedNanos + feeTotal + outsideTwilio,
      known: { unmodelledFees: feeTotal, outsideApp: outsideTwilio },
      fees,
      outsideCalls: 14,
      message: 'Twilio Usage Records (totalprice) for the period; messages and calls settled to their final price',
      notes: ['3 still without a final price (tried again next refresh)'],
      balance: { unit: 'usd', remaining: 18.4, total: null, used: null, periodStart: null, resetsAt: null },
    }),
  );

  // ElevenLabs: the Scale plan's rate vs the table's Creator rate; the web studio used credits too.
  const resets =
    month.from + 12 * DAY + 9 * 3_600_000 > now ? month.from + 12 * DAY + 9 * 3_600_000 : month.to + 12 * DAY;
  const cycle = { from: resets - 30 * DAY, to: now + 1 };
  const el = periods.totals('elevenlabs', cycle.from, cycle.to);
  // Scale plan: $330 for 2M credits (next invoice / credit limit).
  const planCredits = 2_000_000;
  const planRate = (33_000 * 1e7) / planCredits;
  const elVendor = el.characters + 18_400;
  put(
    'elevenlabs',
    month,
    fetchedAt,
    reading({
      window: cycle,
      vendorNanos: Math.round(elVendor * planRate),
      known: {
        priceDifferences: Math.round(el.characters * planRate) - el.costNanos,
        outsideApp: Math.round(18_400 * planRate),
      },
      units: { unit: 'credits', ledger: el.characters, vendor: elVendor, outside: 18_400 },
      message: 'ElevenLabs subscription (scale): credits used since the last reset',
      notes: [
        `credits valued at the plan's $${((planRate * 1000) / 1e9).toFixed(3)} per 1k (next invoice / credit limit)`,
      ],
      balance: {
        unit: 'characters',
        remaining: Math.max(0, planCredits - elVendor),
        total: planCredits,
        used: elVendor,
        periodStart: new Date(cycle.from).toISOString(),
        resetsAt: new Date(resets).toISOString(),
      },
    }),
  );
  // Last month the account was on the free tier: nothing billed for the credits the ledger priced.
  const elPrev = periods.totals('elevenlabs', prev.from, prev.to);
  put(
    'elevenlabs',
    prev,
    prev.to - DAY,
    reading({
      window: { from: prev.from, to: prev.to },
      vendorNanos: 0,
      known: { freeTierCredits: -elPrev.costNanos },
      units: { unit: 'credits', ledger: elPrev.characters, vendor: elPrev.characters, outside: 0 },
      message: 'ElevenLabs subscription (free): credits used since the last reset',
      notes: ['free tier: ElevenLabs bills nothing for these credits'],
    }),
  );

  // HeyGen: wallet read at the start of the month and now; the web studio rendered too. Low wallet: warning.
  const firstRead = Math.max(month.from + 3_600_000, now - 10 * DAY);
  const hg = periods.totals('heygen', firstRead, now + 1);
  const drop = hg.costNanos + Math.round(6.5 * USD);
  const remaining = Math.max(3, (drop / USD) * 0.4);
  put(
    'heygen',
    month,
    firstRead,
    reading({
      window: { from: firstRead, to: firstRead },
      vendorNanos: null,
      message: 'HeyGen wallet read; the spend shows from the next read on (balance deltas)',
      balance: {
        unit: 'usd',
        remaining: remaining + drop / USD,
        total: null,
        used: null,
        periodStart: null,
        resetsAt: null,
      },
    }),
  );
  put(
    'heygen',
    month,
    fetchedAt,
    reading({
      window: { from: firstRead, to: now + 1 },
      vendorNanos: drop,
      remainderIsOutside: true,
      message: `HeyGen wallet drop between ${new Date(firstRead).toISOString().slice(0, 16)} and now`,
      notes: ['renders ledgered in the window are compared with the wallet drop'],
      balance: { unit: 'usd', remaining, total: null, used: null, periodStart: null, resetsAt: null },
    }),
  );

  // Apollo: credits in the cycle (no $/credit set: compared in credits).
  const ap = periods.totals('apollo', month.from, now + 1);
  put(
    'apollo',
    month,
    fetchedAt,
    reading({
      window: { from: month.from, to: now + 1 },
      vendorNanos: null,
      remainderIsOutside: true,
      units: { unit: 'credits', ledger: ap.credits, vendor: ap.credits + 240, outside: 240 },
      message: 'Apollo credit usage stats for the current credit cycle',
      notes: ["Apollo credits have no $ rate: compared in credits (set your plan's $/credit on the Prices screen)"],
      balance: {
        unit: 'credits',
        remaining: Math.max(0, 4_000 - ap.credits - 240),
        total: 4_000,
        used: ap.credits + 240,
        periodStart: new Date(month.from).toISOString(),
        resetsAt: new Date(month.to).toISOString(),
      },
    }),
  );

  // The rest as the app states them: no admin key, not offered, per-call truth.
  store.recordFetch('openai', month.key, fetchedAt, { state: 'no_key', message: OPENAI_NO_ADMIN_KEY }, 'demo');
  store.recordFetch(
    'anthropic',
    month.key,
    fetchedAt,
    { state: 'not_offered', message: ANTHROPIC_NOT_OFFERED },
    'demo',
  );
  for (const p of ['exa', 'perplexity', 'sendgrid'] as const)
    store.recordFetch(p, month.key, fetchedAt, KEYLESS_OUTCOMES[p], 'demo');
  for (const p of PROVIDER_IDS) store.saveDrift(driftFor(store, periods, p, month), fetchedAt);
  store.saveDrift(driftFor(store, periods, 'elevenlabs', prev), fetchedAt);
}
