// `npm run report -- daily --json` on a 1M- and a 5M-call ledger: the built report (node out/main/report.cjs)
// timed from spawn to exit with its peak RSS, and the whole `npm run report` launcher (npm, setup checks, the
// build-stamp check) timed the same way. Measured, never asserted.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DATABASE_FILE } from '../../main/core/paths';
import { ledgerFixture } from './ledger-fixture';

const ROOT = resolve(__dirname, '../..');
const REPORT = join(ROOT, 'out/main/report.cjs');
const TIME = '/usr/bin/time';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Wall ms and peak RSS (MB, from GNU time) of one run; throws when the command fails. */
function run(cmd: string, args: string[]): { ms: number; rssMb: number | null } {
  const withTime = existsSync(TIME);
  const t0 = performance.now();
  const r = withTime
    ? spawnSync(TIME, ['-f', 'maxrss_kb=%M', cmd, ...args], { cwd: ROOT, encoding: 'utf8' })
    : spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${(r.stderr ?? '').slice(-400)}`);
  const m = /maxrss_kb=(\d+)/.exec(r.stderr ?? '');
  return { ms, rssMb: m ? Math.round(Number(m[1]) / 1024) : null };
}

export function runReportBench(opts: { sizes: number[]; runs?: number }): Record<string, number | null> {
  if (!existsSync(REPORT)) throw new Error(`No build at ${REPORT}: run "npx electron-vite build" first`);
  const out: Record<string, number | null> = {};
  const runs = opts.runs ?? 5;
  for (const rows of opts.sizes) {
    const fixture = ledgerFixture(rows);
    const dir = mkdtempSync(join(tmpdir(), 'aicon-report-'));
    try {
      symlinkSync(fixture.file, join(dir, DATABASE_FILE));
      const since = new Date(fixture.end - 29 * 86_400_000).toISOString().slice(0, 10);
      const args = ['daily', '--json', '--data-dir', dir, '--since', since, '--tz', 'UTC'];
      run(process.execPath, [REPORT, ...args]); // warm the page cache, as a second run would be
      const built = Array.from({ length: runs }, () => run(process.execPath, [REPORT, ...args]));
      const label = `${rows / 1e6}m`;
      out[`report_${label}_ms`] = Math.round(median(built.map((b) => b.ms)));
      out[`report_${label}_rss_mb`] = built[0]!.rssMb;
      const npm = Array.from({ length: 3 }, () => run('npm', ['run', '--silent', 'report', '--', ...args]));
      out[`report_npm_run_${label}_ms`] = Math.round(median(npm.map((b) => b.ms)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return out;
}
