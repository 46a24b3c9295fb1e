import { afterEach, describe, expect, it } from 'vitest';
import { parseSseText } from '../../../main/providers/shared/sse';
import { ProviderError, type Metered, type SseEvent, type StreamConsumer } from '../../../main/gateway/types';
import { sse, throttled, type SseItem } from '../../helpers/fake-http';
import { recorded, startHarness, type Harness } from '../../helpers/gateway-harness';
import { failure } from '../../helpers/provider-error';

/** Anthropic Messages stream: usage in message_start, overridden by message_delta; message_stop ends it. */
class AnthropicText implements StreamConsumer<string> {
  text = '';
  events: SseEvent[] = [];
  private input = 0;
  private output = 0;
  private model: string | undefined;
  private done = false;

  onEvent(e: SseEvent): void {
    this.events.push(e);
    const d = JSON.parse(e.data) as {
      type: string;
      message?: { model: string; usage: { input_tokens: number; output_tokens: number } };
      delta?: { text?: string };
      usage?: { output_tokens: number };
      error?: { type: string; message: string };
    };
    if (e.event === 'error')
      throw new ProviderError({
        provider: 'anthropic',
        kind: 'overloaded',
        message: d.error!.message,
        providerCode: d.error!.type,
      });
    if (d.type === 'message_start') {
      this.model = d.message!.model;
      this.input = d.message!.usage.input_tokens;
      this.output = d.message!.usage.output_tokens;
    } else if (d.type === 'content_block_delta') this.text += d.delta?.text ?? '';
    else if (d.type === 'message_delta') this.output = d.usage!.output_tokens;
    else if (d.type === 'message_stop') this.done = true;
  }
  isComplete(): boolean {
    return this.done;
  }
  finish(): Metered<string> {
    return { value: this.text, units: { input_tokens: this.input, output_tokens: this.output }, model: this.model };
  }
  partial(): Metered<string | null> {
    // Output so far: at least what the text shows (~4 chars per token), never less than the provider's count.
    const output = Math.max(this.output, Math.ceil(this.text.length / 4));
    return {
      value: this.text || null,
      units: { input_tokens: this.input, output_tokens: output },
      model: this.model,
      estimated: true,
    };
  }
}

const ANTHROPIC_EVENTS: SseItem[] = parseSseText(recorded('anthropic/message-stream.basic.sse')).map((e) => ({
  event: e.event ?? undefined,
  data: e.data,
}));
const FULL_COST = 11 * 1_000 + 6 * 4_000;

/** The recorded stream with many text deltas, for cutting it mid-way. */
function longStream(deltas: number): SseItem[] {
  const [start, blockStart] = ANTHROPIC_EVENTS;
  const delta = (i: number): SseItem => ({
    event: 'content_block_delta',
    data: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: `word${i} ` } },
  });
  return [start!, blockStart!, ...Array.from({ length: deltas }, (_, i) => delta(i)), ...ANTHROPIC_EVENTS.slice(6)];
}

let h: Harness;
afterEach(async () => h?.close());

