// A reconciliation rig: a migrated SQLite ledger with the real cost services, the real gateway pointed at
// provider fakes, and a ReconcileService whose keys are the fakes' (no keychain). Rows the gateway writes
// land before each call returns (flush), like the app after a call settles.
import { AppError } from '../../../main/core/errors';
import { silentLogger } from '../../../main/core/logger';
import { createBaseUrls, baseUrlEnvName } from '../../../main/gateway/base-urls';
import { createGateway, type GatewayService } from '../../../main/gateway/gateway';
import type { Credential, ProviderId } from '../../../main/gateway/types';
import { AdminKeyVault } from '../../../main/integrations/admin-keys';
import { createCostServices, type CostServices } from '../../../main/cost/services';
import type { ProviderAccess } from '../../../main/providers/access';
import { PROVIDER_DESCRIPTORS } from '../../../main/providers/registry';
import type { BalanceAlertEvent } from '../../../preload/contract/reconcile';
import { ReconcileService } from '../../../main/reconcile/service';
import { InMemorySecretStore } from '../../../main/vault/memory-store';
import { tempDb, type TempDb } from '../ledger/support';

export interface Rig {
  t: TempDb;
  cost: CostServices;
  gateway: GatewayService;
  service: ReconcileService;
  adminKeys: AdminKeyVault;
  alerts: BalanceAlertEvent[];
  clock: { now: number };
  close(): Promise<void>;
}

export function startRig(opts: {
  baseUrls: Partial<Record<ProviderId, string>>;
  credentials: Partial<Record<ProviderId, Credential>>;
  now?: number;
  demoSeeded?: boolean;
}): Rig {
  const t = tempDb();
  const clock = { now: opts.now ?? Date.now() };
  const cost = createCostServices({ db: t.db, timeZone: () => 'UTC', clock: () => clock.now });
  const env: Record<string, string> = {};
  for (const [p, url] of Object.entries(opts.baseUrls)) env[baseUrlEnvName(p as ProviderId)] = url;
  const raw = createGateway({
    providers: PROVIDER_DESCRIPTORS,
    ledger: cost.ledger,
    pricer: cost.pricer,
    budgets: cost.budgets,
    limiter: cost.limiter,
    baseUrls: createBaseUrls({ descriptors: PROVIDER_DESCRIPTORS, env }),
    clock: () => clock.now,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
  });
  const gateway: GatewayService = {
    json: (req, parse) => raw.json(req, parse).finally(() => raw.flush()),
    stream: (req, consumer) => raw.stream(req, consumer).finally(() => raw.flush()),
    binary: (req, sink) => raw.binary(req, sink).finally(() => raw.flush()),
    flush: () => raw.flush(),
    close: () => raw.close(),
  };
  const providers: ProviderAccess = {
    live: gateway,
    demoActive: false,
    healthChecker: async () => ({ ok: true, latencyMs: 0 }),
    attachDemo() {},
    async target(provider) {
      const credential = opts.credentials[provider];
      if (!credential) throw new AppError('not_found', `No ${provider} key is set up.`);
      return { gateway, credential, demo: false };
    },
    async route(provider) {
      const credential = opts.credentials[provider];
      if (!credential) throw new AppError('not_found', `No ${provider} key is set up.`);
      return { baseUrl: createBaseUrls({ descriptors: PROVIDER_DESCRIPTORS, env }).resolve(provider), credential };
    },
    close: () => gateway.close(),
  };
  const adminKeys = new AdminKeyVault(Promise.resolve(new InMemorySecretStore()));
  const alerts: BalanceAlertEvent[] = [];
  const service = new ReconcileService({
    db: t.db,
    ledger: cost.ledger,
    pricer: cost.pricer,
    providers,
    adminKeys,
    onAlert: (a) => alerts.push(a),
    clock: () => clock.now,
    logger: silentLogger,
    demoSeeded: () => opts.demoSeeded ?? false,
  });
  return {
    t,
    cost,
    gateway,
    service,
    adminKeys,
    alerts,
    clock,
    async close() {
      service.close();
      await gateway.close();
      t.dispose();
    },
  };
}

/** Every hourly rollup's cost equals the raw rows' sum (per profile and hour): settlement kept them in step. */
export function rollupsMatchRaw(db: TempDb['db']): {
  raw: number;
  rollups: Record<string, number>;
  mismatches: number;
} {
  const sum = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  const raw = { n: sum('SELECT COALESCE(SUM(cost_nanos), 0) AS n FROM calls') };
  const rollups: Record<string, number> = {};
  for (const table of [
    'call_rollups_hourly',
    'call_rollups_daily',
    'call_rollups_provider_hourly',
    'call_rollups_total_hourly',
  ])
    rollups[table] = sum(`SELECT COALESCE(SUM(cost_nanos), 0) AS n FROM ${table}`);
  const mismatches = db
    .prepare(
      `SELECT COUNT(*) AS n FROM call_rollups_hourly r LEFT JOIN (
         SELECT ts / 3600000 AS hour, profile_id, COALESCE(SUM(cost_nanos), 0) AS cost FROM calls GROUP BY 1, 2
       ) c ON c.hour = r.hour AND c.profile_id = r.profile_id WHERE r.cost_nanos != COALESCE(c.cost, 0)`,
    )
    .get() as { n: number };
  return { raw: raw.n, rollups, mismatches: mismatches.n };
}

/** Every vendor fetch the reconciliation made is in the ledger as a free call at $0 (the app's own calls aside). */
export function fetchRows(
  db: TempDb['db'],
  excludeEndpoint: string,
): { rows: number; costNanos: number; notFree: number } {
  return db
    .prepare(
      `SELECT COUNT(*) AS rows, COALESCE(SUM(c.cost_nanos), 0) AS costNanos, SUM((c.flags & 2) = 0) AS notFree
       FROM calls c JOIN call_profiles p ON p.id = c.profile_id WHERE p.endpoint != ?`,
    )
    .get(excludeEndpoint) as { rows: number; costNanos: number; notFree: number };
}
