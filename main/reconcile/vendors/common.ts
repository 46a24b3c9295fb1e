// What every vendor adapter shares: its dependencies, the typed failure of a fetch, and the per-call
// settlement loop (OpenRouter /generation, Twilio message/call price) over the ledger's billed rows.
import { AppError } from '../../core/errors';
import type { Pricer } from '../../gateway/deps';
import { ProviderError, type Credential, type Gateway } from '../../gateway/types';
import type { Ledger } from '../../ledger/ledger';
import type { LedgerPeriods } from '../../ledger/period-totals';
import { applyLateSettlement } from '../../ledger/settlement';
import type { LateSettlement } from '../../providers/shared/settlement';
import type { ReconcileStore } from '../store';
import type { FetchContext, FetchFailure, FetchOutcome } from '../types';

export interface VendorDeps {
  gateway: Gateway;
  credential: Credential;
  /** The organization admin key (OpenAI, Anthropic), when the user added one. */
  adminCredential: Credential | null;
  ledger: Ledger;
  pricer: Pricer;
  periods: LedgerPeriods;
  store: ReconcileStore;
  signal?: AbortSignal;
}

export type VendorAdapter = (ctx: FetchContext, deps: VendorDeps) => Promise<FetchOutcome>;

/** A failed fetch as a visible state: a rejected key, no connection, or the vendor's error. Never a zero. */
export function fetchFailure(e: unknown, what: string): FetchFailure {
  if (e instanceof ProviderError) {
    if (e.kind === 'auth' || e.kind === 'permission')
      return { state: 'unauthorised', errorKind: e.kind, message: `${what}: the key was refused (${e.message})` };
    if (e.kind === 'network' || e.kind === 'timeout' || e.kind === 'aborted')
      return { state: 'offline', errorKind: e.kind, message: `${what}: no connection (${e.message})` };
    return { state: 'failed', errorKind: e.kind, message: `${what}: ${e.message}` };
  }
  if (e instanceof AppError && e.code === 'not_found')
    return { state: 'no_key', errorKind: null, message: `${what}: no key is set up` };
  return { state: 'failed', errorKind: null, message: `${what}: ${e instanceof Error ? e.message : String(e)}` };
}

/** How many per-call lookups one refresh makes at most (vendor rate limits; the next refresh continues). */
export const MAX_LOOKUPS_PER_REFRESH = 200;
const PAGE = 500;
const SETTLE_SLACK_MS = 60_000;

/**
 * Looks up each billed row of the window that no refresh has settled yet and applies the vendor's final
 * figure through the ledger's late-settlement API (history kept, rollups moved with the row). `lookup`
 * returns the settlement, or null while the vendor has no final figure (tried again next refresh).
 */
export async function settlePerCall(
  ctx: FetchContext,
  deps: VendorDeps,
  lookup: (providerRequestId: string) => Promise<LateSettlement | null>,
): Promise<{ settled: number; pending: number }> {
  let settled = 0;
  let pending = 0;
  let lookups = 0;
  let after = 0;
  for (;;) {
    const rows = deps.periods.billed(ctx.provider, ctx.month.from, ctx.month.to, after, PAGE);
    const last = rows.at(-1);
    if (last === undefined) break;
    after = last.rowId;
    const done = deps.store.checkedIds(rows.map((r) => r.rowId));
    for (const row of rows) {
      if (done.has(row.rowId)) continue;
      if (lookups++ >= MAX_LOOKUPS_PER_REFRESH) return { settled, pending };
      const settlement = await lookup(row.providerRequestId);
      if (settlement === null) {
        deps.store.markChecked(row.rowId, 'pending', ctx.now);
        pending++;
        continue;
      }
      const outcome = applyLateSettlement(deps.ledger, deps.pricer, settlement, row.ts - SETTLE_SLACK_MS);
      deps.store.markChecked(row.rowId, outcome?.changed ? 'settled' : outcome ? 'unchanged' : 'missing', ctx.now);
      if (outcome?.changed) settled++;
    }
  }
  return { settled, pending };
}

export const usd = (nanos: number): string => `$${(nanos / 1e9).toFixed(2)}`;
