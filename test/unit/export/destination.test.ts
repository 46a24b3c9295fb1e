// Export destinations with a fake save dialog: the picked file is written (via .part) and can be shown in its
// folder; a cancelled dialog is a `cancelled` outcome, not an error; a folder that cannot take the file gives a
// clear error and leaves nothing half-written.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type AppServices } from '../../../main/app';
import { AppError } from '../../../main/core/errors';
import { silentLogger } from '../../../main/core/logger';
import type { Sender } from '../../../main/core/router';
import { demoTargetOf, seedDemoData } from '../../../main/demo/seed';
import { defaultExportName, type ExportFileDialogs, type ExportFormat } from '../../../main/export/destination';
import { ExportService, type ExportRequest } from '../../../main/export/exporter';
import type { ExportProgress } from '../../../preload/contract/export';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const REQ: ExportRequest = {
  kind: 'calls',
  format: 'csv',
  from: Date.parse('2026-11-01T00:00:00Z'),
  to: NOW,
  timeZone: 'UTC',
};

/** A save dialog that answers with a queued path (or null = cancel) and records what it was asked. */
class FakeDialogs implements ExportFileDialogs {
  answer: string | null = null;
  asked: Array<{ defaultName: string; format: ExportFormat }> = [];
  revealed: string[] = [];
  async choosePath(defaultName: string, format: ExportFormat) {
    this.asked.push({ defaultName, format });
    return this.answer;
  }
  reveal(path: string) {
    this.revealed.push(path);
  }
}

let root: string;
let app: AppServices;
let dialogs: FakeDialogs;
let events: ExportProgress[];
let picks: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'aicon-export-dest-'));
  dialogs = new FakeDialogs();
  app = createApp({
    dataDir: join(root, 'data'),
    mode: 'electron',
    logger: silentLogger,
    isTrustedSender: () => true,
    healthCheckIntervalMs: 0,
    exportFiles: dialogs,
  });
  seedDemoData(demoTargetOf(app), { days: 30, now: NOW, callsPerDay: 60 });
  app.events.subscribe((name, payload) => {
    if (name === 'export.progress') events.push(payload as ExportProgress);
  });
});
afterAll(async () => {
  await app.close();
  rmSync(root, { recursive: true, force: true });
});
beforeEach(() => {
  dialogs.answer = null;
  dialogs.asked = [];
  events = [];
  picks = mkdtempSync(join(root, 'picked-'));
});

const service = () =>
  new ExportService({
    db: app.db,
    profiles: app.cost.ledger.profiles,
    summary: app.cost.summary,
    dataDir: join(root, 'data'),
    dialogs,
  });
const rowsInRange = () =>
  app.db
    .prepare<[number, number], { n: number }>('SELECT COUNT(*) AS n FROM calls WHERE ts >= ? AND ts < ?')
    .get(REQ.from, REQ.to)!.n;
const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'no error',
    (e: unknown) => (e instanceof AppError ? `${e.code}: ${e.message}` : String(e)),
  );

