// Every paid operation's worst case (what a hard budget reserves before the call leaves) is at least what the call
// finally costs on the fakes: the ledger's cost once the vendor's own figure has settled it (Twilio's price, a
// HeyGen render's real duration). Also: destinations outside +1 are priced per country or refused clearly, and the
// HeyGen plan maximum is a setting that bounds a render's reservation. Real clients, gateway, pricer and ledger.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type AppServices } from '../../../main/app';
import { silentLogger } from '../../../main/core/logger';
import type { GatewayService } from '../../../main/gateway/gateway';
import { PROVIDER_IDS, type GatewayResult, type ProviderId, type UnitName } from '../../../main/gateway/types';
import { applyLateSettlement } from '../../../main/ledger/settlement';
import { generateVideoV3, pollVideo } from '../../../main/providers/heygen/client';
import { heygenSettlementFor } from '../../../main/providers/heygen/usage';
import { startDemoProviders } from '../../../main/providers/demo';
import { transcribeAudio } from '../../../main/providers/openai/client';
import type { DemoProviders } from '../../../main/providers/registry';
import { getCall, getMessage, sendSms, startCall } from '../../../main/providers/twilio/client';
import { settlementFor } from '../../../main/providers/twilio/usage';
import { wavBytes } from '../providers/shared/audio-fixtures';
import { streamMessage } from '../../../main/providers/anthropic/client';
import { bulkMatchPeople, enrichOrganization, searchOrganizations } from '../../../main/providers/apollo/client';
import { answer, findSimilar, getContents, search } from '../../../main/providers/exa/client';
import { createEmbeddings, streamChatCompletion } from '../../../main/providers/openai/client';
import { streamChatCompletion as openRouterStream } from '../../../main/providers/openrouter/client';
import { createAgentResponse } from '../../../main/providers/perplexity/client';
import { PAID_OPERATIONS } from './providers';

let demo: DemoProviders;
let dir: string;
let app: AppServices;
/** The worst case each paid call reserved, by call id. */
let reserved: Map<string, number>;

