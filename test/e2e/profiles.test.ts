// First run to daily use, in Chromium: start in the demo profile, add a real key (it goes to the real vault),
// leave demo without a restart, and find a real profile whose budget owes nothing to demo spend and whose
// key works. Screens: demo dashboard, Settings, the empty real dashboard (1440x900 and 1024x700).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenAIFake, startOpenAIFake } from '../../main/providers/openai/fake';
import { type E2E, startE2E } from '../helpers/browser';

const KEY = `sk-proj-${'e2e-real-key'.padEnd(40, 'q')}`;
let e2e: E2E;
let fake: OpenAIFake;

beforeAll(async () => {
  fake = await startOpenAIFake({ apiKey: KEY });
  e2e = await startE2E({ profiles: { startIn: 'demo' }, viewport: { width: 1440, height: 900 } });
}, 90_000);
afterAll(async () => {
  await e2e?.close();
  await fake?.close();
});

const nav = (name: string) => e2e.page.getByRole('button', { name, exact: true }).click();
const manager = () => {
  if (!e2e.profiles) throw new Error('started without profiles');
  return e2e.profiles.manager;
};

describe('demo profile → real profile', () => {
  it('starts in the demo profile, clearly marked, with fake history', async () => {
    const { page } = e2e;
    await page.getByTestId('demo-banner').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('profile-switch').getAttribute('data-profile')).toBe('demo');
    await page.locator('[data-testid="chart-spend"][data-painted="true"] canvas').waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByTestId('card-spend').textContent()).toMatch(/\$[\d,]+\.\d\d/);
    await e2e.screenshot('profiles-demo-dashboard-1440');
    // 1024 px: the breakdown tables stack instead of overflowing, and the call log keeps its Model column.
    await page.setViewportSize({ width: 1024, height: 700 });
    const ops = page.getByTestId('by-operation');
    const box = await ops.boundingBox();
    expect(box && box.x + box.width).toBeLessThanOrEqual(1024);
    expect(await ops.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    await e2e.screenshot('profiles-demo-dashboard-1024');
    await nav('Call log');
    const model = page.locator('.call-row.head > div').nth(3);
    await model.waitFor();
    expect(await model.textContent()).toBe('Model / endpoint');
    expect((await model.boundingBox())?.width ?? 0).toBeGreaterThanOrEqual(120);
    await e2e.screenshot('calls-1024');
    await page.setViewportSize({ width: 1440, height: 900 });
    await nav('Dashboard');
  });

  it('adds a key in demo: the page says it goes to the real profile, and it does', async () => {
    const { page } = e2e;
    await nav('Integrations');
    await page.getByTestId('demo-keys-note').waitFor();
    expect(await page.getByTestId('demo-keys-note').textContent()).toMatch(/saved to your profile's vault/);
    const card = page.getByTestId('provider-card-openai');
    await card.getByTestId('base-url-input').fill(`${fake.url}/v1`);
    await card.getByTestId('base-url-save').click();
    await expect.poll(() => card.getByTestId('base-url-effective').textContent()).toContain(fake.url);
    await card.getByTestId('add-key').click();
    await card.getByTestId('field-api-key').fill(KEY);
    await card.getByTestId('add-key-submit').click();
    await card.locator('[data-testid^="key-row-"]').waitFor({ timeout: 10_000 });
    const real = manager().realServices;
    expect(real.db.prepare('SELECT provider FROM integrations').all()).toEqual([{ provider: 'openai' }]);
    expect(manager().active.db.prepare('SELECT COUNT(*) AS n FROM integrations').get()).toEqual({ n: 0 });
  });

  it('Settings shows the demo switch, the folders, backups and the keychain explained', async () => {
    const { page } = e2e;
    await nav('Settings');
    await page.getByTestId('settings-profile').waitFor();
    await page.getByTestId('keychain-backend').waitFor();
    await page.getByTestId('price-data-versions').waitFor();
    expect(await page.getByTestId('settings-profile').textContent()).toMatch(/profiles\/demo/);
    await page.getByTestId('backup-now').click();
    await expect.poll(() => page.getByTestId('data-message').textContent()).toMatch(/Backed up to aicon-demo-/);
    await page.getByTestId('backup-row').first().waitFor();
    await e2e.screenshot('settings-demo-1440');
  });

  it('leaves demo without a restart: the real profile is empty and a $20 budget owes nothing to demo spend', async () => {
    const { page } = e2e;
    await page.getByTestId('settings-demo-switch').click();
    await expect
      .poll(() => page.getByTestId('profile-switch').getAttribute('data-profile'), { timeout: 20_000 })
      .toBe('real');
    expect(await page.getByTestId('demo-banner').count()).toBe(0);
    await manager().router.call('budgets.create', {
      scope: 'overall',
      period: 'month',
      limitNanos: 20e9,
      mode: 'hard',
    });
    await page.getByTestId('chart-spend').waitFor({ timeout: 15_000 });
    await page.getByTestId('period-today').click();
    await expect
      .poll(() => page.getByTestId('card-budget').textContent(), { timeout: 10_000 })
      .toMatch(/^Budget use0(\.0)?%overall monthly: \$0\.00 of \$20\.00/);
    expect(await page.getByTestId('card-spend').textContent()).toMatch(/\$0\.00/);
    // Today holds one free call (the key's health check, made for real from the demo): a single-day chart
    // keeps its x axis on today, its y axis from 0, and the spend chart says there is no priced spend.
    expect(await page.getByTestId('chart-spend').getAttribute('data-empty')).toBe('true');
    await page.locator('[data-testid="chart-calls"][data-range]').waitFor();
    await page.locator('[data-testid="chart-latency"][data-range]').waitFor();
    const range = JSON.parse((await page.getByTestId('chart-calls').getAttribute('data-range')) ?? '{}') as {
      x: [number, number];
      y: [number, number];
    };
    const midnight = new Date(new Date().setHours(0, 0, 0, 0)).getTime() / 1000;
    expect(range.x).toEqual([midnight - 43_200, midnight + 43_200]);
    expect(range.y[0]).toBe(0);
    const latency = JSON.parse((await page.getByTestId('chart-latency').getAttribute('data-range')) ?? '{}') as {
      x: [number, number];
    };
    expect(latency.x[1] - latency.x[0]).toBeLessThanOrEqual(25 * 3600);
    await e2e.screenshot('dashboard-today-1440');
    await page.setViewportSize({ width: 1024, height: 700 });
    await e2e.screenshot('dashboard-today-1024');
    // A period without calls: every chart says so instead of drawing empty axes.
    await page.getByTestId('period-custom').click();
    await page.getByLabel('From').fill('2026-01-05');
    await page.getByLabel('To').fill('2026-01-11');
    await expect
      .poll(() => page.getByTestId('chart-calls').getAttribute('data-empty'), { timeout: 10_000 })
      .toBe('true');
    for (const id of ['chart-spend', 'chart-latency'])
      expect(await page.getByTestId(id).getAttribute('data-empty')).toBe('true');
    await e2e.screenshot('dashboard-empty-1024');
    await page.setViewportSize({ width: 1440, height: 900 });
    await e2e.screenshot('dashboard-empty-1440');
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('uses the key added in demo after leaving it', async () => {
    const { page } = e2e;
    await nav('Integrations');
    const row = page.getByTestId('provider-card-openai').locator('[data-testid^="key-row-"]');
    await row.waitFor({ timeout: 10_000 });
    const before = fake.requests.length;
    await row.getByTestId('key-test').click();
    await expect.poll(() => fake.requests.length, { timeout: 10_000 }).toBeGreaterThan(before);
    expect(fake.requests.at(-1)?.path).toBe('/v1/models');
    await expect.poll(() => row.getByTestId('key-status').getAttribute('data-status')).toBe('healthy');
  });

  it('Settings of the real profile at 1440 and 1024', async () => {
    const { page } = e2e;
    await nav('Settings');
    await page.getByTestId('keychain-backend').waitFor();
    expect(await page.getByTestId('settings-demo-switch').textContent()).toBe('Enter demo');
    await e2e.screenshot('settings-1440');
    await page.setViewportSize({ width: 1024, height: 700 });
    await e2e.screenshot('settings-1024');
    await page.setViewportSize({ width: 1440, height: 900 });
    expect(e2e.problems).toEqual([]);
  });
});
