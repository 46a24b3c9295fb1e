// Where keys are kept, what was tried at start-up, and how to get the OS keychain working.
import { useEffect, useState } from 'react';
import type { KeychainState } from '../../../../preload/contract/settings';
import { api } from '../../api';

const NAMES = { keychain: 'OS keychain', safe_storage: 'Electron safeStorage', memory: 'Memory only' } as const;

export function KeychainSection() {
  const [k, setK] = useState<KeychainState | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.settings
      .keychain({})
      .then(setK)
      .catch((e) => setError(e instanceof Error ? e.message : String(e)));
  }, []);
  return (
    <section className="settings-section" data-testid="settings-keychain">
      <h2>Keychain</h2>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      {k && (
        <>
          <p data-testid="keychain-backend" data-backend={k.backend}>
            Keys are kept in <strong>{k.label}</strong>
            {k.persistent ? ', and survive a restart.' : ': they are lost when the app stops.'}
          </p>
          {k.warning && <p className="warn-note">{k.warning}</p>}
          {k.attempts.length > 0 && (
            <ul className="plain-list">
              {k.attempts.map((a) => (
                <li key={a.backend}>
                  {a.ok ? '✓' : '✕'} {NAMES[a.backend]}
                  {a.reason ? <span className="muted"> — {a.reason}</span> : null}
                </li>
              ))}
            </ul>
          )}
          {k.fix && (
            <div className="notice" data-testid="keychain-fix">
              <strong>To use the OS keychain{k.platform === 'linux' ? ' on Linux' : ''}:</strong>
              <ol>
                {k.fix.map((step) => (
                  <li key={step}>{step}</li>
                ))}
              </ol>
            </div>
          )}
        </>
      )}
    </section>
  );
}
