// Usage summaries read from the rollups only (never raw rows): totals, breakdowns, local days, latency over
// time and what prompt caching saved.
import type { Db } from '../db/database';
import { cachedStatement } from '../db/statements';
import { runSteps, runStepsYielding, type Steps } from '../core/steps';
import type { UsageSummary } from '../../preload/contract/ledger';
import type { Pricer } from '../gateway/deps';
import type { Units } from '../gateway/types';
import { cacheSavings } from './cache-savings';
import type { CallProfile, ProfileStore } from './profiles';
import { addInto, HOUR_MS, histogramQuantile, LATENCY_COLUMNS } from './rollups';
import { assertTimeZone, dayKeyOfNumber, offsetSegments, startOfLocalDate } from './timezones';
import { ClosedDayCache, rollupChangeLog } from './closed-days';
import { type ProfileSums, sumByProfile } from './rollup-reader';
import { UNIT_COLUMNS, UNIT_NAMES } from './units';

const DAY_MINUTES = 1_440;
/**
 * Whole UTC days are read in blocks aligned to day 0 (a 5-year range is ~30 of them): each block is one step
 * between which other work runs, and each block's sums are cached until a write touches one of its days.
 */
const BLOCK_DAYS = 64;

/** [from, to) cut at multiples of `size`. */
function* aligned(from: number, to: number, size: number): Generator<[number, number]> {
  for (let a = from; a < to; ) {
    const b = Math.min(to, (Math.floor(a / size) + 1) * size);
    yield [a, b];
    a = b;
  }
}
/** Ranges up to this many hours get an hourly latency series (the "today" view); longer ones local days. */
const HOURLY_LATENCY_MAX_HOURS = 48;

/** Per-day sums: the counters the day charts need plus the latency histogram. */
type DayCounters = {
  day: number;
  attempts: number;
  calls: number;
  errors: number;
  cost_nanos: number;
  unpriced: number;
} & { [lat: `lat_${number}`]: number };
type CostRow = { day: number; provider: string; cost_nanos: number; unpriced: number };
/** Sums for some hours or days: counters and histogram per day, cost per day and provider. */
type DayPart = { counters: DayCounters[]; costs: CostRow[] };
const DAY_COLUMNS = ['attempts', 'calls', 'errors', 'cost_nanos', 'unpriced', ...LATENCY_COLUMNS];
const daySums = (alias = ''): string => DAY_COLUMNS.map((c) => `SUM(${alias}${c}) AS ${c}`).join(', ');

export interface SummaryInput {
  from: number;
  to: number;
  timeZone: string;
  provider?: string;
  integrationId?: string;
  model?: string;
  operation?: string;
  /** Local-gateway client (virtual key name); '' = the app's own calls. */
  client?: string;
}

/** Only a provider filter (or none): the small hour x provider rollup answers the time series. */
const providerOnly = (input: SummaryInput): boolean =>
  input.integrationId === undefined &&
  input.model === undefined &&
  input.operation === undefined &&
  input.client === undefined;

/** A local day's sums plus its histogram and the instant it begins (null until known). */
type DayBucket = UsageSummary['byDay'][number] & { hist: number[]; start: number | null };

interface ProfileTotals {
  profile_id: number;
  attempts: number;
  calls: number;
  errors: number;
  priced: number;
  unpriced: number;
  estimated: number;
  reported: number;
  cost_nanos: number;
  latency_sum_ms: number;
  [column: string]: number;
}

/** Additive aggregate over rollup rows (several profiles) before it is turned into the contract's shape. */
class Agg {
  attempts = 0;
  calls = 0;
  errors = 0;
  priced = 0;
  unpriced = 0;
  estimated = 0;
  reported = 0;
  costNanos = 0;
  latencySum = 0;
  readonly hist = new Array<number>(LATENCY_COLUMNS.length).fill(0);
  readonly units: Record<string, number> = {};

  add(r: ProfileTotals): void {
    this.attempts += r.attempts;
    this.calls += r.calls;
    this.errors += r.errors;
    this.priced += r.priced;
    this.unpriced += r.unpriced;
    this.estimated += r.estimated;
    this.reported += r.reported;
    this.costNanos += r.cost_nanos;
    this.latencySum += r.latency_sum_ms;
    addInto(
      this.hist,
      LATENCY_COLUMNS.map((c) => r[c] ?? 0),
    );
    for (const u of UNIT_NAMES) {
      const v = r[`u_${u}`] ?? 0;
      if (v) this.units[u] = (this.units[u] ?? 0) + v;
    }
  }

