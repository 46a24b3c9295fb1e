import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useE2E } from '../helpers/browser';

// Served like `npm start -- --no-demo`: the profile manager on the real profile.
const e2e = useE2E({ profiles: { startIn: 'real' } });

describe('app shell in Chromium (web mode)', () => {
  it('loads with the token, drops it from the address bar and shows the navigation', async () => {
    const { page } = e2e;
    expect(new URL(page.url()).searchParams.has('token')).toBe(false);
    for (const label of ['Dashboard', 'Workflows', 'Integrations', 'Budgets', 'Jobs', 'Settings']) {
      await expect(page.getByRole('button', { name: label, exact: true }).isVisible()).resolves.toBe(true);
    }
  });

  it('renders the real round trip: version, data folder and migration state from main', async () => {
    const { page, app } = e2e;
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByTestId('about').waitFor();
    expect(await page.getByTestId('about-data-dir').textContent()).toBe(app.dataDir);
    const schema = await page.getByTestId('about-schema').textContent();
    expect(schema).toMatch(/version (\d+) of \1 \(up to date\)/);
    expect(page.url()).toContain('#/settings');
    const shot = await e2e.screenshot('shell-settings');
    expect(existsSync(shot)).toBe(true);
  });

  it('keeps the route across a reload (hash routing) and has no console errors', async () => {
    const { page } = e2e;
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByTestId('about').waitFor();
    await page.reload();
    await page.getByTestId('about').waitFor();
    expect(e2e.problems).toEqual([]);
  });

  it('offers the demo profile on an empty ledger; entering it fills the dashboard and marks the app as demo', async () => {
    const { page } = e2e;
    await page.getByTestId('demo-offer').waitFor();
    await page.getByTestId('demo-offer-load').click();
    await expect
      .poll(() => page.getByTestId('profile-switch').getAttribute('data-profile'), { timeout: 20_000 })
      .toBe('demo');
    expect(await page.getByTestId('demo-offer').count()).toBe(0);
    // The real profile got none of it.
    expect(e2e.app.db.prepare('SELECT COUNT(*) AS n FROM calls').get()).toEqual({ n: 0 });
    await expect(page.locator('.sidebar-foot .badge.demo').textContent()).resolves.toBe('Demo data');
    expect(page.url()).toContain('#/dashboard');
    await page.getByTestId('chart-spend').waitFor();
    const calls = await page.getByTestId('card-calls').textContent();
    expect(Number((calls ?? '').replace(/\D+/g, ' ').trim().split(' ')[0])).toBeGreaterThan(0);
    expect(e2e.problems).toEqual([]);
  });
});
