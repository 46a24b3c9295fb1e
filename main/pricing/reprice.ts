// Explicit re-pricing of a time range with today's tables and overrides (each call at its own date).
// Preview never writes; apply writes in chunks, each with its cost history. Provider-reported costs and
// free calls are never touched: old calls keep what they were charged unless the user asks.
import type { Db } from '../db/database';
import { AppError } from '../core/errors';
import type { CostSource, ProviderId } from '../gateway/types';
import { FLAG_ESTIMATED, FLAG_FREE, type Ledger } from '../ledger/ledger';
import { priceableRowPager } from '../ledger/reads';
import { unitsFromRow } from '../ledger/units';
import type { Meta, PricingService } from './pricer';

const CHUNK = 2_000;

export interface RepriceRange {
  from: number;
  to: number;
  provider?: ProviderId;
}

export interface RepriceGroup {
  provider: string;
  model: string | null;
  attempts: number;
  changed: number;
  oldCostNanos: number;
  newCostNanos: number;
  deltaNanos: number;
  newlyPriced: number;
  newlyUnpriced: number;
}

export interface RepriceResult {
  from: string;
  to: string;
  groups: RepriceGroup[];
  totals: Omit<RepriceGroup, 'provider' | 'model'>;
  applied: boolean;
}

const emptyTotals = () => ({
  attempts: 0,
  changed: 0,
  oldCostNanos: 0,
  newCostNanos: 0,
  deltaNanos: 0,
  newlyPriced: 0,
  newlyUnpriced: 0,
});

export class Repricer {
  constructor(
    private readonly db: Db,
    private readonly ledger: Ledger,
    private readonly pricer: PricingService,
  ) {}

  preview(range: RepriceRange): RepriceResult {
    return this.run(range, false);
  }

  apply(range: RepriceRange): RepriceResult {
    return this.run(range, true);
  }

  private run(range: RepriceRange, write: boolean): RepriceResult {
    if (!(range.to > range.from))
      throw new AppError('invalid_input', 'Re-pricing needs a range with "to" after "from"');
    const profiles = this.ledger.profiles.all();
    const profileIds = range.provider ? profiles.filter((p) => p.provider === range.provider).map((p) => p.id) : null;
    const byId = new Map(profiles.map((p) => [p.id, p]));
    const page = priceableRowPager(this.db, range.to, profileIds, CHUNK);
    const groups = new Map<string, RepriceGroup>();
    let last = { ts: range.from, id: 0 };
    for (;;) {
      const rows = page(last);
      if (rows.length === 0) break;
      const tail = rows.at(-1);
      if (tail) last = { ts: tail.ts, id: tail.id };
      const changes: Array<{
        rowId: number;
        costNanos: number | null;
        costSource: CostSource;
        priceVersion: string | null;
      }> = [];
      for (const r of rows) {
        const profile = byId.get(r.profile_id) ?? this.ledger.profiles.get(r.profile_id);
        if (!profile || (r.flags & FLAG_FREE) !== 0) continue;
        let meta: Meta = null;
        try {
          meta = r.meta ? (JSON.parse(r.meta) as Meta) : null;
        } catch {
          meta = null;
        }
        const q = this.pricer.price({
          provider: profile.provider as ProviderId,
          model: profile.model,
          endpoint: profile.endpoint,
          units: unitsFromRow(r),
          at: new Date(r.ts),
          estimated: (r.flags & FLAG_ESTIMATED) !== 0,
          meta,
        });
        const key = `${profile.provider}\u0000${profile.model ?? ''}`;
        let g = groups.get(key);
        if (!g) {
          g = { provider: profile.provider, model: profile.model, ...emptyTotals() };
          groups.set(key, g);
        }
        g.attempts++;
        const changed = q.costNanos !== r.cost_nanos || q.costSource !== r.cost_source;
        if (!changed) continue;
        g.changed++;
        g.oldCostNanos += r.cost_nanos ?? 0;
        g.newCostNanos += q.costNanos ?? 0;
        g.deltaNanos += (q.costNanos ?? 0) - (r.cost_nanos ?? 0);
        if (r.cost_nanos === null && q.costNanos !== null) g.newlyPriced++;
        if (r.cost_nanos !== null && q.costNanos === null) g.newlyUnpriced++;
        changes.push({ rowId: r.id, costNanos: q.costNanos, costSource: q.costSource, priceVersion: q.priceVersion });
      }
      if (write && changes.length) this.ledger.changeCosts(changes, 'reprice');
    }
    const list = [...groups.values()].sort(
      (a, b) => Math.abs(b.deltaNanos) - Math.abs(a.deltaNanos) || b.attempts - a.attempts,
    );
    const totals = emptyTotals();
    for (const g of list) for (const k of Object.keys(totals) as Array<keyof typeof totals>) totals[k] += g[k];
    return {
      from: new Date(range.from).toISOString(),
      to: new Date(range.to).toISOString(),
      groups: list,
      totals,
      applied: write,
    };
  }
}
