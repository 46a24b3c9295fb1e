import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AttemptRecord } from '../../../main/gateway/deps';
import { migrate } from '../../../main/db/migrator';
import { migrations } from '../../../main/db/migrations';
import { openDatabase } from '../../../main/db/database';
import { Ledger } from '../../../main/ledger/ledger';
import { histogramQuantile, LATENCY_COLUMNS, latencyBucket } from '../../../main/ledger/rollups';
import { UNIT_COLUMNS } from '../../../main/ledger/units';
import { attempt, tempDb } from './support';

const T0 = Date.UTC(2026, 0, 10);

const unitsArb = fc.record(
  {
    input_tokens: fc.integer({ min: 0, max: 200_000 }),
    cached_input_tokens: fc.integer({ min: 0, max: 50_000 }),
    cache_write_5m_tokens: fc.integer({ min: 0, max: 5_000 }),
    output_tokens: fc.integer({ min: 0, max: 8_000 }),
    reasoning_tokens: fc.integer({ min: 0, max: 8_000 }),
    characters: fc.integer({ min: 0, max: 40_000 }),
    seconds: fc.double({ min: 0, max: 600, noNaN: true }),
    segments: fc.integer({ min: 0, max: 10 }),
    credits: fc.double({ min: 0, max: 100, noNaN: true }),
  },
  { requiredKeys: [] },
);

const costArb = fc.oneof(
  fc.constant({ costNanos: null, costSource: 'unpriced' as const }),
  fc.record({
    costNanos: fc.integer({ min: 0, max: 5_000_000_000 }),
    costSource: fc.constantFrom('computed' as const, 'estimated' as const, 'provider_reported' as const),
  }),
);

const attemptArb = fc.record({
  provider: fc.constantFrom('openai' as const, 'anthropic' as const, 'twilio' as const),
  model: fc.constantFrom('m1', 'm2', null),
  operation: fc.constantFrom('content_analysis', 'research'),
  integrationId: fc.constantFrom(null, 'int-1'),
  minute: fc.integer({ min: 0, max: 3 * 24 * 60 }),
  status: fc.constantFrom(200, 200, 200, 429, 500, null),
  latencyMs: fc.double({ min: 0, max: 90_000, noNaN: true }),
  retry: fc.boolean(),
  units: unitsArb,
  cost: costArb,
});

const opArb = fc.oneof(
  { weight: 5, arbitrary: attemptArb.map((a) => ({ kind: 'record' as const, a })) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('settle' as const), pick: fc.nat(), cost: costArb }) },
);

const SUMS = [
  'COUNT(*) AS attempts',
  'SUM(attempt = 1) AS calls',
  'SUM(error_code IS NOT NULL) AS errors',
  'SUM(cost_nanos IS NOT NULL) AS priced',
  'SUM(cost_nanos IS NULL) AS unpriced',
  "SUM(cost_source = 'estimated') AS estimated",
  "SUM(cost_source = 'provider_reported') AS reported",
  'COALESCE(SUM(cost_nanos), 0) AS cost_nanos',
  ...UNIT_COLUMNS.map((c) => `COALESCE(SUM(${c}), 0) AS ${c}`),
  'SUM(latency_ms) AS latency_sum_ms',
  'SUM(COALESCE(request_bytes, 0)) AS request_bytes',
  'SUM(response_bytes) AS response_bytes',
];

