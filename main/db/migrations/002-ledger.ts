import type { Migration } from '../migrator';

// The cost ledger (one row per attempt), its hourly rollups, settlement history, budgets and their
// reservations and alerts, user price overrides and rate-limit settings.
//
// Layout choices (5M-row scale): the low-cardinality text of a call (provider, integration, operation,
// endpoint, method, model) lives once in `call_profiles`; `calls` carries its integer id. Every
// provider/model/operation/integration/text filter resolves to a set of profile ids, served by one
// (profile_id, ts) index. Units are exclusive-bucket columns named `u_<Units key>`.
// Value columns shared by the hourly and daily rollups (a frozen copy: this migration must not follow code changes).
const ROLLUP_COLUMNS = [
  'attempts INTEGER NOT NULL',
  'calls INTEGER NOT NULL', // first attempts only
  'errors INTEGER NOT NULL',
  'priced INTEGER NOT NULL',
  'unpriced INTEGER NOT NULL',
  'estimated INTEGER NOT NULL',
  'reported INTEGER NOT NULL',
  'cost_nanos INTEGER NOT NULL', // sum over priced rows only
  ...[
    'input_tokens',
    'cached_input_tokens',
    'cache_write_5m_tokens',
    'cache_write_1h_tokens',
    'output_tokens',
    'reasoning_tokens',
    'audio_input_tokens',
    'characters',
  ].map((u) => `u_${u} INTEGER NOT NULL`),
  'u_seconds REAL NOT NULL',
  'u_segments INTEGER NOT NULL',
  'u_minutes REAL NOT NULL',
  'u_requests INTEGER NOT NULL',
  'u_credits REAL NOT NULL',
  'u_web_searches INTEGER NOT NULL',
  'latency_sum_ms REAL NOT NULL',
  'request_bytes INTEGER NOT NULL',
  'response_bytes INTEGER NOT NULL',
  ...Array.from({ length: 16 }, (_, i) => `lat_${i} INTEGER NOT NULL`),
].join(',\n      ');

