// OpenAI's model list carries each model's announced `shutdown_date` (spec: Model.shutdown_date, YYYY-MM-DD or
// null; recorded example refs/examples/openai/models-list.json). When an OpenAI key is present (or the demo's
// fake), the list is read — a free call — at most once a day, or on demand, and its dates are kept in settings:
// the model picker shows them and a step refuses a model past its date.
import type { SettingsStore } from '../system/settings';
import { listModels } from '../providers/openai/client';
import type { ProviderAccess } from '../providers/access';

/** What a read needs (a subset of the workflow deps). */
interface DatesDeps {
  providers: ProviderAccess;
  settings: SettingsStore;
  now: () => Date;
}

export const OPENAI_DATES_SETTING = 'workflows.openaiShutdownDates';
const MAX_AGE_MS = 24 * 3_600_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export interface StoredDates {
  checkedAt: string;
  /** Model id -> shutdown date, only the models that have one. */
  dates: Record<string, string>;
}

export interface DatesCheck {
  checkedAt: string | null;
  /** Models the list gives a shutdown date. */
  dated: number;
  /** Why the list could not be read (no key, network…); the last dates read stay in force. */
  error: string | null;
}

export const storedDates = (settings: SettingsStore): StoredDates | null =>
  settings.get<StoredDates | null>(OPENAI_DATES_SETTING, null);

/** The live shutdown dates by model id (empty until the list was read once). */
export const liveShutdownDates = (settings: SettingsStore): Record<string, string> =>
  storedDates(settings)?.dates ?? {};

/** One read at a time per profile (each profile has its own settings store). */
const inFlight = new WeakMap<SettingsStore, Promise<DatesCheck>>();
/** A failed read (no key, offline) is not retried on every picker load: at most every 10 minutes. */
const lastFailure = new WeakMap<SettingsStore, { at: number; check: DatesCheck }>();
const RETRY_AFTER_FAILURE_MS = 10 * 60_000;

async function read(d: DatesDeps): Promise<DatesCheck> {
  const last = storedDates(d.settings);
  try {
    const t = await d.providers.target('openai');
    const { value } = await listModels(t.gateway, t.credential, { operation: 'models' });
    const dates: Record<string, string> = {};
    for (const m of value) if (m.shutdownDate && ISO_DAY.test(m.shutdownDate)) dates[m.id] = m.shutdownDate;
    const stored: StoredDates = { checkedAt: d.now().toISOString(), dates };
    d.settings.set(OPENAI_DATES_SETTING, stored);
    lastFailure.delete(d.settings);
    return { checkedAt: stored.checkedAt, dated: Object.keys(dates).length, error: null };
  } catch (e) {
    const check = {
      checkedAt: last?.checkedAt ?? null,
      dated: Object.keys(last?.dates ?? {}).length,
      error: e instanceof Error ? e.message : String(e),
    };
    lastFailure.set(d.settings, { at: d.now().getTime(), check });
    return check;
  }
}

/** Reads OpenAI's model list when the stored dates are older than a day (or `force`); one read at a time. */
export function refreshOpenAIDates(d: DatesDeps, force = false): Promise<DatesCheck> {
  const last = storedDates(d.settings);
  const fresh = last !== null && d.now().getTime() - Date.parse(last.checkedAt) < MAX_AGE_MS;
  if (fresh && !force)
    return Promise.resolve({ checkedAt: last.checkedAt, dated: Object.keys(last.dates).length, error: null });
  const failed = lastFailure.get(d.settings);
  if (failed && !force && d.now().getTime() - failed.at < RETRY_AFTER_FAILURE_MS) return Promise.resolve(failed.check);
  const running = inFlight.get(d.settings);
  if (running) return running;
  const next = read(d).finally(() => inFlight.delete(d.settings));
  inFlight.set(d.settings, next);
  return next;
}
