// Provider results stored per piece: analyses (schema-checked JSON, served provider recorded) and
// research (perspectives with their citations). Written by workflow jobs in main, read over IPC.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  analysisSchema,
  perspectiveSchema,
  RESEARCH_KINDS,
  type Analysis,
  type AnalysisRecord,
  type Perspective,
  type ResearchRecord,
} from '../../preload/contract/content';
import { providerIdSchema, type IntegrationProvider } from '../../preload/contract/integrations';
import type { Db } from '../db/database';
import type { Clock } from '../jobs/types';
import { flag, found, fromJson, validated } from './rows';

export interface ResultOrigin {
  /** The provider that actually answered (after any fallback). */
  provider: IntegrationProvider;
  model: string | null;
  demo: boolean;
  jobId: string | null;
}

interface AnalysisRow {
  id: string;
  content_id: string;
  provider: IntegrationProvider;
  model: string | null;
  data: string;
  is_demo: number;
  job_id: string | null;
  created_at: string;
}

interface ResearchRow {
  id: string;
  content_id: string | null;
  kind: ResearchRecord['kind'];
  topic: string;
  perspectives: string;
  provider: IntegrationProvider;
  model: string | null;
  is_demo: number;
  job_id: string | null;
  created_at: string;
}

const toAnalysis = (r: AnalysisRow): AnalysisRecord => ({
  id: r.id,
  contentId: r.content_id,
  provider: r.provider,
  model: r.model,
  analysis: fromJson<Analysis>(r.data),
  demo: flag(r.is_demo),
  jobId: r.job_id,
  createdAt: r.created_at,
});

const toResearch = (r: ResearchRow): ResearchRecord => ({
  id: r.id,
  contentId: r.content_id,
  kind: r.kind,
  topic: r.topic,
  perspectives: fromJson<Perspective[]>(r.perspectives),
  provider: r.provider,
  model: r.model,
  demo: flag(r.is_demo),
  jobId: r.job_id,
  createdAt: r.created_at,
});

const originSchema = z.object({
  provider: providerIdSchema,
  model: z.string().max(200).nullable(),
  demo: z.boolean(),
  jobId: z.string().nullable(),
});

export function createAnalysisStore(db: Db, clock: Clock) {
  const byId = db.prepare<[string], AnalysisRow>('SELECT * FROM analyses WHERE id = ?');
  const get = (id: string) => toAnalysis(found(byId.get(id), 'analysis', id));
  return {
    /** `analysis` is checked against the schema here, so a malformed model answer is never stored. */
    save(contentId: string, analysis: unknown, origin: ResultOrigin): AnalysisRecord {
      found(db.prepare('SELECT 1 FROM content_pieces WHERE id = ?').get(contentId), 'content piece', contentId);
      const data = validated(analysisSchema, analysis, 'Analysis');
      const o = validated(originSchema, origin, 'Analysis origin');
      const id = randomUUID();
      db.prepare(
        'INSERT INTO analyses (id, content_id, provider, model, data, is_demo, job_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ).run(
        id,
        contentId,
        o.provider,
        o.model,
        JSON.stringify(data),
        o.demo ? 1 : 0,
        o.jobId,
        clock.now().toISOString(),
      );
      return get(id);
    },
    get,
    list(contentId: string): AnalysisRecord[] {
      return db
        .prepare<[string], AnalysisRow>(
          'SELECT * FROM analyses WHERE content_id = ? ORDER BY created_at DESC, rowid DESC',
        )
        .all(contentId)
        .map(toAnalysis);
    },
    delete(id: string): boolean {
      return db.prepare('DELETE FROM analyses WHERE id = ?').run(id).changes > 0;
    },
  };
}

const researchInputSchema = z.object({
  contentId: z.string().nullable(),
  kind: z.enum(RESEARCH_KINDS),
  topic: z.string().trim().min(1).max(1_000),
  perspectives: z.array(perspectiveSchema).min(1).max(20),
});
export type ResearchInput = z.input<typeof researchInputSchema>;

export function createResearchStore(db: Db, clock: Clock) {
  const byId = db.prepare<[string], ResearchRow>('SELECT * FROM research_results WHERE id = ?');
  const get = (id: string) => toResearch(found(byId.get(id), 'research result', id));
  return {
    save(input: ResearchInput, origin: ResultOrigin): ResearchRecord {
      const r = validated(researchInputSchema, input, 'Research result');
      const o = validated(originSchema, origin, 'Research origin');
      if (r.contentId !== null)
        found(db.prepare('SELECT 1 FROM content_pieces WHERE id = ?').get(r.contentId), 'content piece', r.contentId);
      const id = randomUUID();
      db.prepare(
        `INSERT INTO research_results (id, content_id, kind, topic, perspectives, provider, model, is_demo, job_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        id,
        r.contentId,
        r.kind,
        r.topic,
        JSON.stringify(r.perspectives),
        o.provider,
        o.model,
        o.demo ? 1 : 0,
        o.jobId,
        clock.now().toISOString(),
      );
      return get(id);
    },
    get,
    list(filter: { contentId?: string; kind?: ResearchRecord['kind'] }): ResearchRecord[] {
      const where: string[] = [];
      const args: string[] = [];
      if (filter.contentId) {
        where.push('content_id = ?');
        args.push(filter.contentId);
      }
      if (filter.kind) {
        where.push('kind = ?');
        args.push(filter.kind);
      }
      const sql = `SELECT * FROM research_results ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, rowid DESC`;
      return db
        .prepare<string[], ResearchRow>(sql)
        .all(...args)
        .map(toResearch);
    },
    delete(id: string): boolean {
      return db.prepare('DELETE FROM research_results WHERE id = ?').run(id).changes > 0;
    },
  };
}

export type AnalysisStore = ReturnType<typeof createAnalysisStore>;
export type ResearchStore = ReturnType<typeof createResearchStore>;
