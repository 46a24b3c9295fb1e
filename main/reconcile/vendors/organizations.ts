// The organization cost reports, read with an optional admin key: OpenAI's Costs API and Anthropic's Admin
// cost report. Both cover the whole organization (every project and key), so what the ledger did not make
// stays visible as "unexplained" unless it is named. Anthropic offers no report to individual accounts.
import { getCostReport } from '../../providers/anthropic/client';
import { getOrganizationCosts } from '../../providers/openai/client';
import { ProviderError } from '../../gateway/types';
import { fetchFailure, type VendorAdapter } from './common';
import type { VendorReading } from '../types';

const reading = (
  window: { from: number; to: number },
  nanos: number,
  message: string,
  notes: string[],
): VendorReading => ({
  window,
  vendorNanos: nanos,
  known: {},
  remainderIsOutside: false,
  fees: [],
  outsideCalls: null,
  units: null,
  settledNow: 0,
  balance: null,
  message,
  notes,
});

export const ANTHROPIC_NOT_OFFERED =
  "Anthropic's cost report is offered to organizations only (it needs an Admin API key, which individual accounts cannot create). For an individual account the ledger's per-call figures are all there is.";

export const OPENAI_NO_ADMIN_KEY =
  'Add an OpenAI admin key (Reconciliation screen) to compare with the organization Costs API';

export const reconcileOpenAI: VendorAdapter = async (ctx, deps) => {
  if (!deps.adminCredential) return { state: 'no_key', message: OPENAI_NO_ADMIN_KEY };
  const window = { from: ctx.month.from, to: ctx.month.to };
  try {
    const lines = await getOrganizationCosts(deps.gateway, deps.adminCredential, {
      startTime: Math.floor(window.from / 1000),
      endTime: Math.ceil(Math.min(window.to, ctx.now + 1) / 1000),
      ...(deps.signal ? { signal: deps.signal } : {}),
    });
    const other = lines.filter((l) => l.amountNanos === null).length;
    const total = lines.reduce((s, l) => s + (l.amountNanos ?? 0), 0);
    const notes = ['covers every project and key of the organization, not only the keys in AICON'];
    if (other) notes.push(`${other} cost lines in another currency left out`);
    return { state: 'ok', reading: reading(window, total, 'OpenAI organization Costs API (daily buckets)', notes) };
  } catch (e) {
    return fetchFailure(e, 'OpenAI /organization/costs');
  }
};

export const reconcileAnthropic: VendorAdapter = async (ctx, deps) => {
  if (!deps.adminCredential) return { state: 'not_offered', message: ANTHROPIC_NOT_OFFERED };
  const window = { from: ctx.month.from, to: ctx.month.to };
  try {
    const lines = await getCostReport(deps.gateway, deps.adminCredential, {
      startingAt: new Date(window.from).toISOString(),
      endingAt: new Date(Math.min(window.to, ctx.now + 1)).toISOString(),
      ...(deps.signal ? { signal: deps.signal } : {}),
    });
    const total = lines.reduce((s, l) => s + (l.amountNanos ?? 0), 0);
    return {
      state: 'ok',
      reading: reading(window, total, 'Anthropic Admin API cost report (daily buckets)', [
        'covers every workspace and key of the organization',
      ]),
    };
  } catch (e) {
    // The report does not exist for this account: an individual account, or a plan without the Admin API.
    if (e instanceof ProviderError && (e.kind === 'not_found' || e.status === 403))
      return { state: 'not_offered', message: ANTHROPIC_NOT_OFFERED };
    return fetchFailure(e, 'Anthropic cost report');
  }
};
