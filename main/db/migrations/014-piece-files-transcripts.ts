import type { Migration } from '../migrator';

// Dropped files kept with their piece (they used to live only in the page's memory), and transcripts with
// versions like scripts: a transcription never overwrites what a person typed, it adds a version.
// Both tables belong to main/content/.
export const pieceFilesTranscriptsMigration: Migration = {
  version: 14,
  name: 'piece-files-transcripts',
  up: `
    CREATE TABLE piece_files (
      content_id TEXT NOT NULL REFERENCES content_pieces(id) ON DELETE CASCADE,
      file_id TEXT NOT NULL REFERENCES files(id) ON DELETE CASCADE,
      added_at TEXT NOT NULL,
      PRIMARY KEY (content_id, file_id)
    ) STRICT;
    CREATE INDEX piece_files_file ON piece_files (file_id);

    CREATE TABLE transcript_versions (
      content_id TEXT NOT NULL REFERENCES content_pieces(id) ON DELETE CASCADE,
      version INTEGER NOT NULL CHECK (version > 0),
      body TEXT NOT NULL,
      origin TEXT NOT NULL CHECK (origin IN ('manual', 'transcription', 'restore')),
      model TEXT,
      file_id TEXT,
      job_id TEXT,
      note TEXT,
      created_at TEXT NOT NULL,
      PRIMARY KEY (content_id, version)
    ) STRICT;
  `,
};
