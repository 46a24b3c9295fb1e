// Demo history: ~90 days of realistic usage across all ten providers, written through the real ledger
// write path (rows + hourly rollups in the same transactions) and priced by the real pricer, so every
// screen reads exactly what it would read after real calls. Deterministic for a given seed and `now`.
import { AppError } from '../core/errors';
import type { Db } from '../db/database';
import type { AttemptRecord, Pricer } from '../gateway/deps';
import type { Units } from '../gateway/types';
import type { Ledger } from '../ledger/ledger';
import { isLedgerEmpty } from '../ledger/reads';
import type { SettingsStore } from '../system/settings';
import { around, createRng, RECIPES, type Recipe, type Rng } from './recipes';
import { seedReconcileDemo } from './reconcile-seed';

/** Settings key set once demo rows exist: the UI and reports label them as demo. */
export const DEMO_SEEDED_SETTING = 'demo.seeded';
export const DEMO_INTEGRATION_ID = 'demo';
/** A second demo key for OpenAI, so the integration filter has something to split. */
export const DEMO_SECOND_INTEGRATION_ID = 'demo-team';

const DAY_MS = 86_400_000;
const BATCH = 2_000;
/** Share of a day's calls per UTC hour: a working-day curve with a quiet night. */
const HOUR_WEIGHTS = [1, 0.6, 0.4, 0.3, 0.3, 0.5, 1, 2, 4, 6, 7, 7, 6, 6, 7, 7, 6, 5, 4, 3, 3, 2.5, 2, 1.5];
const HOURS = HOUR_WEIGHTS.map((_, h) => h);

export interface DemoSeedTarget {
  db: Db;
  ledger: Ledger;
  pricer: Pricer;
  settings: SettingsStore;
}

export interface DemoSeedOptions {
  days?: number;
  /** Epoch ms; the newest row is before it. */
  now?: number;
  seed?: number;
  /** Average calls per day at the end of the range (it grows towards it). */
  callsPerDay?: number;
}

export interface DemoSeedResult {
  calls: number;
  attempts: number;
  from: string;
  to: string;
}

function pickWeighted<T>(rng: Rng, items: readonly T[], weight: (t: T) => number, total: number): T {
  let x = rng() * total;
  for (const it of items) {
    x -= weight(it);
    if (x <= 0) return it;
  }
  const last = items.at(-1);
  if (last === undefined) throw new Error('pickWeighted needs at least one item');
  return last;
}

type Failure = { status: number | null; code: string; message: string; retried: boolean };

/** About 6% of calls hit a failure; retried ones (429, 5xx, timeouts) usually succeed on the next attempt. */
function drawFailure(rng: Rng): Failure | null {
  const x = rng();
  if (x < 0.025)
    return { status: 429, code: 'rate_limited', message: 'Rate limit reached for requests', retried: true };
  if (x < 0.04)
    return { status: 503, code: 'overloaded', message: 'The server is overloaded, try again later', retried: true };
  if (x < 0.05) return { status: null, code: 'timeout', message: 'No response within 60000 ms', retried: true };
  if (x < 0.057)
    return { status: 400, code: 'bad_request', message: 'Invalid request: max_tokens is too large', retried: false };
  if (x < 0.06) return { status: 401, code: 'auth', message: 'Incorrect API key provided', retried: false };
  return null;
}

class CallFactory {
  private n = 0;
  private readonly totalWeight = RECIPES.reduce((s, r) => s + r.weight, 0);

  constructor(
    private readonly rng: Rng,
    private readonly pricer: Pricer,
  ) {}

  /** One logical call: its attempts, oldest first. */
  make(ts: number): AttemptRecord[] {
    const rng = this.rng;
    const recipe = pickWeighted(rng, RECIPES, (r) => r.weight, this.totalWeight);
    const callId = `demo-${(++this.n).toString(36).padStart(6, '0')}`;
    const integrationId =
      recipe.provider === 'openai' && rng() < 0.25 ? DEMO_SECOND_INTEGRATION_ID : DEMO_INTEGRATION_ID;
    const linked =
      recipe.operation === 'video_generation' ||
      recipe.operation === 'voice_generation' ||
      recipe.operation === 'script_generation';
    const job = linked && rng() < 0.6 ? Math.floor(this.n / 7) : null;
    const base = {
      callId,
      provider: recipe.provider,
      operation: recipe.operation,
      endpoint: recipe.endpoint,
      method: recipe.method,
      model: recipe.model,
      integrationId,
      jobId: job === null ? null : `demo-job-${job}`,
      contentId: job === null ? null : `demo-content-${job % 40}`,
    };
    const attempts: AttemptRecord[] = [];
    let at = ts;
    const first = recipe.free ? null : drawFailure(rng);
    if (first) {
      const tries = first.retried ? (rng() < 0.8 ? 1 : 2) : 1;
      for (let i = 0; i < tries; i++) {
        attempts.push(this.failed(base, attempts.length + 1, at, first));
        at += first.status === null ? 60_000 : 1_000 * 2 ** i;
      }
      if (!first.retried) return attempts;
    }
    attempts.push(this.succeeded(base, recipe, attempts.length + 1, at));
    return attempts;
  }

