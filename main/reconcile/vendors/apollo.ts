// Apollo: credit usage stats give the credits consumed in the current credit cycle per credit type. The
// ledger counts the credits its own calls used (people match, enrichment); the rest were used outside AICON
// (the Apollo web app, exports, dialer). Credits carry the user's $/credit (a price override), when set.
import { getCreditUsage } from '../../providers/apollo/client';
import { fetchFailure, type VendorAdapter } from './common';

export const reconcileApollo: VendorAdapter = async (ctx, deps) => {
  try {
    const { value: u } = await getCreditUsage(
      deps.gateway,
      deps.credential,
      deps.signal ? { signal: deps.signal } : {},
    );
    const from = u.cycleStart ? Date.parse(u.cycleStart) : ctx.month.from;
    // Inclusive of calls made this very millisecond.
    const window = { from, to: ctx.now + 1 };
    const ledger = deps.periods.totals('apollo', window.from, window.to);
    const consumed = Object.values(u.credits).reduce((s, w) => s + (w.consumed ?? 0), 0);
    const rate = deps.pricer.price({
      provider: 'apollo',
      model: null,
      units: { credits: 1_000 },
      at: new Date(ctx.now),
    });
    const perCredit = rate.costNanos === null ? null : rate.costNanos / 1_000;
    const lead = u.credits.lead_credit;
    return {
      state: 'ok',
      reading: {
        window,
        vendorNanos: perCredit === null ? null : Math.round(consumed * perCredit),
        known: {},
        remainderIsOutside: true,
        fees: [],
        outsideCalls: null,
        units: { unit: 'credits', ledger: ledger.credits, vendor: consumed, outside: consumed - ledger.credits },
        settledNow: 0,
        balance:
          lead && lead.leftOver !== null
            ? {
                unit: 'credits',
                remaining: lead.leftOver,
                total: lead.limit,
                used: lead.consumed,
                periodStart: u.cycleStart,
                resetsAt: u.cycleEnd,
              }
            : null,
        message: 'Apollo credit usage stats for the current credit cycle',
        notes:
          perCredit === null
            ? ["Apollo credits have no $ rate: compared in credits (set your plan's $/credit on the Prices screen)"]
            : [],
      },
    };
  } catch (e) {
    return fetchFailure(e, 'Apollo credit usage stats');
  }
};
