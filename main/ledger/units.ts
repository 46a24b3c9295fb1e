// Units <-> the ledger's exclusive-bucket columns (`u_<Units key>`), in one place.
import { LEDGER_UNITS } from '../../preload/contract/units';
import type { UnitName, Units } from '../gateway/types';

/** Every bucket the ledger stores, in column order (the contract owns the list). Seconds, minutes, credits may be fractional. */
export const UNIT_NAMES = LEDGER_UNITS satisfies readonly UnitName[];

// Compile-time check that UNIT_NAMES lists every Units key: adding a bucket to Units without a column fails here.
type MissingUnit = Exclude<UnitName, (typeof UNIT_NAMES)[number]>;
const allUnitsHaveColumns: MissingUnit extends never ? true : MissingUnit = true;
void allUnitsHaveColumns;

export const FRACTIONAL_UNITS: ReadonlySet<UnitName> = new Set<UnitName>(['seconds', 'minutes', 'credits']);

export const unitColumn = (u: UnitName): string => `u_${u}`;
export const UNIT_COLUMNS: readonly string[] = UNIT_NAMES.map(unitColumn);

/**
 * Validated copy of provider-parsed units: finite, non-negative, integers where the bucket is countable.
 * Bad values are dropped rather than stored (a parser bug must not poison sums).
 */
export function cleanUnits(units: Units): Units {
  const out: Units = {};
  for (const name of UNIT_NAMES) {
    const v = units[name];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) continue;
    out[name] = FRACTIONAL_UNITS.has(name) ? v : Math.round(v);
  }
  return out;
}

/** Column values in UNIT_NAMES order, null for empty buckets. */
export function unitValues(units: Units): Array<number | null> {
  return UNIT_NAMES.map((n) => units[n] ?? null);
}

/** Rebuilds Units from a row holding `u_*` columns. */
export function unitsFromRow(row: Record<string, unknown>): Units {
  const out: Units = {};
  for (const name of UNIT_NAMES) {
    const v = row[unitColumn(name)];
    if (typeof v === 'number' && v !== 0) out[name] = v;
  }
  return out;
}

export const hasUnits = (units: Units): boolean => UNIT_NAMES.some((n) => (units[n] ?? 0) > 0);