  private failed(base: Base, attempt: number, ts: number, f: Failure): AttemptRecord {
    return {
      ...base,
      attempt,
      ts,
      status: f.status,
      latencyMs: f.status === null ? 60_000 : around(this.rng, 300, 0.5),
      requestBytes: around(this.rng, 2_000),
      responseBytes: f.status === null ? 0 : around(this.rng, 200, 0.3),
      errorCode: f.code,
      errorMessage: f.message,
      units: {},
      // A failed attempt is not billed: the gateway records it at zero.
      costNanos: 0,
      costSource: 'computed',
      priceVersion: null,
      providerRequestId: null,
      meta: null,
    };
  }

  private succeeded(base: Base, recipe: Recipe, attempt: number, ts: number): AttemptRecord {
    const rng = this.rng;
    const units: Units = recipe.units(rng);
    const reported = recipe.reportedCostNanos?.(units, rng);
    const quote = this.pricer.price({
      provider: recipe.provider,
      model: recipe.model,
      units,
      at: new Date(ts),
      ...(reported !== undefined ? { reportedCostNanos: reported } : {}),
      free: recipe.free === true,
      endpoint: recipe.endpoint,
      meta: recipe.meta ?? null,
    });
    return {
      ...base,
      attempt,
      ts,
      status: recipe.method === 'POST' && recipe.provider === 'sendgrid' ? 202 : 200,
      latencyMs: around(rng, recipe.latencyMs, 0.45),
      requestBytes: around(rng, 3_000),
      responseBytes: around(rng, 4_000),
      errorCode: null,
      units,
      costNanos: quote.costNanos,
      costSource: quote.costSource,
      priceVersion: quote.priceVersion,
      providerRequestId: `demo_req_${base.callId}`,
      meta: recipe.meta ?? null,
      free: recipe.free === true,
    };
  }
}

type Base = Pick<
  AttemptRecord,
  'callId' | 'provider' | 'operation' | 'endpoint' | 'method' | 'model' | 'integrationId' | 'jobId' | 'contentId'
>;

/**
 * Writes the demo history and sets `demo.seeded`. Batched: ~30k attempts in a few seconds.
 * Callers decide whether to seed (see seedDemoIfEmpty); this always writes.
 */
export function seedDemoData(t: DemoSeedTarget, opts: DemoSeedOptions = {}): DemoSeedResult {
  const days = opts.days ?? 90;
  const now = opts.now ?? Date.now();
  const perDay = opts.callsPerDay ?? 380;
  const rng = createRng(opts.seed ?? 20_260_101);
  const factory = new CallFactory(rng, t.pricer);
  const hourTotal = HOUR_WEIGHTS.reduce((a, b) => a + b, 0);
  const startDay = Math.floor(now / DAY_MS) * DAY_MS - (days - 1) * DAY_MS;
  let batch: AttemptRecord[] = [];
  let calls = 0;
  let attempts = 0;
  const flush = () => {
    if (batch.length === 0) return;
    t.ledger.recordAttempts(batch);
    attempts += batch.length;
    batch = [];
  };
  for (let d = 0; d < days; d++) {
    const dayStart = startDay + d * DAY_MS;
    const weekday = new Date(dayStart).getUTCDay();
    const growth = 0.55 + 0.45 * (d / Math.max(1, days - 1));
    const weekend = weekday === 0 || weekday === 6 ? 0.45 : 1;
    const count = Math.round(perDay * growth * weekend * (0.8 + rng() * 0.4));
    const stamps: number[] = [];
    for (let i = 0; i < count; i++) {
      const hour = pickWeighted(rng, HOURS, (h) => HOUR_WEIGHTS[h] ?? 0, hourTotal);
      const ts = dayStart + hour * 3_600_000 + Math.floor(rng() * 3_600_000);
      if (ts < now) stamps.push(ts);
    }
    stamps.sort((a, b) => a - b);
    for (const ts of stamps) {
      batch.push(...factory.make(ts));
      calls++;
      if (batch.length >= BATCH) flush();
    }
  }
  flush();
  seedReconcileDemo(t, now);
  t.settings.set(DEMO_SEEDED_SETTING, true);
  return { calls, attempts, from: new Date(startDay).toISOString(), to: new Date(now).toISOString() };
}

/** The services seeding needs, from the composition root. */
export function demoTargetOf(app: {
  db: Db;
  cost: { ledger: Ledger; pricer: Pricer };
  settings: SettingsStore;
}): DemoSeedTarget {
  return { db: app.db, ledger: app.cost.ledger, pricer: app.cost.pricer, settings: app.settings };
}

/** The start commands' --demo path: seeds only a fresh ledger, so real history is never mixed with demo rows. */
export function seedDemoIfEmpty(t: DemoSeedTarget, opts: DemoSeedOptions = {}): DemoSeedResult | null {
  return isLedgerEmpty(t.db) ? seedDemoData(t, opts) : null;
}

/** The app's "load demo history" offer: like the --demo path, only into an empty ledger. */
export function seedDemoOnRequest(t: DemoSeedTarget): DemoSeedResult {
  const seeded = seedDemoIfEmpty(t);
  if (!seeded)
    throw new AppError(
      'conflict',
      'Demo history can only be loaded into an empty ledger, and this one already has calls.',
    );
  return seeded;
}

export function historyState(t: Pick<DemoSeedTarget, 'db' | 'settings'>): { empty: boolean; demoSeeded: boolean } {
  return { empty: isLedgerEmpty(t.db), demoSeeded: t.settings.get(DEMO_SEEDED_SETTING, false) };
}
