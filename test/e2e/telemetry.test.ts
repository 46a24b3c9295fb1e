// Settings > Team telemetry in Chromium: configure an OTLP endpoint with an auth header, watch the export status
// (last success, backlog, last error) through an outage, and drain the backlog when the backend is back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useE2E } from '../helpers/browser';
import { OtlpReceiver } from '../helpers/otlp-receiver';
import { attemptRecord } from '../helpers/telemetry';

const e2e = useE2E();
const receiver = new OtlpReceiver();
const AUTH = 'Basic cGstbGYtZTJlOnNrLWxmLWUyZS1zZWNyZXQ=';
const WAIT = { timeout: 30_000 };

beforeAll(async () => {
  await receiver.start();
});
afterAll(async () => {
  await receiver.stop();
});

describe('team telemetry settings (web mode)', () => {
  it('saves the endpoint and an auth header (kept, never shown again) and turns export on', async () => {
    const { page } = e2e;
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByTestId('telemetry-settings').getByTestId('telemetry-endpoint').waitFor();
    await expect(page.getByTestId('telemetry-state').textContent()).resolves.toBe('Off');
    await page.getByTestId('telemetry-endpoint').fill(receiver.endpoint);
    await page.getByTestId('telemetry-device').fill('editor-laptop');
    await page.getByTestId('telemetry-headers-edit').click();
    await page.getByTestId('telemetry-header-value').fill(AUTH);
    await page.getByTestId('telemetry-enabled').check();
    await page.getByTestId('telemetry-save').click();
    await page.getByText('Stored: Authorization').waitFor();
    await expect(page.getByTestId('telemetry-state').textContent()).resolves.toBe('Up to date');
    expect(await page.getByTestId('telemetry-header-value').count()).toBe(0);
    expect(await page.content()).not.toContain(AUTH);
    await expect(page.getByTestId('telemetry-content').isChecked()).resolves.toBe(false);
  });

  it('sends the calls made since, then shows the last success and an empty backlog', async () => {
    const { page, app } = e2e;
    app.cost.ledger.recordAttempts([attemptRecord(), attemptRecord({ provider: 'anthropic', endpoint: 'messages' })]);
    await page.getByTestId('telemetry-send-now').click();
    await page.locator('[data-testid="telemetry-status"][data-state="idle"]').waitFor(WAIT);
    await expect(page.getByTestId('telemetry-backlog').textContent()).resolves.toMatch(/^0 spans waiting/);
    await expect(page.getByTestId('telemetry-last-success').textContent()).resolves.not.toBe('never');
    expect(receiver.spans.filter((s) => s.kind === 3)).toHaveLength(2);
    expect(receiver.requests[0]?.headers.authorization).toBe(AUTH);
    expect(receiver.spans[0]?.resource['host.name']).toBe('editor-laptop');
  });

  it('shows the backlog and the last error while the backend is unreachable, and drains it when it is back', async () => {
    const { page, app } = e2e;
    await receiver.stop();
    app.cost.ledger.recordAttempts([
      attemptRecord({
        provider: 'heygen',
        operation: 'video_generation',
        endpoint: 'video.generate',
        units: { seconds: 12 },
      }),
      attemptRecord({
        provider: 'twilio',
        operation: 'messaging',
        endpoint: 'messages.create',
        units: { segments: 1 },
      }),
      attemptRecord({ provider: 'elevenlabs', operation: 'voice_generation', endpoint: 'text-to-speech' }),
    ]);
    await page.getByTestId('telemetry-send-now').click();
    await page.locator('[data-testid="telemetry-status"][data-state="retrying"]').waitFor(WAIT);
    await expect(page.getByTestId('telemetry-backlog').textContent()).resolves.toMatch(/^3 spans waiting/);
    await expect(page.getByTestId('telemetry-last-error').textContent()).resolves.toMatch(/ECONNREFUSED|connect/i);
    await e2e.screenshot('telemetry-settings-1440');
    await page.setViewportSize({ width: 1024, height: 700 });
    await e2e.screenshot('telemetry-settings-1024');

    await receiver.start();
    await page.getByTestId('telemetry-send-now').click();
    await page.locator('[data-testid="telemetry-status"][data-state="idle"]').waitFor(WAIT);
    await expect(page.getByTestId('telemetry-backlog').textContent()).resolves.toMatch(/^0 spans waiting/);
    expect(receiver.spans.filter((s) => s.kind === 3)).toHaveLength(5);
    expect(e2e.problems).toEqual([]);
  });
});
