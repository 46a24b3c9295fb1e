// The monitoring screens on demo data, in Chromium: charts paint, filters change them, the call log pages and drills down.
import { describe, expect, it } from 'vitest';
import { useE2E } from '../helpers/browser';

const e2e = useE2E({ demo: true });

describe('dashboard on demo data', () => {
  it('renders cards and charts (latency percentiles, cache savings), and provider and model filters change them', async () => {
    const { page } = e2e;
    await page.locator('[data-testid="chart-spend"][data-painted="true"] canvas').waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="chart-calls"][data-painted="true"] canvas').waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByTestId('card-spend').textContent()).toMatch(/\$\d/);
    // Demo history has unpriced calls: the spend card says it excludes them.
    expect(await page.getByTestId('card-spend').textContent()).toMatch(/excludes [\d,]+ unpriced call/);
    expect(await page.getByTestId('by-model-row').count()).toBeGreaterThan(5);
    // Latency percentiles over time: drawn from the rollups' histograms, one line per percentile.
    await page.locator('[data-testid="chart-latency"][data-painted="true"] canvas').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('chart-latency').locator('.u-legend .u-series').allTextContents()).toEqual(
      expect.arrayContaining([
        expect.stringContaining('p50'),
        expect.stringContaining('p95'),
        expect.stringContaining('p99'),
      ]),
    );
    // Cache savings in dollars, with the share of input served from cache as its note.
    expect(await page.getByTestId('card-cache').textContent()).toMatch(
      /Cache savings\$\d[\d.,]*\d+(\.\d)?% of input served from cache/,
    );
    await e2e.screenshot('dashboard');

    await page.getByTestId('export-calls-csv').click();
    await page.locator('[data-testid="export-progress"][data-state="done"]').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('export-progress').textContent()).toMatch(/rows written to .*exports.*\.csv/);

    const before = await page.getByTestId('chart-spend').getAttribute('data-signature');
    const callsBefore = await page.getByTestId('card-calls').textContent();
    await page.getByTestId('filter-provider').selectOption('heygen');
    await expect
      .poll(() => page.getByTestId('chart-spend').getAttribute('data-signature'), { timeout: 10_000 })
      .not.toBe(before);
    await expect.poll(() => page.getByTestId('card-calls').textContent()).not.toBe(callsBefore);
    expect(await page.locator('[data-testid="by-model-row"]').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('heygen')]),
    );
    expect(
      (await page.locator('[data-testid="by-model-row"]').allTextContents()).every((t) => t.startsWith('heygen')),
    ).toBe(true);

    // A model filter feeds the summary: cards, every chart and both breakdowns follow it.
    await page.getByTestId('filter-provider').selectOption('');
    await expect.poll(() => page.getByTestId('by-model-row').count(), { timeout: 10_000 }).toBeGreaterThan(5);
    const spendAll = await page.getByTestId('card-spend').textContent();
    const callsAll = await page.getByTestId('card-calls').textContent();
    const latencyAll = await page.getByTestId('chart-latency').getAttribute('data-signature');
    await page.getByTestId('filter-model').selectOption('claude-sonnet-4-5');
    await expect
      .poll(() => page.getByTestId('chart-latency').getAttribute('data-signature'), { timeout: 10_000 })
      .not.toBe(latencyAll);
    await expect.poll(() => page.getByTestId('card-calls').textContent()).not.toBe(callsAll);
    expect(await page.getByTestId('card-spend').textContent()).not.toBe(spendAll);
    expect(await page.locator('[data-testid="by-model-row"]').allTextContents()).toEqual([
      expect.stringMatching(/^anthropic · claude-sonnet-4-5/),
    ]);
    expect(await page.locator('[data-testid="by-operation-row"]').allTextContents()).toEqual([
      expect.stringMatching(/^script_generation/),
    ]);
    await page.locator('[data-testid="chart-latency"][data-painted="true"] canvas').waitFor();
    // The other models stay selectable while one is chosen.
    expect(await page.getByTestId('filter-model').locator('option').count()).toBeGreaterThan(5);
    await page.getByTestId('filter-model').selectOption('');
    await expect.poll(() => page.getByTestId('card-calls').textContent(), { timeout: 10_000 }).toBe(callsAll);

    await page.getByTestId('period-7d').click();
    await page.locator('[data-testid="chart-spend"][data-painted="true"] canvas').waitFor();
    expect(e2e.problems).toEqual([]);
  }, 60_000);

  it('call log pages by cursor and drills down into one call', async () => {
    const { page } = e2e;
    await page.getByRole('button', { name: 'Call log' }).click();
    await page.getByTestId('call-row').first().waitFor({ timeout: 10_000 });
    await expect.poll(() => page.getByTestId('calls-count').textContent()).toMatch(/^200 loaded/);
    // Scrolling to the end fetches the next page.
    await page.getByTestId('call-log').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await expect.poll(() => page.getByTestId('calls-count').textContent(), { timeout: 10_000 }).toMatch(/^400 loaded/);

    await page.getByTestId('calls-status').selectOption('error');
    await expect
      .poll(async () => (await page.getByTestId('call-row').first().textContent()) ?? '', { timeout: 10_000 })
      .toMatch(/(429|503|400|401|none)/);
    await page.getByTestId('call-row').first().click();
    const detail = page.getByTestId('call-detail');
    await detail.waitFor();
    await expect
      .poll(() => page.getByTestId('detail-cost-source').textContent())
      .toMatch(/computed|unpriced|provider_reported|estimated/);
    expect(await page.getByTestId('detail-attempts').locator('li').count()).toBeGreaterThanOrEqual(1);
    expect(e2e.problems).toEqual([]);
  }, 60_000);

  it('a budget set below what is already spent shows an alert toast and an alert row', async () => {
    const { page } = e2e;
    await page.getByRole('button', { name: 'Budgets' }).click();
    await page.getByTestId('budget-form').waitFor();
    await page.getByTestId('budget-period').selectOption('month');
    await page.getByTestId('budget-usd').fill('0.01');
    await page.getByTestId('budget-submit').click();
    const toast = page.getByTestId('budget-toast');
    await toast.waitFor({ timeout: 10_000 });
    expect(await toast.textContent()).toMatch(/Budget alert: \d+% of the monthly budget for all providers/);
    await expect.poll(() => page.getByTestId('budget-row').getAttribute('data-state')).toBe('exceeded');
    await expect.poll(() => page.getByTestId('budget-alert').count()).toBeGreaterThan(0);
    await e2e.screenshot('budgets');
    expect(e2e.problems).toEqual([]);
  }, 60_000);

  it('prices: an override previews a re-pricing difference and applies it', async () => {
    const { page } = e2e;
    await page.getByRole('button', { name: 'Prices' }).click();
    await page.getByTestId('price-row').first().waitFor({ timeout: 10_000 });
    const from = new Date(Date.now() - 40 * 86_400_000);
    const day = `${from.getFullYear()}-${String(from.getMonth() + 1).padStart(2, '0')}-${String(from.getDate()).padStart(2, '0')}`;
    await page.getByLabel('Effective from').fill(day);
    await page.getByTestId('override-add').click();
    await page.getByTestId('override-row').first().waitFor();
    await page.getByTestId('reprice-preview').click();
    const result = page.getByTestId('reprice-result');
    await result.waitFor({ timeout: 15_000 });
    expect(await result.textContent()).toMatch(/Preview: [\d,]+ of [\d,]+ attempts would change, −\$/);
    expect(await result.textContent()).toContain('elevenlabs');
    await page.getByTestId('reprice-apply').click();
    await expect.poll(() => result.textContent(), { timeout: 15_000 }).toMatch(/^Applied:/);
    expect(e2e.problems).toEqual([]);
  }, 60_000);
});
