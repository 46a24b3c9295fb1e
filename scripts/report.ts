// Terminal usage report (ccusage-style): `npm run report -- daily|monthly|providers|clients [--since YYYY-MM-DD]
// [--client NAME] [--json] [--data-dir D] [--tz Zone]`, and `reconcile [--month YYYY-MM]` (scripts/report-reconcile.ts).
// `--client` keeps one local-gateway virtual key's calls (`--client app` = the app's own). Opens the app's
// database read-only: safe while the app is running.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DATABASE_FILE } from '../main/app';
import { defaultDataDir } from '../main/core/paths';
import { openDatabase, type Db } from '../main/db/database';
import { ProfileStore } from '../main/ledger/profiles';
import { SummaryQueries } from '../main/ledger/summary';
import { assertTimeZone, startOfLocalDate, systemTimeZone } from '../main/ledger/timezones';
import { runReconcileReport } from './report-reconcile';

export type ReportKind = 'daily' | 'monthly' | 'providers' | 'clients';
export const REPORT_KINDS: readonly ReportKind[] = ['daily', 'monthly', 'providers', 'clients'];
/** How the app's own calls (no virtual key) are named in `--client` and the clients report. */
export const APP_CLIENT = 'app';

export interface ReportOptions {
  kind: ReportKind;
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
}

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
  return opts.kind === 'monthly'
    ? startOfLocalDate(tz, y - 1, mo + 1 > 12 ? 1 : mo + 1, 1)
    : startOfLocalDate(tz, y, mo, d - 29);
}

export function buildReport(db: Db, opts: ReportOptions): Report {
  const timeZone = assertTimeZone(opts.timeZone);
  const from = sinceInstant(opts);
  const client = opts.client === undefined ? {} : { client: opts.client === APP_CLIENT ? '' : opts.client };
  const summary = new SummaryQueries(db, new ProfileStore(db)).summary({ from, to: opts.now, timeZone, ...client });
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
  };
  let rows: ReportRow[];
  if (opts.kind === 'clients') {
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
      .sort((a, b) => b.costNanos - a.costNanos || a.key.localeCompare(b.key));
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
      }))
      .sort((a, b) => b.costNanos - a.costNanos || a.key.localeCompare(b.key));
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
    // Like ccusage: periods without any call are left out.
    rows = [...groups.values()]
      .filter((g) => g.attempts > 0)
      .map(({ byProvider, ...r }) => ({
        ...r,
        topProviders: [...byProvider.entries()]
          .filter(([, c]) => c > 0)
          .sort((a, b) => b[1] - a[1])
          .slice(0, 3)
          .map(([p]) => p),
      }));
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

const usd = (nanos: number) =>
  `$${(nanos / 1e9).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const num = (n: number) => n.toLocaleString('en-US');
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
  if (r.kind === 'providers' || r.kind === 'clients') {
    const header = [
      r.kind === 'clients' ? 'Client' : 'Provider',
      'Calls',
      'Attempts',
      'Errors',
      'Error %',
      'p50',
      'p95',
      'Cost (USD)',
      'Unpriced',
    ];
    const rows = all.map((x) => [
      x.key,
      num(x.calls),
      num(x.attempts),
      num(x.errors),
      x.attempts ? `${((100 * x.errors) / x.attempts).toFixed(1)}%` : '—',
      msText(x.p50Ms),
      msText(x.p95Ms),
      cost(x),
      num(x.unpriced),
    ]);
    return `${title}\n${table(header, rows, new Set([1, 2, 3, 4, 5, 6, 7, 8]))}${unpricedNote}`;
  }
  const header = [
    r.kind === 'daily' ? 'Date' : 'Month',
    'Top providers',
    'Calls',
    'Attempts',
    'Errors',
    'Cost (USD)',
    'Unpriced',
  ];
  const rows = all.map((x) => [
    x.key,
    (x.topProviders ?? []).join(', '),
    num(x.calls),
    num(x.attempts),
    num(x.errors),
    cost(x),
    num(x.unpriced),
  ]);
  return `${title}\n${table(header, rows, new Set([2, 3, 4, 5, 6]))}${unpricedNote}`;
}

export function runReportCli(argv: string[], now = Date.now()): { code: number; out: string } {
  if (argv[0] === 'reconcile') return runReconcileReport(argv.slice(1), table, now);
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      since: { type: 'string' },
      json: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      tz: { type: 'string' },
      client: { type: 'string' },
    },
  });
  const kind = (positionals[0] ?? 'daily') as ReportKind;
  if (!REPORT_KINDS.includes(kind)) return { code: 2, out: `Unknown report "${kind}": use ${REPORT_KINDS.join(', ')}` };
  const file = join(values['data-dir'] ?? defaultDataDir(), DATABASE_FILE);
  if (!existsSync(file)) return { code: 1, out: `No database at ${file}: start the app once, or pass --data-dir.` };
  const db = openDatabase(file, { readonly: true });
  try {
    const report = buildReport(db, {
      kind,
      ...(values.since ? { since: values.since } : {}),
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
