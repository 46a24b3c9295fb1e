// Turns the ledger summary into uPlot's aligned columns: local days (unix seconds at local midnight) and latency buckets.
import uPlot from 'uplot';
import type { UsageSummary } from '../../../../preload/contract/ledger';

export const PROVIDER_COLORS: Record<string, string> = {
  openai: '#10a37f',
  anthropic: '#d97757',
  perplexity: '#20b8cd',
  openrouter: '#6467f2',
  elevenlabs: '#e5e7eb',
  heygen: '#7c3aed',
  exa: '#1f6feb',
  twilio: '#f22f46',
  sendgrid: '#51a9e3',
  apollo: '#f5c542',
};
const FALLBACK = '#8b949e';
export const providerColor = (p: string) => PROVIDER_COLORS[p] ?? FALLBACK;

/** 'YYYY-MM-DD' as local midnight, in seconds (uPlot's default time scale is local). */
export function localDaySeconds(day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d).getTime() / 1000;
}

const AXIS = { stroke: '#8b949e', grid: { stroke: '#30363d', width: 1 }, ticks: { stroke: '#30363d', width: 1 } };
const usd = (nanos: number) => (nanos / 1e9 >= 100 ? `$${(nanos / 1e9).toFixed(0)}` : `$${(nanos / 1e9).toFixed(2)}`);

/** Spend per local day, stacked by provider: each series is the running total up to that provider, drawn largest first. */
export function spendStackedByProvider(summary: UsageSummary): {
  options: Omit<uPlot.Options, 'width'>;
  data: uPlot.AlignedData;
} {
  const providers = summary.byProvider.filter((p) => p.costNanos > 0).map((p) => p.provider);
  const xs = summary.byDay.map((d) => localDaySeconds(d.day));
  const cumulative: number[][] = [];
  let running = summary.byDay.map(() => 0);
  for (const p of providers) {
    running = running.map((v, i) => v + (summary.byDay[i]?.costByProvider[p] ?? 0));
    cumulative.push(running);
  }
  const bars = uPlot.paths.bars?.({ size: [0.7, 40] });
  // Stacked bars drawn last-first so each provider's bar shows its own band above the ones below.
  const layers = providers.map((provider, i) => ({ provider, total: cumulative[i] ?? [], below: cumulative[i - 1] }));
  const order = layers.reverse();
  return {
    options: {
      height: 260,
      legend: { show: true },
      scales: { x: { time: true } },
      axes: [AXIS, { ...AXIS, values: (_u, vals) => vals.map((v) => usd(v)), size: 64 }],
      series: [
        {},
        ...order.map(({ provider, total, below }) => ({
          label: provider,
          stroke: providerColor(provider),
          fill: providerColor(provider),
          paths: bars,
          points: { show: false },
          // The legend shows the provider's own amount, not the running total.
          value: (_u: uPlot, _v: number | null, _s: number, idx: number | null) =>
            idx === null ? '' : usd((total[idx] ?? 0) - (below?.[idx] ?? 0)),
        })),
      ],
    },
    data: [xs, ...order.map((l) => l.total)],
  };
}

export function callsAndErrors(summary: UsageSummary): {
  options: Omit<uPlot.Options, 'width'>;
  data: uPlot.AlignedData;
} {
  return {
    options: {
      height: 200,
      scales: { x: { time: true } },
      axes: [AXIS, { ...AXIS, size: 56 }],
      series: [
        {},
        { label: 'Calls', stroke: '#58a6ff', width: 2, fill: 'rgba(88,166,255,0.12)' },
        { label: 'Attempts', stroke: '#8b949e', width: 1, dash: [4, 4] },
        { label: 'Errors', stroke: '#f85149', width: 2 },
      ],
    },
    data: [
      summary.byDay.map((d) => localDaySeconds(d.day)),
      summary.byDay.map((d) => d.calls),
      summary.byDay.map((d) => d.attempts),
      summary.byDay.map((d) => d.errors),
    ],
  };
}

const latencyLabel = (v: number) =>
  v >= 1000 ? `${(v / 1000).toFixed(v >= 10_000 ? 0 : 1)} s` : `${Math.round(v)} ms`;

/** p50/p95/p99 per bucket (hours or local days) from the ledger's latency histograms; empty buckets are gaps. */
export function latencyPercentiles(summary: UsageSummary): {
  options: Omit<uPlot.Options, 'width'>;
  data: uPlot.AlignedData;
} {
  const points = summary.latency.points;
  const line = (label: string, stroke: string, width: number) => ({
    label,
    stroke,
    width,
    points: { show: summary.latency.bucket === 'hour' || points.length < 40 },
    value: (_u: uPlot, v: number | null) => (v === null ? '—' : latencyLabel(v)),
  });
  return {
    options: {
      height: 200,
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
      axes: [AXIS, { ...AXIS, values: (_u, vals) => vals.map((v) => latencyLabel(v)), size: 64 }],
      series: [{}, line('p50', '#58a6ff', 2), line('p95', '#d29922', 2), line('p99', '#f85149', 1)],
    },
    data: [
      points.map((p) => Date.parse(p.start) / 1000),
      points.map((p) => p.p50Ms),
      points.map((p) => p.p95Ms),
      points.map((p) => p.p99Ms),
    ],
  };
}
