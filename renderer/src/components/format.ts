// Display formatting shared by the Jobs and Workflows screens.

export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1e6) return `${(n / 1e3).toFixed(1)} kB`;
  return `${(n / 1e6).toFixed(1)} MB`;
}

/** Integer nano-USD to dollars; null means "not known", never $0. */
export function formatNanos(nanos: number | null): string {
  if (nanos === null) return '—';
  const usd = nanos / 1e9;
  if (usd === 0) return '$0';
  return usd < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

export function formatTime(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : '—';
}
