// applyLateSettlement against the real ledger, with calls made through the real gateway to the Twilio and
// HeyGen fakes: the billed row gets its final units and cost, history keeps the estimate, rollups stay equal to
// the raw rows, and applying the same settlement again changes nothing.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { baseUrlEnvName, createBaseUrls } from '../../../main/gateway/base-urls';
import { createGateway, type GatewayService } from '../../../main/gateway/gateway';
import type { Credential } from '../../../main/gateway/types';
import { createCostServices, type CostServices } from '../../../main/cost/services';
import { applyLateSettlement } from '../../../main/ledger/settlement';
import {
  generateVideoV2,
  getVideoStatus,
  heygenSettlementFor,
  LEGACY_BILLING_INCREMENT_SECONDS,
} from '../../../main/providers/heygen';
import { HEYGEN_FAKE_KEY, startHeyGenFake, type HeyGenFake } from '../../../main/providers/heygen/fake';
import { MEDIA_DESCRIPTORS } from '../../../main/providers/media';
import { getMessage, sendSms, settlementFor } from '../../../main/providers/twilio';
import {
  startTwilioFake,
  TWILIO_FAKE_ACCOUNT_SID,
  TWILIO_FAKE_AUTH_TOKEN,
  type TwilioFake,
} from '../../../main/providers/twilio/fake';
import { tempDb, type TempDb } from '../ledger/support';

const heygenKey: Credential = { secret: HEYGEN_FAKE_KEY };
const twilioKey: Credential = { secret: TWILIO_FAKE_AUTH_TOKEN, accountId: TWILIO_FAKE_ACCOUNT_SID };

let heygen: HeyGenFake;
let twilio: TwilioFake;
let t: TempDb;
let cost: CostServices;
let gateway: GatewayService;

beforeAll(async () => {
  [heygen, twilio] = await Promise.all([
    startHeyGenFake({ readsToComplete: 2 }),
    startTwilioFake({ usdPerSegment: 0.0075 }),
  ]);
});

afterAll(async () => {
  await Promise.all([heygen.upload.close(), heygen.close(), twilio.close()]);
});

beforeEach(() => {
  t = tempDb();
  cost = createCostServices({ db: t.db, timeZone: () => 'UTC' });
  const env: Record<string, string> = {
    [baseUrlEnvName('heygen')]: heygen.url,
    [baseUrlEnvName('heygen', 'upload')]: heygen.upload.url,
    [baseUrlEnvName('twilio')]: twilio.url,
  };
  gateway = createGateway({
    providers: MEDIA_DESCRIPTORS,
    ledger: cost.ledger,
    pricer: cost.pricer,
    budgets: cost.budgets,
    limiter: cost.limiter,
    baseUrls: createBaseUrls({ descriptors: MEDIA_DESCRIPTORS, env }),
  });
});

afterEach(async () => {
  await gateway.close();
  t.dispose();
});

interface Row {
  cost_nanos: number | null;
  cost_source: string;
  price_version: string | null;
  u_seconds: number | null;
  u_segments: number | null;
  flags: number;
}

const billedRow = (requestId: string): Row =>
  t.db
    .prepare<[string], Row>(
      'SELECT cost_nanos, cost_source, price_version, u_seconds, u_segments, flags FROM calls WHERE provider_request_id = ? AND (flags & 2) = 0',
    )
    .get(requestId)!;

const history = () =>
  t.db
    .prepare(
      'SELECT reason, old_cost_nanos, old_cost_source, new_cost_nanos, new_cost_source FROM call_cost_history ORDER BY id',
    )
    .all();

/** Every rollup table sums to exactly what the raw rows hold. */
function expectRollupsEqualRawSums(): void {
  const raw = t.db
    .prepare(
      'SELECT COALESCE(SUM(cost_nanos), 0) AS cost, COALESCE(SUM(u_seconds), 0) AS seconds, COALESCE(SUM(u_segments), 0) AS segments, SUM(cost_nanos IS NULL) AS unpriced FROM calls',
    )
    .get();
  const sums =
    'COALESCE(SUM(cost_nanos), 0) AS cost, COALESCE(SUM(u_seconds), 0) AS seconds, COALESCE(SUM(u_segments), 0) AS segments, SUM(unpriced) AS unpriced';
  expect(t.db.prepare(`SELECT ${sums} FROM call_rollups_hourly`).get()).toEqual(raw);
  expect(t.db.prepare(`SELECT ${sums} FROM call_rollups_daily`).get()).toEqual(raw);
  expect(
    t.db
      .prepare(
        'SELECT COALESCE(SUM(cost_nanos), 0) AS cost, SUM(unpriced) AS unpriced FROM call_rollups_provider_hourly',
      )
      .get(),
  ).toEqual({
    cost: (raw as { cost: number }).cost,
    unpriced: (raw as { unpriced: number }).unpriced,
  });
}

