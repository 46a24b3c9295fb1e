// Child process for the local-gateway bench: the app's real local gateway (LocalGateway with the app's ledger,
// pricer, budgets and limiter on a migrated WAL database) forwarding OpenAI calls to the bench's upstream.
// Usage: tsx scripts/bench/local-gateway-server.ts <upstream base URL>; prints {url, secret} then serves.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../../main/core/logger';
import { openDatabase } from '../../main/db/database';
import { migrations } from '../../main/db/migrations';
import { migrate } from '../../main/db/migrator';
import { createCostServices } from '../../main/cost/services';
import { LocalGateway } from '../../main/local-gateway';
import { PROVIDER_DESCRIPTORS } from '../../main/providers/registry';
import { createSettingsStore } from '../../main/system/settings';

// stdout carries the ready line; warnings (a refused or failed call) go to stderr, which the bench shows.
const stderrLogger: Logger = {
  info() {},
  warn: (m) => process.stderr.write(`bench gateway: ${m}\n`),
  error: (m) => process.stderr.write(`bench gateway: ${m}\n`),
};

async function main() {
  const upstream = process.argv[2];
  if (!upstream) throw new Error('usage: local-gateway-server.ts <upstream base URL>');
  const dir = mkdtempSync(join(tmpdir(), 'aicon-bench-lgw-'));
  const db = openDatabase(join(dir, 'bench.sqlite'));
  migrate(db, migrations);
  const cost = createCostServices({ db, timeZone: () => 'UTC' });
  // Hourly call limits are lifted for the bench's operation (tens of thousands of calls would hit them).
  cost.limiter.update({ hourly: { ...cost.limiter.limits.hourly, script_generation: null } });
  const gateway = new LocalGateway({
    db,
    dataDir: dir,
    settings: createSettingsStore(db, () => new Date()),
    profiles: cost.ledger.profiles,
    descriptors: PROVIDER_DESCRIPTORS,
    route: async () => ({ baseUrl: upstream, credential: { secret: 'sk-bench-upstream' } }),
    ledger: cost.ledger,
    pricer: cost.pricer,
    budgets: cost.budgets,
    limiter: cost.limiter,
    timeZone: () => 'UTC',
    clock: Date.now,
    logger: stderrLogger,
    port: 0,
  });
  // The user's path: a budgeted virtual key (the per-key budget check reads the ledger on every call).
  const { secret } = gateway.mint({ name: 'bench', providers: ['openai'], budgetMonthNanos: 1e15 });
  const status = await gateway.apply();
  process.stdout.write(`${JSON.stringify({ url: status.url, secret })}\n`);
  const stop = async () => {
    await gateway.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

void main();
