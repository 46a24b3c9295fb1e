// Worst-case cost of an LLM call for the budget reservation: bounded prompt tokens and the
// requested max output tokens priced with @pydantic/genai-prices' bundled (offline) tables.
// Only a reservation: the ledger is priced by the Pricer from the units actually billed. The model's price comes
// from the pricing module's cached lookup (matching a model id against the snapshot is the costly part, per call).
import type { Nanos } from '../../gateway/types';
import { bundledModelPrice, priceWith } from '../../pricing/genai';

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
    const model = bundledModelPrice(input.priceProvider, input.model, new Date());
    if (model === null) return null;
    const usd = priceWith(model.price, { input_tokens: input.inputTokens, output_tokens: input.outputTokens });
    if (usd === null) return null;
    // Round the float product first so 12.0000000001 nanos does not become 13.
    const nanos = Math.ceil(Math.round(usd * 1e9 * 1000) / 1000);
    return nanos + (input.extraNanos ?? 0);
  } catch {
    return null;
  }
}
