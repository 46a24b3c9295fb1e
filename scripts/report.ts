// Terminal usage report (ccusage-style): `npm run report -- daily|monthly|providers|models|clients [--since YYYY-MM-DD]
// [--client NAME] [--breakdown] [--json] [--data-dir D] [--tz Zone]` (`--help` explains), and `reconcile [--month YYYY-MM]`
// (scripts/report-reconcile.ts). `--client` keeps one local-gateway virtual key's calls (`--client app` = the app's own).
// Opens the app's database read-only: safe while the app is running.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DATABASE_FILE, defaultDataDir } from '../main/core/paths';
import { openDatabase, type Db } from '../main/db/database';
import { ProfileStore } from '../main/ledger/profiles';
import { SummaryQueries } from '../main/ledger/summary';
import {
  assertTimeZone,
  localDayPeriod,
  localMonthPeriod,
  startOfLocalDate,
  systemTimeZone,
} from '../main/ledger/timezones';
import type { UsageSummary } from '../preload/contract/ledger';
import { formatUsd } from '../preload/contract/money';
import { runReconcileReport } from './report-reconcile';

export type ReportKind = 'daily' | 'monthly' | 'providers' | 'models' | 'clients';
export const REPORT_KINDS: readonly ReportKind[] = ['daily', 'monthly', 'providers', 'models', 'clients'];
/** How the app's own calls (no virtual key) are named in `--client` and the clients report. */
export const APP_CLIENT = 'app';

export const USAGE = `Usage: npm run report -- [daily|monthly|providers|models|clients|reconcile] [options]

Reports what AICON Studio's ledger recorded, from the app's database (read-only; safe while the app runs).

Reports:
  daily       one row per local day with calls (default; last 30 days)
  monthly     one row per calendar month with calls (last 12 months, this one included)
  providers   one row per provider over the range
  models      one row per provider and model over the range
  clients     one row per local-gateway client (virtual key; "app" = the app's own calls)
  reconcile   the ledger against each vendor's own figures (reconcile --month YYYY-MM [--json])

Options:
  --since YYYY-MM-DD   start of the range (a local date in --tz)
  --client NAME        only one local-gateway client's calls ("app" = the app's own)
  --breakdown          daily/monthly: a row per model under each period
  --json               the report as JSON instead of a table
  --tz ZONE            IANA time zone for days and months (default: the system's)
  --data-dir DIR       the app's data folder (default: ${'$'}AICON_DATA_DIR or the platform's)
  -h, --help           this text

Costs are USD over priced attempts only; attempts without a known price are counted as "unpriced", never $0.
Token columns: Input (uncached prompt), Output (incl. reasoning), Cache read, Cache write.`;

export interface ReportOptions {
  kind: ReportKind;
  /** daily/monthly: one row per model under each period. */
  breakdown?: boolean;
  /** Local date (YYYY-MM-DD) in `timeZone`; default: 30 days back (daily, providers) or 12 months (monthly). */
  since?: string;
  timeZone: string;
  now: number;
  /** Only this local-gateway client's calls (virtual key name, or APP_CLIENT). */
  client?: string;
}

export interface ReportRow {
  key: string;
  calls: number;
  attempts: number;
  errors: number;
  /** Integer nano-USD over priced attempts; `unpriced` says how many attempts it leaves out. */
  costNanos: number;
  unpriced: number;
  p50Ms?: number | null;
  p95Ms?: number | null;
  topProviders?: string[];
  tokens?: Tokens;
  /** --breakdown: the period's models, biggest cost first. */
  models?: ReportRow[];
}

