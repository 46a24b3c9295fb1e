// The `integrations` table: metadata about each key. Never the secret.
import type { AuthKind, FailureReason, IntegrationProvider } from '../../preload/contract/integrations';
import type { Db } from '../db/database';
import type { SecretBackend } from '../vault/types';

export type IntegrationStatus = 'healthy' | 'failing' | 'unchecked' | 'unavailable';

export interface IntegrationRow {
  id: string;
  provider: IntegrationProvider;
  label: string;
  authKind: AuthKind;
  accountId: string | null;
  keyId: string | null;
  secretRef: string;
  backend: SecretBackend;
  maskedSuffix: string;
  isDefault: boolean;
  status: IntegrationStatus;
  lastCheckAt: string | null;
  latencyMs: number | null;
  lastErrorReason: FailureReason | null;
  lastErrorKind: string | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CheckRecord {
  status: IntegrationStatus;
  at: string;
  latencyMs: number | null;
  error: { reason: FailureReason; kind: string | null; message: string } | null;
}

type RawRow = Omit<IntegrationRow, 'isDefault'> & { isDefault: number };

const COLUMNS = `id, provider, label, auth_kind AS authKind, account_id AS accountId, key_id AS keyId, secret_ref AS secretRef,
  backend, masked_suffix AS maskedSuffix, is_default AS isDefault, status, last_check_at AS lastCheckAt, latency_ms AS latencyMs,
  last_error_reason AS lastErrorReason, last_error_kind AS lastErrorKind, last_error AS lastError, created_at AS createdAt, updated_at AS updatedAt`;

const fromRaw = (r: RawRow): IntegrationRow => ({ ...r, isDefault: r.isDefault === 1 });

export class IntegrationRepository {
  constructor(private readonly db: Db) {}

  all(): IntegrationRow[] {
    return this.db
      .prepare<[], RawRow>(`SELECT ${COLUMNS} FROM integrations ORDER BY provider, created_at, id`)
      .all()
      .map(fromRaw);
  }

  get(id: string): IntegrationRow | null {
    const row = this.db.prepare<[string], RawRow>(`SELECT ${COLUMNS} FROM integrations WHERE id = ?`).get(id);
    return row ? fromRaw(row) : null;
  }

  defaultFor(provider: IntegrationProvider): IntegrationRow | null {
    const row = this.db
      .prepare<[string], RawRow>(`SELECT ${COLUMNS} FROM integrations WHERE provider = ? AND is_default = 1`)
      .get(provider);
    return row ? fromRaw(row) : null;
  }

  countFor(provider: IntegrationProvider): number {
    return (
      this.db
        .prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM integrations WHERE provider = ?')
        .get(provider) as { n: number }
    ).n;
  }

  insert(row: IntegrationRow): void {
    this.db
      .prepare(
        `INSERT INTO integrations (id, provider, label, auth_kind, account_id, key_id, secret_ref, backend, masked_suffix, is_default, status,
           last_check_at, latency_ms, last_error_reason, last_error_kind, last_error, created_at, updated_at)
         VALUES (@id, @provider, @label, @authKind, @accountId, @keyId, @secretRef, @backend, @maskedSuffix, @isDefault, @status,
           @lastCheckAt, @latencyMs, @lastErrorReason, @lastErrorKind, @lastError, @createdAt, @updatedAt)`,
      )
      .run({ ...row, isDefault: row.isDefault ? 1 : 0 });
  }

  /** After a replaced secret: new identifiers, suffix, backend and a fresh check. */
  updateCredential(
    id: string,
    fields: Pick<IntegrationRow, 'label' | 'authKind' | 'accountId' | 'keyId' | 'backend' | 'maskedSuffix'>,
    check: CheckRecord,
  ): void {
    this.db
      .prepare(
        `UPDATE integrations SET label = @label, auth_kind = @authKind, account_id = @accountId, key_id = @keyId, backend = @backend,
           masked_suffix = @maskedSuffix, updated_at = @at WHERE id = @id`,
      )
      .run({ id, at: check.at, ...fields });
    this.recordCheck(id, check);
  }

  recordCheck(id: string, check: CheckRecord): void {
    this.db
      .prepare(
        `UPDATE integrations SET status = ?, last_check_at = ?, latency_ms = ?, last_error_reason = ?, last_error_kind = ?, last_error = ?
         WHERE id = ?`,
      )
      .run(
        check.status,
        check.at,
        check.latencyMs,
        check.error?.reason ?? null,
        check.error?.kind ?? null,
        check.error?.message ?? null,
        id,
      );
  }

  setDefault(id: string, provider: IntegrationProvider, at: string): void {
    this.db
      .prepare(
        'UPDATE integrations SET is_default = 0, updated_at = ? WHERE provider = ? AND is_default = 1 AND id <> ?',
      )
      .run(at, provider, id);
    this.db.prepare('UPDATE integrations SET is_default = 1, updated_at = ? WHERE id = ?').run(at, id);
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM integrations WHERE id = ?').run(id);
  }

  /** The oldest remaining key of the provider, promoted when the default is removed. */
  oldestFor(provider: IntegrationProvider): IntegrationRow | null {
    const row = this.db
      .prepare<[string], RawRow>(
        `SELECT ${COLUMNS} FROM integrations WHERE provider = ? ORDER BY created_at, id LIMIT 1`,
      )
      .get(provider);
    return row ? fromRaw(row) : null;
  }
}
