// IPC handlers for settings.* and alerts.*: preferences, the data folder, the keychain state, test alerts.
import type { PartialHandlers } from '../core/router';
import type { AlertService } from '../alerts/service';
import { systemTimeZone } from '../ledger/timezones';
import { GENAI_VERSION_TAG } from '../pricing/genai';
import type { PricingService } from '../pricing/pricer';
import { PRICE_TABLES } from '../pricing/tables';
import type { BackendAttempt } from '../vault/choose';
import type { StoreInfo } from '../vault/types';
import { explainKeychain } from '../system/keychain-state';
import type { PreferencesStore } from '../system/preferences';

export interface SettingsHandlerDeps {
  preferences: PreferencesStore;
  pricer: Pick<PricingService, 'overrides'>;
  dataDir: string;
  /** Opens a folder in the OS file manager; null in web mode. */
  reveal: ((path: string) => Promise<void>) | null;
  keychain: () => Promise<{ info: StoreInfo; attempts: BackendAttempt[] }>;
  alerts: Pick<AlertService, 'test' | 'sendDigest' | 'deliveries'>;
}

export function settingsHandlers(d: SettingsHandlerDeps): PartialHandlers {
  const info = () => ({
    preferences: d.preferences.get(),
    systemTimeZone: systemTimeZone(),
    priceData: [GENAI_VERSION_TAG, ...PRICE_TABLES.map((t) => t.version)],
    priceOverrides: d.pricer.overrides.list().length,
  });
  return {
    'settings.get': () => info(),
    'settings.update': (patch) => {
      d.preferences.update(patch);
      return info();
    },
    'settings.revealDataDir': async () => {
      if (!d.reveal) return { revealed: false, path: d.dataDir };
      await d.reveal(d.dataDir);
      return { revealed: true, path: d.dataDir };
    },
    'settings.keychain': async () => {
      const k = await d.keychain();
      return explainKeychain(k.info, k.attempts, process.platform);
    },
    'alerts.test': async () => ({ deliveries: await d.alerts.test() }),
    'alerts.digestNow': async ({ period }) => ({ deliveries: await d.alerts.sendDigest(period) }),
    'alerts.deliveries': () => ({ deliveries: d.alerts.deliveries() }),
  };
}
