// The cost ledger's write side: one row per attempt plus its hourly rollup in the same transaction,
// late settlement (a price that arrives after the call) and cost changes with history.
import type { Db } from '../db/database';
import { immediate } from '../db/database';
import { AppError } from '../core/errors';
import { UNKNOWN_BILLING_CODE } from '../../preload/contract/units';
import { redactSecrets } from '../core/redact';
import type { AttemptRecord, LedgerSink } from '../gateway/deps';
import { COST_SOURCES, type CostSource, type Nanos, type Units } from '../gateway/types';
import { errorTextWrites } from './error-text-writes';
import { ProfileStore } from './profiles';
import { addCost, addInto, createRollupWriter, deltaForRow, hourOf, RollupDelta, type RollupWriter } from './rollups';
import { cleanUnits, UNIT_COLUMNS, UNIT_NAMES, unitsFromRow, unitValues } from './units';

export const FLAG_ESTIMATED = 1;
export const FLAG_FREE = 2;
/** A write-ahead row: committed before its request left, not yet completed (a crash leaves it so). */
export const FLAG_IN_FLIGHT = 4;
/** The error code of a write-ahead row settled at start-up: the call may or may not have been billed. */
export const UNKNOWN_BILLING = UNKNOWN_BILLING_CODE;
const UNKNOWN_BILLING_MESSAGE =
  'The app stopped while this call was in flight: the provider may have billed it. Cost shown is the worst-case estimate; check the provider dashboard.';

const MAX_ERROR_MESSAGE = 1_000;
const MAX_META_JSON = 4_000;
/** How far back a retry may look for its first attempt when the in-memory link is gone. */
const RETRY_LOOKBACK_MS = 24 * 3_600_000;
const ROOT_CACHE_SIZE = 10_000;

export interface CostChange {
  costNanos: Nanos | null;
  costSource: CostSource;
  priceVersion: string | null;
}

export interface CostChangeEvent {
  rowId: number;
  ts: number;
  profileId: number;
  provider: string;
  integrationId: string | null;
  oldCostNanos: Nanos | null;
  newCostNanos: Nanos | null;
}

/** The billed row a late settlement applies to, as its pricing needs it. */
export interface SettlementRow {
  rowId: number;
  ts: number;
  provider: string;
  model: string | null;
  endpoint: string;
}

export interface UnitSettlement {
  rowId: number;
  previousCostNanos: Nanos | null;
  costNanos: Nanos | null;
  /** False when the row already carried these units and this cost (a repeated settlement changes nothing). */
  changed: boolean;
}

/** A committed change of priced spend (or of unpriced count) at one time, for in-memory budget totals. */
export interface SpendChange {
  ts: number;
  profileId: number;
  costNanos: number;
  unpriced: number;
}

/** A paid non-idempotent call that may already have been sent once under this key (a job's step). */
export class AlreadySentError extends AppError {
  constructor(key: string) {
    super(
      'conflict',
      `This paid call may already have been sent (${key.slice(0, 120)}); it is not sent again. Check the provider before retrying.`,
      { onceKey: key.slice(0, 200) },
    );
  }
}

interface CostRow {
  id: number;
  ts: number;
  profile_id: number;
  cost_nanos: number | null;
  cost_source: CostSource;
  price_version: string | null;
}

const spendOf = (ts: number, profileId: number, costNanos: Nanos | null): SpendChange => ({
  ts,
  profileId,
  costNanos: costNanos ?? 0,
  unpriced: costNanos === null ? 1 : 0,
});

function redactedMeta(meta: AttemptRecord['meta']): string | null {
  if (!meta) return null;
  const out: Record<string, string | number | boolean | null> = {};
  for (const [k, v] of Object.entries(meta)) {
    out[redactSecrets(k)] =
      typeof v === 'string' ? redactSecrets(v) : typeof v === 'number' && !Number.isFinite(v) ? null : v;
  }
  const json = JSON.stringify(out);
  return json.length > MAX_META_JSON ? JSON.stringify({ truncated: true }) : json;
}

const optionalText = (s: string | null | undefined, max = 200): string | null =>
  s ? redactSecrets(s).slice(0, max) : null;

