// ElevenLabs, HeyGen, Apollo, OpenAI, Anthropic against their fakes; Exa, Perplexity and SendGrid stated plainly.
import { afterEach, describe, expect, it } from 'vitest';
import type { AttemptRecord } from '../../../main/gateway/deps';
import { startAnthropicFake } from '../../../main/providers/anthropic/fake';
import { APOLLO_FAKE_KEY, startApolloFake } from '../../../main/providers/apollo/fake';
import { ELEVENLABS_FAKE_KEY, startElevenLabsFake } from '../../../main/providers/elevenlabs/fake';
import { HEYGEN_FAKE_KEY, startHeyGenFake } from '../../../main/providers/heygen/fake';
import { startOpenAIFake } from '../../../main/providers/openai/fake';
import type { FakeServer } from '../../../main/providers/shared/fake-server';
import type { DriftRow } from '../../../preload/contract/reconcile';
import { attempt } from '../ledger/support';
import { fetchRows, startRig, type Rig } from './support';

let rig: Rig | null = null;
const fakes: FakeServer[] = [];
afterEach(async () => {
  await rig?.close();
  await Promise.all(fakes.splice(0).map((f) => f.close()));
  rig = null;
});

async function rowOf(r: Rig, provider: DriftRow['provider']): Promise<DriftRow> {
  const row = (await r.service.overview()).rows.find((x) => x.provider === provider);
  if (!row) throw new Error(`no ${provider} row`);
  return row;
}

/** A call the app made earlier, priced by the real pricer like the gateway would. */
function ledgerCall(r: Rig, o: Partial<AttemptRecord> & Pick<AttemptRecord, 'provider' | 'units'>): void {
  const q = r.cost.pricer.price({
    provider: o.provider,
    model: o.model ?? null,
    units: o.units,
    at: new Date(r.clock.now),
  });
  r.cost.ledger.recordAttempt(
    attempt({
      ts: r.clock.now,
      model: null,
      costNanos: q.costNanos,
      costSource: q.costSource,
      priceVersion: q.priceVersion,
      ...o,
    }),
  );
}

describe('ElevenLabs', () => {
  it('credits used this cycle vs the ledger: outside-app credits and the plan-rate price difference', async () => {
    const fake = await startElevenLabsFake();
    fakes.push(fake);
    // Inside the recorded subscription's cycle (it resets 2025-01-31).
    rig = startRig({
      baseUrls: { elevenlabs: fake.url },
      credentials: { elevenlabs: { secret: ELEVENLABS_FAKE_KEY } },
      now: Date.UTC(2025, 0, 20),
    });
    for (let i = 0; i < 3; i++) ledgerCall(rig, { provider: 'elevenlabs', units: { characters: 1000 } });
    const outside = fake.state.creditsUsed; // the recorded account's use before this app (web studio)
    fake.state.creditsUsed += 3000;
    await rig.service.refresh({ provider: 'elevenlabs' });
    expect(fetchRows(rig.t.db, 'chat.completions')).toEqual({ rows: 1, costNanos: 0, notFree: 0 });
    const row = await rowOf(rig, 'elevenlabs');
    expect(row.state).toBe('ok');
    expect(row.units).toEqual({ unit: 'credits', ledger: 3000, vendor: outside + 3000, outside });
    // The recorded plan: $10 next invoice for 100,000 credits = $0.0001 a credit; the table says $0.00022.
    expect(row.ledgerNanos).toBe(3000 * 220_000);
    expect(row.vendorNanos).toBe((outside + 3000) * 100_000);
    expect(row.parts).toMatchObject({
      priceDifferences: 3000 * (100_000 - 220_000),
      outsideApp: outside * 100_000,
      unexplained: 0,
    });
    const balance = (await rig.service.overview()).balances.find((b) => b.provider === 'elevenlabs');
    expect(balance).toMatchObject({
      unit: 'characters',
      remaining: 100_000 - outside - 3000,
      total: 100_000,
      resetsAt: '2025-01-31T20:54:18.000Z',
    });
    expect(balance?.pacePerDay).toBeGreaterThan(0);
  });
});