describe('applyLateSettlement', () => {
  it('settles a Twilio message to the price Twilio reports later (carrier rate below our table), once', async () => {
    const sent = await sendSms(gateway, twilioKey, { to: '+14155550100', from: '+14155550199', body: 'b'.repeat(200) });
    await gateway.flush();
    expect(billedRow(sent.value.sid)).toMatchObject({
      cost_nanos: 16_600_000,
      cost_source: 'estimated',
      u_segments: 2,
    });

    expect(settlementFor((await getMessage(gateway, twilioKey, sent.value.sid)).value)).toBeNull();
    const priced = (await getMessage(gateway, twilioKey, sent.value.sid)).value;
    const settlement = settlementFor(priced)!;
    await gateway.flush();

    const since = Date.now() - 60_000;
    expect(applyLateSettlement(cost.ledger, cost.pricer, settlement, since)).toEqual({
      rowId: expect.any(Number),
      previousCostNanos: 16_600_000,
      costNanos: 15_000_000,
      changed: true,
    });
    expect(billedRow(sent.value.sid)).toMatchObject({
      cost_nanos: 15_000_000,
      cost_source: 'provider_reported',
      price_version: 'reported',
      u_segments: 2,
      flags: 0,
    });
    expect(history()).toEqual([
      {
        reason: 'settlement',
        old_cost_nanos: 16_600_000,
        old_cost_source: 'estimated',
        new_cost_nanos: 15_000_000,
        new_cost_source: 'provider_reported',
      },
    ]);
    expectRollupsEqualRawSums();

    // A repeat (a restart re-reading the message) finds the row settled already.
    expect(applyLateSettlement(cost.ledger, cost.pricer, settlement, since)).toMatchObject({
      costNanos: 15_000_000,
      changed: false,
    });
    expect(history()).toHaveLength(1);
    expectRollupsEqualRawSums();
  });

  it('settles a HeyGen render on its real duration in 30 s increments, ignoring the free status reads', async () => {
    const submitted = await generateVideoV2(
      gateway,
      heygenKey,
      {
        video_inputs: [
          {
            character: { type: 'talking_photo', talking_photo_id: 'tp' },
            voice: { type: 'audio', audio_asset_id: 'a1' },
          },
        ],
      },
      { estimatedSeconds: 20 },
    );
    const videoId = submitted.value.videoId;
    await getVideoStatus(gateway, heygenKey, videoId, 'v2');
    const done = (await getVideoStatus(gateway, heygenKey, videoId, 'v2')).value;
    expect(done).toMatchObject({ status: 'completed', durationSeconds: 12.345 });
    await gateway.flush();
    // 20 s estimated at the Pro plan's $0.99 per credit-minute.
    expect(billedRow(videoId)).toMatchObject({
      cost_nanos: 330_000_000,
      cost_source: 'estimated',
      u_seconds: 20,
      flags: 1,
    });

    const settlement = heygenSettlementFor(done, { incrementSeconds: LEGACY_BILLING_INCREMENT_SECONDS })!;
    expect(settlement.units).toEqual({ seconds: 30 });
    const outcome = applyLateSettlement(cost.ledger, cost.pricer, settlement, 0);
    expect(outcome).toMatchObject({ previousCostNanos: 330_000_000, costNanos: 495_000_000, changed: true });
    expect(billedRow(videoId)).toMatchObject({
      cost_nanos: 495_000_000,
      cost_source: 'computed',
      price_version: 'heygen@2026-11.1',
      u_seconds: 30,
      flags: 0,
    });
    expect(history()).toEqual([
      {
        reason: 'settlement',
        old_cost_nanos: 330_000_000,
        old_cost_source: 'estimated',
        new_cost_nanos: 495_000_000,
        new_cost_source: 'computed',
      },
    ]);
    expectRollupsEqualRawSums();
  });

  it('settles a failed render at no charge, and finds nothing for an unknown id', async () => {
    const submitted = await generateVideoV2(gateway, heygenKey, {
      title: 'will fail',
      video_inputs: [
        {
          character: { type: 'talking_photo', talking_photo_id: 'tp' },
          voice: { type: 'text', input_text: 'A short line.', voice_id: 'v' },
        },
      ],
    });
    await getVideoStatus(gateway, heygenKey, submitted.value.videoId, 'v2');
    const failed = (await getVideoStatus(gateway, heygenKey, submitted.value.videoId, 'v2')).value;
    expect(failed.status).toBe('failed');
    await gateway.flush();

    const settlement = heygenSettlementFor(failed)!;
    expect(applyLateSettlement(cost.ledger, cost.pricer, settlement, 0)).toMatchObject({ costNanos: 0, changed: true });
    expect(billedRow(submitted.value.videoId)).toMatchObject({
      cost_nanos: 0,
      cost_source: 'computed',
      price_version: 'free',
      u_seconds: null,
      flags: 0,
    });
    expectRollupsEqualRawSums();
    expect(
      applyLateSettlement(cost.ledger, cost.pricer, { ...settlement, providerRequestId: 'no-such-video' }, 0),
    ).toBeNull();
  });
});
