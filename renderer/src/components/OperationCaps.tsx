// Budgets → Per-operation caps: the most one call of an operation may cost, reserved against a hard budget
// when the call's cost cannot be bounded from its inputs (the budget refusal for such a call names this section).
import { useCallback, useEffect, useState } from 'react';
import type { z } from 'zod';
import type { operationCapSchema } from '../../../preload/contract/budgets';
import { api } from '../api';
import { PROVIDER_COLORS } from './charts/series';
import { formatNanos } from './format';

type OperationCap = z.infer<typeof operationCapSchema>;
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function OperationCaps() {
  const [caps, setCaps] = useState<OperationCap[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [provider, setProvider] = useState(Object.keys(PROVIDER_COLORS)[0] ?? '');
  const [endpoint, setEndpoint] = useState('');
  const [usd, setUsd] = useState('1');
  const load = useCallback(() => {
    api.budgets['caps.list']({}).then(setCaps, (e: unknown) => setError(message(e)));
  }, []);
  useEffect(load, [load]);
  const save = async (p: string, ep: string, capNanos: number | null) => {
    try {
      setCaps(await api.budgets['caps.set']({ provider: p, endpoint: ep, capNanos }));
      setError(null);
      return true;
    } catch (e) {
      setError(message(e));
      return false;
    }
  };
  const nanos = Math.round(Number(usd) * 1e9);
  const valid = provider !== '' && endpoint.trim() !== '' && Number.isFinite(nanos) && nanos > 0;
  return (
    <section className="panel" data-testid="operation-caps">
      <h2>Per-operation caps</h2>
      <p className="muted">
        Some calls cannot be priced before they are sent. Under a hard budget they are refused unless a cap here says
        the most one call may cost; that amount is held against the budget while the call runs.
      </p>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      {caps.length === 0 ? (
        <div className="muted">No caps set.</div>
      ) : (
        <table className="breakdown">
          <thead>
            <tr>
              <th>Provider</th>
              <th>Endpoint / operation</th>
              <th className="num">Max per call</th>
              <th>Updated</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {caps.map((c) => (
              <tr key={`${c.provider}/${c.endpoint}`} data-testid="operation-cap-row">
                <td>{c.provider}</td>
                <td>{c.endpoint}</td>
                <td className="num">{formatNanos(c.capNanos)}</td>
                <td className="muted">{new Date(c.updatedAt).toLocaleString()}</td>
                <td>
                  <button type="button" onClick={() => void save(c.provider, c.endpoint, null)}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        className="usage-form toolbar cap-form"
        data-testid="operation-cap-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) void save(provider, endpoint.trim(), nanos).then((ok) => ok && setEndpoint(''));
        }}
      >
        <select aria-label="Cap provider" value={provider} onChange={(e) => setProvider(e.target.value)}>
          {Object.keys(PROVIDER_COLORS).map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
        <input
          aria-label="Cap endpoint"
          data-testid="operation-cap-endpoint"
          placeholder="endpoint, e.g. messages.create"
          maxLength={200}
          value={endpoint}
          onChange={(e) => setEndpoint(e.target.value)}
        />
        <label>
          Max USD per call{' '}
          <input
            aria-label="Max USD per call"
            data-testid="operation-cap-usd"
            type="number"
            min="0.000001"
            step="any"
            value={usd}
            onChange={(e) => setUsd(e.target.value)}
          />
        </label>
        <button type="submit" disabled={!valid} data-testid="operation-cap-submit">
          Set cap
        </button>
      </form>
    </section>
  );
}