/** Token totals in the report's four columns (our buckets are exclusive; see main/gateway/types.ts Units). */
export interface Tokens {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

type UnitTotals = Partial<Record<string, number>>;
const tokensOf = (u: UnitTotals): Tokens => ({
  input: (u.input_tokens ?? 0) + (u.audio_input_tokens ?? 0),
  output: (u.output_tokens ?? 0) + (u.reasoning_tokens ?? 0),
  cacheRead: u.cached_input_tokens ?? 0,
  cacheWrite: (u.cache_write_5m_tokens ?? 0) + (u.cache_write_1h_tokens ?? 0),
});

export interface Report {
  kind: ReportKind;
  from: string;
  to: string;
  timeZone: string;
  client?: string;
  rows: ReportRow[];
  totals: ReportRow;
}

function sinceInstant(opts: ReportOptions): number {
  const tz = opts.timeZone;
  if (opts.since) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(opts.since);
    if (!m) throw new Error(`--since must be YYYY-MM-DD, got "${opts.since}"`);
    return startOfLocalDate(tz, Number(m[1]), Number(m[2]), Number(m[3]));
  }
  const today = new Intl.DateTimeFormat('en-CA', {
    timeZone: tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(opts.now);
  const [y, mo, d] = today.split('-').map(Number) as [number, number, number];
  // Twelve months ending with this one: from December that is January of the same year.
  return opts.kind === 'monthly'
    ? startOfLocalDate(tz, mo === 12 ? y : y - 1, mo === 12 ? 1 : mo + 1, 1)
    : startOfLocalDate(tz, y, mo, d - 29);
}

type Model = UsageSummary['byModel'][number];
const modelRow = (m: Model): ReportRow => ({
  key: `${m.provider} · ${m.model ?? '(no model)'}`,
  calls: m.calls,
  attempts: m.attempts,
  errors: m.errors,
  costNanos: m.costNanos,
  unpriced: m.unpricedAttempts,
  p50Ms: m.latencyP50Ms,
  p95Ms: m.latencyP95Ms,
  tokens: tokensOf(m.units),
});
const byCost = (a: ReportRow, b: ReportRow) => b.costNanos - a.costNanos || a.key.localeCompare(b.key);

export function buildReport(db: Db, opts: ReportOptions): Report {
  const timeZone = assertTimeZone(opts.timeZone);
  const from = sinceInstant(opts);
  const client = opts.client === undefined ? {} : { client: opts.client === APP_CLIENT ? '' : opts.client };
  const queries = new SummaryQueries(db, new ProfileStore(db));
  const summary = queries.summary({ from, to: opts.now, timeZone, ...client });
  const t = summary.totals;
  const totals: ReportRow = {
    key: 'Total',
    calls: t.calls,
    attempts: t.attempts,
    errors: t.errors,
    costNanos: t.costNanos,
    unpriced: t.unpricedAttempts,
    p50Ms: t.latencyP50Ms,
    p95Ms: t.latencyP95Ms,
    tokens: tokensOf(t.units),
  };
  let rows: ReportRow[];
  if (opts.kind === 'models') {
    rows = summary.byModel.map(modelRow).sort(byCost);
  } else if (opts.kind === 'clients') {
    rows = summary.byClient
      .map((c) => ({
        key: c.client ?? APP_CLIENT,
        calls: c.calls,
        attempts: c.attempts,
        errors: c.errors,
        costNanos: c.costNanos,
        unpriced: c.unpricedAttempts,
        p50Ms: c.latencyP50Ms,
        p95Ms: c.latencyP95Ms,
      }))
      .sort(byCost);
  } else if (opts.kind === 'providers') {
    rows = summary.byProvider
      .map((p) => ({
        key: p.provider,
        calls: p.calls,
        attempts: p.attempts,
        errors: p.errors,
        costNanos: p.costNanos,
        unpriced: p.unpricedAttempts,
        p50Ms: p.latencyP50Ms,
        p95Ms: p.latencyP95Ms,
        tokens: tokensOf(
          summary.byModel
            .filter((m) => m.provider === p.provider)
            .reduce<UnitTotals>((u, m) => addUnits(u, m.units), {}),
        ),
      }))
      .sort(byCost);
  } else {
    const groups = new Map<string, ReportRow & { byProvider: Map<string, number> }>();
    for (const d of summary.byDay) {
      const key = opts.kind === 'monthly' ? d.day.slice(0, 7) : d.day;
      const g = groups.get(key) ?? {
        key,
        calls: 0,
        attempts: 0,
        errors: 0,
        costNanos: 0,
        unpriced: 0,
        byProvider: new Map<string, number>(),
      };
      g.calls += d.calls;
      g.attempts += d.attempts;
      g.errors += d.errors;
      g.costNanos += d.costNanos;
      g.unpriced += d.unpricedAttempts;
      for (const [p, c] of Object.entries(d.costByProvider)) g.byProvider.set(p, (g.byProvider.get(p) ?? 0) + c);
      groups.set(key, g);
    }
    // Like ccusage: periods without any call are left out. Tokens and models per period come from one summary
    // per period (hour-aligned: exact for whole-hour zones, which the day and month counters do not depend on).
    const starts = periodStarts(opts.kind === 'monthly' ? 'month' : 'day', timeZone, from, opts.now);
    rows = [...groups.values()]
      .filter((g) => g.attempts > 0)
      .map(({ byProvider, ...r }) => {
        const span = starts.get(r.key);
        const period = span
          ? queries.summary({ from: span.start, to: Math.min(span.end, opts.now), timeZone, ...client })
          : null;
        return {
          ...r,
          topProviders: [...byProvider.entries()]
            .filter(([, c]) => c > 0)
            .sort((a, b) => b[1] - a[1])
            .slice(0, 3)
            .map(([p]) => p),
          ...(period ? { tokens: tokensOf(period.totals.units) } : {}),
          ...(opts.breakdown && period
            ? {
                models: period.byModel
                  .filter((m) => m.attempts > 0)
                  .map(modelRow)
                  .sort(byCost),
              }
            : {}),
        };
      });
  }
  return {
    kind: opts.kind,
    from: summary.from,
    to: summary.to,
    timeZone,
    ...(opts.client !== undefined ? { client: opts.client } : {}),
    rows,
    totals,
  };
}

function addUnits(into: UnitTotals, u: UnitTotals): UnitTotals {
  for (const [k, v] of Object.entries(u)) into[k] = (into[k] ?? 0) + (v ?? 0);
  return into;
}

/** Local day or month keys from `from` to `to`, each with its [start, end) instants in `tz`. */
function periodStarts(unit: 'day' | 'month', tz: string, from: number, to: number) {
  const out = new Map<string, { start: number; end: number }>();
  let t = from;
  while (t < to) {
    const p = unit === 'day' ? localDayPeriod(tz, t) : localMonthPeriod(tz, t);
    out.set(p.key, { start: Math.max(p.start, from), end: p.end });
    t = p.end;
  }
  return out;
}

const usd = (nanos: number) => formatUsd(nanos);
const num = (n: number) => n.toLocaleString('en-US');
const tokenCells = (x: ReportRow) =>
  x.tokens
    ? [num(x.tokens.input), num(x.tokens.output), num(x.tokens.cacheRead), num(x.tokens.cacheWrite)]
    : ['', '', '', ''];
const TOKEN_HEADER = ['Input', 'Output', 'Cache read', 'Cache write'];
const msText = (n: number | null | undefined) =>
  n === null || n === undefined ? '—' : n >= 1000 ? `${(n / 1000).toFixed(2)}s` : `${Math.round(n)}ms`;

/** Box-drawn table; numeric columns right-aligned. */
export function table(header: string[], rows: string[][], rightAligned: ReadonlySet<number>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (l: string, m: string, r: string) => `${l}${widths.map((w) => '─'.repeat(w + 2)).join(m)}${r}`;
  const cells = (r: string[]) =>
    `│${r.map((c, i) => ` ${rightAligned.has(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)} `).join('│')}│`;
  const body = rows.map(cells);
  // The last row is the total: set it off like ccusage does.
  if (body.length > 1) body.splice(body.length - 1, 0, line('├', '┼', '┤'));
  return [line('┌', '┬', '┐'), cells(header), line('├', '┼', '┤'), ...body, line('└', '┴', '┘')].join('\n');
}

export function renderReport(r: Report): string {
  const who = r.client === undefined ? '' : `, client ${r.client}`;
  const title = `AICON Studio usage — ${r.kind} (${r.from.slice(0, 10)} to ${r.to.slice(0, 10)}, ${r.timeZone}${who})`;
  const unpricedNote =
    r.totals.unpriced > 0
      ? `\nCosts exclude ${num(r.totals.unpriced)} unpriced attempts (no price known: shown as "unpriced", never $0).`
      : '';
  const cost = (row: ReportRow) => (row.costNanos === 0 && row.unpriced > 0 ? 'unpriced' : usd(row.costNanos));
  const all = [...r.rows, r.totals];
  if (r.kind === 'providers' || r.kind === 'models' || r.kind === 'clients') {
    const header = [
      r.kind === 'providers' ? 'Provider' : r.kind === 'clients' ? 'Client' : 'Model',
      'Calls',
      'Errors',
      'Error %',
      'p50',
      'p95',
      ...TOKEN_HEADER,
      'Cost (USD)',
      'Unpriced',
    ];
    const rows = all.map((x) => [
      x.key,
      num(x.calls),
      num(x.errors),
      x.attempts ? `${((100 * x.errors) / x.attempts).toFixed(1)}%` : '—',
      msText(x.p50Ms),
      msText(x.p95Ms),
      ...tokenCells(x),
      cost(x),
      num(x.unpriced),
    ]);
    return `${title}\n${table(header, rows, new Set(header.map((_, i) => i).slice(1)))}${unpricedNote}`;
  }
  const header = [
    r.kind === 'daily' ? 'Date' : 'Month',
    'Top providers',
    'Calls',
    'Errors',
    ...TOKEN_HEADER,
    'Cost (USD)',
    'Unpriced',
  ];
  const line = (x: ReportRow, key: string, providers: string) => [
    key,
    providers,
    num(x.calls),
    num(x.errors),
    ...tokenCells(x),
    cost(x),
    num(x.unpriced),
  ];
  const rows = all.flatMap((x) => [
    line(x, x.key, (x.topProviders ?? []).join(', ')),
    ...(x.models ?? []).map((m) => line(m, `  └ ${m.key}`, '')),
  ]);
  return `${title}\n${table(header, rows, new Set(header.map((_, i) => i).slice(2)))}${unpricedNote}`;
}

function parseCli(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      since: { type: 'string' },
      json: { type: 'boolean', default: false },
      breakdown: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      tz: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
      client: { type: 'string' },
    },
  });
}