  fields() {
    return {
      attempts: this.attempts,
      calls: this.calls,
      errors: this.errors,
      costNanos: this.costNanos,
      pricedAttempts: this.priced,
      unpricedAttempts: this.unpriced,
      estimatedAttempts: this.estimated,
      reportedAttempts: this.reported,
      latencyAvgMs: this.attempts ? this.latencySum / this.attempts : null,
      latencyP50Ms: histogramQuantile(this.hist, 0.5),
      latencyP95Ms: histogramQuantile(this.hist, 0.95),
    };
  }

  unitTotals(): Units {
    return { ...this.units } as Units;
  }
}

function group<K>(
  rows: ProfileTotals[],
  profiles: Map<number, CallProfile>,
  keyOf: (p: CallProfile) => K,
  keyString: (k: K) => string,
) {
  const out = new Map<string, { key: K; agg: Agg }>();
  for (const r of rows) {
    const p = profiles.get(r.profile_id);
    if (!p) continue;
    const key = keyOf(p);
    const ks = keyString(key);
    let g = out.get(ks);
    if (!g) {
      g = { key, agg: new Agg() };
      out.set(ks, g);
    }
    g.agg.add(r);
  }
  return [...out.values()].sort((a, b) => b.agg.costNanos - a.agg.costNanos || b.agg.attempts - a.agg.attempts);
}

/** Profile ids matching the summary's filters; null = no filter. */
function profileFilter(profiles: CallProfile[], input: SummaryInput): number[] | null {
  if (input.provider === undefined && providerOnly(input)) return null;
  return profiles
    .filter(
      (p) =>
        (input.provider === undefined || p.provider === input.provider) &&
        (input.integrationId === undefined || p.integrationId === input.integrationId) &&
        (input.model === undefined || p.model === input.model) &&
        (input.operation === undefined || p.operation === input.operation) &&
        (input.client === undefined || (p.client ?? '') === input.client),
    )
    .map((p) => p.id);
}

/** `AND profile_id IN (...)`; integer ids only, so inlining them is safe; an empty filter matches nothing. */
const filterClause = (ids: number[] | null): string =>
  ids === null ? '' : `AND profile_id IN (${ids.length ? ids.join(',') : 'NULL'})`;

const quantiles = (hist: readonly number[]) => ({
  p50Ms: histogramQuantile(hist, 0.5),
  p95Ms: histogramQuantile(hist, 0.95),
  p99Ms: histogramQuantile(hist, 0.99),
});

const TOTAL_COLUMNS = [
  'attempts',
  'calls',
  'errors',
  'priced',
  'unpriced',
  'estimated',
  'reported',
  'cost_nanos',
  'latency_sum_ms',
  ...UNIT_COLUMNS,
  ...LATENCY_COLUMNS,
];

export class SummaryQueries {
  private readonly closedDays: ClosedDayCache;

  constructor(
    private readonly db: Db,
    private readonly profiles: ProfileStore,
    /** Prices cache savings; without one every cached model is reported unpriced (never $0). */
    private readonly pricer: Pricer | null = null,
  ) {
    this.closedDays = new ClosedDayCache(rollupChangeLog(db));
  }

  /** The summary, computed at once (scripts, digests). */
  summary(input: SummaryInput): UsageSummary {
    return runSteps(this.summarySteps(input));
  }

  /** The summary with `between()` awaited between its blocks: a long range never holds the event loop long. */
  summaryYielding(input: SummaryInput, between?: () => Promise<void>): Promise<UsageSummary> {
    return runStepsYielding(this.summarySteps(input), between);
  }

