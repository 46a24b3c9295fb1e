// Call profiles: the low-cardinality text of a call (provider, integration, operation, endpoint, method,
// model, client) stored once and referenced by id from every ledger row. Ids are immutable, so every connection
// can cache them; a new profile is inserted inside the caller's write transaction.
import type { Db } from '../db/database';
import { redactSecrets } from '../core/redact';

export interface CallProfile {
  id: number;
  provider: string;
  integrationId: string | null;
  operation: string;
  endpoint: string;
  method: string;
  model: string | null;
  /** The local gateway's virtual key name that made the call; null = the app itself. */
  client: string | null;
}

export interface ProfileKey {
  provider: string;
  integrationId: string | null;
  operation: string;
  endpoint: string;
  method: string;
  model: string | null;
  client?: string | null;
}

interface ProfileRow {
  id: number;
  provider: string;
  integration_id: string;
  operation: string;
  endpoint: string;
  method: string;
  model: string;
  client: string;
}

const MAX_TEXT = 200;
const clean = (s: string): string => redactSecrets(s).slice(0, MAX_TEXT);

const toProfile = (r: ProfileRow): CallProfile => ({
  id: r.id,
  provider: r.provider,
  integrationId: r.integration_id === '' ? null : r.integration_id,
  operation: r.operation,
  endpoint: r.endpoint,
  method: r.method,
  model: r.model === '' ? null : r.model,
  client: r.client === '' ? null : r.client,
});

export class ProfileStore {
  private readonly idsByKey = new Map<string, number>();
  private readonly byId = new Map<number, CallProfile>();
  private maxLoadedId = 0;
  private readonly insertStmt;
  private readonly selectStmt;
  private readonly loadNewerStmt;
  private readonly maxIdStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare(
      `INSERT INTO call_profiles (provider, integration_id, operation, endpoint, method, model, client) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT DO NOTHING`,
    );
    this.selectStmt = db.prepare<[string, string, string, string, string, string, string], { id: number }>(
      `SELECT id FROM call_profiles WHERE provider = ? AND integration_id = ? AND operation = ? AND endpoint = ? AND method = ? AND model = ? AND client = ?`,
    );
    this.loadNewerStmt = db.prepare<[number], ProfileRow>('SELECT * FROM call_profiles WHERE id > ? ORDER BY id');
    this.maxIdStmt = db.prepare<[], { m: number | null }>('SELECT max(id) AS m FROM call_profiles');
  }

  /** The profile id for a call, creating the profile if needed. Must run inside a write transaction. */
  idFor(key: ProfileKey): number {
    const cacheKey = `${key.provider}\u0000${key.integrationId ?? ''}\u0000${key.operation}\u0000${key.endpoint}\u0000${key.method}\u0000${key.model ?? ''}\u0000${key.client ?? ''}`;
    const cached = this.idsByKey.get(cacheKey);
    if (cached !== undefined) return cached;
    const values = [
      clean(key.provider),
      clean(key.integrationId ?? ''),
      clean(key.operation),
      clean(key.endpoint),
      clean(key.method),
      clean(key.model ?? ''),
      clean(key.client ?? ''),
    ] as const;
    this.insertStmt.run(...values);
    const row = this.selectStmt.get(...values);
    if (!row) throw new Error('call profile insert did not persist');
    this.idsByKey.set(cacheKey, row.id);
    return row.id;
  }

  /** All profiles, including ones other connections created since the last look. */
  all(): CallProfile[] {
    this.refresh();
    return [...this.byId.values()];
  }

  get(id: number): CallProfile | undefined {
    if (!this.byId.has(id)) this.refresh();
    return this.byId.get(id);
  }

  private refresh(): void {
    const max = this.maxIdStmt.get()?.m ?? 0;
    if (max <= this.maxLoadedId) return;
    for (const r of this.loadNewerStmt.all(this.maxLoadedId)) {
      this.byId.set(r.id, toProfile(r));
      this.maxLoadedId = r.id;
    }
  }
}