describe('HeyGen', () => {
  it('wallet drops between reads vs ledgered renders; pace raises one balance alert', async () => {
    const fake = await startHeyGenFake({ walletUsd: 100 });
    fakes.push(fake);
    rig = startRig({ baseUrls: { heygen: fake.url }, credentials: { heygen: { secret: HEYGEN_FAKE_KEY } } });
    await rig.service.refresh({ provider: 'heygen' });
    let row = await rowOf(rig, 'heygen');
    expect(row).toMatchObject({ state: 'ok', vendorNanos: null, differenceNanos: null });
    expect(row.message).toMatch(/next read/);
    rig.clock.now += 3_600_000;
    // A 20 s Avatar IV render through the app ($1.00) and $2.00 rendered in the HeyGen web studio.
    ledgerCall(rig, { provider: 'heygen', model: 'avatar_iv', units: { seconds: 20 } });
    fake.state.walletUsd -= 3;
    rig.clock.now += 3_600_000;
    await rig.service.refresh({ provider: 'heygen' });
    expect(fetchRows(rig.t.db, 'chat.completions')).toEqual({ rows: 2, costNanos: 0, notFree: 0 });
    row = await rowOf(rig, 'heygen');
    expect(row.vendorNanos).toBe(3_000_000_000);
    expect(row.ledgerNanos).toBe(1_000_000_000);
    expect(row.parts).toMatchObject({ outsideApp: 2_000_000_000, unexplained: 0 });
    const balance = (await rig.service.overview()).balances.find((b) => b.provider === 'heygen');
    // $3 in two hours = $36 a day: $97 lasts under three days, inside the 7-day warning.
    expect(balance).toMatchObject({ unit: 'usd', remaining: 97, state: 'warning' });
    expect(balance?.pacePerDay).toBeCloseTo(36, 6);
    expect(rig.alerts).toHaveLength(1);
    expect(rig.alerts[0]).toMatchObject({ provider: 'heygen', unit: 'usd', remaining: 97 });
    await rig.service.refresh({ provider: 'heygen' });
    expect(rig.alerts).toHaveLength(1);
  });
});

describe('Apollo', () => {
  it('credits consumed in the cycle vs ledgered credits, shown in credits when no $/credit is set', async () => {
    const fake = await startApolloFake();
    fakes.push(fake);
    rig = startRig({
      baseUrls: { apollo: `${fake.url}/api/v1` },
      credentials: { apollo: { secret: APOLLO_FAKE_KEY } },
    });
    for (let i = 0; i < 5; i++) ledgerCall(rig, { provider: 'apollo', model: 'people.match', units: { credits: 1 } });
    fake.state.creditsUsed += 5;
    await rig.service.refresh({ provider: 'apollo' });
    expect(fetchRows(rig.t.db, 'chat.completions')).toEqual({ rows: 1, costNanos: 0, notFree: 0 });
    const row = await rowOf(rig, 'apollo');
    expect(row.state).toBe('ok');
    // The recorded cycle's consumption across every credit type (3102) plus our 5.
    expect(row.units).toEqual({ unit: 'credits', ledger: 5, vendor: 3107, outside: 3102 });
    expect(row.vendorNanos).toBeNull();
    expect(row.notes.join(' ')).toMatch(/no \$ rate/);
    const balance = (await rig.service.overview()).balances.find((b) => b.provider === 'apollo');
    expect(balance).toMatchObject({ unit: 'credits', remaining: 7495, total: 10_000 });
  });
});

