// The demo-mode fakes synthesize responses; these must keep the recorded wire shape (every field a
// recording has, at the top level and inside usage), so parsers tested on recordings hold in demo.
import { afterEach, describe, expect, it } from 'vitest';
import { startAnthropicFake } from '../../../../main/providers/anthropic/fake';
import { startOpenAIFake } from '../../../../main/providers/openai/fake';
import { startOpenRouterFake } from '../../../../main/providers/openrouter/fake';
import { startPerplexityFake } from '../../../../main/providers/perplexity/fake';
import type { FakeServer } from '../../../../main/providers/shared/fake-server';
import { sseEvents } from './sse-events';
import { exampleJson, readExample } from './llm-harness';

const open: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((f) => f.close()));
});

/** Key paths of an object, recursing into plain objects (not arrays). */
function keyPaths(v: unknown, prefix = ''): string[] {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return [];
  return Object.entries(v).flatMap(([k, child]) => [`${prefix}${k}`, ...keyPaths(child, `${prefix}${k}.`)]);
}

const topAndUsage = (o: Record<string, unknown>) => [...Object.keys(o), ...keyPaths(o.usage, 'usage.')].sort();

async function post(
  url: string,
  headers: Record<string, string>,
  body: unknown,
): Promise<{ status: number; text: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

describe('synthesized fake responses keep the recorded shape', () => {
  it('OpenAI chat completion and stream chunks', async () => {
    const f = await startOpenAIFake();
    open.push(f);
    const auth = { authorization: 'Bearer sk-demo' };
    const plain = JSON.parse(
      (
        await post(`${f.baseUrl}/chat/completions`, auth, {
          model: 'gpt-4.1-nano',
          messages: [{ role: 'user', content: 'hi' }],
          response_format: { type: 'json_object' },
        })
      ).text,
    ) as Record<string, unknown>;
    expect(topAndUsage(plain)).toEqual(
      expect.arrayContaining(
        topAndUsage(exampleJson('openai/chat-completion.gpt-4.1-nano.json') as Record<string, unknown>),
      ),
    );
    const stream = await post(`${f.baseUrl}/chat/completions`, auth, {
      model: 'gpt-4.1-nano',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
      response_format: { type: 'json_object' },
    });
    const events = sseEvents(stream.text);
    expect(events.at(-1)?.data).toBe('[DONE]');
    const recorded = readExample('openai/chat-completion-stream.include-usage.jsonl').trim().split('\n');
    const first = JSON.parse(events[0]!.data) as Record<string, unknown>;
    const usageChunk = JSON.parse(events.at(-2)!.data) as Record<string, unknown>;
    expect(Object.keys(first).sort()).toEqual(Object.keys(JSON.parse(recorded[0]!) as object).sort());
    expect(topAndUsage(usageChunk)).toEqual(topAndUsage(JSON.parse(recorded.at(-1)!) as Record<string, unknown>));
    expect(usageChunk.choices).toEqual([]);
  });

  it('Anthropic message', async () => {
    const f = await startAnthropicFake();
    open.push(f);
    const r = await post(
      `${f.baseUrl}/v1/messages`,
      { 'x-api-key': 'k', 'anthropic-version': '2023-06-01' },
      { model: 'claude-sonnet-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] },
    );
    const body = JSON.parse(r.text) as Record<string, unknown>;
    expect(topAndUsage(body)).toEqual(
      topAndUsage(exampleJson('anthropic/message.text.claude-sonnet-4-5.json') as Record<string, unknown>),
    );
  });

  it('Perplexity agent response and Sonar completion', async () => {
    const f = await startPerplexityFake();
    open.push(f);
    const auth = { authorization: 'Bearer pplx-demo' };
    const agent = JSON.parse(
      (
        await post(`${f.baseUrl}/v1/agent`, auth, {
          model: 'perplexity/sonar',
          input: 'trends',
          tools: [{ type: 'web_search' }],
        })
      ).text,
    ) as Record<string, unknown>;
    expect(topAndUsage(agent)).toEqual(
      topAndUsage(exampleJson('perplexity/agent-response.web-search.json') as Record<string, unknown>),
    );
    const sonar = JSON.parse(
      (
        await post(`${f.baseUrl}/chat/completions`, auth, {
          model: 'sonar',
          messages: [{ role: 'user', content: 'x' }],
        })
      ).text,
    ) as Record<string, unknown>;
    expect(topAndUsage(sonar)).toEqual(
      expect.arrayContaining(
        topAndUsage(exampleJson('perplexity/chat-completion.sonar.json') as Record<string, unknown>),
      ),
    );
  });

  it('OpenRouter chat and final usage chunk', async () => {
    const f = await startOpenRouterFake();
    open.push(f);
    const auth = { authorization: 'Bearer sk-or-demo' };
    const chat = JSON.parse(
      (
        await post(`${f.baseUrl}/chat/completions`, auth, {
          model: 'openai/gpt-4o-mini',
          messages: [{ role: 'user', content: 'hi' }],
        })
      ).text,
    ) as Record<string, unknown>;
    expect(Object.keys(chat)).toEqual(
      expect.arrayContaining(Object.keys(exampleJson('openrouter/chat-completion.spec-example.json') as object)),
    );
    expect(keyPaths(chat.usage)).toEqual(
      expect.arrayContaining(
        keyPaths(exampleJson('openrouter/chat-usage.with-cost.spec-example.json')).filter(
          (k) => !k.startsWith('server_tool_use'),
        ),
      ),
    );
    const stream = await post(`${f.baseUrl}/chat/completions`, auth, {
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    expect(stream.text.startsWith(': OPENROUTER PROCESSING\n\n')).toBe(true);
    const events = sseEvents(stream.text);
    const usageChunk = JSON.parse(events.at(-2)!.data) as Record<string, unknown>;
    expect(keyPaths(usageChunk.usage)).toEqual(
      expect.arrayContaining(
        keyPaths((exampleJson('openrouter/stream-final-usage-chunk.docs-example.json') as { usage: unknown }).usage),
      ),
    );
  });
});
