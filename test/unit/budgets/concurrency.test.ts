// Reliability: 50 concurrent reservations from 10 processes (own connections, same file) against a hard
// budget never overshoot it. The processes run in lock step (a file barrier before each reservation, no
// deadlines), and the timestamps they record prove they overlapped: every process's first reservation ended
// before any process's last one started.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

interface Outcome {
  ok: boolean;
  code?: string;
  startedUs: number;
  endedUs: number;
}

async function race(mode: 'hold' | 'settle'): Promise<Outcome[][]> {
  const barrierDir = mkdtempSync(join(tmpdir(), 'aicon-barrier-'));
  const runs = Array.from({ length: PROCESSES }, (_, index) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        RESERVER,
        t.file,
        barrierDir,
        String(index),
        String(PROCESSES),
        String(PER_PROCESS),
        mode,
        String(AMOUNT),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    return new Promise<Outcome[]>((resolve, reject) =>
      child.on('exit', (code) =>
        code === 0
          ? resolve(
              out
                .trim()
                .split('\n')
                .map((l) => JSON.parse(l) as Outcome),
            )
          : reject(new Error(`reserver failed: ${err.slice(0, 800)}`)),
      ),
    );
  });
  try {
    return await Promise.all(runs);
  } finally {
    rmSync(barrierDir, { recursive: true, force: true });
  }
}

/** The processes overlapped: some instant lies inside every process's run (its first start .. its last end). */
function expectOverlap(perProcess: Outcome[][]): void {
  const latestFirstEnd = Math.max(...perProcess.map((runs) => runs[0]!.endedUs));
  const earliestLastStart = Math.min(...perProcess.map((runs) => runs[runs.length - 1]!.startedUs));
  expect(latestFirstEnd).toBeLessThanOrEqual(earliestLastStart);
  const starts = perProcess.map((runs) => runs[0]!.startedUs);
  const ends = perProcess.map((runs) => runs[runs.length - 1]!.endedUs);
  expect(Math.max(...starts)).toBeLessThan(Math.min(...ends));
}

describe('hard budget under concurrency', () => {
  it('grants exactly the reservations that fit and refuses the rest (holds kept)', async () => {
    const perProcess = await race('hold');
    expectOverlap(perProcess);
    const results = perProcess.flat();
    expect(results).toHaveLength(PROCESSES * PER_PROCESS);
    const granted = results.filter((r) => r.ok).length;
    expect(granted).toBe(Math.floor((LIMIT - SPENT) / AMOUNT)); // 18
    expect(results.filter((r) => !r.ok).every((r) => r.code === 'budget_exceeded')).toBe(true);
    const held = (t.db.prepare('SELECT SUM(amount_nanos) s FROM budget_reservations').get() as { s: number }).s;
    expect(SPENT + held).toBeLessThanOrEqual(LIMIT);
  }, 30_000);

  it('never lets recorded spend pass the limit when calls settle below their worst case', async () => {
    const perProcess = await race('settle');
    expectOverlap(perProcess);
    const results = perProcess.flat();
    const spent = (t.db.prepare('SELECT SUM(cost_nanos) s FROM calls').get() as { s: number }).s;
    expect(spent).toBeLessThanOrEqual(LIMIT);
    expect(spent).toBe(SPENT + results.filter((r) => r.ok).length * Math.floor(AMOUNT * 0.8));
    expect(t.db.prepare('SELECT COUNT(*) n FROM budget_reservations').get()).toEqual({ n: 0 });
  }, 30_000);
});
