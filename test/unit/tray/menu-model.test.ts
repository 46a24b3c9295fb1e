// The tray glance without Electron: the model reads the ledger, budgets, key health and jobs of a profile.
import { describe, expect, it } from 'vitest';
import { buildMenuModel, type GlanceSnapshot, menuText, trayTitle } from '../../../main/tray/menu-model';
import { createTestApp } from '../../helpers/app';

const snapshot = (over: Partial<GlanceSnapshot> = {}): GlanceSnapshot => ({
  profile: 'real',
  today: { costNanos: 1_234_560_000, unpricedAttempts: 0 },
  month: { costNanos: 4_321_000_000_000, unpricedAttempts: 3 },
  budgets: [],
  health: [],
  runningJobs: [],
  ...over,
});

describe('tray menu model', () => {
  it('shows today and the month with separators, unpriced counted, and each line opens its screen', () => {
    const items = buildMenuModel(snapshot());
    expect(items.slice(0, 2)).toEqual([
      { kind: 'item', label: 'Today: $1.23', target: 'dashboard' },
      { kind: 'item', label: 'This month: $4,321.00 (excl. 3 unpriced)', target: 'dashboard' },
    ]);
    expect(items.at(-1)).toEqual({ kind: 'quit', label: 'Quit' });
    expect(trayTitle(snapshot({ profile: 'demo' }))).toBe('Demo · Today $1.23 · Month $4,321.00');
  });

  it('lists budgets with a dot by state, the ones running low, provider health and running jobs', () => {
    const text = menuText(
      buildMenuModel(
        snapshot({
          budgets: [
            {
              label: 'All providers (month)',
              percentUsed: 91.4,
              spentNanos: 18_280_000_000,
              limitNanos: 20e9,
              state: 'warning',
            },
            { label: 'openai (day)', percentUsed: 12, spentNanos: 600_000_000, limitNanos: 5e9, state: 'ok' },
          ],
          health: [
            { provider: 'openai', status: 'healthy' },
            { provider: 'heygen', status: 'failing' },
          ],
          runningJobs: [{ id: 'j1', kind: 'video.render', progress: 0.4 }],
        }),
      ),
    );
    expect(text).toContain('◐ All providers (month): 91% ($18.28 of $20.00)  → budgets');
    expect(text).toContain('● openai (day): 12% ($0.60 of $5.00)  → budgets');
    expect(text).toMatch(/\[Running low\]\n◐ All providers \(month\): \$1\.72 left {2}→ budgets/);
    expect(text).toContain('● openai: healthy  → integrations');
    expect(text).toContain('✕ heygen: failing  → integrations');
    expect(text).toContain('video.render 40%  → jobs');
  });

  it("reflects a profile's spend: the glance reads what the ledger and budgets say", async () => {
    const app = createTestApp();
    try {
      const now = Date.now();
      app.cost.ledger.recordAttempts([
        {
          callId: 'c1',
          attempt: 1,
          ts: now - 1_000,
          provider: 'openai',
          operation: 'content_analysis',
          endpoint: 'chat.completions',
          method: 'POST',
          model: 'gpt-4.1-mini',
          integrationId: null,
          jobId: null,
          contentId: null,
          status: 200,
          latencyMs: 420,
          requestBytes: 100,
          responseBytes: 200,
          errorCode: null,
          units: { input_tokens: 1000, output_tokens: 100 },
          costNanos: 2_500_000_000,
          costSource: 'computed',
          priceVersion: 'test',
          providerRequestId: null,
          meta: null,
        },
      ]);
      await app.router.call('budgets.create', { scope: 'overall', period: 'month', limitNanos: 10e9, mode: 'hard' });
      const items = buildMenuModel(await app.glance());
      const labels = items.flatMap((i) => ('label' in i ? [i.label] : []));
      expect(labels).toContain('Today: $2.50');
      expect(labels).toContain('This month: $2.50');
      expect(labels).toContain('All providers (month): 25% ($2.50 of $10.00)');
    } finally {
      await app.dispose();
    }
  });
});
