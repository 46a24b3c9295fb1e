// Cost and calls per provider as OTLP metrics: cumulative observable counters read from the ledger's hourly
// rollups at collection time, so they need no outbox (the next successful export carries the full total).
import { MeterProvider, MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { Resource } from '@opentelemetry/resources';
import type { ProviderTotal } from '../ledger/follow';

/** Collects on demand (the export loop decides when), instead of on the SDK's own timer. */
class OnDemandReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

export interface LedgerMetrics {
  collect(): Promise<ResourceMetrics>;
  shutdown(): Promise<void>;
}

/** `totals()` returns per-provider sums since the export began (the counters' start). */
export function createLedgerMetrics(
  resource: Resource,
  scopeVersion: string,
  totals: () => ProviderTotal[],
): LedgerMetrics {
  const reader = new OnDemandReader();
  const provider = new MeterProvider({ resource, readers: [reader] });
  const meter = provider.getMeter('aicon-studio.ledger', scopeVersion);
  const cost = meter.createObservableCounter('aicon.cost', {
    unit: 'USD',
    description: 'Priced cost of provider calls (unpriced calls excluded), by provider',
  });
  const calls = meter.createObservableCounter('aicon.calls', {
    unit: '{call}',
    description: 'Provider calls (first attempts), by provider',
  });
  const attempts = meter.createObservableCounter('aicon.attempts', {
    unit: '{attempt}',
    description: 'Provider call attempts including retries, by provider',
  });
  const errors = meter.createObservableCounter('aicon.errors', {
    unit: '{attempt}',
    description: 'Failed attempts, by provider',
  });
  meter.addBatchObservableCallback(
    (result) => {
      for (const t of totals()) {
        const attrs = { 'gen_ai.provider.name': t.provider };
        result.observe(cost, t.costNanos / 1e9, attrs);
        result.observe(calls, t.calls, attrs);
        result.observe(attempts, t.attempts, attrs);
        result.observe(errors, t.errors, attrs);
      }
    },
    [cost, calls, attempts, errors],
  );
  return {
    async collect() {
      const { resourceMetrics } = await reader.collect();
      return resourceMetrics;
    },
    shutdown: () => provider.shutdown(),
  };
}
