// Balances with reset countdowns and pace on the dashboard, the Reconciliation screen's drift table on demo
// data, and a refused vendor key shown as its own state (not a zero) after a real fetch from a fake.
import { describe, expect, it } from 'vitest';
import { startTwilioFake, TWILIO_FAKE_ACCOUNT_SID } from '../../main/providers/twilio/fake';
import { useE2E } from '../helpers/browser';

const e2e = useE2E({ demo: true });

async function shoot(name: string) {
  for (const [w, h] of [
    [1440, 900],
    [1024, 700],
  ] as const) {
    await e2e.page.setViewportSize({ width: w, height: h });
    await e2e.screenshot(`${name}-${w}x${h}`);
  }
}

describe('reconciliation on demo data', () => {
  it('dashboard balance cards show what is left, the reset countdown and the pace', async () => {
    const { page } = e2e;
    await page.getByTestId('balance-cards').waitFor({ timeout: 15_000 });
    const heygen = page.getByTestId('balance-heygen');
    await heygen.waitFor();
    expect(await heygen.textContent()).toMatch(/HeyGen.*\$\d+\.\d{2}left — running low/);
    expect(await page.getByTestId('pace-heygen').textContent()).toMatch(
      /At this rate you run out on the \d+(st|nd|rd|th)/,
    );
    expect(await page.getByTestId('reset-elevenlabs').textContent()).toMatch(/Resets in \d+ d \d+ h/);
    expect(await page.getByTestId('reset-twilio').textContent()).toBe('No reset: a prepaid balance');
    expect(await page.getByTestId('balance-elevenlabs').getAttribute('class')).not.toMatch(/warning/);
    await page.locator('[data-testid="chart-spend"][data-painted="true"] canvas').waitFor({ timeout: 15_000 });
    await shoot('reconcile-dashboard-balances');
    expect(e2e.problems).toEqual([]);
  }, 60_000);

  it('the Reconciliation screen explains the drift of each provider', async () => {
    const { page } = e2e;
    await page.getByRole('button', { name: 'Reconciliation' }).click();
    await page.getByTestId('drift-table').waitFor();
    expect(await page.getByTestId('state-twilio').textContent()).toBe('checked');
    expect(await page.getByTestId('part-twilio-unmodelledFees').textContent()).toMatch(/^\+\$\d.*fees not modelled/);
    expect(await page.getByTestId('part-twilio-outsideApp').textContent()).toMatch(/outside AICON/);
    expect(await page.getByTestId('part-twilio-stillEstimated').textContent()).toMatch(/still estimated/);
    expect(await page.getByTestId('part-elevenlabs-priceDifferences').textContent()).toMatch(/price differences/);
    expect(await page.getByTestId('part-openrouter-outsideApp').textContent()).toMatch(/outside AICON/);
    expect(await page.getByTestId('drift-openrouter').textContent()).toMatch(/calls settled to the vendor's figure/);
    expect(await page.getByTestId('drift-anthropic').textContent()).toMatch(/organizations only/);
    expect(await page.getByTestId('drift-exa').textContent()).toMatch(/per-call truth/);
    await shoot('reconcile-page');
    expect(e2e.problems).toEqual([]);
  }, 60_000);

  it('a vendor that refuses the key shows "key refused" with no vendor figure', async () => {
    const { page, app } = e2e;
    const twilio = await startTwilioFake();
    try {
      app.providers.attachDemo({
        baseUrl: (p) => (p === 'twilio' ? twilio.url : null),
        credential: () => ({ secret: 'notTheRightToken0123456789abcdef', accountId: TWILIO_FAKE_ACCOUNT_SID }),
        close: async () => {},
      });
      await page.getByTestId('check-twilio').click();
      await expect.poll(() => page.getByTestId('state-twilio').textContent(), { timeout: 15_000 }).toBe('key refused');
      const row = page.getByTestId('drift-twilio');
      expect(await row.textContent()).toMatch(/refused/);
      expect(await row.locator('td.num').nth(1).textContent()).toBe('—');
      expect(await row.locator('td.num').nth(2).textContent()).toBe('—');
      await shoot('reconcile-key-refused');
    } finally {
      await twilio.close();
    }
  }, 60_000);
});
