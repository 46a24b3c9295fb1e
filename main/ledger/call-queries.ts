// The call list (filters + keyset paging over millions of rows) and one call's detail.
//
// Filters on provider, model, operation, endpoint and integration resolve (in memory) to a set of call
// profiles; each profile is then read newest-first from the (profile_id, [cost_source,] ts) index with LIMIT n+1
// and the streams are merged here. That keeps every page an index range read, whatever the filter's selectivity
// (status and cost source pick the partial/composite index whose leading columns they fix).
// Text search (3+ characters, the contract's minimum) = profiles whose text matches, plus error rows whose
// code/message matches through the trigram index.
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/database';
import { AppError } from '../core/errors';
import type { CallListInput, CallRow } from '../../preload/contract/ledger';
import type { CostSource } from '../gateway/types';
import { FLAG_ESTIMATED, FLAG_FREE, UNKNOWN_BILLING } from './ledger';
import { type ErrorTextWrites, errorTextWrites } from './error-text-writes';
import type { CallProfile, ProfileStore } from './profiles';
import { unitsFromRow } from './units';

/** Above this many profiles, one IN-list query over the ts index beats merging per-profile reads. */
const MAX_MERGED_PROFILES = 64;
const MAX_CACHED_STATEMENTS = 200;
const MAX_SEARCH_BATCH = 16_384;
/** Searches whose match sets are kept (the last few texts typed). */
const MAX_MATCH_SETS = 4;

export interface SearchSteps {
  /** Error-text matches read by a search's first step; each further step reads twice as many. */
  firstBatch: number;
  /** Matches streamed before a search concludes the other filters keep few of them. */
  streamedMatches: number;
}
const SEARCH_STEPS: SearchSteps = { firstBatch: 512, streamedMatches: 2_048 };

/** What picks the index of a range read: error rows only, and whether one cost source is asked for. */
interface Shape {
  errorsOnly: boolean;
  bySource: boolean;
}

/**
 * The ts-ordered index whose leading columns the conditions fix (migrations 2 and 7), so a page reads only
 * matching rows: [profile_id,] [cost_source,] ts, partial on error rows when only errors are wanted.
 */
function rangeIndex(byProfile: boolean, { errorsOnly, bySource }: Shape): string {
  const name = ['calls', errorsOnly ? 'error' : '', byProfile ? 'profile' : '', bySource ? 'source' : '', 'ts'];
  return name.filter(Boolean).join('_');
}

interface Key {
  id: number;
  ts: number;
}

/** One index read of a profile filter: one profile's rows, or every profile in an IN list ('' = all). */
interface ProfileGroup {
  profileId: number | null;
  inList: string;
}

export interface CallRowDb {
  id: number;
  profile_id: number;
  call_id: string;
  root_id: number | null;
  attempt: number;
  ts: number;
  status: number | null;
  latency_ms: number;
  request_bytes: number | null;
  response_bytes: number;
  error_code: string | null;
  error_message: string | null;
  cost_nanos: number | null;
  cost_source: CostSource;
  price_version: string | null;
  flags: number;
  provider_request_id: string | null;
  job_id: string | null;
  content_id: string | null;
  meta: string | null;
  [unitColumn: string]: unknown;
}

export function encodeCursor(k: Key): string {
  return Buffer.from(`${k.ts}:${k.id}`).toString('base64url');
}

export function decodeCursor(cursor: string): Key {
  const m = /^(-?\d{1,16}):(\d{1,16})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw new AppError('invalid_input', 'Invalid paging cursor');
  return { ts: Number(m[1]), id: Number(m[2]) };
}

const parseTime = (iso: string | undefined): number | undefined => {
  if (iso === undefined) return undefined;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new AppError('invalid_input', `Invalid time ${iso.slice(0, 40)}`);
  return t;
};

/** A job/content filter is the most selective one: the planner should then use its index, not ours. */
const filtersByOwner = (where: string[]): boolean =>
  where.some((w) => w.startsWith('job_id') || w.startsWith('content_id'));

function profileMatchesText(p: CallProfile, q: string): boolean {
  const needle = q.toLowerCase();
  return [p.provider, p.operation, p.endpoint, p.model ?? '', p.integrationId ?? '', p.client ?? ''].some((s) =>
    s.toLowerCase().includes(needle),
  );
}

