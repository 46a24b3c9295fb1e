// Client-side limits, checked before a call leaves: per-account hourly caps per operation (a sliding hour)
// and per-provider buckets — a configured request rate plus what the provider's rate-limit headers said
// (remaining/reset per window). A refusal is fast and says when the call may run.
import { AppError } from '../core/errors';
import type { Limiter } from '../gateway/deps';
import type { ProviderId, RateLimitHint } from '../gateway/types';
import { ConcurrencyGate } from './concurrency';
import type { FirstAttempt } from '../ledger/reads';
import type { LimitsConfig, LimitsConfigStore, ProviderRate } from './config';

const HOUR_MS = 3_600_000;
/** When a window says "0 left" without a reset time, wait this long (or the window's own length). */
const UNKNOWN_RESET_MS = 60_000;

interface LearnedWindow {
  remaining: number;
  resetAt: number;
}

interface ProviderState {
  bucket: { tokens: number; at: number } | null;
  /** 'requests', 'tokens' and named windows (Apollo minute/hourly/24-hour). */
  windows: Map<string, LearnedWindow>;
}

export interface LimitsSnapshot {
  usage: Array<{ account: string; operation: string; used: number; limit: number | null; resetsAt: string | null }>;
  learned: Array<{
    provider: string;
    integrationId: string | null;
    windows: Array<{ name: string; remaining: number; resetAt: string }>;
  }>;
}

function windowLengthMs(name: string): number {
  if (/minute/i.test(name)) return 60_000;
  if (/24|day/i.test(name)) return 86_400_000;
  if (/hour/i.test(name)) return HOUR_MS;
  return UNKNOWN_RESET_MS;
}

function whenText(retryAt: number, now: number): string {
  const s = Math.max(1, Math.ceil((retryAt - now) / 1000));
  const rel = s < 90 ? `${s} s` : s < 5_400 ? `${Math.ceil(s / 60)} min` : `${(s / 3600).toFixed(1)} h`;
  return `at ${new Date(retryAt).toISOString()} (in ${rel})`;
}

export class LimiterService implements Limiter {
  private config: LimitsConfig;
  /** account -> operation -> start times (ms, ascending) of calls in the last hour. */
  private readonly recent = new Map<string, Map<string, number[]>>();
  private readonly providers = new Map<string, ProviderState>();
  private readonly concurrency = new ConcurrencyGate();

  constructor(private readonly store: LimitsConfigStore) {
    this.config = store.load();
  }

  /** Rebuilds the last hour from the ledger's first attempts (oldest first), so a restart does not hand out a fresh hour. */
  seedFromLedger(attempts: readonly FirstAttempt[]): void {
    for (const a of attempts) this.log(accountKey(a.provider, a.integrationId), a.operation).push(a.ts);
  }

  get limits(): LimitsConfig {
    return structuredClone(this.config);
  }

  update(patch: Partial<LimitsConfig>): LimitsConfig {
    const next: LimitsConfig = {
      hourly: patch.hourly ?? this.config.hourly,
      defaultHourly: patch.defaultHourly ?? this.config.defaultHourly,
      providerRates: patch.providerRates
        ? { ...this.config.providerRates, ...patch.providerRates }
        : this.config.providerRates,
    };
    this.store.save(next);
    this.config = next;
    // New rates take effect with a full bucket.
    for (const s of this.providers.values()) s.bucket = null;
    return this.limits;
  }

  acquire(input: { provider: ProviderId; operation: string; integrationId: string | null; now: number }): void {
    const { provider, operation, integrationId, now } = input;
    const account = accountKey(provider, integrationId);
    const limit = this.hourlyLimit(operation);
    const log = this.log(account, operation);
    prune(log, now);
    if (limit !== null && log.length >= limit) {
      const retryAt = (log[log.length - limit] ?? now) + HOUR_MS;
      throw new AppError(
        'rate_limited',
        `${operation} is limited to ${limit} calls per hour for this account; the next one can run ${whenText(retryAt, now)}.`,
        {
          retryAt: new Date(retryAt).toISOString(),
          limit: 'hourly',
          operation,
          provider,
          integrationId,
          perHour: limit,
        },
      );
    }

    const state = this.state(provider, integrationId);
    const rate = this.config.providerRates[provider] ?? null;
    refill(state, rate, now);
    for (const [name, w] of state.windows) {
      if (now >= w.resetAt) state.windows.delete(name);
      else if (w.remaining <= 0) {
        throw new AppError(
          'rate_limited',
          `${provider} reported no ${name} left; the next call can run ${whenText(w.resetAt, now)}.`,
          {
            retryAt: new Date(w.resetAt).toISOString(),
            limit: 'provider',
            window: name,
            provider,
            integrationId,
          },
        );
      }
    }
    if (rate && state.bucket && state.bucket.tokens < 1) {
      const retryAt = now + Math.ceil(((1 - state.bucket.tokens) / rate.perSecond) * 1000);
      throw new AppError(
        'rate_limited',
        `${provider} is limited to ${rate.perSecond} requests per second; the next call can run ${whenText(retryAt, now)}.`,
        {
          retryAt: new Date(retryAt).toISOString(),
          limit: 'provider_rate',
          provider,
          integrationId,
        },
      );
    }

    // Every check passed: take the slot everywhere at once.
    log.push(now);
    if (rate && state.bucket) state.bucket.tokens -= 1;
    for (const [name, w] of state.windows) if (name !== 'tokens') w.remaining -= 1;
  }

