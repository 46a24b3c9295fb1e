// Checking a key against the provider's free endpoint. The checker is injected: the composition
// root binds it to main/providers/<id>/health.ts through the gateway; tests bind a loopback fake.
import type { FailureReason, IntegrationProvider } from '../../preload/contract/integrations';
import { redactSecrets } from '../core/redact';
import { ProviderError, type Credential, type ProviderErrorKind } from '../gateway/types';

export type HealthResult = { ok: true; latencyMs: number } | { ok: false; kind: ProviderErrorKind; message: string };

/** Authenticates `credential` against `provider`'s free endpoint. May also throw a ProviderError. */
export type HealthChecker = (
  provider: IntegrationProvider,
  credential: Credential,
  signal: AbortSignal,
) => Promise<HealthResult>;

export type CheckOutcome =
  | { ok: true; latencyMs: number }
  | { ok: false; reason: FailureReason; kind: ProviderErrorKind | null; message: string; latencyMs: number };

const REASONS: Partial<Record<ProviderErrorKind, FailureReason>> = {
  auth: 'bad_key',
  permission: 'no_access',
  quota: 'out_of_credits',
  payment_required: 'out_of_credits',
  rate_limited: 'rate_limited',
  network: 'no_network',
  timeout: 'timeout',
  aborted: 'timeout',
  server: 'provider_down',
  overloaded: 'provider_down',
};

export const reasonFor = (kind: ProviderErrorKind): FailureReason => REASONS[kind] ?? 'unexpected';

export const REASON_TEXT: Record<FailureReason, string> = {
  bad_key: 'the provider rejected this key',
  no_access: 'the key is valid but its plan or scope lacks access to this API',
  out_of_credits: 'the key is valid but the account is out of credits or quota',
  rate_limited: 'the provider is rate limiting this key right now; try again later',
  no_network: 'the provider could not be reached (no network, or a wrong base URL)',
  timeout: 'the provider did not answer in time',
  provider_down: 'the provider is having trouble (server error)',
  key_missing: 'the key is no longer in its secret store',
  unexpected: 'the check failed unexpectedly',
};

/** Provider text is shown to the user and stored: strip anything key-shaped and the secret itself. */
export function sanitizeMessage(message: string, secret: string): string {
  const withoutSecret = secret ? message.split(secret).join('[redacted]') : message;
  return redactSecrets(withoutSecret).slice(0, 300);
}

const failure = (
  kind: ProviderErrorKind | null,
  reason: FailureReason,
  message: string,
  latencyMs: number,
): CheckOutcome => ({
  ok: false,
  reason,
  kind,
  message,
  latencyMs,
});

/** Runs one check with a deadline; never throws. A checker that ignores the signal still loses the race. */
export async function runCheck(
  checker: HealthChecker,
  provider: IntegrationProvider,
  credential: Credential,
  opts: { timeoutMs: number; signal?: AbortSignal },
): Promise<CheckOutcome> {
  const deadline = AbortSignal.timeout(opts.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, deadline]) : deadline;
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const aborted = new Promise<never>((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
  try {
    const result = await Promise.race([checker(provider, credential, signal), aborted]);
    if (result.ok) return { ok: true, latencyMs: Math.max(0, Math.round(result.latencyMs)) };
    return failure(result.kind, reasonFor(result.kind), sanitizeMessage(result.message, credential.secret), elapsed());
  } catch (e) {
    if (e instanceof ProviderError)
      return failure(e.kind, reasonFor(e.kind), sanitizeMessage(e.message, credential.secret), elapsed());
    if (deadline.aborted) return failure('timeout', 'timeout', `no answer within ${opts.timeoutMs} ms`, elapsed());
    if (signal.aborted) return failure('aborted', 'timeout', 'the check was cancelled', elapsed());
    const text = e instanceof Error ? e.message : String(e);
    return failure(null, 'unexpected', sanitizeMessage(text, credential.secret), elapsed());
  } finally {
    // Keep the losing promise from surfacing as an unhandled rejection.
    aborted.catch(() => undefined);
  }
}
