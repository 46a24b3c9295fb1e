// Twilio: each message's and call's final `price` settles its row; Usage Records give the period's bill by
// category (carrier fees and failed-message fees are charges the ledger does not model per message); the
// message list names messages the ledger never sent (console, other machines) with their prices; Balance
// is the prepaid credit left.
import { ProviderError } from '../../gateway/types';
import { getBalance, getCall, getMessage, getUsageRecords, listMessages } from '../../providers/twilio/client';
import { chargeNanos, settlementFor, TWILIO_UNMODELLED_FEE_CATEGORIES } from '../../providers/twilio/usage';
import { fetchFailure, settlePerCall, usd, type VendorAdapter } from './common';

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const FEES: ReadonlySet<string> = new Set(TWILIO_UNMODELLED_FEE_CATEGORIES);

export const reconcileTwilio: VendorAdapter = async (ctx, deps) => {
  const c = deps.signal ? { signal: deps.signal } : {};
  const end = Math.min(ctx.month.to, ctx.now);
  let settled: { settled: number; pending: number };
  try {
    settled = await settlePerCall(ctx, deps, async (sid) => {
      try {
        const { value } = sid.startsWith('CA')
          ? await getCall(deps.gateway, deps.credential, sid, c)
          : await getMessage(deps.gateway, deps.credential, sid, c);
        return settlementFor(value);
      } catch (e) {
        if (e instanceof ProviderError && e.kind === 'not_found') return null;
        throw e;
      }
    });
  } catch (e) {
    return fetchFailure(e, 'Twilio message/call lookup');
  }
  try {
    // EndDate is inclusive in Usage Records: the last day of the window.
    const usage = await getUsageRecords(deps.gateway, deps.credential, {
      startDate: day(ctx.month.from),
      endDate: day(end - 1),
      pageSize: 1000,
      ...c,
    });
    const total = usage.items.find((r) => r.category === 'totalprice');
    if (!total || total.priceNanos === null)
      return { state: 'failed', message: 'Twilio Usage Records carried no USD total (totalprice) for the period' };
    const fees = usage.items
      .filter((r) => FEES.has(r.category) && (r.priceNanos ?? 0) > 0)
      .map((r) => ({ category: r.category, nanos: r.priceNanos ?? 0 }));
    const listed = await listMessages(deps.gateway, deps.credential, {
      dateSentAfter: day(ctx.month.from - 86_400_000),
      pageSize: 1000,
      maxPages: 20,
      ...c,
    });
    let outside = 0;
    let outsideCalls = 0;
    for (const m of listed.items) {
      const at = Date.parse(m.dateCreated ?? '');
      if (!(at >= ctx.month.from && at < end)) continue;
      if (deps.periods.knows('twilio', m.sid, ctx.month.from - 86_400_000)) continue;
      const charge = chargeNanos(m.price, m.priceUnit);
      if (charge === undefined) continue;
      outside += charge;
      outsideCalls++;
    }
    const { value: balance } = await getBalance(deps.gateway, deps.credential, c);
    const notes = [`${settled.settled} messages/calls settled to Twilio's final price this refresh`];
    if (settled.pending) notes.push(`${settled.pending} still without a final price (tried again next refresh)`);
    if (listed.nextPageUri)
      notes.push('the message list was longer than 20 pages: outside messages may be undercounted');
    if (fees.length)
      notes.push(`fees not modelled per message: ${fees.map((f) => `${f.category} ${usd(f.nanos)}`).join(', ')}`);
    return {
      state: 'ok',
      reading: {
        window: { from: ctx.month.from, to: ctx.month.to },
        vendorNanos: total.priceNanos,
        known: { unmodelledFees: fees.reduce((s, f) => s + f.nanos, 0), outsideApp: outside },
        remainderIsOutside: false,
        fees,
        outsideCalls,
        units: null,
        settledNow: settled.settled,
        balance:
          balance.balanceNanos !== null
            ? {
                unit: 'usd',
                remaining: balance.balanceNanos / 1e9,
                total: null,
                used: null,
                periodStart: null,
                resetsAt: null,
              }
            : null,
        message: 'Twilio Usage Records (totalprice) for the period; messages and calls settled to their final price',
        notes,
      },
    };
  } catch (e) {
    return fetchFailure(e, 'Twilio Usage Records / Balance');
  }
};
