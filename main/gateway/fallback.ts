// Explicit fallback chains (e.g. OpenAI then Anthropic for script writing): try each provider in order, move on only
// for failures another provider could fix, and report which provider served the call.
import { isAppError } from '../core/errors';
import { ProviderError, type GatewayResult, type ProviderErrorKind, type ProviderId } from './types';

export interface FallbackStep<T> {
  provider: ProviderId;
  run: () => Promise<GatewayResult<T>>;
}

export interface FallbackFailure {
  provider: ProviderId;
  error: unknown;
}

export interface FallbackResult<T> extends GatewayResult<T> {
  servedBy: ProviderId;
  /** Providers tried before the one that served, with why each failed. */
  failures: FallbackFailure[];
}

/** The request itself is at fault, or the user cancelled: another provider would fail the same way. */
const NO_FALLBACK_KINDS = new Set<ProviderErrorKind>(['bad_request', 'content_policy', 'limit_exceeded', 'aborted']);

export function defaultShouldFallBack(error: unknown): boolean {
  if (error instanceof ProviderError) return !NO_FALLBACK_KINDS.has(error.kind);
  // Our own limiter or a provider missing from the gateway: another provider may be free. Budgets and bad input: never.
  if (isAppError(error)) return error.code === 'rate_limited' || error.code === 'unavailable';
  return false; // a bug is not hidden behind a second provider
}

export async function withFallback<T>(
  chain: ReadonlyArray<FallbackStep<T>>,
  shouldFallBack: (error: unknown) => boolean = defaultShouldFallBack,
): Promise<FallbackResult<T>> {
  if (chain.length === 0) throw new Error('withFallback needs at least one provider');
  const failures: FallbackFailure[] = [];
  for (const step of chain) {
    try {
      const result = await step.run();
      return { ...result, servedBy: step.provider, failures };
    } catch (error) {
      failures.push({ provider: step.provider, error });
      if (!shouldFallBack(error)) throw error;
    }
  }
  // Every provider failed in a way that allowed falling back: the last error stands for all.
  throw failures.at(-1)?.error;
}
