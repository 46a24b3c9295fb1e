// The demo library is not empty: a few demo pieces, with the ids the seeded ledger history names, added once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createApp } from '../../../main/app';
import { silentLogger } from '../../../main/core/logger';
import { seedDemoPieces } from '../../../main/demo/pieces';

const dir = mkdtempSync(join(tmpdir(), 'aicon-demo-pieces-'));
const app = createApp({
  dataDir: dir,
  mode: 'web',
  demo: true,
  logger: silentLogger,
  isTrustedSender: () => true,
  healthCheckIntervalMs: 0,
});
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

it('seeds demo pieces once, linked to the ids in the demo ledger', () => {
  const added = seedDemoPieces(app.content.pieces);
  expect(added).toBeGreaterThanOrEqual(3);
  const { items } = app.content.pieces.list({ demo: true, limit: 50, offset: 0 });
  expect(items).toHaveLength(added);
  expect(items.every((p) => p.demo && /^demo-content-\d+$/.test(p.id))).toBe(true);
  expect(items.some((p) => p.transcript !== '')).toBe(true);
  expect(seedDemoPieces(app.content.pieces)).toBe(0);
  expect(app.content.pieces.list({ demo: true, limit: 50, offset: 0 }).total).toBe(added);
});
