// Redacts anything shaped like an API key or bearer token from text we log or store.
const WHOLE_MATCH: RegExp[] = [
  /\b(sk|pk|rk)-[A-Za-z0-9_-]{12,}/g, // OpenAI, Anthropic (sk-ant-), OpenRouter (sk-or-)
  /\bpplx-[A-Za-z0-9]{16,}/g, // Perplexity
  /\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/g, // SendGrid
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
];
// `name: value` pairs: keep the name so logs stay readable, drop the value.
const NAMED_VALUE =
  /\b(xi-api-key|x-api-key|api[_-]?key|authorization|auth[_-]?token|secret|password)(["']?\s*[:=]\s*["']?)[^\s"',;&]{6,}/gi;

export function redactSecrets(text: string): string {
  let out = text;
  for (const p of WHOLE_MATCH) out = out.replace(p, '[redacted]');
  return out.replace(NAMED_VALUE, (_m, name: string, sep: string) => `${name}${sep}[redacted]`);
}
