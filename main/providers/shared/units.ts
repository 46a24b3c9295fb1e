// Helpers for building exclusive Units and estimates shared by the LLM providers.
import type { Units } from '../../gateway/types';

/** Drops zero and undefined buckets so a ledger row lists only what was billed. */
export function compactUnits(units: Units): Units {
  const out: Units = {};
  for (const [k, v] of Object.entries(units) as [keyof Units, number | undefined][]) {
    if (v !== undefined && v > 0) out[k] = v;
  }
  return out;
}

/** Rough token count for text we saw but were not billed for yet (aborted streams): ~4 chars per token. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * An upper bound on the tokens a prompt can cost: BPE tokens are at least one byte each, plus a
 * per-message framing allowance. Used for worst-case budget reservations, never for billing.
 */
export function promptTokenBound(texts: string[], perMessageOverhead = 8): number {
  return texts.reduce((sum, t) => sum + Buffer.byteLength(t, 'utf8') + perMessageOverhead, 0);
}
