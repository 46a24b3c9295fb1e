// The export loop: on a timer (never on a call's path) it queues new ledger rows and finished jobs as spans, sends
// the outbox in batches through the official OTLP exporters, backs off exponentially while the backend is
// unreachable, and keeps its status (last success, backlog, last error) in SQLite for the Settings page.
import type { TelemetryStatus, TelemetryView } from '../../preload/contract/telemetry';
import { AppError } from '../core/errors';
import type { Logger } from '../core/logger';
import { redactSecrets } from '../core/redact';
import type { Db } from '../db/database';
import { LedgerFollower } from '../ledger/follow';
import type { SettingsStore } from '../system/settings';
import type { SecretStore } from '../vault/types';
import { CONFIG_SETTING, installId, readConfig, readHeaders, validateEndpoint, writeHeaders } from './config';
import type { Exporters } from './exporters';
import { Feeder, type JobSource } from './feeder';
import type { LedgerMetrics } from './metrics';
import { Outbox } from './outbox';
import { resourceFor, scopeFor, toReadableSpan, type Origin } from './readable';
import { scrubSecrets } from './spans';

export interface TelemetryOptions {
  db: Db;
  settings: SettingsStore;
  secrets: SecretStore | Promise<SecretStore>;
  jobs: JobSource;
  logger: Logger;
  appVersion: string;
  clock?: () => number;
  /** How often the loop looks for new rows and retries (default 5 s). */
  intervalMs?: number;
  /** Spans per OTLP request (default 50): the SDK serializes a batch in one synchronous step, so this bounds the stall. */
  batchSize?: number;
  /** Ledger rows read per chunk before yielding (default 50). */
  feedChunk?: number;
  /** Per-request timeout including the exporter's own retries (default 10 s). */
  timeoutMillis?: number;
  /** First and longest wait after a failed export (default 5 s, 10 min). */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** How often cost and call counters go out (default 60 s). */
  metricsIntervalMs?: number;
  /** Jitter source for the backoff (tests pin it). */
  random?: () => number;
  /** The keys in the vault: scrubbed by value from every exported string (shape patterns are the second net). */
  knownSecrets?: () => Promise<string[]>;
}

export type ConfigurePatch = {
  enabled?: boolean | undefined;
  endpoint?: string | undefined;
  protocol?: 'http/protobuf' | 'http/json' | undefined;
  deviceName?: string | undefined;
  includeContent?: boolean | undefined;
  headers?: Array<{ name: string; value: string }> | undefined;
};

