// Server-sent events: the framing the fake servers write, and whole-text parsing through the
// gateway's own SseParser (to replay recorded streams exactly as production reads them).
import { SseParser } from '../../gateway/sse';
import type { SseEvent } from '../../gateway/types';

/** Parses SSE wire text; an event without its closing blank line is dropped, as on a cut stream. */
export function parseSseText(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  const parser = new SseParser((e) => events.push(e));
  parser.push(text);
  parser.end();
  return events;
}

/** Frames one event for the wire. Multi-line data becomes several `data:` lines. */
export function formatSseEvent(data: string, options: { event?: string; id?: string } = {}): string {
  let out = '';
  if (options.event !== undefined) out += `event: ${options.event}\n`;
  if (options.id !== undefined) out += `id: ${options.id}\n`;
  for (const line of data.split('\n')) out += `data: ${line}\n`;
  return `${out}\n`;
}

/** Frames an SSE comment line (keep-alives such as OpenRouter's `: OPENROUTER PROCESSING`). */
export function formatSseComment(text: string): string {
  return `: ${text}\n\n`;
}
