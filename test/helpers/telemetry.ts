// The real app on a temporary data folder with a loopback OTLP receiver, for telemetry tests and the benchmark.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type AppServices } from '../../main/app';
import { silentLogger } from '../../main/core/logger';
import type { AttemptRecord } from '../../main/gateway/deps';
import type { HealthChecker } from '../../main/integrations/health';
import { InMemorySecretStore } from '../../main/vault/memory-store';
import { OtlpReceiver } from './otlp-receiver';

export interface TelemetryHarness {
  app: AppServices;
  receiver: OtlpReceiver;
  dataDir: string;
  secrets: InMemorySecretStore;
  /** Closes the app and opens a new one on the same data folder and keychain (a restart). */
  restart(): Promise<void>;
  dispose(): Promise<void>;
}

interface HarnessOptions {
  /** Bounds one export request including the exporter's own retries (short: outages fail fast). */
  timeoutMillis?: number;
  /** Lets tests add provider keys without reaching the provider. */
  healthChecker?: HealthChecker;
}

function open(dataDir: string, secrets: InMemorySecretStore, o: HarnessOptions): AppServices {
  return createApp({
    dataDir,
    mode: 'web',
    logger: silentLogger,
    isTrustedSender: () => true,
    secretStore: secrets,
    healthCheckIntervalMs: 0,
    // The loop's own timer stays out of the way: tests drive passes with sendNow().
    telemetry: { intervalMs: 3_600_000, timeoutMillis: o.timeoutMillis ?? 1_000, backoffBaseMs: 60_000 },
    ...(o.healthChecker ? { healthChecker: o.healthChecker } : {}),
  });
}

export async function telemetryHarness(o: HarnessOptions = {}): Promise<TelemetryHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'aicon-telemetry-'));
  const secrets = new InMemorySecretStore();
  const receiver = new OtlpReceiver();
  await receiver.start();
  const h: TelemetryHarness = {
    app: open(dataDir, secrets, o),
    receiver,
    dataDir,
    secrets,
    async restart() {
      await h.app.close();
      h.app = open(dataDir, secrets, o);
    },
    async dispose() {
      await h.app.close();
      await receiver.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return h;
}

let seq = 0;

/** A ledger attempt as the gateway writes it; override what the case is about. */
export function attemptRecord(overrides: Partial<AttemptRecord> = {}): AttemptRecord {
  seq++;
  return {
    callId: `call-${seq}`,
    attempt: 1,
    ts: Date.now() + seq,
    provider: 'openai',
    operation: 'content_analysis',
    endpoint: 'chat.completions',
    method: 'POST',
    model: 'gpt-4o-mini',
    status: 200,
    latencyMs: 850,
    requestBytes: 1200,
    responseBytes: 900,
    errorCode: null,
    units: { input_tokens: 100, output_tokens: 20 },
    costNanos: 27_000,
    costSource: 'computed',
    priceVersion: 'genai-prices@0.1.8',
    providerRequestId: null,
    integrationId: null,
    jobId: null,
    contentId: null,
    meta: null,
    ...overrides,
  };
}
