// The official SDKs, unchanged except for their base URL and a virtual key, call the local gateway, which forwards
// to the project's provider fakes with the real (fake) keys. The SDKs' own parsing must succeed, and every call
// must land in the ledger tagged with the key, with the units the provider reported and the Pricer's cost.
import Anthropic from '@anthropic-ai/sdk';
import { ElevenLabsClient } from '@elevenlabs/elevenlabs-js';
import { Client as SendGridClient } from '@sendgrid/client';
import sgMail from '@sendgrid/mail';
import Exa from 'exa-js';
import OpenAI, { toFile } from 'openai';
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import type { ProviderId, Units } from '../../../main/gateway/types';
import { meterMailSend } from '../../../main/providers/sendgrid/usage';
import { TWILIO_FAKE_ACCOUNT_SID } from '../../../main/providers/twilio/fake';
import { localGatewayFixture, type LedgerRow } from './harness';

const g = localGatewayFixture();

function unitsOf(row: LedgerRow): Units {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(row)) if (k.startsWith('u_') && typeof v === 'number') out[k.slice(2)] = v;
  return out as Units;
}

/** The row's cost is what the app's Pricer gives for the row's units, as for an in-app call. */
function expectPricedLikeTheApp(row: LedgerRow, provider: ProviderId) {
  expect(row.client).toBe(g.keyName);
  const quote = g.app.cost.pricer.price({
    provider,
    model: row.model === '' ? null : row.model,
    units: unitsOf(row),
    at: new Date(),
    endpoint: row.endpoint,
    meta: row.meta ? JSON.parse(row.meta) : null,
    ...(row.cost_source === 'estimated' ? { estimated: true } : {}),
  });
  if (row.cost_source !== 'provider_reported') {
    expect(row.cost_source).toBe(quote.costSource);
    expect(row.cost_nanos).toBe(quote.costNanos);
  }
  return row;
}

/** Priced (never a silent 0 or unpriced) like the app prices it. */
function expectPriced(row: LedgerRow, provider: ProviderId) {
  expectPricedLikeTheApp(row, provider);
  expect(row.cost_source).not.toBe('unpriced');
  expect(row.cost_nanos).toBeGreaterThan(0);
}

describe('openai SDK', () => {
  const client = () => new OpenAI({ apiKey: g.secret, baseURL: `${g.url}/openai/v1`, maxRetries: 0 });

  it('chat completion: parsed by the SDK, ledgered with its usage', async () => {
    const r = await client().chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Say hello to the gateway' }],
      max_tokens: 64,
    });
    expect(r.choices[0]?.message.content).toBeTruthy();
    const row = g.last('openai');
    expect(row.endpoint).toBe('chat.completions');
    expect(row.status).toBe(200);
    expect((row.u_input_tokens ?? 0) + (row.u_cached_input_tokens ?? 0)).toBe(r.usage?.prompt_tokens);
    expect((row.u_output_tokens ?? 0) + (row.u_reasoning_tokens ?? 0)).toBe(r.usage?.completion_tokens);
    expectPriced(row, 'openai');
  });

  it('streaming without include_usage: usage is requested upstream, hidden from the client, and ledgered exactly', async () => {
    const stream = await client().chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Stream a short answer' }],
      stream: true,
    });
    let text = '';
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      // The client asked for no usage: it must not see the usage-only chunk the gateway asked for.
      expect(chunk.choices.length).toBeGreaterThan(0);
      expect(chunk.usage ?? null).toBeNull();
      text += chunk.choices[0]?.delta.content ?? '';
    }
    expect(chunks).toBeGreaterThan(1);
    expect(text.length).toBeGreaterThan(0);
    const row = g.last('openai');
    expect(row.flags & 1).toBe(0); // not estimated: the provider's own usage
    expect(row.u_output_tokens).toBeGreaterThan(0);
    expect(JSON.parse(row.meta ?? '{}').usage_requested).toBe(true);
    expectPriced(row, 'openai');
  });

  it('streaming with include_usage: the client gets its usage chunk, same as the ledger', async () => {
    const stream = await client().chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Stream with usage' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let usage: OpenAI.CompletionUsage | null = null;
    for await (const chunk of stream) usage = chunk.usage ?? usage;
    expect(usage).not.toBeNull();
    const row = g.last('openai');
    expect((row.u_input_tokens ?? 0) + (row.u_cached_input_tokens ?? 0)).toBe(usage?.prompt_tokens);
    expectPriced(row, 'openai');
  });

  it('embeddings', async () => {
    const r = await client().embeddings.create({ model: 'text-embedding-3-small', input: ['one', 'two words'] });
    expect(r.data).toHaveLength(2);
    const row = g.last('openai');
    expect(row.endpoint).toBe('embeddings');
    expect(row.u_input_tokens).toBe(r.usage.prompt_tokens);
    expectPriced(row, 'openai');
  });

  it('transcription upload (multipart streamed through)', async () => {
    const wav = Buffer.alloc(44 + 16_000 * 2 * 3); // 3 s of silence, 16 kHz mono 16-bit
    wav.write('RIFF', 0);
    wav.writeUInt32LE(wav.length - 8, 4);
    wav.write('WAVEfmt ', 8);
    wav.writeUInt32LE(16, 16);
    wav.writeUInt16LE(1, 20);
    wav.writeUInt16LE(1, 22);
    wav.writeUInt32LE(16_000, 24);
    wav.writeUInt32LE(32_000, 28);
    wav.writeUInt16LE(2, 32);
    wav.writeUInt16LE(16, 34);
    wav.write('data', 36);
    wav.writeUInt32LE(wav.length - 44, 40);
    const r = await client().audio.transcriptions.create({
      model: 'whisper-1',
      file: await toFile(wav, 'clip.wav', { type: 'audio/wav' }),
      response_format: 'verbose_json',
    });
    expect(typeof r.text).toBe('string');
    const row = g.last('openai');
    expect(row.endpoint).toBe('audio.transcriptions');
    expect(row.request_bytes).toBeGreaterThan(wav.length);
    expect(row.u_seconds).toBeGreaterThan(0);
    expectPriced(row, 'openai');
  });
});

