// What prompt caching saved, in nano-USD: per model, cache reads priced at the uncached input rate minus at
// the cached rate, less the premium cache writes paid over plain input. Rates come from the app's pricer at
// one instant (the end of the range), so the figure reads "at today's prices", not what was charged then.
import type { Pricer } from '../gateway/deps';
import { PROVIDER_IDS, type ProviderId, type Units } from '../gateway/types';

/**
 * Tokens priced per rate probe. Below every long-context tier threshold (128k/200k), so the probe gets the
 * base rate an ordinary request pays; large enough that integer nanos keep the rate exact to ~1e-5 nano/token.
 */
const PROBE_TOKENS = 100_000;

type CacheUnit = 'input_tokens' | 'cached_input_tokens' | 'cache_write_5m_tokens' | 'cache_write_1h_tokens';

export interface ModelUsage {
  provider: string;
  model: string | null;
  units: Units;
}

export interface CacheSavings {
  /** Net saving over the models that could be priced (may be negative when write premiums exceed read savings). */
  savedNanos: number;
  /** Cache reads and writes (tokens) of the priced models only. */
  pricedReadTokens: number;
  pricedWriteTokens: number;
  /** Models with cache tokens whose rates the pricer does not know: left out of savedNanos, never counted as $0. */
  unpriced: Array<{ provider: string; model: string | null; readTokens: number; writeTokens: number }>;
}

const isProvider = (p: string): p is ProviderId => (PROVIDER_IDS as readonly string[]).includes(p);

export function cacheSavings(pricer: Pricer | null, usage: readonly ModelUsage[], at: Date): CacheSavings {
  const out: CacheSavings = { savedNanos: 0, pricedReadTokens: 0, pricedWriteTokens: 0, unpriced: [] };
  let saved = 0;
  for (const { provider, model, units } of usage) {
    const reads = units.cached_input_tokens ?? 0;
    const writes5m = units.cache_write_5m_tokens ?? 0;
    const writes1h = units.cache_write_1h_tokens ?? 0;
    if (reads + writes5m + writes1h === 0) continue;
    const ratePerToken = (unit: CacheUnit): number | null => {
      if (!pricer || !isProvider(provider)) return null;
      const nanos = pricer.price({ provider, model, units: { [unit]: PROBE_TOKENS }, at }).costNanos;
      return nanos === null ? null : nanos / PROBE_TOKENS;
    };
    const input = ratePerToken('input_tokens');
    const cached = reads ? ratePerToken('cached_input_tokens') : 0;
    const write5m = writes5m ? ratePerToken('cache_write_5m_tokens') : 0;
    const write1h = writes1h ? ratePerToken('cache_write_1h_tokens') : 0;
    if (input === null || cached === null || write5m === null || write1h === null) {
      out.unpriced.push({ provider, model, readTokens: reads, writeTokens: writes5m + writes1h });
      continue;
    }
    saved += reads * (input - cached) - writes5m * (write5m - input) - writes1h * (write1h - input);
    out.pricedReadTokens += reads;
    out.pricedWriteTokens += writes5m + writes1h;
  }
  out.savedNanos = Math.round(saved);
  return out;
}
