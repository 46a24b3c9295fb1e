import { afterEach, describe, expect, it } from 'vitest';
import { sendSms } from '../../../main/providers/twilio';
import {
  startTwilioFake,
  type TwilioFake,
  TWILIO_FAKE_ACCOUNT_SID,
  TWILIO_FAKE_AUTH_TOKEN,
} from '../../../main/providers/twilio/fake';
import type { DriftRow } from '../../../preload/contract/reconcile';
import { fetchRows, rollupsMatchRaw, startRig, type Rig } from './support';

const key = { secret: TWILIO_FAKE_AUTH_TOKEN, accountId: TWILIO_FAKE_ACCOUNT_SID };
let fake: TwilioFake | null = null;
let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  await fake?.close();
  rig = fake = null;
});

async function setUp(options: Parameters<typeof startTwilioFake>[0] = {}) {
  fake = await startTwilioFake(options);
  rig = startRig({ baseUrls: { twilio: fake.url }, credentials: { twilio: key } });
  return rig;
}

const send = (r: Rig, body: string) => sendSms(r.gateway, key, { to: '+14155550100', from: '+14155552345', body });

async function twilioRow(r: Rig): Promise<DriftRow> {
  const row = (await r.service.overview()).rows.find((x) => x.provider === 'twilio');
  if (!row) throw new Error('no twilio row');
  return row;
}

describe('Twilio reconciliation against its fake', () => {
  it('settles each message to its final price (history kept), rollups still equal raw sums', async () => {
    // US list price $0.0083 per segment in the table; the account is billed $0.0079.
    const r = await setUp({ lookupsBeforePrice: 0, usdPerSegment: 0.0079, carrierFeeUsdPerSegment: 0 });
    await send(r, 'Hello there');
    await send(r, 'Second message');
    const before = r.t.db
      .prepare("SELECT id, cost_nanos FROM calls WHERE provider_request_id LIKE 'SM%' AND (flags & 2) = 0 ORDER BY id")
      .all() as {
      id: number;
      cost_nanos: number;
    }[];
    expect(before.map((b) => b.cost_nanos)).toEqual([8_300_000, 8_300_000]);
    await r.service.refresh({ provider: 'twilio' });
    const after = r.t.db
      .prepare(
        "SELECT cost_nanos, cost_source, flags FROM calls WHERE provider_request_id LIKE 'SM%' AND (flags & 2) = 0 ORDER BY id",
      )
      .all();
    expect(after).toEqual([
      { cost_nanos: 7_900_000, cost_source: 'provider_reported', flags: 0 },
      { cost_nanos: 7_900_000, cost_source: 'provider_reported', flags: 0 },
    ]);
    const history = r.t.db
      .prepare('SELECT call_row_id, old_cost_nanos, new_cost_nanos FROM call_cost_history ORDER BY id')
      .all();
    expect(history).toEqual(
      before.map((b) => ({ call_row_id: b.id, old_cost_nanos: 8_300_000, new_cost_nanos: 7_900_000 })),
    );
    const sums = rollupsMatchRaw(r.t.db);
    expect(sums.mismatches).toBe(0);
    for (const v of Object.values(sums.rollups)) expect(v).toBe(sums.raw);
    const row = await twilioRow(r);
    expect(row.settled).toEqual({ count: 2, deltaNanos: -800_000 });
    expect(row.differenceNanos).toBe(0);
  });

  it('attributes the period drift: carrier and failed-message fees, messages sent outside the app', async () => {
    const r = await setUp({
      lookupsBeforePrice: 0,
      carrierFeeUsdPerSegment: 0.003,
      failedMessages: 4,
      outsideMessages: 3,
      balanceUsd: 12.25,
    });
    await send(r, 'One');
    await send(r, 'Two');
    await r.service.refresh({ provider: 'twilio' });
    const row = await twilioRow(r);
    expect(row.state).toBe('ok');
    // 5 priced messages in the vendor's books (2 ours + 3 outside) at $0.0083, 5 segments of carrier fees, 4 failed.
    expect(row.vendorNanos).toBe(5 * 8_300_000 + 5 * 3_000_000 + 4 * 1_000_000);
    expect(row.ledgerNanos).toBe(2 * 8_300_000);
    expect(row.outsideCalls).toBe(3);
    // Two message lookups, usage records, the message list and the balance: free calls at $0.
    expect(fetchRows(r.t.db, 'messages.create')).toEqual({ rows: 5, costNanos: 0, notFree: 0 });
    expect(row.fees).toEqual([
      { category: 'sms-messages-carrierfees', nanos: 15_000_000 },
      { category: 'failed-message-processing-fee', nanos: 4_000_000 },
    ]);
    expect(row.parts).toEqual({
      outsideApp: 3 * 8_300_000,
      stillEstimated: 0,
      priceDifferences: 0,
      unmodelledFees: 19_000_000,
      freeTierCredits: 0,
      unexplained: 0,
    });
    const balance = (await r.service.overview()).balances.find((b) => b.provider === 'twilio');
    expect(balance).toMatchObject({ unit: 'usd', remaining: 12.25, total: null, resetsAt: null });
  });

  it('a message Twilio has not priced yet stays estimated, and its gap is shown as such', async () => {
    const r = await setUp({ lookupsBeforePrice: 5, carrierFeeUsdPerSegment: 0 });
    await send(r, 'Not priced yet');
    await r.service.refresh({ provider: 'twilio' });
    const row = await twilioRow(r);
    expect(row.estimatedCalls).toBe(1);
    expect(row.estimatedNanos).toBe(8_300_000);
    // Twilio's books have no price for it yet: the ledger's estimate is the whole (negative) difference.
    expect(row.vendorNanos).toBe(0);
    expect(row.parts?.stillEstimated).toBe(-8_300_000);
    expect(row.notes.join(' ')).toMatch(/still without a final price/);
  });

  it('a refused key is a typed state with no vendor total', async () => {
    fake = await startTwilioFake();
    rig = startRig({
      baseUrls: { twilio: fake.url },
      credentials: { twilio: { secret: 'wrongtoken0123456789abcdef0123', accountId: TWILIO_FAKE_ACCOUNT_SID } },
    });
    await rig.service.refresh({ provider: 'twilio' });
    const row = await twilioRow(rig);
    expect(row).toMatchObject({ state: 'unauthorised', vendorNanos: null, differenceNanos: null, parts: null });
  });
});
