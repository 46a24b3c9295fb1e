// Dollar formatting shared by main (alerts, tray, report) and the renderer: integer nano-USD in,
// thousand separators, cents for normal amounts and enough digits that a tiny amount is not shown as $0.00.
// null (no price known) is never a number: it reads "unpriced".

export type CurrencyDisplay = 'auto' | 'cents' | 'precise';

const grouped = (usd: number, digits: number) =>
  usd.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export function formatUsd(nanos: number | null, display: CurrencyDisplay = 'auto'): string {
  if (nanos === null) return 'unpriced';
  const sign = nanos < 0 ? '-' : '';
  const usd = Math.abs(nanos) / 1e9;
  if (usd === 0) return '$0.00';
  if (display === 'cents') return `${sign}$${grouped(usd, 2)}`;
  if (display === 'precise') return `${sign}$${grouped(usd, usd >= 1 ? 4 : 6)}`;
  if (usd >= 0.01) return `${sign}$${grouped(usd, 2)}`;
  if (usd < 0.000001) return `${sign}<$0.000001`;
  // Two significant digits below a cent: $0.0042, $0.000031.
  const digits = Math.min(6, 1 - Math.floor(Math.log10(usd)));
  return `${sign}$${usd.toFixed(digits)}`;
}

/** A count with thousand separators. */
export const formatCount = (n: number): string => n.toLocaleString('en-US');
