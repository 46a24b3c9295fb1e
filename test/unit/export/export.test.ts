// Exports: CSV and JSONL of calls and daily summaries parse back to exactly what the ledger holds.
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallRow } from '../../../preload/contract/ledger';
import { LEDGER_UNITS } from '../../../preload/contract/ledger';
import { demoTargetOf, seedDemoData } from '../../../main/demo/seed';
import { EXPORT_CHUNK_ROWS, ExportService } from '../../../main/export/exporter';
import { CALL_COLUMNS, csvLine, DAILY_COLUMNS } from '../../../main/export/format';
import { toCallRow, type CallRowDb } from '../../../main/ledger/call-queries';
import { createTestApp, type TestApp } from '../../helpers/app';

const NOW = Date.parse('2026-11-20T15:30:00Z');
const FROM = NOW - 10 * 86_400_000;
let app: TestApp;
let service: ExportService;

beforeAll(() => {
  app = createTestApp();
  seedDemoData(demoTargetOf(app), { days: 14, now: NOW, callsPerDay: 800 });
  // Awkward text must survive quoting: commas, quotes and a line break.
  const id = app.cost.ledger.recordAttempt({
    callId: 'odd',
    attempt: 1,
    ts: NOW - 3_600_000,
    provider: 'openai',
    operation: 'script_generation',
    endpoint: 'chat.completions',
    method: 'POST',
    model: 'gpt-4o-mini',
    status: 400,
    latencyMs: 12.5,
    requestBytes: 10,
    responseBytes: 20,
    errorCode: 'bad_request',
    units: {},
    costNanos: 0,
    costSource: 'computed',
    priceVersion: null,
    providerRequestId: null,
    integrationId: 'demo',
    jobId: null,
    contentId: null,
    meta: null,
    errorMessage: 'bad "value", see\nline two',
  });
  expect(id).toBeGreaterThan(0);
  service = new ExportService({
    db: app.db,
    profiles: app.cost.ledger.profiles,
    summary: app.cost.summary,
    dataDir: app.dataDir,
  });
});
afterAll(async () => {
  await app.dispose();
});

