// ElevenLabs: /v1/user/subscription counts the credits used since the last reset (character_count) against
// the plan's limit. Compared with the ledger's `character-cost` credits over the same cycle: the extra credits
// were used outside AICON (the web studio, other machines). ElevenLabs bills a plan, not calls, so credits are
// valued at the plan's own rate (next invoice / credit limit); the ledger's table rate differs from it.
import { getSubscription } from '../../providers/elevenlabs/client';
import { fetchFailure, usd, type VendorAdapter } from './common';

const MONTH_MS = 30 * 86_400_000;

export const reconcileElevenLabs: VendorAdapter = async (ctx, deps) => {
  try {
    const { value: s } = await getSubscription(
      deps.gateway,
      deps.credential,
      deps.signal ? { signal: deps.signal } : {},
    );
    const resets = s.resetsAt ? Date.parse(s.resetsAt) : null;
    // The cycle started one period before the next reset (a year for annual plans).
    const cycleMs = s.billingPeriod === 'annual_period' ? 12 * MONTH_MS : MONTH_MS;
    // A reset date already past (a stale account) says nothing about the cycle: fall back to the month.
    const from = resets !== null && resets > ctx.now ? resets - cycleMs : ctx.month.from;
    // Inclusive of calls made this very millisecond.
    const window = { from, to: ctx.now + 1 };
    const ledger = deps.periods.totals('elevenlabs', window.from, window.to);
    const tableQuote = deps.pricer.price({
      provider: 'elevenlabs',
      model: null,
      units: { characters: 1_000_000 },
      at: new Date(ctx.now),
    });
    const tableRate = tableQuote.costNanos === null ? null : tableQuote.costNanos / 1_000_000;
    const free = s.tier === 'free';
    const planRate =
      !free && s.nextInvoiceCents !== null && s.creditsLimit > 0 && s.currency?.toLowerCase() === 'usd'
        ? (s.nextInvoiceCents * 1e7) / s.creditsLimit
        : tableRate;
    const outsideCredits = s.creditsUsed - ledger.characters;
    const notes = [
      `${s.creditsUsed.toLocaleString('en-US')} of ${s.creditsLimit.toLocaleString('en-US')} credits used this cycle; the ledger counts ${ledger.characters.toLocaleString('en-US')}`,
    ];
    let vendorNanos: number | null = null;
    let known = {};
    if (free) {
      vendorNanos = 0;
      known = { freeTierCredits: -ledger.costNanos };
      notes.push('free tier: ElevenLabs bills nothing for these credits');
    } else if (planRate !== null) {
      vendorNanos = Math.round(s.creditsUsed * planRate);
      known = {
        priceDifferences: Math.round(ledger.characters * planRate) - ledger.costNanos,
        outsideApp: Math.round(outsideCredits * planRate),
      };
      notes.push(`credits valued at the plan's ${usd(planRate * 1000)} per 1k (next invoice / credit limit)`);
    }
    return {
      state: 'ok',
      reading: {
        window,
        vendorNanos,
        known,
        remainderIsOutside: false,
        fees: [],
        outsideCalls: null,
        units: { unit: 'credits', ledger: ledger.characters, vendor: s.creditsUsed, outside: outsideCredits },
        settledNow: 0,
        balance: {
          unit: 'characters',
          remaining: s.creditsLeft,
          total: s.creditsLimit,
          used: s.creditsUsed,
          periodStart: new Date(from).toISOString(),
          resetsAt: s.resetsAt,
        },
        message: `ElevenLabs subscription (${s.tier}): credits used since the last reset`,
        notes,
      },
    };
  } catch (e) {
    return fetchFailure(e, 'ElevenLabs /v1/user/subscription');
  }
};
