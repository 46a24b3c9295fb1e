// What a call through the local gateway commits before its request reaches the provider, counted from the
// statements SQLite runs (better-sqlite3's `verbose` hook), not timed: the real LocalGateway, ledger, pricing,
// budgets and limiter on one connection, the OpenAI fake behind a forwarder that notes how far the statement log
// had got when the request arrived. Under a hard budget the reservation, the limiter's count and the write-ahead
// row share one commit; a refusal inside it leaves none of them.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BudgetRepository, type BudgetFields } from '../../../main/budgets/repository';
import { silentLogger } from '../../../main/core/logger';
import { createCostServices } from '../../../main/cost/services';
import { openDatabase, type Db } from '../../../main/db/database';
import { migrate } from '../../../main/db/migrator';
import { migrations } from '../../../main/db/migrations';
import { LocalGateway } from '../../../main/local-gateway';
import { GATEWAY_OPERATION } from '../../../main/local-gateway/operations';
import { startOpenAIFake, type OpenAIFake } from '../../../main/providers/openai/fake';
import { PROVIDER_DESCRIPTORS } from '../../../main/providers/registry';
import { createSettingsStore } from '../../../main/system/settings';

let dir: string;
let db: Db;
let fake: OpenAIFake;
let forwarder: Server;
let gw: LocalGateway;
let url: string;
let secret: string;
let repo: BudgetRepository;
let cost: ReturnType<typeof createCostServices>;
/** Every statement SQLite ran on the connection, in order. */
let log: string[];
/** log.length each time a request reached the provider. */
let arrivals: number[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aicon-lgw-hotpath-'));
  const file = join(dir, 'db.sqlite');
  const setup = openDatabase(file);
  migrate(setup, migrations);
  setup.close();
  log = [];
  arrivals = [];
  // The app's own connection, with the statement log on.
  db = openDatabase(file, { verbose: (sql) => log.push(String(sql)) });
  fake = await startOpenAIFake();
  const upstream = new URL(fake.url);
  forwarder = createServer((req, res) => {
    arrivals.push(log.length);
    const out = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    req.pipe(out);
  });
  await new Promise<void>((r) => forwarder.listen(0, '127.0.0.1', r));
  cost = createCostServices({ db, timeZone: () => 'UTC' });
  repo = new BudgetRepository(db);
  gw = new LocalGateway({
    db,
    dataDir: dir,
    settings: createSettingsStore(db, () => new Date()),
    profiles: cost.ledger.profiles,
    descriptors: PROVIDER_DESCRIPTORS,
    route: async () => ({
      baseUrl: `http://127.0.0.1:${(forwarder.address() as AddressInfo).port}/v1`,
      credential: { secret: 'sk-test-lgw-hotpath-000000000000', integrationId: 'hot' },
    }),
    ledger: cost.ledger,
    pricer: cost.pricer,
    budgets: cost.budgets,
    limiter: cost.limiter,
    timeZone: () => 'UTC',
    clock: () => Date.now(),
    logger: silentLogger,
    port: 0,
  });
  const status = await gw.apply();
  url = status.url ?? '';
  secret = gw.mint({ name: 'hotpath', providers: ['openai'] }).secret;
});

afterEach(async () => {
  await gw.close();
  await new Promise((r) => forwarder.close(r));
  await fake.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const chat = () =>
  fetch(`${url}/openai/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-4.1-nano', messages: [{ role: 'user', content: 'hello' }], max_tokens: 50 }),
  });

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

const isWrite = (sql: string) => /^\s*(INSERT|UPDATE|DELETE|REPLACE)\b/i.test(sql);
const isTx = (sql: string) => /^\s*(BEGIN|COMMIT|SAVEPOINT|RELEASE|ROLLBACK)\b/i.test(sql);
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

/** One warm-up call (creates the call's profile rows), then the writes of a second call before its request left. */
async function beforeSend() {
  expect((await chat()).status).toBe(200);
  const start = log.length;
  const res = await chat();
  expect(res.status).toBe(200);
  await res.text();
  const arrived = arrivals.at(-1) ?? -1;
  expect(arrived).toBeGreaterThanOrEqual(start);
  return writes(log.slice(start, arrived));
}

describe('local gateway hot path: writes before the request reaches the provider', () => {
  it('no budget: only the write-ahead row, without a transaction', async () => {
    expect(await beforeSend()).toEqual(['INSERT INTO calls']);
  });

  it('under two hard budgets the reservation and the write-ahead row share one commit', async () => {
    repo.create(budget({}));
    repo.create(budget({ scope: 'provider', scopeId: 'openai', period: 'day' }));
    expect(await beforeSend()).toEqual([
      'BEGIN IMMEDIATE',
      'INSERT INTO budget_reservations',
      'INSERT INTO calls',
      'COMMIT',
    ]);
  });

  it('a limiter refusal inside that commit undoes the reservation and the write-ahead row together', async () => {
    repo.create(budget({}));
    cost.limiter.update({ hourly: { ...cost.limiter.limits.hourly, [GATEWAY_OPERATION]: 1 } });
    expect((await chat()).status).toBe(200);
    const start = log.length;
    const refused = await chat();
    expect(refused.status).toBe(429);
    expect(await refused.text()).toMatch(/AICON gateway/);
    expect(writes(log.slice(start))).toEqual(['BEGIN IMMEDIATE', 'INSERT INTO budget_reservations', 'ROLLBACK']);
    expect(db.prepare('SELECT COUNT(*) AS n FROM calls').get()).toEqual({ n: 1 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM budget_reservations').get()).toEqual({ n: 0 });
    expect(cost.budgets.status()[0]).toMatchObject({ reservedNanos: 0 });
    expect(arrivals).toHaveLength(1);
  });

  it('a hard budget without room refuses before anything is written or sent', async () => {
    repo.create(budget({ limitNanos: 1 }));
    const start = log.length;
    const refused = await chat();
    expect(refused.status).toBe(429);
    expect(await refused.text()).toMatch(/budget/i);
    expect(writes(log.slice(start)).filter((w) => w.startsWith('INSERT'))).toEqual([]);
    expect(arrivals).toHaveLength(0);
  });
});