const HOUR_MS = 3_600_000;
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export class TelemetryService {
  private readonly outbox: Outbox;
  private readonly follower: LedgerFollower;
  private readonly feeder: Feeder;
  private readonly clock: () => number;
  private readonly installId: string;
  private exporters: Exporters | null = null;
  private metrics: LedgerMetrics | null = null;
  private headerValues: string[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private sending = false;
  private nextAttemptAt = 0;
  private lastMetricsAt = 0;
  private closed = false;
  /** Settles once start() has loaded the headers and built the exporters. */
  private ready: Promise<void> = Promise.resolve();

  constructor(private readonly o: TelemetryOptions) {
    this.clock = o.clock ?? Date.now;
    this.outbox = new Outbox(o.db);
    this.follower = new LedgerFollower(o.db);
    this.feeder = new Feeder({
      outbox: this.outbox,
      follower: this.follower,
      jobs: o.jobs,
      clock: this.clock,
      chunk: o.feedChunk ?? 50,
    });
    this.installId = installId(o.settings);
  }

  /** Loads the headers and starts the timer. */
  async start(): Promise<void> {
    this.ready = this.rebuild();
    await this.ready;
    this.schedule();
  }

  async view(): Promise<TelemetryView> {
    const store = await this.o.secrets;
    const info = store.info();
    return {
      config: readConfig(this.o.settings),
      status: this.status(),
      secretStore: { label: info.label, warning: info.warning },
    };
  }

  status(): TelemetryStatus {
    const config = readConfig(this.o.settings);
    const failures = this.outbox.state('failures', 0);
    const backlog = this.outbox.backlog();
    const state = !config.enabled
      ? 'off'
      : this.sending
        ? 'sending'
        : failures > 0 && backlog > 0
          ? 'retrying'
          : 'idle';
    return {
      state,
      backlog,
      oldestQueuedAt: iso(this.outbox.oldestQueuedAt()),
      lastSuccessAt: iso(this.outbox.state<number | null>('lastSuccessAt', null)),
      lastErrorAt: iso(this.outbox.state<number | null>('lastErrorAt', null)),
      lastError: this.outbox.state<string | null>('lastError', null),
      nextAttemptAt: state === 'retrying' && this.nextAttemptAt > 0 ? iso(this.nextAttemptAt) : null,
      exportedSpans: this.outbox.state('exported', 0),
      droppedSpans: this.outbox.state('dropped', 0),
      metricsError: this.outbox.state<string | null>('metricsError', null),
    };
  }

  async configure(patch: ConfigurePatch): Promise<TelemetryView> {
    const current = readConfig(this.o.settings);
    const next = { ...current };
    if (patch.endpoint !== undefined)
      next.endpoint = patch.endpoint.trim() === '' ? '' : validateEndpoint(patch.endpoint);
    if (patch.protocol !== undefined) next.protocol = patch.protocol;
    if (patch.deviceName !== undefined) next.deviceName = patch.deviceName.trim() || current.deviceName;
    if (patch.includeContent !== undefined) next.includeContent = patch.includeContent;
    if (patch.enabled !== undefined) next.enabled = patch.enabled;
    if (next.enabled && !next.endpoint)
      throw new AppError('invalid_input', 'Set an OTLP endpoint before turning export on');
    if (patch.headers !== undefined) {
      const headers: Record<string, string> = {};
      for (const h of patch.headers) headers[h.name] = h.value;
      await writeHeaders(await this.o.secrets, headers);
      next.headerNames = Object.keys(headers);
    }
    this.o.settings.set(CONFIG_SETTING, next);
    if (next.enabled && !current.enabled) this.feeder.startFromNow();
    if (next.enabled && !current.enabled)
      this.outbox.setState({ metricsSinceHour: Math.floor(this.clock() / HOUR_MS) });
    if (!next.enabled && current.enabled) this.feeder.stop();
    this.nextAttemptAt = 0;
    await this.rebuild();
    return this.view();
  }

  /** Queues what is new and sends the whole backlog now (retry button, tests); resolves when that pass ends. */
  async sendNow(): Promise<TelemetryView> {
    // A timer pass in progress may be holding off (backoff): let it end, then run one that does not wait.
    await this.running;
    this.nextAttemptAt = 0;
    await this.pass(true);
    return this.view();
  }

  async discardBacklog(): Promise<TelemetryView> {
    await this.running;
    this.outbox.clear();
    this.outbox.setState({ failures: 0 });
    return this.view();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    await Promise.allSettled([this.exporters?.shutdown(), this.metrics?.shutdown()]);
  }

  private schedule(): void {
    if (this.closed) return;
    this.timer = setTimeout(() => {
      void this.pass(false).finally(() => this.schedule());
    }, this.o.intervalMs ?? 5_000);
    this.timer.unref();
  }

  /** One pass of feed + send; concurrent callers share the pass in progress. */
  private pass(force: boolean): Promise<void> {
    if (this.running) return this.running;
    this.running = this.runPass(force)
      .catch((e: unknown) => this.o.logger.warn(`telemetry: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async runPass(force: boolean): Promise<void> {
    await this.ready;
    const config = readConfig(this.o.settings);
    if (!config.enabled || !this.exporters) return;
    if (!this.feeder.following()) this.feeder.startFromNow();
    await this.feeder.feed();
    if (!force && this.clock() < this.nextAttemptAt) return;
    // Metrics wait while spans cannot get through (same backend): no second round of retries per pass.
    if (!(await this.sendBacklog(this.exporters, config.includeContent))) return;
    if (force || this.clock() - this.lastMetricsAt >= (this.o.metricsIntervalMs ?? 60_000)) await this.sendMetrics();
  }

  /**
   * Sends batches until the outbox is empty or one fails; true when everything went out. Spans are built from the
   * rows as they stand when sent, with the content setting in force then.
   */
  private async sendBacklog(exporters: Exporters, includeContent: boolean): Promise<boolean> {
    const origin = this.origin();
    const resource = resourceFor(origin);
    const scope = scopeFor(origin);
    this.sending = true;
    try {
      const secrets = (await this.o.knownSecrets?.()) ?? [];
      for (;;) {
        const batch = this.outbox.peek(this.o.batchSize ?? 50);
        const last = batch.at(-1);
        if (!last) return true;
        const spans = scrubSecrets(this.feeder.spansFor(batch, { installId: this.installId, includeContent }), secrets);
        // Building and serializing are both synchronous: let other work in between.
        await yieldToLoop();
        try {
          if (spans.length) await exporters.exportSpans(spans.map((r) => toReadableSpan(r, resource, scope)));
        } catch (e) {
          this.recordFailure(e);
          return false;
        }
        this.outbox.acknowledge(last.id, {
          lastSuccessAt: this.clock(),
          exported: this.outbox.state('exported', 0) + spans.length,
          failures: 0,
        });
      }
    } finally {
      this.sending = false;
    }
  }

  private recordFailure(e: unknown): void {
    const failures = this.outbox.state('failures', 0) + 1;
    const base = this.o.backoffBaseMs ?? 5_000;
    const max = this.o.backoffMaxMs ?? 600_000;
    const delay = Math.min(max, base * 2 ** Math.min(failures - 1, 20)) * (0.5 + (this.o.random ?? Math.random)() / 2);
    this.nextAttemptAt = this.clock() + delay;
    this.outbox.setState({ failures, lastErrorAt: this.clock(), lastError: this.describe(e) });
  }

  private async sendMetrics(): Promise<void> {
    if (!this.exporters || !this.metrics) return;
    this.lastMetricsAt = this.clock();
    try {
      await this.exporters.exportMetrics(await this.metrics.collect());
      this.outbox.setState({ metricsError: undefined });
    } catch (e) {
      this.outbox.setState({ metricsError: this.describe(e) });
    }
  }

  /** An exporter error as shown in Settings: no header value (auth) and nothing key-shaped. */
  private describe(e: unknown): string {
    let message = e instanceof Error ? e.message : String(e);
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'number' && !message.includes(String(code))) message = `HTTP ${code}: ${message}`;
    for (const v of this.headerValues) if (v.length >= 4) message = message.split(v).join('[redacted]');
    return redactSecrets(message).slice(0, 500);
  }

  private origin(): Origin {
    return {
      appVersion: this.o.appVersion,
      installId: this.installId,
      deviceName: readConfig(this.o.settings).deviceName,
    };
  }

  /** New exporters and meter for the current settings (endpoint, protocol, headers, device name). */
  private async rebuild(): Promise<void> {
    await this.running;
    await Promise.allSettled([this.exporters?.shutdown(), this.metrics?.shutdown()]);
    this.exporters = null;
    this.metrics = null;
    const config = readConfig(this.o.settings);
    if (!config.enabled || !config.endpoint) return;
    const headers = await readHeaders(await this.o.secrets);
    this.headerValues = Object.values(headers);
    // The OpenTelemetry SDK loads only when export is on: start-up without it stays lighter.
    const [{ createExporters }, { createLedgerMetrics }] = await Promise.all([
      import('./exporters'),
      import('./metrics'),
    ]);
    this.exporters = createExporters({
      endpoint: config.endpoint,
      protocol: config.protocol,
      headers,
      timeoutMillis: this.o.timeoutMillis ?? 10_000,
    });
    const since = this.outbox.state('metricsSinceHour', Math.floor(this.clock() / HOUR_MS));
    this.metrics = createLedgerMetrics(resourceFor(this.origin()), this.o.appVersion, () =>
      this.follower.providerTotalsSince(since),
    );
  }
}
