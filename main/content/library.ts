// The content library: one object holding every store, built over the app's database.
import type { Db } from '../db/database';
import type { Clock } from '../jobs/types';
import { createMediaStore } from './media';
import { createAvatarStore, createVoiceStore } from './models';
import { createPersonaStore } from './personas';
import { createPieceFileStore } from './piece-files';
import { createPieceStore } from './pieces';
import { createAnalysisStore, createResearchStore } from './results';
import { createScriptStore } from './scripts';
import { createTranscriptStore } from './transcripts';

export function createContentLibrary(db: Db, dataDir: string, clock: Clock) {
  const pieces = createPieceStore(db, clock);
  return {
    pieces,
    pieceFiles: createPieceFileStore(db, clock),
    transcripts: createTranscriptStore(db, clock, pieces),
    analyses: createAnalysisStore(db, clock),
    research: createResearchStore(db, clock),
    personas: createPersonaStore(db, clock),
    scripts: createScriptStore(db, clock),
    voices: createVoiceStore(db, clock),
    avatars: createAvatarStore(db, clock),
    media: createMediaStore(db, dataDir, clock),
  };
}

export type ContentLibrary = ReturnType<typeof createContentLibrary>;
