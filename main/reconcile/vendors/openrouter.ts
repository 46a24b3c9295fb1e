// OpenRouter: every call's row is settled to /generation's `total_cost` (plus the upstream charge of a BYOK
// key), then /key's monthly usage is the vendor total; what remains after settlement was spent outside AICON
// on the same key. /key speaks for the current month only.
import { ProviderError } from '../../gateway/types';
import { getGeneration, getKeyInfo } from '../../providers/openrouter/client';
import { monthOf } from '../periods';
import { fetchFailure, settlePerCall, type VendorAdapter } from './common';

export const reconcileOpenRouter: VendorAdapter = async (ctx, deps) => {
  let settled: { settled: number; pending: number };
  try {
    settled = await settlePerCall(ctx, deps, async (id) => {
      try {
        const { value: g } = await getGeneration(deps.gateway, deps.credential, id, {
          attempts: 1,
          ...(deps.signal ? { signal: deps.signal } : {}),
        });
        if (g.totalCostNanos === null) return null;
        const reported = g.totalCostNanos + (g.isByok ? (g.upstreamCostNanos ?? 0) : 0);
        return {
          provider: 'openrouter',
          providerRequestId: id,
          units: g.units,
          reportedCostNanos: reported,
          meta: { is_byok: g.isByok },
        };
      } catch (e) {
        // A generation not visible yet is tried again on the next refresh.
        if (e instanceof ProviderError && e.kind === 'not_found') return null;
        throw e;
      }
    });
  } catch (e) {
    return fetchFailure(e, 'OpenRouter /generation');
  }
  if (monthOf(ctx.now).key !== ctx.month.key)
    return {
      state: 'not_offered',
      message: `OpenRouter's /key reports the current month only; ${settled.settled} calls of ${ctx.month.key} were settled per call.`,
    };
  try {
    const { value: key } = await getKeyInfo(deps.gateway, deps.credential, {
      operation: 'reconcile',
      ...(deps.signal ? { signal: deps.signal } : {}),
    });
    if (key.usageMonthlyNanos === null) return { state: 'failed', message: 'OpenRouter /key has no monthly usage' };
    const vendor = key.usageMonthlyNanos + (key.byokUsageMonthlyNanos ?? 0);
    const notes = [`${settled.settled} calls settled to /generation total_cost this refresh`];
    if (settled.pending) notes.push(`${settled.pending} generations not visible yet (tried again next refresh)`);
    if (key.byokUsageMonthlyNanos) notes.push('BYOK upstream charges included (billed to your own provider key)');
    return {
      state: 'ok',
      reading: {
        window: { from: ctx.month.from, to: ctx.month.to },
        vendorNanos: vendor,
        known: {},
        remainderIsOutside: settled.pending === 0,
        fees: [],
        outsideCalls: null,
        units: null,
        settledNow: settled.settled,
        balance:
          key.limitNanos !== null && key.limitRemainingNanos !== null
            ? {
                unit: 'usd',
                remaining: key.limitRemainingNanos / 1e9,
                total: key.limitNanos / 1e9,
                used: key.limitReset === 'monthly' ? key.usageMonthlyNanos / 1e9 : null,
                periodStart: key.limitReset === 'monthly' ? new Date(ctx.month.from).toISOString() : null,
                resetsAt: key.limitReset === 'monthly' ? new Date(ctx.month.to).toISOString() : null,
              }
            : null,
        message: 'OpenRouter /key monthly usage; each call settled to /generation',
        notes,
      },
    };
  } catch (e) {
    return fetchFailure(e, 'OpenRouter /key');
  }
};
