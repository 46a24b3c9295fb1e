// Renders scripts/icon/icon.svg to build/icon.png (1024x1024, transparent corners) with Debian Chromium.
// electron-builder derives the .icns, .ico and Linux sizes from that one PNG. Run: npx tsx scripts/icon/render.ts
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const root = join(__dirname, '../..');
const svg = readFileSync(join(__dirname, 'icon.svg'), 'utf8');
async function render(): Promise<void> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1024, height: 1024 }, deviceScaleFactor: 1 });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
    await page.locator('svg').screenshot({ path: join(root, 'build/icon.png'), omitBackground: true });
  } finally {
    await browser.close();
  }
}

void render();
