// Integer rate arithmetic and the unit vocabulary shared by tables, overrides and genai-prices.
import { AppError } from '../core/errors';
import type { UnitName } from '../gateway/types';

export const BLOCK_SIZES = [1, 1_000, 1_000_000] as const;
export type BlockSize = (typeof BLOCK_SIZES)[number];

/** A price: `nanosPerBlock` nano-USD for every `blockSize` units (e.g. 2,500,000,000 per 1,000,000 tokens). */
export interface Rate {
  nanosPerBlock: number;
  blockSize: BlockSize;
}

/** Token-family buckets: priced through @pydantic/genai-prices (with user overrides merged in). */
export const TOKEN_UNITS = [
  'input_tokens',
  'cached_input_tokens',
  'cache_write_5m_tokens',
  'cache_write_1h_tokens',
  'output_tokens',
  'reasoning_tokens',
  'audio_input_tokens',
] as const satisfies readonly UnitName[];
export type TokenUnit = (typeof TOKEN_UNITS)[number];
export const isTokenUnit = (u: UnitName): u is TokenUnit => (TOKEN_UNITS as readonly string[]).includes(u);

/** genai-prices price key and its denominator for each of our buckets that it knows. */
export const GENAI_KEYS: Partial<Record<UnitName, { key: string; per: number }>> = {
  input_tokens: { key: 'input_mtok', per: 1e6 },
  cached_input_tokens: { key: 'cache_read_mtok', per: 1e6 },
  cache_write_5m_tokens: { key: 'cache_write_mtok', per: 1e6 },
  cache_write_1h_tokens: { key: 'cache_write_1h_mtok', per: 1e6 },
  output_tokens: { key: 'output_mtok', per: 1e6 },
  reasoning_tokens: { key: 'output_reasoning_mtok', per: 1e6 },
  audio_input_tokens: { key: 'input_audio_mtok', per: 1e6 },
  web_searches: { key: 'web_searches_kcount', per: 1e3 },
  requests: { key: 'requests_kcount', per: 1e3 },
};

/** A rate as genai-prices' float "USD per `per` units" (only used to feed calcPrice). */
export const rateToGenai = (rate: Rate, per: number): number => (rate.nanosPerBlock / 1e9) * (per / rate.blockSize);

const DECIMAL_USD = /^\d{1,9}(\.\d{1,12})?$/;

/**
 * Exact conversion of a decimal USD string per block to integer nano-USD per block. Rejects amounts finer
 * than a nano per block (pick a larger block instead) and anything that is not a plain decimal.
 */
export function usdToRateNanos(usd: string): number {
  const text = usd.trim();
  if (!DECIMAL_USD.test(text))
    throw new AppError('invalid_input', `Price must be a plain decimal USD amount, got "${usd.slice(0, 30)}"`);
  const [whole, frac = ''] = text.split('.');
  if (frac.length > 9 && /[^0]/.test(frac.slice(9))) {
    throw new AppError(
      'invalid_input',
      `Price ${text} is finer than one nano-USD per block: use a larger block (per 1,000 or per 1,000,000)`,
    );
  }
  const nanos = Number(whole) * 1e9 + Number(frac.slice(0, 9).padEnd(9, '0'));
  if (!Number.isSafeInteger(nanos)) throw new AppError('invalid_input', `Price ${text} is too large`);
  return nanos;
}

/** Decimal USD string of nanos (no float formatting noise): 2500000000 -> "2.5". */
export function nanosToUsd(nanos: number): string {
  const sign = nanos < 0 ? '-' : '';
  const abs = Math.abs(nanos);
  const whole = Math.floor(abs / 1e9);
  const frac = String(abs % 1e9)
    .padStart(9, '0')
    .replace(/0+$/, '');
  return `${sign}${whole}${frac ? `.${frac}` : ''}`;
}

/**
 * Sums quantity x rate terms exactly (BigInt, thousandths of a unit) and rounds once, half up, to nanos.
 * Common denominator: 1,000 (milli-units) x 1,000,000 (largest block).
 */
export class CostSum {
  private numerator = 0n;
  private static readonly DEN = 1_000n * 1_000_000n;

  add(quantity: number, rate: Rate): void {
    const milli = BigInt(Math.round(quantity * 1_000));
    this.numerator += milli * BigInt(rate.nanosPerBlock) * BigInt(1_000_000 / rate.blockSize);
  }

  nanos(): number {
    return Number((this.numerator + CostSum.DEN / 2n) / CostSum.DEN);
  }
}