export function validateCost(c: CostChange): void {
  if (!COST_SOURCES.includes(c.costSource))
    throw new AppError('invalid_input', `Unknown cost source ${String(c.costSource)}`);
  if ((c.costNanos === null) !== (c.costSource === 'unpriced')) {
    throw new AppError('invalid_input', 'A cost must be null exactly when the source is "unpriced"');
  }
  if (c.costNanos !== null && (!Number.isSafeInteger(c.costNanos) || c.costNanos < 0)) {
    throw new AppError('invalid_input', 'A cost must be a non-negative integer of nano-USD');
  }
}

/** The calls columns an attempt's row fills, in the order rowValues gives them. */
export const CALL_COLUMNS: readonly string[] = [
  'profile_id',
  'call_id',
  'root_id',
  'attempt',
  'ts',
  'status',
  'latency_ms',
  'request_bytes',
  'response_bytes',
  'error_code',
  'error_message',
  ...UNIT_COLUMNS,
  'cost_nanos',
  'cost_source',
  'price_version',
  'flags',
  'provider_request_id',
  'job_id',
  'content_id',
  'meta',
];

export class Ledger implements LedgerSink {
  readonly profiles: ProfileStore;
  private readonly insertStmt;
  private readonly findRootStmt;
  private readonly costRowStmt;
  private readonly updateCostStmt;
  private readonly billedRowStmt;
  private readonly settleUnitsStmt;
  private readonly historyStmt;
  private readonly errorTextStmt;
  private readonly errorTextWrites;
  private readonly writeRollup: RollupWriter;
  private readonly completeStmt;
  private readonly inFlightStmt;
  private readonly settleInFlightStmt;
  private readonly takeOnceStmt;
  private readonly releaseOnceStmt;
  private readonly spendListeners = new Set<(changes: SpendChange[]) => void>();
  /** callId -> row id of attempt 1, so retries link without an index on call_id (two generations, O(1) eviction). */
  private roots = new Map<string, number>();
  private olderRoots = new Map<string, number>();
  private readonly listeners = new Set<(changes: CostChangeEvent[]) => void>();

