import type { Migration } from '../migrator';

// Integrations keep metadata only: the secret lives in the store named by `backend` under `secret_ref`.
// `vault_secrets` holds safeStorage ciphertext (the Electron fallback), never plain text.
export const integrationsMigration: Migration = {
  version: 3,
  name: 'integrations',
  up: `
    CREATE TABLE integrations (
      id TEXT PRIMARY KEY,
      provider TEXT NOT NULL,
      label TEXT NOT NULL DEFAULT '',
      auth_kind TEXT NOT NULL CHECK (auth_kind IN ('api_key', 'twilio_auth_token', 'twilio_api_key')),
      account_id TEXT,
      key_id TEXT,
      secret_ref TEXT NOT NULL,
      backend TEXT NOT NULL CHECK (backend IN ('keychain', 'safe_storage', 'memory')),
      masked_suffix TEXT NOT NULL,
      is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
      status TEXT NOT NULL CHECK (status IN ('healthy', 'failing', 'unchecked', 'unavailable')),
      last_check_at TEXT,
      latency_ms INTEGER,
      last_error_reason TEXT,
      last_error_kind TEXT,
      last_error TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX integrations_provider ON integrations (provider, created_at);
    CREATE UNIQUE INDEX integrations_one_default ON integrations (provider) WHERE is_default = 1;

    CREATE TABLE vault_secrets (
      account TEXT PRIMARY KEY,
      ciphertext BLOB NOT NULL,
      storage_backend TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
  `,
};
