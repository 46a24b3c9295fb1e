// Budget definitions: monthly or daily limits per scope (everything, one provider, one integration).
import type { Db } from '../db/database';
import { AppError } from '../core/errors';
import { PROVIDER_IDS } from '../gateway/types';

export type BudgetScope = 'overall' | 'provider' | 'integration';
export type BudgetPeriod = 'month' | 'day';
export type BudgetMode = 'hard' | 'soft';

export const DEFAULT_THRESHOLDS = [50, 80, 100] as const;

export interface Budget {
  id: number;
  scope: BudgetScope;
  /** Provider id or integration id; '' for overall. */
  scopeId: string;
  period: BudgetPeriod;
  limitNanos: number;
  mode: BudgetMode;
  /** Percent thresholds that raise an alert once per period. */
  thresholds: number[];
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export type BudgetFields = Omit<Budget, 'id' | 'createdAt' | 'updatedAt'>;

interface Row {
  id: number;
  scope: BudgetScope;
  scope_id: string;
  period: BudgetPeriod;
  limit_nanos: number;
  mode: BudgetMode;
  thresholds: string;
  enabled: number;
  created_at: string;
  updated_at: string;
}

const toBudget = (r: Row): Budget => ({
  id: r.id,
  scope: r.scope,
  scopeId: r.scope_id,
  period: r.period,
  limitNanos: r.limit_nanos,
  mode: r.mode,
  thresholds: JSON.parse(r.thresholds) as number[],
  enabled: r.enabled === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function normalizeBudget(f: BudgetFields): BudgetFields {
  const scopeId = f.scope === 'overall' ? '' : f.scopeId.trim();
  if (f.scope === 'provider' && !(PROVIDER_IDS as readonly string[]).includes(scopeId)) {
    throw new AppError('invalid_input', `Unknown provider "${scopeId.slice(0, 40)}" for a provider budget`);
  }
  if (f.scope === 'integration' && scopeId === '')
    throw new AppError('invalid_input', 'An integration budget needs the integration id');
  if (!Number.isSafeInteger(f.limitNanos) || f.limitNanos <= 0)
    throw new AppError('invalid_input', 'The limit must be a positive amount');
  const thresholds = [...new Set(f.thresholds)].sort((a, b) => a - b);
  if (thresholds.some((t) => !Number.isInteger(t) || t < 1 || t > 1_000))
    throw new AppError('invalid_input', 'Thresholds are whole percents between 1 and 1000');
  return { ...f, scopeId, thresholds };
}

/** The worst case reserved for a call of unknown cost (an operation without a computable bound). */
export interface OperationCap {
  provider: string;
  endpoint: string;
  capNanos: number;
  updatedAt: string;
}

/** Changes per connection (any repository instance on it), so the service can cache what it reads. */
const versions = new WeakMap<Db, number>();

export class BudgetRepository {
  /** Bumped on every change made on this connection; other connections' changes show in PRAGMA data_version. */
  get version(): number {
    return versions.get(this.db) ?? 0;
  }

  private bump(): void {
    versions.set(this.db, this.version + 1);
  }

  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  caps(): OperationCap[] {
    return this.db
      .prepare<[], { provider: string; endpoint: string; cap_nanos: number; updated_at: string }>(
        'SELECT * FROM budget_operation_caps ORDER BY provider, endpoint',
      )
      .all()
      .map((r) => ({ provider: r.provider, endpoint: r.endpoint, capNanos: r.cap_nanos, updatedAt: r.updated_at }));
  }

  /** Sets (or with null removes) the cap of one operation. */
  setCap(provider: string, endpoint: string, capNanos: number | null): void {
    if (!(PROVIDER_IDS as readonly string[]).includes(provider))
      throw new AppError('invalid_input', `Unknown provider "${provider.slice(0, 40)}"`);
    if (capNanos !== null && (!Number.isSafeInteger(capNanos) || capNanos <= 0))
      throw new AppError('invalid_input', 'A cap must be a positive amount');
    if (capNanos === null)
      this.db.prepare('DELETE FROM budget_operation_caps WHERE provider = ? AND endpoint = ?').run(provider, endpoint);
    else
      this.db
        .prepare(
          `INSERT INTO budget_operation_caps (provider, endpoint, cap_nanos, updated_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (provider, endpoint) DO UPDATE SET cap_nanos = excluded.cap_nanos, updated_at = excluded.updated_at`,
        )
        .run(provider, endpoint, capNanos, this.now().toISOString());
    this.bump();
  }

  list(): Budget[] {
    return this.db.prepare<[], Row>('SELECT * FROM budgets ORDER BY scope, scope_id, period').all().map(toBudget);
  }

  enabled(): Budget[] {
    return this.db.prepare<[], Row>('SELECT * FROM budgets WHERE enabled = 1').all().map(toBudget);
  }

  get(id: number): Budget {
    const r = this.db.prepare<[number], Row>('SELECT * FROM budgets WHERE id = ?').get(id);
    if (!r) throw new AppError('not_found', `No budget ${id}`);
    return toBudget(r);
  }

  create(fields: BudgetFields): Budget {
    const f = normalizeBudget(fields);
    const at = this.now().toISOString();
    try {
      const info = this.db
        .prepare(
          `INSERT INTO budgets (scope, scope_id, period, limit_nanos, mode, thresholds, enabled, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          f.scope,
          f.scopeId,
          f.period,
          f.limitNanos,
          f.mode,
          JSON.stringify(f.thresholds),
          f.enabled ? 1 : 0,
          at,
          at,
        );
      this.bump();
      return this.get(Number(info.lastInsertRowid));
    } catch (e) {
      throw conflict(e);
    }
  }

  update(id: number, patch: Partial<BudgetFields>): Budget {
    const cur = this.get(id);
    const f = normalizeBudget({ ...cur, ...patch });
    try {
      this.db
        .prepare(
          `UPDATE budgets SET scope = ?, scope_id = ?, period = ?, limit_nanos = ?, mode = ?, thresholds = ?, enabled = ?, updated_at = ?
           WHERE id = ?`,
        )
        .run(
          f.scope,
          f.scopeId,
          f.period,
          f.limitNanos,
          f.mode,
          JSON.stringify(f.thresholds),
          f.enabled ? 1 : 0,
          this.now().toISOString(),
          id,
        );
    } catch (e) {
      throw conflict(e);
    }
    this.bump();
    return this.get(id);
  }

  delete(id: number): boolean {
    const deleted = this.db.prepare('DELETE FROM budgets WHERE id = ?').run(id).changes > 0;
    this.bump();
    return deleted;
  }
}

function conflict(e: unknown): unknown {
  if (e instanceof Error && /UNIQUE constraint failed/.test(e.message)) {
    return new AppError('conflict', 'A budget for this scope and period already exists');
  }
  return e;
}
