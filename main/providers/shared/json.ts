// Defensive readers for provider JSON (typed `unknown`): a missing or mistyped field is undefined,
// never an exception, so new or absent optional fields cannot crash a parser.
export type JsonObject = Record<string, unknown>;

export const asObject = (v: unknown): JsonObject | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JsonObject) : undefined;

export const asArray = (v: unknown): unknown[] | undefined => (Array.isArray(v) ? v : undefined);

export const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export const asBoolean = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);

/** A finite number; numeric strings are not accepted (token counts are JSON numbers). */
export const asNumber = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;

/** A non-negative integer count, else undefined. */
export const asCount = (v: unknown): number | undefined => {
  const n = asNumber(v);
  return n !== undefined && n >= 0 ? Math.round(n) : undefined;
};

/** Follows a path of keys through nested objects. */
export function at(v: unknown, ...path: string[]): unknown {
  let cur = v;
  for (const key of path) {
    const o = asObject(cur);
    if (o === undefined) return undefined;
    cur = o[key];
  }
  return cur;
}

/** JSON.parse that returns undefined instead of throwing (error bodies may be HTML or empty). */
export function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
