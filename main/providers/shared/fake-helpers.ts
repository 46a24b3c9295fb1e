// Small pieces the LLM fakes share: reading the key a request carries, replaying recorded files,
// splitting text into stream deltas and synthesizing plausible token counts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeRequest } from './fake-server';
import { asArray, asObject, asString, at } from './json';
import { estimateTokens } from './units';

/** The token after "Bearer " in the Authorization header, or null. */
export function bearerToken(req: FakeRequest): string | null {
  const h = req.headers.authorization;
  const m = typeof h === 'string' ? /^Bearer\s+(.+)$/i.exec(h.trim()) : null;
  return m?.[1] ?? null;
}

/** Whether `given` is acceptable: equal to the configured key, or any non-empty key when none is configured. */
export function keyAccepted(given: string | null | undefined, expected: string | undefined): boolean {
  if (given === null || given === undefined || given === '') return false;
  return expected === undefined || given === expected;
}

/** Reads a recorded example file as text (fakes replay recordings byte-exact when given a folder). */
export function readRecording(dir: string, file: string): string {
  return readFileSync(join(dir, file), 'utf8');
}

/** Splits text into word-sized deltas that concatenate back to the text. */
export function streamDeltas(text: string): string[] {
  return text.match(/\s*\S+|\s+$/g) ?? (text === '' ? [] : [text]);
}

/** All text in OpenAI/Anthropic-style messages (string content or text parts). */
export function messagesText(messages: unknown): string {
  return (asArray(messages) ?? [])
    .map((m) => {
      const content = at(m, 'content');
      if (typeof content === 'string') return content;
      return (asArray(content) ?? []).map((part) => asString(asObject(part)?.text) ?? '').join(' ');
    })
    .join('\n');
}

/** Synthetic prompt tokens: the text estimate plus a few framing tokens per message, like real tokenizers. */
export function syntheticPromptTokens(text: string, messageCount: number): number {
  return estimateTokens(text) + 3 * Math.max(1, messageCount);
}
