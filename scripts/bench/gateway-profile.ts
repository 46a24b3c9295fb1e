// Profiling driver (not part of `npm run bench`): runs only gateway calls of one set-up, sequentially or with N in
// flight, so a `node --cpu-prof` profile shows the gateway's own cost without the bare baseline around it.
// Run: node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx scripts/bench/gateway-profile.ts \
//        --setup no_budget|two_budgets|two_budgets_1m [--calls 5000] [--in-flight 1]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchSubject, inFlight, startServer, type Setup } from './gateway';
import { copyLedgerFixture } from './ledger-fixture';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
};

async function main(): Promise<void> {
  const setup = (arg('setup') ?? 'no_budget') as Setup;
  const calls = Number(arg('calls') ?? 5_000);
  const concurrency = Number(arg('in-flight') ?? 1);
  const { child, port } = await startServer();
  const dir = mkdtempSync(join(tmpdir(), 'aicon-prof-gw-'));
  try {
    const file =
      setup === 'two_budgets_1m'
        ? copyLedgerFixture(Number(arg('ledger-rows') ?? 1_000_000), dir).file
        : join(dir, 'db.sqlite');
    const s = benchSubject(file, `http://127.0.0.1:${port}`, setup !== 'no_budget');
    try {
      await inFlight(Math.min(2_000, calls), concurrency, s.call);
      await s.gateway.flush();
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await inFlight(calls, concurrency, s.call);
      await s.gateway.flush();
      const wall = performance.now() - t0;
      const c = process.cpuUsage(c0);
      console.log(
        JSON.stringify({
          setup,
          calls,
          concurrency,
          wall_ms_per_call: Number((wall / calls).toFixed(3)),
          cpu_us_per_call: Math.round((c.user + c.system) / calls),
          rps: Math.round(calls / (wall / 1000)),
        }),
      );
    } finally {
      await s.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    child.kill();
  }
}

void main();
