// Cold start of web mode on demo data: spawn `node out/main/web.cjs --demo --data-dir <tmp>` and time until
// Chromium shows the dashboard's first chart painted. The data folder is seeded by a first start (not
// timed, reported as `cold_start_seed_run_ms`); the timed start opens that existing history, as a user would.
// Chromium is launched before the clock starts: its own start-up is not the app's.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const ROOT = resolve(__dirname, '../..');
const WEB_ENTRY = join(ROOT, 'out/main/web.cjs');
const CHROMIUM = process.env.AICON_CHROMIUM ?? '/usr/bin/chromium';
const FIRST_CHART = '[data-testid="chart-spend"][data-painted="true"] canvas';

export interface ColdStartResult {
  cold_start_first_chart_ms: number;
  cold_start_server_ready_ms: number;
  cold_start_seed_run_ms: number;
}

function startServer(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [WEB_ENTRY, '--demo', '--data-dir', dataDir, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`web mode did not start in 60 s: ${out.slice(-500)}`)), 60_000);
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /Open: (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok({ child, url: m[1]! });
      }
    });
    child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`web mode exited with ${code}: ${out.slice(-500)}`));
    });
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

export async function runColdStartBench(): Promise<ColdStartResult> {
  if (!existsSync(WEB_ENTRY)) throw new Error(`No build at ${WEB_ENTRY}: run "npx electron-vite build" first`);
  const dataDir = mkdtempSync(join(tmpdir(), 'aicon-coldstart-'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  try {
    const s0 = performance.now();
    const seedRun = await startServer(dataDir);
    const seedMs = performance.now() - s0;
    await stop(seedRun.child);

    const t0 = performance.now();
    const { child, url } = await startServer(dataDir);
    const readyMs = performance.now() - t0;
    try {
      const page = await browser.newPage({ viewport: { width: 1320, height: 860 } });
      await page.goto(url);
      await page.locator(FIRST_CHART).waitFor({ timeout: 30_000 });
      const chartMs = performance.now() - t0;
      await page.close();
      return {
        cold_start_first_chart_ms: Math.round(chartMs),
        cold_start_server_ready_ms: Math.round(readyMs),
        cold_start_seed_run_ms: Math.round(seedMs),
      };
    } finally {
      await stop(child);
    }
  } finally {
    await browser.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
