// `npm run report -- reconcile [--month YYYY-MM] [--json] [--data-dir D]`: the drift table (ledger vs each
// vendor's own figures, the difference and its parts) and the balance cards, from the app's database opened
// read-only. Figures come from the last reconciliation the app ran; the ledger side is read as it is now.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DATABASE_FILE } from '../main/app';
import { defaultDataDir } from '../main/core/paths';
import { openDatabase } from '../main/db/database';
import { buildOverview } from '../main/reconcile/overview';
import { monthOf } from '../main/reconcile/periods';
import type { Balance, DriftRow, ReconcileOverview } from '../preload/contract/reconcile';

type Table = (header: string[], rows: string[][], rightAligned: ReadonlySet<number>) => string;

const usd = (nanos: number | null | undefined): string => {
  if (nanos === null || nanos === undefined) return '—';
  const v = nanos / 1e9;
  // Cents hide small drifts (a few settled cheap calls): show four places below a dollar.
  const places = v !== 0 && Math.abs(v) < 1 ? 4 : 2;
  const text = Math.abs(v).toLocaleString('en-US', { minimumFractionDigits: places, maximumFractionDigits: places });
  return `${v < 0 ? '-' : ''}$${text}`;
};
const part = (n: number | undefined) => (n ? usd(n) : '');

const STATE_TEXT: Record<DriftRow['state'], string> = {
  ok: 'ok',
  unauthorised: 'UNAUTHORISED',
  failed: 'FAILED',
  offline: 'OFFLINE',
  no_key: 'no key',
  not_offered: 'not offered',
  per_call: 'per-call truth',
  never: 'not checked',
};

function balanceLine(b: Balance, now: number): string {
  const amount = (n: number) =>
    b.unit === 'usd' ? `$${n.toFixed(2)}` : `${Math.round(n).toLocaleString('en-US')} ${b.unit}`;
  const parts = [`${b.provider}: ${amount(b.remaining)} left${b.total !== null ? ` of ${amount(b.total)}` : ''}`];
  if (b.resetsAt) {
    const days = (Date.parse(b.resetsAt) - now) / 86_400_000;
    parts.push(
      days > 0
        ? `resets in ${days.toFixed(1)} days (${b.resetsAt.slice(0, 10)})`
        : `reset date ${b.resetsAt.slice(0, 10)} has passed`,
    );
  }
  if (b.pacePerDay !== null) parts.push(`pace ${amount(b.pacePerDay)}/day`);
  if (b.runsOutAt)
    parts.push(
      `at this rate runs out on ${b.runsOutAt.slice(0, 10)}${b.runsOutBeforeReset ? ' (before the reset)' : ''}`,
    );
  if (b.state !== 'ok') parts.push(b.state.toUpperCase());
  if (b.origin === 'demo') parts.push('demo');
  return `  ${parts.join(' · ')}`;
}

export function renderReconcile(o: ReconcileOverview, table: Table, now: number): string {
  const header = [
    'Provider',
    'State',
    'Ledger',
    'Vendor',
    'Difference',
    'Outside AICON',
    'Still est.',
    'Price diffs',
    'Fees',
    'Free credits',
    'Unexplained',
    'Settled',
  ];
  const rows = o.rows.map((r) => [
    r.provider,
    STATE_TEXT[r.state],
    r.ledgerNanos === 0 && r.unpricedCalls > 0 ? 'unpriced' : usd(r.ledgerNanos),
    usd(r.vendorNanos),
    usd(r.differenceNanos),
    part(r.parts?.outsideApp),
    part(r.parts?.stillEstimated),
    part(r.parts?.priceDifferences),
    part(r.parts?.unmodelledFees),
    part(r.parts?.freeTierCredits),
    part(r.parts?.unexplained),
    r.settled.count ? `${r.settled.count} (${usd(r.settled.deltaNanos)})` : '',
  ]);
  const withVendor = o.rows.filter((r) => r.vendorNanos !== null);
  rows.push([
    'Total (with a vendor figure)',
    '',
    usd(withVendor.reduce((s, r) => s + r.ledgerNanos, 0)),
    usd(withVendor.reduce((s, r) => s + (r.vendorNanos ?? 0), 0)),
    usd(withVendor.reduce((s, r) => s + (r.differenceNanos ?? 0), 0)),
    ...(
      ['outsideApp', 'stillEstimated', 'priceDifferences', 'unmodelledFees', 'freeTierCredits', 'unexplained'] as const
    ).map((k) => part(withVendor.reduce((s, r) => s + (r.parts?.[k] ?? 0), 0))),
    '',
  ]);
  const notes = o.rows.map((r) => {
    const lines = [`  ${r.provider} (${STATE_TEXT[r.state]}${r.origin === 'demo' ? ', demo' : ''}): ${r.message}`];
    if (r.units)
      lines.push(
        `    ${r.units.unit}: ledger ${r.units.ledger.toLocaleString('en-US')}, vendor ${r.units.vendor.toLocaleString('en-US')}${r.units.outside !== null ? `, outside AICON ${r.units.outside.toLocaleString('en-US')}` : ''}`,
      );
    if (r.unpricedCalls) lines.push(`    ledger excludes ${r.unpricedCalls} unpriced calls (no price known, never $0)`);
    if (r.estimatedCalls)
      lines.push(`    ${r.estimatedCalls} calls still estimated (${usd(r.estimatedNanos)} in the ledger)`);
    if (r.outsideCalls) lines.push(`    ${r.outsideCalls} calls listed by the vendor that AICON never made`);
    for (const n of r.notes) lines.push(`    ${n}`);
    return lines.join('\n');
  });
  const balances = o.balances.length ? o.balances.map((b) => balanceLine(b, now)) : ['  none fetched yet'];
  return [
    `AICON Studio reconciliation — ${o.period} (UTC month; difference = vendor − ledger, its parts add up to it)`,
    table(header, rows, new Set([2, 3, 4, 5, 6, 7, 8, 9, 10])),
    'Per provider:',
    ...notes,
    'Balances and quotas:',
    ...balances,
  ].join('\n');
}

export function runReconcileReport(argv: string[], table: Table, now = Date.now()): { code: number; out: string } {
  const { values } = parseArgs({
    args: argv,
    options: {
      month: { type: 'string' },
      json: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
    },
  });
  const file = join(values['data-dir'] ?? defaultDataDir(), DATABASE_FILE);
  if (!existsSync(file)) return { code: 1, out: `No database at ${file}: start the app once, or pass --data-dir.` };
  const db = openDatabase(file, { readonly: true });
  try {
    const overview = buildOverview(db, values.month ?? monthOf(now).key, now);
    return { code: 0, out: values.json ? JSON.stringify(overview, null, 2) : renderReconcile(overview, table, now) };
  } catch (e) {
    return { code: 1, out: e instanceof Error ? e.message : String(e) };
  } finally {
    db.close();
  }
}