describe('anthropic SDK', () => {
  const client = () => new Anthropic({ apiKey: g.secret, baseURL: `${g.url}/anthropic`, maxRetries: 0 });
  const system: Anthropic.TextBlockParam[] = [
    { type: 'text', text: 'You are a careful editor. '.repeat(200), cache_control: { type: 'ephemeral' } },
  ];

  it('messages with a cached system prompt: cache write, then cache read, as the provider reports', async () => {
    const first = await client().messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 200,
      system,
      messages: [{ role: 'user', content: 'Edit: hello world' }],
    });
    expect(first.content[0]?.type).toBe('text');
    const written = g.last('anthropic');
    expect(written.u_cache_write_5m_tokens).toBe(first.usage.cache_creation_input_tokens);
    expect(written.u_cache_write_5m_tokens).toBeGreaterThan(0);
    expectPriced(written, 'anthropic');

    const second = await client().messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 200,
      system,
      messages: [{ role: 'user', content: 'Edit: goodbye world' }],
    });
    const read = g.last('anthropic');
    expect(second.usage.cache_read_input_tokens).toBeGreaterThan(0);
    expect(read.u_cached_input_tokens).toBe(second.usage.cache_read_input_tokens);
    expect(read.u_input_tokens).toBe(second.usage.input_tokens);
    expectPriced(read, 'anthropic');
  });

  it('streaming messages with cache usage', async () => {
    const stream = client().messages.stream({
      model: 'claude-sonnet-4-5',
      max_tokens: 200,
      system,
      messages: [{ role: 'user', content: 'Edit and stream' }],
    });
    const final = await stream.finalMessage();
    expect(final.content[0]?.type).toBe('text');
    const row = g.last('anthropic');
    expect(row.u_cached_input_tokens).toBe(final.usage.cache_read_input_tokens);
    expect(row.u_output_tokens).toBe(final.usage.output_tokens);
    expect(row.flags & 1).toBe(0);
    expectPriced(row, 'anthropic');
  });
});

describe('other providers SDKs', () => {
  it('ElevenLabs TTS: binary audio streamed back, characters ledgered', async () => {
    const el = new ElevenLabsClient({ apiKey: g.secret, baseUrl: `${g.url}/elevenlabs`, maxRetries: 0 });
    const audio = await el.textToSpeech.convert('21m00Tcm4TlvDq8ikWAM', {
      text: 'Hello from the local gateway.',
      modelId: 'eleven_multilingual_v2',
    });
    let bytes = 0;
    const reader = audio.getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) bytes += r.value.length;
    expect(bytes).toBeGreaterThan(100);
    const row = g.last('elevenlabs');
    expect(row.endpoint).toBe('text-to-speech');
    expect(row.response_bytes).toBe(bytes);
    expect(row.u_characters).toBe('Hello from the local gateway.'.length);
    expectPriced(row, 'elevenlabs');
  });

  it('exa-js search: the provider-reported cost wins', async () => {
    const exa = new Exa(g.secret, `${g.url}/exa`);
    const r = await exa.search('creator economy trends', { numResults: 3 });
    expect(r.results.length).toBeGreaterThan(0);
    const row = g.last('exa');
    expect(row.endpoint).toBe('search');
    expect(row.cost_source).toBe('provider_reported');
    expect(row.cost_nanos).toBe(Math.round((r.costDollars?.total ?? 0) * 1e9));
    expectPriced(row, 'exa');
  });

  it('twilio message create: segments ledgered', async () => {
    const client = twilio(TWILIO_FAKE_ACCOUNT_SID, g.secret);
    client.api.baseUrl = `${g.url}/twilio`;
    const m = await client.messages.create({ to: '+15558675310', from: '+15017122661', body: 'Gateway says hi' });
    expect(m.sid).toMatch(/^SM/);
    const row = g.last('twilio');
    expect(row.endpoint).toBe('messages.create');
    expect(row.u_segments).toBe(1);
    expectPriced(row, 'twilio');
  });

  it('@sendgrid/mail send: one request ledgered', async () => {
    const client = new SendGridClient();
    client.setApiKey(g.secret);
    client.setDefaultRequest('baseUrl', `${g.url}/sendgrid`);
    sgMail.setClient(client);
    const [res] = await sgMail.send({
      to: 'fan@example.com',
      from: 'orders@example.com',
      subject: 'New video',
      text: 'It is live.',
    });
    expect(res.statusCode).toBe(202);
    const row = g.last('sendgrid');
    expect(row.endpoint).toBe('mail.send');
    // The units SendGrid's own usage parser gives for one accepted message, as for an in-app send.
    const parsed = meterMailSend(null, { status: 202, headers: { 'x-message-id': 'm' }, attempt: 1 }, 1);
    expect(unitsOf(row)).toEqual(parsed.units);
    // SendGrid bills by plan, not per request: no price table, so the row is unpriced — never $0.
    expectPricedLikeTheApp(row, 'sendgrid');
    expect(row.cost_source).toBe('unpriced');
    expect(row.cost_nanos).toBeNull();
  });
});
