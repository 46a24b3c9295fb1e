// Header helpers every provider needs: case-insensitive reads, Go-style durations (OpenAI
// `6m0s`), RFC 3339 / HTTP dates (Anthropic resets) and retry-after in its three spellings.
import type { Headers } from '../../gateway/types';

/** First value of a header, whatever the case of its name. */
export function header(headers: Headers, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    const first = Array.isArray(value) ? value[0] : value;
    return first?.trim();
  }
  return undefined;
}

/** A non-negative finite number from a header, else undefined. */
export function headerNumber(headers: Headers, name: string): number | undefined {
  const raw = header(headers, name);
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

const DURATION_UNITS_MS: Record<string, number> = {
  h: 3_600_000,
  m: 60_000,
  s: 1_000,
  ms: 1,
  us: 0.001,
  µs: 0.001,
  ns: 0.000001,
};

/**
 * Parses a Go `time.Duration` string as OpenAI sends it (`6m0s`, `20ms`, `1.5s`, `1h2m3s`) into ms.
 * A bare number is read as seconds. Returns undefined for anything else.
 */
export function parseDurationMs(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const s = text.trim();
  if (s === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s) * 1000;
  const part = /(\d+(?:\.\d+)?)(ms|us|µs|ns|h|m|s)/gy;
  let total = 0;
  let consumed = 0;
  for (let m = part.exec(s); m !== null; m = part.exec(s)) {
    total += Number(m[1]) * (DURATION_UNITS_MS[m[2] ?? ''] ?? Number.NaN);
    consumed = part.lastIndex;
  }
  if (consumed !== s.length || !Number.isFinite(total)) return undefined;
  return Math.round(total);
}

/** Parses an RFC 3339 timestamp or HTTP date into epoch ms; undefined when unparseable. */
export function parseDateMs(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * How long the server asks us to wait, in ms: `retry-after-ms` (OpenAI/Anthropic SDKs), then
 * `retry-after` as seconds or as an HTTP date (relative to `now`). Null when absent or invalid.
 */
export function retryAfterMs(headers: Headers, now: number): number | null {
  const ms = headerNumber(headers, 'retry-after-ms');
  if (ms !== undefined) return Math.round(ms);
  const raw = header(headers, 'retry-after');
  if (raw === undefined || raw === '') return null;
  if (/^\d+(\.\d+)?$/.test(raw)) return Math.round(Number(raw) * 1000);
  const at = parseDateMs(raw);
  return at === undefined ? null : Math.max(0, at - now);
}

/**
 * An epoch-ms reset time from a value that may be epoch seconds, epoch ms, an RFC 3339 date
 * or a relative duration (OpenRouter uses epoch ms, Perplexity/others seconds or durations).
 */
export function parseResetAt(text: string | undefined, now: number): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const s = text.trim();
  if (/^\d+(\.\d+)?$/.test(s)) {
    const n = Number(s);
    if (n > 1e12) return Math.round(n); // epoch ms
    if (n > 1e9) return Math.round(n * 1000); // epoch seconds
    return now + Math.round(n * 1000); // seconds from now
  }
  const duration = parseDurationMs(s);
  if (duration !== undefined) return now + duration;
  return parseDateMs(s);
}
