import { describe, expect, it } from 'vitest';
import type { ResponseMeta } from '../../../../main/gateway/types';
import {
  TranscriptionStreamConsumer,
  meterTextTranscription,
  openAIChatStreamConsumer,
  parseChatCompletion,
  parseEmbeddings,
  parseLegacyCompletion,
  parseTranscriptionJson,
} from '../../../../main/providers/openai/usage';
import { openAiStyleUnits } from '../../../../main/providers/shared/chat-completions';
import { jsonlEvents, sseEvents } from '../shared/sse-events';
import { exampleJson, readExample } from '../shared/llm-harness';

const meta: ResponseMeta = { status: 200, headers: { 'x-request-id': 'req_abc' }, attempt: 1 };

describe('OpenAI recorded examples -> exclusive units', () => {
  it('chat-completion.gpt-4.1-nano.json: 16 in / 363 out, dated snapshot model, service_tier in meta', () => {
    const m = parseChatCompletion(exampleJson('openai/chat-completion.gpt-4.1-nano.json'), meta);
    expect(m.units).toEqual({ input_tokens: 16, output_tokens: 363 });
    expect(m.model).toBe('gpt-4.1-nano-2025-04-14');
    expect(m.meta).toEqual({ service_tier: 'default' });
    expect(m.providerRequestId).toBe('req_abc');
    expect(m.value.text?.startsWith('**Holiday Name:** Galaxy Day')).toBe(true);
    expect(m.value.finishReason).toBe('stop');
  });

  it('chat-completion.tool-calls.json: 82 in / 17 out, the tool call read, no prompt details needed', () => {
    const m = parseChatCompletion(exampleJson('openai/chat-completion.tool-calls.json'), meta);
    expect(m.units).toEqual({ input_tokens: 82, output_tokens: 17 });
    expect(m.value.toolCalls).toEqual([
      { id: 'call_abc123', name: 'get_current_weather', arguments: '{\n"location": "Boston, MA"\n}' },
    ]);
    expect(m.value.text).toBeNull();
    expect(m.meta).toBeUndefined();
  });

  it('completion-legacy.gpt-3.5-turbo-instruct.json: 14 in / 16 out', () => {
    const m = parseLegacyCompletion(exampleJson('openai/completion-legacy.gpt-3.5-turbo-instruct.json'), meta);
    expect(m.units).toEqual({ input_tokens: 14, output_tokens: 16 });
    expect(m.model).toBe('gpt-3.5-turbo-instruct:20230824-v2');
    expect(m.value.finishReason).toBe('length');
  });

  it('embeddings examples: prompt tokens only, vectors in index order', () => {
    const small = parseEmbeddings(exampleJson('openai/embeddings.text-embedding-3-small.json'), meta);
    expect(small.units).toEqual({ input_tokens: 12 });
    expect(small.value.vectors).toHaveLength(2);
    expect(small.value.vectors[1]?.[0]).toBe(-0.037104916);
    const large = parseEmbeddings(exampleJson('openai/embeddings.text-embedding-3-large.float.json'), meta);
    expect(large.units).toEqual({ input_tokens: 1 });
    expect(large.model).toBe('text-embedding-3-large');
  });

  it('transcription.gpt-4o-transcribe.json: token usage, 14 audio tokens in (0 text) and 45 out', () => {
    const m = parseTranscriptionJson(
      exampleJson('openai/transcription.gpt-4o-transcribe.json'),
      meta,
      undefined,
      'gpt-4o-transcribe',
    );
    expect(m.units).toEqual({ audio_input_tokens: 14, output_tokens: 45 });
    expect(m.estimated).toBeUndefined();
  });

  it('transcription.gpt-4o-transcribe-diarize.diarized_json.json: duration usage, 27 seconds', () => {
    const m = parseTranscriptionJson(
      exampleJson('openai/transcription.gpt-4o-transcribe-diarize.diarized_json.json'),
      meta,
      undefined,
      'gpt-4o-transcribe-diarize',
    );
    expect(m.units).toEqual({ seconds: 27 });
    expect(m.value.duration).toBe(27.4);
  });

  it('chat-completion-stream.include-usage.jsonl: usage only from the final choices:[] chunk (16 / 300)', () => {
    const consumer = openAIChatStreamConsumer('gpt-4.1-nano', 5);
    const events = jsonlEvents(readExample('openai/chat-completion-stream.include-usage.jsonl'));
    expect(events).toHaveLength(303);
    for (const e of events) consumer.onEvent(e);
    // vercel/ai strips the [DONE] line from its recordings: without it the stream counts as truncated.
    expect(consumer.isComplete()).toBe(false);
    consumer.onEvent({ event: null, data: '[DONE]', id: null });
    expect(consumer.isComplete()).toBe(true);
    const m = consumer.finish(meta);
    expect(m.units).toEqual({ input_tokens: 16, output_tokens: 300 });
    expect(m.model).toBe('gpt-4.1-nano-2025-04-14');
    expect(m.meta).toEqual({ service_tier: 'default' });
    expect(m.estimated).toBeUndefined();
    expect(m.value.finishReason).toBe('stop');
    expect(m.value.text.startsWith('**Holiday Name:** Harmony')).toBe(true);
  });

  it('transcription-stream.gpt-4o-transcribe.sse: usage from transcript.text.done (14 audio in, 45 out)', () => {
    const consumer = new TranscriptionStreamConsumer('gpt-4o-transcribe', 0);
    const deltas: string[] = [];
    const withDeltas = new TranscriptionStreamConsumer('gpt-4o-transcribe', 0, (d) => deltas.push(d));
    // The spec example ends after its last data line; the wire adds the blank line that completes the event.
    for (const e of sseEvents(`${readExample('openai/transcription-stream.gpt-4o-transcribe.sse')}\n`)) {
      consumer.onEvent(e);
      withDeltas.onEvent(e);
    }
    expect(consumer.isComplete()).toBe(true);
    const m = consumer.finish(meta);
    expect(m.units).toEqual({ audio_input_tokens: 14, output_tokens: 45 });
    expect(m.value.text.startsWith('I see skies of blue and clouds of white')).toBe(true);
    expect(deltas.join('')).toBe(m.value.text);
  });
});

