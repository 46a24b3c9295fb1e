// Gateway screen end to end: mint a virtual key in the UI (shown once), call the local gateway with the official
// openai SDK using it, and watch the call arrive in the live feed, the key's spend and the call log's client filter.
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GATEWAY_SETTINGS } from '../../main/local-gateway';
import { startDemoProviders } from '../../main/providers/demo';
import { startE2E, type E2E } from '../helpers/browser';

let e2e: E2E;
let secret = '';

beforeAll(async () => {
  e2e = await startE2E({ demo: true });
  e2e.app.providers.attachDemo(await startDemoProviders());
  // Any free port: the fixed default may be taken on a shared machine.
  e2e.app.settings.set(GATEWAY_SETTINGS.port, 0);
  await e2e.app.localGateway.apply();
  await e2e.page.getByRole('button', { name: 'Gateway', exact: true }).click();
}, 60_000);
afterAll(async () => {
  await e2e?.close();
});

describe('Gateway screen (web mode, Chromium)', () => {
  it('shows the gateway running at its loopback URL with SDK snippets', async () => {
    const page = e2e.page;
    await expect.poll(() => page.getByTestId('gateway-state').textContent(), { timeout: 10_000 }).toBe('Running');
    const url = e2e.app.localGateway.status().url ?? '';
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await page.getByTestId('gateway-url').textContent()).toBe(url);
    expect(await page.getByTestId('gateway-snippet').textContent()).toContain(`baseURL: '${url}/openai/v1'`);
    await page.getByRole('tab', { name: 'twilio' }).click();
    expect(await page.getByTestId('gateway-snippet').textContent()).toContain(`client.api.baseUrl = '${url}/twilio'`);
  });

  it('mints a key and shows it once', async () => {
    const page = e2e.page;
    await page.getByTestId('mint-name').fill('my-script');
    await page.getByLabel('Daily budget in USD').fill('1');
    await page.getByTestId('mint-submit').click();
    const shown = page.getByTestId('minted-secret');
    await expect.poll(() => shown.isVisible(), { timeout: 10_000 }).toBe(true);
    secret = (await shown.locator('code').textContent()) ?? '';
    expect(secret).toMatch(/^aicon-vk-/);
    expect(await page.getByTestId('key-row').count()).toBe(1);
    // Stored hashed: the database never holds the key.
    const stored = e2e.app.db.prepare('SELECT * FROM local_gateway_keys').all();
    expect(JSON.stringify(stored)).not.toContain(secret);
  });

  it('a call through the gateway appears in the live feed and the key spend', async () => {
    const page = e2e.page;
    const url = e2e.app.localGateway.status().url ?? '';
    const openai = new OpenAI({ apiKey: secret, baseURL: `${url}/openai/v1`, maxRetries: 0 });
    const r = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hello from a script' }],
      max_tokens: 64,
    });
    expect(r.choices[0]?.message.content).toBeTruthy();
    await expect.poll(() => page.getByTestId('feed-row').count(), { timeout: 10_000 }).toBe(1);
    const feed = (await page.getByTestId('feed-row').first().textContent()) ?? '';
    expect(feed).toContain('my-script');
    expect(feed).toContain('chat.completions');
    await expect
      .poll(() => page.getByTestId('key-row').first().textContent(), { timeout: 10_000 })
      .toMatch(/Today: \$0\.\d+(e-\d+)? of \$1\.00/);
    await page.getByRole('button', { name: 'Done' }).click();
    for (const [w, h] of [
      [1440, 900],
      [1024, 700],
    ] as const) {
      await page.setViewportSize({ width: w, height: h });
      await e2e.screenshot(`gateway-${w}x${h}`);
    }
  });

  it('the call log filters by client', async () => {
    const page = e2e.page;
    await page.getByRole('button', { name: 'Call log', exact: true }).click();
    await page.getByTestId('calls-client').selectOption('my-script');
    await expect.poll(() => page.getByTestId('call-row').count(), { timeout: 10_000 }).toBe(1);
    expect(await page.getByTestId('call-row').first().textContent()).toContain('my-script');
    await e2e.screenshot('gateway-call-log-client');
  });

  it('settings show the gateway port and on/off switch', async () => {
    const page = e2e.page;
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const settings = page.getByTestId('gateway-settings');
    await expect.poll(() => settings.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await page.getByTestId('gateway-enabled').isChecked()).toBe(true);
    await page.setViewportSize({ width: 1440, height: 900 });
    await e2e.screenshot('gateway-settings-1440x900');
    expect(e2e.problems).toEqual([]);
  });
});
