import type { Migration } from '../migrator';

// Reconciliation (main/reconcile owns these): every vendor fetch with its typed outcome, the drift per provider
// and period computed from the latest good fetch, the latest balance/quota per provider with its warning
// threshold, balance alerts (once per provider, period and threshold), and which ledger rows were already
// checked against a per-call vendor record (OpenRouter /generation, Twilio message/call price).
export const reconcileMigration: Migration = {
  version: 8,
  name: 'reconcile',
  up: `
    CREATE TABLE reconcile_fetches (
      id INTEGER PRIMARY KEY,
      provider TEXT NOT NULL,
      period TEXT NOT NULL, -- YYYY-MM (UTC)
      fetched_at INTEGER NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('ok', 'unauthorised', 'failed', 'offline', 'no_key', 'not_offered', 'per_call')),
      error_kind TEXT,
      message TEXT NOT NULL DEFAULT '',
      reading TEXT, -- JSON VendorReading when state is ok
      origin TEXT NOT NULL DEFAULT 'live' CHECK (origin IN ('live', 'demo'))
    ) STRICT;
    CREATE INDEX reconcile_fetches_provider ON reconcile_fetches (provider, period, fetched_at);

    CREATE TABLE reconcile_drift (
      provider TEXT NOT NULL,
      period TEXT NOT NULL,
      computed_at INTEGER NOT NULL,
      state TEXT NOT NULL,
      window_from INTEGER NOT NULL,
      window_to INTEGER NOT NULL,
      ledger_nanos INTEGER NOT NULL,
      vendor_nanos INTEGER, -- NULL = no vendor figure (failed, not offered, per-call truth)
      drift TEXT NOT NULL, -- JSON parts and notes
      origin TEXT NOT NULL DEFAULT 'live',
      PRIMARY KEY (provider, period)
    ) STRICT;

    CREATE TABLE reconcile_balances (
      provider TEXT PRIMARY KEY,
      fetched_at INTEGER NOT NULL,
      unit TEXT NOT NULL CHECK (unit IN ('usd', 'credits', 'characters')),
      remaining REAL NOT NULL,
      total REAL,
      used REAL,
      period_start INTEGER,
      resets_at INTEGER,
      warn_percent INTEGER NOT NULL DEFAULT 20 CHECK (warn_percent BETWEEN 0 AND 100),
      origin TEXT NOT NULL DEFAULT 'live'
    ) STRICT;

    CREATE TABLE reconcile_alerts (
      id INTEGER PRIMARY KEY,
      provider TEXT NOT NULL,
      period_key TEXT NOT NULL,
      threshold INTEGER NOT NULL,
      remaining REAL NOT NULL,
      unit TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      UNIQUE (provider, period_key, threshold)
    ) STRICT;

    CREATE TABLE reconcile_checked_calls (
      call_row_id INTEGER PRIMARY KEY,
      checked_at INTEGER NOT NULL,
      outcome TEXT NOT NULL -- settled | unchanged | pending | missing
    ) STRICT;
  `,
};
