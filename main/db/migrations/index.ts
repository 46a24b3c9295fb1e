// The app's schema history, in order. Append only: never edit a migration that has shipped.
import type { Migration } from '../migrator';
import { settingsMigration } from './001-settings';

export const migrations: readonly Migration[] = [settingsMigration];
