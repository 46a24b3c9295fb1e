import type { Migration } from '../migrator';

// The local gateway (main/local-gateway/): virtual keys handed to the creator's own tools, and a "client"
// dimension on call profiles so every ledger row says which tool made the call ('' = the app itself).
// The client joins the profile's UNIQUE key, so call_profiles is rebuilt (ids kept: calls and rollups point at them).
export const localGatewayMigration: Migration = {
  version: 13,
  name: 'local-gateway',
  rebuildsReferencedTable: true,
  up: `
    CREATE TABLE call_profiles_new (
      id INTEGER PRIMARY KEY,
      provider TEXT NOT NULL,
      integration_id TEXT NOT NULL, -- '' = no integration
      operation TEXT NOT NULL,
      endpoint TEXT NOT NULL,
      method TEXT NOT NULL,
      model TEXT NOT NULL, -- '' = no model
      client TEXT NOT NULL DEFAULT '', -- '' = the app; else the virtual key's name (local gateway)
      UNIQUE (provider, integration_id, operation, endpoint, method, model, client)
    ) STRICT;
    INSERT INTO call_profiles_new (id, provider, integration_id, operation, endpoint, method, model)
      SELECT id, provider, integration_id, operation, endpoint, method, model FROM call_profiles;
    DROP TABLE call_profiles;
    ALTER TABLE call_profiles_new RENAME TO call_profiles;

    CREATE TABLE local_gateway_keys (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL UNIQUE, -- also the ledger's client label, so never reused
      secret_hash TEXT NOT NULL UNIQUE, -- sha256 of the key; the key itself is shown once and never stored
      hint TEXT NOT NULL, -- last 4 characters, to tell keys apart
      providers TEXT NOT NULL, -- JSON array of allowed provider ids
      budget_day_nanos INTEGER,
      budget_month_nanos INTEGER,
      rate_per_minute INTEGER,
      capture_bodies INTEGER NOT NULL DEFAULT 0,
      expires_at INTEGER,
      revoked_at INTEGER,
      created_at INTEGER NOT NULL,
      last_used_at INTEGER
    ) STRICT;
  `,
};
