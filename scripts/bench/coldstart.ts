// Cold start of web mode on demo data: spawn `node out/main/web.cjs --demo --data-dir <dir>` and time until
// Chromium shows the dashboard's first chart painted. First start: an empty data folder (migrations and demo
// seeding on the clock). Repeat: restarts on that history, as a user would reopen the app. Each page opens in a
// fresh browser context (nothing cached). Chromium is launched before any clock starts; its launch is reported
// on its own.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

const ROOT = resolve(__dirname, '../..');
const WEB_ENTRY = join(ROOT, 'out/main/web.cjs');
const CHROMIUM = process.env.AICON_CHROMIUM ?? '/usr/bin/chromium';
const FIRST_CHART = '[data-testid="chart-spend"][data-painted="true"] canvas';

export interface ColdStartResult {
  /** First start on an empty data folder (migrations + demo seeding included) to the first painted chart. */
  cold_start_first_ms: number;
  /** Restart on that existing history to the first painted chart (median of the runs). */
  cold_start_repeat_ms: number;
  /** Spawn to "Open: <url>" on the restart (server ready). */
  cold_start_server_ready_ms: number;
  /** Chromium's own launch, before any clock above starts. */
  chromium_launch_ms: number;
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

/**
 * Spawn to first painted chart in a fresh browser context (no cached scripts). The context and its tab are made
 * before the clock starts, as a user's browser is already open when they start the app.
 */
async function timeToFirstChart(browser: Browser, dataDir: string): Promise<{ chartMs: number; readyMs: number }> {
  const context = await browser.newContext({ viewport: { width: 1320, height: 860 } });
  const page = await context.newPage();
  const t0 = performance.now();
  const { child, url } = await startServer(dataDir);
  const readyMs = performance.now() - t0;
  try {
    await page.goto(url);
    await page.locator(FIRST_CHART).waitFor({ timeout: 60_000 });
    const chartMs = performance.now() - t0;
    return { chartMs, readyMs };
  } finally {
    await context.close();
    await stop(child);
  }
}

export async function runColdStartBench(opts: { repeats?: number } = {}): Promise<ColdStartResult> {
  if (!existsSync(WEB_ENTRY)) throw new Error(`No build at ${WEB_ENTRY}: run "npx electron-vite build" first`);
  const dataDir = mkdtempSync(join(tmpdir(), 'aicon-coldstart-'));
  const l0 = performance.now();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  const launchMs = performance.now() - l0;
  try {
    const first = await timeToFirstChart(browser, dataDir);
    const repeats: Array<{ chartMs: number; readyMs: number }> = [];
    for (let i = 0; i < (opts.repeats ?? 3); i++) repeats.push(await timeToFirstChart(browser, dataDir));
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    return {
      cold_start_first_ms: Math.round(first.chartMs),
      cold_start_repeat_ms: Math.round(median(repeats.map((r) => r.chartMs))),
      cold_start_server_ready_ms: Math.round(median(repeats.map((r) => r.readyMs))),
      chromium_launch_ms: Math.round(launchMs),
    };
  } finally {
    await browser.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
