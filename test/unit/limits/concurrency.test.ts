import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBaseUrls, baseUrlEnvName } from '../../../main/gateway/base-urls';
import { createGateway, type GatewayService } from '../../../main/gateway/gateway';
import { ProviderError } from '../../../main/gateway/types';
import { ConcurrencyGate } from '../../../main/limits/concurrency';
import { LimitsConfigStore } from '../../../main/limits/config';
import { LimiterService } from '../../../main/limits/limiter';
import { elevenlabsDescriptor, textToSpeech } from '../../../main/providers/elevenlabs';
import { ELEVENLABS_FAKE_KEY, startElevenLabsFake, type ElevenLabsFake } from '../../../main/providers/elevenlabs/fake';
import { MemoryBudgets, MemoryLedger, TablePricer } from '../../helpers/gateway-fakes';
import { tempDb, type TempDb } from '../ledger/support';

describe('ConcurrencyGate', () => {
  it('lets everything through until a cap is known', () => {
    const gate = new ConcurrencyGate();
    expect(gate.enter('a')).toBeNull();
  });

  it('holds starts over the cap and hands slots out first come, first served', async () => {
    const gate = new ConcurrencyGate();
    gate.setLimit('a', 2);
    const first = await gate.enter('a')!;
    const second = await gate.enter('a')!;
    const order: string[] = [];
    const third = gate.enter('a')!.then((r) => {
      order.push('third');
      return r;
    });
    const fourth = gate.enter('a')!.then((r) => {
      order.push('fourth');
      return r;
    });
    await Promise.resolve();
    expect([gate.inFlight('a'), order]).toEqual([2, []]);
    first();
    first(); // a second release of the same slot changes nothing
    const releaseThird = await third;
    expect([gate.inFlight('a'), order]).toEqual([2, ['third']]);
    second();
    (await fourth)();
    releaseThird();
    expect(gate.inFlight('a')).toBe(0);
    // Other accounts are not held by this one's cap.
    expect(gate.enter('b')).toBeNull();
  });

  it('drops a waiter whose signal aborts, and lets a raised cap release waiters at once', async () => {
    const gate = new ConcurrencyGate();
    gate.setLimit('a', 1);
    const held = await gate.enter('a')!;
    const controller = new AbortController();
    const aborted = gate.enter('a', controller.signal)!;
    const next = gate.enter('a')!;
    controller.abort(new Error('user cancelled'));
    await expect(aborted).rejects.toThrow('user cancelled');
    gate.setLimit('a', 2);
    const release = await next;
    expect(gate.inFlight('a')).toBe(2);
    release();
    held();
    const pre = new AbortController();
    pre.abort(new Error('already gone'));
    gate.setLimit('a', 1);
    const blocker = await gate.enter('a')!;
    await expect(gate.enter('a', pre.signal)!).rejects.toThrow('already gone');
    blocker();
    expect(gate.inFlight('a')).toBe(0);
    gate.setLimit('a', 0); // nonsense caps are ignored
    expect(gate.limitOf('a')).toBe(1);
  });
});

describe('the gateway honours a plan concurrency learned from ElevenLabs headers', () => {
  let db: TempDb;
  let fake: ElevenLabsFake;
  let dir: string;
  let gateway: GatewayService;
  let ledger: MemoryLedger;

  beforeEach(async () => {
    db = tempDb();
    dir = mkdtempSync(join(tmpdir(), 'aicon-concurrency-'));
    fake = await startElevenLabsFake({ concurrency: 2, ttsDelayMs: 40 });
    ledger = new MemoryLedger();
    const providers = { elevenlabs: elevenlabsDescriptor };
    gateway = createGateway({
      providers,
      ledger,
      pricer: new TablePricer({ characters: 300 }),
      budgets: new MemoryBudgets(null),
      limiter: new LimiterService(new LimitsConfigStore(db.db)),
      baseUrls: createBaseUrls({ descriptors: providers, env: { [baseUrlEnvName('elevenlabs')]: fake.url } }),
      retry: { baseDelayMs: 5, maxDelayMs: 20 },
      defaultTimeoutMs: 5_000,
    });
  });
  afterEach(async () => {
    await gateway.close();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
    db.dispose();
  });

  const speak = (i: number, signal?: AbortSignal) =>
    textToSpeech(
      gateway,
      { secret: ELEVENLABS_FAKE_KEY },
      {
        voiceId: '21m00Tcm4TlvDq8ikWAM',
        text: `Line ${i} of the script.`,
        outputPath: join(dir, `${i}.mp3`),
        ...(signal ? { signal } : {}),
      },
    );

  it('without a learned cap, a burst draws 429s; once the cap is known, the same burst waits its turn', async () => {
    // Some of these may run out of retries: only the 429s matter here.
    await Promise.allSettled([0, 1, 2, 3, 4, 5].map((i) => speak(i)));
    await gateway.flush();
    const coldRejections = ledger.rows.filter((r) => r.status === 429).length;
    expect(coldRejections).toBeGreaterThan(0);

    ledger.rows.length = 0;
    const results = await Promise.all([6, 7, 8, 9, 10, 11].map((i) => speak(i)));
    await gateway.flush();
    expect(results.map((r) => r.attempts)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(ledger.rows.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
  });

  it('a call aborted while waiting for a slot fails as aborted and sends nothing', async () => {
    await speak(0); // teaches the cap (2)
    await gateway.flush();
    const before = fake.state.ttsRequests;
    const controller = new AbortController();
    const busy = [speak(1), speak(2)];
    const waiting = speak(3, controller.signal);
    controller.abort();
    const error = await waiting.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).kind).toBe('aborted');
    await Promise.all(busy);
    expect(fake.state.ttsRequests - before).toBe(2);
  });
});
