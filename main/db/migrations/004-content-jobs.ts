import type { Migration } from '../migrator';

// Content library, registered files and durable jobs. JSON columns hold arrays/objects validated in
// main before they are written. content_pieces has an integer rowid alias (seq) so the external-
// content FTS5 index stays valid across VACUUM.
export const contentJobsMigration: Migration = {
  version: 4,
  name: 'content-jobs',
  up: `
    CREATE TABLE files (
      id TEXT PRIMARY KEY,
      path TEXT NOT NULL,
      origin TEXT NOT NULL CHECK (origin IN ('local', 'upload')),
      name TEXT NOT NULL,
      purpose TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('audio', 'image', 'video')),
      mime TEXT NOT NULL,
      ext TEXT NOT NULL,
      size_bytes INTEGER NOT NULL CHECK (size_bytes > 0),
      mtime_ms INTEGER NOT NULL,
      sha256 TEXT,
      checksum_job_id TEXT,
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX files_purpose ON files (purpose, created_at);

    CREATE TABLE content_pieces (
      seq INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      title TEXT NOT NULL,
      platform TEXT NOT NULL,
      url TEXT,
      description TEXT NOT NULL DEFAULT '',
      transcript TEXT NOT NULL DEFAULT '',
      tags TEXT NOT NULL DEFAULT '[]',
      is_demo INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
      source_file_id TEXT REFERENCES files(id) ON DELETE SET NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX content_pieces_updated ON content_pieces (updated_at);

    CREATE VIRTUAL TABLE content_fts USING fts5(
      title, description, transcript, tags,
      content = 'content_pieces', content_rowid = 'seq', tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER content_pieces_fts_insert AFTER INSERT ON content_pieces BEGIN
      INSERT INTO content_fts (rowid, title, description, transcript, tags)
      VALUES (new.seq, new.title, new.description, new.transcript, new.tags);
    END;
    CREATE TRIGGER content_pieces_fts_delete AFTER DELETE ON content_pieces BEGIN
      INSERT INTO content_fts (content_fts, rowid, title, description, transcript, tags)
      VALUES ('delete', old.seq, old.title, old.description, old.transcript, old.tags);
    END;
    CREATE TRIGGER content_pieces_fts_update AFTER UPDATE ON content_pieces BEGIN
      INSERT INTO content_fts (content_fts, rowid, title, description, transcript, tags)
      VALUES ('delete', old.seq, old.title, old.description, old.transcript, old.tags);
      INSERT INTO content_fts (rowid, title, description, transcript, tags)
      VALUES (new.seq, new.title, new.description, new.transcript, new.tags);
    END;

    CREATE TABLE jobs (
      id TEXT PRIMARY KEY,
      seq INTEGER NOT NULL UNIQUE,
      kind TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled')),
      priority INTEGER NOT NULL DEFAULT 0,
      progress REAL NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 1),
      progress_message TEXT,
      attempts INTEGER NOT NULL DEFAULT 0,
      estimated_cost_nanos INTEGER,
      actual_cost_nanos INTEGER,
      checkpoint TEXT NOT NULL DEFAULT '{}',
      input TEXT NOT NULL DEFAULT '{}',
      output TEXT,
      error_code TEXT,
      error_message TEXT,
      content_id TEXT REFERENCES content_pieces(id) ON DELETE SET NULL,
      parent_id TEXT REFERENCES jobs(id) ON DELETE SET NULL,
      run_after TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      started_at TEXT,
      finished_at TEXT
    ) STRICT;
    CREATE INDEX jobs_ready ON jobs (state, priority DESC, seq);
    CREATE INDEX jobs_content ON jobs (content_id);
    CREATE INDEX jobs_parent ON jobs (parent_id);

    CREATE TABLE analyses (
      id TEXT PRIMARY KEY,
      content_id TEXT NOT NULL REFERENCES content_pieces(id) ON DELETE CASCADE,
      provider TEXT NOT NULL,
      model TEXT,
      data TEXT NOT NULL,
      is_demo INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
      job_id TEXT REFERENCES jobs(id) ON DELETE SET NULL,
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX analyses_content ON analyses (content_id, created_at);

    CREATE TABLE research_results (
      id TEXT PRIMARY KEY,
      content_id TEXT REFERENCES content_pieces(id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('perspectives', 'trends')),
      topic TEXT NOT NULL,
      perspectives TEXT NOT NULL,
      provider TEXT NOT NULL,
      model TEXT,
      is_demo INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
      job_id TEXT REFERENCES jobs(id) ON DELETE SET NULL,
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX research_results_content ON research_results (content_id, created_at);

    CREATE TABLE personas (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      voice TEXT NOT NULL DEFAULT '',
      audience TEXT NOT NULL DEFAULT '',
      dos TEXT NOT NULL DEFAULT '[]',
      donts TEXT NOT NULL DEFAULT '[]',
      sample_posts TEXT NOT NULL DEFAULT '[]',
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE scripts (
      id TEXT PRIMARY KEY,
      title TEXT NOT NULL,
      content_id TEXT REFERENCES content_pieces(id) ON DELETE SET NULL,
      persona_id TEXT REFERENCES personas(id) ON DELETE SET NULL,
      current_version INTEGER NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX scripts_content ON scripts (content_id);
    CREATE TABLE script_versions (
      script_id TEXT NOT NULL REFERENCES scripts(id) ON DELETE CASCADE,
      version INTEGER NOT NULL CHECK (version > 0),
      body TEXT NOT NULL,
      note TEXT,
      origin TEXT NOT NULL CHECK (origin IN ('manual', 'rewrite', 'generate')),
      provider TEXT,
      model TEXT,
      is_demo INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
      job_id TEXT REFERENCES jobs(id) ON DELETE SET NULL,
      created_at TEXT NOT NULL,
      PRIMARY KEY (script_id, version)
    ) STRICT;

    CREATE TABLE voice_models (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      provider TEXT NOT NULL CHECK (provider = 'elevenlabs'),
      remote_id TEXT,
      status TEXT NOT NULL CHECK (status IN ('pending', 'ready', 'failed')),
      error_message TEXT,
      sample_file_ids TEXT NOT NULL DEFAULT '[]',
      is_demo INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE avatar_models (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      provider TEXT NOT NULL CHECK (provider = 'heygen'),
      remote_id TEXT,
      status TEXT NOT NULL CHECK (status IN ('pending', 'ready', 'failed')),
      error_message TEXT,
      photo_file_ids TEXT NOT NULL DEFAULT '[]',
      is_demo INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE generated_media (
      id TEXT PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('audio', 'video', 'image')),
      mime TEXT NOT NULL,
      path TEXT NOT NULL,
      size_bytes INTEGER NOT NULL,
      sha256 TEXT NOT NULL,
      duration_seconds REAL,
      content_id TEXT REFERENCES content_pieces(id) ON DELETE SET NULL,
      script_id TEXT REFERENCES scripts(id) ON DELETE SET NULL,
      job_id TEXT REFERENCES jobs(id) ON DELETE SET NULL,
      provider TEXT,
      remote_id TEXT,
      is_demo INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX generated_media_content ON generated_media (content_id, created_at);
  `,
};
