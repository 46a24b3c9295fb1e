// Cost per content piece: every ledger row a workflow makes carries the piece (calls.content_id), so a piece's
// spend is the sum of its rows, split by operation (one per workflow step: content_analysis, research,
// script_generation, transcription, voice_generation, video_generation…). Unpriced rows are counted, never $0.
import type { Db } from '../db/database';

export interface PieceStepCost {
  operation: string;
  costNanos: number;
  /** Attempts (every retry and fallback attempt is a row). */
  attempts: number;
  unpricedAttempts: number;
}

export interface PieceCost {
  contentId: string;
  totalNanos: number;
  attempts: number;
  unpricedAttempts: number;
  byStep: PieceStepCost[];
}

/** The dashboard's period and filters (the same fields as its summary; '' = no model / the app's own calls). */
export interface SpendByPieceQuery {
  from: number;
  to: number;
  provider?: string | undefined;
  integrationId?: string | undefined;
  model?: string | undefined;
  operation?: string | undefined;
  client?: string | undefined;
}

export interface PieceSpend {
  contentId: string;
  costNanos: number;
  /** First attempts (what the dashboard counts as calls). */
  calls: number;
  attempts: number;
  errors: number;
  unpricedAttempts: number;
}

export class PieceCosts {
  private readonly byStepStmt;
  private readonly byPieceStmt;

  constructor(db: Db) {
    this.byStepStmt = db.prepare<
      [string],
      { operation: string; cost: number; attempts: number; unpriced: number; first_ts: number }
    >(
      `SELECT p.operation AS operation, COALESCE(SUM(c.cost_nanos), 0) AS cost, COUNT(*) AS attempts,
              SUM(c.cost_nanos IS NULL) AS unpriced, MIN(c.ts) AS first_ts
         FROM calls c JOIN call_profiles p ON p.id = c.profile_id
        WHERE c.content_id = ?
        GROUP BY p.operation ORDER BY first_ts`,
    );
    // The partial calls_content index keeps this to the rows that carry a piece, whatever the ledger's size.
    this.byPieceStmt = db.prepare<
      Record<string, string | number | null>,
      { content_id: string; cost: number; calls: number; attempts: number; errors: number; unpriced: number }
    >(
      `SELECT c.content_id AS content_id, COALESCE(SUM(c.cost_nanos), 0) AS cost, SUM(c.attempt = 1) AS calls,
              COUNT(*) AS attempts, SUM(c.error_code IS NOT NULL) AS errors, SUM(c.cost_nanos IS NULL) AS unpriced
         FROM calls c INDEXED BY calls_content JOIN call_profiles p ON p.id = c.profile_id
        WHERE c.content_id IS NOT NULL AND c.ts >= @from AND c.ts < @to
          AND (@provider IS NULL OR p.provider = @provider)
          AND (@integrationId IS NULL OR p.integration_id = @integrationId)
          AND (@model IS NULL OR p.model = @model)
          AND (@operation IS NULL OR p.operation = @operation)
          AND (@client IS NULL OR p.client = @client)
        GROUP BY c.content_id ORDER BY cost DESC, attempts DESC`,
    );
  }

  /** Spend per piece in a period, dearest first (rows without a piece are not listed). */
  byPiece(q: SpendByPieceQuery): PieceSpend[] {
    return this.byPieceStmt
      .all({
        from: q.from,
        to: q.to,
        provider: q.provider ?? null,
        integrationId: q.integrationId ?? null,
        model: q.model ?? null,
        operation: q.operation ?? null,
        client: q.client ?? null,
      })
      .map((r) => ({
        contentId: r.content_id,
        costNanos: r.cost,
        calls: r.calls,
        attempts: r.attempts,
        errors: r.errors,
        unpricedAttempts: r.unpriced,
      }));
  }

  /** The piece's spend, in the order its steps first ran. */
  of(contentId: string): PieceCost {
    const byStep = this.byStepStmt.all(contentId).map((r) => ({
      operation: r.operation,
      costNanos: r.cost,
      attempts: r.attempts,
      unpricedAttempts: r.unpriced,
    }));
    return {
      contentId,
      totalNanos: byStep.reduce((n, s) => n + s.costNanos, 0),
      attempts: byStep.reduce((n, s) => n + s.attempts, 0),
      unpricedAttempts: byStep.reduce((n, s) => n + s.unpricedAttempts, 0),
      byStep,
    };
  }
}
