// End-to-end harness: the real app services + web server, driven by Debian Chromium via playwright-core.
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { silentLogger } from '../../main/core/logger';
import { demoTargetOf, seedDemoData } from '../../main/demo/seed';
import { startWebServer, type WebServer } from '../../main/web/server';
import { createTestApp, type TestApp } from './app';
import { createTestProfiles, type TestProfiles } from './profiles';

export const REPO_ROOT = resolve(__dirname, '../..');
export const RENDERER_DIR = join(REPO_ROOT, 'out/renderer');
export const TEST_OUTPUT = join(REPO_ROOT, 'test-output');
const CHROMIUM = process.env.AICON_CHROMIUM ?? '/usr/bin/chromium';

export interface E2E {
  app: TestApp;
  /** Set when started with `profiles`: the manager behind the server (app is then its real profile). */
  profiles: TestProfiles | null;
  web: WebServer;
  browser: Browser;
  page: Page;
  /** Console errors and page errors seen so far: a healthy page has none. */
  problems: string[];
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export interface E2EOptions {
  demo?: boolean;
  /** Serve through the profile manager (real + demo profiles, switchable), starting in this profile. */
  profiles?: { startIn: 'real' | 'demo' };
  viewport?: { width: number; height: number };
}

export async function startE2E(opts: E2EOptions = {}): Promise<E2E> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error(
      `No renderer build in ${RENDERER_DIR}: run "npx electron-vite build" first (the test command does).`,
    );
  }
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install Debian's "chromium" package (the test command does, as root).`,
    );
  const profiles = opts.profiles ? await createTestProfiles(opts.profiles.startIn) : null;
  const app = profiles ? profiles.real() : createTestApp({ demo: opts.demo ?? false });
  // Demo mode seeds the same history the start command does, so screens have data.
  if (opts.demo && !profiles) seedDemoData(demoTargetOf(app));
  const serve = profiles?.manager ?? {
    router: app.router,
    events: app.events,
    uploads: app.uploads,
    mediaFile: (id: string) => app.mediaFile(id),
    exportFile: (id: string) => app.exportFile(id),
  };
  const web = await startWebServer({
    router: serve.router,
    events: serve.events,
    uploads: serve.uploads,
    media: serve.mediaFile,
    exports: serve.exportFile,
    rendererDir: RENDERER_DIR,
    logger: silentLogger,
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const first = await openPage(browser, web.launchUrl, opts.viewport);
  mkdirSync(TEST_OUTPUT, { recursive: true });
  const e2e: E2E = {
    app,
    profiles,
    web,
    browser,
    page: first.page,
    problems: first.problems,
    async screenshot(name) {
      const file = join(TEST_OUTPUT, `${name}.png`);
      await e2e.page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      await browser.close();
      await web.close();
      await (profiles ?? app).dispose();
    },
  };
  return e2e;
}

/** A page in its own browser context (own cookies, storage and history), signed in with the launch URL. */
async function openPage(
  browser: Browser,
  launchUrl: string,
  viewport = { width: 1320, height: 860 },
): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(launchUrl);
  return { page, problems };
}

/**
 * The app for the enclosing test file (started before its tests, closed after) and a fresh page per test:
 * each test gets its own browser context opened at the app's start screen, so no test depends on where
 * another left the page. The app's data is shared within the file. Read it inside tests.
 * `page: 'per-file'` is for story files whose steps continue one user session (one describe, its own app
 * and data): they keep one page from the first test to the last.
 */
export function useE2E(opts: E2EOptions & { page?: 'per-test' | 'per-file' } = {}): E2E {
  if (opts.page === 'per-file') return useE2EPerFile(opts);
  const e2e = {} as E2E;
  let started: E2E | null = null;
  beforeAll(async () => {
    started = await startE2E(opts);
    await started.page.context().close();
    Object.assign(e2e, started);
  }, 60_000);
  beforeEach(async () => {
    if (!started) return;
    const fresh = await openPage(started.browser, started.web.launchUrl, opts.viewport);
    started.page = fresh.page;
    started.problems = fresh.problems;
    Object.assign(e2e, { page: fresh.page, problems: fresh.problems });
  }, 60_000);
  afterEach(async () => {
    await e2e.page?.context().close();
  });
  afterAll(async () => {
    await started?.close();
  });
  return e2e;
}

function useE2EPerFile(opts: E2EOptions): E2E {
  const e2e = {} as E2E;
  let started: E2E | null = null;
  beforeAll(async () => {
    started = await startE2E(opts);
    Object.assign(e2e, started);
  }, 60_000);
  afterAll(async () => {
    await started?.close();
  });
  return e2e;
}
