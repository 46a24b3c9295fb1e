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

export class PieceCosts {
  private readonly byStepStmt;

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