export function toCallRow(r: CallRowDb, p: CallProfile | undefined): CallRow {
  return {
    id: r.id,
    callId: r.call_id,
    attempt: r.attempt,
    rootId: r.root_id,
    ts: new Date(r.ts).toISOString(),
    provider: p?.provider ?? 'unknown',
    integrationId: p?.integrationId ?? null,
    client: p?.client ?? null,
    operation: p?.operation ?? 'unknown',
    endpoint: p?.endpoint ?? 'unknown',
    method: p?.method ?? 'unknown',
    model: p?.model ?? null,
    status: r.status,
    latencyMs: r.latency_ms,
    requestBytes: r.request_bytes,
    responseBytes: r.response_bytes,
    errorCode: r.error_code,
    errorMessage: r.error_message,
    units: unitsFromRow(r),
    costNanos: r.cost_nanos,
    costSource: r.cost_source,
    priceVersion: r.price_version,
    estimated: (r.flags & FLAG_ESTIMATED) !== 0,
    free: (r.flags & FLAG_FREE) !== 0,
    providerRequestId: r.provider_request_id,
    jobId: r.job_id,
    contentId: r.content_id,
  };
}

export class CallQueries {
  private readonly statements = new Map<string, Statement<unknown[], unknown>>();
  private readonly matchSets = new Map<string, { writes: number; ids: Set<number> }>();
  private readonly errorTextWrites: ErrorTextWrites;

  constructor(
    private readonly db: Db,
    private readonly profiles: ProfileStore,
    /** How a text search divides its work; tests shrink these to reach every path on small ledgers. */
    private readonly search: SearchSteps = SEARCH_STEPS,
  ) {
    this.errorTextWrites = errorTextWrites(db);
  }

  /** Spend per content piece in [from, to) (epoch ms), biggest first: the digest's "by piece" lines. */
  spendByContent(
    from: number,
    to: number,
    limit: number,
  ): Array<{ contentId: string; costNanos: number; attempts: number; unpricedAttempts: number }> {
    return this.db
      .prepare(
        `SELECT content_id AS contentId, COALESCE(SUM(cost_nanos), 0) AS costNanos, COUNT(*) AS attempts,
                SUM(cost_nanos IS NULL) AS unpricedAttempts
           FROM calls WHERE content_id IS NOT NULL AND ts >= ? AND ts < ?
          GROUP BY content_id ORDER BY costNanos DESC LIMIT ?`,
      )
      .all(from, to, limit) as Array<{
      contentId: string;
      costNanos: number;
      attempts: number;
      unpricedAttempts: number;
    }>;
  }

  list(input: CallListInput): { rows: CallRow[]; nextCursor: string | null } {
    const limit = input.limit ?? 50;
    const from = parseTime(input.from);
    const to = parseTime(input.to);
    const cursor = input.cursor ? decodeCursor(input.cursor) : null;

    // Row-level conditions shared by every branch.
    const where: string[] = [];
    const params: Array<string | number> = [];
    if (from !== undefined) {
      where.push('ts >= ?');
      params.push(from);
    }
    if (to !== undefined) {
      where.push('ts < ?');
      params.push(to);
    }
    if (cursor) {
      where.push('(ts, id) < (?, ?)');
      params.push(cursor.ts, cursor.id);
    }
    if (input.costSource) {
      where.push('cost_source = ?');
      params.push(input.costSource);
    }
    if (input.jobId) {
      where.push('job_id = ?');
      params.push(input.jobId);
    }
    if (input.contentId) {
      where.push('content_id = ?');
      params.push(input.contentId);
    }
    // Any HTTP error is an error row (the ledger guarantees an error_code), so the partial error indexes apply.
    const errorsOnly = input.status === 'error' || (typeof input.status === 'number' && input.status >= 400);
    if (input.status === 'ok') where.push('error_code IS NULL');
    else if (errorsOnly) where.push('error_code IS NOT NULL');
    if (typeof input.status === 'number') {
      where.push('status = ?');
      params.push(input.status);
    }
    const shape: Shape = { errorsOnly, bySource: input.costSource !== undefined };

    const all = this.profiles.all();
    const filtered = all.filter(
      (p) =>
        (input.provider === undefined || p.provider === input.provider) &&
        (input.model === undefined || p.model === input.model) &&
        (input.operation === undefined || p.operation === input.operation) &&
        (input.endpoint === undefined || p.endpoint === input.endpoint) &&
        (input.integrationId === undefined || p.integrationId === input.integrationId) &&
        (input.client === undefined || (p.client ?? '') === input.client),
    );
    const profileFiltered = filtered.length !== all.length;
    const keys: Key[] = [];

    if (input.q === undefined) {
      if (profileFiltered)
        keys.push(
          ...this.byProfiles(
            filtered.map((p) => p.id),
            where,
            params,
            limit,
            shape,
          ),
        );
      else keys.push(...this.scan(where, params, limit, shape));
    } else {
      const q = input.q;
      const textProfiles = filtered.filter((p) => profileMatchesText(p, q)).map((p) => p.id);
      keys.push(...this.byProfiles(textProfiles, where, params, limit, shape));
      // Error text matches inside the (possibly filtered) profiles; none when only successful rows are wanted.
      if (input.status !== 'ok')
        keys.push(
          ...this.errorText(
            q,
            profileFiltered ? filtered.map((p) => p.id) : null,
            [...where, 'error_code IS NOT NULL'],
            params,
            limit,
            shape,
          ),
        );
    }
    const page = mergeNewestFirst(keys, limit + 1);
    const more = page.length > limit;
    const shown = more ? page.slice(0, limit) : page;
    return {
      rows: this.fetch(shown.map((k) => k.id)),
      nextCursor: more ? encodeCursor(shown.at(-1) ?? { ts: 0, id: 0 }) : null,
    };
  }

