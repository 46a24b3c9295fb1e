// User price overrides: a rate for (provider, model pattern, unit) from an effective date on. The most
// specific pattern wins (exact > longest prefix > '*'), then the latest effective date not after the call.
import type { Db } from '../db/database';
import { AppError } from '../core/errors';
import { PROVIDER_IDS, type ProviderId, type UnitName } from '../gateway/types';
import { UNIT_NAMES } from '../ledger/units';
import { BLOCK_SIZES, type BlockSize, type Rate } from './rates';

export interface PriceOverride {
  id: number;
  provider: ProviderId;
  model: string;
  unit: UnitName;
  rate: Rate;
  effectiveFrom: number;
  note: string;
  createdAt: string;
  updatedAt: string;
}

export interface OverrideFields {
  provider: ProviderId;
  model: string;
  unit: UnitName;
  nanosPerBlock: number;
  blockSize: BlockSize;
  effectiveFrom: number;
  note: string;
}

interface Row {
  id: number;
  provider: string;
  model: string;
  unit: string;
  nanos_per_block: number;
  block_size: number;
  effective_from: number;
  note: string;
  created_at: string;
  updated_at: string;
}

/** 0 = no match; higher = more specific. Candidates are the call's model ids (raw and base snapshot). */
export function patternScore(pattern: string, candidates: readonly string[]): number {
  if (pattern === '*') return 1;
  if (pattern.endsWith('*')) {
    const prefix = pattern.slice(0, -1);
    return candidates.some((c) => c.startsWith(prefix)) ? 2 + prefix.length : 0;
  }
  return candidates.includes(pattern) ? 1_000_000 : 0;
}

const MODEL_PATTERN = /^(\*|[^*\s]{1,200}\*?)$/;

function validate(f: OverrideFields): void {
  if (!PROVIDER_IDS.includes(f.provider)) throw new AppError('invalid_input', `Unknown provider ${f.provider}`);
  if (!(UNIT_NAMES as readonly string[]).includes(f.unit))
    throw new AppError('invalid_input', `Unknown unit ${f.unit}`);
  if (!MODEL_PATTERN.test(f.model))
    throw new AppError('invalid_input', 'Model must be an id, a prefix ending in "*", or "*"');
  if (!BLOCK_SIZES.includes(f.blockSize)) throw new AppError('invalid_input', 'Block size must be 1, 1000 or 1000000');
  if (!Number.isSafeInteger(f.nanosPerBlock) || f.nanosPerBlock < 0)
    throw new AppError('invalid_input', 'Price must be a non-negative amount');
  if (!Number.isSafeInteger(f.effectiveFrom)) throw new AppError('invalid_input', 'Effective date is invalid');
}

export class OverrideStore {
  private cache: PriceOverride[] | null = null;
  /** Bumped on every change so callers can drop derived caches. */
  version = 0;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  list(): PriceOverride[] {
    if (!this.cache) {
      this.cache = this.db
        .prepare<[], Row>('SELECT * FROM price_overrides ORDER BY provider, model, unit, effective_from')
        .all()
        .map((r) => ({
          id: r.id,
          provider: r.provider as ProviderId,
          model: r.model,
          unit: r.unit as UnitName,
          rate: { nanosPerBlock: r.nanos_per_block, blockSize: r.block_size as BlockSize },
          effectiveFrom: r.effective_from,
          note: r.note,
          createdAt: r.created_at,
          updatedAt: r.updated_at,
        }));
    }
    return this.cache;
  }

  get(id: number): PriceOverride {
    const o = this.list().find((x) => x.id === id);
    if (!o) throw new AppError('not_found', `No price override ${id}`);
    return o;
  }

  create(f: OverrideFields): PriceOverride {
    validate(f);
    const at = this.now().toISOString();
    try {
      const info = this.db
        .prepare(
          `INSERT INTO price_overrides (provider, model, unit, nanos_per_block, block_size, effective_from, note, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(f.provider, f.model, f.unit, f.nanosPerBlock, f.blockSize, f.effectiveFrom, f.note, at, at);
      this.changed();
      return this.get(Number(info.lastInsertRowid));
    } catch (e) {
      throw this.conflict(e);
    }
  }

  update(id: number, patch: Partial<OverrideFields>): PriceOverride {
    const cur = this.get(id);
    const next: OverrideFields = {
      provider: patch.provider ?? cur.provider,
      model: patch.model ?? cur.model,
      unit: patch.unit ?? cur.unit,
      nanosPerBlock: patch.nanosPerBlock ?? cur.rate.nanosPerBlock,
      blockSize: patch.blockSize ?? cur.rate.blockSize,
      effectiveFrom: patch.effectiveFrom ?? cur.effectiveFrom,
      note: patch.note ?? cur.note,
    };
    validate(next);
    const clash = this.list().find(
      (o) =>
        o.id !== id &&
        o.provider === next.provider &&
        o.model === next.model &&
        o.unit === next.unit &&
        o.effectiveFrom === next.effectiveFrom,
    );
    if (clash) {
      throw new AppError(
        'conflict',
        `Override ${clash.id} already sets ${next.provider} ${next.model} ${next.unit} from that date: edit or delete it instead`,
        {
          overrideId: clash.id,
        },
      );
    }
    try {
      this.db
        .prepare(
          `UPDATE price_overrides SET provider = ?, model = ?, unit = ?, nanos_per_block = ?, block_size = ?, effective_from = ?, note = ?,
           updated_at = ? WHERE id = ?`,
        )
        .run(
          next.provider,
          next.model,
          next.unit,
          next.nanosPerBlock,
          next.blockSize,
          next.effectiveFrom,
          next.note,
          this.now().toISOString(),
          id,
        );
    } catch (e) {
      throw this.conflict(e);
    }
    this.changed();
    return this.get(id);
  }

  delete(id: number): boolean {
    const n = this.db.prepare('DELETE FROM price_overrides WHERE id = ?').run(id).changes;
    this.changed();
    return n > 0;
  }

  /** The override in force for this unit at `at`, or null. */
  match(provider: string, models: readonly string[], unit: UnitName, at: number): PriceOverride | null {
    let best: PriceOverride | null = null;
    let bestScore = 0;
    for (const o of this.list()) {
      if (o.provider !== provider || o.unit !== unit || o.effectiveFrom > at) continue;
      const score = patternScore(o.model, models);
      if (score === 0) continue;
      if (score > bestScore || (score === bestScore && best !== null && o.effectiveFrom > best.effectiveFrom)) {
        best = o;
        bestScore = score;
      }
    }
    return best;
  }

  private changed(): void {
    this.cache = null;
    this.version++;
  }

  private conflict(e: unknown): unknown {
    if (e instanceof Error && /UNIQUE constraint failed/.test(e.message)) {
      return new AppError('conflict', 'An override for this provider, model, unit and effective date already exists');
    }
    return e;
  }
}
