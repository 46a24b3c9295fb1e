// The money guarantees on screen: a call the app stopped mid-way (settled at start-up as unknown billing) is
// flagged on the Dashboard and in the Call log, and per-operation caps are listed and set on the Budgets page.
import { describe, expect, it } from 'vitest';
import { useE2E } from '../helpers/browser';

const e2e = useE2E();
const VIEWPORTS = [
  [1440, 900],
  [1024, 700],
] as const;

describe('money guarantees on screen', () => {
  it('a write-ahead row settled at start-up shows as unknown billing on the Dashboard and in the Call log', async () => {
    const { app, page } = e2e;
    // The crash path without a crash: a write-ahead row left in flight, then the start-up settlement.
    app.cost.ledger.beginAttempt({
      callId: 'crashed-1',
      attempt: 1,
      ts: Date.now() - 60_000,
      provider: 'heygen',
      operation: 'video_generation',
      endpoint: 'video.generate',
      method: 'POST',
      model: 'photo_avatar',
      status: null,
      latencyMs: 0,
      requestBytes: null,
      responseBytes: 0,
      errorCode: null,
      units: { seconds: 30 },
      costNanos: 500_000_000,
      costSource: 'estimated',
      priceVersion: null,
      providerRequestId: null,
      integrationId: null,
      jobId: null,
      contentId: null,
      meta: null,
    });
    expect(app.cost.ledger.settleInFlight()).toEqual({ rows: 1, costNanos: 500_000_000 });

    await page.reload();
    const notice = page.getByTestId('unknown-billing-notice');
    await notice.waitFor({ timeout: 15_000 });
    expect(await notice.textContent()).toMatch(
      /^1 call in this period \(any provider\): Unknown billing — the app stopped mid-call; counted at its worst case \(\$0\.50\)/,
    );
    for (const [width, height] of VIEWPORTS) {
      await page.setViewportSize({ width, height });
      await e2e.screenshot(`unknown-billing-dashboard-${width}`);
    }

    // The notice's link opens the Call log searched down to those calls; the row carries the badge.
    await page.getByTestId('unknown-billing-open').click();
    expect(await page.getByTestId('calls-search').inputValue()).toBe('unknown_billing');
    const row = page.getByTestId('call-row').first();
    await row.waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('call-row').count()).toBe(1);
    expect(await row.getByTestId('unknown-billing-badge').textContent()).toBe('Unknown billing');
    expect(await row.getByTestId('unknown-billing-badge').getAttribute('title')).toBe(
      'Unknown billing — the app stopped mid-call; counted at its worst case',
    );
    await row.click();
    const detail = page.getByTestId('call-detail');
    await detail.getByTestId('unknown-billing-badge').waitFor({ timeout: 10_000 });
    expect(await detail.getByTestId('unknown-billing-badge').textContent()).toBe(
      'Unknown billing — the app stopped mid-call; counted at its worst case',
    );
    expect(await page.getByTestId('detail-cost').textContent()).toBe('$0.50');
    for (const [width, height] of VIEWPORTS) {
      await page.setViewportSize({ width, height });
      await e2e.screenshot(`unknown-billing-call-log-${width}`);
    }
    expect(e2e.problems).toEqual([]);
  }, 60_000);

  it('per-operation caps: a seeded cap is listed, one set in the form is stored, and Remove deletes it', async () => {
    const { app, page } = e2e;
    await app.router.call('budgets.caps.set', {
      provider: 'anthropic',
      endpoint: 'messages.create',
      capNanos: 250_000_000,
    });
    await page.getByRole('button', { name: 'Budgets' }).click();
    const caps = page.getByTestId('operation-caps');
    await caps.getByTestId('operation-cap-row').first().waitFor({ timeout: 10_000 });
    expect(await caps.getByRole('heading').first().textContent()).toBe('Per-operation caps');
    expect(await caps.getByTestId('operation-cap-row').allTextContents()).toEqual([
      expect.stringMatching(/^anthropicmessages\.create\$0\.25/),
    ]);

    await caps.getByLabel('Cap provider').selectOption('heygen');
    await caps.getByTestId('operation-cap-endpoint').fill('video.generate');
    await caps.getByTestId('operation-cap-usd').fill('3');
    await caps.getByTestId('operation-cap-submit').click();
    await expect.poll(() => caps.getByTestId('operation-cap-row').count(), { timeout: 10_000 }).toBe(2);
    expect(await app.router.call('budgets.caps.list', {})).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ provider: 'heygen', endpoint: 'video.generate', capNanos: 3_000_000_000 }),
      ]),
    );
    for (const [width, height] of VIEWPORTS) {
      await page.setViewportSize({ width, height });
      await caps.scrollIntoViewIfNeeded();
      await e2e.screenshot(`operation-caps-${width}`);
    }
    await caps.getByTestId('operation-cap-row').filter({ hasText: 'video.generate' }).getByRole('button').click();
    await expect.poll(() => caps.getByTestId('operation-cap-row').count(), { timeout: 10_000 }).toBe(1);
    expect(e2e.problems).toEqual([]);
  }, 60_000);

  it('the HeyGen plan maximum is a setting: Scale by default, chosen in Settings, stored for render reservations', async () => {
    const { app, page } = e2e;
    expect(app.preferences.get().heygenPlanMaxVideoSeconds).toBe(1800);
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const plans = page.getByTestId('settings-plans');
    await plans.waitFor({ timeout: 10_000 });
    expect(await plans.getByTestId('pref-heygen-plan').inputValue()).toBe('1800');
    await plans.getByLabel('HeyGen plan').selectOption('300');
    await expect.poll(() => app.preferences.get().heygenPlanMaxVideoSeconds, { timeout: 10_000 }).toBe(300);
    for (const [width, height] of VIEWPORTS) {
      await page.setViewportSize({ width, height });
      await plans.scrollIntoViewIfNeeded();
      await e2e.screenshot(`settings-heygen-plan-${width}`);
    }
    expect(e2e.problems).toEqual([]);
  }, 60_000);
});