  /** Calls settled at start-up as unknown billing in [from, to): few rows, read through the partial error index. */
  unknownBilling({ from, to }: { from: number; to: number }): { attempts: number; costNanos: number } {
    const row = this.db
      .prepare<[number, number, string], { attempts: number; costNanos: number | null }>(
        `SELECT count(*) AS attempts, sum(cost_nanos) AS costNanos FROM calls INDEXED BY calls_error_ts
         WHERE ts >= ? AND ts < ? AND error_code IS NOT NULL AND error_code = ?`,
      )
      .get(from, to, UNKNOWN_BILLING);
    return { attempts: row?.attempts ?? 0, costNanos: row?.costNanos ?? 0 };
  }

  detail(id: number) {
    const row = this.db.prepare<[number], CallRowDb>('SELECT * FROM calls WHERE id = ?').get(id);
    if (!row) throw new AppError('not_found', `No call with id ${id}`);
    const rootId = row.root_id ?? row.id;
    const attemptRows = this.db
      .prepare<[number, number], CallRowDb>('SELECT * FROM calls WHERE id = ? OR root_id = ? ORDER BY attempt, id')
      .all(rootId, rootId);
    const ids = attemptRows.map((r) => r.id);
    type H = {
      call_row_id: number;
      changed_at: number;
      reason: 'settlement' | 'reprice';
      old_cost_nanos: number | null;
      old_cost_source: CostSource;
      old_price_version: string | null;
      new_cost_nanos: number | null;
      new_cost_source: CostSource;
      new_price_version: string | null;
    };
    const history = this.db
      .prepare<[], H>(`SELECT * FROM call_cost_history WHERE call_row_id IN (${ids.join(',')}) ORDER BY id`)
      .all();
    let meta: Record<string, string | number | boolean | null> | null = null;
    try {
      meta = row.meta ? (JSON.parse(row.meta) as typeof meta) : null;
    } catch {
      meta = null;
    }
    return {
      call: { ...toCallRow(row, this.profiles.get(row.profile_id)), meta },
      attempts: attemptRows.map((r) => toCallRow(r, this.profiles.get(r.profile_id))),
      history: history.map((h) => ({
        rowId: h.call_row_id,
        changedAt: new Date(h.changed_at).toISOString(),
        reason: h.reason,
        oldCostNanos: h.old_cost_nanos,
        oldCostSource: h.old_cost_source,
        oldPriceVersion: h.old_price_version,
        newCostNanos: h.new_cost_nanos,
        newCostSource: h.new_cost_source,
        newPriceVersion: h.new_price_version,
      })),
    };
  }

  /**
   * Error rows whose code or message contains q (3+ characters: the trigram index answers). In one job or
   * content piece (few rows) each row is tested against the index. Otherwise the matches are streamed from the
   * index, highest id first (ids follow time closely: rows are written as calls start), until one page is
   * provably complete: a common text ("rate limit") stops after about a page instead of reading every match.
   */
  private errorText(
    q: string,
    profileIds: number[] | null,
    where: string[],
    params: Array<string | number>,
    limit: number,
    shape: Shape,
  ): Key[] {
    const match = `"${q.replaceAll('"', '""')}"`;
    if (filtersByOwner(where))
      return this.statement(
        `SELECT id, ts FROM calls WHERE ${where.join(' AND ')}
         AND EXISTS (SELECT 1 FROM calls_error_text WHERE calls_error_text MATCH ? AND rowid = calls.id)
         ORDER BY ts DESC, id DESC LIMIT ?`,
      ).all(...params, match, limit + 1);
    const errorShape = { ...shape, errorsOnly: true };
    const streamed = this.streamMatches(match, profileIds, where, params, limit + 1, errorShape);
    if (streamed) return streamed;
    // The text is common but the other filters keep few of its matches: read the match set once and walk the
    // rows the filters keep newest-first against it. (Testing rows one by one costs more: the index answers
    // `MATCH ? AND rowid = ?` by reading the whole match.)
    return this.walkMatchSet(match, this.profileGroups(profileIds), where, params, limit + 1, errorShape);
  }

