// Limit settings: the seed's per-operation hourly caps per account and optional per-provider request
// rates (token buckets), persisted in rate_limit_config and merged over the defaults.
import type { Db } from '../db/database';
import { AppError } from '../core/errors';
import { PROVIDER_IDS, type ProviderId } from '../gateway/types';

export interface ProviderRate {
  /** Sustained requests per second. */
  perSecond: number;
  /** Bucket size: how many may go at once after a quiet spell. */
  burst: number;
}

export interface LimitsConfig {
  /** Calls per hour per account, by operation; null = not limited. Operations not listed get `defaultHourly`. */
  hourly: Record<string, number | null>;
  defaultHourly: number;
  providerRates: Partial<Record<ProviderId, ProviderRate | null>>;
}

export const DEFAULT_LIMITS: LimitsConfig = {
  hourly: {
    // The seed's limits.
    content_analysis: 100,
    script_generation: 50,
    voice_generation: 20,
    video_generation: 10,
    research: 30,
    // Every other operation the app makes, sized from the providers' published limits so a normal session never
    // hits them (each is a per-account safety cap, editable on the Limits screen):
    // embeddings are cheap and come in bulk (OpenAI tier 1 allows 3,000 requests a minute).
    embeddings: 3_000,
    // One per recording chunk: a 2-hour recording in 25 MiB chunks is about 50 calls.
    transcription: 200,
    // Apollo's free plan allows 200 enrichment calls an hour (docs.apollo.io rate limits).
    enrichment: 200,
    // Uploads are free and precede every avatar or audio-driven render.
    asset_upload: 200,
    avatar_creation: 20,
    video_translation: 10,
    // Twilio queues a long code at about 1 message a second; this caps a runaway loop, not a campaign.
    messaging: 300,
    // Free bookkeeping calls (integration checks, balances, vendor reconciliation) are not product actions.
    health: null,
    account: null,
    // Other tools' calls through the local gateway: limited per virtual key (rate, budgets) instead.
    gateway: null,
    // Reconciliation lookups (one /generation or message fetch per call, usage reports): free, never capped.
    reconcile: null,
  },
  defaultHourly: 10,
  providerRates: {
    // Exa: 10 QPS on /search and /answer (providers-media.md §3, exa.ai/docs rate limits).
    exa: { perSecond: 10, burst: 10 },
  },
};

const CONFIG_KEY = 'limits';
const OPERATION = /^[a-z0-9_.:-]{1,64}$/;

export function validateLimits(c: LimitsConfig): LimitsConfig {
  for (const [op, v] of Object.entries(c.hourly)) {
    if (!OPERATION.test(op)) throw new AppError('invalid_input', `Invalid operation name "${op.slice(0, 64)}"`);
    if (v !== null && (!Number.isInteger(v) || v < 1 || v > 1_000_000))
      throw new AppError('invalid_input', `Hourly limit for ${op} must be a whole number from 1, or null for no limit`);
  }
  if (!Number.isInteger(c.defaultHourly) || c.defaultHourly < 1 || c.defaultHourly > 1_000_000)
    throw new AppError('invalid_input', 'The default hourly limit must be a whole number from 1');
  for (const [p, r] of Object.entries(c.providerRates)) {
    if (!(PROVIDER_IDS as readonly string[]).includes(p)) throw new AppError('invalid_input', `Unknown provider ${p}`);
    if (
      r &&
      (!(r.perSecond > 0) || r.perSecond > 10_000 || !Number.isInteger(r.burst) || r.burst < 1 || r.burst > 10_000)
    ) {
      throw new AppError('invalid_input', `Rate for ${p} needs perSecond > 0 and a whole burst from 1`);
    }
  }
  return c;
}

export class LimitsConfigStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  load(): LimitsConfig {
    const row = this.db
      .prepare<[string], { value: string }>('SELECT value FROM rate_limit_config WHERE key = ?')
      .get(CONFIG_KEY);
    if (!row) return structuredClone(DEFAULT_LIMITS);
    const saved = JSON.parse(row.value) as Partial<LimitsConfig>;
    return {
      // Operations added to the defaults since the user saved get their default; the user's values win.
      hourly: { ...DEFAULT_LIMITS.hourly, ...saved.hourly },
      defaultHourly: saved.defaultHourly ?? DEFAULT_LIMITS.defaultHourly,
      providerRates: saved.providerRates ?? { ...DEFAULT_LIMITS.providerRates },
    };
  }

  save(c: LimitsConfig): void {
    validateLimits(c);
    this.db
      .prepare(
        'INSERT INTO rate_limit_config (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
      )
      .run(CONFIG_KEY, JSON.stringify(c), this.now().toISOString());
  }
}
