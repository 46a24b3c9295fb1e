// Demo switch: which profile is shown, where each keeps its data.
import { useProfile } from '../../state/profile';

export function ProfileSection() {
  const { state, switching, switchTo, error } = useProfile();
  if (!state) return null;
  const demo = state.active === 'demo';
  return (
    <section className="settings-section" data-testid="settings-profile">
      <h2>Profile</h2>
      <p>
        Showing <strong>{demo ? 'the demo profile' : 'your profile'}</strong>.{' '}
        {demo
          ? 'Its history is fake and lives in its own folder; keys you add still go to your profile.'
          : 'The demo profile has fake history in its own folder and never touches yours.'}
      </p>
      <dl className="facts">
        <dt>Your data</dt>
        <dd>
          <code>{state.realDataDir}</code>
        </dd>
        <dt>Demo data</dt>
        <dd>
          <code>{state.demoDataDir}</code>
        </dd>
      </dl>
      <div className="toolbar">
        <button
          type="button"
          onClick={() => void switchTo(demo ? 'real' : 'demo')}
          disabled={!state.switchable || switching !== null}
          data-testid="settings-demo-switch"
        >
          {switching ? 'Switching…' : demo ? 'Leave demo' : 'Enter demo'}
        </button>
        {!state.switchable && <span className="muted">This app was started for one profile only.</span>}
      </div>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
    </section>
  );
}
