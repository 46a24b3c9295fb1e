// Settings for the local gateway: on/off, its loopback port (fixed default, a taken port is reported here) and
// the browser origins allowed to call it (none by default: a web page cannot spend through the gateway).
import { useEffect, useState } from 'react';
import { useLocalGateway } from '../state/localGateway';

export function GatewaySettings() {
  const { status, error, load, configure } = useLocalGateway();
  const [port, setPort] = useState('');
  const [origins, setOrigins] = useState('');
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (!status) return;
    setPort(String(status.port));
    setOrigins(status.allowedOrigins.join('\n'));
  }, [status]);
  if (!status) return null;
  const portNumber = Number(port);
  const portValid = Number.isInteger(portNumber) && portNumber >= 1024 && portNumber <= 65535;
  return (
    <section data-testid="gateway-settings">
      <h2>Local gateway</h2>
      <dl className="facts">
        <dt>Gateway</dt>
        <dd>
          <label>
            <input
              type="checkbox"
              data-testid="gateway-enabled"
              checked={status.enabled}
              onChange={(e) => void configure({ enabled: e.target.checked })}
            />{' '}
            Listen on 127.0.0.1 for other tools ({status.running ? `running at ${status.url}` : 'not running'})
          </label>
          {status.error && (
            <div className="error" role="alert" data-testid="gateway-settings-error">
              {status.error}
            </div>
          )}
          {error && (
            <div className="error" role="alert">
              {error}
            </div>
          )}
        </dd>
        <dt>Port</dt>
        <dd>
          <input
            aria-label="Gateway port"
            data-testid="gateway-port"
            type="number"
            min="1024"
            max="65535"
            value={port}
            onChange={(e) => setPort(e.target.value)}
          />{' '}
          <button
            type="button"
            disabled={!portValid || portNumber === status.port}
            onClick={() => void configure({ port: portNumber })}
          >
            Apply
          </button>{' '}
          <span className="muted">default 7788</span>
        </dd>
        <dt>Allowed origins</dt>
        <dd>
          <textarea
            aria-label="Allowed browser origins"
            rows={2}
            cols={40}
            placeholder="none: requests from web pages are refused"
            value={origins}
            onChange={(e) => setOrigins(e.target.value)}
          />{' '}
          <button
            type="button"
            onClick={() =>
              void configure({
                allowedOrigins: origins
                  .split(/\s+/)
                  .map((o) => o.trim())
                  .filter(Boolean),
              })
            }
          >
            Save
          </button>
          <div className="muted">One origin per line (scheme://host:port). Tools outside a browser need none.</div>
        </dd>
      </dl>
    </section>
  );
}