describe('hourly rollups', () => {
  it('hourly, daily and per-provider rollups equal the sums of the raw rows after any mix of inserts and settlements (property)', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 60 }), (ops) => {
        const t = tempDb();
        try {
          const ledger = new Ledger(t.db);
          const ids: number[] = [];
          let lastCall: AttemptRecord | null = null;
          for (const op of ops) {
            if (op.kind === 'record') {
              const a = op.a;
              const retryOf: AttemptRecord | null = a.retry ? lastCall : null;
              const rec = attempt({
                ...(retryOf ? { callId: retryOf.callId, attempt: retryOf.attempt + 1 } : {}),
                provider: a.provider,
                model: a.model,
                operation: a.operation,
                integrationId: a.integrationId,
                ts: T0 + a.minute * 60_000,
                status: a.status,
                errorCode: a.status === 200 ? null : a.status === null ? 'network' : null,
                latencyMs: a.latencyMs,
                units: a.units,
                ...a.cost,
              });
              ids.push(ledger.recordAttempt(rec));
              lastCall = rec;
            } else if (ids.length) {
              ledger.settle(ids[op.pick % ids.length]!, op.cost);
            }
          }
          const compare = (rawSql: string, rolledSql: string, checkHistogram: boolean) => {
            const raw = t.db.prepare(rawSql).all() as Array<Record<string, number>>;
            const rolled = t.db.prepare(rolledSql).all() as Array<Record<string, number>>;
            expect(rolled.length).toBe(raw.length);
            raw.forEach((r, i) => {
              const ro = rolled[i]!;
              for (const [k, v] of Object.entries(r)) {
                if (k === 'latency_sum_ms' || /^u_(seconds|minutes|credits)$/.test(k)) expect(ro[k]).toBeCloseTo(v, 6);
                else expect([k, ro[k]]).toEqual([k, v]);
              }
              if (checkHistogram) expect(LATENCY_COLUMNS.reduce((s, c) => s + ro[c]!, 0)).toBe(r.attempts);
            });
          };
          compare(
            `SELECT ts / 3600000 AS hour, profile_id, ${SUMS.join(', ')} FROM calls GROUP BY hour, profile_id ORDER BY hour, profile_id`,
            'SELECT * FROM call_rollups_hourly ORDER BY hour, profile_id',
            true,
          );
          compare(
            `SELECT ts / 86400000 AS day, profile_id, ${SUMS.join(', ')} FROM calls GROUP BY day, profile_id ORDER BY day, profile_id`,
            'SELECT * FROM call_rollups_daily ORDER BY day, profile_id',
            true,
          );
          compare(
            `SELECT c.ts / 3600000 AS hour, p.provider, ${SUMS.slice(0, 5).join(', ')}, ${SUMS[7]} FROM calls c JOIN call_profiles p ON p.id = c.profile_id
             GROUP BY hour, p.provider ORDER BY hour, p.provider`,
            'SELECT * FROM call_rollups_provider_hourly ORDER BY hour, provider',
            true,
          );
          // The provider rollup's histogram is exactly the hour x profile histograms summed per provider.
          const lat = LATENCY_COLUMNS.join(', ');
          expect(
            t.db
              .prepare(`SELECT hour, provider, ${lat} FROM call_rollups_provider_hourly ORDER BY hour, provider`)
              .all(),
          ).toEqual(
            t.db
              .prepare(
                `SELECT h.hour AS hour, p.provider AS provider, ${LATENCY_COLUMNS.map((c) => `SUM(h.${c}) AS ${c}`).join(', ')}
                 FROM call_rollups_hourly h JOIN call_profiles p ON p.id = h.profile_id GROUP BY h.hour, p.provider ORDER BY h.hour, p.provider`,
              )
              .all(),
          );
          // The hour total is the provider rollup summed per hour, histogram included.
          const providerColumns = [
            'attempts',
            'calls',
            'errors',
            'priced',
            'unpriced',
            'cost_nanos',
            ...LATENCY_COLUMNS,
          ];
          expect(
            t.db
              .prepare(`SELECT hour, ${providerColumns.join(', ')} FROM call_rollups_total_hourly ORDER BY hour`)
              .all(),
          ).toEqual(
            t.db
              .prepare(
                `SELECT hour, ${providerColumns.map((c) => `SUM(${c}) AS ${c}`).join(', ')} FROM call_rollups_provider_hourly GROUP BY hour ORDER BY hour`,
              )
              .all(),
          );
        } finally {
          t.dispose();
        }
      }),
      { numRuns: 60 },
    );
  });

  it('estimates latency quantiles from the histogram', () => {
    const counts = new Array<number>(LATENCY_COLUMNS.length).fill(0);
    for (const ms of [10, 12, 15, 18, 150]) counts[latencyBucket(ms)]!++;
    // Four of five in [10,20), one in [100,200).
    expect(histogramQuantile(counts, 0.5)).toBeGreaterThanOrEqual(10);
    expect(histogramQuantile(counts, 0.5)).toBeLessThan(20);
    expect(histogramQuantile(counts, 0.95)).toBeGreaterThanOrEqual(100);
    expect(histogramQuantile(counts, 0.95)).toBeLessThan(200);
    expect(histogramQuantile(new Array<number>(LATENCY_COLUMNS.length).fill(0), 0.5)).toBeNull();
  });
});

