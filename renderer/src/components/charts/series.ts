// Turns the ledger summary into uPlot's aligned columns: local days (unix seconds at local midnight) and latency buckets.
import uPlot from 'uplot';
import type { UsageSummary } from '../../../../preload/contract/ledger';
import { formatUsd } from '../../../../preload/contract/money';

export const PROVIDER_COLORS: Record<string, string> = {
  openai: '#10a37f',
  anthropic: '#d97757',
  perplexity: '#20b8cd',
  openrouter: '#6467f2',
  elevenlabs: '#a1a1aa',
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
/** Axis labels: whole dollars with separators from $100, else the shared formatter (tiny amounts stay readable). */
const usd = (nanos: number) =>
  Math.abs(nanos) >= 100e9 ? `$${Math.round(nanos / 1e9).toLocaleString('en-US')}` : formatUsd(nanos);
const DAY_S = 86_400;

/**
 * The x range of a per-day chart: the period's own days with half a day either side, so one day (Today) is one
 * centred bar instead of uPlot's auto range running for years.
 */
const dayRange =
  (xs: number[]): uPlot.Scale['range'] =>
  () =>
    xs.length ? [xs[0]! - DAY_S / 2, xs[xs.length - 1]! + DAY_S / 2] : [0, DAY_S];
/** One tick per day for short ranges (uPlot would otherwise pick hours), the default beyond two weeks. */
const daySplits = (xs: number[]) => (xs.length <= 14 ? { splits: () => xs, values: dayLabels } : {});
const dayLabels = (_u: uPlot, vals: number[]) =>
  vals.map((v) => new Date(v * 1000).toLocaleDateString(undefined, { month: 'short', day: 'numeric' }));
/** y always starts at 0 (a spend of $0.07 is not the floor); an all-zero series still gets a unit range. */
const fromZero =
  (unit: number): uPlot.Scale['range'] =>
  (_u, _min, max) => [0, max > 0 ? max * 1.08 : unit];

/** True when the period has nothing to draw: the chart shows a "no data" state instead of empty axes. */
export const isEmptySummary = (s: UsageSummary): boolean => s.totals.attempts === 0;

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
      scales: { x: { time: true, range: dayRange(xs) }, y: { range: fromZero(1e7) } },
      axes: [
        { ...AXIS, ...daySplits(xs) },
        { ...AXIS, values: (_u, vals) => vals.map((v) => usd(v)), size: 72 },
      ],
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
  const xs = summary.byDay.map((d) => localDaySeconds(d.day));
  return {
    options: {
      height: 200,
      scales: { x: { time: true, range: dayRange(xs) }, y: { range: fromZero(1) } },
      axes: [
        { ...AXIS, ...daySplits(xs) },
        {
          ...AXIS,
          size: 56,
          values: (_u, vals) => vals.map((v) => (Number.isInteger(v) ? v.toLocaleString('en-US') : '')),
        },
      ],
      series: [
        {},
        { label: 'Calls', stroke: '#58a6ff', width: 2, fill: 'rgba(88,166,255,0.12)' },
        { label: 'Attempts', stroke: '#8b949e', width: 1, dash: [4, 4] },
        { label: 'Errors', stroke: '#f85149', width: 2 },
      ],
    },
    data: [
      xs,
      summary.byDay.map((d) => d.calls),
      summary.byDay.map((d) => d.attempts),
      summary.byDay.map((d) => d.errors),
    ],
  };
}

const latencyLabel = (v: number) =>
  v >= 1000 ? `${(v / 1000).toFixed(v >= 10_000 ? 0 : 1)} s` : `${Math.round(v)} ms`;

/** p99 is clipped when it peaks above this many times the highest p95 (else its spikes flatten p50/p95). */
const CLIP_FACTOR = 2;

/**
 * p50/p95/p99 per bucket (hours or local days) from the ledger's latency histograms; empty buckets are gaps.
 * An outlying p99 is clipped at 1.6 x the highest p95, and `clippedAt` says so (the chart shows a note).
 */
export function latencyPercentiles(summary: UsageSummary): {
  options: Omit<uPlot.Options, 'width'>;
  data: uPlot.AlignedData;
  clipped: { atMs: number; peakMs: number } | null;
} {
  const points = summary.latency.points;
  const peak = (k: 'p95Ms' | 'p99Ms') => Math.max(0, ...points.map((p) => p[k] ?? 0));
  const clipped =
    peak('p99Ms') > CLIP_FACTOR * peak('p95Ms') && peak('p95Ms') > 0
      ? { atMs: peak('p95Ms') * 1.6, peakMs: peak('p99Ms') }
      : null;
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
      scales: {
        // The period itself, not uPlot's guess from one or two points.
        x: { time: true, range: () => [Date.parse(summary.from) / 1000, Date.parse(summary.to) / 1000] },
        y: { range: (_u, _min, max) => [0, clipped ? clipped.atMs : Math.max(1, max * 1.05)] },
      },
      axes: [AXIS, { ...AXIS, values: (_u, vals) => vals.map((v) => latencyLabel(v)), size: 64 }],
      series: [{}, line('p50', '#58a6ff', 2), line('p95', '#d29922', 2), line('p99', '#f85149', 1)],
    },
    data: [
      points.map((p) => Date.parse(p.start) / 1000),
      points.map((p) => p.p50Ms),
      points.map((p) => p.p95Ms),
      points.map((p) => p.p99Ms),
    ],
    clipped,
  };
}
