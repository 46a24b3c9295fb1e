// On Integrations in the demo profile: where added keys go, and which calls are real.
import { useProfile } from '../state/profile';

export function DemoKeysNote() {
  const active = useProfile((s) => s.state?.active);
  if (active !== 'demo') return null;
  return (
    <div className="notice" role="note" data-testid="demo-keys-note">
      You are in the demo profile. Keys you add here are saved to <strong>your profile's</strong> vault and stay after
      you leave the demo. A provider with a key of yours makes real, billed calls (recorded in your own history), also
      from the demo; the others answer from built-in fakes.
    </div>
  );
}