  private *summarySteps(input: SummaryInput): Steps<UsageSummary> {
    const tz = assertTimeZone(input.timeZone);
    const fromHour = Math.floor(input.from / HOUR_MS);
    const toHour = Math.max(fromHour, Math.ceil(input.to / HOUR_MS));
    const all = this.profiles.all();
    const byId = new Map(all.map((p) => [p.id, p]));
    const filterSql = filterClause(profileFilter(all, input));

    const rows = (yield* this.profileSums(fromHour, toHour, TOTAL_COLUMNS, filterSql)) as ProfileTotals[];
    const totals = new Agg();
    for (const r of rows) totals.add(r);
    const byModel = group(
      rows,
      byId,
      (p) => [p.provider, p.model] as const,
      (k) => `${k[0]}\u0000${k[1] ?? ''}`,
    ).map(({ key, agg }) => ({
      provider: key[0],
      model: key[1],
      ...agg.fields(),
      units: agg.unitTotals(),
    }));
    const days = yield* this.dayBuckets(tz, fromHour, toHour, input, filterSql, byId);
    // Ten years of days are thousands of points to shape: a turn between the day list and the latency series.
    const byDay = days.map(({ hist: _hist, start: _start, ...day }) => day);
    yield;
    const latency: UsageSummary['latency'] =
      toHour - fromHour <= HOURLY_LATENCY_MAX_HOURS
        ? { bucket: 'hour', points: this.hourlyLatency(fromHour, toHour, input, filterSql) }
        : {
            bucket: 'day',
            points: days.map((d) => ({
              start: new Date(d.start ?? localDayStart(tz, d.day)).toISOString(),
              attempts: d.attempts,
              ...quantiles(d.hist),
            })),
          };
    yield;

    return {
      from: new Date(fromHour * HOUR_MS).toISOString(),
      to: new Date(toHour * HOUR_MS).toISOString(),
      timeZone: tz,
      totals: { ...totals.fields(), units: totals.unitTotals() },
      byProvider: group(rows, byId, (p) => p.provider, String).map(({ key, agg }) => ({
        provider: key,
        ...agg.fields(),
      })),
      byModel,
      byOperation: group(rows, byId, (p) => p.operation, String).map(({ key, agg }) => ({
        operation: key,
        ...agg.fields(),
      })),
      byIntegration: group(
        rows,
        byId,
        (p) => [p.provider, p.integrationId] as const,
        (k) => `${k[0]}\u0000${k[1] ?? ''}`,
      ).map(({ key, agg }) => ({
        provider: key[0],
        integrationId: key[1],
        ...agg.fields(),
      })),
      byClient: group(
        rows,
        byId,
        (p) => p.client,
        (k) => k ?? '',
      ).map(({ key, agg }) => ({
        client: key,
        ...agg.fields(),
      })),
      byDay,
      latency,
      cacheSavings: cacheSavings(this.pricer, byModel, new Date(toHour * HOUR_MS)),
    };
  }

  /** Priced cost and unpriced attempts over a range (the month-to-date card): two columns of the rollups. */
  costTotals(input: SummaryInput): { costNanos: number; unpricedAttempts: number } {
    const fromHour = Math.floor(input.from / HOUR_MS);
    const toHour = Math.max(fromHour, Math.ceil(input.to / HOUR_MS));
    const filterSql = filterClause(profileFilter(this.profiles.all(), input));
    const rows = runSteps(this.profileSums(fromHour, toHour, ['cost_nanos', 'unpriced'], filterSql));
    return {
      costNanos: rows.reduce((s, r) => s + (r.cost_nanos ?? 0), 0),
      unpricedAttempts: rows.reduce((s, r) => s + (r.unpriced ?? 0), 0),
    };
  }

  /** Cost per local day (and per provider) only: the dashboard chart's query. */
  dailyCost(input: SummaryInput): UsageSummary['byDay'] {
    const tz = assertTimeZone(input.timeZone);
    const fromHour = Math.floor(input.from / HOUR_MS);
    const toHour = Math.max(fromHour, Math.ceil(input.to / HOUR_MS));
    const all = this.profiles.all();
    const filterSql = filterClause(profileFilter(all, input));
    return runSteps(this.dayBuckets(tz, fromHour, toHour, input, filterSql, new Map(all.map((p) => [p.id, p])))).map(
      ({ hist: _hist, start: _start, ...day }) => day,
    );
  }

