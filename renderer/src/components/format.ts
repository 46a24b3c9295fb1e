// Display formatting shared by the screens.
import { formatUsd } from '../../../preload/contract/money';
import { currencyDisplay } from '../state/preferences';

export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1e6) return `${(n / 1e3).toFixed(1)} kB`;
  return `${(n / 1e6).toFixed(1)} MB`;
}

/** Integer nano-USD to dollars with thousand separators and readable tiny amounts (Settings → Dollar amounts); null means "not known", never $0. */
export function formatNanos(nanos: number | null): string {
  if (nanos === null) return '—';
  return formatUsd(nanos, currencyDisplay());
}

export function formatTime(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : '—';
}

/**
 * An upper bound as shown after "≤": rounded up in its last shown digit, so $0.014 reads "$0.02", never "$0.01"
 * (a bound shown lower than itself would not bound anything).
 */
export function formatUpperBound(nanos: number | null): string {
  const shown = formatNanos(nanos);
  if (nanos === null || nanos <= 0 || shown.startsWith('<')) return shown;
  const decimals = shown.split('.')[1]?.length ?? 0;
  const unit = 10 ** Math.max(0, 9 - decimals);
  return formatNanos(Math.ceil(nanos / unit) * unit);
}