describe('OpenAI exclusive buckets', () => {
  it('subtracts cached, cache-write and audio from prompt_tokens and reasoning from completion_tokens', () => {
    const units = openAiStyleUnits({
      prompt_tokens: 100,
      completion_tokens: 50,
      prompt_tokens_details: { cached_tokens: 40, cache_write_tokens: 10, audio_tokens: 5 },
      completion_tokens_details: { reasoning_tokens: 20 },
    });
    expect(units).toEqual({
      input_tokens: 45,
      cached_input_tokens: 40,
      cache_write_5m_tokens: 10,
      audio_input_tokens: 5,
      output_tokens: 30,
      reasoning_tokens: 20,
    });
    const total = Object.values(units).reduce((a, b) => a + b, 0);
    expect(total).toBe(150);
  });

  it('reads missing usage as zero units instead of crashing', () => {
    expect(openAiStyleUnits(undefined)).toEqual({});
    expect(openAiStyleUnits({ prompt_tokens: 'x' })).toEqual({});
  });

  it('rejects a non-object chat body as malformed', () => {
    expect(() => parseChatCompletion('oops', meta)).toThrow(/expected a JSON object/);
  });

  it('prices text-format transcriptions from the measured duration, rounded up and marked estimated', () => {
    const m = meterTextTranscription('hello', meta, 36.71, 'whisper-1');
    expect(m.units).toEqual({ seconds: 37 });
    expect(m.estimated).toBe(true);
    expect(meterTextTranscription('hello', meta, undefined, 'whisper-1').units).toEqual({});
  });

  it('falls back to the measured duration when a JSON transcription carries no usage', () => {
    const m = parseTranscriptionJson({ text: 'hi' }, meta, 8.47, 'whisper-1');
    expect(m.units).toEqual({ seconds: 9 });
    expect(m.estimated).toBe(true);
  });
});

describe('OpenAI stream consumer on abort', () => {
  it('estimates output from the streamed text and input from the pre-flight estimate', () => {
    const consumer = openAIChatStreamConsumer('gpt-4.1-nano', 25);
    const lines = readExample('openai/chat-completion-stream.include-usage.jsonl').split('\n').slice(0, 11);
    for (const e of jsonlEvents(lines.join('\n'))) consumer.onEvent(e);
    const p = consumer.partial();
    expect(p.estimated).toBe(true);
    const text = p.value?.text ?? '';
    expect(text.length).toBeGreaterThan(0);
    expect(p.units).toEqual({ input_tokens: 25, output_tokens: Math.ceil(text.length / 4) });
  });

  it('throws a typed malformed_response for a non-JSON chunk', () => {
    const consumer = openAIChatStreamConsumer('gpt-4.1-nano', 1);
    expect(() => consumer.onEvent({ event: null, data: '{"id":', id: null })).toThrow(
      expect.objectContaining({ kind: 'malformed_response' }),
    );
  });

  it('turns an error event in a transcription stream into a typed error', () => {
    const consumer = new TranscriptionStreamConsumer('gpt-4o-transcribe', 10);
    expect(() =>
      consumer.onEvent({
        event: null,
        data: '{"type":"error","error":{"type":"server_error","message":"boom"}}',
        id: null,
      }),
    ).toThrow(expect.objectContaining({ provider: 'openai', providerCode: 'server_error' }));
    expect(consumer.partial()).toMatchObject({ units: { audio_input_tokens: 10 }, estimated: true, value: null });
  });
});
