// Small helpers shared by the content stores: JSON columns, 0/1 flags, not-found errors, schema checks.
import type { z } from 'zod';
import { AppError } from '../core/errors';

export const fromJson = <T>(text: string): T => JSON.parse(text) as T;
export const flag = (n: number): boolean => n === 1;

export function found<T>(row: T | undefined, what: string, id: string): T {
  if (row === undefined) throw new AppError('not_found', `No ${what} with id ${id}`);
  return row;
}

/** Validates data produced in main (e.g. a provider's JSON) before it is stored. */
export function validated<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
  throw new AppError('invalid_input', `${what} does not match its schema: ${issues}`);
}

/** Case-insensitive de-duplication that keeps the first spelling. */
export function uniqueTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  return tags.filter((t) => {
    const k = t.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
