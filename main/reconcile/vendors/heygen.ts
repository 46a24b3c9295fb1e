// HeyGen: /v3/users/me gives the wallet balance (USD or credits). The spend is the balance drop between the
// first read of the month and now, compared with the renders the ledger holds between those two reads; what
// remains was rendered outside AICON (the HeyGen web studio). A top-up between reads hides spend: no figure.
import { getAccount } from '../../providers/heygen/client';
import { fetchFailure, type VendorAdapter } from './common';

export const reconcileHeyGen: VendorAdapter = async (ctx, deps) => {
  try {
    const { value: a } = await getAccount(deps.gateway, deps.credential, deps.signal ? { signal: deps.signal } : {});
    const balance =
      a.walletBalanceNanos !== null
        ? { unit: 'usd' as const, remaining: a.walletBalanceNanos / 1e9 }
        : a.walletCredits !== null
          ? { unit: 'credits' as const, remaining: a.walletCredits }
          : a.premiumCreditsRemaining !== null
            ? { unit: 'credits' as const, remaining: a.premiumCreditsRemaining }
            : null;
    const first = deps.store
      .okFetchesSince('heygen', ctx.month.from)
      .find((f) => f.reading?.balance?.unit === balance?.unit && f.fetchedAt < ctx.now);
    const base = {
      known: {},
      remainderIsOutside: true,
      fees: [],
      outsideCalls: null,
      units: null,
      settledNow: 0,
      balance: balance && { ...balance, total: null, used: null, periodStart: null, resetsAt: null },
    };
    if (!balance || !first?.reading?.balance) {
      return {
        state: 'ok',
        reading: {
          ...base,
          window: { from: ctx.now, to: ctx.now },
          vendorNanos: null,
          message: 'HeyGen wallet read; the spend shows from the next read on (balance deltas)',
          notes: ['first wallet read of the month: no delta yet'],
        },
      };
    }
    const drop = first.reading.balance.remaining - balance.remaining;
    const window = { from: first.fetchedAt, to: ctx.now + 1 };
    const topUp = drop < 0;
    return {
      state: 'ok',
      reading: {
        ...base,
        window,
        vendorNanos: balance.unit === 'usd' && !topUp ? Math.round(drop * 1e9) : null,
        units:
          balance.unit === 'credits'
            ? {
                unit: 'credits',
                ledger: deps.periods.totals('heygen', window.from, window.to).credits,
                vendor: drop,
                outside: null,
              }
            : null,
        message: `HeyGen wallet drop between ${new Date(first.fetchedAt).toISOString().slice(0, 16)} and now`,
        notes: topUp
          ? ['the wallet grew between reads (a top-up): no spend figure for this window']
          : ['renders ledgered in the window are compared with the wallet drop'],
      },
    };
  } catch (e) {
    return fetchFailure(e, 'HeyGen /v3/users/me');
  }
};