  /** The profile filter as index reads: one per profile when few, else one IN list (null = every profile). */
  private profileGroups(profileIds: number[] | null): ProfileGroup[] {
    if (profileIds === null) return [{ profileId: null, inList: '' }];
    if (profileIds.length <= MAX_MERGED_PROFILES) return profileIds.map((id) => ({ profileId: id, inList: '' }));
    return [{ profileId: null, inList: `AND profile_id IN (${profileIds.join(',') || 'NULL'})` }];
  }

  /** Newest-first rows of one group meeting `where`: SQL, with `extra` conditions, and its leading parameters. */
  private groupSql(g: ProfileGroup, where: string[], shape: Shape, select: string, extra = ''): string {
    const index = rangeIndex(g.profileId !== null, shape);
    return `SELECT ${select} FROM calls INDEXED BY ${index} WHERE ${g.profileId !== null ? 'profile_id = ? AND ' : ''}
      ${where.join(' AND ')} ${g.inList} ${extra} ORDER BY ts DESC, id DESC LIMIT ?`;
  }

  private groupParams(g: ProfileGroup, params: Array<string | number>): Array<string | number> {
    return g.profileId !== null ? [g.profileId, ...params] : params;
  }

  /** The whole match set read once, then each group's rows walked newest-first until `need` are in it. */
  private walkMatchSet(
    match: string,
    groups: ProfileGroup[],
    where: string[],
    params: Array<string | number>,
    need: number,
    shape: Shape,
  ): Key[] {
    const matches = this.matchSet(match);
    if (matches.size === 0) return [];
    return groups.flatMap((g) => {
      const out: Key[] = [];
      const rows = this.statement(this.groupSql(g, where, shape, 'id, ts'));
      for (const k of rows.iterate(...this.groupParams(g, params), -1)) {
        if (!matches.has(k.id)) continue;
        out.push(k);
        if (out.length >= need) break;
      }
      return out;
    });
  }

  /**
   * The `need` newest rows (by ts, id) among the text matches that meet `where`. Matches come from the index in
   * batches, highest id first. Once `need` rows are held, the page is complete when every row that could still
   * outrank the last of them (ts at least its ts) has an id at or above the batch's lowest: their smallest id is
   * read from a ts-ordered index over those few newest rows. Exact whatever the id order. Null when a page is not
   * complete after `streamedMatches` matches (the other filters keep few of them).
   */
  private streamMatches(
    match: string,
    profileIds: number[] | null,
    where: string[],
    params: Array<string | number>,
    need: number,
    shape: Shape,
  ): Key[] | null {
    const inProfiles = profileIds === null ? '' : `AND profile_id IN (${profileIds.join(',') || 'NULL'})`;
    const nextMatches = this.statement<number>(
      'SELECT rowid FROM calls_error_text WHERE calls_error_text MATCH ? AND rowid < ? ORDER BY rowid DESC LIMIT ?',
    ).pluck();
    const keep = this.statement(
      `SELECT id, ts FROM calls NOT INDEXED WHERE id IN (SELECT value FROM json_each(?)) AND ${where.join(' AND ')} ${inProfiles}`,
    );
    let held: Key[] = [];
    let below = Number.MAX_SAFE_INTEGER;
    let read = 0;
    for (let batch = this.search.firstBatch; ; batch = Math.min(batch * 2, MAX_SEARCH_BATCH)) {
      if (read >= this.search.streamedMatches) return null;
      const ids = nextMatches.all(match, below, batch);
      read += ids.length;
      if (ids.length === 0) return held;
      below = ids.at(-1) ?? below;
      held = mergeNewestFirst([...held, ...keep.all(JSON.stringify(ids), ...params)], need);
      if (ids.length < batch) return held;
      const last = held[need - 1];
      if (last && this.smallestIdSince(last.ts, profileIds, where, params, shape) >= below) return held;
    }
  }