/** Minimal RFC 4180 reader for the round trip (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

const ledgerRows = (): CallRow[] =>
  app.db
    .prepare<[number, number], CallRowDb>('SELECT * FROM calls WHERE ts >= ? AND ts < ? ORDER BY ts, id')
    .all(FROM, NOW)
    .map((r) => toCallRow(r, app.cost.ledger.profiles.get(r.profile_id)));

const runExport = async (kind: 'calls' | 'daily', format: 'csv' | 'jsonl') => {
  const seen: number[] = [];
  const s = new ExportService({
    db: app.db,
    profiles: app.cost.ledger.profiles,
    summary: app.cost.summary,
    dataDir: app.dataDir,
    onProgress: (p) => seen.push(p.rowsWritten),
  });
  const { progress, done } = await s.start({ kind, format, from: FROM, to: NOW, timeZone: 'America/New_York' });
  expect(progress.state).toBe('running');
  const final = await done;
  expect(final.state).toBe('done');
  expect(existsSync(`${final.path}.part`)).toBe(false);
  // Web mode (no save dialog): a download by id, offered under the range's name.
  expect(final.downloadUrl).toBe(`/exports/${final.exportId}`);
  expect(final.fileName).toBe(`aicon-${kind}-2026-11-10_2026-11-20.${format}`);
  expect(seen.at(-1)).toBe(final.rowsWritten);
  return { text: readFileSync(final.path!, 'utf8'), final, seen };
};

describe('exports', () => {
  it('calls as JSONL parse back to the ledger rows, provenance included', async () => {
    const { text, final, seen } = await runExport('calls', 'jsonl');
    const parsed = text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as CallRow);
    const expected = ledgerRows();
    expect(expected.length).toBeGreaterThan(5 * EXPORT_CHUNK_ROWS); // several chunks
    expect(final.rowsWritten).toBe(expected.length);
    // Streamed: one progress step per chunk of at most EXPORT_CHUNK_ROWS rows (a turn of the event loop after each).
    const steps = seen.slice(1).map((n, i) => n - (seen[i] ?? 0));
    expect(steps.length).toBeGreaterThanOrEqual(Math.ceil(expected.length / EXPORT_CHUNK_ROWS) - 1);
    expect(Math.max(...steps)).toBeLessThanOrEqual(EXPORT_CHUNK_ROWS);
    expect(parsed).toEqual(expected);
    expect(parsed.some((r) => r.costSource === 'provider_reported' && r.priceVersion !== null)).toBe(true);
  });

  it('calls as CSV parse back to the ledger rows', async () => {
    const { text } = await runExport('calls', 'csv');
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual([...CALL_COLUMNS]);
    const expected = ledgerRows();
    expect(rows).toHaveLength(expected.length);
    const col = (name: string) => header!.indexOf(name);
    rows.forEach((r, i) => {
      const e = expected[i]!;
      expect(Number(r[col('id')])).toBe(e.id);
      expect(r[col('ts')]).toBe(e.ts);
      expect(r[col('provider')]).toBe(e.provider);
      expect(r[col('model')]).toBe(e.model ?? '');
      expect(r[col('error_message')]).toBe(e.errorMessage ?? '');
      expect(r[col('cost_nanos')]).toBe(e.costNanos === null ? '' : String(e.costNanos));
      // Dollars beside nanos, exact; an unpriced attempt is empty and flagged, never 0.
      expect(r[col('cost_usd')]).toBe(e.costNanos === null ? '' : String(e.costNanos / 1e9));
      expect(r[col('unpriced')]).toBe(String(e.costSource === 'unpriced'));
      expect(r[col('cost_source')]).toBe(e.costSource);
      expect(r[col('price_version')]).toBe(e.priceVersion ?? '');
      for (const u of LEDGER_UNITS) expect(r[col(u)]).toBe(e.units[u] === undefined ? '' : String(e.units[u]));
    });
    expect(rows.some((r) => r[col('error_message')]!.includes('"value", see\nline two'))).toBe(true);
  });

  it('daily summaries in CSV and JSONL equal the ledger summary', async () => {
    const summary = app.cost.summary.summary({ from: FROM, to: NOW, timeZone: 'America/New_York' });
    const jsonl = await runExport('daily', 'jsonl');
    expect(
      jsonl.text
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual(summary.byDay);
    const csv = parseCsv((await runExport('daily', 'csv')).text);
    expect(csv[0]).toEqual([...DAILY_COLUMNS]);
    const col = (name: string) => csv[0]!.indexOf(name);
    expect(csv.slice(1).map((r) => [r[0], Number(r[col('cost_nanos')]), Number(r[col('cost_usd')])])).toEqual(
      summary.byDay.map((d) => [d.day, d.costNanos, d.costNanos / 1e9]),
    );
    // A provider with only unpriced calls that day is empty and listed as unpriced, never a silent 0.
    const unpricedCells = csv.slice(1).flatMap((r, i) => {
      const day = summary.byDay[i]!;
      return Object.entries(day.unpricedByProvider)
        .filter(([p, n]) => n > 0 && !day.costByProvider[p])
        .map(([p]) => ({
          nanos: r[col(`cost_nanos_${p}`)],
          usd: r[col(`cost_usd_${p}`)],
          listed: r[col('unpriced_providers')]!.split(';').includes(p),
        }));
    });
    expect(unpricedCells.length).toBeGreaterThan(0);
    expect(unpricedCells.every((c) => c.nanos === '' && c.usd === '' && c.listed)).toBe(true);
  });

  it('rejects an empty range and reports unknown exports as not found', async () => {
    await expect(service.start({ kind: 'calls', format: 'csv', from: NOW, to: NOW, timeZone: 'UTC' })).rejects.toThrow(
      /range/,
    );
    expect(() => service.status('nope')).toThrow(/No such export/);
    expect(csvLine(['a,b', null, 3, true])).toBe('"a,b",,3,true\r\n');
    // Formula-looking text is defused; real numbers are not.
    expect(csvLine(['=HYPERLINK("x")', '@SUM(A1)', '+1', -5, 'ok'])).toBe(
      `"'=HYPERLINK(""x"")",'@SUM(A1),'+1,-5,ok\r\n`,
    );
  });
});
