// The Demo switch: in the sidebar on every screen, and as a banner while the demo profile is shown.
import { useProfile } from '../state/profile';

export function ProfileSwitch() {
  const { state, switching, switchTo } = useProfile();
  if (!state?.switchable) return null;
  const demo = state.active === 'demo';
  return (
    <div className={`profile-switch ${demo ? 'on' : ''}`} data-testid="profile-switch" data-profile={state.active}>
      <span className="profile-name">{demo ? 'Demo profile' : 'Your profile'}</span>
      <button
        type="button"
        onClick={() => void switchTo(demo ? 'real' : 'demo')}
        disabled={switching !== null}
        data-testid="profile-switch-button"
        title={demo ? 'Back to your own history and keys' : 'Explore with fake history, in its own data folder'}
      >
        {switching ? 'Switching…' : demo ? 'Leave demo' : 'Try demo'}
      </button>
    </div>
  );
}

export function DemoBanner() {
  const { state, switching, switchTo, error } = useProfile();
  if (state?.active !== 'demo') return null;
  return (
    <div className="demo-banner" role="status" data-testid="demo-banner">
      <p>
        <strong>Demo profile.</strong> Fake history in its own data folder; providers without a key of yours answer from
        built-in fakes. Keys you add are saved to <em>your</em> profile and make real, billed calls, also here. Nothing
        in here reaches your real history or budgets.
      </p>
      <button
        type="button"
        onClick={() => void switchTo('real')}
        disabled={switching !== null}
        data-testid="demo-banner-leave"
      >
        {switching ? 'Switching…' : 'Leave demo'}
      </button>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}
