// Server-sent events: a parser (text -> SseEvent[], used to replay recorded streams into
// consumers) and the wire framing helpers the fake servers write with.
import type { SseEvent } from '../../gateway/types';

/**
 * Parses SSE text per the WHATWG rules we rely on: `event:`/`data:`/`id:` fields, multi-line
 * data joined by "\n", comment lines (`: OPENROUTER PROCESSING`) skipped, events end on a blank line.
 * A trailing event without its blank line is dropped, like a browser does on a cut stream.
 */
export function parseSseText(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  let event: string | null = null;
  let id: string | null = null;
  let data: string[] = [];
  let hasData = false;
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  // The last element is the unterminated remainder; it never completes an event.
  for (let i = 0; i < lines.length - 1; i++) {
    const line = lines[i] ?? '';
    if (line === '') {
      if (hasData) events.push({ event, data: data.join('\n'), id });
      event = null;
      data = [];
      hasData = false;
      continue;
    }
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') {
      data.push(value);
      hasData = true;
    } else if (field === 'event') event = value;
    else if (field === 'id') id = value;
  }
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

/** Turns a `.jsonl` recording (one `data:` payload per line) into events, for tests and fakes. */
export function jsonlToSseEvents(jsonl: string): SseEvent[] {
  return jsonl
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((data) => ({ event: null, data, id: null }));
}