  learn(provider: ProviderId, integrationId: string | null, hint: RateLimitHint, now: number): void {
    const state = this.state(provider, integrationId);
    const set = (name: string, remaining: number | undefined, resetAt: number | undefined) => {
      if (remaining === undefined || !Number.isFinite(remaining)) return;
      state.windows.set(name, {
        remaining,
        resetAt:
          resetAt !== undefined && Number.isFinite(resetAt) && resetAt > now ? resetAt : now + windowLengthMs(name),
      });
    };
    set('requests', hint.requestsRemaining, hint.requestsResetAt);
    set('tokens', hint.tokensRemaining, hint.tokensResetAt);
    for (const [name, w] of Object.entries(hint.windows ?? {})) set(name, w.remaining, w.resetAt);
    if (hint.concurrency?.limit !== undefined)
      this.concurrency.setLimit(accountKey(provider, integrationId), hint.concurrency.limit);
  }

  slot(provider: ProviderId, integrationId: string | null, signal?: AbortSignal): Promise<() => void> | null {
    return this.concurrency.enter(accountKey(provider, integrationId), signal);
  }

  snapshot(now: number): LimitsSnapshot {
    const usage: LimitsSnapshot['usage'] = [];
    for (const [account, ops] of this.recent) {
      for (const [operation, log] of ops) {
        prune(log, now);
        const oldest = log[0];
        if (oldest === undefined) continue;
        usage.push({
          account,
          operation,
          used: log.length,
          limit: this.hourlyLimit(operation),
          resetsAt: new Date(oldest + HOUR_MS).toISOString(),
        });
      }
    }
    const learned: LimitsSnapshot['learned'] = [];
    for (const [key, s] of this.providers) {
      const windows = [...s.windows]
        .filter(([, w]) => w.resetAt > now)
        .map(([name, w]) => ({ name, remaining: w.remaining, resetAt: new Date(w.resetAt).toISOString() }));
      if (windows.length === 0) continue;
      const [provider, integration] = key.split('\u0000') as [string, string];
      learned.push({ provider, integrationId: integration || null, windows });
    }
    return { usage, learned };
  }

  private hourlyLimit(operation: string): number | null {
    return Object.hasOwn(this.config.hourly, operation)
      ? (this.config.hourly[operation] ?? null)
      : this.config.defaultHourly;
  }

  private log(account: string, operation: string): number[] {
    let ops = this.recent.get(account);
    if (!ops) {
      ops = new Map();
      this.recent.set(account, ops);
    }
    let log = ops.get(operation);
    if (!log) {
      log = [];
      ops.set(operation, log);
    }
    return log;
  }

  private state(provider: string, integrationId: string | null): ProviderState {
    const key = `${provider}\u0000${integrationId ?? ''}`;
    let s = this.providers.get(key);
    if (!s) {
      s = { bucket: null, windows: new Map() };
      this.providers.set(key, s);
    }
    return s;
  }
}

/** An account is an integration; calls without one share their provider's default account. */
const accountKey = (provider: string, integrationId: string | null): string =>
  integrationId ? `integration:${integrationId}` : `provider:${provider}`;

function prune(log: number[], now: number): void {
  const keep = log.findIndex((t) => t > now - HOUR_MS);
  const drop = keep === -1 ? log.length : keep;
  if (drop) log.splice(0, drop);
}

function refill(state: ProviderState, rate: ProviderRate | null, now: number): void {
  if (!rate) return;
  if (!state.bucket) {
    state.bucket = { tokens: rate.burst, at: now };
    return;
  }
  const elapsed = Math.max(0, now - state.bucket.at);
  state.bucket.tokens = Math.min(rate.burst, state.bucket.tokens + (elapsed / 1000) * rate.perSecond);
  state.bucket.at = now;
}
