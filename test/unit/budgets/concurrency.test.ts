// Reliability: 50 concurrent reservations from 10 processes (own connections, same file) against a hard
// budget never overshoot it.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BudgetRepository } from '../../../main/budgets/repository';
import { Ledger } from '../../../main/ledger/ledger';
import { attempt, tempDb, type TempDb } from '../ledger/support';

const RESERVER = join(__dirname, 'fixtures', 'reserver.ts');
const LIMIT = 1_000_000_000; // $1.00
const SPENT = 100_000_000; // $0.10 already spent this month
const AMOUNT = 50_000_000; // $0.05 worst case per call
const PROCESSES = 10;
const PER_PROCESS = 5;

let t: TempDb;
beforeEach(() => {
  t = tempDb();
  new BudgetRepository(t.db).create({
    scope: 'overall',
    scopeId: '',
    period: 'month',
    limitNanos: LIMIT,
    mode: 'hard',
    thresholds: [50, 80, 100],
    enabled: true,
  });
  new Ledger(t.db).recordAttempt(attempt({ ts: Date.now(), costNanos: SPENT }));
});
afterEach(() => t.dispose());

async function race(mode: 'hold' | 'settle'): Promise<Array<{ ok: boolean; code?: string }>> {
  const startAt = Date.now() + 2_500;
  const runs = Array.from({ length: PROCESSES }, () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', RESERVER, t.file, String(startAt), String(PER_PROCESS), mode, String(AMOUNT)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    return new Promise<Array<{ ok: boolean; code?: string }>>((resolve, reject) =>
      child.on('exit', (code) =>
        code === 0
          ? resolve(
              out
                .trim()
                .split('\n')
                .map((l) => JSON.parse(l) as { ok: boolean }),
            )
          : reject(new Error(`reserver failed: ${err.slice(0, 800)}`)),
      ),
    );
  });
  return (await Promise.all(runs)).flat();
}

describe('hard budget under concurrency', () => {
  it('grants exactly the reservations that fit and refuses the rest (holds kept)', async () => {
    const results = await race('hold');
    expect(results).toHaveLength(PROCESSES * PER_PROCESS);
    const granted = results.filter((r) => r.ok).length;
    expect(granted).toBe(Math.floor((LIMIT - SPENT) / AMOUNT)); // 18
    expect(results.filter((r) => !r.ok).every((r) => r.code === 'budget_exceeded')).toBe(true);
    const held = (t.db.prepare('SELECT SUM(amount_nanos) s FROM budget_reservations').get() as { s: number }).s;
    expect(SPENT + held).toBeLessThanOrEqual(LIMIT);
  }, 30_000);

  it('never lets recorded spend pass the limit when calls settle below their worst case', async () => {
    const results = await race('settle');
    const spent = (t.db.prepare('SELECT SUM(cost_nanos) s FROM calls').get() as { s: number }).s;
    expect(spent).toBeLessThanOrEqual(LIMIT);
    expect(spent).toBe(SPENT + results.filter((r) => r.ok).length * Math.floor(AMOUNT * 0.8));
    expect(t.db.prepare('SELECT COUNT(*) n FROM budget_reservations').get()).toEqual({ n: 0 });
  }, 30_000);
});