describe('export to a file the user picks', () => {
  it('suggests a name for the range and format, writes the picked file via .part and can show it in its folder', async () => {
    const picked = join(picks, 'my calls.csv');
    dialogs.answer = picked;
    const s = service();
    const { progress, done } = await s.start(REQ);
    expect(dialogs.asked).toEqual([{ defaultName: 'aicon-calls-2026-11-01_2026-11-23.csv', format: 'csv' }]);
    expect(progress).toMatchObject({
      state: 'running',
      path: picked,
      fileName: 'my calls.csv',
      downloadUrl: null,
      revealable: false,
    });
    const final = await done;
    expect(final).toMatchObject({
      state: 'done',
      path: picked,
      revealable: true,
      downloadUrl: null,
      rowsWritten: rowsInRange(),
    });
    expect(readdirSync(picks)).toEqual(['my calls.csv']);
    expect(readFileSync(picked, 'utf8').trimEnd().split('\r\n')).toHaveLength(rowsInRange() + 1);
    // A desktop export is never served for download; it can be shown in its folder.
    expect(s.download(final.exportId)).toBeNull();
    s.reveal(final.exportId);
    expect(dialogs.revealed.at(-1)).toBe(picked);
  });

  it('names the last day the range includes, in the export time zone', () => {
    const day = {
      kind: 'daily',
      format: 'jsonl' as const,
      from: Date.parse('2026-11-01T04:00:00Z'),
      to: Date.parse('2026-11-23T05:00:00Z'),
    };
    expect(defaultExportName({ ...day, timeZone: 'America/New_York' })).toBe('aicon-daily-2026-11-01_2026-11-22.jsonl');
    expect(defaultExportName({ ...day, timeZone: 'UTC' })).toBe('aicon-daily-2026-11-01_2026-11-23.jsonl');
  });

  it('a cancelled dialog is a cancelled outcome: no error, nothing written, nothing running', async () => {
    const s = service();
    const { progress, done } = await s.start({ ...REQ, kind: 'daily', format: 'jsonl' });
    expect(dialogs.asked[0]?.defaultName).toBe('aicon-daily-2026-11-01_2026-11-23.jsonl');
    expect(progress).toMatchObject({
      state: 'cancelled',
      path: null,
      rowsWritten: 0,
      downloadUrl: null,
      revealable: false,
    });
    expect(await done).toEqual(progress);
    expect(s.status(progress.exportId).state).toBe('cancelled');
    expect(await codeOf(Promise.resolve().then(() => s.reveal(progress.exportId)))).toMatch(/^unavailable/);
    expect(events).toEqual([]);
    expect(existsSync(join(root, 'data', 'exports'))).toBe(false);
  });

  it('through the router: cancelled is an ok answer, and export.reveal shows a finished file', async () => {
    const web: Sender = { kind: 'web', authenticated: true };
    const input = {
      kind: 'calls',
      format: 'csv',
      from: new Date(REQ.from).toISOString(),
      to: new Date(REQ.to).toISOString(),
      timeZone: 'UTC',
    };
    expect(await app.router.dispatch(web, 'export.start', input)).toMatchObject({
      ok: true,
      data: { state: 'cancelled' },
    });

    dialogs.answer = join(picks, 'out.csv');
    const started = await app.router.dispatch(web, 'export.start', input);
    if (!started.ok) throw new Error(started.error.message);
    const { exportId } = started.data as ExportProgress;
    await expect
      .poll(() => events.find((e) => e.exportId === exportId && e.state === 'done'), { timeout: 10_000 })
      .toBeTruthy();
    expect(await app.router.dispatch(web, 'export.reveal', { exportId })).toEqual({
      ok: true,
      data: { revealed: true },
    });
    expect(dialogs.revealed.at(-1)).toBe(join(picks, 'out.csv'));
    expect(app.exportFile(exportId)).toBeNull();
  });

  it('refuses a folder that is missing or is a file before writing anything', async () => {
    const s = service();
    dialogs.answer = join(picks, 'gone', 'calls.csv');
    expect(await codeOf(s.start(REQ))).toBe(
      `unavailable: Cannot write ${dialogs.answer}: the folder does not exist. Choose another location.`,
    );
    writeFileSync(join(picks, 'a-file'), 'x');
    dialogs.answer = join(picks, 'a-file', 'calls.csv');
    expect(await codeOf(s.start(REQ))).toMatch(/^unavailable: .*part of the path is not a folder/);
    dialogs.answer = 'relative.csv';
    expect(await codeOf(s.start(REQ))).toMatch(/^invalid_input: .*absolute/);
    expect(readdirSync(picks)).toEqual(['a-file']);
  });

  it.skipIf(process.getuid?.() === 0)('refuses a folder without write permission', async () => {
    const locked = join(picks, 'locked');
    mkdirSync(locked, { mode: 0o500 });
    dialogs.answer = join(locked, 'calls.csv');
    expect(await codeOf(service().start(REQ))).toMatch(/^unavailable: .*permission denied/);
    expect(readdirSync(locked)).toEqual([]);
  });

  it('a failure while finishing leaves no .part and says why', async () => {
    // The picked name is taken by a folder: the stream is written, then the rename onto it fails.
    const taken = join(picks, 'taken.csv');
    mkdirSync(taken);
    dialogs.answer = taken;
    const final = await (await service().start(REQ)).done;
    expect(final.state).toBe('failed');
    expect(final.error).toBe(`Cannot write ${taken}: a folder already has that name. Choose another location.`);
    expect(readdirSync(picks)).toEqual(['taken.csv']);
    expect(readdirSync(taken)).toEqual([]);
  });
});