  constructor(
    private readonly db: Db,
    private readonly clock: () => number = Date.now,
  ) {
    this.profiles = new ProfileStore(db);
    this.insertStmt = db.prepare(
      `INSERT INTO calls (${CALL_COLUMNS.join(', ')}) VALUES (${CALL_COLUMNS.map(() => '?').join(', ')})`,
    );
    this.findRootStmt = db.prepare<[string, number], { id: number }>(
      'SELECT id FROM calls WHERE call_id = ? AND ts >= ? AND attempt = 1 ORDER BY id DESC LIMIT 1',
    );
    this.costRowStmt = db.prepare<[number], CostRow>(
      'SELECT id, ts, profile_id, cost_nanos, cost_source, price_version FROM calls WHERE id = ?',
    );
    this.updateCostStmt = db.prepare(
      'UPDATE calls SET cost_nanos = ?, cost_source = ?, price_version = ? WHERE id = ?',
    );
    this.billedRowStmt = db.prepare<[number, string, string], CostRow & Record<string, unknown> & { flags: number }>(
      `SELECT c.* FROM calls c JOIN call_profiles p ON p.id = c.profile_id
       WHERE c.ts >= ? AND c.provider_request_id = ? AND p.provider = ? AND (c.flags & ${FLAG_FREE}) = 0 ORDER BY c.id DESC LIMIT 1`,
    );
    this.settleUnitsStmt = db.prepare(
      `UPDATE calls SET ${UNIT_COLUMNS.map((c) => `${c} = ?`).join(', ')}, flags = flags & ~${FLAG_ESTIMATED} WHERE id = ?`,
    );
    this.errorTextStmt = db.prepare('INSERT INTO calls_error_text (rowid, text) VALUES (?, ?)');
    this.errorTextWrites = errorTextWrites(db);
    this.historyStmt = db.prepare(
      `INSERT INTO call_cost_history (call_row_id, changed_at, reason, old_cost_nanos, old_cost_source, old_price_version,
         new_cost_nanos, new_cost_source, new_price_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.writeRollup = createRollupWriter(db);
    const updatable = CALL_COLUMNS.filter((c) => c !== 'call_id' && c !== 'root_id' && c !== 'attempt');
    this.completeStmt = db.prepare(
      `UPDATE calls SET ${updatable.map((c) => `${c} = ?`).join(', ')} WHERE id = ? AND (flags & ${FLAG_IN_FLIGHT}) != 0`,
    );
    this.inFlightStmt = db.prepare<
      [],
      Record<string, unknown> &
        CostRow & {
          flags: number;
          attempt: number;
          latency_ms: number;
          request_bytes: number | null;
          response_bytes: number;
        }
    >(`SELECT * FROM calls WHERE (flags & ${FLAG_IN_FLIGHT}) != 0 ORDER BY id`);
    this.settleInFlightStmt = db.prepare(
      `UPDATE calls SET flags = (flags & ~${FLAG_IN_FLIGHT}) | ${FLAG_ESTIMATED}, error_code = ?, error_message = ?,
         cost_source = CASE WHEN cost_nanos IS NULL THEN 'unpriced' ELSE 'estimated' END WHERE id = ?`,
    );
    this.takeOnceStmt = db.prepare(
      'INSERT INTO calls_sent_once (key, call_id, ts) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    );
    this.releaseOnceStmt = db.prepare('DELETE FROM calls_sent_once WHERE key = ?');
  }

  /**
   * Write-ahead: commits the attempt as in flight (its worst-case estimate as the cost) before the request leaves.
   * With `onceKey` (a job's paid non-idempotent step) the key is taken in the same commit; a key taken before
   * means the call may already have been sent, and it is refused with AlreadySentError.
   */
  beginAttempt(record: AttemptRecord, onceKey?: string | null): number {
    const write = () => {
      if (onceKey && this.takeOnceStmt.run(onceKey, record.callId, Math.round(record.ts)).changes === 0)
        throw new AlreadySentError(onceKey);
      const { params } = this.rowValues(record, FLAG_IN_FLIGHT);
      const ts = Math.round(record.ts);
      const rootId = record.attempt > 1 ? this.rootFor(record.callId, ts) : null;
      const info = this.insertStmt.run(params[0], record.callId, rootId, record.attempt, ...params.slice(1));
      const id = Number(info.lastInsertRowid);
      if (record.attempt === 1) this.rememberRoot(record.callId, id);
      return id;
    };
    return onceKey ? immediate(this.db, write) : write();
  }

  /**
   * Completes a write-ahead row with what the attempt really did, and folds it into the rollups. `releaseOnce`
   * gives the job's send key back when the provider provably refused the request (nothing sent, nothing billed).
   */
  completeAttempt(rowId: number, record: AttemptRecord, releaseOnce?: string | null): void {
    const spend = immediate(this.db, () => {
      const { params, delta, errorCode, errorMessage, profileId, ts } = this.rowValues(record, 0);
      const changed = this.completeStmt.run(...params, rowId).changes;
      if (changed === 0) return null;
      if (errorCode !== null) this.indexErrorText(rowId, `${errorCode} ${errorMessage ?? ''}`);
      if (releaseOnce) this.releaseOnceStmt.run(releaseOnce);
      this.writeRollup([delta()]);
      return spendOf(ts, profileId, record.costNanos);
    });
    if (spend) this.notifySpend([spend]);
  }

  /** One BEGIN IMMEDIATE around many writes (the gateway's deferred completions and settlements). */
  batch(writes: () => void): void {
    immediate(this.db, writes);
  }

  /**
   * Start-up: rows left in flight by a crash become `unknown_billing` errors at their worst-case estimate
   * (`estimated`, or `unpriced` when even that was unknown), folded into the rollups so spend and budgets see them.
   */
  settleInFlight(): { rows: number; costNanos: number } {
    const out = { rows: 0, costNanos: 0 };
    const spends: SpendChange[] = [];
    immediate(this.db, () => {
      for (const row of this.inFlightStmt.all()) {
        this.settleInFlightStmt.run(UNKNOWN_BILLING, UNKNOWN_BILLING_MESSAGE, row.id);
        this.indexErrorText(row.id, `${UNKNOWN_BILLING} ${UNKNOWN_BILLING_MESSAGE}`);
        const profile = this.profiles.get(row.profile_id);
        const cost = row.cost_nanos;
        this.writeRollup([
          deltaForRow({
            ts: row.ts,
            profileId: row.profile_id,
            provider: profile?.provider ?? '',
            attempt: row.attempt,
            isError: true,
            units: unitsFromRow(row),
            costNanos: cost,
            costSource: cost === null ? 'unpriced' : 'estimated',
            latencyMs: row.latency_ms,
            requestBytes: row.request_bytes,
            responseBytes: row.response_bytes,
          }),
        ]);
        spends.push(spendOf(row.ts, row.profile_id, cost));
        out.rows++;
        out.costNanos += cost ?? 0;
      }
    });
    this.notifySpend(spends);
    return out;
  }

  /** Adds a row's error text to the trigram index (and tells cached searches their match sets are stale). */
  private indexErrorText(rowId: number, text: string): void {
    this.errorTextWrites.count++;
    this.errorTextStmt.run(rowId, text);
  }

  /** Called after every committed change of priced spend (new rows, settlements, re-pricing). */
  onSpend(listener: (changes: SpendChange[]) => void): () => void {
    this.spendListeners.add(listener);
    return () => this.spendListeners.delete(listener);
  }

  private notifySpend(changes: SpendChange[]): void {
    if (changes.length === 0) return;
    for (const l of this.spendListeners) l(changes);
  }

  /** Writes one attempt and its rollup in one BEGIN IMMEDIATE transaction; returns the row id. */
  recordAttempt(record: AttemptRecord): number {
    const { id, spend } = immediate(this.db, () => {
      const { id, delta, spend } = this.insert(record);
      this.writeRollup([delta]);
      return { id, spend };
    });
    this.notifySpend([spend]);
    return id;
  }

  /** Bulk path (imports, benchmarks): many attempts in one transaction, one rollup upsert per (hour, profile). */
  recordAttempts(records: readonly AttemptRecord[]): number[] {
    const spends: SpendChange[] = [];
    const ids = immediate(this.db, () => {
      const deltas: RollupDelta[] = [];
      const ids = records.map((r) => {
        const { id, delta, spend } = this.insert(r);
        deltas.push(delta);
        spends.push(spend);
        return id;
      });
      this.writeRollup(deltas);
      return ids;
    });
    this.notifySpend(spends);
    return ids;
  }

  /**
   * Late settlement: the provider's final price for an attempt (Twilio `price`, a HeyGen render's duration).
   * Updates the row and its rollup and keeps the previous cost in call_cost_history. Returns false if unchanged.
   */
  settle(
    rowId: number,
    cost: { costNanos: Nanos | null; costSource: CostSource; priceVersion?: string | null },
  ): boolean {
    const change: CostChange = {
      costNanos: cost.costNanos,
      costSource: cost.costSource,
      priceVersion: cost.priceVersion ?? (cost.costSource === 'provider_reported' ? 'reported' : null),
    };
    validateCost(change);
    const events = immediate(this.db, () => {
      const row = this.costRowStmt.get(rowId);
      if (!row) throw new AppError('not_found', `No ledger row ${rowId}`);
      const e = this.applyCostChange(row, change, 'settlement');
      return e ? [e] : [];
    });
    this.notify(events);
    return events.length > 0;
  }

  /**
   * Late settlement with final units (a render's real duration, a message's billed segments): finds the billed
   * (not free) row carrying the provider's id since `sinceTs`, replaces its units and cost together, marks its
   * units final, moves both in the rollups and keeps the previous cost in call_cost_history. `price` prices the
   * final units for that row (its own time and model). Null when no such row exists.
   */
  settleUnits(
    target: { provider: string; providerRequestId: string; sinceTs: number },
    units: Units,
    price: (row: SettlementRow) => CostChange,
  ): UnitSettlement | null {
    const finalUnits = cleanUnits(units);
    const result = immediate(this.db, () => {
      const row = this.billedRowStmt.get(target.sinceTs, target.providerRequestId, target.provider);
      if (!row) return null;
      const profile = this.profiles.get(row.profile_id);
      const cost = price({
        rowId: row.id,
        ts: row.ts,
        provider: target.provider,
        model: profile?.model ?? null,
        endpoint: profile?.endpoint ?? '',
      });
      validateCost(cost);
      const oldUnits = unitsFromRow(row);
      const unitsChanged =
        UNIT_NAMES.some((n) => (oldUnits[n] ?? 0) !== (finalUnits[n] ?? 0)) || (row.flags & FLAG_ESTIMATED) !== 0;
      if (unitsChanged) {
        this.settleUnitsStmt.run(...unitValues(finalUnits), row.id);
        // Both deltas count the same attempt; only their units differ, so everything else cancels out.
        const shape = {
          ts: row.ts,
          profileId: row.profile_id,
          provider: target.provider,
          attempt: 1,
          isError: false,
          costNanos: null,
          costSource: 'unpriced' as const,
          latencyMs: 0,
          requestBytes: 0,
          responseBytes: 0,
        };
        const delta = deltaForRow({ ...shape, units: finalUnits });
        const old = deltaForRow({ ...shape, units: oldUnits });
        addInto(delta.values, old.values, -1);
        this.writeRollup([delta]);
      }
      const event = this.applyCostChange(row, cost, 'settlement');
      return {
        event,
        outcome: {
          rowId: row.id,
          previousCostNanos: row.cost_nanos,
          costNanos: cost.costNanos,
          changed: unitsChanged || event !== null,
        },
      };
    });
    if (!result) return null;
    if (result.event) this.notify([result.event]);
    return result.outcome;
  }

  /** Applies many cost changes (re-pricing) in one transaction, with history. Returns the changed rows. */
  changeCosts(
    changes: ReadonlyArray<{ rowId: number } & CostChange>,
    reason: 'settlement' | 'reprice',
  ): CostChangeEvent[] {
    for (const c of changes) validateCost(c);
    const events = immediate(this.db, () => {
      const out: CostChangeEvent[] = [];
      for (const c of changes) {
        const row = this.costRowStmt.get(c.rowId);
        if (!row) throw new AppError('not_found', `No ledger row ${c.rowId}`);
        const e = this.applyCostChange(row, c, reason);
        if (e) out.push(e);
      }
      return out;
    });
    this.notify(events);
    return events;
  }

  /** Finds the attempt a provider id refers to (Twilio message SID) among rows since `sinceTs`. */
  findByProviderRequestId(provider: string, requestId: string, sinceTs: number): number | null {
    const row = this.db
      .prepare<[number, string, string], { id: number }>(
        `SELECT c.id FROM calls c JOIN call_profiles p ON p.id = c.profile_id
         WHERE c.ts >= ? AND c.provider_request_id = ? AND p.provider = ? ORDER BY c.id DESC LIMIT 1`,
      )
      .get(sinceTs, requestId, provider);
    return row?.id ?? null;
  }

  /** Called after a committed cost change (settlement, re-pricing), e.g. to re-check budget alerts. */
  onCostChange(listener: (changes: CostChangeEvent[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(events: CostChangeEvent[]): void {
    if (events.length === 0) return;
    this.notifySpend(
      events.map((e) => ({
        ts: e.ts,
        profileId: e.profileId,
        costNanos: (e.newCostNanos ?? 0) - (e.oldCostNanos ?? 0),
        unpriced: (e.newCostNanos === null ? 1 : 0) - (e.oldCostNanos === null ? 1 : 0),
      })),
    );
    for (const l of this.listeners) l(events);
  }

  private applyCostChange(row: CostRow, c: CostChange, reason: 'settlement' | 'reprice'): CostChangeEvent | null {
    if (row.cost_nanos === c.costNanos && row.cost_source === c.costSource && row.price_version === c.priceVersion)
      return null;
    this.updateCostStmt.run(c.costNanos, c.costSource, c.priceVersion, row.id);
    this.historyStmt.run(
      row.id,
      this.clock(),
      reason,
      row.cost_nanos,
      row.cost_source,
      row.price_version,
      c.costNanos,
      c.costSource,
      c.priceVersion,
    );
    const profile = this.profiles.get(row.profile_id);
    const delta = new RollupDelta(hourOf(row.ts), row.profile_id, profile?.provider ?? '');
    addCost(delta, { costNanos: row.cost_nanos, costSource: row.cost_source }, -1);
    addCost(delta, c, 1);
    this.writeRollup([delta]);
    return {
      rowId: row.id,
      ts: row.ts,
      profileId: row.profile_id,
      provider: profile?.provider ?? '',
      integrationId: profile?.integrationId ?? null,
      oldCostNanos: row.cost_nanos,
      newCostNanos: c.costNanos,
    };
  }

  private insert(r: AttemptRecord): { id: number; delta: RollupDelta; spend: SpendChange } {
    const { params, delta, errorCode, errorMessage, profileId, ts } = this.rowValues(r, 0);
    const rootId = r.attempt > 1 ? this.rootFor(r.callId, ts) : null;
    const info = this.insertStmt.run(params[0], r.callId, rootId, r.attempt, ...params.slice(1));
    const id = Number(info.lastInsertRowid);
    if (errorCode !== null) this.indexErrorText(id, `${errorCode} ${errorMessage ?? ''}`);
    if (r.attempt === 1) this.rememberRoot(r.callId, id);
    return { id, delta: delta(), spend: spendOf(ts, profileId, r.costNanos) };
  }

  /** Validated, redacted column values of a row (all but call_id, root_id and attempt) and its rollup delta. */
  private rowValues(r: AttemptRecord, extraFlags: number) {
    const cost: CostChange = { costNanos: r.costNanos, costSource: r.costSource, priceVersion: r.priceVersion };
    validateCost(cost);
    if (!Number.isInteger(r.attempt) || r.attempt < 1)
      throw new AppError('invalid_input', `Attempt must be a positive integer, got ${r.attempt}`);
    const ts = Math.round(r.ts);
    if (!Number.isSafeInteger(ts)) throw new AppError('invalid_input', 'Attempt timestamp must be epoch milliseconds');
    const profileId = this.profiles.idFor({
      provider: r.provider,
      integrationId: r.integrationId,
      operation: r.operation,
      endpoint: r.endpoint,
      method: r.method,
      model: r.model,
      client: r.client ?? null,
    });
    const units = cleanUnits(r.units);
    // An HTTP error always counts as an error row, even when the caller had no code for it.
    const errorCode = r.errorCode
      ? optionalText(r.errorCode, 100)
      : r.status !== null && r.status >= 400
        ? `http_${r.status}`
        : null;
    const errorMessage = optionalText(r.errorMessage, MAX_ERROR_MESSAGE);
    const latencyMs = Number.isFinite(r.latencyMs) && r.latencyMs > 0 ? r.latencyMs : 0;
    const flags =
      (r.estimated || r.costSource === 'estimated' ? FLAG_ESTIMATED : 0) | (r.free ? FLAG_FREE : 0) | extraFlags;
    const responseBytes = Math.max(0, Math.round(r.responseBytes));
    const params: unknown[] = [
      profileId,
      ts,
      r.status,
      latencyMs,
      r.requestBytes,
      responseBytes,
      errorCode,
      errorMessage,
      ...unitValues(units),
      r.costNanos,
      r.costSource,
      r.priceVersion,
      flags,
      optionalText(r.providerRequestId),
      optionalText(r.jobId),
      optionalText(r.contentId),
      redactedMeta(r.meta),
    ];
    // Built only where the row reaches the rollups (not for a write-ahead row).
    const delta = () =>
      deltaForRow({
        ts,
        profileId,
        provider: r.provider,
        attempt: r.attempt,
        isError: errorCode !== null,
        units,
        costNanos: r.costNanos,
        costSource: r.costSource,
        latencyMs,
        requestBytes: r.requestBytes,
        responseBytes,
      });
    return { params, delta, errorCode, errorMessage, profileId, ts };
  }

  private rootFor(callId: string, ts: number): number | null {
    const cached = this.roots.get(callId) ?? this.olderRoots.get(callId);
    if (cached !== undefined) return cached;
    return this.findRootStmt.get(callId, ts - RETRY_LOOKBACK_MS)?.id ?? null;
  }

  private rememberRoot(callId: string, id: number): void {
    this.roots.set(callId, id);
    if (this.roots.size >= ROOT_CACHE_SIZE) {
      this.olderRoots = this.roots;
      this.roots = new Map();
    }
  }
}
