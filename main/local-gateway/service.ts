// The local gateway as the app runs it: settings (on/off, port, allowed origins), the listener's lifecycle,
// virtual keys with their spend, and a live feed of the last calls.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../core/logger';
import type { BudgetGuard, LedgerSink, Limiter, Pricer } from '../gateway/deps';
import { createGatewayAgent } from '../gateway/transport';
import type { ProviderDescriptor, ProviderId } from '../gateway/types';
import { ClientSpendQueries } from '../ledger/client-spend';
import type { ProfileStore } from '../ledger/profiles';
import { localDayPeriod, localMonthPeriod } from '../ledger/timezones';
import type { Db } from '../db/database';
import { FFMPEG_PATH_SETTING, locateMediaTools } from '../recordings/ffmpeg';
import type { SettingsStore } from '../system/settings';
import { createBodyCapture } from './capture';
import { KeyLimits } from './key-limits';
import { VirtualKeyStore, type MintInput, type VirtualKey } from './keys';
import { createProxy, type GatewayCallEvent, type UpstreamRoute } from './proxy';
import { LOOPBACK_HOST, startListener, type Listener } from './server';

/** The fixed default port (shown in the UI and the README snippet). */
export const DEFAULT_GATEWAY_PORT = 7788;
export const GATEWAY_SETTINGS = {
  enabled: 'localGateway.enabled',
  port: 'localGateway.port',
  allowedOrigins: 'localGateway.allowedOrigins',
} as const;
const FEED_SIZE = 100;
const SPOOL_DIR = 'gateway-spool';

export interface GatewaySettings {
  enabled: boolean;
  port: number;
  allowedOrigins: string[];
}

export interface GatewayStatus extends GatewaySettings {
  running: boolean;
  url: string | null;
  error: string | null;
}

export interface KeyWithSpend extends VirtualKey {
  spentDayNanos: number;
  spentMonthNanos: number;
  callsMonth: number;
  unpricedMonth: number;
}

export interface LocalGatewayDeps {
  db: Db;
  dataDir: string;
  settings: SettingsStore;
  profiles: ProfileStore;
  descriptors: Record<ProviderId, ProviderDescriptor>;
  route(provider: ProviderId): Promise<UpstreamRoute>;
  ledger: LedgerSink;
  pricer: Pricer;
  budgets: BudgetGuard;
  limiter: Limiter;
  timeZone: () => string;
  clock: () => number;
  logger: Logger;
  onCall?: (e: GatewayCallEvent) => void;
  /** Overrides the port setting (tests and `--gateway-port`); 0 = any free port. */
  port?: number;
}

export class LocalGateway {
  readonly keys: VirtualKeyStore;
  private readonly spend: ClientSpendQueries;
  private readonly agent = createGatewayAgent();
  private readonly handle;
  private listener: Listener | null = null;
  private lastError: string | null = null;
  private readonly feedRing: GatewayCallEvent[] = [];
  private transition: Promise<void> = Promise.resolve();

  constructor(private readonly d: LocalGatewayDeps) {
    this.keys = new VirtualKeyStore(d.db, d.clock);
    this.spend = new ClientSpendQueries(d.db, d.profiles);
    // Uploads left spooled by a crash are never sent: gone before the first call.
    rmSync(join(d.dataDir, SPOOL_DIR), { recursive: true, force: true });
    this.handle = createProxy({
      descriptors: d.descriptors,
      route: d.route,
      keys: this.keys,
      keyLimits: new KeyLimits(this.spend, d.timeZone, d.clock),
      ledger: d.ledger,
      pricer: d.pricer,
      budgets: d.budgets,
      limiter: d.limiter,
      dispatcher: this.agent.dispatcher,
      clock: d.clock,
      capture: createBodyCapture(join(d.dataDir, 'gateway-capture')),
      spoolDir: join(d.dataDir, SPOOL_DIR),
      ffmpeg: () => {
        try {
          return locateMediaTools(d.settings.get<string | null>(FFMPEG_PATH_SETTING, null)).ffmpeg;
        } catch {
          return null;
        }
      },
      onCall: (e) => {
        this.feedRing.push(e);
        if (this.feedRing.length > FEED_SIZE) this.feedRing.shift();
        d.onCall?.(e);
      },
      onError: (m) => d.logger.warn(m),
    });
  }

  settings(): GatewaySettings {
    const s = this.d.settings;
    return {
      enabled: s.get(GATEWAY_SETTINGS.enabled, true),
      port: this.d.port ?? s.get(GATEWAY_SETTINGS.port, DEFAULT_GATEWAY_PORT),
      allowedOrigins: s.get<string[]>(GATEWAY_SETTINGS.allowedOrigins, []),
    };
  }

  status(): GatewayStatus {
    const port = this.listener?.port ?? this.settings().port;
    return {
      ...this.settings(),
      port,
      running: this.listener !== null,
      url: this.listener ? `http://${LOOPBACK_HOST}:${this.listener.port}` : null,
      error: this.lastError,
    };
  }

  /** Starts (or stops) the listener to match the settings. A taken port is reported in status, never thrown. */
  apply(): Promise<GatewayStatus> {
    this.transition = this.transition.then(async () => {
      const want = this.settings();
      const stale = this.listener && (!want.enabled || (want.port !== 0 && this.listener.port !== want.port));
      if (stale) {
        await this.listener?.close();
        this.listener = null;
      }
      if (!want.enabled) this.lastError = null;
      if (!want.enabled || this.listener) return;
      try {
        this.listener = await startListener({
          port: want.port,
          allowedOrigins: () => this.settings().allowedOrigins,
          handle: this.handle,
          onError: (m) => this.d.logger.warn(m),
        });
        this.lastError = null;
        this.d.logger.info(`local gateway listening on http://${LOOPBACK_HOST}:${this.listener.port}`);
      } catch (e) {
        this.lastError = e instanceof Error ? e.message : String(e);
        this.d.logger.warn(`local gateway: ${this.lastError}`);
      }
    });
    return this.transition.then(() => this.status());
  }

  update(patch: Partial<GatewaySettings>): Promise<GatewayStatus> {
    const s = this.d.settings;
    if (patch.enabled !== undefined) s.set(GATEWAY_SETTINGS.enabled, patch.enabled);
    if (patch.port !== undefined) s.set(GATEWAY_SETTINGS.port, patch.port);
    if (patch.allowedOrigins !== undefined) s.set(GATEWAY_SETTINGS.allowedOrigins, patch.allowedOrigins);
    return this.apply();
  }

  keysWithSpend(): KeyWithSpend[] {
    const now = this.d.clock();
    const tz = this.d.timeZone();
    const day = localDayPeriod(tz, now).start;
    const month = localMonthPeriod(tz, now).start;
    return this.keys.list().map((k) => {
      const m = this.spend.since(k.name, month);
      return {
        ...k,
        spentDayNanos: this.spend.since(k.name, day).costNanos,
        spentMonthNanos: m.costNanos,
        callsMonth: m.calls,
        unpricedMonth: m.unpriced,
      };
    });
  }

  mint(input: MintInput) {
    return this.keys.mint(input);
  }

  feed(): GatewayCallEvent[] {
    return [...this.feedRing].reverse();
  }

  async close(): Promise<void> {
    await this.transition;
    await this.listener?.close();
    this.listener = null;
    await this.agent.close();
  }
}