describe('migrations 5 and 6 (latency on the hour x provider rollup, the hour total)', () => {
  it('backfill the provider histograms from the hour x profile rollup written before them, then the hour totals', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aicon-m5-'));
    const db = openDatabase(join(dir, 'db.sqlite'));
    try {
      migrate(db, migrations.slice(0, 4));
      // A version-4 database as the old writer left it: no histogram on the provider rollup.
      const counters = 'attempts, calls, errors, priced, unpriced, estimated, reported, cost_nanos';
      const rest = [...UNIT_COLUMNS, 'latency_sum_ms', 'request_bytes', 'response_bytes'];
      db.exec(`INSERT INTO call_profiles (id, provider, integration_id, operation, endpoint, method, model) VALUES
        (1, 'openai', '', 'a', 'e', 'POST', 'm1'), (2, 'openai', '', 'b', 'e', 'POST', 'm2'), (3, 'anthropic', '', 'a', 'e', 'POST', 'm3')`);
      const insert = db.prepare(
        `INSERT INTO call_rollups_hourly (hour, profile_id, ${counters}, ${rest.join(', ')}, ${LATENCY_COLUMNS.join(', ')})
         VALUES (?, ?, ?, 0, 0, 0, 0, 0, 0, 0, ${rest.map(() => '0').join(', ')}, ${LATENCY_COLUMNS.map(() => '?').join(', ')})`,
      );
      const hist = (seed: number) => LATENCY_COLUMNS.map((_, i) => (seed * (i + 3)) % 5);
      const rows: Array<[number, number, number[]]> = [
        [100, 1, hist(1)],
        [100, 2, hist(2)],
        [100, 3, hist(3)],
        [101, 1, hist(4)],
      ];
      for (const [hour, profile, h] of rows)
        insert.run(
          hour,
          profile,
          h.reduce((a, b) => a + b, 0),
          ...h,
        );
      db.exec(`INSERT INTO call_rollups_provider_hourly (hour, provider, attempts, calls, errors, priced, unpriced, cost_nanos) VALUES
        (100, 'openai', 1, 0, 0, 0, 0, 0), (100, 'anthropic', 1, 0, 0, 0, 0, 0), (101, 'openai', 1, 0, 0, 0, 0, 0)`);
      expect(migrate(db, migrations.slice(0, 6))).toEqual([5, 6]);
      const got = db
        .prepare(
          `SELECT hour, provider, ${LATENCY_COLUMNS.join(', ')} FROM call_rollups_provider_hourly ORDER BY hour, provider`,
        )
        .all() as Array<Record<string, number | string>>;
      const sum = (a: number[], b: number[]) => a.map((x, i) => x + b[i]!);
      const expected = [
        [100, 'anthropic', hist(3)],
        [100, 'openai', sum(hist(1), hist(2))],
        [101, 'openai', hist(4)],
      ] as const;
      expect(got.map((r) => [r.hour, r.provider, LATENCY_COLUMNS.map((c) => r[c])])).toEqual(expected);
      // Migration 6 then sums those per hour into the hour total.
      const totals = db
        .prepare(`SELECT hour, attempts, ${LATENCY_COLUMNS.join(', ')} FROM call_rollups_total_hourly ORDER BY hour`)
        .all() as Array<Record<string, number>>;
      expect(totals.map((r) => [r.hour, r.attempts, LATENCY_COLUMNS.map((c) => r[c])])).toEqual([
        [100, 2, sum(sum(hist(1), hist(2)), hist(3))],
        [101, 1, hist(4)],
      ]);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
