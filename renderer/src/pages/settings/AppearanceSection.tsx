// Theme, time zone and how dollar amounts are shown.
import { useState } from 'react';
import { formatUsd } from '../../../../preload/contract/money';
import { usePreferences } from '../../state/preferences';

const ZONES: string[] = (Intl as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];

export function AppearanceSection() {
  const { info, update, saving } = usePreferences();
  const [zone, setZone] = useState<string | null>(null);
  if (!info) return null;
  const p = info.preferences;
  const zoneValue = zone ?? p.timeZone ?? '';
  return (
    <section className="settings-section" data-testid="settings-appearance">
      <h2>Appearance, time zone and money</h2>
      <div className="settings-grid">
        <label htmlFor="pref-theme">Theme</label>
        <select
          id="pref-theme"
          value={p.theme}
          onChange={(e) => void update({ theme: e.target.value as typeof p.theme })}
          data-testid="pref-theme"
        >
          <option value="system">Follow the system</option>
          <option value="dark">Dark</option>
          <option value="light">Light</option>
        </select>
        <label htmlFor="pref-zone">Time zone</label>
        <div className="inline">
          <input
            id="pref-zone"
            list="zones"
            value={zoneValue}
            placeholder={`System (${info.systemTimeZone})`}
            onChange={(e) => setZone(e.target.value)}
            data-testid="pref-zone"
          />
          <datalist id="zones">
            {ZONES.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
          <button
            type="button"
            disabled={saving || zone === null}
            onClick={() =>
              void update({ timeZone: zoneValue.trim() === '' ? null : zoneValue.trim() }).then(() => setZone(null))
            }
          >
            Save zone
          </button>
          <span className="muted">Budget periods, digests and reports use it.</span>
        </div>
        <label htmlFor="pref-currency">Dollar amounts</label>
        <select
          id="pref-currency"
          value={p.currencyDisplay}
          onChange={(e) => void update({ currencyDisplay: e.target.value as typeof p.currencyDisplay })}
          data-testid="pref-currency"
        >
          <option value="auto">
            Auto: {formatUsd(1_234_560_000_000, 'auto')}, tiny {formatUsd(4_200_000, 'auto')}
          </option>
          <option value="cents">
            Cents: {formatUsd(1_234_560_000_000, 'cents')}, tiny {formatUsd(4_200_000, 'cents')}
          </option>
          <option value="precise">
            Precise: {formatUsd(1_234_560_000_000, 'precise')}, tiny {formatUsd(4_200_000, 'precise')}
          </option>
        </select>
      </div>
    </section>
  );
}
