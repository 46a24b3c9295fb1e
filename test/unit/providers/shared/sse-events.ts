// Recorded streams as SseEvents, read by the gateway's own SSE parser (via parseSseText).
import type { SseEvent } from '../../../../main/gateway/types';
import { parseSseText } from '../../../../main/providers/shared/sse';

export const sseEvents = parseSseText;

/** A `.jsonl` recording (one `data:` payload per line, framing stripped) as data-only events. */
export function jsonlEvents(jsonl: string): SseEvent[] {
  return parseSseText(
    jsonl
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => `data: ${l}\n\n`)
      .join(''),
  );
}