export function runReportCli(argv: string[], now = Date.now()): { code: number; out: string } {
  if (argv[0] === 'reconcile') return runReconcileReport(argv.slice(1), table, now);
  let parsed: ReturnType<typeof parseCli>;
  try {
    parsed = parseCli(argv);
  } catch (e) {
    return { code: 2, out: `${e instanceof Error ? e.message : String(e)}\n\n${USAGE}` };
  }
  const { values, positionals } = parsed;
  if (values.help || positionals[0] === 'help') return { code: 0, out: USAGE };
  const kind = (positionals[0] ?? 'daily') as ReportKind;
  if (!REPORT_KINDS.includes(kind))
    return { code: 2, out: `Unknown report "${kind}": use ${REPORT_KINDS.join(', ')} (--help explains)` };
  const file = join(values['data-dir'] ?? defaultDataDir(), DATABASE_FILE);
  if (!existsSync(file)) return { code: 1, out: `No database at ${file}: start the app once, or pass --data-dir.` };
  const db = openDatabase(file, { readonly: true });
  try {
    const report = buildReport(db, {
      kind,
      ...(values.since ? { since: values.since } : {}),
      breakdown: values.breakdown,
      timeZone: values.tz ?? systemTimeZone(),
      ...(values.client !== undefined ? { client: values.client } : {}),
      now,
    });
    return { code: 0, out: values.json ? JSON.stringify(report, null, 2) : renderReport(report) };
  } catch (e) {
    return { code: 1, out: e instanceof Error ? e.message : String(e) };
  } finally {
    db.close();
  }
}

if (typeof require !== 'undefined' && require.main === module) {
  const { code, out } = runReportCli(process.argv.slice(2));
  (code === 0 ? process.stdout : process.stderr).write(`${out}\n`);
  process.exitCode = code;
}
