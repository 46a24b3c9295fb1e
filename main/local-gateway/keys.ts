// Virtual keys for the local gateway (owns the local_gateway_keys table). A key is shown once when minted and
// stored only as its SHA-256; the gateway swaps it for the real provider key from the vault on each call.
import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../core/errors';
import type { Db } from '../db/database';
import { PROVIDER_IDS, type ProviderId } from '../gateway/types';

/** Every virtual key starts with this, so a real provider key is recognisable as "not ours" and refused. */
export const VIRTUAL_KEY_PREFIX = 'aicon-vk-';
const NAME = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,47}$/;

export interface VirtualKey {
  id: string;
  /** Also the ledger's client label: unique and never reused, even after a revoke. */
  name: string;
  /** Last 4 characters of the key. */
  hint: string;
  providers: ProviderId[];
  budgetDayNanos: number | null;
  budgetMonthNanos: number | null;
  ratePerMinute: number | null;
  captureBodies: boolean;
  expiresAt: number | null;
  revokedAt: number | null;
  createdAt: number;
  lastUsedAt: number | null;
}

export interface MintInput {
  name: string;
  providers: ProviderId[];
  budgetDayNanos?: number | null;
  budgetMonthNanos?: number | null;
  ratePerMinute?: number | null;
  captureBodies?: boolean;
  expiresAt?: number | null;
}

interface KeyRow {
  id: string;
  name: string;
  hint: string;
  providers: string;
  budget_day_nanos: number | null;
  budget_month_nanos: number | null;
  rate_per_minute: number | null;
  capture_bodies: number;
  expires_at: number | null;
  revoked_at: number | null;
  created_at: number;
  last_used_at: number | null;
}

const toKey = (r: KeyRow): VirtualKey => ({
  id: r.id,
  name: r.name,
  hint: r.hint,
  providers: (JSON.parse(r.providers) as string[]).filter((p): p is ProviderId =>
    (PROVIDER_IDS as readonly string[]).includes(p),
  ),
  budgetDayNanos: r.budget_day_nanos,
  budgetMonthNanos: r.budget_month_nanos,
  ratePerMinute: r.rate_per_minute,
  captureBodies: r.capture_bodies === 1,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
});

export const hashVirtualKey = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** Why a presented key cannot be used; null = usable. */
export type KeyRefusal = 'unknown' | 'revoked' | 'expired' | 'provider_not_allowed';

export class VirtualKeyStore {
  private readonly byHash = new Map<string, VirtualKey>();
  private readonly touchStmt;

  constructor(
    private readonly db: Db,
    private readonly clock: () => number,
  ) {
    this.touchStmt = db.prepare('UPDATE local_gateway_keys SET last_used_at = ? WHERE id = ?');
  }

  list(): VirtualKey[] {
    return this.db
      .prepare<[], KeyRow>('SELECT * FROM local_gateway_keys ORDER BY created_at DESC, name')
      .all()
      .map(toKey);
  }

  get(id: string): VirtualKey {
    const row = this.db.prepare<[string], KeyRow>('SELECT * FROM local_gateway_keys WHERE id = ?').get(id);
    if (!row) throw new AppError('not_found', `No virtual key ${id}`);
    return toKey(row);
  }

  /** Creates a key; the returned secret is the only copy there will ever be. */
  mint(input: MintInput): { key: VirtualKey; secret: string } {
    const name = input.name.trim();
    if (!NAME.test(name))
      throw new AppError('invalid_input', 'A key name is 1-48 letters, digits, spaces, dots, dashes or underscores');
    if (input.providers.length === 0) throw new AppError('invalid_input', 'Allow at least one provider');
    for (const n of [input.budgetDayNanos, input.budgetMonthNanos, input.ratePerMinute]) {
      if (n !== undefined && n !== null && (!Number.isSafeInteger(n) || n <= 0))
        throw new AppError('invalid_input', 'Budgets and rate limits are positive whole numbers');
    }
    if (this.db.prepare('SELECT 1 FROM local_gateway_keys WHERE name = ?').get(name))
      throw new AppError('conflict', `A key named "${name}" exists (names are never reused: the ledger keeps them)`);
    const secret = VIRTUAL_KEY_PREFIX + randomBytes(24).toString('base64url');
    const id = `vk_${randomBytes(6).toString('hex')}`;
    this.db
      .prepare(
        `INSERT INTO local_gateway_keys (id, name, secret_hash, hint, providers, budget_day_nanos, budget_month_nanos,
           rate_per_minute, capture_bodies, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        name,
        hashVirtualKey(secret),
        secret.slice(-4),
        JSON.stringify([...new Set(input.providers)]),
        input.budgetDayNanos ?? null,
        input.budgetMonthNanos ?? null,
        input.ratePerMinute ?? null,
        input.captureBodies ? 1 : 0,
        input.expiresAt ?? null,
        this.clock(),
      );
    this.byHash.clear();
    return { key: this.get(id), secret };
  }

  revoke(id: string): VirtualKey {
    const info = this.db
      .prepare('UPDATE local_gateway_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
      .run(this.clock(), id);
    if (info.changes === 0) this.get(id); // not_found when missing; already revoked is fine
    this.byHash.clear();
    return this.get(id);
  }

  /** Changes a key's limits (name, hash and providers' history stay). */
  update(
    id: string,
    patch: Partial<Pick<MintInput, 'budgetDayNanos' | 'budgetMonthNanos' | 'ratePerMinute' | 'captureBodies'>>,
  ): VirtualKey {
    const k = this.get(id);
    this.db
      .prepare(
        'UPDATE local_gateway_keys SET budget_day_nanos = ?, budget_month_nanos = ?, rate_per_minute = ?, capture_bodies = ? WHERE id = ?',
      )
      .run(
        patch.budgetDayNanos === undefined ? k.budgetDayNanos : patch.budgetDayNanos,
        patch.budgetMonthNanos === undefined ? k.budgetMonthNanos : patch.budgetMonthNanos,
        patch.ratePerMinute === undefined ? k.ratePerMinute : patch.ratePerMinute,
        (patch.captureBodies ?? k.captureBodies) ? 1 : 0,
        id,
      );
    this.byHash.clear();
    return this.get(id);
  }

  /** The key a presented secret names, or why it cannot be used. Lookups are cached by hash. */
  authenticate(secret: string, provider: ProviderId): { key: VirtualKey } | { refusal: KeyRefusal } {
    const hash = hashVirtualKey(secret);
    let key = this.byHash.get(hash);
    if (!key) {
      const row = this.db.prepare<[string], KeyRow>('SELECT * FROM local_gateway_keys WHERE secret_hash = ?').get(hash);
      if (!row) return { refusal: 'unknown' };
      key = toKey(row);
      this.byHash.set(hash, key);
    }
    const now = this.clock();
    if (key.revokedAt !== null) return { refusal: 'revoked' };
    if (key.expiresAt !== null && key.expiresAt <= now) return { refusal: 'expired' };
    if (!key.providers.includes(provider)) return { refusal: 'provider_not_allowed' };
    if (key.lastUsedAt === null || now - key.lastUsedAt > 60_000) {
      key.lastUsedAt = now;
      this.touchStmt.run(now, key.id);
    }
    return { key };
  }
}