  /**
   * Sums per profile over [fromHour, toHour): the hours of partial days at either end, then the whole UTC days
   * block by block (cached while no write touches them), one step per block.
   */
  private *profileSums(
    fromHour: number,
    toHour: number,
    columns: readonly string[],
    filterSql: string,
  ): Steps<ProfileSums[]> {
    const out = new Map<number, ProfileSums>();
    const merge = (rows: readonly ProfileSums[]) => {
      for (const r of rows) {
        const cur = out.get(r.profile_id);
        if (!cur) out.set(r.profile_id, { ...r });
        else for (const c of columns) cur[c] = (cur[c] ?? 0) + (r[c] ?? 0);
      }
    };
    const firstDay = Math.ceil(fromHour / 24);
    const endDay = Math.floor(toHour / 24);
    if (endDay <= firstDay) {
      merge(sumByProfile(this.db, fromHour, toHour, columns, filterSql));
      return [...out.values()];
    }
    merge(sumByProfile(this.db, fromHour, firstDay * 24, columns, filterSql));
    merge(sumByProfile(this.db, endDay * 24, toHour, columns, filterSql));
    const key = `sums\u0000${columns.join(',')}\u0000${filterSql}`;
    for (const [a, b] of aligned(firstDay, endDay, BLOCK_DAYS)) {
      merge(this.closedDays.get(key, a, b, () => sumByProfile(this.db, a * 24, b * 24, columns, filterSql)));
      yield;
    }
    return [...out.values()];
  }

  /** Latency quantiles per UTC hour (explicit empty hours included). */
  private hourlyLatency(
    fromHour: number,
    toHour: number,
    input: SummaryInput,
    filterSql: string,
  ): UsageSummary['latency']['points'] {
    const sums = ['attempts', ...LATENCY_COLUMNS].map((c) => `SUM(${c}) AS ${c}`).join(', ');
    type HourRow = { hour: number; attempts: number } & Record<string, number>;
    const source = hourSource(input, filterSql);
    const rows = cachedStatement<unknown[], HourRow>(
      this.db,
      `SELECT hour, ${sums} FROM ${source.table} WHERE hour >= ? AND hour < ? ${source.where} GROUP BY hour`,
    ).all(fromHour, toHour, ...source.params);
    const byHour = new Map(rows.map((r) => [r.hour, r]));
    const points: UsageSummary['latency']['points'] = [];
    for (let h = fromHour; h < toHour; h++) {
      const r = byHour.get(h);
      const hist = LATENCY_COLUMNS.map((c) => r?.[c] ?? 0);
      points.push({ start: new Date(h * HOUR_MS).toISOString(), attempts: r?.attempts ?? 0, ...quantiles(hist) });
    }
    return points;
  }

