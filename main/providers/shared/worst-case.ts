// Worst-case cost of an LLM call for the budget reservation: bounded prompt tokens and the
// requested max output tokens priced with @pydantic/genai-prices' bundled (offline) tables.
// Only a reservation: the ledger is priced by the Pricer from the units actually billed.
import { calcPrice } from '@pydantic/genai-prices';
import type { Nanos } from '../../gateway/types';

export interface WorstCaseInput {
  /** genai-prices provider id ("openai", "anthropic", "perplexity", "openrouter"). */
  priceProvider: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  /** Fixed extras already known in nano-USD (per-request fees, tool calls). */
  extraNanos?: Nanos;
}

/** Null when the model has no known price (the call then reserves nothing it cannot bound). */
export function worstCaseNanos(input: WorstCaseInput): Nanos | null {
  try {
    const result = calcPrice({ input_tokens: input.inputTokens, output_tokens: input.outputTokens }, input.model, {
      providerId: input.priceProvider,
    });
    if (result === null || !Number.isFinite(result.total_price)) return null;
    // Round the float product first so 12.0000000001 nanos does not become 13.
    const nanos = Math.ceil(Math.round(result.total_price * 1e9 * 1000) / 1000);
    return nanos + (input.extraNanos ?? 0);
  } catch {
    return null;
  }
}
