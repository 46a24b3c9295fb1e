// `npm run bench`: runs every benchmark section in turn and writes bench/results.json.
// Numbers are measured, never asserted; a section that fails records its error and the run goes on.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

type Section = { name: string; run: () => Promise<object> };

const quick = process.argv.includes('--quick');
const sections: Section[] = [
  { name: 'gateway', run: async () => (await import('./gateway')).runGatewayBench({ calls: quick ? 2_000 : 20_000 }) },
  { name: 'ledger', run: async () => (await import('./ledger')).runLedgerBench({ rows: quick ? 200_000 : 5_000_000 }) },
  { name: 'export', run: async () => (await import('./export')).runExportBench({ rows: quick ? 100_000 : 1_000_000 }) },
  { name: 'coldstart', run: async () => (await import('./coldstart')).runColdStartBench() },
  {
    name: 'local-gateway',
    run: async () =>
      (await import('./local-gateway')).runLocalGatewayBench({
        calls: quick ? 300 : 3_000,
        throughputRequests: quick ? 1_000 : 5_000,
      }),
  },
  { name: 'telemetry', run: async () => (await import('./telemetry')).runTelemetryBench({ calls: 10_000 }) },
];

async function main(): Promise<void> {
  const only = process.argv
    .find((a) => a.startsWith('--only='))
    ?.slice(7)
    .split(',');
  const results: Record<string, unknown> = {
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    startedAt: new Date().toISOString(),
    quick,
  };
  for (const s of sections) {
    if (only && !only.includes(s.name)) continue;
    const t0 = performance.now();
    process.stdout.write(`bench: ${s.name} … `);
    try {
      const r = await s.run();
      Object.assign(results, r);
      results[`${s.name}_section_s`] = Number(((performance.now() - t0) / 1000).toFixed(1));
      console.log(JSON.stringify(r));
    } catch (e) {
      results[`${s.name}_error`] = e instanceof Error ? e.message : String(e);
      console.log(`failed: ${String(results[`${s.name}_error`])}`);
    }
  }
  const out = join(__dirname, '../../bench');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`bench: wrote ${join(out, 'results.json')}`);
}

void main();
