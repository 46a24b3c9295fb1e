// Which price data the app prices calls with.
import { useNavigation } from '../../state/navigation';
import { usePreferences } from '../../state/preferences';

export function PriceDataSection() {
  const { info } = usePreferences();
  if (!info) return null;
  return (
    <section className="settings-section" data-testid="settings-prices">
      <h2>Price data</h2>
      <ul className="plain-list" data-testid="price-data-versions">
        {info.priceData.map((v) => (
          <li key={v}>
            <code>{v}</code>
          </li>
        ))}
      </ul>
      <p className="muted">
        Bundled with this version of the app (no network fetch). {info.priceOverrides} price override
        {info.priceOverrides === 1 ? '' : 's'} of yours apply on top.{' '}
        <button type="button" className="link" onClick={() => useNavigation.getState().go('prices')}>
          Open Prices
        </button>
      </p>
    </section>
  );
}
