// Settings: one component per section (renderer/src/pages/settings/). To add a section (e.g. GatewaySettings,
// TelemetrySettings), import it and add one line to SECTIONS — nothing else here needs to change.
import { GatewaySettings } from '../components/GatewaySettings';
import { TelemetrySettings } from '../components/TelemetrySettings';
import { useStatus } from '../state/status';
import { AboutSection } from './settings/AboutSection';
import { AppearanceSection } from './settings/AppearanceSection';
import { DataSection } from './settings/DataSection';
import { HealthChecksSection } from './settings/HealthChecksSection';
import { KeychainSection } from './settings/KeychainSection';
import { NotificationsSection } from './settings/NotificationsSection';
import { PriceDataSection } from './settings/PriceDataSection';
import { ProviderPlansSection } from './settings/ProviderPlansSection';
import { ProfileSection } from './settings/ProfileSection';
import { RecordingsSection } from './settings/RecordingsSection';
import './settings/settings.css';

const SECTIONS: Array<{ id: string; Component: () => React.JSX.Element | null }> = [
  { id: 'profile', Component: ProfileSection },
  { id: 'appearance', Component: AppearanceSection },
  { id: 'notifications', Component: NotificationsSection },
  { id: 'health', Component: HealthChecksSection },
  { id: 'plans', Component: ProviderPlansSection },
  { id: 'recordings', Component: RecordingsSection },
  { id: 'gateway', Component: GatewaySettings },
  { id: 'telemetry', Component: TelemetrySettings },
  { id: 'data', Component: DataSection },
  { id: 'keychain', Component: KeychainSection },
  { id: 'prices', Component: PriceDataSection },
  { id: 'about', Component: AboutSection },
];

export function SettingsPage() {
  const { loading, load } = useStatus();
  return (
    <section className="page settings-page">
      <header className="page-head">
        <h1>Settings</h1>
        <button type="button" onClick={() => void load()} disabled={loading}>
          {loading ? 'Refreshing…' : 'Refresh'}
        </button>
      </header>
      {SECTIONS.map(({ id, Component }) => (
        <Component key={id} />
      ))}
    </section>
  );
}
