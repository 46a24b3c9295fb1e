import type { Migration } from '../migrator';

// Workflow steps that get call ids back (ElevenLabs speak) sum those calls' attempts: an index on call_id
// makes that a lookup instead of a scan of the whole ledger. The ledger's retry-root lookup uses it too.
export const callsCallIdMigration: Migration = {
  version: 11,
  name: 'calls-call-id',
  up: 'CREATE INDEX calls_call_id ON calls (call_id);',
};