  /** The smallest id among rows meeting `where` with ts at or after `ts` (Infinity when none), by a ts-ordered index. */
  private smallestIdSince(
    ts: number,
    profileIds: number[] | null,
    where: string[],
    params: Array<string | number>,
    shape: Shape,
  ): number {
    const conditions = [...where, 'ts >= ?'].join(' AND ');
    if (profileIds !== null && profileIds.length <= MAX_MERGED_PROFILES) {
      const perProfile = this.statement<number | null>(
        `SELECT min(id) FROM calls INDEXED BY ${rangeIndex(true, shape)} WHERE profile_id = ? AND ${conditions}`,
      ).pluck();
      return Math.min(Infinity, ...profileIds.map((pid) => perProfile.get(pid, ...params, ts) ?? Infinity));
    }
    const inProfiles = profileIds === null ? '' : `AND profile_id IN (${profileIds.join(',') || 'NULL'})`;
    const min = this.statement<number | null>(
      `SELECT min(id) FROM calls INDEXED BY ${rangeIndex(false, shape)} WHERE ${conditions} ${inProfiles}`,
    )
      .pluck()
      .get(...params, ts);
    return min ?? Infinity;
  }

  /**
   * Every row id whose error text matches, kept for the next pages and filters of the same search until the
   * ledger writes error text again (reading a common text's matches costs tens of ms at 5M rows).
   */
  private matchSet(match: string): Set<number> {
    const hit = this.matchSets.get(match);
    if (hit && hit.writes === this.errorTextWrites.count) return hit.ids;
    const writes = this.errorTextWrites.count;
    const ids = new Set(
      this.statement<number>('SELECT rowid FROM calls_error_text WHERE calls_error_text MATCH ?').pluck().all(match),
    );
    this.matchSets.delete(match);
    this.matchSets.set(match, { writes, ids });
    if (this.matchSets.size > MAX_MATCH_SETS) this.matchSets.delete(this.matchSets.keys().next().value as string);
    return ids;
  }

  /** Newest-first keys from the narrowest ts-ordered index for the filters, with the shared conditions. */
  private scan(where: string[], params: Array<string | number>, limit: number, shape: Shape): Key[] {
    const index = filtersByOwner(where) ? '' : `INDEXED BY ${rangeIndex(false, shape)}`;
    const sql = `SELECT id, ts FROM calls ${index} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY ts DESC, id DESC LIMIT ?`;
    return this.statement(sql).all(...params, limit + 1);
  }

  /** One newest-first index range per profile (merged by the caller); a long profile list scans instead. */
  private byProfiles(
    ids: number[],
    where: string[],
    params: Array<string | number>,
    limit: number,
    shape: Shape,
  ): Key[] {
    if (ids.length === 0) return [];
    if (ids.length > MAX_MERGED_PROFILES || filtersByOwner(where))
      return this.scan([...where, `profile_id IN (${ids.join(',')})`], params, limit, shape);
    const stmt = this.statement(
      `SELECT id, ts FROM calls INDEXED BY ${rangeIndex(true, shape)} WHERE profile_id = ? ${where.map((w) => `AND ${w}`).join(' ')}
       ORDER BY ts DESC, id DESC LIMIT ?`,
    );
    return ids.flatMap((pid) => stmt.all(pid, ...params, limit + 1));
  }

  /** Statements by SQL text: the filter shapes are few, so each is prepared once per connection. */
  private statement<Row = Key>(sql: string): Statement<unknown[], Row> {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      if (this.statements.size >= MAX_CACHED_STATEMENTS) this.statements.clear();
      stmt = this.db.prepare<unknown[], unknown>(sql);
      this.statements.set(sql, stmt);
    }
    return stmt as Statement<unknown[], Row>;
  }

  private fetch(ids: number[]): CallRow[] {
    if (ids.length === 0) return [];
    const rows = this.db.prepare<[], CallRowDb>(`SELECT * FROM calls WHERE id IN (${ids.join(',')})`).all();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => {
      const r = byId.get(id);
      return r ? [toCallRow(r, this.profiles.get(r.profile_id))] : [];
    });
  }
}

function mergeNewestFirst(keys: Key[], n: number): Key[] {
  const seen = new Set<number>();
  return keys
    .sort((a, b) => b.ts - a.ts || b.id - a.id)
    .filter((k) => {
      if (seen.has(k.id)) return false;
      seen.add(k.id);
      return true;
    })
    .slice(0, n);
}
