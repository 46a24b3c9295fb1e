// The tray glance of the demo profile, rendered from the same menu model the Electron Tray shows (no
// Electron here): its numbers are the ledger's, and a screenshot shows what the menu reads.
import { describe, expect, it } from 'vitest';
import { formatUsd } from '../../preload/contract/money';
import { buildMenuModel, type MenuItem, trayTitle } from '../../main/tray/menu-model';
import { localDayPeriod, localMonthPeriod, systemTimeZone } from '../../main/ledger/timezones';
import { useE2E } from '../helpers/browser';

const e2e = useE2E({ profiles: { startIn: 'demo' }, viewport: { width: 1440, height: 900 } });

const DOT: Record<string, string> = { green: '#2f9e6b', amber: '#d29922', red: '#d64545', grey: '#9aa3b2' };
const escapeHtml = (s: string) => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] ?? c);

function menuHtml(title: string, items: MenuItem[]): string {
  const rows = items
    .map((i) => {
      if (i.kind === 'separator') return '<hr>';
      if (i.kind === 'header') return `<div class="h">${escapeHtml(i.label)}</div>`;
      if (i.kind === 'quit') return `<div class="i">${escapeHtml(i.label)}</div>`;
      const dot = i.dot ? `<span class="d" style="background:${DOT[i.dot]}"></span>` : '<span class="d"></span>';
      return `<div class="i" data-target="${i.target}">${dot}${escapeHtml(i.label)}<span class="t">${i.target}</span></div>`;
    })
    .join('');
  return `<!doctype html><html><head><style>
    body { font: 13px system-ui, sans-serif; background: #dfe3ea; margin: 0; padding: 24px; }
    .bar { background: #1b1f29; color: #e6e8ee; padding: 6px 12px; border-radius: 6px 6px 0 0; width: 420px; }
    .menu { background: #fff; width: 420px; padding: 6px 0; border-radius: 0 0 6px 6px; box-shadow: 0 6px 24px #0003; }
    .h { color: #5b6474; font-size: 11px; text-transform: uppercase; padding: 6px 14px 2px; }
    .i { padding: 4px 14px; display: flex; align-items: center; gap: 8px; }
    .t { margin-left: auto; color: #9aa3b2; font-size: 11px; }
    .d { width: 9px; height: 9px; border-radius: 50%; display: inline-block; }
    hr { border: 0; border-top: 1px solid #e3e6ec; margin: 4px 0; }
  </style></head><body><div class="bar">${escapeHtml(title)}</div><div class="menu">${rows}</div></body></html>`;
}

describe('tray glance (menu model)', () => {
  it("reflects the profile's spend, budgets, key health and jobs, and renders as a menu", async () => {
    const profiles = e2e.profiles;
    if (!profiles) throw new Error('started without profiles');
    const demo = profiles.manager.active;
    await demo.router.call('budgets.create', { scope: 'overall', period: 'month', limitNanos: 100e9, mode: 'soft' });
    const snapshot = await demo.glance();
    const tz = systemTimeZone();
    const now = Date.now();
    const spend = (from: number) => demo.cost.summary.summary({ from, to: now, timeZone: tz }).totals.costNanos;
    const month = spend(localMonthPeriod(tz, now).start);
    expect(snapshot.month.costNanos).toBe(month);
    expect(snapshot.today.costNanos).toBe(spend(localDayPeriod(tz, now).start));
    expect(month).toBeGreaterThan(0);

    const items = buildMenuModel(snapshot);
    const labels = items.flatMap((i) => ('label' in i ? [i.label] : []));
    expect(labels[0]).toBe('Demo profile (fake history)');
    expect(labels).toContain(
      `This month: ${formatUsd(month)}${snapshot.month.unpricedAttempts ? ` (excl. ${snapshot.month.unpricedAttempts.toLocaleString('en-US')} unpriced)` : ''}`,
    );
    const budget = labels.find((l) => l.startsWith('All providers (month): '));
    expect(budget).toMatch(
      new RegExp(
        `^All providers \\(month\\): \\d+% \\(${formatUsd(month).replace(/[$.]/g, '\\$&')} of \\$100\\.00\\)$`,
      ),
    );

    // A blank page of its own: the app's strict CSP would refuse the inline styles.
    await e2e.page.goto('about:blank');
    await e2e.page.setContent(menuHtml(trayTitle(snapshot), items));
    await e2e.page.setViewportSize({ width: 520, height: 560 });
    await e2e.screenshot('tray-menu');
    expect(await e2e.page.locator('.i[data-target="budgets"]').count()).toBeGreaterThan(0);
  }, 60_000);
});
