// Launches the built app (out/main/index.cjs) in real Electron with Playwright's _electron and checks the
// parts only Electron exercises: the window opens through app://, the preload bridge answers, the SQLite
// addon loads (the dashboard reads the ledger), the menu is set, and quitting closes cleanly.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(__dirname, '../..');
let app: ElectronApplication;
let page: Page;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'aicon-smoke-'));
  app = await electron.launch({
    args: [root, '--demo'],
    cwd: root,
    env: { ...process.env, AICON_DATA_DIR: dataDir },
  });
  page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
});

afterAll(async () => {
  await app?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('packaged app smoke test', () => {
  it('opens the main window on app:// with the sidebar', async () => {
    expect(page.url()).toMatch(/^app:\/\//);
    await expect.poll(() => page.title()).toBe('AICON Studio');
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
  });

  it('answers through the preload bridge and reads the ledger (the SQLite addon loaded)', async () => {
    type Bridge = { aicon: { system: { ping(i: { echo: string }): Promise<{ echo: string }> } } };
    const pong = await page.evaluate(() => (window as unknown as Bridge).aicon.system.ping({ echo: 'smoke' }));
    expect(pong.echo).toBe('smoke');
    // The dashboard renders from the ledger (demo history seeded through better-sqlite3).
    await page.getByTestId('dashboard-page').waitFor();
  });

  it('sets the application menu', async () => {
    const labels = await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.items.map((i) => i.label) ?? []);
    expect(labels).toEqual(expect.arrayContaining(['File', 'Edit', 'View', 'Window']));
  });
});
