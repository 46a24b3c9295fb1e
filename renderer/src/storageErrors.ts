// Storage failures (disk full, read-only, locked, damaged database) reach every screen: whichever call meets one,
// the app-wide banner shows main's message, which says what to do, even where a screen swallows its own errors.
import type { Api } from '../../preload/api';

export interface StorageProblem {
  /** disk_full | read_only | locked | corrupt (from the error's details), or null when main named none. */
  kind: string | null;
  message: string;
}

/** The same API, every method reporting a `storage` error to `report` before rethrowing it unchanged. */
export function reportStorageErrors(api: Api, report: (p: StorageProblem) => void): Api {
  const wrapped: Record<string, unknown> = {};
  for (const [ns, methods] of Object.entries(api as unknown as Record<string, Record<string, unknown>>)) {
    if (ns === 'events') {
      wrapped[ns] = methods;
      continue;
    }
    wrapped[ns] = Object.fromEntries(
      Object.entries(methods).map(([name, fn]) => [
        name,
        async (...args: unknown[]) => {
          try {
            return await (fn as (...a: unknown[]) => Promise<unknown>)(...args);
          } catch (e) {
            // Duck-typed: the error may come through the context bridge as a copy, not the CallError class.
            const err = e as { code?: unknown; message?: unknown; details?: { kind?: unknown } };
            if (err.code === 'storage') {
              const kind = err.details?.kind;
              report({ kind: typeof kind === 'string' ? kind : null, message: String(err.message) });
            }
            throw e;
          }
        },
      ]),
    );
  }
  return wrapped as unknown as Api;
}
