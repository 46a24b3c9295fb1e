// The app's schema history, in order. Append only: never edit a migration that has shipped.
import type { Migration } from '../migrator';
import { settingsMigration } from './001-settings';
import { ledgerMigration } from './002-ledger';
import { integrationsMigration } from './003-integrations';
import { contentJobsMigration } from './004-content-jobs';
import { providerLatencyMigration } from './005-provider-latency';
import { totalHourlyMigration } from './006-total-hourly';
import { localGatewayMigration } from './007-local-gateway';

export const migrations: readonly Migration[] = [
  settingsMigration,
  ledgerMigration,
  integrationsMigration,
  contentJobsMigration,
  providerLatencyMigration,
  totalHourlyMigration,
  localGatewayMigration,
];
