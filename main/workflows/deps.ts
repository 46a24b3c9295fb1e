// What every workflow step needs: the content library, registered files, the provider access (real keys, or
// the built-in fakes in demo mode) and the database (to read ledger costs of multi-call steps).
import type { ContentLibrary } from '../content/library';
import type { Db } from '../db/database';
import type { FileRegistry } from '../files/registry';
import type { ProviderAccess } from '../providers/access';

export interface WorkflowDeps {
  db: Db;
  content: ContentLibrary;
  files: FileRegistry;
  providers: ProviderAccess;
}

/** The models each step asks for. Kept in one place so estimates and calls agree. */
export const WORKFLOW_MODELS = {
  openai: 'gpt-4.1-mini',
  anthropic: 'claude-sonnet-4-5',
  transcription: 'whisper-1',
  tts: 'eleven_multilingual_v2',
} as const;

/** Output-token ceilings (also what the estimate reserves). */
export const MAX_OUTPUT_TOKENS = { analyse: 1_200, rewrite: 2_000, generate: 2_000, research: 1_500 } as const;
