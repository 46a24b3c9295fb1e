// USD amounts from providers (JSON numbers like 0.00119, strings like "0.00003") to integer
// nano-USD, via the decimal text so 0.1-style binary rounding never leaks into the ledger.
import type { Nanos } from '../../gateway/types';

const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Converts a USD amount (number or decimal string, exponent allowed) to integer nano-USD,
 * rounding half away from zero below 1 nano. Returns undefined for null, NaN or non-numeric text.
 * `scalePow10` multiplies first, exactly: per-token prices become per-million with 6.
 */
export function usdToNanos(amount: number | string | null | undefined, scalePow10 = 0): Nanos | undefined {
  if (amount === null || amount === undefined) return undefined;
  if (typeof amount === 'number' && !Number.isFinite(amount)) return undefined;
  // String(number) gives the shortest round-trip decimal (0.00119 -> "0.00119", 1e-7 -> "1e-7").
  const text = (typeof amount === 'number' ? String(amount) : amount).trim();
  const m = DECIMAL.exec(text);
  if (m === null || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const sign = m[1] === '-' ? -1 : 1;
  const intPart = m[2] ?? '';
  const digits = intPart + (m[3] ?? '');
  // Position of the decimal point after shifting by 9 places (USD -> nano), the scale and the exponent.
  const point = intPart.length + 9 + scalePow10 + Number(m[4] ?? '0');
  let whole = '0';
  let firstDropped = 0;
  if (point <= 0) {
    firstDropped = point === 0 ? Number(digits[0] ?? '0') : 0;
  } else {
    const padded = digits.padEnd(point + 1, '0');
    whole = padded.slice(0, point);
    firstDropped = Number(padded[point]);
  }
  const value = Number(whole) + (firstDropped >= 5 ? 1 : 0);
  if (!Number.isSafeInteger(value)) return undefined;
  return value === 0 ? 0 : sign * value;
}
