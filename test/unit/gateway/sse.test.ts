import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SseParser } from '../../../main/gateway/sse';
import type { SseEvent } from '../../../main/gateway/types';
import { EXAMPLES_ROOT } from '../../helpers/examples';

const EXAMPLES = EXAMPLES_ROOT;

function parseChunks(chunks: Array<string | Uint8Array>): SseEvent[] {
  const out: SseEvent[] = [];
  const p = new SseParser((e) => out.push(e));
  for (const c of chunks) p.push(c);
  p.end();
  return out;
}

const ev = (data: string, event: string | null = null, id: string | null = null): SseEvent => ({ event, data, id });

describe('SseParser', () => {
  it('parses the recorded Anthropic stream: event names, JSON data, ping', () => {
    const events = parseChunks([readFileSync(`${EXAMPLES}/anthropic/message-stream.basic.sse`)]);
    expect(events.map((e) => e.event)).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(JSON.parse(events[7]!.data)).toMatchObject({ usage: { output_tokens: 6 } });
  });

  it('parses the recorded OpenAI transcription stream (data-only events, usage in the last one)', () => {
    const events = parseChunks([readFileSync(`${EXAMPLES}/openai/transcription-stream.gpt-4o-transcribe.sse`)]);
    expect(events.length).toBeGreaterThan(5);
    expect(events.every((e) => e.event === null)).toBe(true);
    const last = JSON.parse(events.at(-1)!.data) as { type: string; usage?: unknown };
    expect(last.type).toBe('transcript.text.done');
    expect(last.usage).toBeDefined();
  });

  it('skips comments such as ": OPENROUTER PROCESSING" and joins multi-line data with \\n', () => {
    const text =
      ': OPENROUTER PROCESSING\n\ndata: line one\ndata: line two\ndata:\n\n: keep-alive\nevent: done\ndata: {}\n\n';
    expect(parseChunks([text])).toEqual([ev('line one\nline two\n'), ev('{}', 'done')]);
  });

  it('accepts CRLF, CR and LF line endings, a BOM, fields without a space or value, and ids', () => {
    const text = '\uFEFFid: 7\r\nevent:update\r\ndata:a\r\rdata: b\n\nretry: 100\nunknown: x\ndata\n\n';
    expect(parseChunks([text])).toEqual([ev('a', 'update', '7'), ev('b'), ev('')]);
  });

  it('dispatches nothing for an event without data, and drops an unterminated last line', () => {
    expect(parseChunks(['event: ping\n\ndata: complete\n\ndata: cut mid-ev'])).toEqual([ev('complete')]);
    expect(parseChunks(['data: a\n\nevent: x\ndata: {"cut'])).toEqual([ev('a')]);
  });

  it('dispatches a final event whose closing blank line is missing (stream ends right after its data line)', () => {
    expect(parseChunks(['data: first\n\ndata: {"usage":1}\n'])).toEqual([ev('first'), ev('{"usage":1}')]);
  });

  it('keeps a CRLF split across chunks as one line break, and UTF-8 split inside a character', () => {
    const bytes = Buffer.from('data: héllo 😀\r\n\r\ndata: second\r\n\r\n');
    const cr = bytes.indexOf(0x0d);
    const emoji = bytes.indexOf(0xf0);
    const chunks = [bytes.subarray(0, emoji + 2), bytes.subarray(emoji + 2, cr + 1), bytes.subarray(cr + 1)];
    expect(parseChunks(chunks)).toEqual([ev('héllo 😀'), ev('second')]);
  });

  // Any event list, framed with any line-ending style and cut into chunks anywhere, parses back to itself.
  it('property: arbitrary chunk boundaries and line endings never change the events', () => {
    const unit = fc.oneof(
      fc.constantFrom('a', 'Z', ' ', ':', '{', '"', 'é', '😀', '\t'),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
    );
    const lineText = fc.string({ unit, maxLength: 12 }).filter((s) => !/[\r\n\0\uFEFF]/.test(s));
    const name = lineText.filter((s) => s.length > 0);
    const event = fc.record({
      event: fc.option(name, { nil: null }),
      id: fc.option(name, { nil: null }),
      lines: fc.array(lineText, { minLength: 1, maxLength: 4 }),
      comment: fc.option(lineText, { nil: null }),
    });
    fc.assert(
      fc.property(
        fc.array(event, { maxLength: 6 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 20 }),
        (events, eol, cuts) => {
          let wire = '';
          for (const e of events) {
            if (e.comment !== null) wire += `:${e.comment}${eol}`;
            if (e.event !== null) wire += `event: ${e.event}${eol}`;
            if (e.id !== null) wire += `id: ${e.id}${eol}`;
            for (const l of e.lines) wire += `data: ${l}${eol}`;
            wire += eol;
          }
          const bytes = Buffer.from(wire);
          const chunks: Uint8Array[] = [];
          let pos = 0;
          for (let i = 0; pos < bytes.length; i++) {
            const size = cuts[i % cuts.length]!;
            chunks.push(bytes.subarray(pos, pos + size));
            pos += size;
          }
          const expected = events.map((e) => ({
            event: e.event === '' ? null : e.event,
            data: e.lines.join('\n'),
            id: e.id,
          }));
          expect(parseChunks(chunks)).toEqual(expected);
        },
      ),
      { numRuns: 400 },
    );
  });
});