beforeEach(async () => {
  demo = await startDemoProviders();
  dir = mkdtempSync(join(tmpdir(), 'aicon-worst-'));
  app = createApp({
    dataDir: dir,
    mode: 'web',
    demo: true,
    logger: silentLogger,
    isTrustedSender: () => true,
    healthCheckIntervalMs: 0,
    reconcileIntervalMs: 0,
  });
  app.providers.attachDemo(demo);
  app.cost.limiter.update({
    defaultHourly: 1_000_000,
    providerRates: Object.fromEntries(PROVIDER_IDS.map((p) => [p, null])),
  });
  // SendGrid and Apollo publish no per-unit price: the user sets theirs ($/email, $/credit).
  for (const [provider, usd] of [
    ['sendgrid', '0.001'],
    ['apollo', '0.025'],
  ] as const)
    await override(provider, '*', 'credits', usd);
  reserved = new Map();
  const reserve = app.cost.budgets.reserve.bind(app.cost.budgets);
  app.cost.budgets.reserve = (input) => {
    const r = reserve(input);
    reserved.set(input.callId, r.amountNanos);
    return r;
  };
});
afterEach(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

const override = (provider: ProviderId, model: string, unit: UnitName, usd: string) =>
  app.router.call('prices.createOverride', {
    provider,
    model,
    unit,
    usd,
    per: 1,
    effectiveFrom: '2020-01-01T00:00:00Z',
  });

async function flush(provider: ProviderId): Promise<void> {
  await ((await app.providers.target(provider)).gateway as GatewayService).flush();
}

/** The call's final cost in the ledger (all attempts); null when any attempt is unpriced. */
function ledgerCost(callId: string): number | null {
  const rows = app.db.prepare('SELECT cost_nanos AS c FROM calls WHERE call_id = ?').all(callId) as {
    c: number | null;
  }[];
  expect(rows.length).toBeGreaterThan(0);
  return rows.some((r) => r.c === null) ? null : rows.reduce((s, r) => s + (r.c ?? 0), 0);
}

/** Reads a Twilio message or call until Twilio has priced it, then settles the ledger row with that price. */
async function settleTwilio(sid: string): Promise<void> {
  const t = await app.providers.target('twilio');
  for (let read = 0; read < 5; read++) {
    const { value } = sid.startsWith('CA')
      ? await getCall(t.gateway, t.credential, sid)
      : await getMessage(t.gateway, t.credential, sid);
    const settlement = settlementFor(value);
    if (settlement) {
      await flush('twilio');
      expect(applyLateSettlement(app.cost.ledger, app.cost.pricer, settlement, 0)).not.toBeNull();
      return;
    }
  }
  throw new Error(`Twilio never priced ${sid}`);
}

/** Polls a render to completion and settles its row on the real duration, as the render workflow does. */
async function settleRender(videoId: string): Promise<void> {
  const t = await app.providers.target('heygen');
  const video = await pollVideo(t.gateway, t.credential, videoId, { intervalMs: 1 });
  const settlement = heygenSettlementFor(video);
  expect(settlement).not.toBeNull();
  await flush('heygen');
  expect(applyLateSettlement(app.cost.ledger, app.cost.pricer, settlement!, 0)).not.toBeNull();
}

const figures: string[] = [];
afterAll(() => console.log(`worst case vs actual (nanos):\n  ${figures.join('\n  ')}`));

/** Runs one paid call, settles it like the app does, and checks its reservation bounds its final cost. */
async function expectBounded(
  name: string,
  provider: ProviderId,
  call: () => Promise<GatewayResult<unknown>>,
): Promise<{ worst: number; actual: number }> {
  const result = await call();
  await flush(provider);
  if (provider === 'twilio') await settleTwilio((result.value as { sid: string }).sid);
  if (provider === 'heygen') await settleRender((result.value as { videoId: string }).videoId);
  const worst = reserved.get(result.callId);
  const actual = ledgerCost(result.callId);
  figures.push(`${name}: worst ${worst} >= actual ${actual}`);
  expect(worst).toBeGreaterThan(0);
  expect(actual).not.toBeNull();
  expect(worst!).toBeGreaterThanOrEqual(actual!);
  return { worst: worst!, actual: actual! };
}

describe('worst case >= actual cost on the fakes', () => {
  it.each(PAID_OPERATIONS.map((op) => [`${op.provider} ${op.name}`, op] as const))('%s', async (name, op) => {
    await expectBounded(name, op.provider, async () => (await op.call(app, 1, dir)) as GatewayResult<unknown>);
  });

  /** More paid operations of each provider, beyond the one per provider above. */
  const more: [string, ProviderId, () => Promise<GatewayResult<unknown>>][] = [
    [
      'openai embeddings',
      'openai',
      async () => {
        const t = await app.providers.target('openai');
        return createEmbeddings(t.gateway, t.credential, { model: 'text-embedding-3-small', input: ['a', 'b c d'] });
      },
    ],
    [
      'openai chat stream',
      'openai',
      async () => {
        const t = await app.providers.target('openai');
        return streamChatCompletion(t.gateway, t.credential, {
          model: 'gpt-4o-mini',
          messages: [{ role: 'user', content: 'stream please' }],
          maxOutputTokens: 300,
        });
      },
    ],
    [
      'anthropic message stream',
      'anthropic',
      async () => {
        const t = await app.providers.target('anthropic');
        return streamMessage(t.gateway, t.credential, {
          model: 'claude-sonnet-4-5',
          messages: [{ role: 'user', content: 'stream please' }],
          maxTokens: 300,
        });
      },
    ],
    [
      'openrouter chat stream',
      'openrouter',
      async () => {
        const t = await app.providers.target('openrouter');
        return openRouterStream(t.gateway, t.credential, {
          model: 'openai/gpt-4o-mini',
          messages: [{ role: 'user', content: 'stream please' }],
          maxOutputTokens: 300,
        });
      },
    ],
    [
      'perplexity agent response',
      'perplexity',
      async () => {
        const t = await app.providers.target('perplexity');
        return createAgentResponse(t.gateway, t.credential, {
          input: 'What changed this week?',
          model: 'perplexity/sonar',
          maxOutputTokens: 300,
          webSearch: true,
        });
      },
    ],
    [
      'exa deep search with contents',
      'exa',
      async () => {
        const t = await app.providers.target('exa');
        return search(t.gateway, t.credential, {
          query: 'creator tools',
          type: 'deep',
          numResults: 15,
          contents: { text: true, summary: true },
        });
      },
    ],
    [
      'exa find similar',
      'exa',
      async () => {
        const t = await app.providers.target('exa');
        return findSimilar(t.gateway, t.credential, { url: 'https://example.com/post', numResults: 8 });
      },
    ],
    [
      'exa contents',
      'exa',
      async () => {
        const t = await app.providers.target('exa');
        return getContents(t.gateway, t.credential, {
          urls: ['https://example.com/a', 'https://example.com/b'],
          text: true,
          highlights: true,
        });
      },
    ],
    [
      'exa answer',
      'exa',
      async () => {
        const t = await app.providers.target('exa');
        return answer(t.gateway, t.credential, { query: 'Who makes the most popular creator tools?', text: true });
      },
    ],
    [
      'apollo organization search',
      'apollo',
      async () => {
        const t = await app.providers.target('apollo');
        return searchOrganizations(t.gateway, t.credential, { q_organization_name: 'Apollo', per_page: 10 });
      },
    ],
    [
      'apollo bulk match',
      'apollo',
      async () => {
        const t = await app.providers.target('apollo');
        return bulkMatchPeople(t.gateway, t.credential, [
          { first_name: 'Tim', last_name: 'Zheng', domain: 'apollo.io' },
          { first_name: 'Ada', last_name: 'Lovelace', domain: 'example.com' },
        ]);
      },
    ],
    [
      'apollo organization enrich',
      'apollo',
      async () => {
        const t = await app.providers.target('apollo');
        return enrichOrganization(t.gateway, t.credential, 'apollo.io');
      },
    ],
  ];
  it.each(more)('%s', async (name, provider, call) => {
    await expectBounded(name, provider, call);
  });

  it.each([
    ['gpt-4o-transcribe', 7.5],
    ['gpt-4o-mini-transcribe', 7.5],
    ['gpt-4o-transcribe', 1],
    ['whisper-1', 7.5],
  ])('openai transcription %s, %s s of audio', async (model, seconds) => {
    const path = join(dir, `clip-${seconds}.wav`);
    writeFileSync(path, wavBytes(seconds));
    const t = await app.providers.target('openai');
    await expectBounded(`openai transcription ${model} ${seconds}s`, 'openai', () =>
      transcribeAudio(t.gateway, t.credential, { filePath: path, model, prompt: 'Names: Aicon, HeyGen.' }),
    );
  });

  it('openai gpt-4o-transcribe streamed', async () => {
    const path = join(dir, 'stream.wav');
    writeFileSync(path, wavBytes(4));
    const t = await app.providers.target('openai');
    await expectBounded('openai transcription stream', 'openai', () =>
      transcribeAudio(t.gateway, t.credential, { filePath: path, model: 'gpt-4o-transcribe', stream: true }),
    );
  });

  it('twilio voice call to a +1 number, settled on its duration', async () => {
    const t = await app.providers.target('twilio');
    await expectBounded('twilio call +1', 'twilio', () =>
      startCall(t.gateway, t.credential, {
        to: '+14155550100',
        from: '+14155550199',
        twiml: '<Response><Say>Hi</Say></Response>',
        timeLimit: 120,
      }),
    );
  });

  it('twilio outside +1: priced at the price the user set for that country, bounded by it', async () => {
    await override('twilio', 'sms:+44', 'segments', '0.06');
    await override('twilio', 'voice:+49', 'minutes', '0.035');
    const t = await app.providers.target('twilio');
    const sms = await expectBounded('twilio SMS +44 (user price $0.06)', 'twilio', () =>
      sendSms(t.gateway, t.credential, { to: '+447700900123', from: '+14155550199', body: 'Hello from the app' }),
    );
    // The UK bills several times the US segment price: a US-priced reservation would not have covered it.
    expect(sms.actual).toBeGreaterThan(8_300_000);
    await expectBounded('twilio call +49 (user price $0.035/min)', 'twilio', () =>
      startCall(t.gateway, t.credential, {
        to: '+4915123456789',
        from: '+14155550199',
        url: 'https://example.com/twiml',
        timeLimit: 60,
      }),
    );
  });

  it('twilio to a +1 number outside the US and Canada (Jamaica): priced and bounded at the price the user set', async () => {
    await override('twilio', 'sms:+1-876', 'segments', '0.11');
    const t = await app.providers.target('twilio');
    const sms = await expectBounded('twilio SMS +1-876 (user price $0.11)', 'twilio', () =>
      sendSms(t.gateway, t.credential, { to: '+18765550123', from: '+14155550199', body: 'Hello Kingston' }),
    );
    // Jamaica bills far above the US segment price ($0.0083): a US-priced reservation would not have covered it.
    expect(sms.actual).toBeGreaterThan(8_300_000 * 2);
  });

  it('heygen render: the plan maximum setting caps the reservation, still above the real cost', async () => {
    const before = (await app.router.call('settings.get', {})) as {
      preferences: { heygenPlanMaxVideoSeconds: number };
    };
    expect(before.preferences.heygenPlanMaxVideoSeconds).toBe(1800);
    await app.router.call('settings.update', { heygenPlanMaxVideoSeconds: 300 });
    const planMax = app.preferences.get().heygenPlanMaxVideoSeconds;
    expect(planMax).toBe(300);
    const t = await app.providers.target('heygen');
    // ~1,900 characters: at the slowest pace (10 a second) 190 s, under the plan's 300 s.
    const script = 'A longer take for the avatar to say, line after line. '.repeat(35);
    const render = (max: number) =>
      generateVideoV3(
        t.gateway,
        t.credential,
        { type: 'avatar', avatar_id: 'Daisy-inskirt-20220818', script, voice_id: '1bd001e7e50f421d891986aad5158bc8' },
        { planMaxVideoSeconds: max },
      );
    const full = await expectBounded('heygen render, plan max 300 s', 'heygen', () => render(planMax));
    // A plan that renders at most 150 s: the slowest-pace bound (~190 s) is capped at 150 s, still above the
    // render's real length on the fake (~126 s at a normal pace).
    const capped = await expectBounded('heygen render, plan max 150 s', 'heygen', () => render(150));
    expect(capped.worst).toBeLessThan(full.worst);
    expect(capped.worst / full.worst).toBeCloseTo(150 / Math.ceil(script.length / 10), 2);
  });
});

describe('+1 numbers outside the US and Canada under a hard budget', () => {
  it('are refused without a price for their own model, naming it; US territories go out at the US price', async () => {
    await app.router.call('budgets.create', {
      scope: 'provider',
      scopeId: 'twilio',
      period: 'day',
      limitNanos: 1_000_000_000,
      mode: 'hard',
    });
    const t = await app.providers.target('twilio');
    const from = '+14155550199';
    for (const [to, model] of [
      ['+12425550123', 'sms:+1-242'], // Bahamas
      ['+18095550123', 'sms:+1-809'], // Dominican Republic
      ['+14415550123', 'sms:+1-441'], // Bermuda
    ] as const) {
      const refusal = await sendSms(t.gateway, t.credential, { to, from, body: 'Hi' }).catch((e: unknown) => e);
      expect(refusal).toMatchObject({ code: 'budget_exceeded', details: { reason: 'unknown_cost', model } });
      expect((refusal as Error).message).toContain(`price for twilio model "${model}"`);
    }
    const call = await startCall(t.gateway, t.credential, {
      to: '+18685550123', // Trinidad and Tobago
      from,
      url: 'https://example.com/twiml',
      timeLimit: 60,
    }).catch((e: unknown) => e);
    expect(call).toMatchObject({ code: 'budget_exceeded', details: { model: 'voice:+1-868' } });
    // Puerto Rico, Guam and the US Virgin Islands are priced as the US: bounded and sent.
    for (const to of ['+17875550123', '+16715550123', '+13405550123'])
      await expectBounded(`twilio SMS ${to.slice(0, 5)} (US territory)`, 'twilio', () =>
        sendSms(t.gateway, t.credential, { to, from, body: 'Hi' }),
      );
  });
});

describe('a send of unknown cost under a hard budget', () => {
  it('is refused naming the per-destination price and the per-operation cap, and runs once either is set', async () => {
    await app.router.call('budgets.create', {
      scope: 'provider',
      scopeId: 'twilio',
      period: 'month',
      limitNanos: 1_000_000_000,
      mode: 'hard',
    });
    const t = await app.providers.target('twilio');
    const send = () => sendSms(t.gateway, t.credential, { to: '+33612345678', from: '+14155550199', body: 'Bonjour' });
    const refusal = await send().catch((e: unknown) => e);
    expect(refusal).toMatchObject({
      code: 'budget_exceeded',
      details: { reason: 'unknown_cost', setting: 'budgets.caps.set', model: 'sms:+33' },
    });
    expect((refusal as Error).message).toMatch(/per-operation cap for twilio messages\.create/);
    expect((refusal as Error).message).toMatch(/price for twilio model "sms:\+33"/);
    // The user caps what one send may cost: it goes out, reserving the cap.
    await app.router.call('budgets.caps.set', {
      provider: 'twilio',
      endpoint: 'messages.create',
      capNanos: 200_000_000,
    });
    const capped = await send();
    expect(reserved.get(capped.callId)).toBe(200_000_000);
  });
});
