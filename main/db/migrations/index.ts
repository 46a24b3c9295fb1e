// The app's schema history, in order. Append only: never edit a migration that has shipped.
import type { Migration } from '../migrator';
import { settingsMigration } from './001-settings';
import { ledgerMigration } from './002-ledger';
import { integrationsMigration } from './003-integrations';
import { contentJobsMigration } from './004-content-jobs';
import { providerLatencyMigration } from './005-provider-latency';
import { totalHourlyMigration } from './006-total-hourly';
import { telemetryOutboxMigration } from './007-telemetry-outbox';
import { reconcileMigration } from './008-reconcile';
import { writeAheadMigration } from './009-write-ahead';
import { telemetryOutboxRefsMigration } from './010-telemetry-outbox-refs';
import { callsCallIdMigration } from './011-calls-call-id';
import { callLogIndexesMigration } from './012-call-log-indexes';
import { localGatewayMigration } from './013-local-gateway';
import { pieceFilesTranscriptsMigration } from './014-piece-files-transcripts';

export const migrations: readonly Migration[] = [
  settingsMigration,
  ledgerMigration,
  integrationsMigration,
  contentJobsMigration,
  providerLatencyMigration,
  totalHourlyMigration,
  telemetryOutboxMigration,
  reconcileMigration,
  writeAheadMigration,
  telemetryOutboxRefsMigration,
  callsCallIdMigration,
  callLogIndexesMigration,
  localGatewayMigration,
  pieceFilesTranscriptsMigration,
];
