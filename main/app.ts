// Composition root for main's services: plain Node, shared by the Electron glue and web mode.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createEventBus, type EventBus } from './core/events';
import type { Logger } from './core/logger';
import { assembleHandlers, createRouter, type Router, type Sender } from './core/router';
import { openDatabase, type Db } from './db/database';
import { migrate } from './db/migrator';
import { migrations } from './db/migrations';
import { systemHandlers } from './system/handlers';
import { createSettingsStore, type SettingsStore } from './system/settings';
import { APP_VERSION } from './version';

export interface AppOptions {
  dataDir: string;
  mode: 'electron' | 'web';
  demo?: boolean;
  logger: Logger;
  isTrustedSender: (sender: Sender) => boolean;
  now?: () => Date;
}

export interface AppServices {
  db: Db;
  dbPath: string;
  router: Router;
  events: EventBus;
  settings: SettingsStore;
  close(): void;
}

export const DATABASE_FILE = 'aicon.sqlite';

export function createApp(opts: AppOptions): AppServices {
  const now = opts.now ?? (() => new Date());
  mkdirSync(opts.dataDir, { recursive: true });
  const dbPath = join(opts.dataDir, DATABASE_FILE);
  const db = openDatabase(dbPath);
  const applied = migrate(db, migrations, now);
  if (applied.length) opts.logger.info(`database: applied migrations ${applied.join(', ')}`);
  const settings = createSettingsStore(db, now);
  const events = createEventBus();
  const handlers = assembleHandlers(
    systemHandlers(
      { db, dbPath, dataDir: opts.dataDir, mode: opts.mode, demo: opts.demo ?? false, version: APP_VERSION, migrations, startedAt: now() },
      now,
    ),
  );
  const router = createRouter({ handlers, isTrustedSender: opts.isTrustedSender, logger: opts.logger });
  return {
    db,
    dbPath,
    router,
    events,
    settings,
    close() {
      if (db.open) db.close();
    },
  };
}
