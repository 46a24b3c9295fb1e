// Scrubs secrets from text we log, store, export or return. First by value: the exact keys in the vault
// (registered when a key is stored or read), whatever their shape, also in their URL- and base64-encoded
// forms. Then by shape, as a second net for keys we were never told about.
const WHOLE_MATCH: RegExp[] = [
  /\b(sk|pk|rk)-[A-Za-z0-9_-]{12,}/g, // OpenAI, Anthropic (sk-ant-), OpenRouter (sk-or-)
  /\bsk_[A-Za-z0-9]{20,}/g, // ElevenLabs
  /\bpplx-[A-Za-z0-9]{16,}/g, // Perplexity
  /\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/g, // SendGrid
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
];
// `name: value` pairs: keep the name so logs stay readable, drop the value.
const NAMED_VALUE =
  /\b(xi-api-key|x-api-key|api[_-]?key|authorization|auth[_-]?token|secret|password)(["']?\s*[:=]\s*["']?)[^\s"',;&]{6,}/gi;

/** Shorter values are not scrubbed by value (they would match ordinary words); the shape net still applies. */
const MIN_SECRET_LENGTH = 8;
const secrets = new Set<string>();
let secretPattern: RegExp | null = null;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Adds a key (and its encoded forms) to the values scrubbed everywhere. Call for every secret the vault holds. */
export function registerSecret(value: string): void {
  const v = value.trim();
  if (v.length < MIN_SECRET_LENGTH || secrets.has(v)) return;
  secrets.add(v);
  for (const form of [encodeURIComponent(v), Buffer.from(v).toString('base64').replace(/=+$/, '')])
    if (form !== v && form.length >= MIN_SECRET_LENGTH) secrets.add(form);
  // Longest first, so a key that contains another is scrubbed whole.
  const sorted = [...secrets].sort((a, b) => b.length - a.length);
  secretPattern = new RegExp(sorted.map(escapeRegExp).join('|'), 'g');
}

export function redactSecrets(text: string): string {
  let out = secretPattern ? text.replace(secretPattern, '[redacted]') : text;
  for (const p of WHOLE_MATCH) out = out.replace(p, '[redacted]');
  return out.replace(NAMED_VALUE, (_m, name: string, sep: string) => `${name}${sep}[redacted]`);
}
