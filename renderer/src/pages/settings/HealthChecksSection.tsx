// How often every key is checked against its provider's free endpoint.
import { usePreferences } from '../../state/preferences';

const CHOICES = [
  [0, 'Off (check by hand on Integrations)'],
  [5, 'Every 5 minutes'],
  [15, 'Every 15 minutes'],
  [60, 'Every hour'],
  [240, 'Every 4 hours'],
  [1440, 'Once a day'],
] as const;

export function HealthChecksSection() {
  const { info, update } = usePreferences();
  if (!info) return null;
  const minutes = info.preferences.healthCheckMinutes;
  return (
    <section className="settings-section" data-testid="settings-health">
      <h2>Key health checks</h2>
      <div className="settings-grid">
        <label htmlFor="pref-health">Schedule</label>
        <select
          id="pref-health"
          value={minutes}
          onChange={(e) => void update({ healthCheckMinutes: Number(e.target.value) })}
          data-testid="pref-health"
        >
          {CHOICES.map(([m, label]) => (
            <option key={m} value={m}>
              {label}
            </option>
          ))}
          {!CHOICES.some(([m]) => m === minutes) && <option value={minutes}>Every {minutes} minutes</option>}
        </select>
      </div>
      <p className="muted">Checks call free endpoints only (model lists, account info): they never cost money.</p>
    </section>
  );
}
