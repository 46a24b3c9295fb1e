// Plan limits the budget reservations depend on: the longest video the HeyGen plan renders bounds what a render
// may cost, so a hard budget reserves no more than the plan allows.
import { usePreferences } from '../../state/preferences';

const HEYGEN_PLANS = [
  [180, 'Free: videos up to 3 minutes'],
  [300, 'Pro: videos up to 5 minutes'],
  [1800, 'Scale: videos up to 30 minutes'],
] as const;

export function ProviderPlansSection() {
  const { info, update } = usePreferences();
  if (!info) return null;
  const seconds = info.preferences.heygenPlanMaxVideoSeconds;
  return (
    <section className="settings-section" data-testid="settings-plans">
      <h2>Provider plans</h2>
      <div className="settings-grid">
        <label htmlFor="pref-heygen-plan">HeyGen plan</label>
        <select
          id="pref-heygen-plan"
          value={seconds}
          onChange={(e) => void update({ heygenPlanMaxVideoSeconds: Number(e.target.value) })}
          data-testid="pref-heygen-plan"
        >
          {HEYGEN_PLANS.map(([s, label]) => (
            <option key={s} value={s}>
              {label}
            </option>
          ))}
          {!HEYGEN_PLANS.some(([s]) => s === seconds) && <option value={seconds}>Videos up to {seconds} s</option>}
        </select>
      </div>
      <p className="muted">
        A render reserves budget for the longest video your plan can make; the real length settles it when done.
      </p>
    </section>
  );
}
