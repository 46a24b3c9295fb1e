import type { Migration } from '../migrator';

export const settingsMigration: Migration = {
  version: 1,
  name: 'settings',
  up: `
    CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
  `,
};
