// The model a step runs on, chosen with a live price comparison for the current input: each option shows its
// upper-bound estimate and whether it is the cheapest, the fastest or the default; retiring models show their
// date, shut-down ones stay visible but cannot be picked (main refuses them too).
import { useEffect, useState } from 'react';
import type { ModelOption, WorkflowRequest } from '../../../preload/contract/workflows';
import { api } from '../api';
import { formatUpperBound } from './format';

function optionLabel(o: ModelOption): string {
  const tags = [o.cheapest && 'cheapest', o.fastest && 'fastest', o.isDefault && 'default'].filter(Boolean);
  const price = o.shutDown
    ? 'shut down'
    : o.estimatedCostNanos === null
      ? 'cost unknown'
      : `≤ ${formatUpperBound(o.estimatedCostNanos)}`;
  const date = o.shutDown ? ` since ${o.shutdownAt}` : o.retiresAt ? ` · retires ${o.retiresAt}` : '';
  return `${o.label} (${o.provider}) · ${price}${date}${tags.length ? ` · ${tags.join(', ')}` : ''}`;
}

export function ModelPicker({
  stepKey,
  input,
  value,
  onChange,
}: {
  stepKey: string;
  /** The step's input without a model: every option is priced on it. */
  input: WorkflowRequest;
  value: string | null;
  onChange: (model: string | null) => void;
}) {
  const [options, setOptions] = useState<ModelOption[]>([]);
  const [datesNote, setDatesNote] = useState<string | undefined>(undefined);
  const inputKey = JSON.stringify(input);
  useEffect(() => {
    let live = true;
    api.workflows
      .models(JSON.parse(inputKey) as WorkflowRequest)
      .then((r) => {
        if (!live) return;
        setOptions(r.options);
        // Where OpenAI's shutdown dates come from, and how fresh they are (on hover).
        const d = r.dates;
        setDatesNote(
          d?.checkedAt
            ? `OpenAI shutdown dates from its models list, read ${new Date(d.checkedAt).toLocaleString()}${d.error ? ` (last refresh failed: ${d.error})` : ''}`
            : d?.error
              ? `OpenAI's models list could not be read: ${d.error}`
              : undefined,
        );
      })
      .catch(() => {
        if (live) setOptions([]);
      });
    return () => {
      live = false;
    };
  }, [inputKey]);
  if (options.length === 0) return null;
  const chosen = value ?? options.find((o) => o.isDefault)?.model ?? '';
  return (
    <label className="model-picker muted" style={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
      Model
      <select
        value={chosen}
        onChange={(e) => onChange(e.target.value)}
        data-testid={`step-${stepKey}-model`}
        title={options.some((o) => o.provider === 'openai') ? datesNote : undefined}
        style={{ maxWidth: '100%' }}
      >
        {options.map((o) => (
          <option key={o.model} value={o.model} disabled={o.shutDown}>
            {optionLabel(o)}
          </option>
        ))}
      </select>
    </label>
  );
}