describe('gateway.stream', () => {
  it('delivers the recorded stream, cut into 7-byte CRLF chunks, and meters it from the final usage', async () => {
    h = await startHarness();
    h.server.on('POST /v1/test', sse(ANTHROPIC_EVENTS, { chunkBytes: 7, crlf: true }));
    const c = new AnthropicText();
    const r = await h.gateway.stream(h.req({ model: 'claude-opus-4-8' }), c);
    expect(r).toMatchObject({
      value: 'Hello there!',
      attempts: 1,
      costNanos: FULL_COST,
      costSource: 'computed',
      model: 'claude-opus-4-8',
    });
    expect(c.events.map((e) => e.event)).toContain('ping');
    expect(h.ledger.rows).toEqual([
      expect.objectContaining({
        status: 200,
        errorCode: null,
        units: { input_tokens: 11, output_tokens: 6 },
        costSource: 'computed',
      }),
    ]);
    expect(h.ledger.rows[0]!.responseBytes).toBe(
      Buffer.byteLength(recorded('anthropic/message-stream.basic.sse').replace(/\n/g, '\r\n')),
    );
  });

  it('ignores keep-alive comments (OpenRouter ": OPENROUTER PROCESSING") between events', async () => {
    h = await startHarness();
    h.server.on(
      'POST /v1/test',
      sse([
        { comment: 'OPENROUTER PROCESSING' },
        ...ANTHROPIC_EVENTS.slice(0, 3),
        { comment: 'OPENROUTER PROCESSING' },
        ...ANTHROPIC_EVENTS.slice(3),
      ]),
    );
    const c = new AnthropicText();
    expect((await h.gateway.stream(h.req(), c)).value).toBe('Hello there!');
    expect(c.events).toHaveLength(ANTHROPIC_EVENTS.length);
  });

  it('retries a 429 that arrives before the stream starts', async () => {
    h = await startHarness();
    h.server.on('POST /v1/test', throttled({ retryAfterMs: 20 }), sse(ANTHROPIC_EVENTS));
    const r = await h.gateway.stream(h.req(), new AnthropicText());
    expect(r.attempts).toBe(2);
    expect(h.ledger.forCall(r.callId).map((x) => x.status)).toEqual([429, 200]);
  });

  it('abort mid-stream: ledgers the partial usage as estimated, settles to it, rejects with kind aborted', async () => {
    h = await startHarness();
    h.server.on('POST /v1/test', sse(longStream(50), { gapMs: 10 }));
    const ac = new AbortController();
    const c = new AnthropicText();
    const origOnEvent = c.onEvent.bind(c);
    c.onEvent = (e) => {
      origOnEvent(e);
      if (c.events.length === 6) ac.abort();
    };
    const e = await failure(h.gateway.stream(h.req({ signal: ac.signal }), c));
    expect(e.kind).toBe('aborted');
    expect(c.text.startsWith('word0 word1 word2 word3 ')).toBe(true);
    const output = Math.ceil(c.text.length / 4);
    const [row] = h.ledger.rows;
    expect(h.ledger.rows).toHaveLength(1);
    expect(row).toMatchObject({
      status: 200,
      errorCode: 'aborted',
      costSource: 'estimated',
      units: { input_tokens: 11, output_tokens: output },
    });
    expect(row!.costNanos).toBe(11 * 1_000 + output * 4_000);
    expect(h.budgets.settled[0]!.actualNanos).toBe(row!.costNanos);
  });

  it('a stalled stream hits the body timeout: kind timeout, estimated row', async () => {
    h = await startHarness();
    h.server.on('POST /v1/test', sse(longStream(3).slice(0, 4), { then: 'hang' }));
    const e = await failure(h.gateway.stream(h.req({ timeoutMs: 150 }), new AnthropicText()));
    expect(e).toMatchObject({ kind: 'timeout', providerCode: 'UND_ERR_BODY_TIMEOUT' });
    expect(h.ledger.rows).toEqual([
      expect.objectContaining({ status: 200, errorCode: 'timeout:UND_ERR_BODY_TIMEOUT', costSource: 'estimated' }),
    ]);
  });

  it('a connection lost mid-stream is a network error, estimated, and never retried once events were delivered', async () => {
    h = await startHarness();
    h.server.on('POST /v1/test', sse(longStream(3).slice(0, 4), { then: 'reset' }), sse(ANTHROPIC_EVENTS));
    const e = await failure(h.gateway.stream(h.req({ idempotent: true }), new AnthropicText()));
    expect(e.kind).toBe('network');
    expect(h.server.requests).toHaveLength(1);
    expect(h.ledger.rows).toEqual([
      expect.objectContaining({ status: 200, costSource: 'estimated', errorCode: expect.stringMatching(/^network/) }),
    ]);
  });

  it('a stream that ends cleanly without its terminal event is a typed truncation, still ledgered', async () => {
    h = await startHarness();
    h.server.on('POST /v1/test', sse(ANTHROPIC_EVENTS.slice(0, 7)));
    const e = await failure(h.gateway.stream(h.req(), new AnthropicText()));
    expect(e).toMatchObject({ kind: 'network', providerCode: 'stream_truncated' });
    expect(h.ledger.rows[0]).toMatchObject({
      errorCode: 'network:stream_truncated',
      costSource: 'estimated',
      units: { input_tokens: 11, output_tokens: 3 },
    });
  });

  it("an in-stream error event (recorded Anthropic overloaded_error) rejects with the consumer's typed error", async () => {
    h = await startHarness();
    const errorEvent = parseSseText(recorded('anthropic/message-stream.error-event.docs-example.sse'))[0]!;
    h.server.on('POST /v1/test', sse([ANTHROPIC_EVENTS[0]!, { event: 'error', data: errorEvent.data }]));
    const e = await failure(h.gateway.stream(h.req(), new AnthropicText()));
    expect(e).toMatchObject({ kind: 'overloaded', providerCode: 'overloaded_error' });
    expect(h.server.requests).toHaveLength(1);
    expect(h.ledger.rows[0]).toMatchObject({ errorCode: 'overloaded:overloaded_error', costSource: 'estimated' });
  });

  it('meters the recorded OpenAI stream from its final usage-only chunk, ending with [DONE]', async () => {
    h = await startHarness();
    const chunks = recorded('openai/chat-completion-stream.include-usage.jsonl').split('\n').filter(Boolean);
    h.server.on('POST /v1/test', sse([...chunks.map((data) => ({ data })), { data: '[DONE]' }], { chunkBytes: 113 }));
    let text = '';
    let usage: { prompt_tokens: number; completion_tokens: number } | null = null;
    let done = false;
    const r = await h.gateway.stream(h.req(), {
      onEvent(e) {
        if (e.data === '[DONE]') {
          done = true;
          return;
        }
        const d = JSON.parse(e.data) as { choices: Array<{ delta: { content?: string } }>; usage: typeof usage };
        text += d.choices[0]?.delta.content ?? '';
        if (d.usage) usage = d.usage;
      },
      isComplete: () => done,
      finish: () => ({
        value: text,
        units: { input_tokens: usage!.prompt_tokens, output_tokens: usage!.completion_tokens },
        model: 'gpt-4.1-nano-2025-04-14',
      }),
      partial: () => ({ value: null, units: {}, estimated: true }),
    });
    expect(r.value.startsWith('**Holiday Name')).toBe(true);
    expect(h.ledger.rows[0]!.units).toEqual({ input_tokens: 16, output_tokens: 300 });
  });
});
