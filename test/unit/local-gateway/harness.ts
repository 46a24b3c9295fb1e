// The real app (web mode, demo providers = the project's fakes) with its local gateway on a free loopback port,
// and one virtual key allowed on every provider. Ledger rows are read back with their client tag.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createApp, type AppServices } from '../../../main/app';
import { silentLogger } from '../../../main/core/logger';
import { PROVIDER_IDS } from '../../../main/gateway/types';
import { startDemoProviders } from '../../../main/providers/demo';

export interface LedgerRow {
  id: number;
  call_id: string;
  provider: string;
  endpoint: string;
  operation: string;
  model: string;
  client: string;
  status: number | null;
  cost_nanos: number | null;
  cost_source: string;
  flags: number;
  request_bytes: number | null;
  response_bytes: number;
  error_code: string | null;
  meta: string | null;
  [unit: `u_${string}`]: number | null;
}

export interface GatewayHarness {
  app: AppServices;
  url: string;
  secret: string;
  keyName: string;
  rows(where?: string): LedgerRow[];
  last(provider: string): LedgerRow;
}

export function localGatewayFixture(): GatewayHarness {
  const h = {} as GatewayHarness;
  let dataDir = '';
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'aicon-lgw-'));
    const app = createApp({
      dataDir,
      mode: 'web',
      logger: silentLogger,
      isTrustedSender: () => true,
      healthCheckIntervalMs: 0,
      gatewayPort: 0,
    });
    app.providers.attachDemo(await startDemoProviders());
    const status = await app.localGateway.apply();
    if (!status.url) throw new Error(`gateway did not start: ${status.error}`);
    const minted = app.localGateway.mint({ name: 'sdk-tests', providers: [...PROVIDER_IDS] });
    h.app = app;
    h.url = status.url;
    h.secret = minted.secret;
    h.keyName = 'sdk-tests';
    h.rows = (where = '1') =>
      app.db
        .prepare(
          `SELECT c.*, p.provider, p.endpoint, p.operation, p.model, p.client FROM calls c
           JOIN call_profiles p ON p.id = c.profile_id WHERE ${where} ORDER BY c.id`,
        )
        .all() as LedgerRow[];
    h.last = (provider) => {
      const r = h.rows(`p.provider = '${provider}'`).at(-1);
      if (!r) throw new Error(`no ledger row for ${provider}`);
      return r;
    };
  });
  afterAll(async () => {
    await h.app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return h;
}
