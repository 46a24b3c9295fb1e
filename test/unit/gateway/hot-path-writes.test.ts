// What a call writes before it returns, counted from the statements SQLite runs (better-sqlite3's `verbose`
// hook), not timed: the real gateway, ledger, pricing, budgets and limiter on one connection, the real OpenAI
// client against its fake. A free call writes nothing on its way; a paid call commits exactly one thing before
// its request leaves (its write-ahead row; with a hard budget the reservation in that same commit, never a second
// transaction); everything else lands after the call returns, in the write queue's one batch.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BudgetRepository, type BudgetFields } from '../../../main/budgets/repository';
import { createCostServices } from '../../../main/cost/services';
import { openDatabase, type Db } from '../../../main/db/database';
import { migrate } from '../../../main/db/migrator';
import { migrations } from '../../../main/db/migrations';
import { createBaseUrls } from '../../../main/gateway/base-urls';
import { createGateway, type GatewayService } from '../../../main/gateway/gateway';
import { createChatCompletion, listModels, openaiDescriptor } from '../../../main/providers/openai';
import { startOpenAIFake, type OpenAIFake } from '../../../main/providers/openai/fake';

const credential = { secret: 'sk-test-hotpath-0000000000000000', integrationId: 'hot' };

let dir: string;
let db: Db;
let fake: OpenAIFake;
let gateway: GatewayService;
let repo: BudgetRepository;
let cost: ReturnType<typeof createCostServices>;
/** Every statement SQLite ran on the connection, in order. */
let log: string[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aicon-hotpath-'));
  const file = join(dir, 'db.sqlite');
  const setup = openDatabase(file);
  migrate(setup, migrations);
  setup.close();
  log = [];
  // The app's own connection, with the statement log on.
  db = openDatabase(file, { verbose: (sql) => log.push(String(sql)) });
  fake = await startOpenAIFake();
  cost = createCostServices({ db, timeZone: () => 'UTC' });
  repo = new BudgetRepository(db);
  gateway = createGateway({
    providers: { openai: openaiDescriptor },
    ledger: cost.ledger,
    pricer: cost.pricer,
    budgets: cost.budgets,
    limiter: cost.limiter,
    baseUrls: createBaseUrls({
      descriptors: { openai: openaiDescriptor },
      env: { AICON_OPENAI_BASE_URL: `${fake.url}/v1` },
    }),
  });
});

afterEach(async () => {
  await gateway.close();
  await fake.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const chat = () =>
  createChatCompletion(
    gateway,
    credential,
    { model: 'gpt-4.1-nano', messages: [{ role: 'user', content: 'hello' }], maxOutputTokens: 50 },
    { operation: 'script_generation' },
  );

const budget = (f: Partial<BudgetFields>): BudgetFields => ({
  scope: 'overall',
  scopeId: '',
  period: 'month',
  limitNanos: 1e12,
  mode: 'hard',
  thresholds: [50, 80, 100],
  enabled: true,
  ...f,
});

const ROLLUPS = [
  'INSERT INTO call_rollups_hourly',
  'INSERT INTO call_rollups_daily',
  'INSERT INTO call_rollups_provider_hourly',
  'INSERT INTO call_rollups_total_hourly',
];
const isWrite = (sql: string) => /^\s*(INSERT|UPDATE|DELETE|REPLACE)\b/i.test(sql);
const isTx = (sql: string) => /^\s*(BEGIN|COMMIT|SAVEPOINT|RELEASE|ROLLBACK)\b/i.test(sql);
/** The writes and transaction statements of a stretch of the log, shortened to their verb and table. */
const writes = (stretch: string[]) =>
  stretch
    .filter((s) => isWrite(s) || isTx(s))
    .map(
      (s) =>
        s
          .trim()
          .replace(/\s+/g, ' ')
          .match(
            /^(BEGIN IMMEDIATE|BEGIN|COMMIT|SAVEPOINT|RELEASE|ROLLBACK|INSERT INTO \w+|UPDATE \w+|DELETE FROM \w+)/i,
          )![0],
    );

/**
 * Runs `call` after one warm-up call of the same kind (which creates the call's profile rows), and splits the
 * statements into what ran before the call returned and what the write queue ran after.
 */
async function measure(call: () => Promise<unknown>) {
  await call();
  await gateway.flush();
  const start = log.length;
  await call();
  // The deferred writes are queued on a timer: nothing of theirs has run when the caller's continuation does.
  const beforeReturn = log.slice(start);
  await gateway.flush();
  return { beforeReturn: writes(beforeReturn), after: writes(log.slice(start + beforeReturn.length)) };
}

describe('gateway hot path: writes before a call returns', () => {
  it('a free call (models list) opens no transaction and writes nothing on its way', async () => {
    repo.create(budget({}));
    const { beforeReturn, after } = await measure(() => listModels(gateway, credential));
    expect(beforeReturn).toEqual([]);
    // Its ledger row is written afterwards, in the write queue's batch.
    expect(after).toEqual(['BEGIN IMMEDIATE', 'SAVEPOINT', 'INSERT INTO calls', ...ROLLUPS, 'RELEASE', 'COMMIT']);
  });

  it('a paid call no budget applies to commits only its write-ahead row, without a transaction', async () => {
    const { beforeReturn, after } = await measure(chat);
    expect(beforeReturn).toEqual(['INSERT INTO calls']);
    // Completed (and folded into the rollups) after the call returns, in one batch.
    expect(after).toEqual(['BEGIN IMMEDIATE', 'SAVEPOINT', 'UPDATE calls', ...ROLLUPS, 'RELEASE', 'COMMIT']);
  });

  it('a soft budget needs no reservation row: still one write and no transaction before the call returns', async () => {
    repo.create(budget({ mode: 'soft' }));
    const { beforeReturn } = await measure(chat);
    expect(beforeReturn).toEqual(['INSERT INTO calls']);
  });

  it('under two hard budgets the reservation and the write-ahead row share one commit', async () => {
    repo.create(budget({}));
    repo.create(budget({ scope: 'provider', scopeId: 'openai', period: 'day' }));
    const { beforeReturn, after } = await measure(chat);
    expect(beforeReturn).toEqual(['BEGIN IMMEDIATE', 'INSERT INTO budget_reservations', 'INSERT INTO calls', 'COMMIT']);
    // Settlement after the call: the reservation row goes in the same batch as the completed row.
    expect(after).toEqual([
      'BEGIN IMMEDIATE',
      'SAVEPOINT',
      'UPDATE calls',
      ...ROLLUPS,
      'RELEASE',
      'DELETE FROM budget_reservations',
      'COMMIT',
    ]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM budget_reservations').get()).toEqual({ n: 0 });
  });

  it('a limiter refusal inside that commit undoes the reservation and the write-ahead row together', async () => {
    repo.create(budget({}));
    cost.limiter.update({ hourly: { ...cost.limiter.limits.hourly, script_generation: 1 } });
    await chat();
    await gateway.flush();
    const start = log.length;
    await expect(chat()).rejects.toMatchObject({ code: 'rate_limited' });
    expect(writes(log.slice(start))).toEqual(['BEGIN IMMEDIATE', 'INSERT INTO budget_reservations', 'ROLLBACK']);
    expect(db.prepare('SELECT COUNT(*) AS n FROM calls').get()).toEqual({ n: 1 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM budget_reservations').get()).toEqual({ n: 0 });
    // Nothing is left held in memory either: the whole limit is free again.
    expect(cost.budgets.status()[0]).toMatchObject({ reservedNanos: 0 });
    expect(fake.requests).toHaveLength(1);
  });
});
