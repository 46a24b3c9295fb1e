// Numbered migrations, each applied in its own transaction; a failure rolls that one back and stops.
import type { Db } from './database';

export interface Migration {
  version: number;
  name: string;
  up: string | ((db: Db) => void);
  /**
   * Rebuilds a table other tables reference (SQLite's documented 12-step ALTER): foreign keys are switched off
   * around the transaction, and `foreign_key_check` must come back empty before it commits.
   */
  rebuildsReferencedTable?: boolean;
}

export interface AppliedMigration {
  version: number;
  name: string;
  appliedAt: string;
}

export class MigrationError extends Error {
  constructor(
    readonly version: number,
    readonly migrationName: string,
    cause: unknown,
  ) {
    super(`Migration ${version} (${migrationName}) failed: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'MigrationError';
  }
}

function ensureTable(db: Db): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
}

export function validateMigrations(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`Migrations must be numbered 1..n without gaps; found ${m.version} at position ${i + 1}`);
  });
}

export function appliedMigrations(db: Db): AppliedMigration[] {
  ensureTable(db);
  return db
    .prepare('SELECT version, name, applied_at AS appliedAt FROM schema_migrations ORDER BY version')
    .all() as AppliedMigration[];
}

/** Applies pending migrations; returns the versions applied by this call (empty = no-op). */
export function migrate(db: Db, migrations: readonly Migration[], now: () => Date = () => new Date()): number[] {
  validateMigrations(migrations);
  const applied = appliedMigrations(db);
  for (const a of applied) {
    const known = migrations[a.version - 1];
    if (!known)
      throw new Error(
        `Database is at schema version ${a.version}, newer than this app (${migrations.length}). Update the app.`,
      );
    if (known.name !== a.name)
      throw new Error(`Migration ${a.version} is recorded as "${a.name}" but this app calls it "${known.name}"`);
  }
  const done: number[] = [];
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of migrations.slice(applied.length)) {
    const fkWasOn = m.rebuildsReferencedTable === true && db.pragma('foreign_keys', { simple: true }) === 1;
    if (fkWasOn) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        if (typeof m.up === 'string') db.exec(m.up);
        else m.up(db);
        if (m.rebuildsReferencedTable && (db.pragma('foreign_key_check') as unknown[]).length > 0)
          throw new Error('the rebuilt table breaks a foreign key');
        record.run(m.version, m.name, now().toISOString());
      }).immediate();
    } catch (e) {
      throw new MigrationError(m.version, m.name, e);
    } finally {
      if (fkWasOn) db.pragma('foreign_keys = ON');
    }
    done.push(m.version);
  }
  return done;
}