  /**
   * Local-day buckets, per constant-offset segment. Hours are grouped by local day number in SQL. Over whole
   * UTC days with a whole-hour offset, the daily rollup is used instead, and only the few hours of each day
   * that belong to the neighbouring local day are read hourly and moved there: a year is ~15x fewer rows.
   * Every sum here is additive, latency histograms included, so moving hours keeps quantiles exact. Counters
   * and histograms are summed per day only; per provider only the cost (the stacked chart): grouping the wide
   * rows by provider too cost more than both queries together.
   */
  private *dayBuckets(
    tz: string,
    fromHour: number,
    toHour: number,
    input: SummaryInput,
    filterSql: string,
    profiles: Map<number, CallProfile>,
  ): Steps<DayBucket[]> {
    const readHours = this.dayReader(input, filterSql, profiles);
    const days = new Map<number, DayBucket>();
    const dayOf = (hour: number, offset: number) => Math.floor((hour * 60 + offset) / DAY_MINUTES);
    // Every day a segment touches is created before its rows are added.
    const dayBucket = (day: number): DayBucket => {
      const bucket = days.get(day);
      if (!bucket) throw new Error(`No bucket for local day ${day}`);
      return bucket;
    };
    const add = (shiftDays: number, sign: 1 | -1, part: DayPart) => {
      for (const r of part.counters) {
        const bucket = dayBucket(r.day + shiftDays);
        bucket.attempts += sign * r.attempts;
        bucket.calls += sign * r.calls;
        bucket.errors += sign * r.errors;
        bucket.costNanos += sign * r.cost_nanos;
        bucket.unpricedAttempts += sign * r.unpriced;
        addInto(
          bucket.hist,
          LATENCY_COLUMNS.map((c) => r[c as `lat_${number}`] ?? 0),
          sign,
        );
      }
      for (const r of part.costs) {
        const bucket = dayBucket(r.day + shiftDays);
        bucket.costByProvider[r.provider] = (bucket.costByProvider[r.provider] ?? 0) + sign * r.cost_nanos;
        if (r.unpriced)
          bucket.unpricedByProvider[r.provider] = (bucket.unpricedByProvider[r.provider] ?? 0) + sign * r.unpriced;
      }
    };
    for (const s of offsetSegments(tz, fromHour, toHour)) {
      const off = s.offsetMinutes;
      // Every local day the range touches, so charts get explicit zeros.
      for (let d = dayOf(s.fromHour, off); d <= dayOf(s.toHour - 1, off); d++) {
        let bucket = days.get(d);
        if (!bucket) {
          bucket = {
            day: dayKeyOfNumber(d),
            attempts: 0,
            calls: 0,
            errors: 0,
            costNanos: 0,
            unpricedAttempts: 0,
            costByProvider: {},
            unpricedByProvider: {},
            hist: new Array<number>(LATENCY_COLUMNS.length).fill(0),
            start: null,
          };
          days.set(d, bucket);
        }
        // Local midnight at this segment's offset is the day's start if it falls inside the segment (no Intl
        // lookup per day); days that begin before the range or in a DST gap are resolved by localDayStart.
        const midnight = d * DAY_MINUTES * 60_000 - off * 60_000;
        if (
          midnight >= s.fromHour * HOUR_MS &&
          midnight < s.toHour * HOUR_MS &&
          (bucket.start === null || midnight < bucket.start)
        )
          bucket.start = midnight;
      }
      const firstDay = Math.ceil(s.fromHour / 24);
      const endDay = Math.floor(s.toHour / 24);
      if (off % 60 !== 0 || endDay - firstDay < 2) {
        for (const [a, b] of aligned(s.fromHour, s.toHour, BLOCK_DAYS * 24)) {
          add(0, 1, readHours(off, a, b));
          yield;
        }
        continue;
      }
      add(0, 1, readHours(off, s.fromHour, firstDay * 24));
      add(0, 1, readHours(off, endDay * 24, s.toHour));
      // UTC day D's hours fall on local day D except the first `shift` hours (west of UTC: local day D-1)
      // or the last -shift hours (east: local day D+1).
      const shift = -off / 60;
      const movedKey = `moved\u0000${shift}\u0000${hourSourceKey(input, filterSql)}`;
      for (const [a, b] of aligned(firstDay, endDay, BLOCK_DAYS)) {
        add(
          0,
          1,
          this.closedDays.get(`days\u0000${filterSql}`, a, b, () => this.readDays(a, b, filterSql)),
        );
        const movedPart = this.closedDays.get(movedKey, a, b, () => {
          const moved: number[] = [];
          for (let d = a; d < b; d++) {
            if (shift > 0) for (let h = 0; h < shift; h++) moved.push(d * 24 + h);
            else for (let h = 24 + shift; h < 24; h++) moved.push(d * 24 + h);
          }
          return this.readHoursByUtcDay(moved, input, filterSql);
        });
        add(0, -1, movedPart);
        add(shift > 0 ? -1 : 1, 1, movedPart);
        yield;
      }
    }
    return [...days.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
  }

  /** Whole UTC days, summed in SQL (few rows cross into JS). */
  private readDays(firstDay: number, endDay: number, filterSql: string): DayPart {
    return {
      counters: cachedStatement<[number, number], DayCounters>(
        this.db,
        `SELECT day, ${daySums()} FROM call_rollups_daily WHERE day >= ? AND day < ? ${filterSql} GROUP BY day`,
      ).all(firstDay, endDay),
      costs: cachedStatement<[number, number], CostRow>(
        this.db,
        `SELECT d.day AS day, p.provider AS provider, SUM(d.cost_nanos) AS cost_nanos, SUM(d.unpriced) AS unpriced
           FROM call_rollups_daily d JOIN call_profiles p ON p.id = d.profile_id
           WHERE d.day >= ? AND d.day < ? ${filterSql.replaceAll('profile_id', 'd.profile_id')} GROUP BY d.day, p.provider`,
      ).all(firstDay, endDay),
    };
  }

  /**
   * The given UTC hours, summed per UTC day (and per provider for the cost). The hours travel as one JSON array
   * parameter, so each query shape is prepared once however long the range.
   */
  private readHoursByUtcDay(hours: number[], input: SummaryInput, filterSql: string): DayPart {
    if (hours.length === 0) return { counters: [], costs: [] };
    const list = 'SELECT value FROM json_each(?)';
    const json = JSON.stringify(hours);
    const source = hourSource(input, filterSql);
    const costs = providerOnly(input)
      ? cachedStatement<unknown[], CostRow>(
          this.db,
          `SELECT hour / 24 AS day, provider, SUM(cost_nanos) AS cost_nanos, SUM(unpriced) AS unpriced FROM call_rollups_provider_hourly
             WHERE hour IN (${list}) ${input.provider === undefined ? '' : 'AND provider = ?'} GROUP BY day, provider`,
        ).all(json, ...(input.provider === undefined ? [] : [input.provider]))
      : cachedStatement<[string], CostRow>(
          this.db,
          `SELECT h.hour / 24 AS day, p.provider AS provider, SUM(h.cost_nanos) AS cost_nanos, SUM(h.unpriced) AS unpriced
             FROM call_rollups_hourly h JOIN call_profiles p ON p.id = h.profile_id
             WHERE h.hour IN (${list}) ${filterSql.replaceAll('profile_id', 'h.profile_id')} GROUP BY day, p.provider`,
        ).all(json);
    return {
      counters: cachedStatement<unknown[], DayCounters>(
        this.db,
        `SELECT hour / 24 AS day, ${daySums()} FROM ${source.table} WHERE hour IN (${list}) ${source.where} GROUP BY day`,
      ).all(json, ...source.params),
      costs,
    };
  }

  /** Hours summed per local day: counters from the narrowest rollup that answers the filters, costs per provider. */
  private dayReader(
    input: SummaryInput,
    filterSql: string,
    profiles: Map<number, CallProfile>,
  ): (offsetMinutes: number, fromHour: number, toHour: number) => DayPart {
    const day = `(hour * 60 + CAST(? AS INTEGER)) / ${DAY_MINUTES}`;
    if (providerOnly(input)) {
      const source = hourSource(input, filterSql);
      const counters = cachedStatement<unknown[], DayCounters>(
        this.db,
        `SELECT ${day} AS day, ${daySums()} FROM ${source.table} WHERE hour >= ? AND hour < ? ${source.where} GROUP BY day`,
      );
      const byProvider = input.provider === undefined ? [] : [input.provider];
      const costs = cachedStatement<unknown[], CostRow>(
        this.db,
        `SELECT ${day} AS day, provider, SUM(cost_nanos) AS cost_nanos, SUM(unpriced) AS unpriced FROM call_rollups_provider_hourly
         WHERE hour >= ? AND hour < ? ${byProvider.length ? 'AND provider = ?' : ''} GROUP BY day, provider`,
      );
      return (offset, from, to) => ({
        counters: counters.all(offset, from, to, ...source.params),
        costs: costs.all(offset, from, to, ...byProvider),
      });
    }
    const stmt = cachedStatement<unknown[], DayCounters & { profile_id: number }>(
      this.db,
      `SELECT ${day} AS day, profile_id, ${daySums()} FROM call_rollups_hourly WHERE hour >= ? AND hour < ? ${filterSql} GROUP BY day, profile_id`,
    );
    return (offset, from, to) => {
      const rows = stmt.all(offset, from, to);
      return {
        counters: rows,
        costs: rows.map((r) => ({
          day: r.day,
          provider: profiles.get(r.profile_id)?.provider ?? 'unknown',
          cost_nanos: r.cost_nanos,
          unpriced: r.unpriced,
        })),
      };
    };
  }
}

/**
 * The narrowest hourly rollup with the counters and histograms for these filters: the hour total with none,
 * hour x provider with only a provider, else hour x profile restricted to the matching profiles.
 */
function hourSource(input: SummaryInput, filterSql: string): { table: string; where: string; params: string[] } {
  if (!providerOnly(input)) return { table: 'call_rollups_hourly', where: filterSql, params: [] };
  if (input.provider === undefined) return { table: 'call_rollups_total_hourly', where: '', params: [] };
  return { table: 'call_rollups_provider_hourly', where: 'AND provider = ?', params: [input.provider] };
}

/** What the hourly reads of these filters depend on (the cache key of their results). */
const hourSourceKey = (input: SummaryInput, filterSql: string): string =>
  providerOnly(input) ? `provider:${input.provider ?? '*'}` : `profiles:${filterSql}`;

/** The instant local day 'YYYY-MM-DD' begins in `tz` (DST-aware). */
function localDayStart(tz: string, day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return startOfLocalDate(tz, y, m, d);
}