describe('OpenAI organization Costs API', () => {
  const ADMIN = 'sk-admin-test-0123456789abcdefghij';

  it('without an admin key the state says so (no zero)', async () => {
    const fake = await startOpenAIFake({ adminKey: ADMIN });
    fakes.push(fake);
    rig = startRig({ baseUrls: { openai: fake.baseUrl }, credentials: {} });
    await rig.service.refresh({ provider: 'openai' });
    const row = await rowOf(rig, 'openai');
    expect(row).toMatchObject({ state: 'no_key', vendorNanos: null, parts: null });
    expect(row.message).toMatch(/admin key/);
  });

  it('with the admin key: the month total from daily buckets against the ledger', async () => {
    const fake = await startOpenAIFake({ adminKey: ADMIN });
    fakes.push(fake);
    const now = Date.UTC(2026, 10, 20, 12);
    rig = startRig({ baseUrls: { openai: fake.baseUrl }, credentials: {}, now });
    await rig.adminKeys.set('openai', ADMIN);
    ledgerCall(rig, { provider: 'openai', model: 'gpt-4o-mini', units: { input_tokens: 1_000_000 } });
    const ledger = (await rowOf(rig, 'openai')).ledgerNanos;
    for (let d = 1; d <= 20; d++) fake.organizationCosts.push({ day: Date.UTC(2026, 10, d) / 1000, usd: 0.25 });
    await rig.service.refresh({ provider: 'openai' });
    expect(fetchRows(rig.t.db, 'chat.completions')).toEqual({ rows: 1, costNanos: 0, notFree: 0 });
    const row = await rowOf(rig, 'openai');
    expect(row.state).toBe('ok');
    expect(row.vendorNanos).toBe(5_000_000_000);
    expect(row.differenceNanos).toBe(5_000_000_000 - ledger);
    expect(row.parts?.unexplained).toBe(5_000_000_000 - ledger);
    expect(row.notes.join(' ')).toMatch(/every project and key/);
    // A wrong admin key is refused: typed, no figure.
    await rig.adminKeys.set('openai', 'sk-admin-wrong-0123456789abcdefghij');
    await rig.service.refresh({ provider: 'openai' });
    expect(await rowOf(rig, 'openai')).toMatchObject({ state: 'unauthorised', vendorNanos: null });
  });
});

describe('Anthropic Admin cost report', () => {
  const ADMIN = 'sk-ant-admin01-test-0123456789abcdef';

  it('without an admin key: "not offered for individual accounts", stated plainly', async () => {
    rig = startRig({ baseUrls: {}, credentials: {} });
    await rig.service.refresh({ provider: 'anthropic' });
    const row = await rowOf(rig, 'anthropic');
    expect(row).toMatchObject({ state: 'not_offered', vendorNanos: null });
    expect(row.message).toMatch(/organizations only.*individual account/);
  });

  it('with an admin key: the report in cents becomes the month total; an account without the report is not_offered', async () => {
    const fake = await startAnthropicFake({ adminKey: ADMIN });
    fakes.push(fake);
    const now = Date.UTC(2026, 10, 5, 12);
    rig = startRig({ baseUrls: { anthropic: fake.baseUrl }, credentials: {}, now });
    await rig.adminKeys.set('anthropic', ADMIN);
    fake.costReport.push({ day: '2026-11-02', usd: 1.5 }, { day: '2026-11-04', usd: 0.75 });
    await rig.service.refresh({ provider: 'anthropic' });
    expect(await rowOf(rig, 'anthropic')).toMatchObject({ state: 'ok', vendorNanos: 2_250_000_000 });
    expect(fetchRows(rig.t.db, 'chat.completions')).toEqual({ rows: 1, costNanos: 0, notFree: 0 });

    const individual = await startAnthropicFake();
    fakes.push(individual);
    await rig.close();
    rig = startRig({ baseUrls: { anthropic: individual.baseUrl }, credentials: {}, now });
    await rig.adminKeys.set('anthropic', ADMIN);
    await rig.service.refresh({ provider: 'anthropic' });
    expect(await rowOf(rig, 'anthropic')).toMatchObject({ state: 'not_offered', vendorNanos: null });
  });
});

describe('per-call truth and plan billing', () => {
  it('Exa and Perplexity say their per-call cost is the truth; SendGrid has nothing to reconcile', async () => {
    rig = startRig({ baseUrls: {}, credentials: {} });
    await rig.service.refresh();
    for (const p of ['exa', 'perplexity'] as const) {
      const row = await rowOf(rig, p);
      expect(row).toMatchObject({ state: 'per_call', vendorNanos: null });
      expect(row.message).toMatch(/per-call figure is the vendor's truth/);
    }
    expect(await rowOf(rig, 'sendgrid')).toMatchObject({ state: 'not_offered' });
    // Providers with no key are typed as such, never zero.
    for (const p of ['openrouter', 'twilio', 'elevenlabs', 'heygen', 'apollo'] as const)
      expect(await rowOf(rig, p)).toMatchObject({ state: 'no_key', vendorNanos: null, differenceNanos: null });
  });
});