export const ledgerMigration: Migration = {
  version: 2,
  name: 'ledger',
  up: `
    CREATE TABLE call_profiles (
      id INTEGER PRIMARY KEY,
      provider TEXT NOT NULL,
      integration_id TEXT NOT NULL, -- '' = no integration
      operation TEXT NOT NULL,
      endpoint TEXT NOT NULL,
      method TEXT NOT NULL,
      model TEXT NOT NULL, -- '' = no model
      UNIQUE (provider, integration_id, operation, endpoint, method, model)
    ) STRICT;

    CREATE TABLE calls (
      id INTEGER PRIMARY KEY,
      profile_id INTEGER NOT NULL REFERENCES call_profiles (id),
      call_id TEXT NOT NULL,
      root_id INTEGER, -- row id of attempt 1 of the same call; NULL on first attempts
      attempt INTEGER NOT NULL CHECK (attempt >= 1),
      ts INTEGER NOT NULL, -- epoch ms at attempt start
      status INTEGER,
      latency_ms REAL NOT NULL,
      request_bytes INTEGER,
      response_bytes INTEGER NOT NULL,
      error_code TEXT,
      error_message TEXT,
      u_input_tokens INTEGER,
      u_cached_input_tokens INTEGER,
      u_cache_write_5m_tokens INTEGER,
      u_cache_write_1h_tokens INTEGER,
      u_output_tokens INTEGER,
      u_reasoning_tokens INTEGER,
      u_audio_input_tokens INTEGER,
      u_characters INTEGER,
      u_seconds REAL,
      u_segments INTEGER,
      u_minutes REAL,
      u_requests INTEGER,
      u_credits REAL,
      u_web_searches INTEGER,
      cost_nanos INTEGER,
      cost_source TEXT NOT NULL CHECK (cost_source IN ('provider_reported', 'computed', 'estimated', 'unpriced')),
      price_version TEXT,
      flags INTEGER NOT NULL DEFAULT 0, -- 1 = units estimated, 2 = free endpoint
      provider_request_id TEXT,
      job_id TEXT,
      content_id TEXT,
      meta TEXT, -- JSON object, redacted
      CHECK ((cost_nanos IS NULL) = (cost_source = 'unpriced'))
    ) STRICT;
    CREATE INDEX calls_ts ON calls (ts);
    CREATE INDEX calls_profile_ts ON calls (profile_id, ts);
    CREATE INDEX calls_error_ts ON calls (ts) WHERE error_code IS NOT NULL;
    CREATE INDEX calls_error_profile_ts ON calls (profile_id, ts) WHERE error_code IS NOT NULL;
    CREATE INDEX calls_root ON calls (root_id) WHERE root_id IS NOT NULL;
    CREATE INDEX calls_job ON calls (job_id) WHERE job_id IS NOT NULL;
    CREATE INDEX calls_content ON calls (content_id) WHERE content_id IS NOT NULL;
    -- Substring search over error rows' code and message (trigram index, rowid = calls.id; no copy of the text).
    CREATE VIRTUAL TABLE calls_error_text USING fts5 (text, content = '', tokenize = 'trigram');

    -- Rollups, written in the same transaction as every insert or cost change of calls (charts and budgets
    -- read only these): hour x profile (the finest), UTC day x profile (long ranges), hour x provider (the
    -- daily cost chart, re-bucketed into local days). lat_0..lat_15 is a latency histogram (bounds in
    -- main/ledger/rollups.ts) for p50/p95 without raw rows.
    CREATE TABLE call_rollups_hourly (
      hour INTEGER NOT NULL, -- floor(ts / 3600000), UTC
      profile_id INTEGER NOT NULL,
      ${ROLLUP_COLUMNS},
      PRIMARY KEY (hour, profile_id)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE call_rollups_daily (
      day INTEGER NOT NULL, -- floor(ts / 86400000), UTC
      profile_id INTEGER NOT NULL,
      ${ROLLUP_COLUMNS},
      PRIMARY KEY (day, profile_id)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE call_rollups_provider_hourly (
      hour INTEGER NOT NULL,
      provider TEXT NOT NULL,
      attempts INTEGER NOT NULL,
      calls INTEGER NOT NULL,
      errors INTEGER NOT NULL,
      priced INTEGER NOT NULL,
      unpriced INTEGER NOT NULL,
      cost_nanos INTEGER NOT NULL,
      PRIMARY KEY (hour, provider)
    ) STRICT, WITHOUT ROWID;

    -- Every change of a recorded cost (late provider price, explicit re-pricing), oldest first.
    CREATE TABLE call_cost_history (
      id INTEGER PRIMARY KEY,
      call_row_id INTEGER NOT NULL REFERENCES calls (id),
      changed_at INTEGER NOT NULL,
      reason TEXT NOT NULL CHECK (reason IN ('settlement', 'reprice')),
      old_cost_nanos INTEGER,
      old_cost_source TEXT NOT NULL,
      old_price_version TEXT,
      new_cost_nanos INTEGER,
      new_cost_source TEXT NOT NULL,
      new_price_version TEXT
    ) STRICT;
    CREATE INDEX call_cost_history_row ON call_cost_history (call_row_id);

    CREATE TABLE price_overrides (
      id INTEGER PRIMARY KEY,
      provider TEXT NOT NULL,
      model TEXT NOT NULL, -- exact id, 'prefix*' or '*'
      unit TEXT NOT NULL, -- a Units key
      nanos_per_block INTEGER NOT NULL CHECK (nanos_per_block >= 0),
      block_size INTEGER NOT NULL CHECK (block_size IN (1, 1000, 1000000)),
      effective_from INTEGER NOT NULL, -- epoch ms
      note TEXT NOT NULL DEFAULT '',
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      UNIQUE (provider, model, unit, effective_from)
    ) STRICT;

    CREATE TABLE budgets (
      id INTEGER PRIMARY KEY,
      scope TEXT NOT NULL CHECK (scope IN ('overall', 'provider', 'integration')),
      scope_id TEXT NOT NULL, -- '' for overall
      period TEXT NOT NULL CHECK (period IN ('month', 'day')),
      limit_nanos INTEGER NOT NULL CHECK (limit_nanos > 0),
      mode TEXT NOT NULL CHECK (mode IN ('hard', 'soft')),
      thresholds TEXT NOT NULL, -- JSON array of percents
      enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      UNIQUE (scope, scope_id, period)
    ) STRICT;

    -- Open worst-case reservations of in-flight calls; deleted when the call settles or expires.
    CREATE TABLE budget_reservations (
      id TEXT PRIMARY KEY,
      call_id TEXT NOT NULL,
      provider TEXT NOT NULL,
      integration_id TEXT NOT NULL, -- '' = none
      amount_nanos INTEGER NOT NULL CHECK (amount_nanos >= 0),
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE budget_alerts (
      id INTEGER PRIMARY KEY,
      budget_id INTEGER NOT NULL REFERENCES budgets (id) ON DELETE CASCADE,
      period_key TEXT NOT NULL,
      threshold INTEGER NOT NULL,
      spent_nanos INTEGER NOT NULL,
      limit_nanos INTEGER NOT NULL,
      created_at INTEGER NOT NULL,
      UNIQUE (budget_id, period_key, threshold)
    ) STRICT;
    CREATE INDEX budget_alerts_created ON budget_alerts (created_at);

    CREATE TABLE rate_limit_config (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL, -- JSON
      updated_at TEXT NOT NULL
    ) STRICT;
  `,
};
