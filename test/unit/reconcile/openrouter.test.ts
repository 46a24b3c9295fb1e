import { afterEach, describe, expect, it } from 'vitest';
import { createChatCompletion } from '../../../main/providers/openrouter';
import { startOpenRouterFake, type OpenRouterFake } from '../../../main/providers/openrouter/fake';
import { rollupsMatchRaw, startRig, type Rig } from './support';

const KEY = 'sk-or-v1-test-key-0123456789';
let fake: OpenRouterFake | null = null;
let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  await fake?.close();
  rig = fake = null;
});

async function setUp(options: Parameters<typeof startOpenRouterFake>[0] = {}) {
  fake = await startOpenRouterFake({ apiKey: KEY, generationNotFoundTimes: 0, ...options });
  rig = startRig({ baseUrls: { openrouter: fake.baseUrl }, credentials: { openrouter: { secret: KEY } } });
  return { fake, rig };
}

const chat = (r: Rig, content: string) =>
  createChatCompletion(
    r.gateway,
    { secret: KEY },
    {
      model: 'anthropic/claude-sonnet-4.5',
      messages: [{ role: 'user', content }],
    },
  );

describe('OpenRouter reconciliation against its fake', () => {
  it('settles each call to /generation total_cost, keeps the old figure in history, rollups equal raw sums', async () => {
    const { fake, rig } = await setUp();
    const a = await chat(rig, 'first call with a few words');
    await chat(rig, 'second call');
    const genId = (
      rig.t.db.prepare('SELECT provider_request_id AS id FROM calls WHERE cost_nanos = ?').get(a.costNanos) as {
        id: string;
      }
    ).id;
    // The vendor's final figure for the first call is higher than what the chat answer reported.
    fake.repriceGeneration(genId, 0.5);
    await rig.service.refresh();
    const row = rig.t.db
      .prepare('SELECT id, cost_nanos, cost_source FROM calls WHERE provider_request_id = ? AND cost_nanos > 0')
      .get(genId) as { id: number; cost_nanos: number; cost_source: string };
    expect(row).toMatchObject({ cost_nanos: 500_000_000, cost_source: 'provider_reported' });
    const history = rig.t.db
      .prepare('SELECT old_cost_nanos, new_cost_nanos, reason FROM call_cost_history WHERE call_row_id = ?')
      .all(row.id);
    expect(history).toEqual([{ old_cost_nanos: a.costNanos, new_cost_nanos: 500_000_000, reason: 'settlement' }]);
    const sums = rollupsMatchRaw(rig.t.db);
    expect(sums.mismatches).toBe(0);
    for (const v of Object.values(sums.rollups)) expect(v).toBe(sums.raw);

    const overview = await rig.service.overview();
    const or = overview.rows.find((r) => r.provider === 'openrouter')!;
    expect(or.state).toBe('ok');
    expect(or.settled).toEqual({ count: 1, deltaNanos: 500_000_000 - (a.costNanos ?? 0) });
    // Everything the key spent was made here: no drift after settlement.
    expect(or.differenceNanos).toBe(0);
    // The lookups themselves are ledgered as free calls at $0.
    const lookups = rig.t.db
      .prepare(
        `SELECT COUNT(*) AS n, SUM(c.cost_nanos) AS cost FROM calls c JOIN call_profiles p ON p.id = c.profile_id
         WHERE p.endpoint IN ('generation', 'key')`,
      )
      .get() as { n: number; cost: number };
    expect(lookups).toEqual({ n: 3, cost: 0 });
  });

  it('a second refresh looks nothing up again and changes nothing', async () => {
    const { rig } = await setUp();
    await chat(rig, 'one');
    await rig.service.refresh({ provider: 'openrouter' });
    const before = rig.t.db.prepare('SELECT COUNT(*) AS n FROM call_cost_history').get();
    await rig.service.refresh({ provider: 'openrouter' });
    expect(rig.t.db.prepare('SELECT COUNT(*) AS n FROM call_cost_history').get()).toEqual(before);
    const gen = rig.t.db
      .prepare(
        `SELECT COUNT(*) AS n FROM calls c JOIN call_profiles p ON p.id = c.profile_id WHERE p.endpoint = 'generation'`,
      )
      .get() as { n: number };
    expect(gen.n).toBe(1);
  });

  it('spend on the same key outside the app shows as "outside AICON", with BYOK upstream counted', async () => {
    const { fake, rig } = await setUp({ byok: true });
    await chat(rig, 'a BYOK call');
    fake.spendOutside(1.25);
    await rig.service.refresh({ provider: 'openrouter' });
    const row = (await rig.service.overview()).rows.find((r) => r.provider === 'openrouter')!;
    expect(row.differenceNanos).toBe(1_250_000_000);
    expect(row.parts).toMatchObject({ outsideApp: 1_250_000_000, unexplained: 0, stillEstimated: 0 });
    expect(row.vendorNanos).toBe(row.ledgerNanos + 1_250_000_000);
    expect(row.notes.join(' ')).toMatch(/BYOK/);
    const balance = (await rig.service.overview()).balances.find((b) => b.provider === 'openrouter')!;
    expect(balance).toMatchObject({ unit: 'usd', total: 25 });
    expect(balance.resetsAt).not.toBeNull();
  });

  it('an unauthorised key is a typed, visible state with no vendor figure (never a zero)', async () => {
    fake = await startOpenRouterFake({ apiKey: KEY });
    rig = startRig({
      baseUrls: { openrouter: fake.baseUrl },
      credentials: { openrouter: { secret: 'sk-or-v1-wrong-key-000000' } },
    });
    await rig.service.refresh({ provider: 'openrouter' });
    const row = (await rig.service.overview()).rows.find((r) => r.provider === 'openrouter')!;
    expect(row.state).toBe('unauthorised');
    expect(row.vendorNanos).toBeNull();
    expect(row.differenceNanos).toBeNull();
    expect(row.parts).toBeNull();
    expect(row.message).toMatch(/refused/);
  });
});
