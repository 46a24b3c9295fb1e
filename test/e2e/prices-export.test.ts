// Prices and export in Chromium (web mode): an override is edited in place (and a clash is refused on the
// row), and an export finishes as a real browser download whose CSV has exactly the rows main wrote.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useE2E } from '../helpers/browser';

const e2e = useE2E({ demo: true });

const localDay = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

describe('prices and export in web mode', () => {
  it('edits an override in place and shows a clash on the row', async () => {
    const { page } = e2e;
    await page.getByRole('button', { name: 'Prices', exact: true }).click();
    await page.getByTestId('price-overrides').waitFor({ timeout: 10_000 });
    const older = localDay(new Date(Date.now() - 30 * 86_400_000));
    const newer = localDay(new Date(Date.now() - 10 * 86_400_000));
    for (const day of [older, newer]) {
      await page.getByLabel('Effective from', { exact: true }).fill(day);
      await page.getByTestId('override-add').click();
    }
    const rows = page.getByTestId('override-row');
    await expect.poll(() => rows.count()).toBe(2);

    // Edit the newer one: price, block size and note.
    const row = rows.nth(1);
    await row.getByTestId('override-edit').click();
    await row.getByLabel('Edit price').fill('0.00025');
    await row.getByLabel('Edit block size').selectOption('1');
    await row.getByLabel('Edit note').fill('pro plan');
    await row.getByTestId('override-save').click();
    await expect.poll(() => rows.nth(1).getAttribute('data-editing')).toBeNull();
    await expect.poll(() => rows.nth(1).getByTestId('override-price').textContent()).toBe('$0.00025');
    expect(await rows.nth(1).getByTestId('override-note').textContent()).toBe('pro plan');
    const stored = e2e.app.cost.pricer.overrides.list();
    expect(stored.map((o) => [o.rate.nanosPerBlock, o.rate.blockSize, o.note])).toEqual([
      [180_000_000, 1000, ''],
      [250_000, 1, 'pro plan'],
    ]);

    // Moving it onto the other override's date is refused on the row; nothing changes.
    await rows.nth(1).getByTestId('override-edit').click();
    await rows.nth(1).getByLabel('Edit effective from').fill(older);
    await rows.nth(1).getByTestId('override-save').click();
    await expect
      .poll(() => rows.nth(1).getByTestId('override-edit-error').textContent())
      .toMatch(/already sets elevenlabs \* characters from that date/);
    expect(e2e.app.cost.pricer.overrides.list().map((o) => o.effectiveFrom)).toEqual(
      stored.map((o) => o.effectiveFrom),
    );
    expect(e2e.problems).toEqual([]);
  }, 60_000);

  it('exports calls as CSV and downloads it in the browser with every row', async () => {
    const { page } = e2e;
    await page.getByRole('button', { name: 'Dashboard', exact: true }).click();
    await page.getByTestId('export-calls-csv').click();
    const progress = page.locator('[data-testid="export-progress"][data-state="done"]');
    await progress.waitFor({ timeout: 20_000 });
    const rowsWritten = Number(
      (/([\d,]+) of [\d,]+ rows/.exec((await progress.textContent()) ?? '')?.[1] ?? '').replace(/,/g, ''),
    );
    expect(rowsWritten).toBeGreaterThan(100);

    const link = page.getByTestId('export-download');
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^\/exports\/[0-9a-f-]{36}$/);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^aicon-calls-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^id,call_id,attempt,/);
    // Demo rows carry no line breaks inside cells, so lines = header + one per row.
    expect(lines.length - 1).toBe(rowsWritten);
    const exported = e2e.app.exportFile(href!.slice('/exports/'.length));
    expect(csv).toBe(readFileSync(exported!.path, 'utf8'));
    expect(e2e.problems).toEqual([]);
  }, 60_000);
});
